"""What a new scenario's pages derive without the levers is built once per prepared engine and shared.

Every move to a new budget is a new projection; the region summary's lever-independent columns (names,
today's coverage and rank, targets...) and the coverage chart's target lines come from the engine's memo
(`Projection.shared_memo`), which every projection of that engine shares (ui/state.py keeps one engine per
table, assumptions and settings for every session). The values must be those a fresh engine gives, and
whatever depends on the language must be kept per language (a Bahasa session never gets English text)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from model import Levers, Scenario, Settings
from model.projection import BASELINE, SCENARIO, prepared_engine, project
from ui import views


@pytest.fixture(scope="module")
def engine(baseline):
    return prepared_engine(baseline, None, Settings(draws=10))


def _run(table, engine, budget: float):
    return project(table, Scenario.build(Levers(budget_bn=budget)), None, Settings(draws=10), engine=engine)


def test_a_second_scenario_reuses_the_static_columns_and_equals_a_fresh_run(baseline, engine):
    first, second = _run(baseline, engine, 2.0), _run(baseline, engine, 11.5)
    a = first.region_summary()
    static = engine.memo["region_summary_static"]
    b = second.region_summary()
    assert engine.memo["region_summary_static"] is static, "the second scenario rebuilt the static columns"
    fresh = project(baseline, Scenario.build(Levers(budget_bn=11.5)), None, Settings(draws=10)).region_summary()
    pd.testing.assert_frame_equal(b, fresh, check_exact=True)
    # The lever-dependent columns are each scenario's own.
    assert (b["funded_workers"] > a["funded_workers"]).any()
    assert not np.array_equal(b["coverage_rank_year"], a["coverage_rank_year"])
    pd.testing.assert_series_equal(a["coverage_now"], b["coverage_now"])
    assert list(b.columns) == list(fresh.columns)


def test_paths_are_baseline_then_scenario_per_region_from_each_data_date(baseline, engine):
    result = _run(baseline, engine, 6.0)
    codes = ["15", "11"]
    paths = result.path_frame(codes, every=3)
    assert list(paths.columns) == ["code", "date", "scenario", "coverage_pct"]
    assert paths.index.equals(pd.RangeIndex(len(paths)))
    for s, label in ((BASELINE, "baseline"), (SCENARIO, "scenario")):
        for code in codes:
            i = result.codes.index(code)
            rows = paths[(paths["scenario"] == label) & (paths["code"] == code)]
            keep = np.arange(result.m0[i], result.grid.n_months, 3)
            assert rows["date"].tolist() == list(result.grid.dates[keep])
            np.testing.assert_array_equal(rows["coverage_pct"], result.coverage_paths[s, i, keep])
    assert paths["scenario"].tolist() == sorted(paths["scenario"].tolist())  # every baseline row first
    assert paths["code"].iloc[0] == "15"


def test_target_lines_are_shared_per_language_and_regions(baseline, engine):
    first, second = _run(baseline, engine, 3.0), _run(baseline, engine, 4.0)
    _, id_targets, _, _ = views.coverage_frames(first, ["15"], "id", with_bands=True)
    _, en_targets, _, _ = views.coverage_frames(second, ["15"], "en", with_bands=True)
    _, id_again, _, _ = views.coverage_frames(second, ["15"], "id", with_bands=True)
    assert id_again is id_targets  # built once for both scenarios
    assert en_targets is not id_targets
    value = first.target_pct[first.codes.index("15")]
    assert id_targets["target_text"].iloc[0] == f"Target {value:.1f}%".replace(".", ",")
    assert en_targets["target_text"].iloc[0] == f"Target {value:.1f}%"
    paths_id, *_ = views.coverage_frames(second, ["15", "11"], "id", with_bands=False)
    paths_en, *_ = views.coverage_frames(second, ["15", "11"], "en", with_bands=False)
    assert set(paths_id["scenario_label"]) == {"Skenario dasar", "Skenario kebijakan"}
    assert set(paths_en["scenario_label"]) == {"Baseline", "Policy scenario"}
    assert paths_id.loc[paths_id["code"] == "11", "name"].unique().tolist() == [
        baseline.frame.set_index("code").loc["11", "name"]
    ]
