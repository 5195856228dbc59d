"""AppTest suites run every lever move as a full rerun (`UCJ_LEVER_FRAGMENTS=0`): after a fragment-only rerun
AppTest's element tree holds just the fragment's elements, so a test could no longer reach the sidebar's
widgets. The fragment path itself is tested by tests/test_app/test_rerun_scope.py (AppTest, turned on there)
and in Chromium (tests/e2e)."""

from __future__ import annotations

import pytest

from ui.scenario_state import FRAGMENTS_ENV


@pytest.fixture(autouse=True)
def full_reruns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(FRAGMENTS_ENV, "0")
