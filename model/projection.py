"""The projection: from a validated regions table, a scenario and assumptions to paths and measures.

`project` prepares per-region and per-draw parameters with numpy (calibration, initial split into formal and
informal members, lever timing), runs the compiled monthly kernel once for baseline and scenario together,
and wraps the result in `Projection`, whose methods compute the measures the app and the command line show.
Draw 0 is always the central case (assumptions as set); draws 1..N are Monte Carlo draws.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar

import numpy as np
import pandas as pd

from .assumptions import Assumptions, default_assumptions, sample
from .calibration import fit_trend_lines, trend_weights
from .data import RegionTable, load_national, load_targets
from .kernel import KERNEL_LOCK, simulate
from .levers import Scenario
from .messages import InputError, Problem
from .targets import DEFAULT_NATIONAL_LINE, NATIONAL_LINES, TargetPaths, target_paths

T = TypeVar("T")

_kernel_in_worker = False


def use_kernel_worker(enabled: bool = True) -> None:
    """Run the compiled kernel in a helper process from now on (the web app does; see model/worker.py)."""
    global _kernel_in_worker
    _kernel_in_worker = enabled
    if enabled:
        from . import worker

        worker.start()


def _run_kernel(args: tuple) -> tuple:
    # numba compiles one machine-code version per argument signature, and read-only arrays (the loaded table's
    # columns) have a signature of their own; an array pickled to the helper process arrives writable. Writable
    # C-ordered copies everywhere give one signature, the one `python -m model warmup` compiles at install.
    args = tuple(np.require(a, requirements=["C", "W"]) if isinstance(a, np.ndarray) else a for a in args)
    if _kernel_in_worker:
        from . import worker

        outputs = worker.simulate(*args)
        if outputs is not None:
            return outputs
    with KERNEL_LOCK:
        return simulate(*args)


__all__ = ["Settings", "Projection", "project", "BASELINE", "SCENARIO"]

BASELINE, SCENARIO = 0, 1
SEGMENTS = ("formal", "informal_self", "informal_funded")
MAX_RATE = 0.9


@dataclass(frozen=True, kw_only=True)
class Settings:
    """How to run: horizon, the year ranks are compared at, Monte Carlo draws and seed, a target override."""

    horizon_year: int = 2045
    rank_year: int = 2030
    draws: int = 0
    seed: int = 2024
    target_pct: float | None = None
    keep_draw_paths: bool = True
    # The national line that stands in for provinces without a published target of their own (model/targets.py).
    national_target: str = DEFAULT_NATIONAL_LINE

    def check(self, first_year: int) -> None:
        problems = []
        if not first_year <= self.horizon_year <= 2100:
            detail = f"{self.horizon_year} must be between {first_year} and 2100"
            problems.append(Problem("bad_option", {"name": "--horizon", "detail": detail}))
        if not first_year <= self.rank_year <= max(self.horizon_year, first_year):
            detail = f"{self.rank_year} must be between {first_year} and the horizon {self.horizon_year}"
            problems.append(Problem("bad_option", {"name": "--rank-year", "detail": detail}))
        if not 0 <= self.draws <= 100_000:
            problems.append(Problem("bad_option", {"name": "--draws", "detail": f"{self.draws} not in [0, 100000]"}))
        if self.target_pct is not None and not 0 < self.target_pct <= 100:
            detail = f"{self.target_pct} must be above 0 and at most 100"
            problems.append(Problem("bad_option", {"name": "--target", "detail": detail}))
        if self.national_target not in NATIONAL_LINES:
            detail = f"{self.national_target!r} is not one of {', '.join(NATIONAL_LINES)}"
            problems.append(Problem("bad_option", {"name": "--national-target", "detail": detail}))
        if problems:
            raise InputError(problems)


@dataclass(frozen=True)
class MonthGrid:
    """Calendar months from the earliest data date to December of the horizon year."""

    first_year: int
    first_month: int  # 1..12
    n_months: int

    @classmethod
    def spanning(cls, first: pd.Timestamp, horizon_year: int) -> MonthGrid:
        n = (horizon_year - first.year) * 12 + (12 - first.month) + 1
        return cls(first.year, first.month, max(n, 1))

    def index_of(self, year: np.ndarray | int, month: np.ndarray | int = 1) -> np.ndarray:
        return (np.asarray(year) - self.first_year) * 12 + (np.asarray(month) - self.first_month)

    @cached_property
    def years(self) -> np.ndarray:
        return self.first_year + (self.first_month - 1 + np.arange(self.n_months)) // 12

    @cached_property
    def months(self) -> np.ndarray:
        return (self.first_month - 1 + np.arange(self.n_months)) % 12 + 1

    @cached_property
    def dates(self) -> pd.DatetimeIndex:
        first = np.datetime64(f"{self.first_year:04d}-{self.first_month:02d}", "M")
        return pd.DatetimeIndex((first + np.arange(self.n_months)).astype("datetime64[ns]"))

    @cached_property
    def year_end_slots(self) -> tuple[np.ndarray, np.ndarray]:
        """(slot per month, -1 except December; the year of each slot)."""
        slot = np.full(self.n_months, -1, dtype=np.int64)
        december = np.flatnonzero(self.months == 12)
        slot[december] = np.arange(len(december))
        return slot, self.years[december]


def _lever_arrays(
    scenario: Scenario, codes: list[str], grid: MonthGrid, premium: float, w0: np.ndarray, months_paid: float = 12.0
):
    """Per scenario (baseline, policy) and region: lever timing as month indices and lever strengths.

    A budget that pays for `months_paid` months a year funds budget / (months x premium) workers in those
    months (the same money buys more workers for a shorter time, as regional programmes do).
    """
    n = len(codes)
    levers = [scenario.for_region(c) for c in codes]
    regulation_level = np.array([lv.regulation_level for lv in levers], dtype=np.int64)
    budget_bn = np.array([lv.budget_bn for lv in levers])
    outreach = np.array([lv.outreach_pct for lv in levers]) / 100

    def month_of(attr: str, offset_years: int = 0) -> np.ndarray:
        years = np.array([getattr(lv, attr) for lv in levers]) + offset_years
        return np.clip(grid.index_of(years, 1), 0, grid.n_months).astype(np.int64)

    never = np.full(n, grid.n_months, dtype=np.int64)
    funded_workers = budget_bn * 1e9 / (months_paid * premium)
    return {
        "levels": regulation_level,
        "funded_workers": funded_workers,
        "reg_start": np.stack([never, month_of("regulation_start")]),
        "bud_start": np.stack([never, month_of("budget_start")]),
        "bud_end": np.stack([never, month_of("budget_end", 1)]),
        "out_start": np.stack([never, month_of("outreach_start")]),
        "funded0": np.stack([np.zeros(n), funded_workers / w0]),
        "outreach": outreach,
    }


def _initial_split(frame: pd.DataFrame, sigma_i: np.ndarray, informal_share_of_members: float):
    """Formal and self-paying informal shares of W at the data date, each within its segment's size."""
    c0 = frame["active_participants"].to_numpy(float) / frame["potential_workers"].to_numpy(float)
    formal = frame["formal_participants"].to_numpy(float)
    informal = frame["informal_participants"].to_numpy(float)
    known = np.isfinite(formal) & np.isfinite(informal) & ((formal + informal) > 0)
    informal_fraction = np.where(known, informal / np.where(known, formal + informal, 1), informal_share_of_members)
    v0 = c0 * informal_fraction
    f0 = c0 - v0
    sigma_f = 1 - sigma_i
    excess_f = np.maximum(f0 - sigma_f, 0)
    f0, v0 = f0 - excess_f, v0 + excess_f
    excess_v = np.maximum(v0 - sigma_i, 0)
    f0, v0 = f0 + excess_v, v0 - excess_v
    return c0, f0, v0


