"""Each region's baseline trend, fitted to its dated coverage figures and shrunk toward the national trend.

A region with two or more dated figures gets its own least-squares slope (percentage points a year); because
two or three figures over a few months are noisy (and sometimes cross a change of denominator), the slope
gets weight span / (span + H) and the national trend the rest. Regions with one figure follow the national
trend alone. The fit is reported beside the data so a user can judge it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["trend_points", "fit_trend_lines", "trend_weights"]


def trend_points(regions: pd.DataFrame, observations: pd.DataFrame | None) -> pd.DataFrame:
    """All dated coverage figures per region: its current figure plus any historical observations."""
    current = pd.DataFrame(
        {"code": regions["code"], "date": pd.to_datetime(regions["as_of"]), "coverage_pct": regions["coverage_pct"]}
    )
    frames = [current]
    if observations is not None and len(observations):
        history = observations.loc[observations["code"].isin(regions["code"]), ["code", "date", "coverage_pct"]]
        frames.append(history.dropna())
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
    grouped = points.groupby("code", sort=False)
    t_mean = grouped["t_years"].transform("mean")
    c_mean = grouped["coverage_pct"].transform("mean")
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
    )
    has_fit = (sums["n_points"] >= 2) & (sums["stt"] > 0)
    slope = np.where(has_fit, sums["stc"] / sums["stt"].where(has_fit, 1.0), 0.0)
    sums["slope_fit_pp"] = slope
    points["resid"] = points["dc"] - points["dt"] * points["code"].map(sums["slope_fit_pp"])
    rmse = points.assign(r2=points["resid"] ** 2).groupby("code", sort=False)["r2"].mean() ** 0.5
    span = (sums["last"] - sums["first"]).dt.days / 365.25
    sums["span_years"] = span
    sums["rmse_pp"] = np.where(sums["n_points"] > 2, rmse, np.nan)
    result = sums.reindex(regions["code"]).reset_index()
    result["first_date"] = result["first"].dt.date.astype(str)
    result["last_date"] = result["last"].dt.date.astype(str)
    columns = ["code", "n_points", "first_date", "last_date", "span_years", "slope_fit_pp", "rmse_pp"]
    return result[columns]


def trend_weights(fit: pd.DataFrame, shrink_years: float) -> np.ndarray:
    """Weight of each region's own slope: span / (span + H); zero with fewer than two dated figures."""
    span = fit["span_years"].to_numpy(float)
    has_fit = fit["n_points"].to_numpy() >= 2
    return np.where(has_fit & (span > 0), span / (span + shrink_years), 0.0)
