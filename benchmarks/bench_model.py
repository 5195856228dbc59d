"""Time one full projection (simulation + measures), as JSON, for the sizes the issue names.

Cases: 38 provinces with 1 draw (the central case only) and with 1,000 Monte Carlo draws, and a synthetic
table of 514 regencies with 1,000 draws. "Full" means `project` (both scenarios, every month to 2045) plus
the region and national summaries. Run from the repository root: `python benchmarks/bench_model.py`.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numba

from model import Levers, Scenario, Settings, load_baseline, project
from model.synthetic import synthetic_regions

TARGETS_MS = {"38x1000": 60.0, "514x1000": 600.0}


def time_case(table, draws: int, repeats: int) -> dict[str, float]:
    scenario = Scenario.build(Levers(regulation_level=2, budget_bn=10, outreach_pct=50))
    settings = Settings(draws=draws, seed=7)
    project(table, scenario, settings=settings).region_summary()  # warm-up (compilation, caches)
    runs, sim_only = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        result = project(table, scenario, settings=settings)
        middle = time.perf_counter()
        result.region_summary()
        result.national_summary()
        end = time.perf_counter()
        runs.append(1000 * (end - start))
        sim_only.append(1000 * (middle - start))
    return {
        "median_ms": round(statistics.median(runs), 2),
        "p95_ms": round(sorted(runs)[max(0, int(0.95 * len(runs)) - 1)], 2),
        "projection_only_median_ms": round(statistics.median(sim_only), 2),
        "repeats": repeats,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=21)
    args = parser.parse_args()
    provinces = load_baseline()
    regencies = synthetic_regions(514, seed=1)
    cases = {
        "38x1": time_case(provinces, 0, args.repeats),
        "38x1000": time_case(provinces, 1000, args.repeats),
        "514x1000": time_case(regencies, 1000, max(5, args.repeats // 3)),
    }
    report = {
        "cases": cases,
        "targets_ms": TARGETS_MS,
        "pass": all(cases[k]["median_ms"] <= v for k, v in TARGETS_MS.items()),
        "machine": {"python": platform.python_version(), "cpus": numba.config.NUMBA_NUM_THREADS},
        "note": "months from the earliest data date (Mar 2023) to Dec 2045; baseline and scenario both run",
    }
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
