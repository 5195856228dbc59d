"""Layering rules of the design card: the model is pure Python and never imports Streamlit."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_model_source_never_imports_streamlit():
    offenders = [p.name for p in (ROOT / "model").rglob("*.py") if "streamlit" in imported_modules(p)]
    assert offenders == []


def test_importing_the_model_does_not_load_streamlit():
    code = "import sys, model, model.cli, model.projection; print('streamlit' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


# ---------------------------------------------------------------- one test module per source module

# Where a source module's tests live (README, section Tests):
#   model/<name>.py           -> tests/test_model/test_<name>.py
#   model/analysis/<name>.py  -> tests/test_model/test_analysis_<name>.py
#   model/store/<name>.py     -> tests/test_store/test_<name>.py
#   ui/<name>.py              -> tests/test_app/test_<name>.py
#   app_pages/<name>.py       -> tests/test_app/test_<name>.py   (page names are Bahasa, ui names English)
TEST_HOMES = {
    ("model",): ("test_model", "test_"),
    ("model", "analysis"): ("test_model", "test_analysis_"),
    ("model", "store"): ("test_store", "test_"),
    ("ui",): ("test_app", "test_"),
    ("app_pages",): ("test_app", "test_"),
}
# Modules without a test module of their own, each with the reason. Package __init__ files and the Alembic
# scripts are not listed here: `without_logic` and the migration test below hold them to that.
NO_TEST_MODULE: dict[str, str] = {}


def source_modules() -> list[Path]:
    found = []
    for package in TEST_HOMES:
        folder = ROOT.joinpath(*package)
        found += [p for p in sorted(folder.glob("*.py")) if p.name not in ("__init__.py", "__main__.py")]
    return found


def home_of(source: Path) -> Path:
    package = source.relative_to(ROOT).parent.parts
    folder, prefix = TEST_HOMES[package]
    return ROOT / "tests" / folder / f"{prefix}{source.stem}.py"


def test_every_source_module_has_its_test_module():
    missing = [
        f"{p.relative_to(ROOT)} -> {home_of(p).relative_to(ROOT)}"
        for p in source_modules()
        if not home_of(p).is_file() and str(p.relative_to(ROOT)) not in NO_TEST_MODULE
    ]
    assert missing == []


def names_its_module(test_text: str, source: Path) -> bool:
    """The test module imports its source module, or names its file (a page run by AppTest)."""
    relative = source.relative_to(ROOT)
    dotted = ".".join(relative.with_suffix("").parts)
    package = ".".join(relative.parent.parts)
    imported = re.search(rf"from {re.escape(package)} import [^\n]*\b{source.stem}\b", test_text)
    return dotted in test_text or str(relative) in test_text or imported is not None


def test_every_test_module_uses_its_source_module():
    unrelated = [
        str(home_of(p).relative_to(ROOT))
        for p in source_modules()
        if home_of(p).is_file() and not names_its_module(home_of(p).read_text(encoding="utf-8"), p)
    ]
    assert unrelated == []


def test_the_allowlist_names_only_modules_that_exist_and_still_lack_a_test_module():
    for name in NO_TEST_MODULE:
        assert (ROOT / name).is_file(), name
        assert not home_of(ROOT / name).is_file(), f"{name} has its test module now: drop it from the list"


def test_the_mapping_is_one_to_one():
    homes = [home_of(p) for p in source_modules()]
    assert len(homes) == len(set(homes))


def test_every_source_folder_is_mapped():
    folders = {p.parent.relative_to(ROOT).parts for p in ROOT.glob("model/**/*.py")} | {("ui",), ("app_pages",)}
    unmapped = (
        folders - set(TEST_HOMES) - {("model", "store", "migrations"), ("model", "store", "migrations", "versions")}
    )
    assert unmapped == set()


def without_logic(path: Path) -> bool:
    """A package's __init__ or __main__ that only imports, re-exports or hands over (no function of its own
    beyond a lazy module __getattr__)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    defined = [n for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)]
    return all(isinstance(n, ast.FunctionDef) and n.name in ("__getattr__", "__dir__") for n in defined)


@pytest.mark.parametrize(
    "name",
    [
        "model/__init__.py",
        "model/__main__.py",
        "model/analysis/__init__.py",
        "model/store/__init__.py",
        "ui/__init__.py",
    ],
)
def test_package_entry_files_hold_no_logic_that_would_need_its_own_tests(name):
    assert without_logic(ROOT / name)


def test_every_migration_is_run_by_the_store_tests():
    """The Alembic scripts are run by every store test (open_store upgrades to head), and the newest one's
    revision is the head a new store reaches."""
    from model.store.store import head_revision

    scripts = sorted((ROOT / "model" / "store" / "migrations" / "versions").glob("*.py"))
    newest = scripts[-1].read_text(encoding="utf-8")
    assert f'revision = "{head_revision()}"' in newest
