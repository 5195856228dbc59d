"""Simulasi: coverage paths of the focus province (and any to compare) and the all-provinces table."""

from __future__ import annotations

import streamlit as st

from model import BASELINE, SCENARIO
from ui import fmt, views
from ui.i18n import t
from ui.render import chart, chart_data, ctx, lead, live_part, region_table, section
from ui.scope import plain
from ui.sidebar import override_panel
from ui.state import table_memo, target_line_words


def _headline_values(result, code: str) -> dict:
    """The region's row of the summary and its rank texts, looked up once per projection and region (the
    pandas lookups cost more than drawing the four figures)."""
    summary = result.region_summary()
    row = summary.iloc[result.codes.index(code)].to_dict()  # by position: re-indexing the table cost more
    row.pop("code")
    ranks = {column: views.rank_text_of(summary, column, code) for column in ("rank_new", "rank_baseline", "rank_now")}
    return {**row, "rank_texts": ranks}


@live_part("sim_headline_live")
def _headline(code: str) -> None:
    """The focus province's four figures (a live part: a national lever's move redraws only these, the chart
    and the table)."""
    c = ctx()
    lang, result = c.lang, c.result_mc
    s = result.memo(("sim_headline", code), lambda: _headline_values(result, code))
    status = {BASELINE: s["target_status_baseline"], SCENARIO: s["target_status"]}
    years = {BASELINE: s["year_target_reached_baseline"], SCENARIO: s["year_target_reached"]}

    def year_text(which: int) -> str:
        if status[which] == "already":
            return t("sim.already_short")
        if status[which] == "not_by_horizon":
            return t("sim.never_short")
        return fmt.year(years[which])

    ry = result.settings.rank_year
    # Two rows of two (plain rows re-render cheaper than columns; same reading on a projector and a phone).
    first, second = st.container(horizontal=True, gap="medium"), st.container(horizontal=True, gap="medium")
    cols = [first, first, second, second]
    cols[0].metric(
        t("sim.year_reached"),
        year_text(SCENARIO),
        delta=t("sim.baseline_was", value=year_text(BASELINE)),
        delta_color="off",
        delta_arrow="off",
        help=t("sim.year_reached_help", target=fmt.pct(s["target_pct"], lang)),
    )
    # The rank's arrow compares with the BASELINE's rank that year: the policy gets credit only for its own
    # effect, not for a move that happens anyway (today's rank is in the help text).
    gained = int(s["rank_baseline"] - s["rank_new"])
    cols[1].metric(
        t("sim.rank", year=ry),
        s["rank_texts"]["rank_new"],
        delta=t("sim.rank_vs_baseline", rank=s["rank_texts"]["rank_baseline"]),
        delta_color="normal" if gained > 0 else ("inverse" if gained < 0 else "off"),
        delta_arrow="up" if gained > 0 else ("down" if gained < 0 else "off"),
        help=" ".join(
            (
                t("sim.rank_help", n=len(result.codes)),
                t("sim.rank_now", rank=s["rank_texts"]["rank_now"]),
                t("rank.tie_note"),
            )
        ),
    )
    change = s["coverage_rank_year"] - s["coverage_rank_year_baseline"]
    cols[2].metric(
        t("sim.coverage_year", year=ry),
        fmt.pct(s["coverage_rank_year"], lang),
        delta=fmt.signed(change, lang, 2, " pp") if abs(change) >= 0.005 else None,
        help=t("sim.coverage_now_was", value=fmt.pct(s["coverage_now"], lang), date=s["as_of"]),
    )
    if "prob_target_by_rank_year" in s:
        cols[3].metric(
            t("sim.probability", year=ry),
            fmt.pct(100 * s["prob_target_by_rank_year"], lang, 0),
            delta=t("sim.baseline_was", value=fmt.pct(100 * s["prob_target_by_rank_year_baseline"], lang, 0)),
            delta_color="off",
            delta_arrow="off",
            help=t("sim.probability_help", draws=result.n_draws),
        )
    else:
        cols[3].metric(t("sim.gap_now"), fmt.number(s["workers_gap_now"], lang), help=t("sim.gap_now_help"))


def _coverage(result, region: str, lang: str) -> dict:
    paths, targets, markers, bands = views.coverage_frames(result, [region], lang, with_bands=True)
    return {"paths": paths, "targets": targets, "markers": markers, "bands": bands}


@live_part("sim_chart_live")
def _charts(code: str, others: tuple[str, ...]) -> None:
    """Coverage paths of the focus province and the ones compared with it."""
    c = ctx()
    lang, result = c.lang, c.result_mc
    columns = st.columns(2) if others else [st.container()]
    for i, region in enumerate([code, *others]):
        data = chart_data(result, ("coverage", region, lang), lambda region=region: _coverage(result, region, lang))
        with columns[i % len(columns)]:
            if others:
                st.markdown(f"**{plain(c.names[region])}**")
            chart(
                "coverage",
                data,
                key=f"sim_{region}",
                description=t("sim.chart_caption"),
                height=260 if others else 360,
                band="bands" in data,
            )


def _table_frame(full: bool):
    """The all-provinces table of this run's projection (read when drawn: the table is a live part)."""
    c = ctx()
    result = c.result_mc
    return result.memo(("region_table", c.lang, full), lambda: views.region_table(result, c.lang, full))


def render() -> None:
    c = ctx()
    lang, result = c.lang, c.result_mc
    code = c.province
    st.title(t("sim.title", name=plain(c.names[code])))
    lead(t("sim.lead"), c)
    statuses = table_memo(
        c.data_key, "status", lambda: dict(zip(c.table.frame["code"], c.table.frame["status"], strict=True))
    )
    if statuses[code] == "estimate":
        st.info(t("sim.estimate_warning"), icon=":material/warning:")
    override_panel(lang, c.names)
    _headline(code)

    others = st.multiselect(
        t("sim.compare_with"),
        options=[x for x in result.codes if x != code],
        format_func=lambda x: c.names[x],
        key="compare",
        max_selections=3,
        placeholder=t("sim.compare_placeholder"),
    )
    section(t("sim.chart_title"), t("sim.chart_caption") + (" " + t("sim.band_caption") if c.uncertainty else ""))
    _charts(code, tuple(others))

    section(
        t("sim.table_title"),
        t("sim.table_caption", year=c.settings.rank_year)
        + " "
        + t("rank.tie_note")
        + " "
        + t("target.national_note")
        + " "
        + target_line_words(c.settings, lang),
    )
    region_table(_table_frame, key="sim_table", pinned=0, height=420, live=True)


render()
