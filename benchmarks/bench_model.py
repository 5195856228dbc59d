"""Time full projections and the batched engine, as JSON, for the sizes the issues name.

Cases: 38 provinces with 1 draw (the central case only) and with 1,000 Monte Carlo draws, and a synthetic
table of 514 regencies with 1,000 draws. "Full" means `project` (both scenarios, every month to 2045) plus
the region and national summaries.

Batched (model/engine.py, preparation done once, median of one kernel call through `Engine.run`):
256 scenarios x 38 provinces (central case) in one call, against the same 256 lever sets as 256 separate
`project` calls in the same run (the ratio is what batching buys); 2 scenarios x 38 provinces x 1,000 draws;
2 scenarios x 514 regencies x 1,000 draws. Targets (issue 8, this 2-core machine): <= 20 ms, <= 25 ms,
<= 400 ms. Run from the repository root: `python benchmarks/bench_model.py`.

The machine is shared, so every case is also reported against a fixed reference workload timed in the same
run, before and after the batched cases (`load_reference_ms`, their mean: sorting 2 million float32 numbers,
single-threaded numpy): a case's `per_reference` ratio moves far less with the load than its milliseconds.
The last lines say, case by case, whether the target is met.
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
import numpy as np

from model import Levers, Scenario, Settings, load_baseline, project
from model.engine import Engine, LeverArrays
from model.synthetic import synthetic_regions

TARGETS_MS = {"38x1000": 60.0, "514x1000": 600.0}
BATCHED_TARGETS_MS = {"256_scenarios_x38": 20.0, "38x1000_draws": 25.0, "514x1000_draws": 400.0}


def reference_ms(repeats: int = 9) -> float:
    """A fixed workload that does not depend on this project's code: how fast the machine is right now."""
    values = np.random.default_rng(0).random(2_000_000, dtype=np.float32)
    return _median_ms(lambda: np.sort(values), repeats)


def _median_ms(run, repeats: int) -> float:
    run()  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(1000 * (time.perf_counter() - start))
    return round(statistics.median(times), 2)


def time_batched(provinces, regencies, repeats: int) -> dict[str, dict[str, float]]:
    """The engine's batched throughput, with a same-run reference for the 256-scenario case."""
    reference_before = reference_ms()
    engine = Engine.prepare(provinces)
    budgets = np.linspace(0, 50, 256)
    many = LeverArrays.from_values(engine.n_regions, budget_bn=budgets[:, None], outreach_pct=50, regulation_level=2)
    batched = _median_ms(lambda: engine.run(many), repeats)
    scenarios = [Scenario.build(Levers(budget_bn=float(b), outreach_pct=50, regulation_level=2)) for b in budgets]
    one_by_one = _median_ms(lambda: [project(provinces, s) for s in scenarios], max(3, repeats // 5))
    out = {
        "256_scenarios_x38": {
            "median_ms": batched,
            "reference_256_project_calls_ms": one_by_one,
            "speed_up": round(one_by_one / batched, 1),
        }
    }
    for name, table in (("38x1000_draws", provinces), ("514x1000_draws", regencies)):
        drawn = Engine.prepare(table, settings=Settings(draws=1000, seed=7))
        policy = LeverArrays.from_values(drawn.n_regions, budget_bn=10, outreach_pct=50, regulation_level=2)
        levers = LeverArrays.stack([LeverArrays.none(drawn.n_regions), policy])
        n = repeats if name.startswith("38") else max(5, repeats // 3)
        out[name] = {"median_ms": _median_ms(lambda e=drawn, lv=levers: e.run(lv, keep_paths=True), n)}
    reference = round((reference_before + reference_ms()) / 2, 2)
    for case in out.values():
        case["per_reference"] = round(case["median_ms"] / reference, 3)
    out["load_reference_ms"] = reference
    return out


def verdicts(batched: dict) -> list[str]:
    """One line per batched case: its median, its target and whether the target is met."""
    lines = []
    for name, target in BATCHED_TARGETS_MS.items():
        median = batched[name]["median_ms"]
        verdict = "MET" if median <= target else "NOT MET"
        lines.append(f"{name}: median {median:.1f} ms, target <= {target:.0f} ms: {verdict} ({median / target:.2f}x)")
    return lines


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
    batched = time_batched(provinces, regencies, args.repeats)
    report = {
        "cases": cases,
        "targets_ms": TARGETS_MS,
        "pass": all(cases[k]["median_ms"] <= v for k, v in TARGETS_MS.items()),
        "batched": batched,
        "batched_targets_ms": BATCHED_TARGETS_MS,
        "batched_pass": all(batched[k]["median_ms"] <= v for k, v in BATCHED_TARGETS_MS.items()),
        "load_average_1min": round(__import__("os").getloadavg()[0], 1),
        "machine": {"python": platform.python_version(), "cpus": numba.config.NUMBA_NUM_THREADS},
        "note": "months from the earliest data date (Mar 2023) to Dec 2045; baseline and scenario both run",
    }
    print(json.dumps(report, indent=2))
    print(f"load average (1 min) {report['load_average_1min']}; reference workload {batched['load_reference_ms']} ms")
    print("\n".join(verdicts(batched)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
