"""Chart builders: plain functions (no Streamlit) that describe each chart with Altair, testable on their own.

Each builder depends only on words, language and sizes; the data comes in as *named datasets* ("paths",
"targets", ...). So a chart's Vega-Lite spec is built and validated once per language (`spec`, cached) and
each rerun only attaches fresh data frames (`with_data`) — Altair's object construction and schema
validation cost tens of milliseconds per chart, too much to pay on every slider move.

House style (shared/design/ui.md): baseline grey, scenario in the one accent colour, targets dashed,
a colour-blind-safe sequential scale for years, estimates outlined with a dashed stroke; every mark carries
a tooltip that says what it is and where it comes from.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Mapping
from functools import lru_cache

import altair as alt
import pandas as pd

__all__ = [
    "ACCENT",
    "BASELINE_GREY",
    "TARGET_COLOR",
    "YEAR_CLASS_COLORS",
    "BUILDERS",
    "vega_locale",
    "spec",
    "for_projector",
    "room_chart",
    "with_data",
    "coverage_chart",
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
# Colour-blind-safe sequential (ColorBrewer YlGnBu): earlier target years are darker; last = not by horizon.
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


def _configure(chart: alt.TopLevelMixin, lang: str) -> alt.TopLevelMixin:
    chart = chart.configure(locale=vega_locale(lang), font="Source Sans Pro, sans-serif")
    chart = chart.configure_axis(labelFontSize=13, titleFontSize=13, gridColor="#E6E9E8")
    chart = chart.configure_legend(labelFontSize=13, titleFontSize=13, orient="bottom", labelLimit=260)
    return chart.configure_view(stroke=None)


def _named(name: str) -> alt.NamedData:
    return alt.NamedData(name=name)


def _scenario_color(labels: Mapping[str, str]) -> alt.Color:
    return alt.Color(
        "scenario_label:N",
        title=None,
        scale=alt.Scale(domain=[labels["baseline"], labels["scenario"]], range=[BASELINE_GREY, ACCENT]),
        legend=alt.Legend(columns=1),  # one entry per line: fits half a 1024-px screen and a phone
    )


def _time_x() -> alt.X:
    return alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount="year", labelOverlap=True))


def coverage_chart(labels: Mapping[str, str], lang: str, height: int = 360, band: bool = True) -> alt.TopLevelMixin:
    """Coverage paths of one region (baseline grey, scenario accent), the target as a dashed line, a dot at the
    month the target is first reached, and (optionally) the scenario's P10-P90 band.

    Datasets: paths (date, scenario_label, coverage_pct, name), targets (target_pct, target_text, name),
    markers (date, target_pct, scenario_label, year_text, text, name), bands (date, year, p10, p90, name).
    """
    color = _scenario_color(labels)
    y = alt.Y("coverage_pct:Q", title=labels["coverage_axis"], scale=alt.Scale(zero=False, nice=True))
    tooltip = [
        alt.Tooltip("name:N", title=labels["region"]),
        alt.Tooltip("scenario_label:N", title=labels["scenario_title"]),
        alt.Tooltip("date:T", title=labels["month"], format="%b %Y"),
        alt.Tooltip("coverage_pct:Q", title=labels["coverage"], format=".1f"),
    ]
    lines = (
        alt.Chart(_named("paths"))
        .mark_line(strokeWidth=2.5)
        .encode(
            x=_time_x(),
            y=y,
            color=color,
            # The baseline is drawn dashed, so it stays visible where the scenario line lies on top of it.
            strokeDash=alt.StrokeDash(
                "scenario_label:N",
                legend=None,
                scale=alt.Scale(domain=[labels["scenario"], labels["baseline"]], range=[[1, 0], [5, 3]]),
            ),
            tooltip=tooltip,
        )
    )
    target_rule = (
        alt.Chart(_named("targets"))
        .mark_rule(strokeDash=[6, 4], color=TARGET_COLOR, strokeWidth=1.5)
        .encode(
            y="target_pct:Q",
            tooltip=[
                alt.Tooltip("name:N", title=labels["region"]),
                alt.Tooltip("target_text:N", title=labels["target"]),
            ],
        )
    )
    target_text = (
        alt.Chart(_named("targets"))
        .mark_text(align="left", baseline="bottom", dx=4, dy=-4, color=TARGET_COLOR, fontSize=12)
        .encode(y="target_pct:Q", x=alt.value(2), text="target_text:N")
    )
    dots = (
        alt.Chart(_named("markers"))
        .mark_point(filled=True, size=110, stroke="white", strokeWidth=1.5)
        .encode(
            x="date:T",
            y="target_pct:Q",
            color=color,
            tooltip=[alt.Tooltip("name:N", title=labels["region"]), alt.Tooltip("text:N", title=labels["reached"])],
        )
    )
    dot_text = (
        alt.Chart(_named("markers"))
        .mark_text(dy=18, fontSize=13, fontWeight="bold")
        .encode(x="date:T", y="target_pct:Q", text="year_text:N", color=color)
    )
    layers = [target_rule, target_text, lines, dots, dot_text]
    if band:
        area = (
            alt.Chart(_named("bands"))
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
        layers.insert(0, area)
    return _configure(alt.layer(*layers).properties(height=height), lang)


def _class_color(labels: Mapping[str, str], classes: tuple[str, ...]) -> alt.Color:
    scale = alt.Scale(domain=list(classes), range=[*YEAR_CLASS_COLORS[: len(classes) - 1], YEAR_CLASS_COLORS[-1]])
    # Three legend columns wrap onto a phone's width; one long row would be cut off at 390 px.
    legend = alt.Legend(columns=3, symbolType="square")
    return alt.Color("year_class:N", title=labels["target_year"], scale=scale, sort=list(classes), legend=legend)


def _status_channels(labels: Mapping[str, str]) -> tuple[alt.Stroke, alt.StrokeDash]:
    domain = [labels["status_reported"], labels["status_estimate"]]
    legend = alt.Legend(columns=1)
    stroke_scale = alt.Scale(domain=domain, range=["#FFFFFF", ESTIMATE_STROKE])
    stroke = alt.Stroke("status_label:N", title=labels["status"], scale=stroke_scale, legend=legend)
    dash_scale = alt.Scale(domain=domain, range=[[1, 0], [3, 2]])
    dash = alt.StrokeDash("status_label:N", title=labels["status"], scale=dash_scale, legend=legend)
    return stroke, dash


def _map_tooltip(labels: Mapping[str, str], chance_title: str | None = None) -> list[alt.Tooltip]:
    chance = [alt.Tooltip("chance_text:N", title=chance_title)] if chance_title else []
    return [
        alt.Tooltip("name:N", title=labels["region"]),
        *chance,
        alt.Tooltip("year_class:N", title=labels["target_year"]),
        alt.Tooltip("coverage_now_text:N", title=labels["coverage_now"]),
        alt.Tooltip("target_text:N", title=labels["target"]),
        alt.Tooltip("status_label:N", title=labels["status"]),
        alt.Tooltip("source:N", title=labels["source"]),
    ]


MAP_FIELDS = ["name", "year_class", "status_label", "coverage_now_text", "target_text", "source"]
CHANCE_FIELDS = ["chance", "chance_text"]
# Colour-blind-safe sequential (ColorBrewer Blues), light = unlikely, dark = likely: the chance of the target.
CHANCE_COLORS = ["#F7FBFF", "#C6DBEF", "#6BAED6", "#2171B5", "#08306B"]


def _fill(labels: Mapping[str, str], classes: tuple[str, ...], chance_title: str | None) -> alt.Color:
    """The map's colour: the class of the target year, or (with `chance_title`) the chance of the target."""
    if not chance_title:
        return _class_color(labels, classes)
    scale = alt.Scale(domain=[0, 1], range=CHANCE_COLORS)
    legend = alt.Legend(format="%", values=[0, 0.25, 0.5, 0.75, 1], gradientLength=160)
    return alt.Color("chance:Q", title=chance_title, scale=scale, legend=legend)


