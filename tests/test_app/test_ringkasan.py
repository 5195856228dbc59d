"""app_pages/ringkasan.py, the first page: the national headline and a way back to no policy."""

from __future__ import annotations

from tests.test_app.pages import start


def test_overview_headline_shows_national_coverage_in_bahasa():
    at = start()
    labels = [m.label for m in at.metric]
    assert "Cakupan nasional kini" in labels
    value = at.metric[0].value
    assert value.endswith("%") and "," in value  # 37,70%


def test_reset_policies_returns_to_the_baseline():
    at = start("ringkasan")
    at.select_slider(key="bud").set_value(20.0).run()
    assert at.metric[3].value != "0"
    at.button(key="reset_policies").click().run()
    assert at.select_slider(key="bud").value == 0.0
    assert at.metric[3].value == "0"
