"""A lever move reruns only the results fragment (app.py), and for a national lever on a page with live parts
only those parts (ui/scenario_state.py `rerun_results`); nothing a user sees or shares is lost by it.

These tests turn the fragment path on (the other AppTest suites run full reruns, tests/test_app/conftest.py).
After a fragment-only run, AppTest's element tree holds just what the fragments drew: the page (or its live
parts), the sidebar's lever captions and the history buttons; the sidebar's lever widgets are absent from it,
which is how a test can tell that a move did NOT rerun the whole app.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.testing.v1 import AppTest

from tests.test_app.pages import open_own_levers
from ui import fmt
from ui.scenario_state import DOC, FRAGMENTS_ENV

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
TIMEOUT = 60


@pytest.fixture(autouse=True)
def fragments_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(FRAGMENTS_ENV, "1")


def opened(page: str = "ringkasan") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    if page != "ringkasan":
        at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def keys_in_tree(at: AppTest) -> set[str]:
    return {w.key for w in at.select_slider} | {w.key for w in at.slider} | {w.key for w in at.selectbox}


def full_rerun(at: AppTest) -> None:
    """What a full rerun would show (e.g. a page switch): the sidebar is drawn again from the document."""
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def funded_caption(at: AppTest) -> str:
    return next(c.value for c in at.sidebar.caption if "didanai" in c.value or "funded" in c.value)


def test_a_budget_move_reruns_only_the_results_and_updates_everything_that_follows_it():
    at = opened()
    before = funded_caption(at)
    at.sidebar.select_slider(key="bud").set_value(12.5).run()
    assert not at.exception, [e.value for e in at.exception]
    # Only the page's live parts ran: the sidebar's levers were not drawn again, nor the page's title and map
    # switches; its figures, map and tables were.
    assert "bud" not in keys_in_tree(at) and "lang" not in {w.key for w in at.segmented_control}
    assert at.metric and not at.title, "the page's live parts are drawn, its title stays as it was"
    assert "map_which" not in {w.key for w in at.segmented_control}
    # The move is in the document, in the address bar, in the caption under the lever and in the history.
    assert at.session_state[DOC].levers.default.budget_bn == 12.5
    assert at.query_params["bud"] == "12.5"
    after = funded_caption(at)
    assert after != before and fmt.number(12.5e9 / (12 * 16_800), "id") in after
    assert not at.button(key="undo").disabled


def test_the_results_follow_the_move_exactly_as_a_full_rerun_shows_them():
    moved = opened()
    moved.sidebar.select_slider(key="bud").set_value(40.0).run()
    fragment_view = [m.value for m in moved.metric]
    reference = opened()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(FRAGMENTS_ENV, "0")
        reference.sidebar.select_slider(key="bud").set_value(40.0).run()
    assert [m.value for m in reference.metric] == fragment_view
    assert fragment_view != [m.value for m in opened().metric], "the move must change the headline"


def test_after_fragment_moves_a_full_rerun_shows_the_levers_where_they_were_moved():
    at = opened("simulasi")
    at.sidebar.select_slider(key="bud").set_value(25.0).run()
    full_rerun(at)
    assert at.sidebar.select_slider(key="bud").value == 25.0
    at.sidebar.select_slider(key="out").set_value(60.0).run()
    full_rerun(at)
    assert at.sidebar.select_slider(key="bud").value == 25.0
    assert at.sidebar.select_slider(key="out").value == 60.0
    assert at.session_state[DOC].levers.default.outreach_pct == 60.0
    assert at.query_params["bud"] in ("25", "25.0")
    assert at.query_params["out"] in ("60", "60.0")


def test_a_page_toggle_after_a_move_keeps_the_lever_state():
    at = opened("simulasi")
    at.sidebar.select_slider(key="bud").set_value(30.0).run()
    at.toggle(key="sim_table_all_columns").set_value(True).run()  # the table's own fragment
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state[DOC].levers.default.budget_bn == 30.0
    assert at.query_params["bud"] in ("30", "30.0")
    full_rerun(at)
    assert at.sidebar.select_slider(key="bud").value == 30.0


def test_the_focus_province_reruns_only_the_results():
    at = opened("simulasi")
    at.sidebar.selectbox(key="prov").set_value("31").run()
    assert not at.exception, [e.value for e in at.exception]
    assert "prov" not in keys_in_tree(at)
    assert "Jakarta" in at.title[0].value
    assert at.query_params["prov"] == "31"


def test_undo_after_fragment_moves_reruns_everything_and_restores_the_lever():
    at = opened()
    at.sidebar.select_slider(key="bud").set_value(10.0).run()
    at.button(key="undo").click().run()
    assert not at.exception, [e.value for e in at.exception]
    # Undo changes what the sidebar must show: the whole app reran, so the lever is drawn, at its old value.
    assert at.sidebar.select_slider(key="bud").value == 0.0
    assert at.session_state[DOC].levers.default.budget_bn == 0.0
    assert "bud" not in at.query_params
    at.button(key="redo").click().run()
    assert at.sidebar.select_slider(key="bud").value == 10.0


def test_a_move_that_changes_what_the_sidebar_shows_becomes_a_full_rerun():
    """If the document no longer matches the sidebar (here: the budget's state is changed behind the
    widget's back, as a page's callback could), the fragment asks for a full rerun instead of leaving the
    sidebar showing something else."""
    at = opened()
    at.session_state["out"] = 55.0  # not what the sidebar was drawn with, and not a fast lever's own move
    at.sidebar.select_slider(key="bud").set_value(5.0).run()
    assert not at.exception, [e.value for e in at.exception]
    assert "bud" in keys_in_tree(at), "a stale sidebar must be drawn again"
    assert at.sidebar.select_slider(key="out").value == 55.0
    assert at.sidebar.select_slider(key="bud").value == 5.0


def vega_datasets(at: AppTest) -> list[dict[str, pd.DataFrame]]:
    """The named datasets of every Vega-Lite chart in the tree (AppTest shows charts as unknown elements)."""
    charts = [e.proto for e in at.get("vega_lite_chart")]
    return [{d.name: convert_arrow_bytes_to_pandas_df(d.data.data) for d in chart.datasets} for chart in charts]


def headline(at: AppTest) -> list[str]:
    return [m.value for m in at.metric]


def reference_after(page: str, **levers: float) -> AppTest:
    """The same moves as whole-app reruns (the path every AppTest suite but this one takes)."""
    at = opened(page)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(FRAGMENTS_ENV, "0")
        for key, value in levers.items():
            at.sidebar.select_slider(key=key).set_value(value).run()
            full_rerun(at)
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_national_move_on_simulasi_redraws_only_its_figures_chart_and_table_and_they_match_a_full_run():
    at = opened("simulasi")
    at.sidebar.select_slider(key="bud").set_value(60.0).run()
    full_rerun(at)  # AppTest can move only what its tree holds: draw the sidebar again (not a lever move)
    at.sidebar.select_slider(key="out").set_value(30.0).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.title and not at.multiselect, "the title and the comparison picker are not sent again"
    assert len(at.metric) == 4 and vega_datasets(at) and at.table, "the live parts are"
    reference = reference_after("simulasi", bud=60.0, out=30.0)
    assert headline(at) == headline(reference)
    assert at.table[0].value.equals(reference.table[0].value)
    ours, theirs = vega_datasets(at)[0], vega_datasets(reference)[0]
    assert ours.keys() == theirs.keys() and all(ours[name].equals(theirs[name]) for name in ours)
    assert at.query_params["bud"] == "60" and at.query_params["out"] == "30"


def test_the_map_follows_a_live_move_as_a_full_run_draws_it():
    """The map's data change with the move; its geometry is not in the data (the browser fetches it once)."""
    at = opened()
    first = vega_datasets(at)[0]["regions"]
    at.sidebar.select_slider(key="bud").set_value(100.0).run()
    assert not at.exception, [e.value for e in at.exception]
    moved = vega_datasets(at)[0]["regions"]
    assert not moved["year_class"].equals(first["year_class"]), "Rp100 miliar a year moves some target years"
    assert "geometry" not in moved.columns and len(moved) == 38
    reference = reference_after("ringkasan", bud=100.0)
    assert vega_datasets(reference)[0]["regions"].equals(moved)
    assert headline(at) == headline(reference)


