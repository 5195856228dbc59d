"""model/svgchart.py: the brief's line chart is valid SVG whose points sit where their values say."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from model.svgchart import Series, line_chart_svg, nice_ticks

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (0, 100, [0, 20, 40, 60, 80, 100]),
        (33.2, 41.7, [32, 34, 36, 38, 40, 42]),
        (0.12, 0.49, [0.1, 0.2, 0.3, 0.4, 0.5]),
        (5, 5, [5.0, 5.2, 5.4, 5.6, 5.8, 6.0]),  # a flat line still gets an axis
    ],
)
def test_nice_ticks_are_round_steps_covering_the_range(low, high, expected):
    ticks = nice_ticks(low, high)
    assert ticks == pytest.approx(expected)
    assert ticks[0] <= low and ticks[-1] >= max(high, low)


def chart(**kwargs) -> ET.Element:
    series = [
        Series("Tanpa <kebijakan>", "#888", [(2025.0, 40.0), (2030.0, 50.0)], dash="5 3"),
        Series("Skenario", "#0A7", [(2025.0, 40.0), (2030.0, 60.0)]),
    ]
    text = line_chart_svg(series, y_title="Cakupan (%)", number=lambda v: f"{v:g}%", **kwargs)
    return ET.fromstring(text)


def test_points_are_placed_by_value_and_higher_values_are_higher_up():
    root = chart(width=560, height=250)
    lines = root.findall(f"{SVG}polyline")
    assert len(lines) == 2 and lines[0].get("stroke-dasharray") == "5 3"
    base = [tuple(map(float, p.split(","))) for p in lines[0].get("points").split()]
    policy = [tuple(map(float, p.split(","))) for p in lines[1].get("points").split()]
    assert base[0] == policy[0]  # same start
    assert base[0][0] == 52 and base[1][0] == 560 - 12  # first and last year at the plot's edges
    assert policy[1][1] < base[1][1] < base[0][1]  # 60% above 50% above 40% (SVG y grows downwards)


def test_labels_are_escaped_and_every_year_is_ticked():
    root = chart()
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Tanpa <kebijakan>" in texts and "Cakupan (%)" in texts
    assert [str(y) for y in range(2025, 2031)] == [t for t in texts if t and t.isdigit()]
    assert "40%" in texts and "60%" in texts


def test_target_line_is_dashed_and_labelled_only_when_given():
    without = chart()
    assert not [el for el in without.iter(f"{SVG}line") if el.get("stroke-dasharray") == "3 3"]
    with_target = chart(target=52.15, target_label="Target 52,15%")
    (target,) = [el for el in with_target.iter(f"{SVG}line") if el.get("stroke-dasharray") == "3 3"]
    assert "Target 52,15%" in [t.text for t in with_target.iter(f"{SVG}text")]
    lines = with_target.findall(f"{SVG}polyline")
    y_50 = float(lines[0].get("points").split()[1].split(",")[1])
    y_60 = float(lines[1].get("points").split()[1].split(",")[1])
    assert y_60 < float(target.get("y1")) < y_50
