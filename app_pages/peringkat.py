"""Peringkat: the full ranking at the chosen year, baseline vs scenario, and ranks over the years."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import fmt, views
from ui.i18n import t
from ui.render import caption, chart, chart_data, ctx, lead, region_table, section
from ui.scope import Scope, current_scope, province_choice, use_scope


def ranking_frame(result, lang: str, full: bool = False, province: str | None = None) -> pd.DataFrame:
    """The ranking, the answer first: region, rank at the rank year, its change against the baseline's
    rank, and the target year under the policy; `full` adds the baseline's rank and coverage, today's rank
    and the change since today, and, when `result` has Monte Carlo draws, the chance of reaching the target
    by the rank year and the chance that the policy changes the rank (issue 10: uncertainty on the ranking).
    `province`: only that province's regencies (ranked within it)."""
    s = result.region_summary()
    ry = result.settings.rank_year
    # Shared ranks ("=15") are found over every region (within its province), before filtering and sorting.
    texts = s.assign(**{f"{c}_text": views.rank_texts(s, c) for c in ("rank_new", "rank_baseline", "rank_now")})
    texts["year_text"] = views.region_table(result, lang).iloc[:, 1].to_numpy()
    if province is not None:
        texts = texts[texts["code"].str.startswith(province + ".")]
    order = texts.sort_values("rank_new", kind="stable")
    mark = t("table.estimate_mark", lang)
    columns = {
        t("table.region", lang): [
            f"{n} {mark}" if st_ == "estimate" else n for n, st_ in zip(order["name"], order["status"], strict=True)
        ],
        t("table.rank_new", lang, year=ry): order["rank_new_text"],
        t("rank.vs_baseline", lang): [views.rank_arrow(x) for x in views.baseline_rank_change(order)],
        t("table.year_scenario", lang): order["year_text"],
    }
    if full:
        columns.update(
            {
                t("rank.baseline_rank", lang, year=ry): order["rank_baseline_text"],
                t("table.rank_now", lang): order["rank_now_text"],
                t("table.change_vs_now", lang): [views.rank_arrow(x) for x in order["rank_change"]],
                t("table.coverage_year", lang, year=ry): [fmt.pct(v, lang) for v in order["coverage_rank_year"]],
                t("rank.baseline_coverage", lang, year=ry): [
                    fmt.pct(v, lang) for v in order["coverage_rank_year_baseline"]
                ],
            }
        )
        if "prob_target_by_rank_year" in order:
            columns[t("rank.chance", lang, year=ry)] = [
                fmt.pct(100 * v, lang, 0) for v in order["prob_target_by_rank_year"]
            ]
            columns[t("rank.chance_rank", lang)] = [fmt.pct(100 * v, lang, 0) for v in order["prob_rank_changes"]]
    return pd.DataFrame({k: list(v) for k, v in columns.items()})


def _ranking(c, full: bool, province: str | None = None) -> pd.DataFrame:
    """The table: the answer columns from the central run; all columns, with uncertainty on, from the run with
    Monte Carlo draws (its draw 0 is the central run, so the shared columns are the same numbers)."""
    result = c.result_mc if full and c.uncertainty else c.result
    return result.memo(("ranking", c.lang, full, province), lambda: ranking_frame(result, c.lang, full, province))


def bump_frames(
    result, which: str, highlight: frozenset[str], names: dict[str, str], province: str | None = None
) -> dict[str, pd.DataFrame]:
    """Ranks by year of one scenario, with the highlighted provinces drawn in front and labelled at the end
    (`province`: only that province's regencies, ranked within it)."""
    ranks = result.ranks_by_year()
    ranks = ranks[(ranks["scenario"] == which) & (ranks["year"] >= 2025)].copy()
    if province is not None:
        ranks = ranks[ranks["code"].str.startswith(province + ".")]
    ranks["name"] = ranks["code"].map(names)
    front = ranks[ranks["code"].isin(highlight)]
    ends = front[front["year"] == front["year"].max()]
    return {"ranks": ranks, "front": front, "ends": ends}


def render() -> None:
    c = ctx()
    lang, result = c.lang, c.result
    ry = result.settings.rank_year
    heading = st.empty()  # the title first, drawn once the province shown is known
    province = province_choice(c.province, lang)
    if province is not None:  # the page speaks of the chosen province ("Peringkat kabupaten/kota di Provinsi X")
        use_scope(Scope("regency", (province,)))
    heading.title(t("rank.title", year=ry))
    lead(t("rank.lead", year=ry) + " " + t("rank.tie_note"), c)
    st.markdown(views.province_answer(result, c.province, lang))
    if current_scope().is_regency:  # the province total of its regencies beside the shipped province figure
        caption("  \n".join(views.province_totals(c.table.frame, lang, current_scope().provinces)))
    region_table(lambda full: _ranking(c, full, province), key="rank_table", pinned=0, height=560)
    if c.uncertainty:
        st.caption(t("rank.chance_note", draws=c.draws, seed=c.settings.seed, year=ry))

    _bump(result, lang, frozenset({c.province, *st.session_state.get("compare", [])}), c.names, province)


@st.fragment
def _bump(result, lang: str, highlight: frozenset[str], names: dict[str, str], province: str | None = None) -> None:
    """A fragment: switching between policy and baseline reruns only this chart, not the page."""
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
    data = chart_data(
        result, ("bump", which, highlight, province), lambda: bump_frames(result, which, highlight, names, province)
    )
    shown = [code for code in result.codes if province is None or code.startswith(province + ".")]
    chart(
        "bump",
        data,
        key="rank_bump",
        description=t("rank.bump_caption"),
        n_regions=len(shown),
    )


render()
