"""A small line chart written directly as SVG, for the PDF briefing.

Why not vl-convert here (it draws the chart exports): its first call in a process starts an embedded JavaScript
engine, 1.3 s on an idle 2-core machine and 2.6 s under load, which alone would break the briefing's 2-second
budget for the first call. This chart needs only lines, a dashed target, axes and a legend: about a
millisecond as plain SVG text, vector in the PDF, in the shipped font. Text is XML-escaped.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

__all__ = ["Series", "line_chart_svg", "nice_ticks"]


@dataclass(frozen=True)
class Series:
    label: str
    color: str
    points: Sequence[tuple[float, float]]  # (x as fractional year, y)
    dash: str = ""  # SVG stroke-dasharray, e.g. "5 3"
    width: float = 2.2


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high] (steps of 1, 2 or 5 times a power of ten)."""
    if high <= low:
        high = low + 1
    raw = (high - low) / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value <= high + step * 0.5:
        ticks.append(round(value, 10))
        value += step
    return ticks


def line_chart_svg(
    series: Sequence[Series],
    *,
    y_title: str,
    number: Callable[[float], str],
    target: float | None = None,
    target_label: str = "",
    width: int = 560,
    height: int = 250,
    font: str = "Liberation Sans",
) -> str:
    """Lines over years with a y axis, year ticks, an optional dashed target line and a legend on top."""
    left, right, top, bottom = 52, 12, 26, 24
    xs = [x for s in series for x, _ in s.points]
    ys = [y for s in series for _, y in s.points] + ([target] if target is not None else [])
    x0, x1 = min(xs), max(xs)
    ticks = nice_ticks(min(ys), max(ys))
    y0, y1 = ticks[0], ticks[-1]
    plot_w, plot_h = width - left - right, height - top - bottom

    def px(x: float) -> float:
        return left + (x - x0) / ((x1 - x0) or 1) * plot_w

    def py(y: float) -> float:
        return top + (1 - (y - y0) / ((y1 - y0) or 1)) * plot_h

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{escape(font)}" font-size="10">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
    ]
    for tick in ticks:
        y = py(tick)
        out.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#E6E9E8"/>')
        out.append(
            f'<text x="{left - 5}" y="{y + 3.5:.1f}" text-anchor="end" fill="#333">{escape(number(tick))}</text>'
        )
    first_year, last_year = math.ceil(x0), math.floor(x1)
    step = 2 if last_year - first_year > 12 else 1
    for year in range(first_year + (first_year % 2 if step == 2 else 0), last_year + 1, step):
        x = px(year)
        out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top + plot_h}" y2="{top + plot_h + 4}" stroke="#888"/>')
        out.append(f'<text x="{x:.1f}" y="{top + plot_h + 15}" text-anchor="middle" fill="#333">{year}</text>')
    out.append(f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="#888"/>')
    out.append(
        f'<text transform="translate(12 {top + plot_h / 2:.1f}) rotate(-90)" text-anchor="middle" '
        f'font-weight="bold" fill="#333">{escape(y_title)}</text>'
    )
    if target is not None:
        y = py(target)
        out.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#333" stroke-dasharray="3 3"/>'
        )
        out.append(
            f'<text x="{width - right}" y="{y - 5:.1f}" text-anchor="end" fill="#333">{escape(target_label)}</text>'
        )
    for s in series:
        points = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in s.points)
        dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
        out.append(
            f'<polyline points="{points}" fill="none" stroke="{s.color}" stroke-width="{s.width}"{dash} '
            'stroke-linejoin="round"/>'
        )
    x = left + 6
    for s in series:
        dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
        out.append(f'<line x1="{x}" x2="{x + 18}" y1="10" y2="10" stroke="{s.color}" stroke-width="2.2"{dash}/>')
        out.append(f'<text x="{x + 23}" y="13.5" fill="#333">{escape(s.label)}</text>')
        x += 34 + 6 * len(s.label)
    out.append("</svg>")
    return "\n".join(out)
