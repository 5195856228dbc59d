"""Compare 2-4 saved scenarios against a reference: the baseline (no new policy) or any saved scenario.

For each scenario: the national path, national coverage and regions at target in the rank year, the target
year and rank of every region, the budget spent in the rank year, and the cost per additional covered worker
*relative to the reference* (extra spending ÷ extra covered workers, both against the reference), so a
facilitator can ask "what does package B buy on top of package A?".

Pure (no Streamlit); the app's Skenario page and tests use it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .assumptions import Assumptions, default_assumptions
from .data import RegionTable
from .levers import Scenario
from .projection import BASELINE, SCENARIO, Projection, Settings, project

__all__ = ["BASELINE_NAME", "Comparison", "compare", "MAX_COMPARED"]

BASELINE_NAME = ""  # the reference "baseline" is passed as this name
MAX_COMPARED = 4


@dataclass(frozen=True)
class Comparison:
    """National figures (one row per scenario, reference first), national paths (long), and per-region target
    years and ranks (one row per region, two columns per scenario)."""

    reference: str
    national: pd.DataFrame
    paths: pd.DataFrame
    regions: pd.DataFrame


def _covered_in_rank_year(result: Projection, which: int) -> float:
    t = result.month_index(result.settings.rank_year, 12)
    covered = result.central[which, :, :, t].sum(axis=0) * result.potential_path[:, t]
    return float(covered.sum())


def compare(
    table: RegionTable,
    scenarios: Mapping[str, Scenario],
    reference: str = BASELINE_NAME,
    settings: Settings | None = None,
    assumptions: Assumptions | None = None,
    run=project,
) -> Comparison:
    """Project every scenario (central case) and line them up against `reference` (a key of `scenarios`, or
    BASELINE_NAME for the baseline). `run` is `project` or the app's cached equivalent with the same signature."""
    if not 1 <= len(scenarios) <= MAX_COMPARED + 1:
        raise ValueError(f"compare 1-{MAX_COMPARED + 1} scenarios, not {len(scenarios)}")
    if reference != BASELINE_NAME and reference not in scenarios:
        raise KeyError(reference)
    settings = settings or Settings(draws=0)
    assumptions = assumptions or default_assumptions()
    results = {name: run(table, scenario, assumptions, settings) for name, scenario in scenarios.items()}
    any_result = next(iter(results.values()))
    if reference == BASELINE_NAME:
        ref_covered = _covered_in_rank_year(any_result, BASELINE)
        ref_spent = 0.0
        ref_ranks = any_result.region_summary()["rank_baseline"].to_numpy()
    else:
        ref = results[reference]
        ref_covered = _covered_in_rank_year(ref, SCENARIO)
        ref_spent = float(ref.national_summary()["budget_spent_rank_year_rp"])
        ref_ranks = ref.region_summary()["rank_new"].to_numpy()

    rows, paths, region_cols = [], [], {}
    base_summary = any_result.region_summary()
    region_cols["code"] = base_summary["code"].to_numpy()
    region_cols["name"] = base_summary["name"].to_numpy()
    region_cols["year_baseline"] = base_summary["year_target_reached_baseline"].to_numpy()
    region_cols["status_baseline"] = base_summary["target_status_baseline"].to_numpy()
    region_cols["rank_baseline"] = base_summary["rank_baseline"].to_numpy()
    baseline_path = any_result.national_path(every=1)
    baseline_path = baseline_path[baseline_path["scenario"] == "baseline"]
    paths.append(
        pd.DataFrame(
            {"name": BASELINE_NAME, "date": baseline_path["date"], "coverage_pct": baseline_path["coverage_pct"]}
        )
    )
    for name, result in results.items():
        nat = result.national_summary()
        covered = _covered_in_rank_year(result, SCENARIO)
        spent = float(nat["budget_spent_rank_year_rp"])
        extra_workers = covered - ref_covered
        extra_spent = spent - ref_spent
        rows.append(
            {
                "name": name,
                "coverage_rank_year": nat["coverage_rank_year"],
                "regions_at_target": nat["regions_at_target_by_rank_year"],
                "covered_rank_year": covered,
                "additional_vs_reference": extra_workers,
                "budget_spent_rank_year_rp": spent,
                "extra_spent_vs_reference_rp": extra_spent,
                "cost_per_additional_vs_reference_rp": extra_spent / extra_workers if extra_workers > 0.5 else np.nan,
            }
        )
        path = result.national_path(every=1)
        path = path[path["scenario"] == "scenario"]
        paths.append(pd.DataFrame({"name": name, "date": path["date"], "coverage_pct": path["coverage_pct"]}))
        summary = result.region_summary()
        region_cols[f"year::{name}"] = summary["year_target_reached"].to_numpy()
        region_cols[f"status::{name}"] = summary["target_status"].to_numpy()
        region_cols[f"rank::{name}"] = summary["rank_new"].to_numpy()
        region_cols[f"rank_vs_reference::{name}"] = ref_ranks - summary["rank_new"].to_numpy()
    national = pd.DataFrame(rows)
    return Comparison(
        reference=reference,
        national=national,
        paths=pd.concat(paths, ignore_index=True),
        regions=pd.DataFrame(region_cols),
    )
