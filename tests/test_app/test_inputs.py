"""ui/inputs.py: the decimal sliders' grid, snapping, and labels formatted once per set of stops and language."""

from __future__ import annotations

import pytest

from model.levers import LEVER_SPECS
from ui import fmt
from ui.inputs import _labels, grid, positions, snap

BUDGET = LEVER_SPECS["budget_bn"]


def test_the_budget_grid_holds_every_step_of_the_lever_spec():
    values = grid(float(BUDGET.low), float(BUDGET.high), float(BUDGET.step))
    assert values[0] == BUDGET.low and values[-1] == BUDGET.high
    assert len(values) == round((BUDGET.high - BUDGET.low) / BUDGET.step) + 1
    assert 12.3 in values  # 0.1 steps compare equal after rounding, not 12.299999999999999


@pytest.mark.parametrize(("value", "expected"), [(12.34, 12.3), (12.36, 12.4), (-5, 0.0), (9999, 500.0)])
def test_snap_gives_the_nearest_grid_value_within_bounds(value, expected):
    assert snap(value, 0.0, 500.0, 0.1) == expected


@pytest.mark.parametrize(("lang", "five"), [("id", "5,0"), ("en", "5.0")])
def test_labels_are_the_readers_format_for_every_grid_value(lang, five):
    labels = _labels(0.0, 500.0, 0.1, lang, 1)
    assert list(labels) == list(positions(0.0, 500.0, 0.1))
    assert labels[5.0] == five
    assert labels[120.0] == fmt.number(120.0, lang, 1)
    assert all(labels[v] == fmt.number(v, lang, 1) for v in labels)


def test_labels_are_formatted_once_per_grid_and_language():
    first = _labels(0.0, 500.0, 0.1, "id", 1)
    assert _labels(0.0, 500.0, 0.1, "id", 1) is first
    assert _labels(0.0, 500.0, 0.1, "en", 1) is not first
