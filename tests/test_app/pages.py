"""Start the whole app in AppTest on a page, and read its tables: shared by the page test modules."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from tests.test_app.tables import shown_tables

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
TIMEOUT = 60


def start(page: str | None = None, **state) -> AppTest:
    """The app after its first run (with `state` in Session State first), switched to `page`; no exception."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    if page:
        at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_own_levers(at: AppTest) -> AppTest:
    """Open the Simulasi page's popover of the focus province's own levers (a person clicks it; its widgets are
    drawn only while it is open). It stays open over later runs until its label changes (another province)."""
    from ui.sidebar import OWN_LEVERS_POPOVER

    at.session_state[OWN_LEVERS_POPOVER] = True
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.toggle(key="ov_on") is not None
    return at


def table_values(at: AppTest, index: int = -1) -> pd.DataFrame:
    return shown_tables(at)[index]
