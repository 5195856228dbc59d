"""Goal-seek: the smallest lever value that brings one region to a target level by a chosen year.

Every lever raises coverage monotonically (a property the model tests check), so "reached by the year" is a
step in the lever value. The continuous measure behind it, the highest coverage in any month up to December
of that year, is monotone too, and a bracketing root finder (`scipy.optimize.brentq`) finds where it crosses
the target; the discrete regulation level is searched level by level (all four in one kernel call). The
value returned is on the lever's resolution (`LeverSpec.step`, what a scenario document holds), rounded up.

When even the lever's maximum does not reach the target, the answer says why:
- `time_too_short`: the lever would reach it later (by the horizon), or the lever starts after the year;
- `pool_exhausted`: the budget already funds every vulnerable informal worker (more money buys nothing);
- `formal_ceiling`: the strongest regulation only raises formal enrolment to its ceiling;
- `outreach_saturated`: full outreach intensity is not enough (voluntary enrolment has diminishing returns);
- `lever_max`: the budget the target needs is above the lever's upper bound.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
from scipy.optimize import brentq

from ..levers import LEVER_SPECS, Levers, Scenario
from ..messages import Problem
from .evaluate import Evaluator, LeverBatch
from .problems import choice_problems, out_of_range, raise_if_any, year_out_of_range

__all__ = ["GoalSeekResult", "goal_seek", "LEVERS", "REASONS", "min_budget_for_targets"]

Lever = Literal["budget", "outreach", "regulation"]
LEVERS: dict[str, str] = {"budget": "budget_bn", "outreach": "outreach_pct", "regulation": "regulation_level"}
START_FIELD = {"budget": "budget_start", "outreach": "outreach_start", "regulation": "regulation_start"}
REASONS = ("time_too_short", "pool_exhausted", "formal_ceiling", "outreach_saturated", "lever_max")
XTOL = {"budget": 1e-3, "outreach": 1e-3}  # Rp 1 juta a year; 0.001 percentage point of intensity


@dataclass(frozen=True)
class GoalSeekResult:
    """The answer for one region: the value (in the lever's unit; budget in Rp miliar a year) or why not."""

    region: str
    name: str
    lever: str
    target_pct: float
    by_year: int
    value: float | None
    reachable: bool
    reason: str | None
    already: bool
    levers: Levers | None  # the region's levers with the value applied (what "apply" sets)
    coverage_by_year_pct: float | None  # coverage in December of the year with the value
    coverage_without_pct: float  # ... with the lever at zero (the other levers as given)
    additional_covered: float | None  # participants added by the lever in December of the year
    funded_workers: float | None  # budget lever: workers whose premium the budget pays
    cost_per_additional_rp: float | None  # budget lever: Rp a year per participant added

    def to_json(self) -> dict:
        value = None if self.value is None else round(float(self.value), 4)
        return {
            "region": self.region,
            "name": self.name,
            "lever": self.lever,
            "target_pct": self.target_pct,
            "by": self.by_year,
            "value": value,
            "reachable": self.reachable,
            "reason": self.reason,
            "already": self.already,
            "coverage_by_year_pct": _round(self.coverage_by_year_pct),
            "additional_covered": _round(self.additional_covered, 0),
            "funded_workers": _round(self.funded_workers, 0),
            "cost_per_additional_rp": _round(self.cost_per_additional_rp, 0),
        }


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None or not np.isfinite(value) else round(float(value), digits)


def check_request(ev: Evaluator, code: str, target_pct: float, by_year: int, lever: str) -> None:
    """Bad requests as InputError with every problem (one line on the command line, a message in the app)."""
    problems = []
    if code not in ev.codes:
        problems.append(Problem("unknown_region", {"value": code, "known": ", ".join(ev.codes[:5])}))
    if not isinstance(target_pct, int | float) or not 0 < target_pct <= 100:
        problems.append(out_of_range("--target", target_pct, 0.01, 100))
    problems += year_out_of_range("--by", by_year, ev.grid.first_year, ev.horizon_year)
    problems += choice_problems("--lever", lever, LEVERS)
    raise_if_any(problems)


def goal_seek(
    ev: Evaluator,
    scenario: Scenario,
    code: str,
    target_pct: float,
    by_year: int,
    lever: Lever = "budget",
) -> GoalSeekResult:
    """Smallest value of `lever` for region `code` reaching `target_pct` by December of `by_year`, the other
    levers as in `scenario` (the region's override, or the national levers)."""
    check_request(ev, code, target_pct, by_year, lever)
    r = np.array([ev.index(code)])
    base = scenario.for_region(code)
    field = LEVERS[lever]
    tau = target_pct / 100
    batch = LeverBatch.from_scenario(Scenario.build(base), [code])

    def measure(values: np.ndarray, year: int = by_year):
        rows = LeverBatch.stack([batch] * len(values)).with_values(**{field: np.asarray(values, float)[:, None]})
        return ev.run(rows, year=year, regions=r, target_pct=target_pct)

    spec = LEVER_SPECS[field]
    high = float(spec.high)
    zero = measure(np.array([0.0, high]))
    peak = zero.max_coverage_until(by_year)[:, 0]
    without = float(zero.cov_at[0, 0, 0] * 100)
    common = {
        "region": code,
        "name": ev.names[r[0]],
        "lever": lever,
        "target_pct": float(target_pct),
        "by_year": int(by_year),
    }
    if peak[0] >= tau - 1e-12:
        return _answer(ev, zero, 0, 0.0, base, field, common, without, already=True)
    start = getattr(base, START_FIELD[lever])
    if start > by_year:
        return _unreachable(common, without, "time_too_short")
    if peak[1] < tau - 1e-12:
        return _unreachable(common, without, _reason(ev, lever, base, code, target_pct, measure, high))
    if lever == "regulation":
        levels = np.arange(4.0)
        out = measure(levels)
        ok = np.flatnonzero(out.max_coverage_until(by_year)[:, 0] >= tau - 1e-12)
        return _answer(ev, out, int(ok[0]), float(levels[ok[0]]), base, field, common, without)
    root = brentq(
        lambda v: float(measure(np.array([v])).max_coverage_until(by_year)[0, 0]) - tau, 0.0, high, xtol=XTOL[lever]
    )
    # The answer is a value a scenario can hold: the lever's resolution (Rp0.1 miliar; 0.5% of outreach),
    # rounded up, so that it surely reaches the target.
    step = spec.step
    value = min(float(np.ceil(round(root / step, 9)) * step), high)
    out = measure(np.array([value]))
    while out.max_coverage_until(by_year)[0, 0] < tau - 1e-12 and value < high:
        value = min(round(value + step, 9), high)
        out = measure(np.array([value]))
    return _answer(ev, out, 0, value, base, field, common, without)


def _answer(ev, out, row, value, base, field, common, without, already=False) -> GoalSeekResult:
    levers = replace(base, **{field: int(value) if field == "regulation_level" else float(value)})
    covered = float(out.covered_at[row, 0, 0])
    cov_without = without / 100 * float(out.workers_at[0, 0])
    additional = covered - cov_without
    funded = cost = None
    if field == "budget_bn":
        funded = value * 1e9 / (12 * ev.premium)
        cost = value * 1e9 / additional if additional > 0.5 else None
    return GoalSeekResult(
        **common,
        value=float(value),
        reachable=True,
        reason=None,
        already=already,
        levers=levers,
        coverage_by_year_pct=float(out.cov_at[row, 0, 0] * 100),
        coverage_without_pct=without,
        additional_covered=additional,
        funded_workers=funded,
        cost_per_additional_rp=cost,
    )


def _unreachable(common, without, reason) -> GoalSeekResult:
    return GoalSeekResult(
        **common,
        value=None,
        reachable=False,
        reason=reason,
        already=False,
        levers=None,
        coverage_by_year_pct=None,
        coverage_without_pct=without,
        additional_covered=None,
        funded_workers=None,
        cost_per_additional_rp=None,
    )


def _reason(ev, lever, base, code, target_pct, measure, high) -> str:
    """Why the lever's maximum misses: later success means time; otherwise the binding limit."""
    if ev.horizon_year > 0:
        later = measure(np.array([high]), year=ev.horizon_year)
        if later.max_coverage_until(ev.horizon_year)[0, 0] >= target_pct / 100 - 1e-12:
            return "time_too_short"
    if lever == "regulation":
        return "formal_ceiling"
    if lever == "outreach":
        return "outreach_saturated"
    # Budget: does the maximum fund the whole vulnerable pool (then money is not the limit)?
    pool = ev.vulnerable_pool(ev.horizon_year)[ev.index(code)]
    return "pool_exhausted" if high * 1e9 / (12 * ev.premium) >= pool else "lever_max"


def min_budget_for_targets(
    ev: Evaluator,
    scenario: Scenario,
    by_year: int,
    target_pct: float | None = None,
    *,
    high: float | None = None,
    iterations: int = 40,
) -> np.ndarray:
    """(R,) smallest budget (Rp miliar a year) bringing each region to its target by `by_year`, all regions
    at once: a vectorised bisection (one kernel call per step, every region halving its own bracket). 0 where
    the target is met without budget; NaN where even `high` is not enough."""
    high = float(LEVER_SPECS["budget_bn"].high) if high is None else float(high)
    batch = ev.batch(scenario)
    tau = (ev.target_pct if target_pct is None else np.full(len(ev.codes), float(target_pct))) / 100

    def peak(values: np.ndarray) -> np.ndarray:
        out = ev.run(batch.with_values(budget_bn=values[None, :]), year=by_year, target_pct=tau * 100)
        return out.max_coverage_until(by_year)[0]

    n = len(ev.codes)
    at_zero = peak(np.zeros(n)) >= tau - 1e-12
    at_high = peak(np.full(n, high)) >= tau - 1e-12
    lo, hi = np.zeros(n), np.full(n, high)
    for _ in range(iterations):
        mid = (lo + hi) / 2
        ok = peak(mid) >= tau - 1e-12
        hi = np.where(ok, mid, hi)
        lo = np.where(ok, lo, mid)
        if np.all(hi - lo < 1e-3):
            break
    return np.where(at_zero, 0.0, np.where(at_high, hi, np.nan))
