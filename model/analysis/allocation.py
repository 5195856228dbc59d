"""Best allocation of a pot: split Rp X miliar a year across regions to maximise covered workers (or the number
of regions at target) by a chosen year, with a solver that proves optimality for the problem it solves.

The problem. Each region's response to its budget, F_r(b) = participants in December of the year, is
computed by the model on a grid of budgets (one kernel call for every region and grid point). Between grid
points F_r is taken as linear, which makes the problem a mixed-integer linear programme solved exactly by
HiGHS (`scipy.optimize.milp`):

    maximise   sum_r sum_k slope_rk y_rk   (+ M * sum_r t_r for the "targets" objective)
    subject to sum_r sum_k y_rk = X                        (the pot is spent exactly)
               0 <= y_rk <= width_rk                        (money in grid segment k of region r)
               y_rk >= width_rk z_rk, y_r,k+1 <= width z_rk (segments fill in order; only needed, and only
                                                            added, where a response is not concave)
               sum_k y_rk >= c_r t_r                        (t_r = 1: region r reaches its target by the year;
                                                            c_r from the goal-seek)

Grid points include each region's equal and proportional shares, so the optimum of the programme is never
below either simple split, and the points where the vulnerable pool is funded in full, where responses bend.
The shares are then put on the budget lever's resolution (Rp0.1 miliar, largest remainders, still adding up
to the pot) and re-projected with the model itself; a greedy "next Rp1 miliar goes to" table explains it
with marginal gains from the model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

from ..levers import LEVER_SPECS, Scenario
from ..messages import InputError
from .evaluate import Evaluator
from .goal_seek import min_budget_for_targets
from .problems import choice_problems, no_solution, off_step, out_of_range, raise_if_any, year_out_of_range
from .splits import equal_split, proportional_split, to_steps

__all__ = ["AllocationResult", "allocate", "equal_split", "proportional_split", "OBJECTIVES", "evaluate_split"]

Objective = Literal["workers", "targets"]
OBJECTIVES = ("workers", "targets")
UNIFORM_POINTS = 10
POOL_FRACTIONS = (0.25, 0.5, 0.75, 0.9, 1.0, 1.1, 1.3, 1.6, 2.0)
MIP_GAP = 1e-5  # HiGHS proves the answer within this share of the best possible gain
NONCONCAVE_TOL = 1e-6  # a slope rising by less than this share of the region's largest is treated as flat


@dataclass(frozen=True)
class SplitOutcome:
    """A split evaluated by the model: per region budget, participants, target reached."""

    budget_bn: np.ndarray
    covered: np.ndarray  # (R,) participants in December of the year
    at_target: np.ndarray  # (R,) bool, target reached by the year

    @property
    def covered_total(self) -> float:
        return float(self.covered.sum())

    @property
    def regions_at_target(self) -> int:
        return int(self.at_target.sum())


@dataclass(frozen=True)
class AllocationResult:
    codes: list[str]
    names: list[str]
    pot_bn: float
    by_year: int
    objective: str
    optimal: SplitOutcome
    equal: SplitOutcome
    proportional: SplitOutcome
    without: SplitOutcome  # the scenario's budgets all at zero: what the pot adds to
    marginal_per_bn: np.ndarray  # (R,) participants one more Rp1 miliar adds at the optimum
    solver_status: str
    mip_gap: float | None
    sharing: np.ndarray | None = None  # (R,) bool: regions that share the pot (None: all)

    @property
    def allocation(self) -> dict[str, float]:
        shares = zip(self.codes, self.optimal.budget_bn, self._sharing, strict=True)
        return {c: round(float(b), 4) for c, b, sharing in shares if sharing}

    @property
    def _sharing(self) -> np.ndarray:
        return np.ones(len(self.codes), bool) if self.sharing is None else self.sharing

    def table(self) -> pd.DataFrame:
        """One row per region: the three splits, participants added, target reached, marginal gain."""
        return pd.DataFrame(
            {
                "code": self.codes,
                "name": self.names,
                "optimal_bn": self.optimal.budget_bn,
                "equal_bn": self.equal.budget_bn,
                "proportional_bn": self.proportional.budget_bn,
                "additional_optimal": self.optimal.covered - self.without.covered,
                "additional_equal": self.equal.covered - self.without.covered,
                "additional_proportional": self.proportional.covered - self.without.covered,
                "at_target_optimal": self.optimal.at_target,
                "at_target_without": self.without.at_target,
                "marginal_per_bn": self.marginal_per_bn,
            }
        )

    def next_rupiah(self, n: int = 5) -> pd.DataFrame:
        """Where the next Rp1 miliar would go (largest marginal gain first): the greedy explanation."""
        table = self.table()[["code", "name", "optimal_bn", "marginal_per_bn"]][self._sharing]
        return table.sort_values(["marginal_per_bn", "code"], ascending=[False, True]).head(n).reset_index(drop=True)

    def to_json(self) -> dict:
        def gain(split: SplitOutcome) -> dict:
            return {
                "covered_workers": round(split.covered_total),
                "regions_at_target": split.regions_at_target,
                "gain_covered_workers": round(self.optimal.covered_total - split.covered_total),
                "gain_regions_at_target": self.optimal.regions_at_target - split.regions_at_target,
            }

        return {
            "allocation": self.allocation,
            "covered_workers": round(self.optimal.covered_total),
            "regions_at_target": self.optimal.regions_at_target,
            "additional_covered_workers": round(self.optimal.covered_total - self.without.covered_total),
            "vs_equal": gain(self.equal),
            "vs_proportional": gain(self.proportional),
            "pot_bn": self.pot_bn,
            "by": self.by_year,
            "objective": self.objective,
            "solver": {"status": self.solver_status, "mip_gap": self.mip_gap},
            "next_rupiah": [
                {"region": r.code, "name": r.name, "additional_per_bn": round(float(r.marginal_per_bn), 1)}
                for r in self.next_rupiah().itertuples()
            ],
        }


def check_pot(ev: Evaluator, pot_bn: float, by_year: int, objective: str, n_sharing: int | None = None) -> None:
    problems = []
    cap = float(LEVER_SPECS["budget_bn"].high)
    most = cap * (len(ev.codes) if n_sharing is None else n_sharing)
    if not isinstance(pot_bn, int | float) or not np.isfinite(pot_bn) or not 0 <= pot_bn <= most:
        problems.append(out_of_range("--pot-bn", pot_bn, 0, most))
    elif not LEVER_SPECS["budget_bn"].on_grid(pot_bn):
        problems.append(off_step("--pot-bn", pot_bn, LEVER_SPECS["budget_bn"].step))
    problems += year_out_of_range("--by", by_year, ev.grid.first_year, ev.horizon_year)
    problems += choice_problems("--objective", objective, OBJECTIVES)
    raise_if_any(problems)


def evaluate_split(
    ev: Evaluator, scenario: Scenario, budgets: np.ndarray, by_year: int, target_pct: float | None = None
) -> list[SplitOutcome]:
    """Project each row of `budgets` (K, R) with the model, in one call (`target_pct`: one target for all)."""
    budgets = np.atleast_2d(budgets)
    batch = ev.batch(scenario, len(budgets)).with_values(budget_bn=budgets)
    out = ev.run(batch, year=by_year, target_pct=target_pct)
    reached = out.reached_by(by_year)[:, 0]
    return [SplitOutcome(budgets[k].copy(), out.covered_at[k, 0], reached[k]) for k in range(len(budgets))]


def _grid(ev: Evaluator, by_year: int, upper: float, extra: list[np.ndarray], regions: np.ndarray) -> np.ndarray:
    """(R', K) budget grid per region of `regions`: uniform points, points around the budget that funds the
    whole vulnerable pool (where a response bends), and the extra points (the simple splits, target
    thresholds; given for the same regions)."""
    n = len(regions)
    pool_bn = ev.budget_for_workers(ev.vulnerable_pool(by_year))[regions]
    uniform = np.tile(np.linspace(0, upper, UNIFORM_POINTS + 1), (n, 1))
    around = pool_bn[:, None] * np.array(POOL_FRACTIONS)[None, :]
    columns = [uniform, around] + [np.nan_to_num(e, nan=0.0)[:, None] for e in extra]
    points = np.clip(np.concatenate(columns, axis=1), 0, upper)
    return np.sort(points, axis=1)


def allocate(
    ev: Evaluator,
    scenario: Scenario,
    pot_bn: float,
    by_year: int,
    objective: Objective = "workers",
    *,
    target_pct: float | None = None,
    time_limit: float = 30.0,
    eligible: np.ndarray | None = None,
) -> AllocationResult:
    """Split `pot_bn` (Rp miliar a year) across regions' budgets; other levers as in `scenario` (each region's
    budget lever is replaced by its share; its start and end years stay). `target_pct` sets one target for
    every region (default: each region's own). `eligible` (bool per region, default all): only these regions
    share the pot; the others keep the scenario's budget (a national pot leaves regions with their own levers
    alone), and every split compared (equal, by need) is over the same regions."""
    n = len(ev.codes)
    share = np.ones(n, bool) if eligible is None else np.asarray(eligible, bool)
    if share.shape != (n,):
        raise ValueError(f"eligible must have one flag per region ({n}), not shape {share.shape}")
    idx = np.flatnonzero(share)
    cap = float(LEVER_SPECS["budget_bn"].high)
    check_pot(ev, pot_bn, by_year, objective, n_sharing=len(idx))
    upper = min(cap, float(pot_bn))
    fixed = ev.batch(scenario).budget_bn[0].copy()  # the scenario's own budgets, kept where no share is given

    def full(shares: np.ndarray) -> np.ndarray:
        """Shares of the sharing regions as budgets of every region (the others keep their own)."""
        out = fixed.copy()
        out[idx] = shares
        return out

    eq = equal_split(len(idx), pot_bn, cap)
    prop = proportional_split(ev.uncovered_vulnerable()[idx], pot_bn, cap)
    extra = [eq, prop]
    need = np.full(len(idx), np.nan)
    if objective == "targets":
        # On the lever's resolution, rounded up, so that the shares (in steps) still reach the targets.
        step = float(LEVER_SPECS["budget_bn"].step)
        all_need = min_budget_for_targets(ev, scenario, by_year, target_pct, high=upper)
        need = np.ceil(np.round(all_need[idx] / step, 6)) * step
        extra.append(need)
        extra.append(np.minimum(need * 1.0001 + 1e-6, upper))
    grid = _grid(ev, by_year, upper, extra, idx)  # (R', K)
    k = grid.shape[1]
    points = np.tile(fixed, (k, 1))
    points[:, idx] = grid.T
    out = ev.run(ev.batch(scenario, k).with_values(budget_bn=points), year=by_year, regions=idx)
    response = out.covered_at[:, 0, :].T  # (R', K) participants at each grid point
    x_sol, status, gap = _solve(grid, response, pot_bn, need if objective == "targets" else None, time_limit)
    budgets = full(to_steps(x_sol, pot_bn, upper))
    without = full(np.zeros(len(idx)))
    plus = full(np.minimum(budgets[idx] + 1.0, cap))
    optimal, equal, proportional, none, more = evaluate_split(
        ev, scenario, np.stack([budgets, full(eq), full(prop), without, plus]), by_year, target_pct
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        marginal = np.where(share, (more.covered - optimal.covered) / np.maximum(plus - budgets, 1e-12), np.nan)

    # The programme is exact at the simple splits' points; re-projection can differ by interpolation only.
    # Should a simple split still come out ahead under the model itself, it is the better answer: take it.
    def score(s: SplitOutcome) -> tuple[float, float]:
        return (
            (s.regions_at_target, s.covered_total) if objective == "targets" else (s.covered_total, s.regions_at_target)
        )

    best = max((optimal, equal, proportional), key=score)
    if best is not optimal:
        optimal = best
        status += " (a simple split scored higher when re-projected)"
    return AllocationResult(
        codes=ev.codes,
        names=ev.names,
        pot_bn=float(pot_bn),
        by_year=int(by_year),
        objective=objective,
        optimal=optimal,
        equal=equal,
        proportional=proportional,
        without=none,
        marginal_per_bn=marginal,
        solver_status=status,
        mip_gap=gap,
        sharing=share,
    )


def _upper_hull(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The least concave majorant of the points (x sorted), evaluated at x."""
    keep: list[int] = []
    for i in range(len(x)):
        if keep and x[i] - x[keep[-1]] <= 1e-12:
            if y[i] > y[keep[-1]]:
                keep[-1] = i
            continue
        while len(keep) >= 2:
            a, b = keep[-2], keep[-1]
            # b lies on or below the chord a-i: it is not a vertex of the upper hull.
            if (y[b] - y[a]) * (x[i] - x[a]) <= (y[i] - y[a]) * (x[b] - x[a]):
                keep.pop()
            else:
                break
        keep.append(i)
    return np.interp(x, x[keep], y[keep])


