"""A thin batched adapter over the projection kernel: K lever sets x D assumption draws in one call.

Goal-seek, allocation and sensitivity need hundreds of projections per answer. The kernel already runs any
number of "scenarios" (its S axis) against any number of draws (its D axis), and regions are independent, so
one call can hold K candidate lever sets, each with its own value per region. `Evaluator` prepares everything
that does not depend on the levers once (calibration, initial split, per-draw parameters) and `run` takes
lever arrays of shape (K, R).

This module is the single place the analysis touches the engine: it prepares a `model.engine.Engine` (the same
preparation as `project`), builds typed `KernelInputs` through it, and runs through `model.runner`'s default
runner (in-process, or the app's worker pool); a test checks that it gives the same numbers as
`model.projection.project`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from .. import runner as runners
from ..assumptions import Assumptions, default_assumptions, sample
from ..cached import cached_property
from ..data import RegionTable
from ..engine import LEVER_FIELDS, Engine, LeverArrays, MonthGrid, Settings
from ..levers import LEVER_SPECS, Levers, Scenario
from ..targets import DEFAULT_NATIONAL_LINE

__all__ = ["LeverBatch", "Evaluator", "Outcome", "draw_values"]


@dataclass(frozen=True, eq=False)
class LeverBatch(LeverArrays):
    """K lever sets for R regions (`model.engine.LeverArrays`, validated alike) with what the analyses add:
    rows varied from one scenario, region subsets, and a row back as a scenario relative to a base."""

    @classmethod
    def from_scenario(cls, scenario: Scenario, codes: list[str], k: int = 1) -> LeverBatch:
        """The scenario's levers per region, repeated K times (rows to be varied by the caller)."""
        levers = [scenario.for_region(c) for c in codes]
        arrays = {name: np.array([[getattr(lv, name) for lv in levers]] * k, dtype=float) for name in LEVER_FIELDS}
        return cls(**arrays)

    @property
    def k(self) -> int:
        return self.n_scenarios

    def with_values(self, **columns: np.ndarray) -> LeverBatch:
        """A copy with some fields replaced (broadcast to (K, R))."""
        shape = self.budget_bn.shape
        return replace(self, **{k: np.broadcast_to(np.asarray(v, float), shape).copy() for k, v in columns.items()})

    def select(self, regions: np.ndarray) -> LeverBatch:
        return LeverBatch(**{name: getattr(self, name)[:, regions] for name in LEVER_FIELDS})

    def scenario(self, row: int, codes: list[str], base: Scenario | None = None) -> Scenario:
        """Row `row` as a Scenario: the base's national levers, an override wherever a region differs."""
        if base is None:
            return super().scenario(row, codes)
        overrides = {}
        for i, code in enumerate(codes):
            values = {name: getattr(self, name)[row, i] for name in LEVER_FIELDS}
            levers = Levers(**{n: (round(v) if LEVER_SPECS[n].whole else float(v)) for n, v in values.items()})
            if levers != base.default:
                overrides[code] = levers
        return Scenario.build(base.default, overrides)


def draw_values(assumptions: Assumptions, draws: int, seed: int) -> dict[str, np.ndarray]:
    """Per-draw assumption values (index 0 = the central case), as `project` draws them."""
    return sample(assumptions, draws, seed)


@dataclass(frozen=True, eq=False)
class Outcome:
    """What one batched run gives, with K lever sets, D draws and R regions.

    target_t (K, D, R): first month at target (-1 never); cov_at (K, D, R): coverage share in December of the
    outcome year; national_at (K, D): national coverage share then; central (K, R, T): the central draw's
    monthly coverage share; workers_at (D, R): potential workers in December of the outcome year.
    """

    target_t: np.ndarray
    cov_at: np.ndarray
    national_at: np.ndarray
    central: np.ndarray
    workers_at: np.ndarray
    month_at: int
    grid: MonthGrid = field(repr=False)

    @property
    def covered_at(self) -> np.ndarray:
        """(K, D, R) active participants in December of the outcome year."""
        return self.cov_at * self.workers_at[None]

    def reached_by(self, year: int) -> np.ndarray:
        """(K, D, R) True where the target is met at some month up to December of `year`."""
        limit = int(self.grid.index_of(year, 12))
        return (self.target_t >= 0) & (self.target_t <= limit)

    def target_years(self) -> np.ndarray:
        """(K, D, R) calendar year the target is first met; NaN if not by the horizon."""
        years = self.grid.years[np.maximum(self.target_t, 0)].astype(float)
        return np.where(self.target_t >= 0, years, np.nan)

    def max_coverage_until(self, year: int) -> np.ndarray:
        """(K, R) highest central coverage share in any month up to December of `year` (the goal-seek's
        continuous measure: the target is reached by `year` exactly when this is at least the target)."""
        limit = int(np.clip(self.grid.index_of(year, 12), 0, self.grid.n_months - 1))
        return self.central[:, :, : limit + 1].max(axis=2)


