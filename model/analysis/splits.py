"""The simple splits of a pot (equal, in proportion to need) on the budget lever's resolution: arithmetic only,
kept apart from the solver (`allocation.py`) so that a national pot split equally or by need costs no scipy
import (`pot.py`, the `project` command)."""

from __future__ import annotations

import numpy as np

from ..levers import LEVER_SPECS

__all__ = ["equal_split", "proportional_split", "to_steps"]


def _water_fill(weights: np.ndarray, pot: float, cap: float) -> np.ndarray:
    """Split `pot` in proportion to `weights`, no share above `cap`; what a capped share cannot take goes to
    the others in the same proportions."""
    weights = np.maximum(np.asarray(weights, float), 0)
    if weights.sum() <= 0:
        weights = np.ones_like(weights)
    out = np.zeros_like(weights)
    free = np.ones(len(weights), bool)
    remaining = pot
    for _ in range(len(weights) + 1):
        share = remaining * weights * free / max((weights * free).sum(), 1e-300)
        over = free & (out + share > cap)
        if not over.any():
            return out + share
        out[over] = cap
        free &= ~over
        remaining = pot - out.sum()
        if not free.any() or (weights * free).sum() <= 0:
            break
    return out


def to_steps(budgets: np.ndarray, pot_bn: float, cap: float, step: float | None = None) -> np.ndarray:
    """Shares on the budget lever's resolution (Rp0.1 miliar), adding up to the pot exactly: each share
    rounded down to a step, the steps left over given to the largest remainders (never above `cap`)."""
    step = float(LEVER_SPECS["budget_bn"].step) if step is None else step
    units_total = round(float(pot_bn) / step)
    exact = np.clip(np.asarray(budgets, float), 0, cap) / step
    units = np.floor(exact + 1e-9).astype(np.int64)
    cap_units = int(np.floor(cap / step + 1e-9))
    left = units_total - int(units.sum())
    order = np.lexsort((np.arange(len(units)), -(exact - units)))
    while left > 0:
        room = order[units[order] < cap_units]
        if len(room) == 0:
            break
        take = room[:left]
        units[take] += 1
        left -= len(take)
    return np.round(units * step, 9)


def equal_split(n: int, pot_bn: float, cap: float | None = None) -> np.ndarray:
    """Pot / R each, on the lever's resolution."""
    cap = float(LEVER_SPECS["budget_bn"].high) if cap is None else cap
    return to_steps(_water_fill(np.ones(n), pot_bn, cap), pot_bn, cap)


def proportional_split(need: np.ndarray, pot_bn: float, cap: float | None = None) -> np.ndarray:
    """In proportion to uncovered vulnerable workers (each region's need), on the lever's resolution."""
    cap = float(LEVER_SPECS["budget_bn"].high) if cap is None else cap
    return to_steps(_water_fill(need, pot_bn, cap), pot_bn, cap)
