"""Totals of a group of regions (a province's regencies and cities in a table spanning several provinces).

The national headline sums every region of the table. For a regency table that spans several provinces that
sum mixes provinces (and usually only some regencies of each), so the overview says what it sums and gives each
province's own total beside it. A group's coverage is potential-weighted like the national one: the sum of
its regions' members over the sum of their potential workers, now and at December of the rank year.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .projection import BASELINE, SCENARIO, Projection

__all__ = ["GroupSummary", "group_summary", "province_groups"]


@dataclass(frozen=True)
class GroupSummary:
    codes: tuple[str, ...]
    coverage_now: float  # percent, from the regions' latest figures
    coverage_rank_year_baseline: float  # percent, central case
    coverage_rank_year: float  # percent, central case, policy scenario
    at_target_baseline: int  # regions at target by December of the rank year
    at_target: int

    @property
    def regions(self) -> int:
        return len(self.codes)


def group_summary(result: Projection, codes: Sequence[str]) -> GroupSummary:
    """Potential-weighted totals of the regions `codes` of `result` (all of them: the national summary)."""
    wanted = set(codes)
    rows = np.flatnonzero(result.frame["code"].isin(wanted).to_numpy())
    if len(rows) == 0:
        raise ValueError("no region of the group is in the projection")
    frame = result.frame.iloc[rows]
    t_rank = result.month_index(result.settings.rank_year, 12)
    potential = result.potential_path[rows, t_rank]
    covered = result.central[:, :, rows, t_rank].sum(axis=1) * potential[None, :]  # (S, R) members

    def at_target(scenario: int) -> int:
        t = result.target_t[scenario, 0, rows]
        return int(((t >= 0) & (t <= t_rank)).sum())

    return GroupSummary(
        codes=tuple(frame["code"]),
        coverage_now=float(100 * frame["active_participants"].sum() / frame["potential_workers"].sum()),
        coverage_rank_year_baseline=float(100 * covered[BASELINE].sum() / potential.sum()),
        coverage_rank_year=float(100 * covered[SCENARIO].sum() / potential.sum()),
        at_target_baseline=at_target(BASELINE),
        at_target=at_target(SCENARIO),
    )


def province_groups(codes: Sequence[str]) -> dict[str, list[str]]:
    """Regency codes ('91.01') by their province ('91'), in order of first appearance."""
    groups: dict[str, list[str]] = {}
    for code in codes:
        groups.setdefault(code.split(".")[0][:2], []).append(code)
    return groups