def _baseline_rates(slope, f0, v0, sigma_i, growth, alpha, lam0):
    """Formal ceiling kappa and informal enrolment rate eps0 (per draw and region) that continue the trend.

    The trend (share of W per year) is split between the segments: a rising trend in proportion to the
    workers each segment still has uncovered, a falling one in proportion to its members. Each segment's
    first-month change then equals its part of the trend, after dilution by labour-force growth; later the
    trend slows as formal members near their ceiling and informal members near the level that enrolment and
    lapse can sustain.
    """
    sigma_f = 1 - sigma_i
    uncovered_f, uncovered_i = sigma_f - f0, sigma_i - v0
    members = np.maximum(f0 + v0, 1e-12)
    rising = slope >= 0
    share_f = np.where(rising, uncovered_f / np.maximum(uncovered_f + uncovered_i, 1e-12), f0 / members)
    step_f, step_i = slope * share_f / 12, slope * (1 - share_f) / 12
    ceiling = f0 + ((f0 + step_f) * growth - f0) / alpha[:, None]
    kappa = np.clip(ceiling / np.maximum(sigma_f, 1e-12), 0, 1)
    enrol = (v0 + step_i) * growth - v0 + lam0[:, None] * v0
    eps0 = np.where(uncovered_i > 1e-9, enrol / np.maximum(uncovered_i, 1e-9), 0.0)
    return kappa, np.clip(eps0, 0, MAX_RATE)


