"""A thin batched adapter over the projection kernel: K lever sets x D assumption draws in one call.

Goal-seek, allocation and sensitivity need hundreds of projections per answer. The kernel already runs any
number of "scenarios" (its S axis) against any number of draws (its D axis), and regions are independent, so
one call can hold K candidate lever sets, each with its own value per region. `Evaluator` prepares everything
that does not depend on the levers once (calibration, initial split, per-draw parameters) and `run` takes
lever arrays of shape (K, R).

This module is the single place the analysis touches the engine: it uses `model.engine`'s preparation
functions and typed `KernelInputs`, and runs through `model.runner`'s default runner (in-process, or the
app's worker pool); a test checks that it gives the same numbers as `model.projection.project`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from functools import cached_property

import numpy as np
import pandas as pd

from .. import runner as runners
from ..assumptions import Assumptions, default_assumptions, sample
from ..calibration import trend_weights
from ..data import RegionTable, load_national, load_targets
from ..engine import (
    KernelInputs,
    apbdes_share,
    baseline_rates,
    initial_split,
    kernel_threads,
    outreach_effect,
    village_uncovered,
)
from ..levers import LEVER_SPECS, Levers, Scenario
from ..projection import MonthGrid
from ..targets import DEFAULT_NATIONAL_LINE, target_paths

__all__ = ["LeverBatch", "Evaluator", "Outcome", "draw_values"]

LEVER_FIELDS = tuple(f.name for f in fields(Levers))


@dataclass(frozen=True)
class LeverBatch:
    """K lever sets for R regions: every field of `Levers` as a (K, R) array."""

    regulation_level: np.ndarray
    budget_bn: np.ndarray
    outreach_pct: np.ndarray
    apbdes_bn: np.ndarray
    regulation_start: np.ndarray
    budget_start: np.ndarray
    budget_end: np.ndarray
    outreach_start: np.ndarray

    @classmethod
    def from_scenario(cls, scenario: Scenario, codes: list[str], k: int = 1) -> LeverBatch:
        """The scenario's levers per region, repeated K times (rows to be varied by the caller)."""
        levers = [scenario.for_region(c) for c in codes]
        arrays = {name: np.array([[getattr(lv, name) for lv in levers]] * k, dtype=float) for name in LEVER_FIELDS}
        return cls(**arrays)

    @classmethod
    def stack(cls, batches: list[LeverBatch]) -> LeverBatch:
        return cls(**{name: np.concatenate([getattr(b, name) for b in batches]) for name in LEVER_FIELDS})

    @property
    def k(self) -> int:
        return self.budget_bn.shape[0]

    def with_values(self, **columns: np.ndarray) -> LeverBatch:
        """A copy with some fields replaced (broadcast to (K, R))."""
        shape = self.budget_bn.shape
        return replace(self, **{k: np.broadcast_to(np.asarray(v, float), shape).copy() for k, v in columns.items()})

    def select(self, regions: np.ndarray) -> LeverBatch:
        return LeverBatch(**{name: getattr(self, name)[:, regions] for name in LEVER_FIELDS})

    def scenario(self, row: int, codes: list[str], base: Scenario) -> Scenario:
        """Row `row` as a Scenario: the base's national levers, an override wherever a region differs."""
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
    """Prepared once per (table, assumptions, draws, seed); `run` evaluates K lever sets in one kernel call."""

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
        frame = table.frame
        self.frame = frame
        self.codes: list[str] = frame["code"].tolist()
        first = pd.Timestamp(frame["as_of"].min()).to_period("M").to_timestamp()
        self.grid = MonthGrid.spanning(first, horizon_year)
        self.horizon_year = horizon_year
        a = self.assumptions.as_dict()
        self.a = a
        x = draw_values(self.assumptions, draws, seed)
        if draw_overrides:
            n = len(next(iter(draw_overrides.values())))
            x = {
                k: (np.asarray(draw_overrides[k], float) if k in draw_overrides else np.full(n, v[0]))
                for k, v in x.items()
            }
        self.x = x
        self.w0 = frame["potential_workers"].to_numpy(float)
        self.sigma_i = frame["informal_share"].to_numpy(float)
        self.c0, self.f0, self.v0 = initial_split(frame, self.sigma_i, a["informal_participant_share"])
        self.target_pct = frame["target_pct"].to_numpy(float)
        # Targets by region and month, as in `project`: own published paths, else the chosen national line.
        paths = target_paths(
            frame,
            np.unique(self.grid.years),
            targets=load_targets() if table.origin == "baseline" else None,
            national=load_national(),
            line=national_target,
        )
        self.tau_path = np.ascontiguousarray(paths.for_months(self.grid.years) / 100)
        self.m0 = self.grid.index_of(frame["as_of"].dt.year.to_numpy(), frame["as_of"].dt.month.to_numpy()).astype(
            np.int64
        )
        annual_growth = frame["labour_growth_pct"].to_numpy(float)[None, :] + x["labour_growth_offset_pp"][:, None]
        self.growth = (1 + annual_growth / 100) ** (1 / 12)  # (D, R)
        self.alpha = 1 - np.exp(-x["formal_adjustment_per_year"] / 12)
        self.lam0 = 1 - (1 - x["bpu_lapse_per_year"]) ** (1 / 12)
        trends = table.trend_fit
        weight = trend_weights(trends, a["trend_shrinkage_years"])
        national_slope = x["national_trend_pct_per_year"][:, None] / 100 * self.c0[None, :]
        slope = weight * trends["slope_fit_pp"].to_numpy(float) / 100 + (1 - weight) * national_slope
        if draws > 0:  # the region-specific trend dispersion of `project` (same generator, same draws)
            z = np.random.default_rng(seed + 1).standard_normal(slope.shape)
            z[0] = 0.0
            slope = slope + x["trend_dispersion_pp_per_year"][:, None] / 100 * z
        self.kappa, self.eps0 = baseline_rates(
            slope, self.f0, self.v0, self.sigma_i, self.growth, self.alpha, self.lam0
        )
        self.inv_growth_t = np.ascontiguousarray(1 / self.growth.T)
        self.kappa_t = np.ascontiguousarray(self.kappa.T)
        self.eps0_t = np.ascontiguousarray(self.eps0.T)
        self.gap_by_level = np.array([0.0] + [a[f"regulation_gap_closed_{i}"] for i in (1, 2, 3)])
        self.speed_by_level = np.array([1.0] + [a[f"regulation_speed_{i}"] for i in (1, 2, 3)])
        self.funded_by_level = np.array([0.0] + [a[f"regulation_funded_share_{i}"] for i in (1, 2, 3)])
        self.premium = a["premium_per_month"]
        self.months_paid = round(a["budget_months_per_year"])
        self.paid = (self.grid.months <= self.months_paid).astype(np.int64)
        self.village_pool = village_uncovered(frame)

    @property
    def n_draws(self) -> int:
        return len(self.alpha)

    @cached_property
    def names(self) -> list[str]:
        return self.frame["name"].tolist()

    def index(self, code: str) -> int:
        return self.codes.index(code)

    def batch(self, scenario: Scenario, k: int = 1) -> LeverBatch:
        return LeverBatch.from_scenario(scenario, self.codes, k)

    def workers_at(self, year: int, regions: np.ndarray | None = None) -> np.ndarray:
        """(D, R) potential workers in December of `year` (each region grows from its own data date)."""
        regions = np.arange(len(self.codes)) if regions is None else regions
        t = int(np.clip(self.grid.index_of(year, 12), 0, self.grid.n_months - 1))
        months = np.maximum(t - self.m0[regions], 0)
        return self.w0[regions][None, :] * self.growth[:, regions] ** months[None, :]

    def vulnerable_pool(self, year: int) -> np.ndarray:
        """(R,) central vulnerable informal workers in December of `year`: the most a budget can fund."""
        return self.x["vulnerable_share"][0] * self.sigma_i * self.workers_at(year)[0]

    def uncovered_vulnerable(self) -> np.ndarray:
        """(R,) vulnerable informal workers not yet members at the data date (the 'need' of a split)."""
        return self.x["vulnerable_share"][0] * np.maximum(self.sigma_i - self.v0, 0) * self.w0

    def budget_for_workers(self, workers: np.ndarray) -> np.ndarray:
        """Rp miliar a year that funds `workers` premiums for the months a year the budget pays."""
        return np.asarray(workers) * self.months_paid * self.premium / 1e9

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
        dsel = draws or slice(None)
        grid = self.grid
        if target_pct is None:
            tau = self.tau_path[idx]
        else:
            tau = np.broadcast_to(
                (np.asarray(target_pct, dtype=float) / 100 * np.ones(idx.shape))[:, None], (len(idx), grid.n_months)
            )

        def month_of(years: np.ndarray, offset: int = 0) -> np.ndarray:
            return np.clip(grid.index_of(years.astype(np.int64) + offset, 1), 0, grid.n_months).astype(np.int64)

        levels = lv.regulation_level.astype(np.int64)
        funded0 = lv.budget_bn * 1e9 / (self.months_paid * self.premium) / self.w0[idx][None, :]
        out_h = outreach_effect(lv.outreach_pct / 100, self.a["outreach_curvature"])
        slot, slot_years = grid.year_end_slots
        month_at = int(np.clip(grid.index_of(year, 12), 0, grid.n_months - 1))
        x = {k: np.ascontiguousarray(v[dsel]) for k, v in self.x.items()}
        n_regions, n_draws, n_scen = len(idx), len(x["regulation_effect_scale"]), lv.budget_bn.shape[0]
        inputs = KernelInputs(
            n_months=grid.n_months,
            m0=np.ascontiguousarray(self.m0[idx]),
            sigma_i=np.ascontiguousarray(self.sigma_i[idx]),
            f0=np.ascontiguousarray(self.f0[idx]),
            v0=np.ascontiguousarray(self.v0[idx]),
            tau=np.ascontiguousarray(tau, dtype=float),
            w0=np.ascontiguousarray(self.w0[idx]),
            dilution=np.ascontiguousarray(self.inv_growth_t[idx][:, dsel]),
            alpha=np.ascontiguousarray(self.alpha[dsel]),
            kappa=np.ascontiguousarray(self.kappa_t[idx][:, dsel]),
            eps0=np.ascontiguousarray(self.eps0_t[idx][:, dsel]),
            lam0=np.ascontiguousarray(self.lam0[dsel]),
            reg_start=month_of(lv.regulation_start),
            reg_gap=np.ascontiguousarray(self.gap_by_level[levels]),
            reg_speed=np.ascontiguousarray(self.speed_by_level[levels]),
            reg_scale=x["regulation_effect_scale"],
            reg_funded=np.ascontiguousarray(self.funded_by_level[levels]),
            bud_start=month_of(lv.budget_start),
            bud_end=month_of(lv.budget_end, 1),
            funded0=np.ascontiguousarray(funded0),
            apbdes0=apbdes_share(lv.apbdes_bn, self.village_pool[idx], self.w0[idx], self.months_paid, self.premium),
            out_start=month_of(lv.outreach_start),
            out_h=np.ascontiguousarray(out_h),
            uplift=x["outreach_enrolment_uplift"],
            lapse_cut=x["outreach_lapse_cut"],
            crowd=x["crowd_out_share"],
            onboard=1 - np.exp(-1 / x["onboarding_months"]),
            pool=x["vulnerable_share"],
            rank_t=month_at,
            year_index=slot,
            n_years=len(slot_years),
            paid=self.paid,
            keep_yearly=False,
            keep_central=True,
            n_chunks=int(max(1, min(n_regions, 2 * kernel_threads()))),
        )
        out = runners.default().run(inputs)
        target_t = out.target_t.reshape(n_regions, n_scen, n_draws).transpose(1, 2, 0)
        cov_at = out.cov_rank.reshape(n_regions, n_scen, n_draws).transpose(1, 2, 0)
        national = out.national.reshape(n_scen, n_draws, -1)
        workers = self.workers_at(year, idx)[dsel]
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
