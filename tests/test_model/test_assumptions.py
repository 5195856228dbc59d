"""model/assumptions.py: the assumption table, the checks on an expert's edits, and the Monte Carlo draws."""

from __future__ import annotations

import numpy as np
import pytest

from model.assumptions import HARD_BOUNDS, default_assumptions, load_assumption_specs, sample
from model.messages import InputError


def test_defaults_are_the_tables_and_inside_their_ranges_and_hard_bounds():
    specs = load_assumption_specs()
    defaults = default_assumptions()
    assert [k for k, _ in defaults.values] == [s.key for s in specs]
    for spec in specs:
        assert defaults[spec.key] == spec.default
        assert spec.low <= spec.default <= spec.high, spec.key
        low, high = HARD_BOUNDS[spec.key]
        assert low <= spec.low and spec.high <= high, spec.key
    assert defaults["premium_per_month"] == 16_800.0
    assert load_assumption_specs()[0].label("id") != load_assumption_specs()[0].label("en")


def test_with_values_changes_only_what_is_asked_and_is_remembered_as_a_change():
    base = default_assumptions()
    changed = base.with_values({"crowd_out_share": 0.15, "onboarding_months": 1})
    assert changed["crowd_out_share"] == 0.15
    assert changed.changed_from_default() == {"crowd_out_share": (0.1, 0.15)}
    assert base.changed_from_default() == {}
    assert [k for k, _ in changed.values] == [k for k, _ in base.values]
    assert hash(changed) != hash(base) and changed == base.with_values({"crowd_out_share": 0.15})


@pytest.mark.parametrize(
    "changes",
    [
        {"no_such_key": 1.0},
        {"crowd_out_share": 1.5},
        {"crowd_out_share": -0.01},
        {"crowd_out_share": float("nan")},
        {"crowd_out_share": "0.1"},
        {"regulation_speed_1": 1.5, "regulation_speed_2": 1.2},  # level 2 below level 1
    ],
)
def test_impossible_changes_are_refused_with_a_message(changes):
    with pytest.raises(InputError) as caught:
        default_assumptions().with_values(changes)
    assert all(p.key == "bad_assumption" for p in caught.value.problems)
    assert caught.value.message("id") != caught.value.message("en")


def test_the_hard_bound_itself_is_allowed():
    low, high = HARD_BOUNDS["crowd_out_share"]
    assert default_assumptions().with_values({"crowd_out_share": high})["crowd_out_share"] == high
    assert default_assumptions().with_values({"crowd_out_share": low})["crowd_out_share"] == low


def test_sample_keeps_the_central_case_first_and_draws_uncertain_ones_over_their_range():
    specs = {s.key: s for s in load_assumption_specs()}
    draws = sample(default_assumptions(), 200, seed=7)
    for key, values in draws.items():
        spec = specs[key]
        assert len(values) == 201 and values[0] == spec.default
        if spec.uncertain and spec.high > spec.low:
            assert spec.low <= values[1:].min() and values[1:].max() <= spec.high
            # Latin hypercube: every fifth of the range gets exactly a fifth of the draws
            fifths = np.floor((values[1:] - spec.low) / (spec.high - spec.low) * 5).clip(0, 4)
            assert np.bincount(fifths.astype(int), minlength=5).tolist() == [40] * 5, key
        else:
            assert (values == spec.default).all(), key
    again = sample(default_assumptions(), 200, seed=7)
    assert all(np.array_equal(draws[k], again[k]) for k in draws)


def test_an_experts_value_outside_the_plausible_range_widens_the_draws():
    value = load_assumption_specs()[2]  # crowd_out_share, plausible 0-0.2
    assert value.key == "crowd_out_share"
    draws = sample(default_assumptions().with_values({"crowd_out_share": 0.6}), 100, seed=1)["crowd_out_share"]
    assert draws[0] == 0.6 and draws[1:].max() > 0.2 and draws[1:].max() <= 0.6