def _outreach_effect(intensity: np.ndarray, curvature: float) -> np.ndarray:
    """Diminishing returns: 0 at no outreach, 1 at full outreach, concave between."""
    return (1 - np.exp(-curvature * intensity)) / (1 - np.exp(-curvature))


def project(
    table: RegionTable,
    scenario: Scenario | None = None,
    assumptions: Assumptions | None = None,
    settings: Settings | None = None,
    *,
    observations: pd.DataFrame | None = None,
    targets: pd.DataFrame | None = None,
) -> Projection:
    """Project baseline and scenario for every region; raise InputError for unknown regions or bad settings."""
    scenario = scenario or Scenario()
    assumptions = assumptions or default_assumptions()
    settings = settings or Settings()
    frame = table.frame
    codes = frame["code"].tolist()
    scenario.check_codes(codes)
    first = pd.Timestamp(frame["as_of"].min()).to_period("M").to_timestamp()
    settings.check(first.year)
    grid = MonthGrid.spanning(first, settings.horizon_year)

    a = assumptions.as_dict()
    x = sample(assumptions, settings.draws, settings.seed)
    w0 = frame["potential_workers"].to_numpy(float)
    sigma_i = frame["informal_share"].to_numpy(float)
    c0, f0, v0 = _initial_split(frame, sigma_i, a["informal_participant_share"])
    m0 = grid.index_of(frame["as_of"].dt.year.to_numpy(), frame["as_of"].dt.month.to_numpy()).astype(np.int64)
    # Targets by region and year (own published paths, else the chosen national line); `target_pct` is the
    # target in force at the latest data date, the one tables show beside today's coverage.
    if targets is None and table.origin == "baseline":
        targets = load_targets()
    paths = target_paths(
        frame,
        np.unique(grid.years),
        targets=targets,
        national=load_national(),
        line=settings.national_target,
        override_pct=settings.target_pct,
    )
    target_pct = paths.in_year(int(grid.years[int(m0.max())]))

    # Per draw (D,) and per draw x region (D, R) parameters.
    annual_growth = frame["labour_growth_pct"].to_numpy(float)[None, :] + x["labour_growth_offset_pp"][:, None]
    growth = (1 + annual_growth / 100) ** (1 / 12)
    alpha = 1 - np.exp(-x["formal_adjustment_per_year"] / 12)
    lam0 = 1 - (1 - x["bpu_lapse_per_year"]) ** (1 / 12)
    trends = table.trend_fit if observations is None else fit_trend_lines(frame, observations)
    weight = trend_weights(trends, a["trend_shrinkage_years"])
    national_slope = x["national_trend_pct_per_year"][:, None] / 100 * c0[None, :]
    slope = weight * trends["slope_fit_pp"].to_numpy(float) / 100 + (1 - weight) * national_slope
    # Each region's own trend is uncertain beyond the shared assumptions (one-off staff contracts, source
    # rounding): draws 1..N add a region-specific deviation, sd set from the backtest (data/assumptions.csv).
    if settings.draws > 0:
        z = np.random.default_rng(settings.seed + 1).standard_normal(slope.shape)
        z[0] = 0.0
        slope = slope + x["trend_dispersion_pp_per_year"][:, None] / 100 * z
    kappa, eps0 = _baseline_rates(slope, f0, v0, sigma_i, growth, alpha, lam0)

    months_paid = round(a["budget_months_per_year"])
    lv = _lever_arrays(scenario, codes, grid, a["premium_per_month"], w0, months_paid)
    # Months of each calendar year the budget pays for: January onward (programmes fund 3, 6 or 12 months).
    paid = (grid.months <= months_paid).astype(np.int64)
    gap_by_level = np.array([0.0] + [a[f"regulation_gap_closed_{i}"] for i in (1, 2, 3)])
    speed_by_level = np.array([1.0] + [a[f"regulation_speed_{i}"] for i in (1, 2, 3)])
    # Regulation's budget channel: non-ASN and village staff enrolled because the regulation commits money
    # (share of W, raises the formal ceiling; see model/kernel.py).
    funded_by_level = np.array([0.0] + [a[f"regulation_funded_share_{i}"] for i in (1, 2, 3)])
    zeros = np.zeros(len(codes))
    out_h = _outreach_effect(lv["outreach"], a["outreach_curvature"])
    slot, slot_years = grid.year_end_slots
    rank_t = int(grid.index_of(settings.rank_year, 12))

    kernel_args = (
        grid.n_months,
        m0,
        sigma_i,
        f0,
        v0,
        np.ascontiguousarray(paths.for_months(grid.years) / 100),
        w0,
        np.ascontiguousarray(1 / growth.T),
        alpha,
        np.ascontiguousarray(kappa.T),
        np.ascontiguousarray(eps0.T),
        lam0,
        lv["reg_start"],
        np.stack([zeros, gap_by_level[lv["levels"]]]),
        np.stack([np.ones(len(codes)), speed_by_level[lv["levels"]]]),
        x["regulation_effect_scale"],
        np.stack([zeros, funded_by_level[lv["levels"]]]),
        lv["bud_start"],
        lv["bud_end"],
        lv["funded0"],
        lv["out_start"],
        np.stack([zeros, out_h]),
        x["outreach_enrolment_uplift"],
        x["outreach_lapse_cut"],
        x["crowd_out_share"],
        1 - np.exp(-1 / x["onboarding_months"]),
        x["vulnerable_share"],
        rank_t,
        slot,
        len(slot_years),
        settings.keep_draw_paths,
        paid,
    )
    target_t, cov_rank, yearly, national, national_central, central = _run_kernel(kernel_args)
    return Projection(
        frame=frame,
        scenario=scenario,
        assumptions=assumptions,
        settings=settings,
        grid=grid,
        target_pct=target_pct,
        targets=paths,
        coverage_now=100 * c0,
        m0=m0,
        growth_central=growth[0],
        funded_workers=lv["funded_workers"],
        trends=trends,
        slope_used_pp=100 * slope[0],
        target_t=target_t.transpose(0, 2, 1),
        cov_rank=100 * cov_rank.transpose(0, 2, 1),
        yearly=yearly.transpose(0, 3, 1, 2),
        years=slot_years,
        national=national.transpose(0, 2, 1),
        national_central=national_central,
        central=central,
    )


