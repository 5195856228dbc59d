"""The batched projection engine: prepare once per (table, assumptions, settings), then run many lever sets.

Why: goal-seek, allocation and sensitivity need hundreds of projections per answer. Everything that does not
depend on the levers (the month grid, the initial split into formal and informal members, the fitted trends,
the per-draw parameters and the baseline rates that continue each trend) is computed once by `Engine.prepare`.
`Engine.run` then turns K lever sets (`LeverArrays`, arrays of shape (K, R)) into typed kernel inputs and runs
all K scenarios and D draws in one kernel call, through a `model.runner` runner (in-process by default; the
app uses a pool of worker processes with a timeout).

    engine = Engine.prepare(table, assumptions, settings)
    levers = LeverArrays.from_values(len(engine.codes), budget_bn=np.linspace(0, 50, 256)[:, None])
    result = engine.run(levers)          # BatchResult: arrays per scenario, draw and region
    result.coverage_at(2030)             # (K, D or 1, R) percent in December 2030
    result.target_years()                # (K, D, R) first year at target, NaN if not by the horizon

`model.projection.project` is the convenience API on top (baseline + one scenario, wrapped in `Projection`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .assumptions import Assumptions, default_assumptions, sample
from .cached import cached_property
from .calibration import fit_trend_lines, trend_weights
from .levers import LEVER_SPECS, Levers, Scenario
from .messages import InputError, Problem
from .targets import DEFAULT_NATIONAL_LINE, NATIONAL_LINES, TargetPaths, target_paths

if TYPE_CHECKING:
    from .data import RegionTable
    from .runner import Runner

__all__ = [
    "Engine",
    "Settings",
    "MonthGrid",
    "LeverArrays",
    "KernelInputs",
    "KernelOutputs",
    "BatchResult",
    "MAX_RATE",
    "village_uncovered",
    "apbdes_share",
]

MAX_RATE = 0.9
# The kernel's working precision for the monthly state and rates: float32 packs twice as many lanes into one
# vector instruction as float64 (the kernel is compute-bound: ~1.9x faster, benchmarks/bench_model.py).
# Against float64, coverage differs by at most ~0.001 pp (shown to 0.01 pp) and a draw's target year by a month
# in ~1 draw in 50,000; tests/test_model/test_kernel.py::test_working_precision_* hold these bounds. Sums over
# regions and all outputs stay float64 (year-end values float32, as before).
WORKING_DTYPE = np.float32
LEVER_FIELDS = tuple(f.name for f in fields(Levers))


# ----- how a run is set up ----------------------------------------------------------------------------


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


# ----- levers as arrays ---------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class LeverArrays:
    """K lever sets for R regions: every field of `Levers` as an array of shape (K, R).

    Built from `Scenario`s (`from_scenarios`) or directly from values (`from_values`, which broadcasts, so
    `budget_bn=np.linspace(0, 50, 256)[:, None]` gives 256 national budgets). Validated like `Levers`.
    """

    regulation_level: np.ndarray
    budget_bn: np.ndarray
    outreach_pct: np.ndarray
    apbdes_bn: np.ndarray
    regulation_start: np.ndarray
    budget_start: np.ndarray
    budget_end: np.ndarray
    outreach_start: np.ndarray

    def __post_init__(self) -> None:
        shape = self.regulation_level.shape
        if len(shape) != 2 or any(getattr(self, name).shape != shape for name in LEVER_FIELDS):
            detail = "every lever array must have the same (scenarios, regions) shape"
            raise InputError([Problem("bad_lever", {"name": "levers", "detail": detail})])
        problems = []
        for name in LEVER_FIELDS:
            spec = LEVER_SPECS[name]
            values = getattr(self, name)
            bad = ~np.isfinite(values) | (values < spec.low) | (values > spec.high)
            if spec.whole:
                bad |= np.isfinite(values) & (values != np.round(values))
            if bad.any():
                value = values[bad].flat[0]
                params = {"label_id": spec.label_id, "label_en": spec.label_en, "value": f"{value:g}"}
                params |= {"low": f"{spec.low:g}", "high": f"{spec.high:g}"}
                params |= {"unit_id": spec.unit_id, "unit_en": spec.unit_en}
                problems.append(Problem("lever_out_of_range", params))
        ends_early = self.budget_end < self.budget_start
        if not problems and ends_early.any():
            k, r = np.argwhere(ends_early)[0]
            params = {"end": int(self.budget_end[k, r]), "start": int(self.budget_start[k, r])}
            problems.append(Problem("lever_end_before_start", params))
        if problems:
            raise InputError(problems)

    @property
    def n_scenarios(self) -> int:
        return self.regulation_level.shape[0]

    @property
    def n_regions(self) -> int:
        return self.regulation_level.shape[1]

    @classmethod
    def from_values(cls, n_regions: int, n_scenarios: int | None = None, **values: Any) -> LeverArrays:
        """Arrays from scalars or arrays broadcastable to (K, R); missing levers take their defaults."""
        unknown = set(values) - set(LEVER_FIELDS)
        if unknown:
            known = ", ".join(LEVER_FIELDS)
            raise InputError([Problem("lever_unknown", {"name": n, "known": known}) for n in sorted(unknown)])
        arrays = {name: np.asarray(values.get(name, LEVER_SPECS[name].default), dtype=float) for name in LEVER_FIELDS}
        k = n_scenarios or max((a.shape[0] for a in arrays.values() if a.ndim == 2), default=1)
        shape = (k, n_regions)
        try:
            return cls(**{name: np.ascontiguousarray(np.broadcast_to(a, shape)) for name, a in arrays.items()})
        except ValueError as exc:
            raise InputError([Problem("bad_lever", {"name": "levers", "detail": str(exc)})]) from None

    @classmethod
    def from_scenarios(cls, scenarios: list[Scenario], codes: list[str]) -> LeverArrays:
        """One row per scenario, one column per region (each region's own levers or the national ones)."""
        for scenario in scenarios:
            scenario.check_codes(codes)
        rows = {name: np.empty((len(scenarios), len(codes))) for name in LEVER_FIELDS}
        for k, scenario in enumerate(scenarios):
            for name in LEVER_FIELDS:
                rows[name][k, :] = getattr(scenario.default, name)
            index = {code: i for i, code in enumerate(codes)}
            for code, levers in scenario.overrides:
                for name in LEVER_FIELDS:
                    rows[name][k, index[code]] = getattr(levers, name)
        return cls(**rows)

    @classmethod
    def none(cls, n_regions: int, n_scenarios: int = 1) -> LeverArrays:
        """No policy: exactly the baseline."""
        return cls.from_values(n_regions, n_scenarios)

    @classmethod
    def stack(cls, parts: list[LeverArrays]) -> LeverArrays:
        return cls(**{name: np.concatenate([getattr(p, name) for p in parts]) for name in LEVER_FIELDS})

    def scenario(self, k: int, codes: list[str]) -> Scenario:
        """Lever set k as a `Scenario` (every region as an override when regions differ)."""
        per_region = [
            Levers(**{name: _python_value(name, getattr(self, name)[k, r]) for name in LEVER_FIELDS})
            for r in range(self.n_regions)
        ]
        if all(lv == per_region[0] for lv in per_region):
            return Scenario.build(per_region[0])
        return Scenario.build(Levers(), dict(zip(codes, per_region, strict=True)))


def _python_value(name: str, value: float) -> float | int:
    return int(value) if LEVER_SPECS[name].whole else float(value)


# ----- kernel inputs and outputs ------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class KernelInputs:
    """The compiled kernel's arguments, by name (model/kernel.py documents shapes); `args` gives its order."""

    n_months: int
    m0: np.ndarray
    sigma_i: np.ndarray
    f0: np.ndarray
    v0: np.ndarray
    tau: np.ndarray
    w0: np.ndarray
    dilution: np.ndarray
    alpha: np.ndarray
    kappa: np.ndarray
    eps0: np.ndarray
    lam0: np.ndarray
    reg_start: np.ndarray
    reg_gap: np.ndarray
    reg_speed: np.ndarray
    reg_scale: np.ndarray
    reg_funded: np.ndarray
    bud_start: np.ndarray
    bud_end: np.ndarray
    funded0: np.ndarray
    apbdes0: np.ndarray
    out_start: np.ndarray
    out_h: np.ndarray
    uplift: np.ndarray
    lapse_cut: np.ndarray
    crowd: np.ndarray
    onboard: np.ndarray
    pool: np.ndarray
    rank_t: int
    year_index: np.ndarray
    n_years: int
    paid: np.ndarray
    keep_yearly: bool
    keep_central: bool
    n_chunks: int
    # Zero-length; its dtype is the kernel's working precision.
    working: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=WORKING_DTYPE))

    def args(self) -> tuple:
        # numba compiles one machine-code version per argument signature, and read-only arrays (a loaded
        # table's columns) have a signature of their own; an array pickled to a worker arrives writable.
        # Writable C-ordered float64/int64 copies everywhere give one signature, compiled at install.
        out = []
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, np.ndarray):
                value = np.require(value, requirements=["C", "W"])
            out.append(value)
        return tuple(out)

    @property
    def n_lanes(self) -> int:
        return self.reg_start.shape[0] * self.alpha.shape[0]

    @property
    def cost(self) -> float:
        """Region-lane-months: what a run costs (the app's runner sends large runs to their own worker)."""
        return float(self.m0.shape[0]) * self.n_lanes * self.n_months


