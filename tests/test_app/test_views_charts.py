"""Chart builders and page view-models, tested without Streamlit."""

from __future__ import annotations

import numpy as np
import pytest

from model import BASELINE, SCENARIO, Levers, Scenario, Settings, project
from ui import charts, views


@pytest.fixture(scope="module")
def result(baseline):
    return project(baseline, Scenario.build(Levers(budget_bn=8, regulation_level=2)), settings=Settings(draws=30))


def test_coverage_chart_is_valid_vega_lite_with_house_colours(result):
    paths, targets, markers, bands = views.coverage_frames(result, ["15"], "id", with_bands=True)
    spec = charts.coverage_chart(paths, targets, markers, views.chart_labels("id"), "id", bands).to_dict()
    text = str(spec)
    assert charts.ACCENT in text and charts.BASELINE_GREY in text
    assert "strokeDash" in text  # the target line
    assert spec["config"]["locale"]["number"]["decimal"] == ","


def test_coverage_frames_for_several_regions_start_at_each_data_date(result):
    paths, _, _, bands = views.coverage_frames(result, ["15", "64"], "en", with_bands=True)
    assert set(paths["code"]) == {"15", "64"}
    first = paths.groupby("code")["date"].min()
    assert first["15"].year == 2024 and first["64"].year == 2023
    assert (bands["p10"] <= bands["p90"] + 1e-9).all()


def test_markers_sit_at_the_first_month_at_target(result):
    _, _, markers, _ = views.coverage_frames(result, ["15"], "en", with_bands=False)
    scenario = markers[markers["scenario_label"] == views.scenario_labels("en")["scenario"]]
    t = result.target_t[SCENARIO, 0, result.codes.index("15")]
    if t >= 0:
        assert scenario["date"].iloc[0] == result.grid.dates[t]


def test_map_values_classify_every_region(result):
    values = views.map_values(result, SCENARIO, "id")
    assert len(values) == 38
    assert set(values["year_class"]) <= set(views.year_classes("id"))
    assert values["is_estimate"].sum() == (result.frame["status"] == "estimate").sum()
    sulut = values.set_index("code").loc["71"]
    assert sulut["year_class"] == "Sudah tercapai"


def test_map_and_tile_charts_build(result):
    values = views.map_values(result, BASELINE, "en")
    grid = values[["code"]].assign(abbr=values["code"], col=np.arange(38) % 10, row=np.arange(38) // 10)
    labels = views.chart_labels("en")
    classes = views.year_classes("en")
    charts.tile_map_chart(grid, values, classes, labels, "en").to_dict()
    spec = charts.map_chart("app/static/provinces.geojson", values, classes, labels, "en").to_dict()
    assert spec["data"]["url"].endswith("provinces.geojson")


def test_region_table_shows_target_year_and_rank_arrows(result):
    table = views.region_table(result, "en")
    assert len(table) == 38
    assert {"▲", "▼", "="} & {x[0] for x in table["Up/down"]}
    assert table["Region"].str.contains("≈ estimate").sum() == (result.frame["status"] == "estimate").sum()


def test_rank_arrow():
    assert views.rank_arrow(3) == "▲3"
    assert views.rank_arrow(-2) == "▼2"
    assert views.rank_arrow(0) == "="


def test_bump_and_other_charts_build(result):
    ranks = result.ranks_by_year()
    ranks = ranks[ranks["scenario"] == "scenario"].assign(
        name=lambda d: d["code"], highlighted=lambda d: d["code"] == "15"
    )
    charts.bump_chart(ranks, ["15"], views.chart_labels("id"), "id").to_dict()
    paths = result.national_path().assign(scenario_label=lambda d: d["scenario"].map(views.scenario_labels("id")))
    charts.national_chart(paths, views.chart_labels("id"), "id").to_dict()
