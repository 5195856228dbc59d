"""The analysis page in AppTest: goal-seek and allocation answers in Bahasa, applied as the scenario in one
click; uncertainty and sensitivity render their tables and charts."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
TIMEOUT = 120


def open_page(**state) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    at.switch_page("app_pages/analisis.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def ask_goal(at: AppTest, target: str, year: int, region: str = "15") -> AppTest:
    """Fill the goal-seek form (province, target as typed, year) and press Hitung."""
    at.selectbox(key="an_goal_region").set_value(region)
    at.text_input(key="an_goal_target").set_value(target)
    at.selectbox(key="an_goal_year").set_value(year)
    button(at, "Hitung").click().run()
    return at


def texts(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_goal_seek_answer_in_bahasa_and_apply():
    at = open_page()
    assert at.title[0].value == "Analisis keputusan"
    at.selectbox(key="an_goal_region").set_value("15")
    assert at.text_input(key="an_goal_target").value == "55"  # Bahasa: never "55.00"
    ask_goal(at, "55,0", 2027)
    assert not at.exception, [e.value for e in at.exception]
    sentence = texts(at)
    assert "Jambi mencapai 55% pada 2027 dengan iuran APBD Rp" in sentence
    assert "miliar per tahun, sekitar" in sentence and "biaya per peserta tambahan Rp" in sentence
    at.button(key="an_goal_apply").click().run()
    assert not at.exception
    applied = at.session_state["overrides"]["15"]
    assert applied.budget_bn > 0 and applied.budget_start == 2027
    assert any("Diterapkan" in s.value for s in at.success)


def test_goal_target_takes_a_decimal_comma_and_refuses_text_in_bahasa():
    at = open_page()
    ask_goal(at, "55,5", 2030)
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["an_goal_request"][1] == 55.5
    assert "55,5%" in texts(at)
    at.text_input(key="an_goal_target").set_value("lima puluh")
    button(at, "Hitung").click().run()
    assert not at.exception
    assert any("lima puluh" in e.value for e in at.error), [e.value for e in at.error]
    assert at.session_state["an_goal_request"][1] == 55.5  # the last answer stays
    at.text_input(key="an_goal_target").set_value("150")
    button(at, "Hitung").click().run()
    assert any("150" in e.value for e in at.error)


def test_unreachable_goal_says_why():
    at = open_page()
    ask_goal(at, "95", 2045)
    assert "tidak mencapai 95% pada 2045 dengan tuas ini saja" in texts(at)
    assert not [b for b in at.button if b.key == "an_goal_apply"]


def test_pot_allocation_in_bahasa_and_apply():
    at = open_page(an_tool="pot")
    at.text_input(key="an_pot").set_value("100,0")
    button(at, "Bagi dana").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Dengan Rp100,0 miliar per tahun, pembagian optimal menambah" in texts(at)
    assert len(at.table[-1].value) == 38 and len(at.table[-1].value.columns) == 4  # answer first, wrapping
    at.button(key="an_pot_apply").click().run()
    assert not at.exception
    overrides = at.session_state["overrides"]
    assert at.session_state["bud"] == 0.0
    assert abs(sum(lv.budget_bn for lv in overrides.values()) - 100.0) < 1e-6


def test_uncertainty_and_sensitivity_render():
    at = open_page(an_tool="uncertainty")
    assert not at.exception
    assert "Cakupan nasional 2030: P10" in texts(at)
    assert len(at.table[-1].value) == 38 and len(at.table[-1].value.columns) == 4
    at.segmented_control(key="an_tool").set_value("sensitivity").run()
    assert not at.exception
    at.button(key="an_sobol").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.dataframe) == 2


def test_english():
    at = open_page(lang="en")
    assert at.title[0].value == "Decision analysis"
