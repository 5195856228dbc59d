"""Comparing saved scenarios against the baseline or against another saved scenario."""

from __future__ import annotations

import math

import pytest

from model import Levers, Scenario, Settings, project
from model.compare import BASELINE_NAME, compare

A = Scenario.build(Levers(budget_bn=5))
B = Scenario.build(Levers(budget_bn=5, regulation_level=3))
C = Scenario.build(Levers(outreach_pct=40))


def test_against_the_baseline_matches_each_projection(baseline):
    result = compare(baseline, {"A": A, "B": B, "C": C})
    assert list(result.national["name"]) == ["A", "B", "C"]
    for name, scenario in (("A", A), ("B", B), ("C", C)):
        nat = project(baseline, scenario, settings=Settings(draws=0)).national_summary()
        row = result.national.set_index("name").loc[name]
        assert row["coverage_rank_year"] == pytest.approx(nat["coverage_rank_year"])
        assert row["additional_vs_reference"] == pytest.approx(nat["additional_covered_rank_year"], rel=1e-9)
        assert row["budget_spent_rank_year_rp"] == pytest.approx(nat["budget_spent_rank_year_rp"])
        if nat["budget_spent_rank_year_rp"] > 0:
            expected = nat["budget_spent_rank_year_rp"] / nat["additional_covered_rank_year"]
            assert row["cost_per_additional_vs_reference_rp"] == pytest.approx(expected, rel=1e-9)
    assert set(result.paths["name"]) == {BASELINE_NAME, "A", "B", "C"}
    assert len(result.regions) == 38 and "rank::B" in result.regions and "year::C" in result.regions


def test_against_a_saved_scenario(baseline):
    result = compare(baseline, {"A": A, "B": B}, reference="A")
    rows = result.national.set_index("name")
    assert rows.loc["A", "additional_vs_reference"] == 0 and math.isnan(
        rows.loc["A", "cost_per_additional_vs_reference_rp"]
    )
    # Same budget, stronger regulation: more workers for no extra money.
    assert rows.loc["B", "additional_vs_reference"] > 0 and rows.loc["B", "extra_spent_vs_reference_rp"] >= 0
    extra = rows.loc["B", "extra_spent_vs_reference_rp"] / rows.loc["B", "additional_vs_reference"]
    assert rows.loc["B", "cost_per_additional_vs_reference_rp"] == pytest.approx(extra)
    assert (result.regions["rank_vs_reference::A"] == 0).all()
    assert result.regions["rank_vs_reference::B"].sum() == 0  # ranks are a permutation: moves cancel out


def test_reference_must_be_one_of_the_scenarios(baseline):
    with pytest.raises(KeyError):
        compare(baseline, {"A": A}, reference="missing")
