"""Skenario: save the scenario on screen, compare saved ones, share a link (and QR code), export results."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from model import InputError, Scenario, Settings
from ui import exports, fmt, views
from ui.i18n import t
from ui.render import caption, ctx
from ui.scope import provenance_line
from ui.state import DEFAULTS, encode_overrides, run_scenario

SAVED = "saved_scenarios"


def saved() -> dict[str, Scenario]:
    return dict(st.session_state.get(SAVED) or {})


def _save(name: str, scenario: Scenario) -> None:
    store = saved()
    store[name] = scenario
    st.session_state[SAVED] = store


def _apply(name: str) -> None:
    """Put a saved scenario back on the levers (a callback, so widgets are updated before they render)."""
    scenario = saved()[name]
    lv = scenario.default
    st.session_state["reg"] = lv.regulation_level
    st.session_state["bud"] = float(lv.budget_bn)
    st.session_state["out"] = int(lv.outreach_pct)
    st.session_state["start"] = int(lv.budget_start)
    st.session_state["overrides"] = dict(scenario.overrides)
    for key in ("ov_on", "ov_reg", "ov_bud", "ov_out"):
        st.session_state.pop(key, None)


def _delete(name: str) -> None:
    store = saved()
    store.pop(name, None)
    st.session_state[SAVED] = store


def _share_params() -> dict[str, object]:
    state = st.session_state
    params: dict[str, object] = {}
    for key in ("lang", "reg", "bud", "out", "start", "prov", "tgt", "tgtpct", "ry", "mc"):
        value = state.get(key)
        if key == "lang" and value == "id":
            continue
        if key == "tgtpct" and state.get("tgt") != "custom":
            continue
        if key in DEFAULTS and value == DEFAULTS[key]:
            continue
        params[key] = value
    encoded = encode_overrides(dict(state.get("overrides") or {}))
    if encoded:
        params["ov"] = encoded
    return params


def _comparison(c) -> pd.DataFrame:
    lang = c.lang
    rows = []
    entries = [(t("scen.current"), c.scenario), *saved().items()]
    settings = Settings(
        horizon_year=c.settings.horizon_year, rank_year=c.settings.rank_year, draws=0, target_pct=c.settings.target_pct
    )
    focus = c.province
    for name, scenario in entries:
        result = run_scenario(c, scenario, settings)
        nat = result.national_summary()
        s = result.region_summary().set_index("code").loc[focus]
        year = s["year_target_reached"]
        rows.append(
            {
                t("scen.col_name"): name,
                t("scen.col_levers"): views.levers_text(scenario, lang),
                t("scen.col_national", year=c.settings.rank_year): fmt.pct(nat["coverage_rank_year"], lang),
                t("scen.col_at_target", year=c.settings.rank_year): nat["regions_at_target_by_rank_year"],
                t("scen.col_focus_year", name=c.names[focus]): t("class.already")
                if s["target_status"] == "already"
                else (fmt.year(year) if s["target_status"] == "reached" else t("class.never")),
                t("scen.col_focus_rank", name=c.names[focus]): int(s["rank_new"]),
                t("scen.col_cost"): fmt.rupiah_bn(nat["budget_spent_rank_year_rp"] / 1e9, lang),
            }
        )
    return pd.DataFrame(rows)


def render() -> None:
    c = ctx()
    lang = c.lang
    st.title(t("scen.title"))
    caption("  \n".join(x for x in (t("scen.lead"), provenance_line(c.table, c.lang)) if x))

    left, right = st.columns([3, 2], gap="large")
    with left:
        st.subheader(t("scen.save_title"))
        with st.form("save_scenario", clear_on_submit=True, border=False):
            name = st.text_input(t("scen.name"), max_chars=60, placeholder=t("scen.name_placeholder"))
            if st.form_submit_button(t("scen.save"), icon=":material/bookmark_add:"):
                clean = (name or "").strip()
                if not clean:
                    st.warning(t("scen.name_missing"))
                else:
                    _save(clean, c.scenario)
                    st.toast(t("scen.saved", name=clean), icon=":material/check:")
        if saved():
            st.subheader(t("scen.compare_title"))
            caption(t("scen.compare_caption", year=c.settings.rank_year, name=c.names[c.province]))
            st.dataframe(_comparison(c), hide_index=True, width="stretch")
            for name in saved():
                cols = st.columns([3, 1, 1])
                cols[0].markdown(f"**{name}** · {views.levers_text(saved()[name], lang)}")
                cols[1].button(t("scen.apply"), key=f"apply_{name}", on_click=_apply, args=(name,))
                cols[2].button(t("scen.delete"), key=f"delete_{name}", on_click=_delete, args=(name,))
                cols[0].download_button(
                    t("scen.download_json"),
                    data=exports.scenario_json(name, saved()[name]),
                    file_name=f"skenario-{name}.json".replace(" ", "_"),
                    mime="application/json",
                    key=f"json_{name}",
                    icon=":material/download:",
                )
        else:
            st.caption(t("scen.none_saved"))

        st.subheader(t("scen.import_title"))
        upload = st.file_uploader(t("scen.import"), type=["json"], key="scenario_upload")
        if upload is not None:
            try:
                name, scenario = exports.scenario_from_json(upload.getvalue(), c.table.codes)
            except InputError as error:
                st.error(t("scen.import_failed") + "\n\n" + error.message(lang, limit=10))
            else:
                if name not in saved():
                    _save(name, scenario)
                    st.toast(t("scen.imported", name=name), icon=":material/check:")

    with right:
        st.subheader(t("scen.share_title"))
        caption(t("scen.share_caption"))
        url = exports.share_url(st.context.url, _share_params())
        st.code(url, language=None, wrap_lines=True)
        st.image(exports.qr_png(url), caption=t("scen.qr_caption"), width=220)

        st.subheader(t("scen.export_title"))
        caption(t("scen.export_caption"))
        st.download_button(
            t("scen.download_csv"),
            data=lambda: exports.results_csv(c.result),
            file_name="simulasi-ucj-hasil.csv",
            mime="text/csv",
            icon=":material/download:",
            width="stretch",
        )
        st.download_button(
            t("scen.download_xlsx"),
            data=lambda: exports.results_xlsx(c.result, t("scen.current", lang), c.table.origin),
            file_name="simulasi-ucj-hasil.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            icon=":material/download:",
            width="stretch",
        )
        st.download_button(
            t("scen.download_current_json"),
            data=exports.scenario_json(t("scen.current"), c.scenario),
            file_name="skenario-saat-ini.json",
            mime="application/json",
            icon=":material/download:",
            width="stretch",
        )


render()
