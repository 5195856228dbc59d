"""The projector map's province names (ui/geo.py label_fits): at every map width the names written never
overlap, more fit on a wider map, and the provinces with the most workers come first."""

from __future__ import annotations

import numpy as np

from model import load_baseline
from ui import charts
from ui.geo import LABEL_FONT_PX, LABEL_WIDTHS, _mercator_y, label_fits, label_points, map_extent


def _boxes(width: int) -> list[tuple[str, float, float, float, float]]:
    """(name, left, right, top, bottom) in px of the names written on a map `width` px wide."""
    fits = label_fits().merge(label_points(), on="code")
    shown = fits[fits[f"fit_{width}"]]
    x0, x1, _, y1 = map_extent()
    scale = width / (x1 - x0)
    px = (np.radians(shown["lon"].to_numpy()) - x0) * scale
    py = (y1 - _mercator_y(shown["lat"].to_numpy())) * scale
    half = shown["abbr"].str.len().to_numpy() * 0.6 * LABEL_FONT_PX / 2  # a bold capital is >= 0.6 em wide
    return [
        (name, x - h, x + h, y - LABEL_FONT_PX / 2, y + LABEL_FONT_PX / 2)
        for name, x, y, h in zip(shown["abbr"], px, py, half, strict=True)
    ]


def test_names_never_overlap_at_any_width() -> None:
    for width in LABEL_WIDTHS:
        boxes = _boxes(width)
        clashes = [
            (a[0], b[0])
            for i, a in enumerate(boxes)
            for b in boxes[i + 1 :]
            if a[1] < b[2] and b[1] < a[2] and a[3] < b[4] and b[3] < a[4]
        ]
        assert clashes == [], (width, clashes)


def test_more_names_on_a_wider_map_and_the_largest_first() -> None:
    counts = [len(_boxes(width)) for width in LABEL_WIDTHS]
    assert counts[0] >= 8 and counts[-1] >= 30, counts
    assert counts == sorted(counts), counts
    assert 12 <= len(_boxes(640)) < 38  # a 1024-px projector: a dozen or more, never all 38 on top of each other
    biggest = load_baseline().frame.sort_values("potential_workers").iloc[-1]["code"]
    assert all(label_fits().set_index("code").loc[biggest])  # Jawa Barat is named at every width


def test_the_chart_shows_the_set_for_the_drawn_width() -> None:
    expr = charts._label_fit_expr(2.72)
    assert "min(width, height * 2.72)" in expr
    for width in LABEL_WIDTHS:
        assert f"datum.fit_{width}" in expr
