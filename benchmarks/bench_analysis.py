"""Time the analysis answers (goal-seek, allocation, uncertainty, Sobol') for the sizes issue 10 names, as JSON.

Each case is the median of repeated runs after one warm-up; "prepared" means the `Evaluator` (calibration,
initial split, per-draw parameters) is built once and reused, as the app caches it per table and
assumptions; "cold" includes building it. The machine is shared, so a reference is measured in the same run:
one `project` of 38 provinces x 1,000 draws (README: 34-40 ms on an idle machine); each case also reports its
ratio to that reference. Run from the repository root: `python benchmarks/bench_analysis.py`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from model import Levers, Scenario, Settings, load_baseline, project
from model.analysis.allocation import allocate
from model.analysis.evaluate import Evaluator
from model.analysis.goal_seek import goal_seek
from model.analysis.pot import resolve_pot
from model.analysis.sensitivity import sobol_model
from model.analysis.uncertainty import uncertainty
from model.scenario import Pot
from model.synthetic import synthetic_regions

TARGETS_S = {
    "goal_seek_38": 0.3,
    "allocation_38": 1.0,
    "uncertainty_1000_38": 0.5,
    "sobol_national_38": 10.0,
    "allocation_514": 5.0,
}


def median_seconds(run: Callable[[], object], repeats: int) -> dict[str, float]:
    run()  # warm-up: compiled kernel, imports, caches
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return {"median_s": round(statistics.median(times), 4), "max_s": round(max(times), 4), "repeats": repeats}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    provinces = load_baseline()
    regencies = synthetic_regions(514, seed=1)
    scenario = Scenario.build(Levers(outreach_pct=20, regulation_level=1))
    ev = Evaluator(provinces)
    ev_514 = Evaluator(regencies)
    reference_scenario = Scenario.build(Levers(regulation_level=2, budget_bn=10, outreach_pct=50))
    reference = median_seconds(
        lambda: project(provinces, reference_scenario, settings=Settings(draws=1000, seed=7)), args.repeats
    )

    def seek_all_levers() -> None:
        for lever in ("budget", "outreach", "regulation"):
            goal_seek(ev, scenario, "15", 57, 2029, lever)

    cases = {
        "goal_seek_38": median_seconds(lambda: goal_seek(ev, scenario, "15", 57, 2029, "budget"), args.repeats),
        "goal_seek_38_three_levers": median_seconds(seek_all_levers, args.repeats),
        "goal_seek_38_cold": median_seconds(
            lambda: goal_seek(Evaluator(provinces), scenario, "15", 57, 2029, "budget"), args.repeats
        ),
        "allocation_38": median_seconds(lambda: allocate(ev, scenario, 100, 2030, "workers"), args.repeats),
        "allocation_38_targets": median_seconds(lambda: allocate(ev, scenario, 100, 2030, "targets"), args.repeats),
        "uncertainty_1000_38": median_seconds(
            lambda: uncertainty(provinces, scenario, by_year=2030, draws=1000).ranking(), args.repeats
        ),
        "sobol_national_38": median_seconds(lambda: sobol_model(ev, scenario, 2030, n=1024), max(1, args.repeats // 3)),
        # The sidebar's national pot split optimally (one region keeps its own levers), as the app resolves it.
        "pot_optimal_38": median_seconds(
            lambda: resolve_pot(
                provinces,
                Scenario.build(scenario.default, {"15": Levers(budget_bn=5)}),
                Pot(bn=250, split="optimal"),
                by_year=2030,
                evaluator=ev,
            ),
            args.repeats,
        ),
        "allocation_514": median_seconds(
            lambda: allocate(ev_514, scenario, 2000, 2030, "workers"), max(1, args.repeats // 2)
        ),
    }
    ref = reference["median_s"]
    for name, case in cases.items():
        case["ratio_to_reference"] = round(case["median_s"] / ref, 2)
        if name in TARGETS_S:
            case["target_s"] = TARGETS_S[name]
            case["met"] = case["median_s"] <= TARGETS_S[name]
    report = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "load_1min": os.getloadavg()[0]},
        "reference_project_38x1000": reference,
        "cases": cases,
    }
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
