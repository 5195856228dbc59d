"""model/levers.py: the lever specs (bounds, steps), the checks on one region's levers, and a scenario's parts."""

from __future__ import annotations

import pytest

from model.levers import (
    BUDGET_NO_END,
    DEFAULT_START_YEAR,
    LEVER_SPECS,
    REGULATION_LEVELS,
    Levers,
    PotShares,
    Scenario,
    levers_from_mapping,
)
from model.messages import InputError


def test_every_field_of_levers_has_a_spec_with_labels_in_both_languages():
    assert set(LEVER_SPECS) == set(Levers().to_dict())
    for spec in LEVER_SPECS.values():
        assert spec.low <= spec.default <= spec.high
        assert spec.label("id") and spec.label("en") and spec.label("id") != spec.label("en")
    assert sorted(REGULATION_LEVELS) == [0, 1, 2, 3]


def test_on_grid_counts_steps_from_low():
    budget, outreach, year = LEVER_SPECS["budget_bn"], LEVER_SPECS["outreach_pct"], LEVER_SPECS["budget_start"]
    assert budget.on_grid(0.3) and budget.on_grid(499.9) and not budget.on_grid(0.35)
    assert outreach.on_grid(42.5) and not outreach.on_grid(42.25)
    assert year.on_grid(2031) and not year.on_grid(2031.5)


def test_snap_clips_and_rounds_to_the_step():
    budget, outreach, level = LEVER_SPECS["budget_bn"], LEVER_SPECS["outreach_pct"], LEVER_SPECS["regulation_level"]
    assert budget.snap(12.34) == 12.3 and budget.snap(12.36) == 12.4
    assert budget.snap(900) == 500.0 and budget.snap(-3) == 0.0
    assert outreach.snap(42.6) == 42.5 and outreach.snap(42.8) == 43.0
    assert level.snap(2.6) == 3 and isinstance(level.snap(2.6), int)


def test_a_lever_at_its_bounds_is_valid_and_one_step_beyond_is_not():
    Levers(budget_bn=500, outreach_pct=100, regulation_level=3, budget_end=BUDGET_NO_END)
    for field, value in [("budget_bn", 500.1), ("outreach_pct", -0.5), ("regulation_level", 4), ("budget_start", 2024)]:
        with pytest.raises(InputError) as caught:
            Levers(**{field: value})
        assert [p.key for p in caught.value.problems] == ["lever_out_of_range"], field


@pytest.mark.parametrize(
    ("values", "key"),
    [
        ({"budget_bn": float("nan")}, "lever_not_number"),
        ({"budget_bn": "5"}, "lever_not_number"),
        ({"regulation_level": True}, "lever_not_number"),
        ({"regulation_level": 1.5}, "lever_not_whole"),
        ({"budget_start": 2030, "budget_end": 2029}, "lever_end_before_start"),
    ],
)
def test_bad_levers_say_why(values, key):
    with pytest.raises(InputError) as caught:
        Levers(**values)
    assert [p.key for p in caught.value.problems] == [key]


def test_a_budget_may_end_in_the_year_it_starts():
    assert Levers(budget_start=2030, budget_end=2030).budget_end == 2030


def test_is_zero_only_without_any_lever():
    assert Levers().is_zero and Levers(regulation_start=2040).is_zero
    for field, value in [("regulation_level", 1), ("budget_bn", 0.1), ("outreach_pct", 0.5), ("apbdes_bn", 0.1)]:
        assert not Levers(**{field: value}).is_zero, field


def test_levers_from_mapping_sets_all_start_years_and_refuses_unknown_keys():
    levers = levers_from_mapping({"start_year": 2030, "budget_bn": 5}, Levers(outreach_pct=10))
    assert (levers.regulation_start, levers.budget_start, levers.outreach_start) == (2030, 2030, 2030)
    assert levers.outreach_pct == 10 and levers.budget_bn == 5
    assert Levers().with_start_year(2029).outreach_start == 2029
    with pytest.raises(InputError) as caught:
        levers_from_mapping({"budget": 5})
    assert caught.value.problems[0].key == "lever_unknown"


def test_scenario_regions_inherit_the_national_levers_and_sort_by_code():
    scenario = Scenario.from_dict({"default": {"budget_bn": 2}, "regions": {"52": {"outreach_pct": 5}, "15": {}}})
    assert [code for code, _ in scenario.overrides] == ["15", "52"]
    assert scenario.for_region("52") == Levers(budget_bn=2, outreach_pct=5)
    assert scenario.for_region("11") == Levers(budget_bn=2)
    assert Scenario.from_dict(scenario.to_dict()) == scenario
    assert not scenario.is_zero and Scenario.build(None, {"15": Levers()}).is_zero


def test_a_documents_other_sections_are_not_levers_but_unknown_keys_are_errors():
    assert Scenario.from_dict({"default": {}, "name": "x", "settings": {}}) == Scenario()
    for bad in ({"defaults": {}}, [1, 2], {"regions": [1]}):
        with pytest.raises(InputError):
            Scenario.from_dict(bad)


def test_check_codes_names_every_unknown_region():
    scenario = Scenario.build(Levers(), {"99": Levers(), "98": Levers(), "15": Levers()})
    scenario.check_codes(["15", "98", "99"])
    with pytest.raises(InputError) as caught:
        scenario.check_codes(["15", "11"])
    assert [p.params["value"] for p in caught.value.problems] == ["98", "99"]


def test_own_overrides_leave_out_the_shares_a_pot_gave():
    scenario = Scenario.build(Levers(), {"15": Levers(budget_bn=1), "52": Levers(budget_bn=2, outreach_pct=5)})
    assert scenario.own_overrides == scenario.overrides
    pot = PotShares(bn=1, split="equal", by_year=2030, shares=(("15", 1.0),), own=("52",))
    with_pot = Scenario(scenario.default, scenario.overrides, pot)
    assert [code for code, _ in with_pot.own_overrides] == ["52"]
    assert pot.to_dict() == {"bn": 1, "split": "equal", "by_year": 2030, "shares": {"15": 1.0}, "own_levers": ["52"]}
    assert Levers().budget_start == DEFAULT_START_YEAR