def _solve(grid: np.ndarray, response: np.ndarray, pot: float, need: np.ndarray | None, time_limit: float):
    """Solve the programme exactly, with few binaries.

    Regions start on the concave majorant of their response (an LP: no binaries, and an over-estimate).
    Where the solution puts a region's budget where the majorant lies above its true response, that region
    gets its true response (with fill-order binaries) and the programme is solved again. When no region is
    left over-estimated, the answer's value under the true responses equals the optimum of a relaxation of
    the true programme: it is optimal for it. (Once in a while, fall back to true responses everywhere.)
    """
    n = grid.shape[0]
    hull = np.array([_upper_hull(grid[r], response[r]) for r in range(n)])
    tol = 1e-6 * max(float(np.abs(response[:, -1] - response[:, 0]).max()), 1.0)
    exact = np.zeros(n, bool)
    for _ in range(8):
        used = np.where(exact[:, None], response, hull)
        budgets, status, gap = _solve_pwl(grid, used, pot, need, time_limit, exact)
        over = np.array([np.interp(budgets[r], grid[r], hull[r] - response[r]) > tol for r in range(n)]) & ~exact
        if not over.any():
            return budgets, status, gap
        exact |= over
    return _solve_pwl(grid, response, pot, need, time_limit, np.ones(n, bool))


