"""Peringkat: the full ranking at the chosen year, baseline vs scenario, and ranks over the years."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import fmt, views
from ui.i18n import t
from ui.render import caption, chart, ctx, estimates_note, region_table


def ranking_frame(c) -> pd.DataFrame:
    lang, s = c.lang, c.result.region_summary()
    ry = c.result.settings.rank_year
    order = s.sort_values("rank_new")
    mark = t("table.estimate_mark")
    return pd.DataFrame(
        {
            t("table.rank_new", year=ry): order["rank_new"].astype(int),
            t("table.region"): [
                f"{n} {mark}" if st_ == "estimate" else n for n, st_ in zip(order["name"], order["status"], strict=True)
            ],
            t("rank.vs_baseline"): [
                views.rank_arrow(b - n) for b, n in zip(order["rank_baseline"], order["rank_new"], strict=True)
            ],
            t("rank.baseline_rank", year=ry): order["rank_baseline"].astype(int),
            t("table.rank_now"): order["rank_now"].astype(int),
            t("table.change"): [views.rank_arrow(x) for x in order["rank_change"]],
            t("table.coverage_year", year=ry): [fmt.pct(v, lang) for v in order["coverage_rank_year"]],
            t("rank.baseline_coverage", year=ry): [fmt.pct(v, lang) for v in order["coverage_rank_year_baseline"]],
        }
    )


def render() -> None:
    c = ctx()
    lang, result = c.lang, c.result
    ry = result.settings.rank_year
    st.title(t("rank.title", year=ry))
    caption(t("rank.lead", year=ry))
    region_table(ranking_frame(c), pinned=1, height=560)

    st.subheader(t("rank.bump_title"))
    which = st.segmented_control(
        t("rank.bump_which"),
        options=["scenario", "baseline"],
        format_func=lambda s: views.scenario_labels(lang)[s],
        default="scenario",
        key="bump_which",
        label_visibility="collapsed",
    )
    caption(t("rank.bump_caption"))
    ranks = result.ranks_by_year()
    which = which if which in ("scenario", "baseline") else "scenario"
    ranks = ranks[(ranks["scenario"] == which) & (ranks["year"] >= 2025)].copy()
    ranks["name"] = ranks["code"].map(c.names)
    highlight = {c.province, *st.session_state.get("compare", [])}
    front = ranks[ranks["code"].isin(highlight)]
    ends = front[front["year"] == front["year"].max()]
    chart(
        "bump",
        {"ranks": ranks, "front": front, "ends": ends},
        key="rank_bump",
        description=t("rank.bump_caption"),
        n_regions=len(result.codes),
    )
    estimates_note(c)


render()
