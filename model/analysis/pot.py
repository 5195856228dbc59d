"""A national pot with a split rule: Rp X miliar a year shared across regions, instead of the same Rp in each.

Rules: `equal` (X / R each), `need` (in proportion to each region's uncovered vulnerable workers) and
`optimal` (the allocation that maximises covered workers by the chosen year, `allocation.allocate`). No share
exceeds the budget lever's upper bound; what a capped region cannot take goes to the others.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..assumptions import Assumptions
from ..data import RegionTable
from ..levers import LEVER_SPECS, Scenario
from ..messages import InputError
from .allocation import allocate, equal_split, proportional_split
from .evaluate import Evaluator
from .problems import not_a_choice, out_of_range

__all__ = ["SPLIT_RULES", "split_pot", "scenario_with_pot"]

SPLIT_RULES = ("equal", "need", "optimal")


def split_pot(
    table: RegionTable,
    pot_bn: float,
    rule: str,
    *,
    scenario: Scenario | None = None,
    assumptions: Assumptions | None = None,
    by_year: int = 2030,
    evaluator: Evaluator | None = None,
) -> dict[str, float]:
    """{region code: Rp miliar a year} adding up to `pot_bn`."""
    if rule not in SPLIT_RULES:
        raise InputError([not_a_choice("split", rule, SPLIT_RULES)])
    cap = float(LEVER_SPECS["budget_bn"].high)
    n = len(table.codes)
    if not np.isfinite(pot_bn) or not 0 <= pot_bn <= cap * n:
        raise InputError([out_of_range("pot_bn", pot_bn, 0, cap * n)])
    ev = evaluator or Evaluator(table, assumptions)
    if rule == "equal":
        shares = equal_split(n, pot_bn, cap)
    elif rule == "need":
        shares = proportional_split(ev.uncovered_vulnerable(), pot_bn, cap)
    else:
        shares = allocate(ev, scenario or Scenario(), pot_bn, by_year, "workers").optimal.budget_bn
    return {code: float(b) for code, b in zip(table.codes, shares, strict=True)}


def scenario_with_pot(scenario: Scenario, shares: dict[str, float]) -> Scenario:
    """The scenario with each region's budget set to its share (an override per region; other levers kept)."""
    overrides = {code: replace(scenario.for_region(code), budget_bn=round(float(b), 6)) for code, b in shares.items()}
    return Scenario.build(replace(scenario.default, budget_bn=0.0), overrides)
