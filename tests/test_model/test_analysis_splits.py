"""The simple splits of a pot: on the lever's Rp0.1 miliar resolution, adding up to the pot, never above the cap."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.analysis.splits import equal_split, proportional_split, to_steps
from model.levers import LEVER_SPECS

CAP = float(LEVER_SPECS["budget_bn"].high)
STEP = float(LEVER_SPECS["budget_bn"].step)


def test_equal_split_gives_the_remainder_steps_to_the_first_regions():
    shares = equal_split(3, 1.0)
    # 1.0 / 3 = 0.333...: three steps each, the tenth step to the first (ties broken by position).
    assert shares.tolist() == [0.4, 0.3, 0.3]
    assert shares.sum() == pytest.approx(1.0)


def test_proportional_split_follows_need():
    shares = proportional_split(np.array([1.0, 3.0, 0.0]), 8.0)
    assert shares.tolist() == [2.0, 6.0, 0.0]


def test_a_capped_share_passes_its_excess_to_the_others_in_proportion():
    # Need 8:1:1 of a pot of 30 with a cap of 10: the first takes 10, the rest (20) is split 1:1.
    shares = proportional_split(np.array([8.0, 1.0, 1.0]), 30.0, cap=10.0)
    assert shares.tolist() == [10.0, 10.0, 10.0]
    shares = proportional_split(np.array([8.0, 1.0, 3.0]), 20.0, cap=10.0)
    assert shares.tolist() == [10.0, 2.5, 7.5]


def test_no_need_anywhere_splits_equally():
    assert proportional_split(np.zeros(4), 2.0).tolist() == [0.5, 0.5, 0.5, 0.5]


def test_to_steps_gives_leftover_steps_to_the_largest_remainders():
    # 0.26 -> 0.2 (+0.6 of a step), 0.34 -> 0.3 (+0.4), 0.4 exact: the pot of 1.0 needs one more step.
    assert to_steps(np.array([0.26, 0.34, 0.4]), 1.0, cap=CAP).tolist() == [0.3, 0.3, 0.4]


def test_to_steps_never_exceeds_the_cap_even_when_the_pot_cannot_be_spent():
    shares = to_steps(np.array([5.0, 5.0]), 30.0, cap=10.0)
    assert shares.tolist() == [10.0, 10.0]


@settings(deadline=None)  # a loaded machine can take 0.3 s for one example; the examples themselves are fixed
@given(
    need=st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=40),
    tenths=st.integers(0, 20_000),
)
def test_splits_add_up_to_the_pot_on_the_grid_within_the_cap(need, tenths):
    pot = tenths * STEP
    for shares in (equal_split(len(need), pot), proportional_split(np.array(need), pot)):
        assert (shares >= 0).all()
        assert (shares <= CAP + 1e-9).all()
        assert np.allclose(np.round(shares / STEP), shares / STEP, atol=1e-6)
        assert shares.sum() == pytest.approx(min(pot, CAP * len(need)), abs=1e-6)


def test_the_excess_of_a_capped_share_is_shared_in_proportion_before_rounding():
    # 10.5 for the first is over the cap of 10: its 0.5 goes to the others 1:1:0.1, so the small one stays 0.5
    # (rounding alone would hand the left-over steps out one by one and give it 0.6).
    shares = proportional_split(np.array([2.1, 1.0, 1.0, 0.1]), 21.0, cap=10.0)
    assert shares.tolist() == [10.0, 5.3, 5.2, 0.5]
