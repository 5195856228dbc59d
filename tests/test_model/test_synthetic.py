"""model/synthetic.py: reproducible, valid, clearly artificial region tables of any size."""

from __future__ import annotations

import numpy as np

from model.synthetic import synthetic_regions


def test_same_seed_same_table_other_seed_other_table():
    a, b, c = synthetic_regions(20, seed=3), synthetic_regions(20, seed=3), synthetic_regions(20, seed=4)
    assert a.frame.equals(b.frame)
    assert not np.array_equal(a.frame["potential_workers"], c.frame["potential_workers"])


def test_table_has_the_size_asked_and_values_in_the_stated_ranges():
    table = synthetic_regions(514, seed=0)
    frame = table.frame
    assert len(frame) == 514 and table.codes[0] == "S0000" and table.codes[-1] == "S0513"
    coverage = frame["active_participants"] / frame["potential_workers"]
    assert coverage.between(0.0199, 0.98).all()
    assert frame["potential_workers"].between(5_000, 2_000_000).all()
    assert frame["as_of"].min().year == 2023 and frame["as_of"].max().year <= 2025
    assert frame["target_pct"].between(30, 80).all()
    assert (frame["status"] == "estimate").all()  # never passed off as data