def _solve_pwl(
    grid: np.ndarray,
    response: np.ndarray,
    pot: float,
    need: np.ndarray | None,
    time_limit: float,
    nonconcave: np.ndarray,
):
    """The programme of the module docstring for piecewise-linear responses, with HiGHS; fill-order binaries
    only in the `nonconcave` rows (the others are concave majorants). Returns (budgets (R,), status, gap)."""
    n, k = grid.shape
    width = np.diff(grid, axis=1)  # (R, K-1)
    gain = np.diff(response, axis=1)
    slope = np.where(width > 1e-9, gain / np.maximum(width, 1e-9), 0.0)
    # Scale the objective to order one: per Rp miliar, relative to the best slope.
    scale = max(np.abs(slope).max(), 1e-9)
    seg = n * (k - 1)
    slope_flat = (slope / scale).ravel()
    width_flat = width.ravel()
    rows, cols, vals, lo, hi = [], [], [], [], []
    n_vars = seg

    def add_row(entries: list[tuple[int, float]], low: float, high: float) -> None:
        r = len(lo)
        for c, v in entries:
            rows.append(r)
            cols.append(c)
            vals.append(v)
        lo.append(low)
        hi.append(high)

    add_row([(j, 1.0) for j in range(seg)], pot - grid[:, 0].sum(), pot - grid[:, 0].sum())
    integrality = [0] * seg
    var_lo, var_hi = [0.0] * seg, list(width_flat)
    objective = list(-slope_flat)
    # Fill-in-order binaries only where a region's slope rises from one segment to the next: elsewhere an
    # optimal solution fills the steeper segment first anyway, so the order needs no enforcing.
    rises = (slope[:, 1:] > slope[:, :-1] + NONCONCAVE_TOL * np.abs(slope).max(axis=1, keepdims=True)) & (
        width[:, 1:] > 1e-9
    )
    rises &= nonconcave[:, None]
    for r, j in zip(*np.nonzero(rises), strict=True):
        z = n_vars
        n_vars += 1
        integrality.append(1)
        var_lo.append(0.0)
        var_hi.append(1.0)
        objective.append(0.0)
        a, b = r * (k - 1) + j, r * (k - 1) + j + 1
        add_row([(a, 1.0), (z, -width[r, j])], 0.0, np.inf)  # y_a >= w_a z: segment a full before b is used
        add_row([(b, 1.0), (z, -width[r, j + 1])], -np.inf, 0.0)  # y_b <= w_b z
    if need is not None:
        big = float(np.abs(slope_flat).sum() * width_flat.max() + 1.0)
        for r in range(n):
            t = n_vars
            n_vars += 1
            integrality.append(1)
            var_lo.append(0.0)
            reachable = np.isfinite(need[r]) and need[r] <= grid[r, -1] + 1e-9
            var_hi.append(1.0 if reachable else 0.0)
            objective.append(-big)
            if reachable and need[r] > grid[r, 0]:
                entries = [(r * (k - 1) + j, 1.0) for j in range(k - 1)] + [(t, -(need[r] - grid[r, 0]))]
                add_row(entries, 0.0, np.inf)
    matrix = coo_array((vals, (rows, cols)), shape=(len(lo), n_vars)).tocsr()
    result = milp(
        c=np.array(objective),
        integrality=np.array(integrality),
        bounds=Bounds(np.array(var_lo), np.array(var_hi)),
        constraints=LinearConstraint(matrix, np.array(lo), np.array(hi)),
        # HiGHS's presolve spends ~10 s on this one-row shape with 10,000 columns (514 regions); the solve
        # itself takes well under a second without it.
        options={"time_limit": time_limit, "mip_rel_gap": MIP_GAP, "presolve": False},
    )
    if result.x is None:
        raise InputError([no_solution(str(result.message))])
    y = result.x[:seg].reshape(n, k - 1)
    budgets = grid[:, 0] + y.sum(axis=1)
    status = "optimal" if result.status == 0 else f"stopped: {result.message}"
    gap = getattr(result, "mip_gap", None)
    return budgets, status, None if gap is None else float(gap)
