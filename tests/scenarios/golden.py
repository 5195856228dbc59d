"""Golden scenario cases: inputs and expected answers as data (tests/scenarios/*.yaml).

A case names levers (the `--levers` JSON shape), changed assumptions, settings and the regions to check;
`expected` holds, per region, the year the target is reached (baseline and scenario), the rank in the rank
year (baseline and scenario) and coverage in the rank year, and the national coverage, each compared within
the case's tolerances. The values were generated once by regenerate.py from the model.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from model import Scenario, Settings, default_assumptions, load_baseline, project

CASES_DIR = Path(__file__).resolve().parent


def load_case(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def run_case(case: dict[str, Any]):
    scenario = Scenario.from_dict(case.get("levers") or {})
    assumptions = default_assumptions().with_values(case.get("assumptions") or {})
    settings = Settings(**(case.get("settings") or {}))
    return project(load_baseline(), scenario, assumptions, settings)


def _year(value: float) -> int | None:
    return None if value != value else int(value)


def expected_values(case: dict[str, Any]) -> dict[str, Any]:
    """What the model gives now for the case (regenerate.py writes it into the file)."""
    result = run_case(case)
    summary = result.region_summary().set_index("code")
    national = result.national_summary()
    regions = {}
    for code in case["regions"]:
        row = summary.loc[code]
        regions[code] = {
            "year_target_reached_baseline": _year(row["year_target_reached_baseline"]),
            "year_target_reached": _year(row["year_target_reached"]),
            "rank_baseline": int(row["rank_baseline"]),
            "rank_new": int(row["rank_new"]),
            "coverage_rank_year_baseline": round(float(row["coverage_rank_year_baseline"]), 3),
            "coverage_rank_year": round(float(row["coverage_rank_year"]), 3),
        }
    return {
        "national_coverage_rank_year_baseline": round(national["coverage_rank_year_baseline"], 3),
        "national_coverage_rank_year": round(national["coverage_rank_year"], 3),
        "regions_at_target_by_rank_year": national["regions_at_target_by_rank_year"],
        "regions": regions,
    }
