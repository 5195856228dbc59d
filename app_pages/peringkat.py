"""Peringkat: the full ranking at the chosen year, baseline vs scenario, and ranks over the years."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import fmt, views
from ui.i18n import t
from ui.render import chart, chart_data, ctx, lead, region_table, section


def ranking_frame(result, lang: str) -> pd.DataFrame:
    s = result.region_summary()
    ry = result.settings.rank_year
    order = s.sort_values("rank_new")
    mark = t("table.estimate_mark", lang)
    return pd.DataFrame(
        {
            t("table.rank_new", lang, year=ry): order["rank_new"].astype(int),
            t("table.region", lang): [
                f"{n} {mark}" if st_ == "estimate" else n for n, st_ in zip(order["name"], order["status"], strict=True)
            ],
            t("rank.vs_baseline", lang): [
                views.rank_arrow(b - n) for b, n in zip(order["rank_baseline"], order["rank_new"], strict=True)
            ],
            t("rank.baseline_rank", lang, year=ry): order["rank_baseline"].astype(int),
            t("table.rank_now", lang): order["rank_now"].astype(int),
            t("table.change", lang): [views.rank_arrow(x) for x in order["rank_change"]],
            t("table.coverage_year", lang, year=ry): [fmt.pct(v, lang) for v in order["coverage_rank_year"]],
            t("rank.baseline_coverage", lang, year=ry): [
                fmt.pct(v, lang) for v in order["coverage_rank_year_baseline"]
            ],
        }
    )


def bump_frames(result, which: str, highlight: frozenset[str], names: dict[str, str]) -> dict[str, pd.DataFrame]:
    """Ranks by year of one scenario, with the highlighted provinces drawn in front and labelled at the end."""
    ranks = result.ranks_by_year()
    ranks = ranks[(ranks["scenario"] == which) & (ranks["year"] >= 2025)].copy()
    ranks["name"] = ranks["code"].map(names)
    front = ranks[ranks["code"].isin(highlight)]
    ends = front[front["year"] == front["year"].max()]
    return {"ranks": ranks, "front": front, "ends": ends}


def render() -> None:
    c = ctx()
    lang, result = c.lang, c.result
    ry = result.settings.rank_year
    st.title(t("rank.title", year=ry))
    lead(t("rank.lead", year=ry), c)
    region_table(result.memo(("ranking", lang), lambda: ranking_frame(result, lang)), pinned=1, height=560)

    section(t("rank.bump_title"), t("rank.bump_caption"))
    which = st.segmented_control(
        t("rank.bump_which"),
        options=["scenario", "baseline"],
        format_func=lambda s: views.scenario_labels(lang)[s],
        default="scenario",
        key="bump_which",
        label_visibility="collapsed",
    )
    which = which if which in ("scenario", "baseline") else "scenario"
    highlight = frozenset({c.province, *st.session_state.get("compare", [])})
    data = chart_data(result, ("bump", which, highlight), lambda: bump_frames(result, which, highlight, c.names))
    chart(
        "bump",
        data,
        key="rank_bump",
        description=t("rank.bump_caption"),
        n_regions=len(result.codes),
    )


render()
