"""Policy packages: the combine rule (max for regulation, sums capped for money and outreach, earliest start),
order independence, regional packages, and the projection of a combined scenario."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model import InputError, Levers, Scenario, Settings, project
from model.levers import LEVER_SPECS
from model.packages import PACKAGES, Package, combine, package_label, stack_levers


def test_named_packages_exist_with_labels_in_both_languages():
    for pid in ("perda_perizinan", "apbd_10_nelayan", "jaringan_agen"):
        assert PACKAGES[pid].label("id") and PACKAGES[pid].label("en")
        assert PACKAGES[pid].label("id") != PACKAGES[pid].label("en") or pid == "perda"
    assert package_label("perda_perizinan", "id") == "Perda + perizinan"
    assert package_label("apbd_10_nelayan", "id") == "APBD Rp10 miliar untuk nelayan"
    assert package_label("from_a_newer_version", "en") == "from_a_newer_version"


def test_combine_rule_for_the_same_lever():
    s = combine(["perda", "perda_perizinan", "pergub"])
    assert s.default.regulation_level == 3  # highest wins, never 6
    s = combine(["apbd_5", "apbd_10_nelayan"])
    assert s.default.budget_bn == 15  # money adds up
    s = combine(["jaringan_agen", "jaringan_agen", "jaringan_agen"])
    assert s.default.outreach_pct == 100  # capped at the lever's maximum
    s = combine(["perda_perizinan", "apbd_10_nelayan", "jaringan_agen"])
    assert (s.default.regulation_level, s.default.budget_bn, s.default.outreach_pct) == (3, 10, 40)


def test_start_years_earliest_and_budget_end_latest():
    early = Package("t1", {"budget_bn": 5}, start_year=2026, budget_end=2028)
    late = Package("t2", {"budget_bn": 5}, start_year=2030, budget_end=2035)
    levers = stack_levers(Levers(), [late, early])
    assert (levers.budget_start, levers.budget_end, levers.budget_bn) == (2026, 2035, 10)
    # A base lever already in use keeps its start unless a package starts earlier.
    base = Levers(budget_bn=2, budget_start=2028)
    assert stack_levers(base, [late]).budget_start == 2028
    assert stack_levers(base, [early]).budget_start == 2026
    # A package that does not use a lever leaves its years alone.
    assert stack_levers(base, [Package("t3", {"outreach_pct": 10}, start_year=2040)]).budget_start == 2028


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(sorted(PACKAGES)), min_size=1, max_size=5))
def test_order_does_not_matter_and_levers_stay_in_bounds(ids):
    results = {combine(list(order)) for order in itertools.islice(itertools.permutations(ids), 24)}
    assert len(results) == 1
    levers = results.pop().default
    for name, spec in LEVER_SPECS.items():
        assert spec.low <= getattr(levers, name) <= spec.high


def test_packages_stack_on_the_base_and_on_regional_levers():
    base = {"default": {"budget_bn": 3}, "regions": {"15": {"outreach_pct": 10}}}
    s = combine(["apbd_5", "jaringan_agen"], base=base)
    assert s.default.budget_bn == 8 and s.default.outreach_pct == 40
    assert s.for_region("15").outreach_pct == 50 and s.for_region("15").budget_bn == 8
    only_jambi = combine(["perda_perizinan"], regions=["15"])
    assert only_jambi.default == Levers() and only_jambi.for_region("15").regulation_level == 3


def test_unknown_package_is_a_clear_error():
    with pytest.raises(InputError) as err:
        combine(["perda", "nope"])
    assert "nope" in err.value.message("en") and "perda_perizinan" in err.value.message("id")


def test_combined_package_projects_like_the_same_levers(baseline):
    combined = combine(["perda_perizinan", "apbd_10_nelayan"])
    by_hand = Scenario.build(Levers(regulation_level=3, budget_bn=10))
    settings_ = Settings(draws=0)
    a = project(baseline, combined, settings=settings_).national_summary()
    b = project(baseline, by_hand, settings=settings_).national_summary()
    assert a == b
    only_reg = project(baseline, combine(["perda_perizinan"]), settings=settings_).national_summary()
    assert a["coverage_rank_year"] > only_reg["coverage_rank_year"]