def map_chart(
    labels: Mapping[str, str],
    lang: str,
    classes: tuple[str, ...],
    geo_url: str,
    height: int = 300,
    names: bool = False,
    chance_title: str | None = None,
    aspect: float = 2.72,
) -> alt.TopLevelMixin:
    """Choropleth of provinces coloured by the class of the year the target is reached; estimates dashed.

    The geometry is a GeoJSON FeatureCollection served by the app itself (`geo_url`, fetched once by the
    browser); dataset: regions (code + MAP_FIELDS, and lon, lat, abbr for the labels). With `names`, each
    province's short name is written at its centre (for a projector: a room cannot hover for tooltips), as
    many as fit without overlapping at the map's drawn size, the provinces with the most workers first
    (`aspect`: width / height of the shapes' extent, ui/geo.py).
    With `chance_title` the colour is the chance of reaching the target by the rank year (dataset also has
    CHANCE_FIELDS), said first in the tooltip.
    """
    geometry = alt.Data(url=geo_url, format=alt.DataFormat(property="features", type="json"))
    stroke, dash = _status_channels(labels)
    fields = MAP_FIELDS + (CHANCE_FIELDS if chance_title else [])
    tooltip = _map_tooltip(labels, chance_title)
    shapes = (
        alt.Chart(geometry)
        .mark_geoshape(strokeWidth=1.2)
        .transform_lookup(lookup="properties.code", from_=alt.LookupData(_named("regions"), "code", fields))
        .encode(color=_fill(labels, classes, chance_title), stroke=stroke, strokeDash=dash, tooltip=tooltip)
    )
    if not names:
        return _configure(shapes.project(type="mercator").properties(height=height), lang)
    fits = _label_fit_expr(aspect)
    text = (
        alt.Chart(_named("regions"))
        .transform_filter(fits)
        .mark_text(
            fontSize=MAP_LABEL_FONT, fontWeight="bold", color="#1B1F1E", stroke="#FFFFFF", strokeWidth=3,
            strokeOpacity=0.85,
        )
        .encode(longitude="lon:Q", latitude="lat:Q", text="abbr:N", tooltip=tooltip)
    )  # fmt: skip
    # The halo (white stroke) is drawn under the letters by a second text mark without stroke.
    letters = alt.Chart(_named("regions")).transform_filter(fits)
    letters = letters.mark_text(fontSize=MAP_LABEL_FONT, fontWeight="bold", color="#1B1F1E")
    letters = letters.encode(longitude="lon:Q", latitude="lat:Q", text="abbr:N", tooltip=tooltip)
    layered = alt.layer(shapes, text, letters).project(type="mercator").properties(height=height)
    return _configure(layered, lang)


