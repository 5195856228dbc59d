"""Chart builders: plain functions from tidy data to Altair charts (no Streamlit), testable on their own.

House style (shared/design/ui.md): baseline grey, scenario in the one accent colour, targets dashed,
a colour-blind-safe sequential scale for years, estimates outlined with a dashed stroke; every mark carries
a tooltip that says what it is and where it comes from.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd

__all__ = [
    "ACCENT",
    "BASELINE_GREY",
    "TARGET_COLOR",
    "YEAR_CLASS_COLORS",
    "vega_locale",
    "coverage_chart",
    "national_chart",
    "map_chart",
    "tile_map_chart",
    "bump_chart",
    "segments_chart",
    "probability_chart",
]

ACCENT = "#0B6E4F"
BASELINE_GREY = "#8C9491"
TARGET_COLOR = "#333333"
ESTIMATE_STROKE = "#8C5A00"
# Colour-blind-safe sequential (ColorBrewer YlGnBu): earlier target years are darker.
YEAR_CLASS_COLORS = ["#081D58", "#253494", "#2C7FB8", "#41B6C4", "#A1DAB4", "#EDF8B1", "#D9D9D9"]


def vega_locale(lang: str) -> dict:
    """d3 number and time locale, so axes read 45,2% and 1.312.370 in Bahasa Indonesia."""
    if lang == "id":
        number = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["Rp", ""]}
        months = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
                  "Oktober", "November", "Desember"]  # fmt: skip
        short = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]
        days = ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"]
        time = {
            "dateTime": "%A, %e %B %Y %X",
            "date": "%d/%m/%Y",
            "time": "%H.%M.%S",
            "periods": ["AM", "PM"],
            "days": days,
            "shortDays": [d[:3] for d in days],
            "months": months,
            "shortMonths": short,
        }
        return {"number": number, "time": time}
    return {"number": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["IDR ", ""]}}


def _configure(chart: alt.TopLevelMixin, lang: str, height: int | None = None) -> alt.TopLevelMixin:
    chart = chart.configure(locale=vega_locale(lang), font="Source Sans Pro, sans-serif")
    chart = chart.configure_axis(labelFontSize=13, titleFontSize=13, gridColor="#E6E9E8")
    chart = chart.configure_legend(labelFontSize=13, titleFontSize=13, orient="bottom", labelLimit=260)
    chart = chart.configure_view(stroke=None)
    return chart.properties(height=height) if height else chart


def coverage_chart(
    paths: pd.DataFrame,
    targets: pd.DataFrame,
    markers: pd.DataFrame,
    labels: Mapping[str, str],
    lang: str,
    bands: pd.DataFrame | None = None,
    height: int = 360,
) -> alt.TopLevelMixin:
    """Coverage paths of one region (baseline grey, scenario accent) with the target as a dashed line and the
    month the target is first reached marked; optional P10-P90 band of the scenario.

    paths: code, name, date, scenario_label, coverage_pct; targets: code, name, target_pct;
    markers: code, name, date, target_pct, scenario_label, text; bands: code, name, date, p10, p90.
    """
    color = alt.Color(
        "scenario_label:N",
        title=None,
        scale=alt.Scale(domain=[labels["baseline"], labels["scenario"]], range=[BASELINE_GREY, ACCENT]),
    )
    x = alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount="year", labelOverlap=True))
    y = alt.Y("coverage_pct:Q", title=labels["coverage_axis"], scale=alt.Scale(zero=False, nice=True))
    tooltip = [
        alt.Tooltip("name:N", title=labels["region"]),
        alt.Tooltip("scenario_label:N", title=labels["scenario_title"]),
        alt.Tooltip("date:T", title=labels["month"], format="%b %Y"),
        alt.Tooltip("coverage_pct:Q", title=labels["coverage"], format=".1f"),
    ]
    lines = alt.Chart(paths).mark_line(strokeWidth=2.5).encode(x=x, y=y, color=color, tooltip=tooltip)
    target_rule = (
        alt.Chart(targets)
        .mark_rule(strokeDash=[6, 4], color=TARGET_COLOR, strokeWidth=1.5)
        .encode(
            y="target_pct:Q",
            tooltip=[
                alt.Tooltip("name:N", title=labels["region"]),
                alt.Tooltip("target_pct:Q", title=labels["target"]),
            ],
        )
    )
    target_text = (
        alt.Chart(targets)
        .mark_text(align="left", dx=4, dy=-7, color=TARGET_COLOR, fontSize=12)
        .encode(y="target_pct:Q", x=alt.value(2), text="target_text:N")
    )
    dots = (
        alt.Chart(markers)
        .mark_point(filled=True, size=110, stroke="white", strokeWidth=1.5)
        .encode(
            x="date:T",
            y="target_pct:Q",
            color=color,
            tooltip=[alt.Tooltip("name:N", title=labels["region"]), alt.Tooltip("text:N", title=labels["reached"])],
        )
    )
    dot_text = (
        alt.Chart(markers)
        .mark_text(dy=18, fontSize=13, fontWeight="bold")
        .encode(x="date:T", y="target_pct:Q", text="year_text:N", color=color)
    )
    layers = [target_rule, target_text, lines, dots, dot_text]
    if bands is not None and len(bands):
        band = (
            alt.Chart(bands)
            .mark_area(opacity=0.18, color=ACCENT)
            .encode(
                x="date:T",
                y="p10:Q",
                y2="p90:Q",
                tooltip=[
                    alt.Tooltip("name:N", title=labels["region"]),
                    alt.Tooltip("year:O", title=labels["year"]),
                    alt.Tooltip("p10:Q", title="P10", format=".1f"),
                    alt.Tooltip("p90:Q", title="P90", format=".1f"),
                ],
            )
        )
        layers.insert(0, band)
    title = alt.TitleParams(str(paths["name"].iloc[0]), anchor="start", fontSize=15) if len(paths) else None
    chart = alt.layer(*layers).properties(height=height, width="container", title=title)
    return _configure(chart, lang)


def national_chart(paths: pd.DataFrame, labels: Mapping[str, str], lang: str, height: int = 260) -> alt.TopLevelMixin:
    """National coverage (potential-weighted) baseline vs scenario; paths: date, scenario_label, coverage_pct."""
    color = alt.Color(
        "scenario_label:N",
        title=None,
        scale=alt.Scale(domain=[labels["baseline"], labels["scenario"]], range=[BASELINE_GREY, ACCENT]),
    )
    chart = (
        alt.Chart(paths)
        .mark_line(strokeWidth=2.5)
        .encode(
            x=alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount="year", labelOverlap=True)),
            y=alt.Y("coverage_pct:Q", title=labels["coverage_axis"], scale=alt.Scale(zero=False)),
            color=color,
            tooltip=[
                alt.Tooltip("scenario_label:N", title=labels["scenario_title"]),
                alt.Tooltip("date:T", title=labels["month"], format="%b %Y"),
                alt.Tooltip("coverage_pct:Q", title=labels["coverage"], format=".1f"),
            ],
        )
    )
    return _configure(chart.properties(height=height, width="container"), lang)


def _class_scale(classes: Sequence[str]) -> alt.Scale:
    return alt.Scale(domain=list(classes), range=[*YEAR_CLASS_COLORS[: len(classes) - 1], YEAR_CLASS_COLORS[-1]])


def _map_tooltip(labels: Mapping[str, str]) -> list[alt.Tooltip]:
    return [
        alt.Tooltip("name:N", title=labels["region"]),
        alt.Tooltip("year_class:N", title=labels["target_year"]),
        alt.Tooltip("coverage_now_text:N", title=labels["coverage_now"]),
        alt.Tooltip("target_text:N", title=labels["target"]),
        alt.Tooltip("status_label:N", title=labels["status"]),
        alt.Tooltip("source:N", title=labels["source"]),
    ]


def map_chart(
    geo_url_or_values: str | list[dict],
    values: pd.DataFrame,
    classes: Sequence[str],
    labels: Mapping[str, str],
    lang: str,
    height: int = 380,
) -> alt.TopLevelMixin:
    """Choropleth of provinces coloured by the class of the year the target is reached; estimates dashed.

    values: code, name, year_class, status_label, is_estimate, coverage_now_text, target_text, source.
    The geometry is a GeoJSON FeatureCollection served by the app (a URL) or inline features.
    """
    if isinstance(geo_url_or_values, str):
        data = alt.Data(url=geo_url_or_values, format=alt.DataFormat(property="features", type="json"))
    else:
        data = alt.Data(values=geo_url_or_values)
    fields = list(values.columns.drop("code"))
    status_domain = [labels["status_reported"], labels["status_estimate"]]
    chart = (
        alt.Chart(data)
        .mark_geoshape(strokeWidth=1.2)
        .transform_lookup(lookup="properties.code", from_=alt.LookupData(values, "code", fields))
        .encode(
            color=alt.Color(
                "year_class:N", title=labels["target_year"], scale=_class_scale(classes), sort=list(classes)
            ),
            stroke=alt.Stroke(
                "status_label:N",
                title=labels["status"],
                scale=alt.Scale(domain=status_domain, range=["#FFFFFF", ESTIMATE_STROKE]),
            ),
            strokeDash=alt.StrokeDash(
                "status_label:N", title=labels["status"], scale=alt.Scale(domain=status_domain, range=[[1, 0], [3, 2]])
            ),
            tooltip=_map_tooltip(labels),
        )
        .project(type="mercator")
    )
    return _configure(chart.properties(height=height, width="container"), lang)


def tile_map_chart(
    grid: pd.DataFrame,
    values: pd.DataFrame,
    classes: Sequence[str],
    labels: Mapping[str, str],
    lang: str,
    height: int = 330,
) -> alt.TopLevelMixin:
    """Tile-grid cartogram: one equal square per province, so small provinces (DKI, DIY) stay readable.

    grid: code, abbr, col, row; values as for `map_chart`.
    """
    data = grid.merge(values, on="code", how="inner")
    base = alt.Chart(data).encode(
        x=alt.X("col:O", axis=None),
        y=alt.Y("row:O", axis=None),
        tooltip=_map_tooltip(labels),
    )
    status_domain = [labels["status_reported"], labels["status_estimate"]]
    tiles = base.mark_rect(cornerRadius=3, strokeWidth=2.5).encode(
        color=alt.Color("year_class:N", title=labels["target_year"], scale=_class_scale(classes), sort=list(classes)),
        stroke=alt.Stroke(
            "status_label:N",
            title=labels["status"],
            scale=alt.Scale(domain=status_domain, range=["#FFFFFF", ESTIMATE_STROKE]),
        ),
        strokeDash=alt.StrokeDash(
            "status_label:N", title=labels["status"], scale=alt.Scale(domain=status_domain, range=[[1, 0], [3, 2]])
        ),
    )
    text = base.mark_text(fontSize=10, fontWeight="bold").encode(
        text="abbr:N",
        color=alt.condition(alt.datum.dark_tile, alt.value("white"), alt.value("#1B1F1E")),
    )
    chart = alt.layer(tiles, text).properties(height=height, width="container")
    return _configure(chart, lang)


def bump_chart(
    ranks: pd.DataFrame, highlight: Sequence[str], labels: Mapping[str, str], lang: str, height: int = 520
) -> alt.TopLevelMixin:
    """Rank of every region by year (1 at the top); highlighted regions in colour, the rest grey.

    ranks: year, code, name, rank, highlighted (bool).
    """
    n = int(ranks["rank"].max())
    y = alt.Y(
        "rank:Q", title=labels["rank"], scale=alt.Scale(domain=[n + 0.5, 0.5], nice=False), axis=alt.Axis(tickMinStep=1)
    )
    x = alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0, labelOverlap=True))
    tooltip = [
        alt.Tooltip("name:N", title=labels["region"]),
        alt.Tooltip("year:O", title=labels["year"]),
        alt.Tooltip("rank:Q", title=labels["rank"]),
    ]
    background = (
        alt.Chart(ranks[~ranks["highlighted"]])
        .mark_line(color="#C9CFCD", strokeWidth=1.2)
        .encode(x=x, y=y, detail="code:N", tooltip=tooltip)
    )
    front = ranks[ranks["highlighted"]]
    color = alt.Color("name:N", title=None, scale=alt.Scale(scheme="dark2"))
    lines = (
        alt.Chart(front)
        .mark_line(strokeWidth=3, point=alt.OverlayMarkDef(size=45))
        .encode(x=x, y=y, color=color, tooltip=tooltip)
    )
    last = front[front["year"] == front["year"].max()]
    ends = (
        alt.Chart(last)
        .mark_text(align="left", dx=6, fontSize=12, fontWeight="bold")
        .encode(x=x, y=y, text="name:N", color=color)
    )
    return _configure(alt.layer(background, lines, ends).properties(height=height, width="container"), lang)


def segments_chart(
    members: pd.DataFrame, baseline_total: pd.DataFrame, labels: Mapping[str, str], lang: str, height: int = 320
) -> alt.TopLevelMixin:
    """Members by segment under the scenario (stacked), with the baseline total as a grey line.

    members: date, segment_label, members; baseline_total: date, members.
    """
    order = [labels["formal"], labels["self_paying"], labels["funded"]]
    area = (
        alt.Chart(members)
        .mark_area(opacity=0.85)
        .encode(
            x=alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount="year", labelOverlap=True)),
            y=alt.Y("members:Q", title=labels["members_axis"], stack="zero"),
            color=alt.Color(
                "segment_label:N",
                title=None,
                sort=order,
                scale=alt.Scale(domain=order, range=["#0B6E4F", "#5FB49C", "#E0A100"]),
            ),
            order=alt.Order("segment_order:Q"),
            tooltip=[
                alt.Tooltip("segment_label:N", title=labels["segment"]),
                alt.Tooltip("date:T", title=labels["month"], format="%b %Y"),
                alt.Tooltip("members:Q", title=labels["members"], format=",.0f"),
            ],
        )
    )
    line = (
        alt.Chart(baseline_total)
        .mark_line(color=BASELINE_GREY, strokeWidth=2, strokeDash=[2, 2])
        .encode(
            x="date:T",
            y="members:Q",
            tooltip=[
                alt.Tooltip("date:T", title=labels["month"], format="%b %Y"),
                alt.Tooltip("members:Q", title=labels["baseline_total"], format=",.0f"),
            ],
        )
    )
    return _configure(alt.layer(area, line).properties(height=height, width="container"), lang)


def probability_chart(
    probabilities: pd.DataFrame, labels: Mapping[str, str], lang: str, height: int = 240
) -> alt.TopLevelMixin:
    """Share of Monte Carlo draws at target by each year; probabilities: year, scenario_label, probability."""
    color = alt.Color(
        "scenario_label:N",
        title=None,
        scale=alt.Scale(domain=[labels["baseline"], labels["scenario"]], range=[BASELINE_GREY, ACCENT]),
    )
    chart = (
        alt.Chart(probabilities)
        .mark_line(interpolate="step-after", strokeWidth=2.5)
        .encode(
            x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0, labelOverlap=True)),
            y=alt.Y(
                "probability:Q",
                title=labels["probability_axis"],
                scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%"),
            ),
            color=color,
            tooltip=[
                alt.Tooltip("scenario_label:N", title=labels["scenario_title"]),
                alt.Tooltip("year:O", title=labels["year"]),
                alt.Tooltip("probability:Q", title=labels["probability"], format=".0%"),
            ],
        )
    )
    return _configure(chart.properties(height=height, width="container"), lang)
