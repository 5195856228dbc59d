"""ui/geo.py: the offline map's geometry: which shapes a table gets, where labels sit, and the layers per style."""

from __future__ import annotations

from pathlib import Path

import pytest

from model import SCENARIO, Settings, load_regions, project
from ui import geo

MESSY = Path(__file__).resolve().parents[1] / "data" / "messy"


def test_a_single_provinces_regencies_get_its_shapes_and_other_tables_the_provinces():
    assert geo.regency_province(["18.01", "18.02", "18.71"]) == "18"
    assert geo.geo_url_for(["18.01", "18.71"]) == "app/static/regencies/18.geojson"
    assert geo.regency_province(["18.01", "19.01"]) is None  # two provinces
    assert geo.regency_province(["11", "12"]) is None  # provinces
    assert geo.regency_province(["S0001"]) is None
    assert geo.geo_url_for(["11", "12"]) == geo.GEOJSON_URL


def test_geometry_exists_for_provinces_and_regencies_not_for_made_up_codes(baseline):
    assert geo.has_geometry(baseline.codes) and geo.has_geometry(baseline.codes, "tiles")
    assert geo.has_geometry(["18.01", "18.71"], "tiles")  # regencies are drawn as shapes whatever the style
    assert not geo.has_geometry(["S0001", "S0002"])


def test_ring_centroid_of_a_square_and_a_degenerate_ring():
    area, lon, lat = geo._ring_centroid([[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]])
    assert (area, lon, lat) == pytest.approx((4.0, 1.0, 1.0))
    assert geo._ring_centroid([[1, 1], [1, 1], [1, 1]]) == (0.0, 1.0, 1.0)


def test_labels_sit_inside_indonesia_one_per_province(baseline):
    points = geo.label_points()
    assert sorted(points["code"]) == sorted(baseline.codes)
    assert points["lon"].between(94, 142).all() and points["lat"].between(-11.5, 6.5).all()
    assert points["abbr"].notna().all()


@pytest.fixture(scope="module")
def result(baseline):
    return project(baseline, settings=Settings(draws=0))


def test_map_layers_per_style(result):
    kind, data, options = geo.map_layers(result, SCENARIO, "id")
    assert kind == "map" and options["geo_url"] == geo.GEOJSON_URL and len(data["regions"]) == 38
    kind, data, _ = geo.map_layers(result, SCENARIO, "id", style="tiles")
    assert kind == "tiles" and {"col", "row", "abbr"} <= set(data["tiles"].columns) and len(data["tiles"]) == 38
    _, data, options = geo.map_layers(result, SCENARIO, "en", names=True)
    assert options["names"] is True and data["regions"]["lon"].notna().all()


def test_a_regency_table_of_several_provinces_draws_the_chosen_one():
    table = load_regions(MESSY / "several_provinces.csv")
    result = project(table, settings=Settings(draws=0))
    assert geo.map_layers(result, SCENARIO, "id") is None  # several provinces and no province chosen
    kind, data, options = geo.map_layers(result, SCENARIO, "id", province="92")
    assert kind == "map" and options["geo_url"] == "app/static/regencies/92.geojson"
    assert data["regions"]["code"].str.startswith("92.").all() and len(data["regions"]) == 7
