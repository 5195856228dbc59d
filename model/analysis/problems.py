"""The analysis's input problems, as catalogue messages (locales, section `model`, keys `analysis.*`), so a bad
option reads in Bahasa Indonesia or English, on the command line and in the app alike."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from ..messages import InputError, Problem

__all__ = [
    "raise_if_any",
    "out_of_range",
    "year_out_of_range",
    "not_a_choice",
    "choice_problems",
    "off_step",
    "not_power_of_two",
    "no_solution",
]


def _text(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def raise_if_any(problems: list[Problem]) -> None:
    """Every problem of a request at once (one line on the command line, one message in the app)."""
    if problems:
        raise InputError(problems)


def out_of_range(name: str, value: object, low: float, high: float) -> Problem:
    return Problem("analysis.range", {"name": name, "value": _text(value), "low": _text(low), "high": _text(high)})


def year_out_of_range(name: str, year: object, first: int, last: int) -> list[Problem]:
    """No problem when `year` is a whole number from `first` to `last`, else the range problem: a year of the
    question is a calendar year, so a float (even 2030.0, as JSON may send it) is refused too."""
    if isinstance(year, int | np.integer) and first <= year <= last:
        return []
    return [out_of_range(name, year, first, last)]


def not_a_choice(name: str, value: object, known: Iterable[str]) -> Problem:
    return Problem("analysis.choice", {"name": name, "value": _text(value), "known": ", ".join(known)})


def choice_problems(name: str, value: object, known: Iterable[str]) -> list[Problem]:
    """No problem when `value` is one of `known`, else the choice problem naming them."""
    return [] if value in known else [not_a_choice(name, value, known)]


def off_step(name: str, value: object, step: float) -> Problem:
    """`step` in Rp miliar, said in juta (Rp100 juta), which reads the same in both languages' number formats."""
    return Problem(
        "analysis.pot_step", {"name": name, "value": _text(value), "step_million": _text(round(step * 1000))}
    )


def not_power_of_two(name: str, value: object) -> Problem:
    return Problem("analysis.power_of_two", {"name": name, "value": _text(value)})


def no_solution(detail: str) -> Problem:
    return Problem("analysis.no_solution", {"detail": detail})
