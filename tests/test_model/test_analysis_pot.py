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


def test_regions_with_their_own_levers_keep_them_and_take_no_share(baseline):
    from model.analysis.pot import resolve_pot
    from model.scenario import Pot

    own = {"15": Levers(budget_bn=7.5, outreach_pct=50), "32": Levers(regulation_level=2)}
    scenario = Scenario.build(Levers(outreach_pct=10, budget_bn=4), own)
    for rule in SPLIT_RULES:
        resolved = resolve_pot(baseline, scenario, Pot(bn=200, split=rule), by_year=2030)
        shares = dict(resolved.pot.shares)
        assert set(shares) == set(baseline.codes) - set(own)
        assert sum(shares.values()) == pytest.approx(200, abs=1e-9)
        assert resolved.for_region("15") == own["15"] and resolved.for_region("32") == own["32"]
        for code, share in shares.items():  # the national levers with the share as budget (4 is not used)
            assert resolved.for_region(code) == Levers(outreach_pct=10, budget_bn=share)
        assert dict(resolved.own_overrides) == own and resolved.pot.own == ("15", "32")


def test_the_optimal_split_over_the_sharing_regions_beats_the_simple_ones(baseline):
    """Allocation restricted to the regions that share: never worse than equal or need over the same regions,
    spends the pot exactly, and leaves the others' budgets as they were."""
    import numpy as np

    from model.analysis.allocation import allocate
    from model.analysis.evaluate import Evaluator
    from model.analysis.pot import sharing_regions

    scenario = Scenario.build(Levers(outreach_pct=10), {"15": Levers(budget_bn=7.5), "11": Levers(budget_bn=2)})
    sharing = sharing_regions(baseline, scenario)
    result = allocate(Evaluator(baseline), scenario, 300, 2030, eligible=sharing)
    budgets = result.optimal.budget_bn
    assert budgets[sharing].sum() == pytest.approx(300, abs=1e-9)
    index = {c: i for i, c in enumerate(baseline.codes)}
    assert budgets[index["15"]] == 7.5 and budgets[index["11"]] == 2.0
    assert result.equal.budget_bn[index["15"]] == 7.5 and result.proportional.budget_bn[index["11"]] == 2.0
    assert result.optimal.covered_total >= max(result.equal.covered_total, result.proportional.covered_total)
    assert set(result.allocation) == {c for c, s in zip(baseline.codes, sharing, strict=True) if s}
    assert np.isnan(result.marginal_per_bn[index["15"]]) and "15" not in set(result.next_rupiah(40)["code"])


def test_a_pot_too_large_for_its_regions_is_refused_in_words(baseline):
    from model.analysis.pot import resolve_pot
    from model.scenario import Pot

    with pytest.raises(InputError) as error:
        resolve_pot(baseline, Scenario.build(Levers(), {"15": Levers()}), Pot(bn=18_600, split="equal"))
    assert "18.500,0" in error.value.one_line("id") and "37" in error.value.one_line("en")
    everyone_own = Scenario.build(Levers(), {c: Levers(budget_bn=1) for c in baseline.codes})
    with pytest.raises(InputError) as error:
        resolve_pot(baseline, everyone_own, Pot(bn=10, split="need"))
    assert error.value.problems[0].key == "pot.no_regions"
    assert resolve_pot(baseline, everyone_own, Pot(bn=0, split="need")).pot.shares == ()
