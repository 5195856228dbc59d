"""View-models of the analysis page (pure: no Streamlit): sentences, tables and charts from the answers of
model/analysis, in the reader's language, with the app's number formats."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from model.analysis.allocation import AllocationResult
from model.analysis.goal_seek import GoalSeekResult
from model.analysis.sensitivity import SobolIndices, Tornado
from model.analysis.uncertainty import UncertaintyResult
from model.assumptions import load_assumption_specs
from model.levers import LEVER_SPECS, REGULATION_LEVELS

from . import fmt
from .i18n import t

__all__ = [
    "goal_sentence",
    "pot_sentence",
    "next_rupiah_sentence",
    "allocation_table",
    "probability_table",
    "tornado_frame",
    "tornado_chart",
    "sobol_frame",
    "band_chart",
    "value_map",
]


def _target_text(value: float, lang: str) -> str:
    return fmt.pct(value, lang, 0 if float(value).is_integer() else 1)


def _about(value: float, lang: str) -> str:
    """A count rounded to the hundred, as spoken: 61.500."""
    return fmt.number(round(value / 100) * 100, lang)


def goal_sentence(result: GoalSeekResult, lang: str) -> str:
    """The answer as one sentence a participant can repeat."""
    common = {"name": result.name, "target": _target_text(result.target_pct, lang), "year": result.by_year}
    if not result.reachable:
        reason = t(f"analysis.reason.{result.reason}", lang, year=result.by_year)
        return t("analysis.goal_unreachable", lang, reason=reason, **common)
    if result.already:
        return t("analysis.goal_already", lang, coverage=fmt.pct(result.coverage_by_year_pct, lang, 1), **common)
    if result.lever == "budget":
        cost = None if result.cost_per_additional_rp is None else round(result.cost_per_additional_rp / 100) * 100
        return t(
            "analysis.goal_budget_sentence",
            lang,
            budget=fmt.rupiah_bn(result.value, lang, 1),
            workers=_about(result.funded_workers, lang),
            cost=fmt.rupiah(cost, lang),
            **common,
        )
    if result.lever == "outreach":
        return t("analysis.goal_outreach_sentence", lang, value=fmt.pct(result.value, lang, 1), **common)
    level = int(result.value)
    return t("analysis.goal_regulation_sentence", lang, value=level, label=REGULATION_LEVELS[level][lang], **common)


def pot_sentence(result: AllocationResult, lang: str) -> str:
    added = result.optimal.covered_total - result.without.covered_total
    return t(
        "analysis.pot_sentence",
        lang,
        pot=fmt.rupiah_bn(result.pot_bn, lang, 1),
        added=_about(added, lang),
        year=result.by_year,
        at_target=result.optimal.regions_at_target,
        vs_equal=_about(result.optimal.covered_total - result.equal.covered_total, lang),
        vs_need=_about(result.optimal.covered_total - result.proportional.covered_total, lang),
    )


def next_rupiah_sentence(result: AllocationResult, lang: str, n: int = 3) -> str:
    rows = result.next_rupiah(n)
    items = [t("analysis.per_bn", lang, name=r.name, n=fmt.number(r.marginal_per_bn, lang)) for r in rows.itertuples()]
    return t("analysis.next_rupiah", lang, list="; ".join(items))


def allocation_table(result: AllocationResult, lang: str, full: bool = False) -> pd.DataFrame:
    """Regions by optimal share (largest first), the answer first: region, optimal share, members added and
    whether the target is reached (a phone shows them whole); `full` adds the simple splits and the members the
    next Rp1 miliar would add."""
    table = result.table().sort_values(["optimal_bn", "code"], ascending=[False, True])
    yes, no = t("analysis.yes", lang), t("analysis.no", lang)
    columns = {
        t("analysis.col_region", lang): list(table["name"]),
        t("analysis.col_optimal", lang): [fmt.number(v, lang, 1) for v in table["optimal_bn"]],
        t("analysis.col_added", lang): [fmt.number(v, lang) for v in table["additional_optimal"]],
        t("analysis.col_at_target", lang): [yes if v else no for v in table["at_target_optimal"]],
    }
    if full:
        columns.update(
            {
                t("analysis.col_equal", lang): [fmt.number(v, lang, 1) for v in table["equal_bn"]],
                t("analysis.col_need", lang): [fmt.number(v, lang, 1) for v in table["proportional_bn"]],
                t("analysis.col_marginal", lang): [fmt.number(v, lang) for v in table["marginal_per_bn"]],
            }
        )
    return pd.DataFrame(columns)


def _year_text(value: float, horizon: int, lang: str) -> str:
    return t("analysis.never", lang, year=horizon) if not np.isfinite(value) else str(int(value))


def probability_table(result: UncertaintyResult, lang: str, full: bool = False) -> pd.DataFrame:
    """The ranking by chance of reaching the target by the year (equal chances share a rank), the answer first:
    rank, region, chance with the policy and without it; `full` adds the chance that the policy changes the rank
    and the P10–P90 range of the target year."""
    frame = result.ranking()
    horizon = result.projection.settings.horizon_year
    year = result.by_year
    columns = {
        t("analysis.col_prob_rank", lang): list(frame["prob_rank"]),
        t("analysis.col_region", lang): list(frame["name"]),
        t("analysis.col_prob", lang, year=year): [fmt.pct(100 * v, lang, 0) for v in frame["prob_target_by_year"]],
        t("analysis.col_prob_base", lang): [fmt.pct(100 * v, lang, 0) for v in frame["prob_target_by_year_baseline"]],
    }
    if full:
        columns[t("analysis.col_rank_change", lang)] = [fmt.pct(100 * v, lang, 0) for v in frame["prob_rank_changes"]]
        columns[t("analysis.col_year_range", lang)] = [
            f"{_year_text(a, horizon, lang)}–{_year_text(b, horizon, lang)}"
            for a, b in zip(frame["target_year_p10"], frame["target_year_p90"], strict=True)
        ]
    return pd.DataFrame(columns)


def _label(kind: str, key: str, lang: str) -> str:
    if kind == "lever":
        return LEVER_SPECS[key].label(lang)
    spec = {s.key: s for s in load_assumption_specs()}[key]
    return spec.label(lang)


def tornado_frame(result: Tornado, lang: str) -> pd.DataFrame:
    rows = []
    for b in result.bars:
        rows.append(
            {
                "name": _label(b.kind, b.key, lang),
                "kind": t(f"analysis.kind_{b.kind}", lang),
                "low": b.coverage_low,
                "high": b.coverage_high,
                "swing": b.swing,
            }
        )
    return pd.DataFrame(rows)


def tornado_chart(frame: pd.DataFrame, base: float, lang: str) -> alt.Chart:
    """Bars from the low to the high input's coverage around the central value."""
    order = frame["name"].tolist()
    data = frame.assign(lo=np.minimum(frame["low"], frame["high"]), hi=np.maximum(frame["low"], frame["high"]))
    title = t("analysis.col_high", lang).split(" (")[0]
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelLimit=280)),
            x=alt.X("lo:Q", title=f"{title} (%)", scale=alt.Scale(zero=False)),
            x2="hi:Q",
            color=alt.Color(
                "kind:N",
                title=None,
                scale=alt.Scale(
                    domain=[t("analysis.kind_lever", lang), t("analysis.kind_assumption", lang)],
                    range=["#C8742B", "#1B7F79"],
                ),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("name:N", title=t("analysis.col_name", lang)),
                alt.Tooltip("low:Q", title=t("analysis.col_low", lang), format=".2f"),
                alt.Tooltip("high:Q", title=t("analysis.col_high", lang), format=".2f"),
            ],
        )
    )
    rule = alt.Chart(pd.DataFrame({"base": [base]})).mark_rule(color="#1B1F1E").encode(x="base:Q")
    return (bars + rule).properties(height=32 * len(frame) + 20)


