"""Sensitivity: Sobol' indices recover Ishigami's known values; the tornado and the model's indices behave."""

from __future__ import annotations

import numpy as np
import pytest

from model import InputError, Levers, Scenario
from model.analysis.evaluate import Evaluator
from model.analysis.sensitivity import sobol, sobol_model, tornado

A, B = 7.0, 0.1
# Ishigami's analytic indices (a = 7, b = 0.1): Sobol' & Levitan 1999; Saltelli et al. 2008, "Global
# Sensitivity Analysis. The Primer", section 4.6.
VAR = A**2 / 8 + B * np.pi**4 / 5 + B**2 * np.pi**8 / 18 + 0.5
V1 = 0.5 * (1 + B * np.pi**4 / 5) ** 2
V2 = A**2 / 8
V13 = B**2 * np.pi**8 * (1 / 18 - 1 / 50)
FIRST = np.array([V1, V2, 0]) / VAR
TOTAL = np.array([V1 + V13, V2, V13]) / VAR


def ishigami(x: np.ndarray) -> np.ndarray:
    return np.sin(x[0]) + A * np.sin(x[1]) ** 2 + B * x[2] ** 4 * np.sin(x[0])


def test_sobol_recovers_ishigami():
    bounds = [(f"x{i}", -np.pi, np.pi) for i in (1, 2, 3)]
    result = sobol(ishigami, bounds, n=8192, seed=1)
    np.testing.assert_allclose(result.first[0], FIRST, atol=0.03)
    np.testing.assert_allclose(result.total[0], TOTAL, atol=0.03)
    # The 95% intervals contain the true values and are not absurdly wide.
    assert np.all(result.first_low[0] - 0.01 <= FIRST) and np.all(result.first_high[0] + 0.01 >= FIRST)
    assert np.all(result.total_low[0] - 0.01 <= TOTAL) and np.all(result.total_high[0] + 0.01 >= TOTAL)
    assert np.all(result.total_high[0] - result.total_low[0] < 0.1)
    assert result.evaluations == 8192 * 5


def test_sobol_rejects_n_not_power_of_two():
    with pytest.raises(InputError):
        sobol(ishigami, [("x", 0, 1)], n=1000)


def test_model_indices_national_and_regional(baseline):
    ev = Evaluator(baseline)
    result = sobol_model(ev, Scenario.build(Levers(budget_bn=5, outreach_pct=30)), 2030, n=256)
    national = result.frame("national")
    assert national["total"].iloc[0] == national["total"].max() > 0.3
    assert np.all(result.total >= -0.05) and np.all(result.first <= result.total + 0.1)
    assert np.all(result.first_low <= result.first_high) and np.all(result.total_low <= result.total_high)
    # An assumption acting through a lever nobody uses explains nothing.
    assert abs(result.frame("15").set_index("name").loc["regulation_effect_scale", "total"]) < 1e-9
    assert result.outputs[0] == "national" and result.outputs[1:] == ev.codes


def test_tornado_levers_move_coverage_the_right_way(baseline):
    ev = Evaluator(baseline)
    result = tornado(ev, Scenario.build(Levers(budget_bn=5)), "15", 2030)
    bars = {b.key: b for b in result.bars}
    for lever in ("budget_bn", "outreach_pct", "regulation_level"):
        assert bars[lever].coverage_high > bars[lever].coverage_low
    assert bars["national_trend_pct_per_year"].coverage_high > bars["national_trend_pct_per_year"].coverage_low
    swings = [b.swing for b in result.bars]
    assert swings == sorted(swings, reverse=True)
    assert {b.kind for b in result.bars} == {"lever", "assumption"}
