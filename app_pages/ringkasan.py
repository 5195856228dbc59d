"""Ringkasan (overview): the national headline, the map of target years and the biggest rank movers."""

from __future__ import annotations

import streamlit as st

from model import BASELINE, SCENARIO
from ui import fmt, views
from ui.geo import map_layers
from ui.i18n import t
from ui.render import caption, chart, ctx, estimates_note


def render() -> None:
    c = ctx()
    lang, result = c.lang, c.result
    nat = result.national_summary()
    ry = result.settings.rank_year
    st.title(t("overview.title"))
    caption(t("overview.lead", year=ry))

    top, bottom = st.columns(2), st.columns(2)
    cols = [*top, *bottom]
    cols[0].metric(
        t("overview.coverage_now"),
        fmt.pct(nat["coverage_now"], lang),
        help=t("overview.coverage_now_help", n=nat["regions_estimated"], total=nat["regions"]),
    )
    change = nat["coverage_rank_year"] - nat["coverage_rank_year_baseline"]
    cols[1].metric(
        t("overview.coverage_year", year=ry),
        fmt.pct(nat["coverage_rank_year"], lang),
        delta=fmt.signed(change, lang, 2, " pp") if abs(change) >= 0.005 else None,
        help=t("overview.coverage_year_help", baseline=fmt.pct(nat["coverage_rank_year_baseline"], lang)),
    )
    at_target = nat["regions_at_target_by_rank_year"]
    baseline_at_target = nat["regions_at_target_by_rank_year_baseline"]
    cols[2].metric(
        t("overview.at_target", year=ry),
        f"{at_target} / {nat['regions']}",
        delta=fmt.signed(at_target - baseline_at_target, lang, 0) if at_target != baseline_at_target else None,
        help=t("overview.at_target_help", baseline=nat["regions_at_target_by_rank_year_baseline"]),
    )
    cols[3].metric(
        t("overview.additional", year=ry),
        fmt.number(nat["additional_covered_rank_year"], lang),
        help=t("overview.additional_help"),
    )

    st.subheader(t("overview.map_title"))
    with st.container(horizontal=True, gap="medium"):
        which = st.segmented_control(
            t("overview.map_which"),
            options=[SCENARIO, BASELINE],
            format_func=lambda s: views.scenario_labels(lang)["scenario" if s == SCENARIO else "baseline"],
            default=SCENARIO,
            key="map_which",
            label_visibility="collapsed",
        )
        style = st.segmented_control(
            t("overview.map_style"),
            options=["shapes", "tiles"],
            format_func=lambda v: t(f"overview.map_style_{v}", lang),
            default="shapes",
            key="map_style",
            label_visibility="collapsed",
        )
    caption(t("overview.map_caption"))
    # Right after a language switch a segmented control may still send its old label: fall back to defaults.
    which = which if which in (SCENARIO, BASELINE) else SCENARIO
    style = style if style in ("shapes", "tiles") else "shapes"
    layers = map_layers(result, which, lang, style)
    if layers is None:
        st.info(t("overview.no_map"), icon=":material/map:")
    else:
        kind, frames, options = layers
        chart(kind, frames, key="overview_map", description=t("overview.map_caption"), **options)

    left, right = st.columns(2, gap="large")
    with left:
        st.subheader(t("overview.movers_title", year=ry))
        caption(t("overview.movers_caption"))
        st.markdown(views.markdown_table(views.movers(result, lang, 8)))
        st.caption(t("overview.movers_estimates_excluded"))
    with right:
        st.subheader(t("overview.national_title"))
        caption(t("overview.national_caption"))
        paths = result.national_path(every=12, from_latest_data=True)
        paths["scenario_label"] = paths["scenario"].map(views.scenario_labels(lang))
        chart("national", {"paths": paths}, key="overview_national", description=t("overview.national_caption"))
    estimates_note(c)


render()
