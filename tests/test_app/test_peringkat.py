"""app_pages/peringkat.py: the ranking lists every province once, with competition ranks."""

from __future__ import annotations

import itertools

from tests.test_app.pages import start, table_values


def test_ranking_page_lists_every_province_once():
    at = start("peringkat")
    table = table_values(at, 0)
    assert len(table) == 38
    ranks = sorted(int(str(r).lstrip("=")) for r in table.iloc[:, 1])  # answer first: region, rank, change
    # Competition ranks: equal coverage shares a rank, so rank r is followed by r + (number tied at r).
    assert ranks[0] == 1 and ranks[-1] <= 38
    assert all(b == a or b == i + 1 for i, (a, b) in enumerate(itertools.pairwise(ranks), start=1))
    assert table.iloc[:, 0].is_unique