MAP_LABEL_FONT = 10  # px before the projector's scale (names are written in presentation mode only: 15 px)


def _label_fit_expr(aspect: float) -> str:
    """A Vega expression true for the names that fit on the map as drawn (ui/geo.py label_fits): the drawn
    width is the chart's width, or less when its height limits the map (height x the shapes' aspect)."""
    from .geo import LABEL_WIDTHS

    drawn = f"min(width, height * {aspect})"
    expr = f"datum.fit_{LABEL_WIDTHS[0]}"
    for width in LABEL_WIDTHS[1:]:
        expr = f"({drawn} >= {width} ? datum.fit_{width} : {expr})"
    return expr


def tile_map_chart(
    labels: Mapping[str, str],
    lang: str,
    classes: tuple[str, ...],
    height: int = 330,
    chance_title: str | None = None,
) -> alt.TopLevelMixin:
    """Tile-grid cartogram: one equal square per province, so small provinces (DKI, DIY) stay readable.

    Dataset: tiles (code, abbr, col, row, dark_tile + MAP_FIELDS, + CHANCE_FIELDS with `chance_title`).
    """
    base = alt.Chart(_named("tiles")).encode(
        x=alt.X("col:O", axis=None), y=alt.Y("row:O", axis=None), tooltip=_map_tooltip(labels, chance_title)
    )
    stroke, dash = _status_channels(labels)
    tiles = base.mark_rect(cornerRadius=3, strokeWidth=2.5).encode(
        color=_fill(labels, classes, chance_title), stroke=stroke, strokeDash=dash
    )
    text = base.mark_text(fontSize=10, fontWeight="bold").encode(
        text="abbr:N", color=alt.condition(alt.datum.dark_tile, alt.value("white"), alt.value("#1B1F1E"))
    )
    return _configure(alt.layer(tiles, text).properties(height=height), lang)


def bump_chart(labels: Mapping[str, str], lang: str, n_regions: int, height: int = 520) -> alt.TopLevelMixin:
    """Rank of every region by year (1 at the top); highlighted regions coloured, the rest grey.

    Datasets: ranks (year, code, name, rank) for the grey lines, front (the highlighted ones), ends (their
    last year, for labels).
    """
    y = alt.Y(
        "rank:Q",
        title=labels["rank"],
        scale=alt.Scale(domain=[n_regions + 0.5, 0.5], nice=False),
        # every rank when they fit (a province's 7 regencies), else 1, 5, 10 ...
        axis=alt.Axis(values=list(range(1, n_regions + 1)) if n_regions <= 15 else [1, *range(5, n_regions + 1, 5)]),
    )
    height = min(height, max(160, 40 + 30 * n_regions))  # a short table gets a short chart
    x = alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0, labelOverlap=True))
    tooltip = [
        alt.Tooltip("name:N", title=labels["region"]),
        alt.Tooltip("year:O", title=labels["year"]),
        alt.Tooltip("rank:Q", title=labels["rank"]),
    ]
    background = (
        alt.Chart(_named("ranks"))
        .mark_line(color="#C9CFCD", strokeWidth=1.2)
        .encode(x=x, y=y, detail="code:N", tooltip=tooltip)
    )
    color = alt.Color("name:N", title=None, scale=alt.Scale(scheme="dark2"))
    lines = (
        alt.Chart(_named("front"))
        .mark_line(strokeWidth=3, point=alt.OverlayMarkDef(size=45))
        .encode(x=x, y=y, color=color, tooltip=tooltip)
    )
    ends = (
        alt.Chart(_named("ends"))
        .mark_text(align="left", dx=6, fontSize=12, fontWeight="bold")
        .encode(x=x, y=y, text="name:N", color=color)
    )
    return _configure(alt.layer(background, lines, ends).properties(height=height), lang)