def sobol_frame(indices: SobolIndices, output: str, lang: str) -> pd.DataFrame:
    frame = indices.frame(output)

    def ci(v: float, lo: float, hi: float) -> str:
        return f"{fmt.number(v, lang, 3)} ({fmt.number(lo, lang, 3)}–{fmt.number(hi, lang, 3)})"

    return pd.DataFrame(
        {
            t("analysis.col_name", lang): [_label("assumption", k, lang) for k in frame["name"]],
            t("analysis.col_first", lang): [
                ci(*r) for r in zip(frame["first"], frame["first_low"], frame["first_high"], strict=True)
            ],
            t("analysis.col_total", lang): [
                ci(*r) for r in zip(frame["total"], frame["total_low"], frame["total_high"], strict=True)
            ],
        }
    )


def band_chart(result: UncertaintyResult, code: str, lang: str) -> alt.Chart:
    """P10-P90 band and P50 line of one region's coverage, policy scenario, by year."""
    bands = result.bands()
    data = bands[(bands["code"] == code) & (bands["scenario"] == "scenario") & (bands["year"] >= 2024)]
    x = alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0))
    area = alt.Chart(data).mark_area(opacity=0.3, color="#1B7F79").encode(x=x, y=alt.Y("p10:Q", title="%"), y2="p90:Q")
    line = alt.Chart(data).mark_line(color="#1B7F79").encode(x=x, y="p50:Q")
    return (area + line).properties(height=260)


def value_map(frame: pd.DataFrame, field: str, title: str, geo_url: str, percent: bool) -> alt.Chart:
    """Choropleth of one quantity per province (the app's own GeoJSON; nothing fetched from the web)."""
    geometry = alt.Data(url=geo_url, format=alt.DataFormat(property="features", type="json"))
    fmt_code = ".0%" if percent else ",.1f"
    return (
        alt.Chart(geometry)
        .mark_geoshape(stroke="#FFFFFF", strokeWidth=0.8)
        .transform_lookup(lookup="properties.code", from_=alt.LookupData(frame, "code", ["name", field]))
        .encode(
            color=alt.Color(
                f"{field}:Q", title=title, scale=alt.Scale(scheme="teals"), legend=alt.Legend(format=fmt_code)
            ),
            tooltip=[alt.Tooltip("name:N", title=" "), alt.Tooltip(f"{field}:Q", title=title, format=fmt_code)],
        )
        .project(type="mercator")
        .properties(height=300)
    )