@dataclass(frozen=True, eq=False)
class Projection:
    """Everything one run produced; measures are computed on demand from these arrays."""

    frame: pd.DataFrame
    scenario: Scenario
    assumptions: Assumptions
    settings: Settings
    grid: MonthGrid
    target_pct: np.ndarray
    targets: TargetPaths
    coverage_now: np.ndarray
    m0: np.ndarray
    growth_central: np.ndarray
    funded_workers: np.ndarray
    trends: pd.DataFrame
    slope_used_pp: np.ndarray
    target_t: np.ndarray  # (S, D, R) first month at target, -1 never
    cov_rank: np.ndarray  # (S, D, R) coverage % at December of the rank year
    yearly: np.ndarray  # (S, D or 1, R, Y) coverage share at each December
    years: np.ndarray  # (Y,)
    national: np.ndarray  # (S, D, Y + 1) national coverage share at year ends, last slot = rank month
    national_central: np.ndarray  # (S, T) central national coverage share by month
    central: np.ndarray  # (S, 3, R, T) central draw shares by segment
    _cache: dict = field(default_factory=dict, repr=False)

    def memo(self, key: Hashable, build: Callable[[], T]) -> T:
        """Compute-once store for anything derived from this run (the app keeps chart data and tables here).

        A projection never changes after `project` returns, and the app shares one object per scenario
        across reruns and sessions, so whatever is derived once stays valid as long as the projection
        lives: moving a slider back to a value already seen costs no pandas work. Treat results as read-only.
        """
        try:
            return self._cache[key]
        except KeyError:
            value = self._cache[key] = build()
            return value

    # ----- basic quantities -------------------------------------------------------------------------
    @cached_property
    def codes(self) -> list[str]:
        return self.frame["code"].tolist()

    @property
    def n_draws(self) -> int:
        return self.target_t.shape[1] - 1

    @cached_property
    def potential_path(self) -> np.ndarray:
        """(R, T) potential workers in the central case (frozen before each region's data date)."""
        t = np.arange(self.grid.n_months)[None, :]
        months_since = np.maximum(t - self.m0[:, None], 0)
        return self.frame["potential_workers"].to_numpy(float)[:, None] * self.growth_central[:, None] ** months_since

    @cached_property
    def coverage_paths(self) -> np.ndarray:
        """(S, R, T) central coverage in percent."""
        return 100 * self.central.sum(axis=1)

    @cached_property
    def member_paths(self) -> np.ndarray:
        """(S, 3, R, T) central members by segment (formal, self-paying informal, funded informal)."""
        return self.central * self.potential_path[None, None, :, :]

    def month_index(self, year: int, month: int = 12) -> int:
        return int(np.clip(self.grid.index_of(year, month), 0, self.grid.n_months - 1))

    # ----- target dates -------------------------------------------------------------------------------
    def target_years(self, scenario: int = SCENARIO) -> np.ndarray:
        """(D, R) calendar year each draw first reaches the target; NaN if not by the horizon."""
        t = self.target_t[scenario]
        years = self.grid.years[np.maximum(t, 0)].astype(float)
        return np.where(t >= 0, years, np.nan)

    def target_status(self, scenario: int = SCENARIO) -> np.ndarray:
        """Central case per region: 'already' (at target on the data date), 'reached' or 'not_by_horizon'."""
        t = self.target_t[scenario, 0]
        return np.where(t < 0, "not_by_horizon", np.where(t <= self.m0, "already", "reached"))

    def target_dates(self, scenario: int = SCENARIO) -> list[str | None]:
        t = self.target_t[scenario, 0]
        return [None if i < 0 else f"{self.grid.years[i]:04d}-{self.grid.months[i]:02d}" for i in t]

    def probability_by_year(self, year: int, scenario: int = SCENARIO) -> np.ndarray | None:
        """Share of Monte Carlo draws at target by December of `year` (None without draws)."""
        if self.n_draws == 0:
            return None
        t = self.target_t[scenario, 1:]
        limit = self.month_index(year, 12)
        return ((t >= 0) & (t <= limit)).mean(axis=0)

    # ----- ranks ------------------------------------------------------------------------------------
    RANK_DECIMALS = 2  # coverage is compared as shown (0.01 pp): differences below that are rounding noise

    @classmethod
    def rank_of(cls, coverage: np.ndarray) -> np.ndarray:
        """Rank 1 = highest coverage (percent) along the last axis; equal coverage gets an equal rank.

        Competition ranking ("1, 2, 2, 4"): a region's rank is 1 + the number of regions with strictly higher
        coverage, after rounding to the precision shown, so two regions on the same figure share a rank and
        floating-point noise never orders them.
        """
        rounded = np.round(np.asarray(coverage, dtype=float), cls.RANK_DECIMALS)
        order = np.argsort(-rounded, axis=-1, kind="stable")
        ordered = np.take_along_axis(rounded, order, axis=-1)
        positions = np.broadcast_to(np.arange(ordered.shape[-1]), ordered.shape)
        starts = np.ones(ordered.shape, dtype=bool)
        starts[..., 1:] = ordered[..., 1:] != ordered[..., :-1]
        first_of_tie = np.maximum.accumulate(np.where(starts, positions, 0), axis=-1)
        ranks = np.empty(ordered.shape, dtype=np.int64)
        np.put_along_axis(ranks, order, first_of_tie + 1, axis=-1)
        return ranks

    @staticmethod
    def tied(ranks: np.ndarray) -> np.ndarray:
        """True where a rank is shared with another region (along the last axis), so a table can show '=15'."""
        ranks = np.asarray(ranks)
        counts = (ranks[..., :, None] == ranks[..., None, :]).sum(axis=-1)
        return counts > 1

    @cached_property
    def rank_now(self) -> np.ndarray:
        return self.rank_of(self.coverage_now)

    @cached_property
    def ranks_at_rank_year(self) -> np.ndarray:
        """(S, D, R) ranks by coverage in December of the rank year."""
        return self.rank_of(self.cov_rank)

    def ranks_by_year(self) -> pd.DataFrame:
        """Central ranks at each December, baseline and scenario (for the bump chart)."""
        yearly = self.yearly[:, 0]  # (S, R, Y)
        ranks = self.rank_of(100 * np.moveaxis(yearly, 1, 2).astype(float))  # (S, Y, R), ranked in percent
        rows = []
        for s, label in ((BASELINE, "baseline"), (SCENARIO, "scenario")):
            frame = pd.DataFrame(ranks[s], index=self.years, columns=self.codes)
            long = frame.stack().rename("rank").reset_index()
            long.columns = ["year", "code", "rank"]
            long["scenario"] = label
            rows.append(long)
        return pd.concat(rows, ignore_index=True)

    # ----- money --------------------------------------------------------------------------------------
    def spent_in_year(self, year: int) -> np.ndarray:
        """(R,) premiums paid in a calendar year (Rp) under the scenario: funded members x premium, by month."""
        months = self.grid.years == year
        funded = self.central[SCENARIO, 2][:, months] * self.potential_path[:, months]
        return funded.sum(axis=1) * self.assumptions["premium_per_month"]

    def budget_spent_by_year(self) -> pd.DataFrame:
        """(years x R) budget spent per calendar year (Rp) in the central scenario: funded members x premium."""
        premium = self.assumptions["premium_per_month"]
        funded = self.member_paths[SCENARIO, 2]  # (R, T)
        frame = pd.DataFrame(funded.T * premium, index=self.grid.years)
        spent = frame.groupby(level=0).sum()
        spent.columns = self.codes
        return spent

    # ----- tables -----------------------------------------------------------------------------------
    def region_summary(self) -> pd.DataFrame:
        """One row per region with every measure the app and the command line report (central case)."""
        if "regions" in self._cache:
            return self._cache["regions"]
        f = self.frame
        w0 = f["potential_workers"].to_numpy(float)
        participants = f["active_participants"].to_numpy(float)
        rank_year = self.settings.rank_year
        t_rank = self.month_index(rank_year, 12)
        covered = self.central[:, :, :, t_rank].sum(axis=1) * self.potential_path[None, :, t_rank]
        additional = covered[SCENARIO] - covered[BASELINE]
        spent_rank_year = self.spent_in_year(rank_year)
        with np.errstate(divide="ignore", invalid="ignore"):
            cost_per_additional = np.where(additional > 0.5, spent_rank_year / additional, np.nan)
        yb, ys = self.target_years(BASELINE)[0], self.target_years(SCENARIO)[0]
        out = pd.DataFrame(
            {
                "code": f["code"].to_numpy(),
                "name": f["name"].to_numpy(),
                "status": f["status"].to_numpy(),
                "potential_status": f["potential_status"].to_numpy(),
                "as_of": f["as_of"].dt.strftime("%Y-%m-%d").to_numpy(),
                "potential_workers": w0,
                "active_participants": participants,
                "coverage_now": self.coverage_now,
                "target_pct": self.target_pct,
                "target_status_source": f["target_status"].to_numpy(),
                "target_own": self.targets.own,
                "workers_gap_now": np.maximum(self.target_pct / 100 * w0 - participants, 0),
                "funded_workers": self.funded_workers,
                "year_target_reached_baseline": yb,
                "year_target_reached": ys,
                "target_status_baseline": self.target_status(BASELINE),
                "target_status": self.target_status(SCENARIO),
                "date_target_reached_baseline": self.target_dates(BASELINE),
                "date_target_reached": self.target_dates(SCENARIO),
                "coverage_rank_year_baseline": self.cov_rank[BASELINE, 0],
                "coverage_rank_year": self.cov_rank[SCENARIO, 0],
                "rank_now": self.rank_now,
                "rank_now_tied": self.tied(self.rank_now),
                "rank_baseline": self.ranks_at_rank_year[BASELINE, 0],
                "rank_new": self.ranks_at_rank_year[SCENARIO, 0],
                "additional_covered_rank_year": additional,
                "budget_spent_rank_year_rp": spent_rank_year,
                "cost_per_additional_worker_rp": cost_per_additional,
                "trend_pp_per_year": self.slope_used_pp,
                "rank_change": self.rank_now - self.ranks_at_rank_year[SCENARIO, 0],
            }
        )
        if self.n_draws > 0:
            cov = self.cov_rank[SCENARIO, 1:]
            out["coverage_rank_year_p10"] = np.percentile(cov, 10, axis=0)
            out["coverage_rank_year_p90"] = np.percentile(cov, 90, axis=0)
            out["prob_target_by_rank_year_baseline"] = self.probability_by_year(rank_year, BASELINE)
            out["prob_target_by_rank_year"] = self.probability_by_year(rank_year, SCENARIO)
            out["prob_target_by_horizon"] = self.probability_by_year(self.settings.horizon_year, SCENARIO)
        self._cache["regions"] = out
        return out

    def national_rank_year(self, scenario: int = SCENARIO) -> np.ndarray:
        """(D,) national coverage share of every draw in the rank month (December of the rank year).

        The kernel records a December in its year-end slot and only other rank months in the extra last slot,
        so a December rank month is read from its year's slot (the extra slot stays unfilled then)."""
        slot = int(self.grid.year_end_slots[0][self.month_index(self.settings.rank_year, 12)])
        return self.national[scenario, :, slot if slot >= 0 else -1]

    def national_summary(self) -> dict[str, float | int | None]:
        """Potential-weighted national aggregate (sum of participants over sum of potential workers)."""
        return dict(self.memo("national", self._national_summary))

    def _national_summary(self) -> dict[str, float | int | None]:
        regions = self.region_summary()
        t_rank = self.month_index(self.settings.rank_year, 12)
        rank_year = self.settings.rank_year

        def at_target_by(scenario: int) -> int:
            t = self.target_t[scenario, 0]
            return int(((t >= 0) & (t <= t_rank)).sum())

        summary: dict[str, float | int | None] = {
            "regions": len(regions),
            "regions_estimated": int((self.frame["status"] == "estimate").sum()),
            "potential_workers": float(regions["potential_workers"].sum()),
            "active_participants": float(regions["active_participants"].sum()),
            "coverage_now": float(100 * regions["active_participants"].sum() / regions["potential_workers"].sum()),
            "rank_year": rank_year,
            "coverage_rank_year_baseline": float(100 * self.national_central[BASELINE, t_rank]),
            "coverage_rank_year": float(100 * self.national_central[SCENARIO, t_rank]),
            "regions_at_target_by_rank_year_baseline": at_target_by(BASELINE),
            "regions_at_target_by_rank_year": at_target_by(SCENARIO),
            "additional_covered_rank_year": float(regions["additional_covered_rank_year"].sum()),
            "funded_workers": float(regions["funded_workers"].sum()),
            "budget_spent_rank_year_rp": float(regions["budget_spent_rank_year_rp"].sum()),
            "horizon_year": self.settings.horizon_year,
            "draws": self.n_draws,
            "seed": self.settings.seed,
        }
        if self.n_draws > 0:
            cov = 100 * self.national_rank_year(SCENARIO)[1:]
            summary["coverage_rank_year_p10"] = float(np.percentile(cov, 10))
            summary["coverage_rank_year_p90"] = float(np.percentile(cov, 90))
        return summary

    def path_frame(self, codes: list[str] | None = None, *, every: int = 1) -> pd.DataFrame:
        """Tidy central coverage paths (code, date, scenario, coverage_pct) from each region's data date,
        every `every` months (a chart needs fewer points than the model computes)."""
        index = [self.codes.index(c) for c in codes] if codes else list(range(len(self.codes)))
        parts = []
        for s, label in ((BASELINE, "baseline"), (SCENARIO, "scenario")):
            for i in index:
                keep = np.arange(self.m0[i], self.grid.n_months, every)
                parts.append(
                    pd.DataFrame(
                        {
                            "code": self.codes[i],
                            "date": self.grid.dates[keep],
                            "scenario": label,
                            "coverage_pct": self.coverage_paths[s, i, keep],
                        }
                    )
                )
        return pd.concat(parts, ignore_index=True)

    def bands(self, codes: list[str] | None = None, quantiles=(10, 50, 90)) -> pd.DataFrame:
        """Yearly P10/P50/P90 coverage over Monte Carlo draws (central value if there are no draws)."""
        index = [self.codes.index(c) for c in codes] if codes else list(range(len(self.codes)))
        draws = self.yearly[:, 1:] if self.n_draws > 0 and self.yearly.shape[1] > 1 else self.yearly[:, :1]
        q = np.percentile(100 * draws[:, :, index, :], quantiles, axis=1)  # (Q, S, R', Y)
        rows = []
        for s, label in ((BASELINE, "baseline"), (SCENARIO, "scenario")):
            for j, i in enumerate(index):
                block = {"code": self.codes[i], "scenario": label, "year": self.years}
                for k, qq in enumerate(quantiles):
                    block[f"p{qq}"] = q[k, s, j]
                rows.append(pd.DataFrame(block))
        return pd.concat(rows, ignore_index=True)

    def national_path(self, every: int = 1, from_latest_data: bool = False) -> pd.DataFrame:
        """Central national coverage, baseline and scenario, every `every` months.

        Before the latest region's data date the aggregate mixes figures of different dates (regions are held
        at their last figure until then); `from_latest_data` starts the path where every region is projected.
        """
        start = int(self.m0.max()) if from_latest_data else 0
        step = np.arange(start, self.grid.n_months, every)
        return pd.DataFrame(
            {
                "date": np.tile(self.grid.dates[step], 2),
                "scenario": np.repeat(["baseline", "scenario"], len(step)),
                "coverage_pct": 100 * self.national_central[:, step].reshape(-1),
            }
        )
