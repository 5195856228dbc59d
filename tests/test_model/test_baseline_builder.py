"""The shipped baseline is exactly what the documented gap rules produce from the cited sources."""

from __future__ import annotations

import pandas as pd
import pytest

from model.baseline_builder import RATIO_CODES, build_regions, potential_ratio
from model.data import load_national, load_observations
from model.paths import REGIONS_CSV, SOURCES_DIR


def test_shipped_regions_csv_equals_builder_output():
    shipped = pd.read_csv(REGIONS_CSV, dtype={"code": str})
    built = build_regions()
    pd.testing.assert_frame_equal(
        shipped.reset_index(drop=True), built.reset_index(drop=True), check_dtype=False, atol=1e-9
    )


def test_estimation_ratio_is_the_median_of_the_six_sourced_provinces():
    population = pd.read_csv(SOURCES_DIR / "population_2024.csv", dtype={"code": str})
    ratio, ratios = potential_ratio(load_observations(), population)
    assert sorted(ratios) == sorted(RATIO_CODES)
    # data-facts §7: Jambi 0.352, Lampung 0.325, NTB 0.320, Bali 0.423, Sulsel 0.296, Aceh 0.288
    assert ratios["15"] == pytest.approx(0.352, abs=0.001)
    assert ratios["51"] == pytest.approx(0.423, abs=0.001)
    assert ratio == pytest.approx((0.3203 + 0.3247) / 2, abs=0.0005)


def test_estimated_potential_follows_the_rule():
    built = build_regions().set_index("code")
    population = pd.read_csv(SOURCES_DIR / "population_2024.csv", dtype={"code": str}).set_index("code")
    ratio, _ = potential_ratio(load_observations(), population.reset_index())
    jabar = built.loc["32"]
    assert jabar["potential_status"] == "estimate"
    assert jabar["potential_workers"] == round(population.loc["32", "population_thousand"] * 1000 * ratio)


def test_national_trend_assumption_matches_its_derivation():
    national = load_national()
    growth = (national["participants_2025_02"] / national["participants_2023_07"]) ** (12 / 19) - 1
    relative = (1 + growth) / (1 + national["labour_growth_pct"] / 100) - 1
    specs = pd.read_csv(SOURCES_DIR.parent / "assumptions.csv").set_index("key")
    assert specs.loc["national_trend_pct_per_year", "default"] == pytest.approx(100 * relative, abs=0.01)
