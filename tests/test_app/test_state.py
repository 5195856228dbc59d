"""ui/state.py: the session's table, targets and context from the scenario document, and model runs shared by
every session through one memory-bounded cache."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
from streamlit.testing.v1 import AppTest

from model import Levers, Scenario, Settings, default_assumptions, project
from model.run_cache import nbytes
from model.scenario import Target
from ui import state

MESSY = Path(__file__).resolve().parents[1] / "data" / "messy"


def test_targets_from_the_documents_choice():
    assert state.target_override(Target(basis="custom", custom_pct=55.5)) == 55.5
    assert state.target_override(Target(basis="own", custom_pct=55.5)) is None
    assert state.national_target(Target(national_line="rkp2026")) == "rkp_2026"
    words = state.target_line_words(Settings(national_target="rkp_2026"), "en")
    assert "RKP 2026: 34.99%" in words and "own published target" in words
    assert state.target_line_words(Settings(target_pct=60.0), "id").count("60,00%") == 1


def context(baseline, **changes) -> state.AppContext:
    base = state.AppContext(
        "en",
        "baseline",
        baseline,
        Scenario.build(Levers(budget_bn=3)),
        default_assumptions(),
        Settings(draws=0),
        uncertainty=False,
        draws=20,
    )
    return replace(base, **changes)


def test_runs_are_shared_between_contexts_of_the_same_scenario(baseline):
    a, b = context(baseline), context(baseline)
    assert a.result is b.result  # one cache entry for every session
    assert a.result_mc is a.result  # uncertainty off: no second run
    other = state.run_scenario(a, Scenario(), a.settings)
    assert other is not a.result and other.scenario == Scenario()


def test_monte_carlo_runs_only_when_uncertainty_is_shown(baseline):
    shown = context(baseline, uncertainty=True)
    assert shown.result_mc is not shown.result and shown.result_mc.settings.draws == 20


def test_province_falls_back_to_the_tables_first_region_and_names_follow_the_table(baseline):
    assert context(baseline, province_code="64").province == "64"
    assert context(baseline, province_code="99.01").province == baseline.codes[0]
    assert context(baseline).names["15"] == "Jambi"


def test_a_cached_run_is_charged_for_its_own_arrays_not_the_shared_table(baseline):
    result = context(baseline).result
    own = state.projection_bytes(result)
    assert 0 < own < nbytes(result)
    assert own < nbytes(result) - nbytes(result.frame) + 1


def test_new_runs_share_one_prepared_engine_per_table_assumptions_and_settings(baseline):
    """A move to a budget never seen before runs the kernel but does not prepare the model again; the result is
    the one a fresh preparation gives. Other settings or assumptions get their own engine."""
    state.RUNS.clear()
    state.ENGINES.clear()
    prepared = state.ENGINES.computed
    first = context(baseline, scenario=Scenario.build(Levers(budget_bn=7.3))).result
    second = context(baseline, scenario=Scenario.build(Levers(budget_bn=7.4))).result
    assert first is not second and state.ENGINES.computed == prepared + 1
    assert first.shared is second.shared  # one memo of lever-independent values for both
    fresh = project(baseline, Scenario.build(Levers(budget_bn=7.4)), default_assumptions(), Settings(draws=0))
    pd.testing.assert_frame_equal(second.region_summary(), fresh.region_summary())
    np.testing.assert_array_equal(second.central, fresh.central)
    later = context(
        baseline, settings=Settings(draws=0, rank_year=2035), scenario=Scenario.build(Levers(budget_bn=7.4))
    )
    changed = default_assumptions().with_values({"bpu_lapse_per_year": 0.5})
    lapsing = context(baseline, assumptions=changed, scenario=Scenario.build(Levers(budget_bn=7.4)))
    assert later.result.settings.rank_year == 2035 and lapsing.result.assumptions == changed
    assert state.ENGINES.computed == prepared + 3
    assert 0 < state.ENGINES.bytes <= state.ENGINES.max_bytes


def session_app() -> None:
    import streamlit as st

    from model import Levers
    from ui import scenario_state, state

    scenario_state.sync(state.current_table()[1].codes)
    step = st.session_state.get("step")
    if step == "override":
        state.set_override("15", Levers(budget_bn=7))
        state.set_override("11", Levers(outreach_pct=10))
    elif step == "upload":
        raw = st.session_state["raw"]
        try:
            state.use_uploaded_table(raw, "several_provinces.csv")
        except Exception as error:  # shown to the test
            st.session_state["error"] = str(error)
    elif step == "baseline":
        state.use_baseline_table()
    st.session_state["step"] = None
    ctx = state.context()
    st.session_state["seen"] = (ctx.data_key, len(ctx.table), ctx.lang, ctx.province, sorted(state.overrides()))


def test_an_upload_replaces_the_table_keeps_only_overrides_of_its_regions_and_can_be_undone():
    app = AppTest.from_function(session_app, default_timeout=60).run()
    assert app.session_state["seen"] == ("baseline", 38, "id", "15", [])
    app.session_state["step"] = "override"
    app.run()
    assert app.session_state["seen"][4] == ["11", "15"]
    app.session_state["step"] = "upload"
    app.session_state["raw"] = (MESSY / "several_provinces.csv").read_bytes()
    app.run()
    key, size, _, province, kept = app.session_state["seen"]
    assert key.startswith("upload-") and size == 10 and province.startswith("73.") and kept == []
    app.session_state["step"] = "baseline"
    app.run()
    assert app.session_state["seen"][:2] == ("baseline", 38)