def segments_chart(labels: Mapping[str, str], lang: str, height: int = 320, village: bool = False) -> alt.TopLevelMixin:
    """Members by segment under the scenario (stacked), with the baseline total as a grey dotted line;
    `village`: the table gives the village apparatus segment, so its APBDes-funded members are a fourth band.

    Datasets: members (date, segment_label, segment_order, members), baseline (date, members).
    """
    order = [labels["formal"], labels["self_paying"], labels["funded"]]
    colours = ["#0B6E4F", "#5FB49C", "#E0A100"]
    if village:
        order, colours = [*order, labels["village_funded"]], [*colours, "#8C4A9E"]
    area = (
        alt.Chart(_named("members"))
        .mark_area(opacity=0.85)
        .encode(
            x=_time_x(),
            y=alt.Y("members:Q", title=labels["members_axis"], stack="zero"),
            color=alt.Color(
                "segment_label:N",
                title=None,
                sort=order,
                scale=alt.Scale(domain=order, range=colours),
                legend=alt.Legend(columns=1),  # one row of three long names is cut at 390 px and on a projector
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
        alt.Chart(_named("baseline"))
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
    return _configure(alt.layer(area, line).properties(height=height), lang)


def probability_chart(labels: Mapping[str, str], lang: str, height: int = 240) -> alt.TopLevelMixin:
    """Share of Monte Carlo draws at target by each year. Dataset: probabilities (year, scenario_label,
    probability)."""
    chart = (
        alt.Chart(_named("probabilities"))
        .mark_line(interpolate="step-after", strokeWidth=2.5)
        .encode(
            x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0, labelOverlap=True)),
            y=alt.Y(
                "probability:Q",
                title=labels["probability_axis"],
                scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%"),
            ),
            color=_scenario_color(labels),
            tooltip=[
                alt.Tooltip("scenario_label:N", title=labels["scenario_title"]),
                alt.Tooltip("year:O", title=labels["year"]),
                alt.Tooltip("probability:Q", title=labels["probability"], format=".0%"),
            ],
        )
    )
    return _configure(chart.properties(height=height), lang)


BUILDERS: dict[str, Callable[..., alt.TopLevelMixin]] = {
    "coverage": coverage_chart,
    "map": map_chart,
    "tiles": tile_map_chart,
    "bump": bump_chart,
    "segments": segments_chart,
    "probability": probability_chart,
}


@lru_cache(maxsize=128)
def _cached_spec(kind: str, labels_json: str, lang: str, options_json: str) -> str:
    builder = BUILDERS[kind]
    chart = builder(json.loads(labels_json), lang, **json.loads(options_json))
    out = chart.to_dict()  # validated against the Vega-Lite schema, once per key
    if kind in STACKED_LEGENDS:  # Vega's own legend layout (Vega-Lite types it as an expression only)
        out.setdefault("config", {}).setdefault("legend", {})["layout"] = dict(LEGENDS_ONE_BELOW_THE_OTHER)
    return json.dumps(out)


# The maps' two legends (the colour classes, and reported vs estimated data) one below the other: side by side
# the second ran past a 390-px phone's edge, where Vega cuts it ("Data" and its symbols half shown).
STACKED_LEGENDS = ("map", "tiles")
LEGENDS_ONE_BELOW_THE_OTHER = {"bottom": {"anchor": "start", "direction": "vertical", "margin": 8}}


def spec(kind: str, labels: Mapping[str, str], lang: str, *, projector: bool = False, **options) -> dict:
    """The chart's Vega-Lite spec without data (a fresh copy; built and validated once per arguments).

    `projector`: text sized and coloured to be read from the back of a room (presentation mode).
    """
    text = _cached_spec(kind, json.dumps(dict(labels), sort_keys=True), lang, json.dumps(options, sort_keys=True))
    chart_spec = json.loads(text)
    if kind in STACKED_LEGENDS:
        if projector:  # the colour classes in two columns where the map is wide enough: a larger map above them
            return for_projector(chart_spec, legend_columns={"expr": "width >= 520 ? 2 : 1"})
        # The legends stacked below the map take ~80 px more; the map keeps its own height (a phone's 300-px
        # chart would otherwise draw Indonesia 80 px high).
        chart_spec["height"] = chart_spec.get("height", 300) + STACKED_LEGEND_PX
    return for_projector(chart_spec) if projector else chart_spec


STACKED_LEGEND_PX = 80


PROJECTOR_TEXT = "#1B1F1E"  # the app's text colour: dark on white, not the light grey of default axes
PROJECTOR_FONT = 20  # px: axis and legend text at 1024x768 on a projector (default charts use 11-13 px)
PROJECTOR_MARK_SCALE = 1.5  # labels drawn in the chart (target line, years, names) grow by this much


def for_projector(chart_spec: dict, legend_columns: int | dict = 1) -> dict:
    """A spec with large dark axis, legend and label text (a new dict; the input is not changed).
    `legend_columns`: for legends of several columns (a number, or a Vega expression on the chart's width)."""
    out = copy.deepcopy(chart_spec)
    config = out.setdefault("config", {})
    text = {"labelFontSize": PROJECTOR_FONT, "titleFontSize": PROJECTOR_FONT, "labelColor": PROJECTOR_TEXT}
    config["axis"] = {**config.get("axis", {}), **text, "titleColor": PROJECTOR_TEXT, "labelLimit": 400}
    config["legend"] = {**config.get("legend", {}), **text, "titleColor": PROJECTOR_TEXT, "symbolSize": 220}
    config["legend"]["labelLimit"] = 500
    config["legend"]["titleLimit"] = 600
    config["legend"]["columns"] = 1
    # Several legends under a chart one below the other, not side by side past its right edge (Vega layout).
    config["legend"]["layout"] = dict(LEGENDS_ONE_BELOW_THE_OTHER)
    _scale_marks(out)
    _one_legend_column(out, legend_columns)
    return out


def _one_legend_column(node: object, columns: int | dict = 1) -> None:
    """Legends one entry per line: at projector size a row of entries runs past the chart's right edge,
    where Vega cuts it off."""
    if isinstance(node, dict):
        legend = node.get("legend")
        if isinstance(legend, dict) and legend.get("columns", 1) != 1:
            legend["columns"] = columns
        for key, value in node.items():
            if key not in ("datasets", "data"):
                _one_legend_column(value, columns)
    elif isinstance(node, list):
        for item in node:
            _one_legend_column(item, columns)


def _scale_marks(node: object) -> None:
    """Every text mark's fontSize (and halo) times PROJECTOR_MARK_SCALE, wherever it sits in the layers."""
    if isinstance(node, dict):
        mark = node.get("mark")
        if isinstance(mark, dict) and "fontSize" in mark:
            mark["fontSize"] = round(mark["fontSize"] * PROJECTOR_MARK_SCALE)
        for key, value in node.items():
            if key not in ("datasets", "data"):
                _scale_marks(value)
    elif isinstance(node, list):
        for item in node:
            _scale_marks(item)


def room_chart(chart: alt.TopLevelMixin, lang: str, *, projector: bool = False) -> alt.TopLevelMixin:
    """An Altair chart made outside `spec` (the analysis page's maps and bands) configured like the app's own:
    the reader's number locale and, for a projector, the large dark axis and legend text of `for_projector`."""
    chart = chart.configure(locale=vega_locale(lang))
    if projector:
        text = {"labelFontSize": PROJECTOR_FONT, "titleFontSize": PROJECTOR_FONT, "labelColor": PROJECTOR_TEXT}
        chart = chart.configure_axis(**text, titleColor=PROJECTOR_TEXT, labelLimit=400)
        chart = chart.configure_legend(**text, titleColor=PROJECTOR_TEXT, labelLimit=500, titleLimit=600)
    return chart


def with_data(chart_spec: dict, **frames: pd.DataFrame | bytes) -> dict:
    """Attach this rerun's data (frames, or Arrow bytes already) to a spec's named datasets."""
    out = copy.copy(chart_spec)
    out["datasets"] = {**chart_spec.get("datasets", {}), **frames}
    return out
