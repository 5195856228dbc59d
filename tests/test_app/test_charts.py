"""ui/charts.py: every chart builder gives valid Vega-Lite in both languages; specs are cached, copied, and sized
for a projector on demand (tested without Streamlit)."""

from __future__ import annotations

import pytest

from model import Levers, Scenario, Settings, project
from ui import charts, views
from ui.geo import GEOJSON_URL

CLASSES = tuple(views.year_classes("en"))
OPTIONS = {
    "coverage": {"height": 300, "band": True},
    "map": {"classes": CLASSES, "geo_url": GEOJSON_URL},
    "tiles": {"classes": CLASSES},
    "bump": {"n_regions": 38},
    "segments": {},
    "probability": {},
}


@pytest.fixture(scope="module")
def result(baseline):
    return project(baseline, Scenario.build(Levers(budget_bn=8, regulation_level=2)), settings=Settings(draws=30))


@pytest.mark.parametrize("kind", sorted(charts.BUILDERS))
@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_chart_is_valid_vega_lite(kind, lang):
    chart = charts.BUILDERS[kind](views.chart_labels(lang), lang, **OPTIONS[kind])
    spec = chart.to_dict()  # validates against the Vega-Lite schema
    assert spec["config"]["locale"]["number"]["decimal"] == ("," if lang == "id" else ".")


def test_spec_is_cached_but_returned_as_a_fresh_copy():
    labels = views.chart_labels("id")
    first = charts.spec("segments", labels, "id")
    first["mutated"] = True
    assert "mutated" not in charts.spec("segments", labels, "id")


def test_house_colours_and_dashed_target():
    text = str(charts.spec("coverage", views.chart_labels("id"), "id", height=300, band=True))
    assert charts.ACCENT in text and charts.BASELINE_GREY in text
    assert "strokeDash" in text


def test_named_datasets_match_what_pages_attach(result):
    spec = charts.spec("coverage", views.chart_labels("en"), "en", height=300, band=True)
    names = {layer["data"]["name"] for layer in spec["layer"]}
    assert names == {"paths", "targets", "markers", "bands"}
    paths, targets, markers, bands = views.coverage_frames(result, ["15"], "en", with_bands=True)
    full = charts.with_data(spec, paths=paths, targets=targets, markers=markers, bands=bands)
    assert set(full["datasets"]) == names
    assert "datasets" not in spec  # the cached spec is not modified


def test_vega_locale_writes_numbers_and_months_the_readers_way():
    bahasa, english = charts.vega_locale("id"), charts.vega_locale("en")
    assert (bahasa["number"]["decimal"], bahasa["number"]["thousands"]) == (",", ".")
    assert (english["number"]["decimal"], english["number"]["thousands"]) == (".", ",")
    assert bahasa["time"]["shortMonths"][4] == "Mei" and len(bahasa["time"]["months"]) == 12
    assert bahasa["number"]["currency"] == ["Rp", ""] and english["number"]["currency"] == ["IDR ", ""]


def test_projector_specs_have_large_dark_text_one_legend_column_and_bigger_marks():
    plain = charts.spec("coverage", views.chart_labels("id"), "id", height=300, band=True)
    big = charts.spec("coverage", views.chart_labels("id"), "id", projector=True, height=300, band=True)
    assert big["config"]["axis"]["labelFontSize"] == charts.PROJECTOR_FONT
    assert big["config"]["legend"]["titleColor"] == charts.PROJECTOR_TEXT
    assert big["config"]["legend"]["columns"] == 1

    def font_sizes(node):
        if isinstance(node, dict):
            mark = node.get("mark")
            own = [mark["fontSize"]] if isinstance(mark, dict) and "fontSize" in mark else []
            return own + [s for k, v in node.items() if k not in ("data", "datasets") for s in font_sizes(v)]
        if isinstance(node, list):
            return [s for item in node for s in font_sizes(item)]
        return []

    before, after = font_sizes(plain), font_sizes(big)
    assert before and after == [round(s * charts.PROJECTOR_MARK_SCALE) for s in before]
    assert plain["config"]["axis"]["labelFontSize"] < charts.PROJECTOR_FONT  # the cached spec is untouched
    again = charts.spec("coverage", views.chart_labels("id"), "id", height=300, band=True)
    assert again == plain


def test_for_projector_puts_every_legend_in_one_column_and_leaves_data_alone():
    spec = {"layer": [{"encoding": {"color": {"legend": {"columns": 3}}}}], "datasets": {"x": [{"legend": 1}]}}
    out = charts.for_projector(spec)
    assert out["layer"][0]["encoding"]["color"]["legend"]["columns"] == 1
    assert spec["layer"][0]["encoding"]["color"]["legend"]["columns"] == 3
    assert out["datasets"] == spec["datasets"]


def test_room_chart_gives_an_altair_chart_the_readers_numbers_and_projector_text():
    """The analysis page's maps, bands and tornado: Vega's default locale wrote "80.0" on a Bahasa legend."""
    import altair as alt
    import pandas as pd

    chart = alt.Chart(pd.DataFrame({"x": [1.5], "y": [80.0]})).mark_point().encode(x="x:Q", y="y:Q")
    bahasa = charts.room_chart(chart, "id").to_dict()
    assert (
        bahasa["config"]["locale"]["number"]["decimal"] == ","
        and bahasa["config"]["locale"]["number"]["thousands"] == "."
    )
    assert charts.room_chart(chart, "en").to_dict()["config"]["locale"]["number"]["decimal"] == "."
    assert "axis" not in bahasa["config"] or bahasa["config"]["axis"].get("labelFontSize") != charts.PROJECTOR_FONT
    projector = charts.room_chart(chart, "id", projector=True).to_dict()["config"]
    assert projector["axis"]["labelFontSize"] == projector["legend"]["labelFontSize"] == charts.PROJECTOR_FONT
    assert projector["axis"]["labelColor"] == charts.PROJECTOR_TEXT
