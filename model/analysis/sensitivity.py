"""Which lever or assumption matters most: a tornado per region and variance-based (Sobol') indices.

Tornado: each lever (regulation 0 -> 3, budget 0 -> the budget that funds the region's whole vulnerable pool,
outreach 0 -> 100%) and each uncertain assumption (its plausible range) is moved from low to high with all
else as set; the bars are the change in the region's coverage in December of the year and in its target
year. One kernel call for the levers (as K lever sets), one for the assumptions (as draws).

Sobol' indices (`scipy.stats.sobol_indices`, Saltelli 2010 estimators, bootstrap confidence intervals):
first order = the share of the outcome's variance an assumption explains alone; total order = alone and
through its interactions. Inputs are the uncertain assumptions, uniform over their plausible ranges (the
Monte Carlo's distribution); outputs are national coverage and every region's coverage in December of the
year, all from the same n (d + 2) model runs, evaluated as draws of one kernel call.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from ..assumptions import Assumptions, load_assumption_specs
from ..levers import LEVER_SPECS, Scenario
from ..messages import InputError, Problem
from .evaluate import Evaluator
from .problems import not_power_of_two, out_of_range

__all__ = ["TornadoBar", "tornado", "SobolIndices", "sobol", "sobol_model", "uncertain_ranges", "METHODS"]

METHODS = ("tornado", "sobol")


@dataclass(frozen=True)
class TornadoBar:
    kind: str  # "lever" or "assumption"
    key: str  # lever field or assumption key
    low_value: float
    high_value: float
    coverage_low: float  # percent in December of the year
    coverage_high: float
    year_low: float  # target year (NaN = not by the horizon)
    year_high: float

    @property
    def swing(self) -> float:
        return abs(self.coverage_high - self.coverage_low)


@dataclass(frozen=True)
class Tornado:
    region: str
    by_year: int
    coverage_base: float
    year_base: float
    bars: list[TornadoBar]  # largest swing first

    def frame(self) -> pd.DataFrame:
        rows = [vars(b) | {"swing": b.swing} for b in self.bars]
        return pd.DataFrame(rows)

    def to_json(self) -> dict:
        def year(v: float) -> int | None:
            return None if not np.isfinite(v) else int(v)

        return {
            "region": self.region,
            "method": "tornado",
            "by": self.by_year,
            "coverage_base_pct": round(self.coverage_base, 4),
            "target_year_base": year(self.year_base),
            "bars": [
                {
                    "kind": b.kind,
                    "name": b.key,
                    "low": b.low_value,
                    "high": b.high_value,
                    "coverage_low_pct": round(b.coverage_low, 4),
                    "coverage_high_pct": round(b.coverage_high, 4),
                    "target_year_low": year(b.year_low),
                    "target_year_high": year(b.year_high),
                }
                for b in self.bars
            ],
        }


def uncertain_ranges(assumptions: Assumptions) -> list[tuple[str, float, float]]:
    """(key, low, high) of every uncertain assumption, widened to include the value in force (as the Monte
    Carlo draws them)."""
    values = assumptions.as_dict()
    return [
        (s.key, min(s.low, values[s.key]), max(s.high, values[s.key])) for s in load_assumption_specs() if s.uncertain
    ]


def _check_region(ev: Evaluator, code: str, by_year: int) -> int:
    problems = []
    if code not in ev.codes:
        problems.append(Problem("unknown_region", {"value": code, "known": ", ".join(ev.codes[:5])}))
    if not ev.grid.first_year <= by_year <= ev.horizon_year:
        problems.append(out_of_range("--by", by_year, ev.grid.first_year, ev.horizon_year))
    if problems:
        raise InputError(problems)
    return ev.index(code)


def tornado(ev: Evaluator, scenario: Scenario, code: str, by_year: int) -> Tornado:
    """Low/high swings of each lever and uncertain assumption for one region (central case otherwise)."""
    r = _check_region(ev, code, by_year)
    region = np.array([r])
    base = ev.batch(scenario).select(region)
    pool_bn = float(ev.budget_for_workers(ev.vulnerable_pool(by_year))[r])
    swings = {
        "regulation_level": (0.0, 3.0),
        "budget_bn": (0.0, min(round(pool_bn, 1), float(LEVER_SPECS["budget_bn"].high))),
        "outreach_pct": (0.0, 100.0),
    }
    rows = [base]
    for name, (low, high) in swings.items():
        rows += [base.with_values(**{name: low}), base.with_values(**{name: high})]
    from .evaluate import LeverBatch

    out = ev.run(LeverBatch.stack(rows), year=by_year, regions=region)
    cov = out.cov_at[:, 0, 0] * 100
    years = out.target_years()[:, 0, 0]
    bars = [
        TornadoBar("lever", name, low, high, cov[1 + 2 * j], cov[2 + 2 * j], years[1 + 2 * j], years[2 + 2 * j])
        for j, (name, (low, high)) in enumerate(swings.items())
    ]
    ranges = uncertain_ranges(ev.assumptions)
    n = 1 + 2 * len(ranges)
    overrides = {key: np.full(n, ev.x[key][0]) for key, _, _ in ranges}
    for j, (key, low, high) in enumerate(ranges):
        overrides[key][1 + 2 * j] = low
        overrides[key][2 + 2 * j] = high
    ev_draws = Evaluator(ev.table, ev.assumptions, horizon_year=ev.horizon_year, draw_overrides=overrides)
    out_a = ev_draws.run(ev_draws.batch(scenario).select(region), year=by_year, regions=region)
    cov_a = out_a.cov_at[0, :, 0] * 100
    years_a = out_a.target_years()[0, :, 0]
    bars += [
        TornadoBar(
            "assumption", key, low, high, cov_a[1 + 2 * j], cov_a[2 + 2 * j], years_a[1 + 2 * j], years_a[2 + 2 * j]
        )
        for j, (key, low, high) in enumerate(ranges)
    ]
    bars.sort(key=lambda b: (-b.swing, b.key))
    return Tornado(code, by_year, float(cov[0]), float(years[0]), bars)


@dataclass(frozen=True)
class SobolIndices:
    """First and total order indices (outputs x inputs) with 95% bootstrap confidence intervals."""

    inputs: list[str]
    outputs: list[str]
    first: np.ndarray  # (s, d)
    total: np.ndarray
    first_low: np.ndarray
    first_high: np.ndarray
    total_low: np.ndarray
    total_high: np.ndarray
    n: int
    evaluations: int

    def frame(self, output: str | None = None) -> pd.DataFrame:
        i = self.outputs.index(output) if output is not None else 0
        return pd.DataFrame(
            {
                "name": self.inputs,
                "first": self.first[i],
                "first_low": self.first_low[i],
                "first_high": self.first_high[i],
                "total": self.total[i],
                "total_low": self.total_low[i],
                "total_high": self.total_high[i],
            }
        ).sort_values(["total", "name"], ascending=[False, True], ignore_index=True)

    def to_json(self, output: str) -> dict:
        rows = self.frame(output).round(4).to_dict("records")
        return {"output": output, "n": self.n, "evaluations": self.evaluations, "indices": rows}


def sobol(
    func: Callable[[np.ndarray], np.ndarray],
    bounds: list[tuple[str, float, float]],
    *,
    n: int = 1024,
    seed: int = 2024,
    outputs: list[str] | None = None,
    confidence: float = 0.95,
    resamples: int = 300,
) -> SobolIndices:
    """Sobol' indices of `func` (x of shape (d, n) -> (s, n)) for inputs uniform over `bounds`.

    The Saltelli design (matrices A, B and the d mixed matrices AB, from a scrambled Sobol' sequence as
    `scipy.stats.sobol_indices` draws them) is evaluated in ONE call of `func` (for the model: one kernel
    call with n (d + 2) draws); scipy computes the indices from those values; the confidence intervals
    are percentile bootstrap intervals over the n rows (scipy's BCa bootstrap took ~60 s for 39 outputs and
    fails on inputs with no effect, where every resample gives the same index).
    """
    if n < 2 or n & (n - 1):
        raise InputError([not_power_of_two("--n", n)])
    d = len(bounds)
    low = np.array([b[1] for b in bounds], float)[:, None]
    width = np.array([b[2] - b[1] for b in bounds], float)[:, None]
    unit = stats.qmc.Sobol(d=2 * d, scramble=True, rng=np.random.default_rng(seed)).random(n)
    a = low + width * unit[:, :d].T  # (d, n)
    b = low + width * unit[:, d:].T
    ab = np.repeat(a[None], d, axis=0)  # (d, d, n): page i is A with row i taken from B
    ab[np.arange(d), np.arange(d)] = b
    x = np.concatenate([a, b, np.moveaxis(ab, 0, 1).reshape(d, d * n)], axis=1)
    y = np.atleast_2d(np.asarray(func(x), float))  # (s, (d + 2) n)
    f_a, f_b = y[:, :n], y[:, n : 2 * n]
    f_ab = np.moveaxis(y[:, 2 * n :].reshape(-1, d, n), 1, 0)  # (d, s, n)
    result = stats.sobol_indices(func={"f_A": f_a, "f_B": f_b, "f_AB": f_ab}, n=n)
    first, total = np.atleast_2d(result.first_order), np.atleast_2d(result.total_order)
    bounds_first, bounds_total = _bootstrap(f_a, f_b, f_ab, confidence, resamples, seed)
    return SobolIndices(
        inputs=[name for name, _, _ in bounds],
        outputs=outputs or [f"y{i}" for i in range(first.shape[0])],
        first=first,
        total=total,
        first_low=bounds_first[0],
        first_high=bounds_first[1],
        total_low=bounds_total[0],
        total_high=bounds_total[1],
        n=n,
        evaluations=int(y.shape[1]),
    )


def _bootstrap(f_a, f_b, f_ab, confidence: float, resamples: int, seed: int):
    """Percentile intervals ((low, high) of first, of total) from resampling the design's rows.

    A resample is a row of counts; every sum the estimators need is then one matrix product with the count
    matrix, so all resamples cost a few BLAS calls instead of a Python loop over copies.
    """
    n = f_a.shape[1]
    rng = np.random.default_rng(seed + 1)
    counts = rng.multinomial(n, np.full(n, 1 / n), size=resamples).T / n  # (n, B) weights, columns sum to 1
    mean = (f_a @ counts + f_b @ counts) / 2  # (s, B)
    var = (f_a**2 @ counts + f_b**2 @ counts) / 2 - mean**2
    diff = f_ab - f_a[None]  # (d, s, n)
    first_num = (f_b[None] * diff) @ counts - mean[None] * (diff @ counts)  # (d, s, B)
    total_num = 0.5 * (diff**2 @ counts)
    with np.errstate(divide="ignore", invalid="ignore"):
        first = np.nan_to_num(first_num / var[None], nan=0.0, posinf=0.0, neginf=0.0)
        total = np.nan_to_num(total_num / var[None], nan=0.0, posinf=0.0, neginf=0.0)
    tail = 100 * (1 - confidence) / 2
    q = (tail, 100 - tail)
    # (2, d, s) -> (2, s, d)
    return np.percentile(first, q, axis=-1).transpose(0, 2, 1), np.percentile(total, q, axis=-1).transpose(0, 2, 1)


def sobol_model(
    ev: Evaluator, scenario: Scenario, by_year: int, *, n: int = 1024, seed: int = 2024, resamples: int = 300
) -> SobolIndices:
    """Sobol' indices of national coverage ("national") and each region's coverage (its code) in December of
    `by_year`, over the uncertain assumptions."""
    if not ev.grid.first_year <= by_year <= ev.horizon_year:
        raise InputError([out_of_range("--by", by_year, ev.grid.first_year, ev.horizon_year)])
    ranges = uncertain_ranges(ev.assumptions)
    keys = [key for key, _, _ in ranges]

    def model(x: np.ndarray) -> np.ndarray:
        draws = Evaluator(
            ev.table, ev.assumptions, horizon_year=ev.horizon_year, draw_overrides=dict(zip(keys, x, strict=True))
        )
        out = draws.run(draws.batch(scenario), year=by_year)
        return 100 * np.vstack([out.national_at[0][None, :], out.cov_at[0].T])

    return sobol(model, ranges, n=n, seed=seed, outputs=["national", *ev.codes], resamples=resamples)
