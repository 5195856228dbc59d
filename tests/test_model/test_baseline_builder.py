"""The shipped baseline is exactly what the documented gap rules produce from the cited sources."""

from __future__ import annotations

import numpy as np
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
    # data-facts §7: Jambi 0.352, Bali 0.423; Lampung's latest sourced potential is now 2.8 M (Aug 2025, was
    # 3.06 M), so its ratio and the median moved with the new figure.
    assert ratios["15"] == pytest.approx(0.352, abs=0.001)
    assert ratios["51"] == pytest.approx(0.423, abs=0.001)
    assert ratio == pytest.approx(float(np.median(list(ratios.values()))))
    assert 0.28 < ratio < 0.36


def test_estimated_potential_follows_the_rule():
    built = build_regions().set_index("code")
    population = pd.read_csv(SOURCES_DIR / "population_2024.csv", dtype={"code": str}).set_index("code")
    ratio, _ = potential_ratio(load_observations(), population.reset_index())
    jabar = built.loc["32"]
    assert jabar["potential_status"] == "estimate"
    assert jabar["potential_workers"] == round(population.loc["32", "population_thousand"] * 1000 * ratio)


def test_national_trend_assumption_matches_its_derivation():
    """Re-derived without the 2024 spike: Dec 2022 -> Jun 2025 (2.5 years), net of labour-force growth."""
    national = load_national()
    growth = (national["participants_2025_06"] / national["participants_2022_12"]) ** (1 / 2.5) - 1
    relative = (1 + growth) / (1 + national["labour_growth_pct"] / 100) - 1
    specs = pd.read_csv(SOURCES_DIR.parent / "assumptions.csv").set_index("key")
    assert specs.loc["national_trend_pct_per_year", "default"] == pytest.approx(100 * relative, abs=0.01)


def test_at_most_three_provinces_on_an_estimate_each_saying_why():
    from model.baseline_builder import ESTIMATE_REASONS, build_regions

    frame = build_regions()
    estimated = sorted(frame.loc[frame["coverage_status"] == "estimate", "code"])
    assert estimated == ["32", "76", "95"]  # Jawa Barat, Sulawesi Barat, Papua Pegunungan
    for code in estimated:
        note = frame.loc[frame["code"] == code, "note"].iloc[0]
        assert ESTIMATE_REASONS[code] in note


def test_jambi_ranks_15th_to_17th_of_38_today():
    from model.data import load_baseline
    from model.projection import project

    result = project(load_baseline())
    rank = int(result.rank_now[result.codes.index("15")])
    assert 15 <= rank <= 17


def test_every_observation_names_its_basis():
    from model.data import load_observations

    basis = load_observations()["basis"]
    kinds = ("potensi pekerja", "angkatan kerja", "penduduk bekerja", "labour force without ASN/TNI/Polri", "unknown")
    assert basis.notna().all()
    assert all(b.startswith(kinds) for b in basis)


def test_builder_handles_percent_only_counts_only_and_both():
    import pandas as pd

    from model.baseline_builder import build_regions
    from model.data import load_observations

    obs = load_observations()
    obs = obs[obs["code"] != "15"]
    extra = pd.DataFrame(
        [
            {"code": "15", "date": pd.Timestamp("2024-01-01"), "date_precision": "day", "coverage_pct": 40.0},
            {"code": "15", "date": pd.Timestamp("2024-06-01"), "date_precision": "day", "coverage_pct": 41.0,
             "active_participants": 533_000.0},
        ]
    )  # fmt: skip
    frame = build_regions(pd.concat([obs, extra], ignore_index=True))
    jambi = frame[frame["code"] == "15"].iloc[0]
    assert jambi["potential_status"] == "derived" and jambi["coverage_pct"] == pytest.approx(41.0, abs=0.01)
    # A ratio province without any sourced potential no longer crashes the ratio.
    frame = build_regions(obs[obs["code"] != "18"])
    assert len(frame) == 38
