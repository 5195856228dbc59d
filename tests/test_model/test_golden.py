"""Golden scenario cases (tests/scenarios/*.yaml): target years, ranks and coverage the model must keep giving,
within each case's tolerances. A deliberate change of data or calibration regenerates them
(tests/scenarios/regenerate.py); any other change that moves them is a mistake to look at."""

from __future__ import annotations

import math

import pytest

from tests.scenarios.golden import CASES_DIR, load_case, run_case

CASES = sorted(CASES_DIR.glob("*.yaml"))


def test_there_are_golden_cases_with_expectations():
    assert len(CASES) >= 5
    for path in CASES:
        case = load_case(path)
        assert case["expected"]["regions"].keys() == set(case["regions"]), path.name


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_golden_case(path):
    case = load_case(path)
    tolerance = case["tolerance"]
    expected = case["expected"]
    result = run_case(case)
    summary = result.region_summary().set_index("code")
    national = result.national_summary()
    problems = []

    def check(label, got, want, tol):
        if want is None or (isinstance(got, float) and math.isnan(got)):
            if not (want is None and (got is None or (isinstance(got, float) and math.isnan(got)))):
                problems.append(f"{label}: got {got}, expected {want}")
        elif abs(float(got) - float(want)) > tol + 1e-9:
            problems.append(f"{label}: got {got}, expected {want} ± {tol}")

    check("national coverage (baseline)", national["coverage_rank_year_baseline"],
          expected["national_coverage_rank_year_baseline"], tolerance["coverage_pp"])  # fmt: skip
    check("national coverage", national["coverage_rank_year"], expected["national_coverage_rank_year"],
          tolerance["coverage_pp"])  # fmt: skip
    check(
        "regions at target", national["regions_at_target_by_rank_year"], expected["regions_at_target_by_rank_year"], 0
    )
    for code, want in expected["regions"].items():
        row = summary.loc[code]
        for key in ("year_target_reached_baseline", "year_target_reached"):
            check(f"{code} {key}", float(row[key]), want[key], tolerance["year"])
        for key in ("rank_baseline", "rank_new"):
            check(f"{code} {key}", int(row[key]), want[key], tolerance["rank"])
        for key in ("coverage_rank_year_baseline", "coverage_rank_year"):
            check(f"{code} {key}", float(row[key]), want[key], tolerance["coverage_pp"])
    assert not problems, "\n".join(problems)
