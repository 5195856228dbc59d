"""The projection: from a validated regions table, a scenario and assumptions to paths and measures.

`project` prepares an `model.engine.Engine` (calibration, initial split into formal and informal members,
targets by year, per-draw parameters), runs baseline and scenario together in one kernel call, and wraps the
result in `Projection`, whose methods compute the measures the app and the command line show.
Draw 0 is always the central case (assumptions as set); draws 1..N are Monte Carlo draws.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, TypeVar

import numpy as np
import pandas as pd

from .assumptions import Assumptions
from .cached import cached_property
from .data import RegionTable
from .engine import MonthGrid, Settings
from .levers import Scenario
from .measures import NATIONAL_MEASURES, REGION_MEASURES
from .messages import Problem
from .targets import TargetPaths

if TYPE_CHECKING:
    from .engine import BatchResult, Engine
    from .runner import Runner

T = TypeVar("T")

# Settings and MonthGrid live in model/engine.py (how a run is set up); imported here so that
# `from model.projection import Settings` keeps working.
__all__ = [
    "Settings",
    "MonthGrid",
    "Projection",
    "project",
    "prepared_engine",
    "apbdes_problems",
    "BASELINE",
    "SCENARIO",
]

BASELINE, SCENARIO = 0, 1
_REGENCY_CODE = re.compile(r"\d{2}\.\d{2}")
SEGMENTS = ("formal", "informal_self", "informal_funded", "village_funded")
VILLAGE = 3  # index of the APBDes-funded village apparatus in the segment axis


def apbdes_problems(table: RegionTable, scenario: Scenario) -> list[Problem]:
    """A village budget (APBDes) set where it can act nowhere: the table gives no region's village apparatus
    segment. Said, never silently ignored (regions without the segment beside ones with it simply show no
    segment figures)."""
    if "village" in table.segments:
        return []
    amounts = [scenario.default.apbdes_bn, *(lv.apbdes_bn for _, lv in scenario.overrides)]
    amount = max(amounts)
    if amount <= 0:
        return []
    from .messages import Num

    return [Problem("apbdes.no_segment", {"amount": Num(amount, 1)})]


@lru_cache(maxsize=16)
def _summary_order(columns: tuple[str, ...]) -> tuple[str, ...]:
    """The region summary's column order: the measure specs' order, then any others (the tests check that every
    column has a spec)."""
    known = [m.name for m in REGION_MEASURES if m.name in columns]
    return tuple(known + [c for c in columns if c not in known])


def project(
    table: RegionTable,
    scenario: Scenario | None = None,
    assumptions: Assumptions | None = None,
    settings: Settings | None = None,
    *,
    observations: pd.DataFrame | None = None,
    targets: pd.DataFrame | None = None,
    runner: Runner | None = None,
    engine: Engine | None = None,
) -> Projection:
    """Project baseline and scenario for every region; raise InputError for unknown regions or bad settings.

    The convenience API over `model.engine`: one preparation, one kernel call with two lever sets (no policy,
    and the scenario), monthly paths kept for the charts. `engine`: an engine prepared before for this table,
    assumptions and settings (`prepared_engine`), reused instead of preparing again: the preparation does not
    depend on the levers and costs more than the kernel call on the server (the app keeps one per table,
    assumptions and settings; ui/state.py).
    """
    from .engine import LeverArrays

    scenario = scenario or Scenario()
    scenario.check_codes(table.codes)
    if engine is None:
        engine = prepared_engine(table, assumptions, settings, observations=observations, targets=targets)
    levers = LeverArrays.stack([LeverArrays.none(engine.n_regions), engine.levers([scenario])])
    batch = engine.run(levers, keep_paths=True, keep_draws=engine.settings.keep_draw_paths, runner=runner)
    return Projection.from_batch(batch, scenario)


def prepared_engine(
    table: RegionTable,
    assumptions: Assumptions | None = None,
    settings: Settings | None = None,
    *,
    observations: pd.DataFrame | None = None,
    targets: pd.DataFrame | None = None,
) -> Engine:
    """The engine `project` prepares for these inputs (`Engine.prepare`), to be reused by later `project` calls
    on the same table, assumptions and settings with other scenarios."""
    from .engine import Engine

    return Engine.prepare(table, assumptions, settings, observations=observations, targets=targets)


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
    apbdes_workers: np.ndarray  # (R,) village apparatus the scenario's APBDes funds (0 without the segment)
    trends: pd.DataFrame
    slope_used_pp: np.ndarray
    target_t: np.ndarray  # (S, D, R) first month at target, -1 never
    cov_rank: np.ndarray  # (S, D, R) coverage % at December of the rank year
    yearly: np.ndarray  # (S, D or 1, R, Y) coverage share at each December
    years: np.ndarray  # (Y,)
    national: np.ndarray  # (S, D, Y + 1) national coverage share at year ends, last slot = rank month
    national_central: np.ndarray  # (S, T) central national coverage share by month
    central: np.ndarray  # (S, 4, R, T) central draw shares by segment (SEGMENTS)
    level_noise: np.ndarray  # (D + 1, R) share each draw adds to a reported figure (in `yearly`, `cov_rank`)
    _cache: dict = field(default_factory=dict, repr=False)
    # The engine's memo (Engine.memo): what depends on the table, assumptions and settings but not on the
    # levers, shared by every projection of that engine (see `shared_memo`).
    shared: dict = field(default_factory=dict, repr=False)

    @classmethod
    def from_batch(cls, batch: BatchResult, scenario: Scenario) -> Projection:
        """Wrap a two-scenario batch (0 = baseline, 1 = the scenario) with its measures."""
        engine = batch.engine
        return cls(
            frame=engine.frame,
            scenario=scenario,
            assumptions=engine.assumptions,
            settings=engine.settings,
            grid=engine.grid,
            target_pct=engine.target_pct,
            targets=engine.targets,
            coverage_now=100 * engine.c0,
            m0=engine.m0,
            growth_central=engine.growth[0],
            funded_workers=engine.funded_workers(batch.levers.budget_bn[SCENARIO]),
            apbdes_workers=engine.apbdes_workers(batch.levers.apbdes_bn[SCENARIO]),
            trends=engine.trends,
            slope_used_pp=100 * engine.slope[0],
            target_t=batch.target_t,
            cov_rank=batch.coverage_rank,
            yearly=batch.yearly,
            years=batch.years,
            national=batch.national,
            national_central=batch.national_central,
            central=batch.central,
            level_noise=engine.level_noise,
            shared=engine.memo,
        )

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

    def shared_memo(self, key: Hashable, build: Callable[[], T]) -> T:
        """Compute-once store for what does not depend on the scenario (only on the table, assumptions and
        settings), shared with every projection of the same prepared engine: `build` must not read the
        scenario's results (target_t, cov_rank, yearly, national, central, funded_workers...)."""
        try:
            return self.shared[key]
        except KeyError:
            value = self.shared[key] = build()
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
        """(S, 4, R, T) central members by segment (formal, self-paying informal, budget-funded informal,
        APBDes-funded village apparatus)."""
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

    def probability_rank_changes(self) -> np.ndarray | None:
        """(R,) share of Monte Carlo draws in which the policy gives the region another rank in the rank year
        than it has without the policy in the same draw (None without draws). Baseline and policy share each
        draw, so a change is the policy's, not sampling noise."""
        if self.n_draws == 0:
            return None
        ranks = self.ranks_at_rank_year[:, 1:]  # (S, D, R)
        return (ranks[SCENARIO] != ranks[BASELINE]).mean(axis=0)

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
    def groups_of(codes) -> np.ndarray | None:
        """Province code of each region when the table holds regencies/cities of SEVERAL provinces (ranks are
        then within each province: 'peringkat di Provinsi X'); None when all regions are ranked together."""
        codes = [str(c) for c in codes]
        if not codes or not all(_REGENCY_CODE.fullmatch(c) for c in codes):
            return None
        groups = np.array([c[:2] for c in codes])
        return groups if len(set(groups)) > 1 else None

    @staticmethod
    def tied(ranks: np.ndarray, groups: np.ndarray | None = None) -> np.ndarray:
        """True where a rank is shared with another region (along the last axis; within the same group when
        `groups` is given), so a table can show '=15'."""
        ranks = np.asarray(ranks)
        same = ranks[..., :, None] == ranks[..., None, :]
        if groups is not None:
            same = same & (groups[:, None] == groups[None, :])
        return same.sum(axis=-1) > 1

    @cached_property
    def rank_groups(self) -> np.ndarray | None:
        return self.groups_of(self.codes)

    def rank_within(self, coverage: np.ndarray) -> np.ndarray:
        """`rank_of` along the last axis, within each province for a regency table spanning several."""
        groups = self.rank_groups
        if groups is None:
            return self.rank_of(coverage)
        coverage = np.asarray(coverage, dtype=float)
        ranks = np.empty(coverage.shape, dtype=np.int64)
        for group in np.unique(groups):
            members = groups == group
            ranks[..., members] = self.rank_of(coverage[..., members])
        return ranks

    @cached_property
    def rank_now(self) -> np.ndarray:
        return self.rank_within(self.coverage_now)

    @cached_property
    def ranks_at_rank_year(self) -> np.ndarray:
        """(S, D, R) ranks by coverage in December of the rank year (within each province, see groups_of)."""
        return self.rank_within(self.cov_rank)

    def ranks_by_year(self) -> pd.DataFrame:
        """Central ranks at each December, baseline and scenario (for the bump chart)."""
        yearly = self.yearly[:, 0]  # (S, R, Y)
        ranks = self.rank_within(100 * np.moveaxis(yearly, 1, 2).astype(float))  # (S, Y, R), ranked in percent
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
        """(R,) premiums paid in a calendar year (Rp) under the scenario: funded members (APBD and APBDes) x
        premium, by month."""
        months = self.grid.years == year
        funded = self.central[SCENARIO, 2:].sum(axis=0)[:, months] * self.potential_path[:, months]
        return funded.sum(axis=1) * self.assumptions["premium_per_month"]

    def budget_spent_by_year(self) -> pd.DataFrame:
        """(years x R) budget spent per calendar year (Rp) in the central scenario: funded members (APBD and
        APBDes) x premium."""
        premium = self.assumptions["premium_per_month"]
        funded = self.member_paths[SCENARIO, 2:].sum(axis=0)  # (R, T)
        frame = pd.DataFrame(funded.T * premium, index=self.grid.years)
        spent = frame.groupby(level=0).sum()
        spent.columns = self.codes
        return spent

    # ----- tables -----------------------------------------------------------------------------------
    def region_summary(self) -> pd.DataFrame:
        """One row per region with every measure the app and the command line report (central case).

        Built once per projection (memoised); the columns that do not depend on the levers (names, today's
        coverage and rank, targets, the village segment's potential...) are built once per prepared engine and
        shared by every projection of it (`shared_memo`), already as pandas arrays: a new scenario only computes
        its own columns (a server shares engines across sessions, ui/state.py)."""
        if "regions" in self._cache:
            return self._cache["regions"]
        static = self.shared_memo("region_summary_static", self._region_summary_static)
        rank_year = self.settings.rank_year
        t_rank = self.month_index(rank_year, 12)
        covered = self.central[:, :, :, t_rank].sum(axis=1) * self.potential_path[None, :, t_rank]
        additional = covered[SCENARIO] - covered[BASELINE]
        spent_rank_year = self.spent_in_year(rank_year)
        with np.errstate(divide="ignore", invalid="ignore"):
            cost_per_additional = np.where(additional > 0.5, spent_rank_year / additional, np.nan)
        yb, ys = self.target_years(BASELINE)[0], self.target_years(SCENARIO)[0]
        columns = {
            **static,
            "funded_workers": self.funded_workers,
            "apbdes_funded_workers": self.apbdes_workers,
            **self.village_measures(t_rank, static),
            "year_target_reached_baseline": yb,
            "year_target_reached": ys,
            "target_status_baseline": self.target_status(BASELINE),
            "target_status": self.target_status(SCENARIO),
            "date_target_reached_baseline": self.target_dates(BASELINE),
            "date_target_reached": self.target_dates(SCENARIO),
            "coverage_rank_year_baseline": self.cov_rank[BASELINE, 0],
            "coverage_rank_year": self.cov_rank[SCENARIO, 0],
            "rank_baseline": self.ranks_at_rank_year[BASELINE, 0],
            "rank_new": self.ranks_at_rank_year[SCENARIO, 0],
            "additional_covered_rank_year": additional,
            "budget_spent_rank_year_rp": spent_rank_year,
            "cost_per_additional_worker_rp": cost_per_additional,
            "rank_change": static["rank_now"] - self.ranks_at_rank_year[SCENARIO, 0],
        }
        if self.n_draws > 0:
            cov = self.cov_rank[SCENARIO, 1:]
            columns["coverage_rank_year_p10"] = np.percentile(cov, 10, axis=0)
            columns["coverage_rank_year_p90"] = np.percentile(cov, 90, axis=0)
            columns["prob_target_by_rank_year_baseline"] = self.probability_by_year(rank_year, BASELINE)
            columns["prob_target_by_rank_year"] = self.probability_by_year(rank_year, SCENARIO)
            columns["prob_target_by_horizon"] = self.probability_by_year(self.settings.horizon_year, SCENARIO)
            columns["prob_rank_changes"] = self.probability_rank_changes()
        out = pd.DataFrame({name: columns[name] for name in _summary_order(tuple(columns))})
        self._cache["regions"] = out
        return out

    def _region_summary_static(self) -> dict[str, object]:
        """The region summary's lever-independent columns, in its order: numbers as arrays, text as the
        pandas string arrays a DataFrame holds (converted once, not for each new scenario's table)."""
        f = self.frame
        w0 = f["potential_workers"].to_numpy(float)
        participants = f["active_participants"].to_numpy(float)
        potential = np.where(self.has_village, self._village_column("village_potential"), np.nan)
        with np.errstate(divide="ignore", invalid="ignore"):
            village_now = np.where(
                self.has_village, 100 * self._village_column("village_participants") / potential, np.nan
            )
        text = pd.DataFrame(
            {
                "code": f["code"].to_numpy(),
                "name": f["name"].to_numpy(),
                "status": f["status"].to_numpy(),
                "potential_status": f["potential_status"].to_numpy(),
                "as_of": f["as_of"].dt.strftime("%Y-%m-%d").to_numpy(),
                "target_status_source": f["target_status"].to_numpy(),
            }
        )
        numbers = {
            "potential_workers": w0,
            "active_participants": participants,
            "coverage_now": self.coverage_now,
            "target_pct": self.target_pct,
            "target_own": self.targets.own,
            "workers_gap_now": np.maximum(self.target_pct / 100 * w0 - participants, 0),
            "village_potential": potential,
            "village_coverage_now": village_now,
            "rank_now": self.rank_now,
            "rank_now_tied": self.tied(self.rank_now, self.rank_groups),
            "trend_pp_per_year": self.slope_used_pp,
        }
        return {**{name: text[name].array for name in text.columns}, **numbers}

    @cached_property
    def has_village(self) -> np.ndarray:
        """(R,) True where the table gives the village apparatus segment (its potential and members)."""
        potential = self._village_column("village_potential")
        return np.isfinite(potential) & (potential > 0) & np.isfinite(self._village_column("village_participants"))

    def _village_column(self, name: str) -> np.ndarray:
        return self.shared_memo(("village_column", name), lambda: self._read_village_column(name))

    def _read_village_column(self, name: str) -> np.ndarray:
        if name not in self.frame:
            return np.full(len(self.frame), np.nan)
        return pd.to_numeric(self.frame[name], errors="coerce").to_numpy(float)

    def village_members(self, scenario: int, t: int) -> np.ndarray:
        """(R,) village apparatus covered at month t: members at the data date plus those the APBDes funds.

        The segment's own members outside the lever are held at the data date's figure (no source gives the
        segment's trend: an ESTIMATE, see data/README.md); NaN where the table has no segment."""
        funded = self.central[scenario, VILLAGE, :, t] * self.potential_path[:, t]
        return np.where(self.has_village, self._village_column("village_participants") + funded, np.nan)

    def village_measures(self, t: int, static: dict | None = None) -> dict[str, np.ndarray]:
        """Coverage and gap of the village apparatus segment beside the total (NaN without the segment), for
        the region summary (`static`: its lever-independent columns, with the segment's potential and coverage
        today; without them only the columns that depend on the levers are returned)."""
        potential = np.where(self.has_village, self._village_column("village_potential"), np.nan)
        baseline, scenario = self.village_members(BASELINE, t), self.village_members(SCENARIO, t)
        with np.errstate(divide="ignore", invalid="ignore"):
            return {
                **({} if static is None else {k: static[k] for k in ("village_potential", "village_coverage_now")}),
                "village_coverage_rank_year_baseline": 100 * baseline / potential,
                "village_coverage_rank_year": 100 * scenario / potential,
                "village_gap_rank_year": np.maximum(potential - scenario, 0),
            }

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
            "apbdes_funded_workers": float(regions["apbdes_funded_workers"].sum()),
            "budget_spent_rank_year_rp": float(regions["budget_spent_rank_year_rp"].sum()),
            "horizon_year": self.settings.horizon_year,
            "draws": self.n_draws,
            "seed": self.settings.seed,
        }
        # The village apparatus segment over the regions that give it (potential-weighted); null without it.
        village = regions[self.has_village]
        potential = village["village_potential"].sum()
        for name in ("village_coverage_now", "village_coverage_rank_year_baseline", "village_coverage_rank_year"):
            summary[name] = (
                float((village[name] * village["village_potential"]).sum() / potential) if len(village) else None
            )
        summary["village_gap_rank_year"] = float(village["village_gap_rank_year"].sum()) if len(village) else None
        if self.n_draws > 0:
            cov = 100 * self.national_rank_year(SCENARIO)[1:]
            summary["coverage_rank_year_p10"] = float(np.percentile(cov, 10))
            summary["coverage_rank_year_p90"] = float(np.percentile(cov, 90))
        known = [m.name for m in NATIONAL_MEASURES if m.name in summary]
        return {k: summary[k] for k in known + [k for k in summary if k not in known]}  # the specs' order

    def path_frame(self, codes: list[str] | None = None, *, every: int = 1) -> pd.DataFrame:
        """Tidy central coverage paths (code, date, scenario, coverage_pct) from each region's data date,
        every `every` months (a chart needs fewer points than the model computes): baseline rows first, then
        the scenario's, each region's months in order."""
        return pd.DataFrame(self.path_columns(codes, every=every))

    def path_columns(self, codes: list[str] | None = None, *, every: int = 1) -> dict[str, object]:
        """`path_frame`'s columns as arrays, built in one step (a chart of a new scenario is built on every
        move; a caller may add columns before making one frame)."""
        index = [self.codes.index(c) for c in codes] if codes else list(range(len(self.codes)))
        keeps = [np.arange(self.m0[i], self.grid.n_months, every) for i in index]
        lengths = np.array([len(k) for k in keeps] * 2)
        months = np.concatenate(keeps * 2) if keeps else np.zeros(0, dtype=np.int64)
        regions = np.array(index * 2, dtype=np.int64)
        scenarios = np.repeat([BASELINE, SCENARIO], len(index))
        labels = np.array(["baseline"] * len(index) + ["scenario"] * len(index), dtype=object)
        return {
            "code": np.repeat(np.array([self.codes[i] for i in index] * 2, dtype=object), lengths),
            "date": self.grid.dates[months],
            "scenario": np.repeat(labels, lengths),
            "coverage_pct": self.coverage_paths[np.repeat(scenarios, lengths), np.repeat(regions, lengths), months],
        }

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
