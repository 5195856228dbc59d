"""A national pot with a split rule: Rp X miliar a year shared across regions, instead of the same Rp in each.

Rules: `equal` (X / R each), `need` (in proportion to each region's uncovered vulnerable workers) and
`optimal` (the allocation that maximises covered workers by December of the chosen year,
`allocation.allocate`). No share exceeds the budget lever's upper bound; what a capped region cannot take goes
to the others.

`resolve_pot` turns a scenario document's pot (`model.scenario.Pot`) into concrete levers: one function for
the app (ui/state.py, cached), the command line (`project --pot-bn X --pot-split RULE`), the brief and the
comparison, so they all give the same numbers. A region with its own levers keeps them (its own budget too)
and takes no share; the pot is shared among the regions on the national levers, each with the national
regulation, outreach and start/end years and its share as its budget.

Only the `optimal` rule needs the solver (scipy, imported when it runs); `equal` and `need` are arithmetic.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..assumptions import Assumptions, default_assumptions
from ..data import RegionTable
from ..engine import initial_split
from ..levers import LEVER_SPECS, PotShares, Scenario
from ..messages import InputError, Num, Problem
from ..scenario import POT_SPLITS, Pot
from .problems import not_a_choice, off_step, out_of_range
from .splits import equal_split, proportional_split

__all__ = ["SPLIT_RULES", "split_pot", "scenario_with_pot", "resolve_pot", "need_weights", "sharing_regions"]

SPLIT_RULES = POT_SPLITS


def need_weights(table: RegionTable, assumptions: Assumptions | None = None) -> np.ndarray:
    """(R,) uncovered vulnerable workers at each region's data date (the `need` rule's weights): the
    vulnerable share of informal workers who are not yet members, as the model's initial split counts them
    (the same figure as `Evaluator.uncovered_vulnerable`, without preparing an evaluator)."""
    a = (assumptions or default_assumptions()).as_dict()
    frame = table.frame
    sigma_i = frame["informal_share"].to_numpy(float)
    _, _, v0 = initial_split(frame, sigma_i, a["informal_participant_share"])
    return a["vulnerable_share"] * np.maximum(sigma_i - v0, 0) * frame["potential_workers"].to_numpy(float)


def sharing_regions(table: RegionTable, scenario: Scenario) -> np.ndarray:
    """(R,) True for the regions that share a national pot: those without their own levers."""
    own = {code for code, _ in scenario.own_overrides}
    return np.array([code not in own for code in table.codes], dtype=bool)


def split_pot(
    table: RegionTable,
    pot_bn: float,
    rule: str,
    *,
    scenario: Scenario | None = None,
    assumptions: Assumptions | None = None,
    by_year: int = 2030,
    horizon_year: int = 2045,
    evaluator=None,
) -> dict[str, float]:
    """{region code: Rp miliar a year} for the regions sharing the pot (those without their own levers in
    `scenario`), adding up to `pot_bn` exactly (on the budget lever's Rp0.1 miliar resolution)."""
    scenario = scenario or Scenario()
    if rule not in SPLIT_RULES:
        raise InputError([not_a_choice("--pot-split", rule, SPLIT_RULES)])
    cap = float(LEVER_SPECS["budget_bn"].high)
    sharing = sharing_regions(table, scenario)
    codes = [c for c, s in zip(table.codes, sharing, strict=True) if s]
    most = cap * len(codes)
    if not isinstance(pot_bn, int | float) or not np.isfinite(pot_bn) or not 0 <= pot_bn <= most:
        raise InputError([_too_large(pot_bn, most, len(codes))])
    if not LEVER_SPECS["budget_bn"].on_grid(pot_bn):
        raise InputError([off_step("--pot-bn", pot_bn, LEVER_SPECS["budget_bn"].step)])
    if pot_bn == 0 or not codes:
        shares = np.zeros(len(codes))
    elif rule == "equal":
        shares = equal_split(len(codes), pot_bn, cap)
    elif rule == "need":
        shares = proportional_split(need_weights(table, assumptions)[sharing], pot_bn, cap)
    else:
        from .allocation import allocate
        from .evaluate import Evaluator

        ev = evaluator or Evaluator(table, assumptions, horizon_year=horizon_year)
        result = allocate(ev, scenario, pot_bn, by_year, "workers", eligible=sharing)
        shares = result.optimal.budget_bn[sharing]
    return {code: float(b) for code, b in zip(codes, shares, strict=True)}


def _too_large(pot_bn: object, most: float, regions: int) -> Problem:
    if regions == 0:
        return Problem("pot.no_regions", {})
    if isinstance(pot_bn, int | float) and np.isfinite(pot_bn) and pot_bn > most:
        return Problem(
            "pot.too_large",
            {"value": Num(pot_bn, 1), "most": Num(most, 1), "regions": regions, "cap": Num(most / regions)},
        )
    return out_of_range("--pot-bn", pot_bn, 0, most)


def scenario_with_pot(scenario: Scenario, shares: dict[str, float], note: PotShares | None = None) -> Scenario:
    """The scenario with each region in `shares` given its share as its budget (its other levers kept: the
    national ones, or its own), the others unchanged; the national budget is not used any more."""
    national = replace(scenario.default, budget_bn=0.0)
    overrides = dict(scenario.own_overrides)
    for code, b in shares.items():
        levers = replace(scenario.for_region(code), budget_bn=round(float(b), 6))
        if levers != national or code in overrides:
            overrides[code] = levers
    resolved = Scenario.build(national, overrides)
    return replace(resolved, pot=note) if note is not None else resolved


def resolve_pot(
    table: RegionTable,
    scenario: Scenario,
    pot: Pot | None,
    *,
    assumptions: Assumptions | None = None,
    by_year: int = 2030,
    horizon_year: int = 2045,
    evaluator=None,
) -> Scenario:
    """The scenario a document with this pot means (the scenario itself when there is no pot).

    `by_year` is the year the optimal rule maximises covered workers in (the rank year); `evaluator` is an
    `Evaluator` prepared for this table and assumptions (the app keeps one; otherwise one is prepared)."""
    if pot is None:
        return scenario
    if pot.split not in SPLIT_RULES:
        raise InputError([not_a_choice("--pot-split", pot.split, SPLIT_RULES)])
    shares = split_pot(
        table,
        pot.bn,
        pot.split,
        scenario=scenario,
        assumptions=assumptions,
        by_year=by_year,
        horizon_year=horizon_year,
        evaluator=evaluator,
    )
    own = tuple(code for code, _ in scenario.own_overrides)
    note = PotShares(
        bn=float(pot.bn), split=pot.split, by_year=int(by_year), shares=tuple(sorted(shares.items())), own=own
    )
    return scenario_with_pot(scenario, shares, note)
