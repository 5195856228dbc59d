"""How sure are we: Monte Carlo over the uncertain assumptions (seeded, reproducible).

One projection with N draws (Latin hypercube over each uncertain assumption's plausible range; draw 0 is the
central case and is left out of every share) gives, per region: P10-P50-P90 around the coverage path, the
distribution of the year the target is reached, the probability of reaching it by a chosen year, and the
probability that the policy changes the region's rank. Baseline and policy use the same draws, so a
difference between them is the policy's, not sampling noise; and since coverage rises with every lever in
each draw, a probability never falls when a lever rises.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from ..assumptions import Assumptions
from ..cached import cached_property
from ..data import RegionTable
from ..levers import Scenario
from ..messages import InputError
from ..projection import BASELINE, SCENARIO, Projection, Settings, project
from .problems import out_of_range

__all__ = ["UncertaintyResult", "uncertainty", "QUANTILES"]

QUANTILES = (10, 50, 90)


@dataclass(frozen=True, eq=False)
class UncertaintyResult:
    projection: Projection
    by_year: int

    @property
    def codes(self) -> list[str]:
        return self.projection.codes

    @cached_property
    def quantiles(self) -> np.ndarray:
        """(S, 3, R, Y) P10, P50, P90 of coverage (percent) at each December, baseline and policy."""
        draws = self.projection.yearly[:, 1:]
        return np.percentile(100 * draws.astype(float), QUANTILES, axis=1).transpose(1, 0, 2, 3)

    def bands(self) -> pd.DataFrame:
        """Tidy P10/P50/P90 per region, scenario and year."""
        return self.projection.bands(quantiles=QUANTILES)

    @cached_property
    def prob_by_year(self) -> np.ndarray:
        """(R,) probability of reaching the target by December of `by_year` under the policy."""
        return self.projection.probability_by_year(self.by_year, SCENARIO)

    @cached_property
    def prob_by_year_baseline(self) -> np.ndarray:
        return self.projection.probability_by_year(self.by_year, BASELINE)

    @cached_property
    def _ranks(self) -> np.ndarray:
        return self.projection.ranks_at_rank_year[:, 1:]  # (S, N, R)

    @cached_property
    def prob_rank_changes(self) -> np.ndarray:
        """(R,) share of draws in which the policy gives the region another rank in the rank year."""
        return (self._ranks[SCENARIO] != self._ranks[BASELINE]).mean(axis=0)

    @cached_property
    def prob_rank_improves(self) -> np.ndarray:
        """(R,) share of draws in which the region ranks higher (a smaller number) with the policy."""
        return (self._ranks[SCENARIO] < self._ranks[BASELINE]).mean(axis=0)

    def target_year_distribution(self, scenario: int = SCENARIO) -> pd.DataFrame:
        """Share of draws reaching the target in each year (code, year, share); year None = not by the horizon."""
        years = self.projection.target_years(scenario)[1:]  # (N, R)
        n = years.shape[0]
        rows = []
        for i, code in enumerate(self.codes):
            values, counts = np.unique(np.nan_to_num(years[:, i], nan=-1), return_counts=True)
            for year, count in zip(values, counts, strict=True):
                rows.append({"code": code, "year": None if year < 0 else int(year), "share": count / n})
        return pd.DataFrame(rows)

    def target_year_quantiles(self, scenario: int = SCENARIO) -> np.ndarray:
        """(3, R) P10/P50/P90 of the target year; inf where more than that share does not reach it."""
        years = np.nan_to_num(self.projection.target_years(scenario)[1:], nan=np.inf)
        return np.percentile(years, QUANTILES, axis=0, method="inverted_cdf")

    def ranking(self) -> pd.DataFrame:
        """One row per region: probability of target by the year (policy, baseline), rank changes, central
        ranks; ordered by probability (highest first), ties by code."""
        # Straight from the run's arrays: the full region summary (every measure) costs a fifth of the answer.
        p = self.projection
        q = self.target_year_quantiles()
        frame = pd.DataFrame(
            {
                "code": self.codes,
                "name": p.frame["name"].to_numpy(),
                "prob_target_by_year": self.prob_by_year,
                "prob_target_by_year_baseline": self.prob_by_year_baseline,
                "prob_rank_changes": self.prob_rank_changes,
                "prob_rank_improves": self.prob_rank_improves,
                "target_year_p10": q[0],
                "target_year_p50": q[1],
                "target_year_p90": q[2],
                "rank_baseline": p.ranks_at_rank_year[BASELINE, 0],
                "rank_new": p.ranks_at_rank_year[SCENARIO, 0],
            }
        )
        order = np.lexsort((frame["code"].to_numpy(), -frame["prob_target_by_year"].to_numpy()))
        frame = frame.iloc[order].reset_index(drop=True)
        # Equal probabilities share a rank: no order from ties.
        frame.insert(0, "prob_rank", frame["prob_target_by_year"].rank(ascending=False, method="min").astype(int))
        return frame

    def national_quantiles(self) -> np.ndarray:
        """(3,) P10/P50/P90 of national coverage (percent) in December of `by_year` under the policy."""
        p = self.projection
        slot = int(np.searchsorted(p.years, self.by_year))
        return np.percentile(100 * p.national[SCENARIO, 1:, slot], QUANTILES)


def uncertainty(
    table: RegionTable,
    scenario: Scenario | None = None,
    assumptions: Assumptions | None = None,
    *,
    by_year: int = 2030,
    draws: int = 1000,
    seed: int = 2024,
    settings: Settings | None = None,
) -> UncertaintyResult:
    """Run `draws` Monte Carlo draws (and the central case) for baseline and policy."""
    if not 1 <= draws <= 100_000:
        raise InputError([out_of_range("--draws", draws, 1, 100_000)])
    settings = replace(settings or Settings(), draws=draws, seed=seed, keep_draw_paths=True)
    if settings.rank_year != by_year:
        settings = replace(settings, rank_year=by_year)
    if not by_year <= settings.horizon_year:
        raise InputError([out_of_range("--by", by_year, 2023, settings.horizon_year)])
    return UncertaintyResult(project(table, scenario, assumptions, settings), by_year)