@dataclass(frozen=True, eq=False)
class KernelOutputs:
    """What the kernel returns (model/kernel.py documents the shapes)."""

    target_t: np.ndarray
    cov_rank: np.ndarray
    yearly: np.ndarray
    national: np.ndarray
    national_central: np.ndarray
    central: np.ndarray


# ----- preparation --------------------------------------------------------------------------------------


def initial_split(frame: pd.DataFrame, sigma_i: np.ndarray, informal_share_of_members: float):
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


def baseline_rates(slope, f0, v0, sigma_i, growth, alpha, lam0):
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


def village_uncovered(frame: pd.DataFrame) -> np.ndarray:
    """(R,) village apparatus and institutions not yet members at the data date (0 where the table does not
    give the segment): the most an APBDes can fund in a region."""
    if "village_potential" not in frame or "village_participants" not in frame:
        return np.zeros(len(frame))
    potential = pd.to_numeric(frame["village_potential"], errors="coerce").to_numpy(float)
    members = pd.to_numeric(frame["village_participants"], errors="coerce").to_numpy(float)
    return np.nan_to_num(np.maximum(potential - members, 0.0), nan=0.0)


def apbdes_share(apbdes_bn: np.ndarray, pool: np.ndarray, w0: np.ndarray, months_paid: int, premium: float):
    """(K, R) village members an APBDes funds, as a share of W0: money / (months x premium) workers, never more
    than the segment's uncovered members (`pool`, from `village_uncovered`)."""
    workers = np.asarray(apbdes_bn, dtype=float) * 1e9 / (months_paid * premium)
    return np.ascontiguousarray(np.minimum(workers, pool[None, :]) / w0[None, :])


