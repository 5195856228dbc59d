"""Model assumptions (the 'R' parameters and the 'X' uncertainties), loaded from data/assumptions.csv.

Every number the model uses lives in that file with its unit, plausible range and source; nothing here is a
hidden constant. `Assumptions` is frozen (a safe cache key); experts change values with `with_values`, which
validates them. `sample` draws the uncertain ones for Monte Carlo from one seeded generator.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from .messages import InputError, Problem
from .paths import ASSUMPTIONS_CSV

__all__ = ["AssumptionSpec", "Assumptions", "load_assumption_specs", "default_assumptions", "sample"]

# Physical limits an edited value must respect (the plausible range in the file may be narrower).
HARD_BOUNDS: dict[str, tuple[float, float]] = {
    "premium_per_month": (1_000, 1_000_000),
    "onboarding_months": (0.5, 60),
    "crowd_out_share": (0, 0.95),
    "vulnerable_share": (0, 1),
    "national_trend_pct_per_year": (-30, 30),
    "trend_shrinkage_years": (0.1, 50),
    "formal_adjustment_per_year": (0.01, 3),
    "labour_growth_offset_pp": (-5, 5),
    "bpu_lapse_per_year": (0, 0.95),
    "outreach_enrolment_uplift": (0, 10),
    "outreach_lapse_cut": (0, 0.95),
    "outreach_curvature": (0.1, 20),
    "regulation_gap_closed_1": (0, 1),
    "regulation_gap_closed_2": (0, 1),
    "regulation_gap_closed_3": (0, 1),
    "regulation_speed_1": (1, 10),
    "regulation_speed_2": (1, 10),
    "regulation_speed_3": (1, 10),
    "regulation_effect_scale": (0, 3),
    "informal_participant_share": (0, 1),
    "budget_months_per_year": (1, 12),
    "trend_dispersion_pp_per_year": (0, 30),
    "regulation_funded_share_1": (0, 0.5),
    "regulation_funded_share_2": (0, 0.5),
    "regulation_funded_share_3": (0, 0.5),
    "observation_noise_pp": (0, 30),
}


@dataclass(frozen=True)
class AssumptionSpec:
    """One row of data/assumptions.csv: what a number means, its unit, range and where it comes from."""

    key: str
    group: str
    unit: str
    unit_id: str
    default: float
    low: float
    high: float
    uncertain: bool
    status: str
    source: str
    label_id: str
    label_en: str
    note: str
    note_id: str = ""  # the note in Bahasa Indonesia (data/assumptions.csv note_id), translated from `note`

    def label(self, lang: str) -> str:
        return self.label_id if lang == "id" else self.label_en

    def note_in(self, lang: str) -> str:
        """The note in the reader's language (model/notes.py: the English one where no Bahasa text exists,
        which tests/test_app/test_room_notes.py forbids for the shipped table)."""
        from .notes import localized_note

        return localized_note(self.note, self.note_id, lang)

    def unit_label(self, lang: str) -> str:
        return self.unit_id if lang == "id" else self.unit


@lru_cache(maxsize=4)
def load_assumption_specs(path: Path = ASSUMPTIONS_CSV) -> tuple[AssumptionSpec, ...]:
    """Read the assumption table; every key the model needs must be present exactly once."""
    frame = pd.read_csv(path, keep_default_na=False)
    specs = tuple(
        AssumptionSpec(
            key=r.key,
            group=r.group,
            unit=r.unit,
            unit_id=r.unit_id,
            default=float(r.default),
            low=float(r.low),
            high=float(r.high),
            uncertain=str(r.uncertain).strip().lower() == "yes",
            status=r.status,
            source=r.source,
            label_id=r.label_id,
            label_en=r.label_en,
            note=r.note,
            note_id=getattr(r, "note_id", ""),
        )
        for r in frame.itertuples(index=False)
    )
    keys = [s.key for s in specs]
    missing = set(HARD_BOUNDS) - set(keys)
    if missing or len(keys) != len(set(keys)):
        raise ValueError(f"assumptions table: missing {sorted(missing)} or duplicated keys")
    return specs


@dataclass(frozen=True)
class Assumptions:
    """The values in force (defaults or an expert's edits), hashable so the UI can cache on them."""

    values: tuple[tuple[str, float], ...]

    def __getitem__(self, key: str) -> float:
        return dict(self.values)[key]

    def as_dict(self) -> dict[str, float]:
        return dict(self.values)

    def changed_from_default(self) -> dict[str, tuple[float, float]]:
        """Keys an expert changed: {key: (default, value)} — the app calls this a modified baseline."""
        defaults = default_assumptions().as_dict()
        return {k: (defaults[k], v) for k, v in self.values if not np.isclose(defaults[k], v)}

    def with_values(self, changes: Mapping[str, float]) -> Assumptions:
        """A copy with some values changed; raises InputError if a key is unknown or a value impossible."""
        current = self.as_dict()
        problems = []
        for key, value in changes.items():
            if key not in current:
                problems.append(Problem("bad_assumption", {"name": key, "detail": "unknown"}))
                continue
            low, high = HARD_BOUNDS[key]
            if not isinstance(value, int | float) or not np.isfinite(value) or not low <= float(value) <= high:
                detail = f"{value!r} not in [{low:g}, {high:g}]"
                problems.append(Problem("bad_assumption", {"name": key, "detail": detail}))
                continue
            current[key] = float(value)
        for prefix in ("regulation_gap_closed_", "regulation_speed_", "regulation_funded_share_"):
            levels = [current[f"{prefix}{i}"] for i in (1, 2, 3)]
            if levels != sorted(levels):
                detail = "must not decrease from level 1 to level 3"
                problems.append(Problem("bad_assumption", {"name": prefix.rstrip("_"), "detail": detail}))
        if problems:
            raise InputError(problems)
        order = [k for k, _ in self.values]
        return Assumptions(tuple((k, current[k]) for k in order))


@lru_cache(maxsize=1)
def default_assumptions() -> Assumptions:
    return Assumptions(tuple((s.key, s.default) for s in load_assumption_specs()))


def sample(assumptions: Assumptions, draws: int, seed: int) -> dict[str, np.ndarray]:
    """Values per Monte Carlo draw: index 0 is the central case (the values in force), 1..draws are drawn.

    Uncertain assumptions are drawn uniformly over their plausible range (widened to include an expert's
    value) by Latin hypercube sampling, which covers every range evenly with a few hundred draws where plain
    random sampling leaves gaps; the same seed always gives the same draws.
    """
    values = assumptions.as_dict()
    specs = load_assumption_specs()
    uncertain = [s for s in specs if s.uncertain]
    out = {s.key: np.full(draws + 1, values[s.key]) for s in specs}
    if draws > 0 and uncertain:
        from scipy.stats import qmc  # imported on first use: it costs ~0.5 s, the central case never needs it

        unit = qmc.LatinHypercube(d=len(uncertain), rng=np.random.default_rng(seed)).random(draws)
        for j, spec in enumerate(uncertain):
            low, high = min(spec.low, values[spec.key]), max(spec.high, values[spec.key])
            out[spec.key][1:] = low + unit[:, j] * (high - low)
    return out
