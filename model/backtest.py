"""Backtest: how the model would have done on the past.

Rebuild the baseline from the observations dated on or before a cut-off date (exactly as the shipped one is
built), fit the trends on those only, project the baseline (no policy), and compare the projection with every
observation dated after the cut-off: the shipped ones, or a file with the columns of data/observations.csv.
Each figure is also compared with a no-change forecast (the region's last figure on or before the cut-off), so
the model has to beat the simplest rival to be worth its complexity. P10/P90 come from the Monte Carlo draws
(the uncertain assumptions' ranges), so the share of figures inside them says whether the bands are honest.

Nothing dated after the cut-off enters: the observations are cut, and so are the national counts the national
trend is derived from (`calibration.derive_national_trend`, the rule that gives the shipped trend from all the
counts). A later figure on another denominator basis than the region's last figure before the cut-off is put
on that basis or left out with its reason (`compare_on_one_basis`), for the model and "no change" alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .assumptions import Assumptions, default_assumptions
from .baseline_builder import build_regions
from .calibration import derive_national_trend, national_participant_series, observation_noise
from .data import load_national, load_observations, load_regions
from .messages import InputError, Problem
from .projection import BASELINE, Settings, project

__all__ = ["BacktestResult", "run_backtest", "read_observation_file"]

COMPARISON_COLUMNS = ("code", "date", "coverage_pct")
UNKNOWN = "unknown"


@dataclass(frozen=True)
class BacktestResult:
    """Per-figure comparison and its summary."""

    until: pd.Timestamp
    # code, name, date, reported (on the anchor's basis), predicted, p10, p90, no_change, error, no_change_error,
    # published (as the source gives it), basis, comparison ("same basis" or "converted")
    figures: pd.DataFrame
    draws: int
    # figures that cannot be put on the anchor's basis: code, name, date, published, basis, anchor_basis, reason
    excluded: pd.DataFrame = field(default_factory=pd.DataFrame)
    national_trend: str = ""  # how the national trend in force on `until` was derived
    national_trend_pct: float | None = None  # its value (% a year, net of labour-force growth)
    national_trend_window: tuple[str, str] | None = None  # the two counts' dates (None: set by the caller)
    observation_noise: str = ""  # how the noise of a reported figure in force on `until` was derived
    observation_noise_pp: float | None = None  # its value (sd, pp)

    def summary(self) -> dict[str, float | int | str | None]:
        f = self.figures
        n = len(f)
        left_out = {
            "n_excluded": len(self.excluded),
            "national_trend": self.national_trend,
            "national_trend_pct": self.national_trend_pct,
            "national_trend_window": self.national_trend_window,
            "observation_noise": self.observation_noise,
            "observation_noise_pp": self.observation_noise_pp,
        }
        if n == 0:
            return {"until": self.until.date().isoformat(), "n": 0, "mae_model": None, "mae_no_change": None,
                    "bias": None, "inside_p10_p90": None, "draws": self.draws, **left_out}  # fmt: skip
        inside = ((f["reported"] >= f["p10"]) & (f["reported"] <= f["p90"])).mean() if self.draws > 0 else None
        return {
            "until": self.until.date().isoformat(),
            "n": int(n),
            "mae_model": float(f["error"].abs().mean()),
            "mae_no_change": float(f["no_change_error"].abs().mean()),
            "bias": float(f["error"].mean()),
            "inside_p10_p90": None if inside is None else float(inside),
            "draws": self.draws,
            **left_out,
        }


def read_observation_file(path: str | Path) -> pd.DataFrame:
    """Figures to compare against: a CSV with at least code, date, coverage_pct (the observations' columns)."""
    try:
        frame = pd.read_csv(path, dtype={"code": str})
    except (OSError, ValueError, pd.errors.ParserError) as exc:
        raise InputError([Problem("bad_option", {"name": "--against", "detail": f"{path}: {exc}"})]) from None
    missing = [c for c in COMPARISON_COLUMNS if c not in frame.columns]
    if missing:
        detail = f"{path}: missing column(s) {', '.join(missing)}"
        raise InputError([Problem("bad_option", {"name": "--against", "detail": detail})])
    frame["date"] = pd.to_datetime(frame["date"], errors="coerce")
    frame["coverage_pct"] = pd.to_numeric(frame["coverage_pct"], errors="coerce")
    bad = frame["date"].isna() | frame["coverage_pct"].isna() | ~frame["coverage_pct"].between(0, 100)
    if bad.any():
        rows = ", ".join(str(i + 2) for i in np.flatnonzero(bad.to_numpy())[:5])
        detail = f"{path}: unreadable date or coverage_pct (0-100) on line(s) {rows}"
        raise InputError([Problem("bad_option", {"name": "--against", "detail": detail})])
    return frame


def _table_as_of(observations: pd.DataFrame, until: pd.Timestamp):
    """The baseline as it would have been built on `until` (regions with no figure yet are left out)."""
    frame = build_regions(observations, until=until)
    known = frame["coverage_status"] != "estimate"
    frame = frame[known].reset_index(drop=True)
    text = frame.to_csv(index=False).encode()
    return load_regions(text, filename="backtest.csv", origin="baseline")


def _values_at(result, dates: pd.Series, codes: pd.Series) -> tuple[np.ndarray, np.ndarray | None]:
    """Central coverage (percent) at each date, and per-draw coverage (D, N) interpolated between year ends."""
    grid = result.grid
    index = np.array([result.codes.index(c) for c in codes], dtype=np.int64)
    t = np.clip(grid.index_of(dates.dt.year.to_numpy(), dates.dt.month.to_numpy()), 0, grid.n_months - 1)
    central = result.coverage_paths[BASELINE, index, t]
    if result.n_draws == 0:
        return central, None
    # Per-draw values exist at each December (and, before a region's data date, the frozen start value).
    years = result.years
    yearly = 100 * result.yearly[BASELINE, 1:].astype(float)  # (D, R, Y)
    start_t = result.m0[index]
    start = result.coverage_now[index]
    noise = 100 * result.level_noise[1:, index]  # (D, N) each figure's own deviation, every horizon alike
    month_of_dec = grid.index_of(years, 12)
    out = np.empty((yearly.shape[0], len(index)))
    for j, (r, tt, t0) in enumerate(zip(index, t, start_t, strict=True)):
        xs = np.concatenate([[t0], month_of_dec[month_of_dec > t0]])
        first = np.clip(start[j] + noise[:, j : j + 1], 0, 100)  # the data date's value, as it might be reported
        ys = np.concatenate([first, yearly[:, r, month_of_dec > t0]], axis=1)
        k = np.searchsorted(xs, tt, side="right") - 1
        k = int(np.clip(k, 0, len(xs) - 2)) if len(xs) > 1 else 0
        if len(xs) == 1:
            out[:, j] = ys[:, 0]
            continue
        w = np.clip((tt - xs[k]) / (xs[k + 1] - xs[k]), 0, 1)
        out[:, j] = (1 - w) * ys[:, k] + w * ys[:, k + 1]
    return central, out


def _anchors(past: pd.DataFrame) -> pd.DataFrame:
    """Each region's last figure on or before the cut-off (the one the baseline starts from and no change keeps)."""
    dated = past[past.get("date_precision", pd.Series("day", index=past.index)) != "approx"]
    anchors = dated.sort_values(["code", "date"]).groupby("code").tail(1).set_index("code")
    basis = anchors["basis"] if "basis" in anchors else pd.Series(UNKNOWN, index=anchors.index)
    participants = anchors.get("active_participants", pd.Series(np.nan, index=anchors.index))
    potential = anchors.get("potential_workers", pd.Series(np.nan, index=anchors.index))
    # The anchor's own denominator: its stated potential, else its count divided by its coverage.
    denominator = potential.where(potential.notna(), participants / (anchors["coverage_pct"] / 100))
    return pd.DataFrame({"basis": basis.fillna(UNKNOWN), "denominator": denominator, "date": anchors["date"]})


def compare_on_one_basis(
    later: pd.DataFrame, anchors: pd.DataFrame, growth_pct: dict[str, float]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Later figures on the basis of each region's anchor figure, and those that cannot be put on it.

    A figure on the anchor's denominator basis is compared as published. A figure on another basis (a revised
    or different denominator: NTT 1.6 M -> 3 M workers, Kalimantan 5.4 M -> 7.9 M) is a level shift that
    neither the model nor "no change" is meant to predict: it is converted to the anchor's basis when the later
    figure states its participant count and the anchor gives its denominator (count / denominator grown by the
    region's labour-force growth), and otherwise left out with the reason. The rule is the trend fit's (a basis
    is a label; `unknown` is one too) and applies to the model and the no-change forecast alike. A file without
    a `basis` column is taken to be on the anchors' bases.
    """
    later = later.copy()
    has_basis = "basis" in later
    later["basis"] = later["basis"].fillna(UNKNOWN) if has_basis else later["code"].map(anchors["basis"])
    counts = later.get("active_participants", pd.Series(np.nan, index=later.index)).astype(float)
    anchor_basis = later["code"].map(anchors["basis"])
    same = later["basis"] == anchor_basis
    years = (later["date"] - pd.to_datetime(later["code"].map(anchors["date"]))).dt.days / 365.25
    growth = later["code"].map(growth_pct).astype(float)
    grown = later["code"].map(anchors["denominator"]).astype(float) * (1 + growth / 100) ** years
    convertible = ~same & counts.notna() & grown.notna()
    later["published"] = later["coverage_pct"].astype(float)
    later["comparison"] = np.where(same, "same basis", "converted")
    later.loc[convertible, "coverage_pct"] = 100 * counts[convertible] / grown[convertible]
    kept = later[same | convertible]
    dropped = later[~(same | convertible)].copy()
    dropped["anchor_basis"] = dropped["code"].map(anchors["basis"])
    dropped["reason"] = [
        f"basis {b!r} differs from the last figure's {a!r} and no participant count converts it"
        for b, a in zip(dropped["basis"], dropped["anchor_basis"], strict=True)
    ]
    return kept.reset_index(drop=True), dropped.reset_index(drop=True)


def run_backtest(
    until: str | pd.Timestamp,
    *,
    against: pd.DataFrame | None = None,
    observations: pd.DataFrame | None = None,
    draws: int = 200,
    seed: int = 2024,
    assumptions: Assumptions | None = None,
) -> BacktestResult:
    """Fit on figures dated on or before `until`, predict every later figure, compare with no change.

    The national trend is re-derived from the national counts dated on or before `until` (the same rule as the
    shipped one, `calibration.derive_national_trend`), unless `assumptions` sets it to something else.
    """
    try:
        cut = pd.Timestamp(until)
    except (ValueError, TypeError):
        raise InputError([Problem("bad_option", {"name": "--until", "detail": f"{until!r} is not a date"})]) from None
    if not 0 <= draws <= 10_000:
        raise InputError([Problem("bad_option", {"name": "--draws", "detail": f"{draws} not in [0, 10000]"})])
    observations = load_observations() if observations is None else observations
    past = observations[observations["date"] <= cut]
    if past.empty:
        detail = f"no observation is dated on or before {cut.date()}"
        raise InputError([Problem("bad_option", {"name": "--until", "detail": detail})])
    by_caller = assumptions is not None
    assumptions, trend, window = _assumptions_as_of(cut, assumptions)
    try:
        table = _table_as_of(observations, cut)
    except ValueError as exc:  # too early for the baseline rules (e.g. no province gives the potential ratio)
        detail = f"the baseline cannot be built from the figures up to {cut.date()}: {exc}"
        raise InputError([Problem("bad_option", {"name": "--until", "detail": detail})]) from None
    if by_caller:
        noise_how = f"{assumptions['observation_noise_pp']:.2f} pp (set by the caller)"
    else:  # the shipped rule on the figures known on the cut-off (never the shipped value: it uses later ones)
        noise = observation_noise(
            table.frame,
            past,
            shrink_years=assumptions["trend_shrinkage_years"],
            national_trend_pct=assumptions["national_trend_pct_per_year"],
        )
        assumptions = assumptions.with_values({"observation_noise_pp": round(noise.sd_pp, 2)})
        noise_how = noise.describe()
    later = (observations if against is None else against).copy()
    later = later[(later["date"] > cut) & later["code"].isin(table.codes)].dropna(subset=["coverage_pct"])
    later = later.sort_values(["code", "date"]).reset_index(drop=True)
    growth = dict(zip(table.frame["code"], table.frame["labour_growth_pct"].astype(float), strict=True))
    later, excluded = compare_on_one_basis(later, _anchors(past), growth)
    horizon = max(int(later["date"].dt.year.max()) if len(later) else cut.year, cut.year) + 1
    first_year = int(table.frame["as_of"].dt.year.min())
    settings = Settings(draws=draws, seed=seed, horizon_year=horizon, rank_year=max(first_year, cut.year))
    result = project(table, assumptions=assumptions, settings=settings, observations=past)
    name = dict(zip(table.frame["code"], table.frame["name"], strict=True))
    last = dict(zip(table.frame["code"], table.frame["coverage_pct"], strict=True))
    central, per_draw = _values_at(result, later["date"], later["code"])
    figures = pd.DataFrame(
        {
            "code": later["code"].to_numpy(),
            "name": later["code"].map(name).to_numpy(),
            "date": later["date"].dt.strftime("%Y-%m-%d").to_numpy(),
            "reported": later["coverage_pct"].to_numpy(float),
            "predicted": central,
            "p10": np.percentile(per_draw, 10, axis=0) if per_draw is not None else central,
            "p90": np.percentile(per_draw, 90, axis=0) if per_draw is not None else central,
            "no_change": later["code"].map(last).to_numpy(float),
        }
    )
    figures["error"] = figures["predicted"] - figures["reported"]
    figures["no_change_error"] = figures["no_change"] - figures["reported"]
    figures["published"] = later["published"].to_numpy(float)
    figures["basis"] = later["basis"].to_numpy()
    figures["comparison"] = later["comparison"].to_numpy()
    left_out = pd.DataFrame(
        {
            "code": excluded["code"].to_numpy(),
            "name": excluded["code"].map(name).to_numpy(),
            "date": excluded["date"].dt.strftime("%Y-%m-%d").to_numpy(),
            "published": excluded["published"].to_numpy(float),
            "basis": excluded["basis"].to_numpy(),
            "anchor_basis": excluded["anchor_basis"].to_numpy(),
            "reason": excluded["reason"].to_numpy(),
        }
    )
    return BacktestResult(
        until=cut,
        figures=figures,
        draws=draws,
        excluded=left_out,
        national_trend=trend,
        national_trend_pct=assumptions["national_trend_pct_per_year"],
        national_trend_window=window,
        observation_noise=noise_how,
        observation_noise_pp=assumptions["observation_noise_pp"],
    )


def _assumptions_as_of(
    cut: pd.Timestamp, assumptions: Assumptions | None
) -> tuple[Assumptions, str, tuple[str, str] | None]:
    """The assumptions in force on `cut`: the defaults with the national trend re-derived from the national
    counts dated on or before it (with how, and the two counts' dates). A caller's assumptions are used as given."""
    if assumptions is not None:
        return assumptions, f"{assumptions['national_trend_pct_per_year']:.2f}% a year (set by the caller)", None
    base = default_assumptions()
    series, growth = national_participant_series(), load_national()["labour_growth_pct"]
    # Before the counts span the usual window, the latest count at least a year earlier; before that, no trend
    # (never the shipped value: it comes from counts after the cut-off).
    trend = derive_national_trend(series, growth, cut) or derive_national_trend(series, growth, cut, 12)
    if trend is None:
        detail = "0.00% a year (no two national counts a year apart on or before the cut-off)"
        return base.with_values({"national_trend_pct_per_year": 0.0}), detail, None
    window = (trend.start.date().isoformat(), trend.end.date().isoformat())
    return base.with_values({"national_trend_pct_per_year": round(trend.relative_pct, 2)}), trend.describe(), window


# ---------------------------------------------------------------- command line


def register(commands, common) -> None:
    """`python -m model backtest --until DATE [--against FILE] [--draws N] [--format json|csv]` (from cli.py)."""
    sub = commands.add_parser("backtest", parents=[common], help="fit on figures up to DATE; compare with later ones")
    sub.add_argument("--until", required=True, help="cut-off date (YYYY-MM-DD): fit on figures dated on or before it")
    sub.add_argument("--against", type=Path, help="CSV of later figures (columns of data/observations.csv)")
    sub.add_argument("--draws", type=int, default=200, help="Monte Carlo draws for P10/P90 (default 200)")
    sub.add_argument("--seed", type=int, default=2024, help="random seed for the draws")
    sub.add_argument("--format", choices=("json", "csv"), default="json")
    sub.add_argument("--output", type=Path, help="write to this file instead of stdout")
    sub.set_defaults(handler=_run)


def _run(args) -> str:
    import json

    against = read_observation_file(args.against) if args.against else None
    result = run_backtest(args.until, against=against, draws=args.draws, seed=args.seed)
    figures = result.figures.round(4)
    if args.format == "csv":
        return figures.to_csv(index=False, lineterminator="\n")
    doc = {
        "summary": result.summary(),
        "figures": json.loads(figures.to_json(orient="records")),
        "excluded": json.loads(result.excluded.round(4).to_json(orient="records")),
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
