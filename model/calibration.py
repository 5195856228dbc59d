"""Each region's baseline trend, fitted to its dated coverage figures and shrunk toward the national trend.

A region with two or more dated figures gets its own least-squares slope (percentage points a year); because
two or three figures over a few months are noisy, the slope gets weight span / (span + H) and the national
trend the rest. Regions with one figure follow the national trend alone. The fit is reported beside the data so
a user can judge it.

Denominators differ between sources (potensi pekerja, angkatan kerja, penduduk bekerja, labour force without
ASN/TNI/Polri) and were revised in 2025 (NTT 1.6 M -> 3 M workers). Each observation names its `basis`; a
change of basis is a level shift, never a trend: the slope is fitted within each basis only (a fixed effect per
basis, so only figures on the same basis are compared), and the span is the longest span within one basis.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "trend_points",
    "fit_trend_lines",
    "trend_weights",
    "NationalTrend",
    "national_participant_series",
    "derive_national_trend",
    "ObservationNoise",
    "observation_noise",
    "central_slopes_pp",
]


def trend_points(regions: pd.DataFrame, observations: pd.DataFrame | None) -> pd.DataFrame:
    """All dated coverage figures per region: its current figure plus any historical observations."""
    current = pd.DataFrame(
        {"code": regions["code"], "date": pd.to_datetime(regions["as_of"]), "coverage_pct": regions["coverage_pct"]}
    )
    current["basis"] = np.nan
    frames = [current]
    if observations is not None and len(observations):
        history = observations.loc[observations["code"].isin(regions["code"])].copy()
        history["basis"] = history.get("basis", "unknown")
        history = history[["code", "date", "coverage_pct", "basis"]].dropna(subset=["date", "coverage_pct"])
        history["basis"] = history["basis"].fillna("unknown")
        frames.append(history)
        # The current figure takes the basis of the latest observation dated on or before it (the same figure
        # in the shipped baseline); a region with no such observation is on a basis of its own.
        known = history.sort_values("date")
        known = known.assign(code=known["code"].astype(str))
        as_of = dict(zip(current["code"].astype(str), current["date"], strict=True))
        before = known[known["date"] <= known["code"].map(as_of)]
        latest_basis = before.groupby("code")["basis"].last()
        current["basis"] = current["code"].astype(str).map(latest_basis).to_numpy()
    current["basis"] = current["basis"].astype(object).fillna("current")
    points = pd.concat(frames, ignore_index=True)
    points["month"] = points["date"].dt.to_period("M")
    # The current figure wins over an observation of the same month (they are usually the same figure).
    points = points.drop_duplicates(["code", "month"], keep="first").drop(columns="month")
    points["t_years"] = (points["date"] - pd.Timestamp("2020-01-01")).dt.days / 365.25
    return points.sort_values(["code", "date"]).reset_index(drop=True)


def fit_trend_lines(regions: pd.DataFrame, observations: pd.DataFrame | None) -> pd.DataFrame:
    """Least-squares slope per region (pp/year), the span of its data and the fit's RMSE.

    Vectorised with a groupby (ordinary least squares in closed form), so a 514-regency table costs the same
    few array operations as 38 provinces.
    """
    points = trend_points(regions, observations)
    # Demeaning within (region, basis) gives each basis its own level: a change of basis shifts the level and
    # leaves the slope to the figures that share a denominator.
    grouped = points.groupby(["code", "basis"], sort=False)
    t_mean = grouped["t_years"].transform("mean")
    c_mean = grouped["coverage_pct"].transform("mean")
    points["basis_span"] = grouped["t_years"].transform("max") - grouped["t_years"].transform("min")
    points["dt"] = points["t_years"] - t_mean
    points["dc"] = points["coverage_pct"] - c_mean
    points["dtdt"] = points["dt"] ** 2
    points["dtdc"] = points["dt"] * points["dc"]
    sums = points.groupby("code", sort=False).agg(
        n_points=("t_years", "size"),
        first=("date", "min"),
        last=("date", "max"),
        stt=("dtdt", "sum"),
        stc=("dtdc", "sum"),
        span_within=("basis_span", "max"),
    )
    has_fit = (sums["n_points"] >= 2) & (sums["stt"] > 0)
    slope = np.where(has_fit, sums["stc"] / sums["stt"].where(has_fit, 1.0), 0.0)
    sums["slope_fit_pp"] = slope
    points["resid"] = points["dc"] - points["dt"] * points["code"].map(sums["slope_fit_pp"])
    rmse = points.assign(r2=points["resid"] ** 2).groupby("code", sort=False)["r2"].mean() ** 0.5
    sums["span_years"] = sums["span_within"]
    sums["rmse_pp"] = np.where(sums["n_points"] > 2, rmse, np.nan)
    result = sums.reindex(regions["code"]).reset_index()
    result["first_date"] = result["first"].dt.date.astype(str)
    result["last_date"] = result["last"].dt.date.astype(str)
    columns = ["code", "n_points", "first_date", "last_date", "span_years", "slope_fit_pp", "rmse_pp"]
    return result[columns]


@dataclass(frozen=True)
class ObservationNoise:
    """How far a single reported figure sits from its region's trend: the pooled residual sd.

    A reported figure is the region's path plus a level error of its own (a revised denominator, a one-off batch
    of contract staff enrolled or lapsed, the day it was read). The residuals of the figures around the trend the
    model projects with measure it: each region's figures around its within-basis line (one level per basis, the
    model's slope: the region's own least-squares slope shrunk toward the national trend), pooled over regions,
    with one degree of freedom per level taken off.
    """

    sd_pp: float  # pooled residual standard deviation, percentage points (0 when nothing measures it)
    n_points: int  # figures on a basis with two or more figures
    dof: int  # residual degrees of freedom pooled (figures minus levels)
    n_regions: int  # regions that contribute

    def describe(self) -> str:
        return (
            f"residuals of {self.n_points} dated figures ({self.n_regions} regions) around each region's "
            f"within-basis trend line, one level per basis: sqrt(sum of squares / {self.dof} degrees of freedom)"
            f" = {self.sd_pp:.2f} pp"
        )


def central_slopes_pp(
    regions: pd.DataFrame, fit: pd.DataFrame, shrink_years: float, national_trend_pct: float
) -> np.ndarray:
    """(R,) the central trend the projection uses, pp a year: own slope x span / (span + H) + national x rest
    (the national trend is relative, so it is scaled by the region's coverage)."""
    weight = trend_weights(fit, shrink_years)
    national = national_trend_pct / 100 * regions["coverage_pct"].to_numpy(float)
    return weight * fit["slope_fit_pp"].to_numpy(float) + (1 - weight) * national


def observation_noise(
    regions: pd.DataFrame, observations: pd.DataFrame | None, *, shrink_years: float, national_trend_pct: float
) -> ObservationNoise:
    """The noise of one reported figure around its region's trend, from the figures given (and nothing else).

    Uses the points of `fit_trend_lines` and the slope the projection uses (`central_slopes_pp`), so a backtest
    that passes only the figures dated on or before its cut-off measures the noise that could have been
    measured on that date. A basis with a single figure leaves no residual and is skipped.
    """
    points = trend_points(regions, observations)
    fit = fit_trend_lines(regions, observations)
    slope = dict(zip(regions["code"], central_slopes_pp(regions, fit, shrink_years, national_trend_pct), strict=True))
    grouped = points.groupby(["code", "basis"], sort=False)
    size = grouped["t_years"].transform("size")
    dt = points["t_years"] - grouped["t_years"].transform("mean")
    dc = points["coverage_pct"] - grouped["coverage_pct"].transform("mean")
    resid = (dc - dt * points["code"].map(slope).astype(float))[size >= 2]
    levels = grouped.size()
    levels = levels[levels >= 2]
    dof = int(levels.sum() - len(levels))
    sd = float(np.sqrt((resid**2).sum() / dof)) if dof > 0 else 0.0
    n_regions = levels.index.get_level_values(0).nunique()
    return ObservationNoise(sd_pp=sd, n_points=int(levels.sum()), dof=dof, n_regions=int(n_regions))


def trend_weights(fit: pd.DataFrame, shrink_years: float) -> np.ndarray:
    """Weight of each region's own slope: span / (span + H); zero with fewer than two dated figures."""
    span = fit["span_years"].to_numpy(float)
    has_fit = fit["n_points"].to_numpy() >= 2
    return np.where(has_fit & (span > 0), span / (span + shrink_years), 0.0)


# ------------------------------------------------------------------ the national trend, derived as of a date

# The window of the national trend: the last national count against the latest one at least this many months
# before it. 30 months is the window of the shipped derivation (Dec 2022 -> Jun 2025); it spans more than one
# yearly cycle of non-ASN premiums (paid once or twice a year, so "active" counts swing within a year).
NATIONAL_TREND_WINDOW_MONTHS = 30


@dataclass(frozen=True)
class NationalTrend:
    """The national trend derived from the national active-participant counts known on a date."""

    relative_pct: float  # coverage growth a year, net of labour-force growth (the model's assumption)
    gross_pct: float  # participant growth a year
    start: pd.Timestamp
    end: pd.Timestamp
    start_count: float
    end_count: float
    labour_growth_pct: float

    def describe(self) -> str:
        years = _months_between(self.start, self.end) / 12
        return (
            f"({self.end_count / 1e6:.2f} M {self.end:%b %Y} / {self.start_count / 1e6:.2f} M {self.start:%b %Y})"
            f"^(1/{years:g}) - 1 = {self.gross_pct:.2f}% a year; net of labour-force growth "
            f"{self.labour_growth_pct:.2f}%: {self.relative_pct:.2f}% a year"
        )


def _months_between(start: pd.Timestamp, end: pd.Timestamp) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


def national_participant_series(path=None) -> pd.Series:
    """National active participants by date (data/sources/national.csv rows `participants_YYYY_MM`)."""
    from .paths import SOURCES_DIR

    frame = pd.read_csv(path or SOURCES_DIR / "national.csv")
    rows = frame[frame["key"].str.fullmatch(r"participants_\d{4}_\d{2}")]
    series = pd.Series(rows["value"].astype(float).to_numpy(), index=pd.to_datetime(rows["date"].to_numpy()))
    return series.sort_index()


def derive_national_trend(
    series: pd.Series,
    labour_growth_pct: float,
    until: pd.Timestamp | None = None,
    window_months: int = NATIONAL_TREND_WINDOW_MONTHS,
) -> NationalTrend | None:
    """The national trend from the counts dated on or before `until` (all of them without one).

    The rule: the last count on or before `until` against the latest count at least NATIONAL_TREND_WINDOW_MONTHS
    earlier, compounded a year, then net of labour-force growth (coverage = participants / workers). It uses
    nothing dated after `until`, so a backtest sees the trend that could have been derived on its cut-off date
    (the shipped Dec 2022 -> Jun 2025 trend skips the 2024 election-staff peak only because Jun 2025 is known).
    None when the counts do not span `window_months`.
    """
    known = series if until is None else series[series.index <= pd.Timestamp(until)]
    if known.empty:
        return None
    end = known.index[-1]
    earlier = known[[_months_between(d, end) >= window_months for d in known.index]]
    if earlier.empty:
        return None
    start = earlier.index[-1]
    years = _months_between(start, end) / 12
    gross = (known.iloc[-1] / earlier.iloc[-1]) ** (1 / years) - 1
    relative = (1 + gross) / (1 + labour_growth_pct / 100) - 1
    return NationalTrend(
        relative_pct=100 * relative,
        gross_pct=100 * gross,
        start=start,
        end=end,
        start_count=float(earlier.iloc[-1]),
        end_count=float(known.iloc[-1]),
        labour_growth_pct=labour_growth_pct,
    )
