"""The analysis's input problems, as catalogue messages (locales, section `model`, keys `analysis.*`), so a bad
option reads in Bahasa Indonesia or English, on the command line and in the app alike."""

from __future__ import annotations

from collections.abc import Iterable

from ..messages import Problem

__all__ = ["out_of_range", "not_a_choice", "off_step", "not_power_of_two", "no_solution"]


def _text(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def out_of_range(name: str, value: object, low: float, high: float) -> Problem:
    return Problem("analysis.range", {"name": name, "value": _text(value), "low": _text(low), "high": _text(high)})


def not_a_choice(name: str, value: object, known: Iterable[str]) -> Problem:
    return Problem("analysis.choice", {"name": name, "value": _text(value), "known": ", ".join(known)})


def off_step(name: str, value: object, step: float) -> Problem:
    """`step` in Rp miliar, said in juta (Rp100 juta), which reads the same in both languages' number formats."""
    return Problem(
        "analysis.pot_step", {"name": name, "value": _text(value), "step_million": _text(round(step * 1000))}
    )


def not_power_of_two(name: str, value: object) -> Problem:
    return Problem("analysis.power_of_two", {"name": name, "value": _text(value)})


def no_solution(detail: str) -> Problem:
    return Problem("analysis.no_solution", {"detail": detail})