def test_with_the_own_levers_open_a_national_move_reruns_the_whole_page():
    """Open, the popover's widgets show the national levers for a province without its own: they must follow."""
    at = opened("simulasi")
    open_own_levers(at)
    at.sidebar.select_slider(key="bud").set_value(15.0).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title, "the whole results fragment ran"
    assert at.select_slider(key="ov_bud").value == 15.0  # Jambi has no levers of its own: it shows the nation's


def test_a_live_move_then_a_page_switch_then_a_move_on_a_page_without_live_parts():
    at = opened()
    at.sidebar.select_slider(key="bud").set_value(20.0).run()
    at.switch_page("app_pages/peringkat.py").run()
    at.sidebar.select_slider(key="bud").set_value(25.0).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title, "a page without live parts reruns whole, as before"
    assert at.session_state[DOC].levers.default.budget_bn == 25.0 and at.query_params["bud"] == "25"


def test_the_history_buttons_are_sent_again_only_when_a_move_changes_them():
    at = opened()
    at.sidebar.select_slider(key="bud").set_value(5.0).run()
    assert not at.button(key="undo").disabled, "the first move makes undo possible: the buttons are redrawn"
    full_rerun(at)
    at.sidebar.select_slider(key="bud").set_value(6.0).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.metric and "undo" not in {b.key for b in at.button}, "unchanged buttons are not sent again"
    full_rerun(at)
    assert not at.button(key="undo").disabled and at.button(key="redo").disabled
    at.button(key="undo").click().run()
    assert not at.button(key="redo").disabled and at.sidebar.select_slider(key="bud").value == 5.0
    at.sidebar.select_slider(key="bud").set_value(7.0).run()  # a new change drops the redo step: redrawn
    assert at.button(key="redo").disabled and not at.button(key="undo").disabled
    assert at.session_state[DOC].levers.default.budget_bn == 7.0
