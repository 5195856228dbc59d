"""The national pot and its split rules."""

from __future__ import annotations

import pytest

from model import InputError, Levers, Scenario, Settings, project
from model.analysis.pot import SPLIT_RULES, scenario_with_pot, split_pot


@pytest.mark.parametrize("rule", SPLIT_RULES)
def test_each_rule_spends_the_pot(baseline, rule):
    shares = split_pot(baseline, 150, rule)
    assert set(shares) == set(baseline.codes)
    assert sum(shares.values()) == pytest.approx(150, abs=1e-6)
    assert min(shares.values()) >= 0


def test_need_rule_favours_the_larger_need(baseline):
    shares = split_pot(baseline, 150, "need")
    assert shares["32"] > shares["75"]  # Jawa Barat has far more uncovered vulnerable workers than Gorontalo


def test_optimal_rule_covers_at_least_as_many(baseline):
    covered = {}
    for rule in SPLIT_RULES:
        scenario = scenario_with_pot(Scenario.build(Levers(outreach_pct=10)), split_pot(baseline, 150, rule))
        p = project(baseline, scenario, settings=Settings(rank_year=2030))
        covered[rule] = p.region_summary()["additional_covered_rank_year"].sum()
        assert scenario.for_region("15").outreach_pct == 10
    assert covered["optimal"] >= covered["equal"] and covered["optimal"] >= covered["need"]


def test_bad_rule(baseline):
    with pytest.raises(InputError):
        split_pot(baseline, 10, "lottery")