class Evaluator:
    """Prepared once per (table, assumptions, draws, seed); `run` evaluates K lever sets in one kernel call.

    The preparation is `model.engine.Engine.prepare` (the same calibration as `project`); this class adds what
    the analyses ask of it: region and draw subsets, an outcome year, a target override, and the workers and
    budgets at a year."""

    def __init__(
        self,
        table: RegionTable,
        assumptions: Assumptions | None = None,
        *,
        horizon_year: int = 2045,
        draws: int = 0,
        seed: int = 2024,
        draw_overrides: dict[str, np.ndarray] | None = None,
        national_target: str = DEFAULT_NATIONAL_LINE,
    ):
        self.table = table
        self.assumptions = assumptions or default_assumptions()
        x = None
        if draw_overrides:
            central = draw_values(self.assumptions, 0, seed)
            n = len(next(iter(draw_overrides.values())))
            x = {
                k: (np.asarray(draw_overrides[k], float) if k in draw_overrides else np.full(n, v[0]))
                for k, v in central.items()
            }
            draws = 0
        # The rank year is not used here (`run` takes the outcome year), only checked: the horizon is valid.
        settings = Settings(
            horizon_year=horizon_year, rank_year=horizon_year, draws=draws, seed=seed, national_target=national_target
        )
        self.engine = Engine.prepare(table, self.assumptions, settings, draw_values=x)
        self.horizon_year = horizon_year
        self.frame = table.frame
        self.codes: list[str] = self.engine.codes
        # The target each region's table row states (goal-seek's default target).
        self.target_pct = self.frame["target_pct"].to_numpy(float)
        self.premium = self.assumptions["premium_per_month"]

    @property
    def grid(self) -> MonthGrid:
        return self.engine.grid

    @property
    def x(self) -> dict[str, np.ndarray]:
        """Per-draw assumption values (index 0 = the central case)."""
        return self.engine.draws

    @property
    def n_draws(self) -> int:
        return len(self.engine.alpha)

    @cached_property
    def names(self) -> list[str]:
        return self.frame["name"].tolist()

    def index(self, code: str) -> int:
        return self.codes.index(code)

    def batch(self, scenario: Scenario, k: int = 1) -> LeverBatch:
        return LeverBatch.from_scenario(scenario, self.codes, k)

    def workers_at(self, year: int, regions: np.ndarray | None = None) -> np.ndarray:
        """(D, R) potential workers in December of `year` (each region grows from its own data date)."""
        e = self.engine
        regions = np.arange(len(self.codes)) if regions is None else regions
        t = int(np.clip(e.grid.index_of(year, 12), 0, e.grid.n_months - 1))
        months = np.maximum(t - e.m0[regions], 0)
        return e.w0[regions][None, :] * e.growth[:, regions] ** months[None, :]

    def vulnerable_pool(self, year: int) -> np.ndarray:
        """(R,) central vulnerable informal workers in December of `year`: the most a budget can fund."""
        return self.x["vulnerable_share"][0] * self.engine.sigma_i * self.workers_at(year)[0]

    def uncovered_vulnerable(self) -> np.ndarray:
        """(R,) vulnerable informal workers not yet members at the data date (the 'need' of a split)."""
        e = self.engine
        return self.x["vulnerable_share"][0] * np.maximum(e.sigma_i - e.v0, 0) * e.w0

    def budget_for_workers(self, workers: np.ndarray) -> np.ndarray:
        """Rp miliar a year that funds `workers` premiums for the months a year the budget pays."""
        return np.asarray(workers) * self.engine.months_paid * self.premium / 1e9

    def run(
        self,
        levers: LeverBatch,
        *,
        year: int,
        regions: np.ndarray | None = None,
        target_pct: float | np.ndarray | None = None,
        draws: slice | None = None,
    ) -> Outcome:
        """Project K lever sets (rows of `levers`, over the selected regions) in one kernel call.

        `year` is the outcome year (coverage and workers are read in its December); `target_pct` overrides
        every region's target (percent); `draws` selects a subset of the prepared draws (default: all).
        """
        idx = np.arange(len(self.codes)) if regions is None else np.asarray(regions, dtype=np.int64)
        lv = levers if levers.budget_bn.shape[1] == len(idx) else levers.select(idx)
        grid = self.grid
        tau = None
        if target_pct is not None:
            tau = np.broadcast_to(
                (np.asarray(target_pct, dtype=float) / 100 * np.ones(idx.shape))[:, None], (len(idx), grid.n_months)
            )
        slot_years = grid.year_end_slots[1]
        month_at = int(np.clip(grid.index_of(year, 12), 0, grid.n_months - 1))
        inputs = self.engine.kernel_inputs(lv, keep_paths=True, regions=idx, draws=draws, tau=tau, rank_month=month_at)
        n_regions, n_draws, n_scen = len(idx), len(inputs.alpha), lv.budget_bn.shape[0]
        out = runners.default().run(inputs)
        target_t = out.target_t.reshape(n_regions, n_scen, n_draws).transpose(1, 2, 0)
        # The path, without the noise of a single reported figure that `project`'s bands add (observation_noise_pp):
        # the analysis compares what policies do to the path, which that noise does not change.
        cov_at = out.cov_rank.reshape(n_regions, n_scen, n_draws).transpose(1, 2, 0)
        national = out.national.reshape(n_scen, n_draws, -1)
        workers = self.workers_at(year, idx)[draws or slice(None)]
        return Outcome(
            target_t=target_t,
            cov_at=cov_at,
            # The kernel's extra "rank month" slot stays empty when that month is a December (it is then a
            # year-end slot), so the national value is read from the year-end slots.
            national_at=national[:, :, int(np.searchsorted(slot_years, grid.years[month_at]))],
            central=out.central.sum(axis=1),
            workers_at=workers,
            month_at=month_at,
            grid=grid,
        )
