"""Analisis: what it takes (goal-seek), where a pot should go (allocation), how sure we are (Monte Carlo),
which lever matters most (tornado, Sobol). Answers come from model/analysis; this page only asks and shows,
and applies an answer as the scenario in one click."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from model import InputError, Levers, Scenario
from model.analysis.allocation import allocate
from model.analysis.evaluate import Evaluator
from model.analysis.goal_seek import goal_seek
from model.analysis.pot import scenario_with_pot
from model.analysis.sensitivity import sobol_model, tornado
from model.analysis.uncertainty import uncertainty
from ui import analysis_views as av
from ui import fmt
from ui.geo import geo_url_for, has_geometry
from ui.i18n import t
from ui.inputs import form_decimal
from ui.render import altair_chart, ctx, lead, region_table, section
from ui.scenario_state import POT_ON
from ui.scope import plain
from ui.state import OVERRIDE_STORE, evaluator, national_levers, overrides, set_override

TOOLS = ("goal", "pot", "uncertainty", "sensitivity")
YEARS = list(range(2026, 2046))
UNCERTAINTY_DRAWS = 1000


def _ev(c) -> Evaluator:
    """Prepared once per data and assumptions, shared by sessions (the preparation is the slow part)."""
    return evaluator(c.data_key, c.table, c.assumptions, national_target=c.settings.national_target)


@st.cache_resource(show_spinner=False, max_entries=16)
def _allocation(key: str, _ev: Evaluator, _scenario: Scenario, pot: float, year: int, objective: str, target):
    return allocate(_ev, _scenario, pot, year, objective, target_pct=target)


@st.cache_resource(show_spinner=False, max_entries=8)
def _uncertainty(key: str, _table, _scenario, _assumptions, _settings, year: int):
    return uncertainty(_table, _scenario, _assumptions, by_year=year, draws=UNCERTAINTY_DRAWS, settings=_settings)


@st.cache_resource(show_spinner=False, max_entries=8)
def _sobol(key: str, _ev: Evaluator, _scenario: Scenario, year: int):
    return sobol_model(_ev, _scenario, year, n=512)


def _key(c, *parts) -> str:
    return "|".join([c.data_key, repr(c.scenario), repr(c.assumptions.values), *map(repr, parts)])


def _apply_goal(code: str, levers: Levers) -> None:
    start = national_levers().budget_start
    set_override(code, levers.with_start_year(start))
    st.session_state["an_applied"] = True


def _apply_pot(shares: dict[str, float]) -> None:
    """The pot as the scenario: no national per-province budget; each region's share as its own budget."""
    current = Scenario.build(national_levers(), overrides())
    applied = scenario_with_pot(current, shares)
    st.session_state["bud"] = 0.0
    start = national_levers().budget_start
    kept = {
        code: lv.with_start_year(start)
        for code, lv in applied.overrides
        if lv != replace(applied.default, budget_bn=0.0) or code in overrides()
    }
    st.session_state[OVERRIDE_STORE] = kept
    st.session_state[POT_ON] = False  # the split is the regions' own budgets now, not a national pot
    st.session_state["an_applied"] = True


def _region_picker(c, key: str) -> str:
    names = c.names
    codes = c.table.codes
    default = c.province if c.province in codes else codes[0]
    if st.session_state.get(key) not in codes:
        st.session_state[key] = default
    return st.selectbox(t("analysis.region"), codes, format_func=lambda x: names.get(x, x), key=key)


