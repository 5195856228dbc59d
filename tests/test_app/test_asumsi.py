"""app_pages/asumsi.py: changed assumptions are flagged as a modified baseline, and can be reset."""

from __future__ import annotations

from tests.test_app.pages import start


def test_assumption_change_is_shown_as_a_modified_baseline():
    at = start("asumsi", assumption_values={"premium_per_month": 33_600.0})
    assert any("dimodifikasi" in w.value for w in at.warning)
    at.button(key="reset_assumptions").click().run()
    assert not at.warning
