"""Allocation of a pot: spends it exactly, never worse than the simple splits, and no Rp1 miliar transfer
between two regions improves it by more than 0.1% (checked with the model itself, not the solver's grid)."""

from __future__ import annotations

import numpy as np
import pytest

from model import InputError, Levers, Scenario
from model.analysis.allocation import allocate, equal_split, evaluate_split, proportional_split
from model.analysis.evaluate import Evaluator


@pytest.fixture(scope="module")
def ev(baseline):
    return Evaluator(baseline)


def best_transfer_gain(ev, scenario, result, by_year) -> float:
    """Largest gain in covered workers from moving Rp1 miliar from one region to another (regions are
    independent, so each region's +1 and -1 response gives every pair's exact change)."""
    b = result.optimal.budget_bn
    plus, minus = np.minimum(b + 1, 500), np.maximum(b - 1, 0)
    up, down = evaluate_split(ev, scenario, np.stack([plus, minus]), by_year)
    gain_up = up.covered - result.optimal.covered
    loss_down = down.covered - result.optimal.covered
    donors = b >= 1
    pair = gain_up[None, :] + loss_down[:, None]  # [i, j]: from i to j
    np.fill_diagonal(pair, -np.inf)
    return float(pair[donors].max())


@pytest.mark.parametrize(
    ("pot", "year", "scenario"),
    [
        (100, 2030, Scenario()),
        (1000, 2030, Scenario()),
        (250, 2028, Scenario.build(Levers(outreach_pct=30, regulation_level=1))),
    ],
)
def test_workers_objective(ev, pot, year, scenario):
    result = allocate(ev, scenario, pot, year, "workers")
    assert result.optimal.budget_bn.sum() == pytest.approx(pot, abs=1e-9)
    assert result.optimal.budget_bn.min() >= 0 and result.optimal.budget_bn.max() <= 500
    assert result.optimal.covered_total >= result.equal.covered_total
    assert result.optimal.covered_total >= result.proportional.covered_total
    assert best_transfer_gain(ev, scenario, result, year) <= 0.001 * result.optimal.covered_total
    # Stricter than asked: also within 0.2% of what the pot adds.
    added = result.optimal.covered_total - result.without.covered_total
    assert best_transfer_gain(ev, scenario, result, year) <= 0.002 * added
    assert result.solver_status == "optimal"


@pytest.mark.parametrize("pot", [100, 1000])
def test_targets_objective(ev, pot):
    result = allocate(ev, Scenario(), pot, 2030, "targets")
    assert result.optimal.budget_bn.sum() == pytest.approx(pot, abs=1e-9)
    assert result.optimal.regions_at_target >= result.equal.regions_at_target
    assert result.optimal.regions_at_target >= result.proportional.regions_at_target
    assert result.optimal.regions_at_target > result.without.regions_at_target


def test_json_shape(ev):
    doc = allocate(ev, Scenario(), 100, 2030).to_json()
    assert set(doc) >= {"allocation", "covered_workers", "regions_at_target", "vs_equal", "vs_proportional"}
    assert sum(doc["allocation"].values()) == pytest.approx(100, abs=1e-3)
    assert doc["vs_equal"]["gain_covered_workers"] >= 0
    assert len(doc["next_rupiah"]) == 5


def test_simple_splits():
    assert equal_split(4, 10).tolist() == [2.5] * 4
    split = proportional_split(np.array([1.0, 3.0, 0.0]), 8)
    assert split.tolist() == [2.0, 6.0, 0.0]
    capped = proportional_split(np.array([1.0, 100.0]), 600, cap=500)  # the capped share goes to the other
    assert capped.tolist() == [100.0, 500.0]
    thirds = equal_split(3, 10)  # Rp0.1 miliar resolution, adding up exactly
    assert sorted(thirds.tolist()) == [3.3, 3.3, 3.4] and sum(thirds) == pytest.approx(10, abs=1e-9)


def test_shares_are_on_the_lever_resolution(ev):
    result = allocate(ev, Scenario(), 123.4, 2030)
    tenths = result.optimal.budget_bn * 10
    assert np.allclose(tenths, np.round(tenths), atol=1e-6)
    assert result.optimal.budget_bn.sum() == pytest.approx(123.4, abs=1e-9)


def test_bad_pot(ev):
    with pytest.raises(InputError):
        allocate(ev, Scenario(), -1, 2030)
    with pytest.raises(InputError):
        allocate(ev, Scenario(), 100, 2030, "votes")
    with pytest.raises(InputError):
        allocate(ev, Scenario(), 100.05, 2030)  # below the lever's resolution


def test_regencies_allocation(regencies):
    ev = Evaluator(regencies)
    result = allocate(ev, Scenario(), 2000, 2030)
    assert result.optimal.budget_bn.sum() == pytest.approx(2000, abs=1e-9)
    assert result.optimal.covered_total >= max(result.equal.covered_total, result.proportional.covered_total)


def test_solver_matches_brute_force_on_non_concave_responses():
    """Three regions with S-shaped (convex, then concave) responses: the programme's optimum equals an
    exhaustive search over every split of the pot in steps of 1."""
    from model.analysis.allocation import _solve, _upper_hull

    grid = np.tile(np.arange(0.0, 11.0), (3, 1))  # 0..10 in steps of 1
    x = grid[0]
    response = np.stack(
        [
            100 / (1 + np.exp(-(x - 6))),  # S-shape: a threshold at 6
            8 * x - 0.4 * x**2,  # concave
            30 * (x >= 4) + 2 * x,  # a jump at 4
        ]
    )
    pot = 12.0
    budgets, status, _ = _solve(grid, response, pot, None, 30.0)
    value = sum(np.interp(budgets[r], x, response[r]) for r in range(3))
    best = max(
        response[0, a] + response[1, b] + response[2, int(pot) - a - b]
        for a in range(11)
        for b in range(11)
        if 0 <= pot - a - b <= 10
    )
    assert status == "optimal" and budgets.sum() == pytest.approx(pot)
    assert value == pytest.approx(best, rel=1e-9)
    hull = _upper_hull(x, response[0])
    assert np.all(hull >= response[0] - 1e-9) and np.all(np.diff(hull, 2) <= 1e-9)  # concave majorant