def _goal(c) -> None:
    lang = c.lang
    section(t("analysis.goal_title"), t("analysis.goal_caption"))
    with st.form("an_goal_form", border=False):
        cols = st.columns([2, 1, 1, 2])
        with cols[0]:
            code = _region_picker(c, "an_goal_region")
        with cols[1]:
            target = form_decimal(  # '55' or '55,5' in Bahasa, never '55.00'
                t("analysis.target"), key="an_goal_target", lang=lang, default=55.0, low=1.0, high=100.0
            )
        with cols[2]:
            year = st.selectbox(t("analysis.by_year"), YEARS, index=YEARS.index(2027), key="an_goal_year")
        with cols[3]:
            lever = st.radio(
                t("analysis.lever"),
                ("budget", "outreach", "regulation"),
                format_func=lambda x: t(f"analysis.lever_{x}"),
                horizontal=True,
                key="an_goal_lever",
            )
        asked = st.form_submit_button(t("analysis.goal_run"), type="primary")
    if asked and isinstance(target, str):  # not a number, or out of range: say so, keep the last answer
        st.error(target, icon=":material/error:")
    elif asked:
        st.session_state["an_goal_request"] = (code, float(target), int(year), lever)
    request = st.session_state.get("an_goal_request")
    if not request:
        return
    try:
        with st.spinner(t("analysis.working")):  # milliseconds once warm; the first answer loads scipy
            result = goal_seek(_ev(c), c.scenario, *request)
    except InputError as exc:
        st.error(t("analysis.error", detail=exc.message(lang)))
        return
    with st.container(border=True, key="an_goal_answer"):
        st.markdown(f"**{av.goal_sentence(result, lang)}**")
        if result.reachable and not result.already:
            st.button(
                t("analysis.apply"),
                key="an_goal_apply",
                on_click=_apply_goal,
                args=(result.region, result.levers),
                icon=":material/check:",
            )


def _pot(c) -> None:
    lang = c.lang
    section(t("analysis.pot_title"), t("analysis.pot_caption"))
    with st.form("an_pot_form", border=False):
        cols = st.columns([1, 1, 2])
        with cols[0]:
            pot = form_decimal(  # '100' or '12,5' in Bahasa
                t("analysis.pot"), key="an_pot", lang=lang, default=100.0, low=0.0, high=10_000.0, decimals=1
            )
        with cols[1]:
            year = st.selectbox(t("analysis.by_year"), YEARS, index=YEARS.index(2030), key="an_pot_year")
        with cols[2]:
            objective = st.radio(
                t("analysis.objective"),
                ("workers", "targets"),
                format_func=lambda x: t(f"analysis.objective_{x}"),
                horizontal=True,
                key="an_pot_objective",
            )
        asked = st.form_submit_button(t("analysis.pot_run"), type="primary")
    if asked and isinstance(pot, str):
        st.error(pot, icon=":material/error:")
    elif asked:
        st.session_state["an_pot_request"] = (round(float(pot), 1), int(year), objective)
    request = st.session_state.get("an_pot_request")
    if not request:
        return
    pot, year, objective = request
    target = c.settings.target_pct
    try:
        with st.status(t("analysis.working"), expanded=False) as status:
            result = _allocation(_key(c, request, target), _ev(c), c.scenario, pot, year, objective, target)
            status.update(label=t("analysis.done"), state="complete")
    except InputError as exc:
        st.error(t("analysis.error", detail=exc.message(lang)))
        return
    with st.container(border=True, key="an_pot_answer"):
        st.markdown(f"**{av.pot_sentence(result, lang)}**")
        st.caption(av.next_rupiah_sentence(result, lang))
        rules = {
            "optimal": result.optimal.budget_bn,
            "equal": result.equal.budget_bn,
            "need": result.proportional.budget_bn,
        }
        with st.container(horizontal=True, vertical_alignment="bottom"):
            rule = st.radio(
                t("analysis.split_rule"),
                tuple(rules),
                format_func=lambda x: t(f"analysis.rule_{x}"),
                horizontal=True,
                key="an_pot_rule",
            )
            shares = dict(zip(result.codes, map(float, rules[rule]), strict=True))
            st.button(
                t("analysis.apply"), key="an_pot_apply", on_click=_apply_pot, args=(shares,), icon=":material/check:"
            )
    region_table(lambda full: av.allocation_table(result, lang, full), key="an_pot_table", pinned=0, height=380)
    if has_geometry(result.codes):
        frame = result.table()[["code", "name", "optimal_bn"]]
        st.markdown(f"#### {t('analysis.map_allocation')}")
        altair_chart(
            av.value_map(frame, "optimal_bn", t("analysis.legend_bn"), geo_url_for(result.codes), percent=False), lang
        )


