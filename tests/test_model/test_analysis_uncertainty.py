"""Monte Carlo answers: quantiles ordered, same seed same numbers, probabilities in [0, 1] that never fall
when a lever rises."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from model import InputError, Levers, Scenario
from model.analysis.uncertainty import uncertainty


@pytest.fixture(scope="module")
def result(baseline):
    return uncertainty(baseline, Scenario.build(Levers(budget_bn=5)), by_year=2030, draws=200, seed=7)


def test_quantiles_are_ordered(result):
    q = result.quantiles
    assert np.all(q[:, 0] <= q[:, 1] + 1e-9) and np.all(q[:, 1] <= q[:, 2] + 1e-9)
    assert np.any(q[:, 2] - q[:, 0] > 0.5)  # the draws do spread
    national = result.national_quantiles()
    assert national[0] <= national[1] <= national[2]
    years = result.target_year_quantiles()
    assert np.all(years[0] <= years[1]) and np.all(years[1] <= years[2])


def test_same_seed_same_numbers(baseline, result):
    again = uncertainty(baseline, Scenario.build(Levers(budget_bn=5)), by_year=2030, draws=200, seed=7)
    np.testing.assert_array_equal(again.quantiles, result.quantiles)
    np.testing.assert_array_equal(again.prob_by_year, result.prob_by_year)
    other = uncertainty(baseline, Scenario.build(Levers(budget_bn=5)), by_year=2030, draws=200, seed=8)
    assert not np.array_equal(other.quantiles, result.quantiles)


def test_probabilities_in_unit_interval(result):
    for p in (result.prob_by_year, result.prob_by_year_baseline, result.prob_rank_changes, result.prob_rank_improves):
        assert np.all((p >= 0) & (p <= 1))
    dist = result.target_year_distribution()
    assert np.allclose(dist.groupby("code")["share"].sum(), 1)
    assert np.all(result.prob_rank_improves <= result.prob_rank_changes)


@pytest.mark.parametrize("field", ["budget_bn", "outreach_pct", "regulation_level"])
def test_probability_never_falls_when_a_lever_rises(baseline, field):
    values = {"budget_bn": [0, 2, 10, 40], "outreach_pct": [0, 20, 60, 100], "regulation_level": [0, 1, 2, 3]}[field]
    probs = [
        uncertainty(baseline, Scenario.build(Levers(**{field: v})), by_year=2032, draws=100, seed=3).prob_by_year
        for v in values
    ]
    for lower, higher in itertools.pairwise(probs):
        assert np.all(higher >= lower)
    assert np.any(probs[-1] > probs[0])


def test_policy_raises_chance_over_baseline(result):
    assert np.all(result.prob_by_year >= result.prob_by_year_baseline)
    ranking = result.ranking()
    assert ranking["prob_target_by_year"].is_monotonic_decreasing
    assert ranking["prob_rank"].iloc[0] == 1


def test_bad_draws(baseline):
    with pytest.raises(InputError):
        uncertainty(baseline, draws=0)


def test_rank_change_chance_in_the_projection(baseline):
    """The projection's own chance that the policy changes a rank (Peringkat page, exports): in [0, 1], zero
    without a policy (baseline and policy share every draw), the same as the analysis's, and it is a share of
    the draws (multiples of 1 / draws)."""
    from model import Settings, project

    none = project(baseline, Scenario(), settings=Settings(draws=50, seed=4)).region_summary()
    assert (none["prob_rank_changes"] == 0).all()
    policy = project(baseline, Scenario.build(Levers(budget_bn=20)), settings=Settings(draws=50, seed=4))
    p = policy.region_summary()["prob_rank_changes"].to_numpy()
    assert np.all((p >= 0) & (p <= 1)) and p.max() > 0.5
    assert np.allclose(p * 50, np.round(p * 50))
    same = uncertainty(baseline, Scenario.build(Levers(budget_bn=20)), by_year=2030, draws=50, seed=4)
    np.testing.assert_array_equal(same.prob_rank_changes, p)
    assert "prob_rank_changes" not in project(baseline, Scenario(), settings=Settings(draws=0)).region_summary()