def outreach_effect(intensity: np.ndarray, curvature: float) -> np.ndarray:
    """Diminishing returns: 0 at no outreach, 1 at full outreach, concave between."""
    return (1 - np.exp(-curvature * intensity)) / (1 - np.exp(-curvature))


def level_noise(draws: int, n_regions: int, sd_pp: float, seed: int) -> np.ndarray:
    """(draws + 1, R) a reported figure's own deviation from its region's path, as a share: normal with sd
    `sd_pp` (data/assumptions.csv observation_noise_pp), the same at every horizon. Latin hypercube over the
    regions like the other draws (the same seed gives the same values); row 0, the central case, is zero."""
    out = np.zeros((draws + 1, n_regions))
    if draws > 0 and n_regions and sd_pp > 0:
        from scipy.stats import norm, qmc

        unit = qmc.LatinHypercube(d=n_regions, rng=np.random.default_rng(seed + 2)).random(draws)
        out[1:] = sd_pp / 100 * norm.ppf(unit)
    return out


def kernel_threads() -> int:
    """Threads the kernel will use (numba's default: one per CPU). Read from the OS, not from numba, so that a
    web server whose kernel runs in worker processes never loads numba itself."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@dataclass(frozen=True, eq=False)
class Engine:
    """Everything that does not depend on the levers, for one (table, assumptions, settings); runs lever sets.

    Shapes: regions R (code order), draws D = settings.draws + 1 (index 0 = central case).
    """

    frame: pd.DataFrame
    assumptions: Assumptions
    settings: Settings
    grid: MonthGrid
    w0: np.ndarray  # (R,) potential workers at the data date
    sigma_i: np.ndarray  # (R,) informal share of potential workers
    c0: np.ndarray  # (R,) coverage share at the data date
    f0: np.ndarray
    v0: np.ndarray
    target_pct: np.ndarray  # (R,) target in percent in force at the latest data date
    targets: TargetPaths  # targets by region and year
    tau: np.ndarray  # (R, T) target share in force each month
    m0: np.ndarray  # (R,) month index of each region's data date
    growth: np.ndarray  # (D, R) monthly growth factor of potential workers
    alpha: np.ndarray  # (D,)
    lam0: np.ndarray  # (D,)
    kappa: np.ndarray  # (D, R)
    eps0: np.ndarray  # (D, R)
    draws: dict[str, np.ndarray]  # sampled assumption values (D,) per key
    trends: pd.DataFrame
    slope: np.ndarray  # (D, R) trend used, share of W per year
    paid: np.ndarray  # (T,) 1 in the months the budget lever pays for
    months_paid: int  # months a year the budget lever pays for
    village_pool: np.ndarray  # (R,) uncovered village apparatus at the data date (0: segment not given)
    level_noise: np.ndarray  # (D + 1, R) share added to a reported figure in each draw (row 0, central: zeros)
    # Values derived from this engine alone (lever-independent table columns, ranks today...), shared by every
    # projection it runs (`Projection.shared_memo`): a server that keeps one engine per (table, assumptions,
    # settings) builds them once for every scenario. Treat entries as read-only.
    memo: dict = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def prepare(
        cls,
        table: RegionTable,
        assumptions: Assumptions | None = None,
        settings: Settings | None = None,
        *,
        observations: pd.DataFrame | None = None,
        targets: pd.DataFrame | None = None,
        draw_values: dict[str, np.ndarray] | None = None,
    ) -> Engine:
        """Calibrate once: raise InputError for bad settings. `targets` replaces the shipped published targets
        (by default used for the shipped table only). `draw_values` gives every assumption's value per draw
        (index 0 = central) instead of sampling them (a sensitivity design); settings.draws is then ignored for
        the sample and should be 0 (no region-specific trend deviation)."""
        from .data import load_national, load_targets

        assumptions = assumptions or default_assumptions()
        settings = settings or Settings()
        frame = table.frame
        first = pd.Timestamp(frame["as_of"].min()).to_period("M").to_timestamp()
        settings.check(first.year)
        grid = MonthGrid.spanning(first, settings.horizon_year)

        a = assumptions.as_dict()
        x = sample(assumptions, settings.draws, settings.seed) if draw_values is None else draw_values
        w0 = frame["potential_workers"].to_numpy(float)
        sigma_i = frame["informal_share"].to_numpy(float)
        c0, f0, v0 = initial_split(frame, sigma_i, a["informal_participant_share"])
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
        tau = np.ascontiguousarray(paths.for_months(grid.years) / 100)
        # Months of each calendar year the budget pays for: January onward (programmes fund 3, 6 or 12 months).
        months_paid = round(a["budget_months_per_year"])

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
        kappa, eps0 = baseline_rates(slope, f0, v0, sigma_i, growth, alpha, lam0)
        return cls(
            frame=frame,
            assumptions=assumptions,
            settings=settings,
            grid=grid,
            w0=w0,
            sigma_i=sigma_i,
            c0=c0,
            f0=f0,
            v0=v0,
            target_pct=target_pct,
            targets=paths,
            tau=tau,
            m0=m0,
            growth=growth,
            alpha=alpha,
            lam0=lam0,
            kappa=kappa,
            eps0=eps0,
            draws=x,
            trends=trends,
            slope=slope,
            paid=(grid.months <= months_paid).astype(np.int64),
            months_paid=months_paid,
            village_pool=village_uncovered(frame),
            level_noise=level_noise(len(alpha) - 1, len(w0), a["observation_noise_pp"], settings.seed),
        )

    @cached_property
    def codes(self) -> list[str]:
        return self.frame["code"].tolist()

    @property
    def n_regions(self) -> int:
        return len(self.w0)

    @property
    def n_draws(self) -> int:
        """Monte Carlo draws besides the central case."""
        return len(self.alpha) - 1

    def levers(self, scenarios: list[Scenario]) -> LeverArrays:
        """Lever arrays for scenarios on this table (raises InputError for unknown region codes)."""
        return LeverArrays.from_scenarios(scenarios, self.codes)

    def funded_workers(self, budget_bn: np.ndarray) -> np.ndarray:
        """Workers a budget (Rp billion a year) pays the premiums of in the months it pays: budget / (months x
        monthly premium) (the same money buys more workers for a shorter time, as regional programmes do)."""
        return np.asarray(budget_bn, dtype=float) * 1e9 / (self.months_paid * self.assumptions["premium_per_month"])

    def apbdes_workers(self, apbdes_bn: np.ndarray) -> np.ndarray:
        """Village apparatus an APBDes (Rp billion a year) funds in its paid months, capped by the segment's
        uncovered members (0 where the table does not give the segment)."""
        share = apbdes_share(np.atleast_2d(apbdes_bn), self.village_pool, self.w0, self.months_paid, self.premium)
        return (self.w0 * share).reshape(np.shape(apbdes_bn) or (self.n_regions,))

    @property
    def premium(self) -> float:
        return float(self.assumptions["premium_per_month"])

    def kernel_inputs(
        self,
        levers: LeverArrays,
        *,
        keep_paths: bool = False,
        keep_draws: bool = False,
        precision: type[np.floating] = WORKING_DTYPE,
        regions: np.ndarray | None = None,
        draws: slice | None = None,
        tau: np.ndarray | None = None,
        rank_month: int | None = None,
    ) -> KernelInputs:
        """Typed kernel arguments for K lever sets; lever years become month indices on this grid.

        precision: the kernel's working precision (float64 only to check float32 against it: a second compiled
        version). For analysis: `regions` (indices) runs a subset of regions (the levers then have one column
        per selected region), `draws` a subset of the prepared draws, `tau` (regions, T) replaces the target
        shares, `rank_month` the month whose coverage is returned per lane (default December of the rank year).
        """
        idx = np.arange(self.n_regions) if regions is None else np.asarray(regions, dtype=np.int64)
        lanes = slice(None) if draws is None else draws
        if levers.n_regions != len(idx):
            detail = f"levers for {levers.n_regions} regions, table has {len(idx)}"
            raise InputError([Problem("bad_lever", {"name": "levers", "detail": detail})])
        a = self.assumptions.as_dict()
        grid = self.grid
        x = {key: values[lanes] for key, values in self.draws.items()}

        def month_of(years: np.ndarray, offset_years: int = 0) -> np.ndarray:
            return np.clip(grid.index_of(years.astype(np.int64) + offset_years, 1), 0, grid.n_months).astype(np.int64)

        levels = levers.regulation_level.astype(np.int64)
        gap_by_level = np.array([0.0] + [a[f"regulation_gap_closed_{i}"] for i in (1, 2, 3)])
        speed_by_level = np.array([1.0] + [a[f"regulation_speed_{i}"] for i in (1, 2, 3)])
        # Regulation's budget channel: non-ASN and village staff enrolled because the regulation commits money
        # (share of W, raises the formal ceiling; see model/kernel.py).
        funded_by_level = np.array([0.0] + [a[f"regulation_funded_share_{i}"] for i in (1, 2, 3)])
        slot, slot_years = grid.year_end_slots
        threads = kernel_threads()
        return KernelInputs(
            n_months=grid.n_months,
            m0=self.m0[idx],
            sigma_i=self.sigma_i[idx],
            f0=self.f0[idx],
            v0=self.v0[idx],
            tau=self.tau[idx] if tau is None else np.asarray(tau, dtype=float),
            w0=self.w0[idx],
            dilution=np.ascontiguousarray(1 / self.growth[lanes][:, idx].T),
            alpha=self.alpha[lanes],
            kappa=np.ascontiguousarray(self.kappa[lanes][:, idx].T),
            eps0=np.ascontiguousarray(self.eps0[lanes][:, idx].T),
            lam0=self.lam0[lanes],
            reg_start=month_of(levers.regulation_start),
            reg_gap=gap_by_level[levels],
            reg_speed=speed_by_level[levels],
            reg_scale=x["regulation_effect_scale"],
            reg_funded=funded_by_level[levels],
            bud_start=month_of(levers.budget_start),
            bud_end=month_of(levers.budget_end, 1),
            funded0=self.funded_workers(levers.budget_bn) / self.w0[idx][None, :],
            apbdes0=apbdes_share(
                levers.apbdes_bn, self.village_pool[idx], self.w0[idx], self.months_paid, self.premium
            ),
            out_start=month_of(levers.outreach_start),
            out_h=outreach_effect(levers.outreach_pct / 100, a["outreach_curvature"]),
            uplift=x["outreach_enrolment_uplift"],
            lapse_cut=x["outreach_lapse_cut"],
            crowd=x["crowd_out_share"],
            onboard=1 - np.exp(-1 / x["onboarding_months"]),
            pool=x["vulnerable_share"],
            rank_t=int(grid.index_of(self.settings.rank_year, 12)) if rank_month is None else int(rank_month),
            year_index=slot,
            n_years=len(slot_years),
            paid=self.paid,
            keep_yearly=bool(keep_draws),
            keep_central=bool(keep_paths),
            n_chunks=int(max(1, min(len(idx), 2 * threads))),
            working=np.empty(0, dtype=precision),
        )

    def run(
        self,
        levers: LeverArrays,
        *,
        keep_paths: bool = False,
        keep_draws: bool = False,
        runner: Runner | None = None,
        timeout: float | None = None,
    ) -> BatchResult:
        """Run K lever sets x D draws in one kernel call.

        keep_paths: also return each scenario's central monthly segment shares (K, 4, R, T) (charts need them;
        analysis usually does not). keep_draws: year-end coverage for every draw, not only the central one.
        """
        from . import runner as runners

        inputs = self.kernel_inputs(levers, keep_paths=keep_paths, keep_draws=keep_draws)
        outputs = (runner or runners.default()).run(inputs, timeout=timeout)
        return BatchResult.from_kernel(self, levers, outputs)


@dataclass(frozen=True, eq=False)
class BatchResult:
    """K scenarios x D draws x R regions; coverage in percent, time as calendar years or month indices."""

    engine: Engine
    levers: LeverArrays
    target_t: np.ndarray  # (K, D, R) first month at target, -1 never
    coverage_rank: np.ndarray  # (K, D, R) percent at December of the rank year
    yearly: np.ndarray  # (K, D or 1, R, Y) float32 share at each December (every draw, or the central one)
    national: np.ndarray  # (K, D, Y + 1) national share at each December, last slot = rank month
    national_central: np.ndarray | None  # (K, T) central national share by month (with keep_paths), or None
    central: np.ndarray | None  # (K, 4, R, T) central segment shares (with keep_paths), or None

    @classmethod
    def from_kernel(cls, engine: Engine, levers: LeverArrays, out: KernelOutputs) -> BatchResult:
        k, d, r = levers.n_scenarios, engine.n_draws + 1, engine.n_regions
        n_keep = out.yearly.shape[2] // k
        central = out.central if out.central.shape[-1] else None
        # A reported figure is the path plus its own level deviation (the same in every scenario and year of a
        # draw, so a policy's effect is unchanged); the central case (draw 0) has none.
        noise = engine.level_noise  # (D, R)
        yearly = out.yearly.reshape(r, -1, k, n_keep).transpose(2, 3, 0, 1)
        if n_keep > 1 and noise[1:].any():
            yearly = np.clip(yearly + noise[None, :, :, None].astype(yearly.dtype), 0, 1)
        coverage_rank = 100 * out.cov_rank.reshape(r, k, d).transpose(1, 2, 0)
        if noise[1:].any():
            coverage_rank = np.clip(coverage_rank + 100 * noise[None], 0, 100)
        return cls(
            engine=engine,
            levers=levers,
            target_t=out.target_t.reshape(r, k, d).transpose(1, 2, 0),
            coverage_rank=coverage_rank,
            yearly=yearly,
            national=out.national.reshape(k, d, -1),
            national_central=out.national_central if central is not None else None,
            central=central,
        )

    @property
    def years(self) -> np.ndarray:
        """(Y,) the calendar year of each year-end slot."""
        return self.engine.grid.year_end_slots[1]

    @property
    def n_scenarios(self) -> int:
        return self.target_t.shape[0]

    def target_years(self) -> np.ndarray:
        """(K, D, R) calendar year each draw first reaches the target; NaN if not by the horizon."""
        years = self.engine.grid.years[np.maximum(self.target_t, 0)].astype(float)
        return np.where(self.target_t >= 0, years, np.nan)

    def year_slot(self, year: int) -> int:
        """Index of December `year` in the year-end arrays; InputError outside the projected years."""
        where = np.flatnonzero(self.years == year)
        if not len(where):
            detail = f"{year} not in {int(self.years[0])}-{int(self.years[-1])}"
            raise InputError([Problem("bad_option", {"name": "year", "detail": detail})])
        return int(where[0])

    def coverage_at(self, year: int) -> np.ndarray:
        """(K, D or 1, R) coverage in percent in December of `year`."""
        return 100 * self.yearly[..., self.year_slot(year)].astype(float)

    def national_at(self, year: int) -> np.ndarray:
        """(K, D) national coverage in percent in December of `year`."""
        return 100 * self.national[..., self.year_slot(year)]

    def reached_by(self, year: int) -> np.ndarray:
        """(K, D, R) True where the target is reached by December of `year`."""
        limit = int(np.clip(self.engine.grid.index_of(year, 12), 0, self.engine.grid.n_months - 1))
        return (self.target_t >= 0) & (self.target_t <= limit)

    def coverage_paths(self) -> np.ndarray:
        """(K, R, T) central coverage in percent by month (needs keep_paths=True)."""
        if self.central is None:
            raise ValueError("run with keep_paths=True to get monthly paths")
        return 100 * self.central.sum(axis=1)