def _uncertainty_tool(c) -> None:
    lang = c.lang
    year = st.selectbox(t("analysis.by_year"), YEARS, index=YEARS.index(2030), key="an_unc_year", width=200)
    section(
        t("analysis.unc_title"),
        t("analysis.unc_caption", draws=fmt.number(UNCERTAINTY_DRAWS, lang), seed=c.settings.seed, year=year),
    )
    with st.status(t("analysis.working"), expanded=False) as status:
        result = _uncertainty(_key(c, year), c.table, c.scenario, c.assumptions, c.settings, year)
        status.update(label=t("analysis.done"), state="complete")
    p10, p50, p90 = result.national_quantiles()
    st.markdown(
        t("analysis.unc_national", year=year, p10=fmt.pct(p10, lang), p50=fmt.pct(p50, lang), p90=fmt.pct(p90, lang))
    )
    if has_geometry(result.codes):
        frame = result.ranking()[["code", "name", "prob_target_by_year"]]
        st.markdown(f"#### {t('analysis.map_probability', year=year)}")
        legend = t("analysis.legend_chance")
        altair_chart(av.value_map(frame, "prob_target_by_year", legend, geo_url_for(result.codes), percent=True), lang)
    region_table(lambda full: av.probability_table(result, lang, full), key="an_unc_table", pinned=1, height=380)
    code = c.province
    st.markdown(f"#### {t('analysis.band_title', name=plain(c.names.get(code, code)))}")
    altair_chart(av.band_chart(result, code, lang), lang)


def _sensitivity_tool(c) -> None:
    lang = c.lang
    cols = st.columns([2, 1])
    with cols[0]:
        code = _region_picker(c, "an_sens_region")
    with cols[1]:
        year = st.selectbox(t("analysis.by_year"), YEARS, index=YEARS.index(2030), key="an_sens_year")
    section(t("analysis.sens_title"), t("analysis.sens_caption", year=year))
    with st.spinner(t("analysis.working")):  # shown only past half a second (514 regencies)
        result = tornado(_ev(c), c.scenario, code, year)
    frame = av.tornado_frame(result, lang)
    altair_chart(av.tornado_chart(frame, result.coverage_base, lang), lang)
    seconds = max(5, round(5 * len(c.table.codes) / 38))  # measured: ~2-5 s for 38 provinces on this machine
    if st.button(t("analysis.sobol_run", seconds=seconds), key="an_sobol"):
        st.session_state["an_sobol_request"] = year
    if st.session_state.get("an_sobol_request") == year:
        with st.status(t("analysis.working"), expanded=False) as status:
            indices = _sobol(_key(c, year), _ev(c), c.scenario, year)
            status.update(label=t("analysis.done"), state="complete")
        st.caption(t("analysis.sobol_caption", evaluations=fmt.number(indices.evaluations, lang)))
        left, right = st.columns(2)
        with left:
            st.markdown(f"**{t('analysis.national')}**")
            st.dataframe(av.sobol_frame(indices, "national", lang), hide_index=True, width="stretch")
        with right:
            st.markdown(f"**{plain(c.names.get(code, code))}**")
            st.dataframe(av.sobol_frame(indices, code, lang), hide_index=True, width="stretch")


def render() -> None:
    c = ctx()
    st.title(t("analysis.title"))
    lead(t("analysis.lead"), c)
    if st.session_state.pop("an_applied", False):
        st.success(t("analysis.applied"), icon=":material/check_circle:")
    tool = st.segmented_control(
        t("analysis.tool"),
        TOOLS,
        format_func=lambda x: t(f"analysis.tool_{x}"),
        default="goal",
        key="an_tool",
        label_visibility="collapsed",
    )
    tool = tool if tool in TOOLS else "goal"
    {"goal": _goal, "pot": _pot, "uncertainty": _uncertainty_tool, "sensitivity": _sensitivity_tool}[tool](c)


render()
