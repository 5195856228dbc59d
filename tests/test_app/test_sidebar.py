"""ui/sidebar.py: lever widgets generated from the lever specs, a change said in words, and outside text shown
inert."""

from __future__ import annotations

from dataclasses import replace

import pytest
from streamlit.testing.v1 import AppTest

from model import LEVER_SPECS, Levers, Scenario
from model.messages import Problem
from model.scenario import ScenarioDocument
from ui import sidebar
from ui.i18n import use_language


@pytest.fixture
def english():
    use_language("en")
    yield
    use_language("id")


def test_a_change_is_said_in_words_first_two_then_a_count(english):
    before = ScenarioDocument()
    budget = before.with_levers(Scenario.build(Levers(budget_bn=10)))
    assert sidebar.describe_change(before, budget, "en") == f"{LEVER_SPECS['budget_bn'].label('en')} 0 → 10"
    regulation = before.with_levers(Scenario.build(Levers(regulation_level=2, budget_end=2030)))
    text = sidebar.describe_change(before, regulation, "en")
    assert "Perda" in text and "→ 2030" in text
    many = before.with_levers(Scenario.build(Levers(budget_bn=1.5, outreach_pct=20), {"15": Levers()}))
    many = replace(many, assumptions=(("crowd_out_share", 0.2),))
    text = sidebar.describe_change(before, many, "en")
    assert text.count(" → ") == 2 and text.count("; ") == 2 and text.endswith("; 2 other changes")
    assert "own provincial policies" not in text  # the third change is counted, not named
    assert "1.5" in text and "1.50" not in text  # trailing zeros dropped


def test_the_budget_end_2100_reads_as_no_end(english):
    assert sidebar._end_text(2100) != "2100" and sidebar._end_text(2030) == "2030"


def test_plain_markdown_makes_links_images_and_html_inert():
    text = sidebar.plain_markdown("![x](https://evil.example/p.png) <b>www.a.id</b> *b*")
    assert "](" not in text and "<b>" not in text and "://" not in text and "www." not in text
    assert text.count("\\*") == 2 and "\u200b" in text


def test_show_problems_lists_at_most_the_limit(monkeypatch):
    shown = []
    monkeypatch.setattr(sidebar.st, "warning", lambda body, icon=None: shown.append(body))
    problems = [Problem("bad_option", {"name": f"[o{i}](http://x)", "detail": "d"}) for i in range(4)]
    sidebar.show_problems("Tautan", problems, "en", limit=2)
    lines = shown[0].split("\n")
    assert lines[:2] == ["Tautan", ""] and len(lines) == 5 and lines[-1] == "- …"
    assert "](" not in shown[0]


def widgets_app() -> None:
    from ui import sidebar

    for name in ("regulation_level", "budget_start", "budget_end", "outreach_start"):
        sidebar.lever_widget(name, f"w_{name}", "en")


def test_whole_lever_widgets_take_the_specs_bounds():
    app = AppTest.from_function(widgets_app, default_timeout=60).run()
    use_language("id")  # the app's default language, as in the app's run
    level, end = app.select_slider
    assert level.options == [sidebar.t(f"regulation.short{i}", "en") for i in range(4)]
    assert end.options[0] == str(LEVER_SPECS["budget_end"].low) and end.options[-1] == sidebar._end_text(2100)
    assert len(end.options) == LEVER_SPECS["budget_end"].high - LEVER_SPECS["budget_end"].low + 1
    for slider in app.slider:
        spec = LEVER_SPECS[slider.key.removeprefix("w_")]
        assert (slider.min, slider.max, slider.step) == (spec.low, spec.high, spec.step)
    assert len(app.slider) == 2
