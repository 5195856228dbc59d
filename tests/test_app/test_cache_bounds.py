"""Every Streamlit cache in the app is bounded (issue 9, item 8: memory in all caches is bounded).

A `st.cache_data` / `st.cache_resource` function that takes arguments gets one entry per distinct argument set
for the life of the server; keyed by levers, budgets or uploads, that is one projection or table per move, kept
for good. So each such cache must say `max_entries` (or `ttl`); a cache without arguments holds one value.
Model runs go through `ui.state.RUNS`, which is bounded by bytes (tests/test_model/test_run_cache.py).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted([*ROOT.glob("ui/**/*.py"), *ROOT.glob("app_pages/**/*.py"), ROOT / "app.py"])


def _cached_functions(path: Path) -> list[tuple[str, int, set[str], int]]:
    """(function name, line, keyword names given to the cache decorator, number of arguments) per cached
    function of one source file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for decorator in node.decorator_list:
            call = decorator if isinstance(decorator, ast.Call) else None
            target = call.func if call else decorator
            name = ast.unparse(target)
            if name.endswith(("cache_data", "cache_resource")):
                keywords = {k.arg for k in call.keywords if k.arg} if call else set()
                args = node.args
                n_args = len(args.posonlyargs) + len(args.args) + len(args.kwonlyargs)
                n_args += bool(args.vararg) + bool(args.kwarg)
                found.append((node.name, node.lineno, keywords, n_args))
    return found


CACHED = [(path.relative_to(ROOT).as_posix(), *entry) for path in SOURCES for entry in _cached_functions(path)]


def test_the_scan_finds_the_app_caches() -> None:
    names = {name for _, name, *_ in CACHED}
    assert {"_resolved", "_evaluator", "_baseline"} <= names, names


@pytest.mark.parametrize(("path", "name", "line", "keywords", "n_args"), CACHED, ids=[f"{c[0]}:{c[1]}" for c in CACHED])
def test_a_cache_with_arguments_is_bounded(path: str, name: str, line: int, keywords: set[str], n_args: int) -> None:
    if n_args == 0:
        return  # one entry for the server's life (the baseline table, the store, the room's state)
    assert keywords & {"max_entries", "ttl"}, f"{path}:{line} {name} caches one entry per argument set, unbounded"


def test_the_scan_fails_on_an_unbounded_cache(tmp_path: Path) -> None:
    source = tmp_path / "page.py"
    source.write_text(
        "import streamlit as st\n\n@st.cache_data(show_spinner=False)\ndef summary(budget):\n    return budget\n"
    )
    [(name, _, keywords, n_args)] = _cached_functions(source)
    assert name == "summary" and n_args == 1 and not keywords & {"max_entries", "ttl"}
