"""Synthetic region tables for benchmarks and tests: any number of regencies, reproducible from a seed.

They are clearly artificial (codes 'S0001'...), built only to exercise sizes like Indonesia's 514
regencies/cities; nothing here is data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .data import RegionTable, load_regions

__all__ = ["synthetic_regions"]


def synthetic_regions(n: int, seed: int = 0) -> RegionTable:
    """A valid table of `n` regions with coverage between 2% and 98% and mixed data dates."""
    rng = np.random.default_rng(seed)
    potential = rng.integers(5_000, 2_000_000, size=n)
    coverage = rng.uniform(0.02, 0.98, size=n)
    months = rng.integers(0, 30, size=n)
    as_of = pd.Timestamp("2023-06-01") + pd.to_timedelta(months * 30, unit="D")
    frame = pd.DataFrame(
        {
            "code": [f"S{i:04d}" for i in range(n)],
            "name": [f"Wilayah sintetis {i}" for i in range(n)],
            "potential_workers": potential,
            "active_participants": np.floor(potential * coverage).astype(int),
            "as_of": as_of.strftime("%Y-%m-%d"),
            "target_pct": rng.uniform(30, 80, size=n).round(2),
            "informal_share": rng.uniform(0.3, 0.8, size=n).round(3),
            "labour_growth_pct": rng.uniform(0.2, 2.0, size=n).round(2),
            "status": "estimate",
            "source": "synthetic (benchmark)",
        }
    )
    return load_regions(frame.to_csv(index=False).encode(), filename="synthetic.csv", origin="synthetic")
