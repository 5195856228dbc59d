"""model/calibration.py: per-region trend lines, their shrinkage toward the national trend, the noise of one
figure, and the national trend as of a date, on small hand-made tables whose answers are known."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from model.calibration import (
    central_slopes_pp,
    derive_national_trend,
    fit_trend_lines,
    observation_noise,
    trend_points,
    trend_weights,
)


def regions() -> pd.DataFrame:
    return pd.DataFrame(
        {"code": ["A", "B", "C"], "as_of": ["2025-01-01", "2025-01-01", "2025-01-01"], "coverage_pct": [30.0, 20, 50]}
    )


def observations(**extra) -> pd.DataFrame:
    rows = [
        # A: 2 pp a year for two years, same basis
        ("A", "2023-01-01", 26.0, "potensi"),
        ("A", "2024-01-01", 28.0, "potensi"),
        # B: a new denominator in 2024 drops the level by 10 pp; within each basis it rises 1 pp a year
        ("B", "2022-01-01", 28.0, "old"),
        ("B", "2023-01-01", 29.0, "old"),
        ("B", "2024-01-01", 19.0, "potensi"),
    ]
    rows += extra.get("more", [])
    frame = pd.DataFrame(rows, columns=["code", "date", "coverage_pct", "basis"])
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def test_points_join_the_current_figure_to_its_history_and_give_it_the_latest_basis():
    points = trend_points(regions(), observations())
    assert points.groupby("code").size().to_dict() == {"A": 3, "B": 4, "C": 1}
    latest = points.sort_values("date").groupby("code").last()
    assert latest.loc["A", "basis"] == "potensi" and latest.loc["C", "basis"] == "current"


def test_an_observation_in_the_same_month_as_the_current_figure_is_not_counted_twice():
    same_month = observations(more=[("A", "2025-01-20", 31.0, "potensi")])
    points = trend_points(regions(), same_month)
    assert (points["code"] == "A").sum() == 3
    assert points.loc[points["code"] == "A", "coverage_pct"].max() == 30.0  # the current figure wins


def test_slope_is_least_squares_within_a_basis_and_a_change_of_basis_is_a_level_shift():
    fit = fit_trend_lines(regions(), observations()).set_index("code")
    assert fit.loc["A", "slope_fit_pp"] == pytest.approx(2.0, abs=0.01)
    assert fit.loc["B", "slope_fit_pp"] == pytest.approx(1.0, abs=0.01)  # not the -10 pp drop
    assert fit.loc["C", "slope_fit_pp"] == 0.0 and fit.loc["C", "n_points"] == 1
    assert fit.loc["A", "span_years"] == pytest.approx(2.0, abs=0.01)
    assert fit.loc["B", "span_years"] == pytest.approx(1.0, abs=0.01)  # the longest span within one basis
    assert fit.loc["A", "rmse_pp"] == pytest.approx(0.0, abs=0.01)
    assert np.isnan(fit.loc["C", "rmse_pp"])


def test_own_slope_weight_grows_with_span_and_the_rest_goes_to_the_national_trend():
    fit = fit_trend_lines(regions(), observations())
    weights = trend_weights(fit, shrink_years=2.0)
    assert weights[0] == pytest.approx(2 / 4, abs=0.01)
    assert weights[1] == pytest.approx(1 / 3, abs=0.01)
    assert weights[2] == 0.0
    slopes = central_slopes_pp(regions(), fit, shrink_years=2.0, national_trend_pct=10.0)
    # C has no slope of its own: 10% a year of its 50% coverage = 5 pp a year
    assert slopes[2] == pytest.approx(5.0)
    own = fit["slope_fit_pp"].to_numpy()
    assert slopes[0] == pytest.approx(weights[0] * own[0] + (1 - weights[0]) * 3.0, abs=1e-9)
    assert slopes[1] == pytest.approx(weights[1] * own[1] + (1 - weights[1]) * 2.0, abs=1e-9)


def test_observation_noise_is_the_pooled_residual_sd_with_a_level_per_basis():
    noisy = observations(more=[("C", "2024-01-01", 47.0, "current"), ("C", "2023-01-01", 49.0, "current")])
    noise = observation_noise(regions(), noisy, shrink_years=2.0, national_trend_pct=0.0)
    # A lies on its line; B's 'old' pair and 'potensi' pair have one level each; C is a line with a known kink
    assert noise.n_regions == 3
    assert noise.n_points == 3 + 2 + 2 + 3  # A: 3, B: 2 + 2 (the current figure joins 'potensi'), C: 3
    assert noise.dof == noise.n_points - 4
    assert noise.sd_pp > 0
    calm = observation_noise(regions(), observations(), shrink_years=2.0, national_trend_pct=0.0)
    assert calm.sd_pp < noise.sd_pp
    assert f"{calm.sd_pp:.2f} pp" in calm.describe()


def test_national_trend_compounds_the_window_and_nets_out_labour_growth():
    series = pd.Series(
        [100.0, 105.0, 121.0, 130.0],
        index=pd.to_datetime(["2021-06-30", "2022-12-31", "2024-12-31", "2025-06-30"]),
    )
    trend = derive_national_trend(series, labour_growth_pct=1.0, until="2024-12-31", window_months=24)
    # Dec 2024 against the latest count at least 24 months earlier (Dec 2022): 121/105 over 2 years
    gross = (121 / 105) ** 0.5 - 1
    assert trend.gross_pct == pytest.approx(100 * gross)
    assert trend.relative_pct == pytest.approx(100 * ((1 + gross) / 1.01 - 1))
    assert (trend.start, trend.end) == (pd.Timestamp("2022-12-31"), pd.Timestamp("2024-12-31"))
    later = derive_national_trend(series, labour_growth_pct=1.0, window_months=24)
    assert later.end == pd.Timestamp("2025-06-30") and later.start == pd.Timestamp("2022-12-31")
    assert derive_national_trend(series, 1.0, until="2022-12-31", window_months=24) is None
    assert derive_national_trend(series, 1.0, until="2020-01-01") is None
