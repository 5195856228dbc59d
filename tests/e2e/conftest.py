"""Fixtures for browser-driven end-to-end tests.

Browser availability policy: locally a missing Chromium is a *skip* (so a
developer without it still gets a green unit-test run), but CI sets
``UCJ_REQUIRE_BROWSER=1`` so that a broken image can never pass silently.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from .streamlit_server import CHROMIUM_PATH, launch_browser, run_streamlit

if TYPE_CHECKING:
    from playwright.sync_api import Browser

REPO_ROOT = Path(__file__).resolve().parents[2]
FLOOR_APP = REPO_ROOT / "benchmarks" / "floor_app.py"
SCREENSHOT_DIR = REPO_ROOT / "artifacts" / "screenshots"

# Playwright's expect() gives up after 5 s by default: enough on a quiet machine, not for a chart or a table that
# a browser draws after a rerun on a loaded one. Every expect() still returns as soon as its condition holds; an
# action's own rerun is waited for before (tests/e2e/reruns.py), so this bound only covers the drawing.
EXPECT_TIMEOUT_MS = 30_000
with contextlib.suppress(ImportError):
    from playwright.sync_api import expect

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)

# Lets tests import the timing helpers as ``benchmarks.ui_timing``.
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))


def _browser_required() -> bool:
    return os.environ.get("UCJ_REQUIRE_BROWSER") == "1"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole session (launching costs ~1 s)."""
    if not Path(CHROMIUM_PATH).exists():
        reason = f"Chromium not found at {CHROMIUM_PATH} (set UCJ_CHROMIUM to override)"
        if _browser_required():
            pytest.fail(f"UCJ_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = launch_browser(pw)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="session")
def floor_app_url() -> Iterator[str]:
    """Base URL of the reference floor app, served once per session."""
    with run_streamlit(str(FLOOR_APP), cwd=str(REPO_ROOT)) as url:
        yield url


@pytest.fixture(scope="module")
def app_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Environment for a module's app server: its own empty scenario store. The test session's store
    (tests/conftest.py) is shared with the AppTest suites, so pages listing saved scenarios would otherwise
    show what other tests saved before, and pass or fail by test order."""
    return {"UCJ_STORE_PATH": str(tmp_path_factory.mktemp("store") / "scenarios.sqlite")}


@pytest.fixture(scope="module")
def app_url(app_env: dict[str, str]) -> Iterator[str]:
    """Base URL of the app, served once per test module with the module's own scenario store (started only
    when a test first needs it)."""
    with run_streamlit(str(REPO_ROOT / "app.py"), cwd=str(REPO_ROOT), env=app_env) as url:
        yield url


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    """``artifacts/screenshots`` (git-ignored), created on demand."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENSHOT_DIR
