"""The analysis's input problems: which values they refuse, and the message a person reads in either language."""

from __future__ import annotations

import numpy as np
import pytest

from model.analysis.problems import (
    choice_problems,
    no_solution,
    not_a_choice,
    not_power_of_two,
    off_step,
    out_of_range,
    raise_if_any,
    year_out_of_range,
)
from model.messages import InputError


@pytest.mark.parametrize("year", [2026, 2045, np.int64(2030)])
def test_a_whole_year_inside_the_range_has_no_problem(year):
    assert year_out_of_range("--by", year, 2026, 2045) == []


@pytest.mark.parametrize("year", [2025, 2046, 2030.0, "2030", None])
def test_a_year_outside_the_range_or_not_whole_is_refused(year):
    (problem,) = year_out_of_range("--by", year, 2026, 2045)
    assert problem.key == "analysis.range"
    assert problem.params["low"] == "2026" and problem.params["high"] == "2045"


def test_range_message_names_the_option_and_its_bounds_in_both_languages():
    problem = out_of_range("--target", 120.5, 0.01, 100)
    assert problem.params == {"name": "--target", "value": "120.5", "low": "0.01", "high": "100"}
    for lang in ("id", "en"):
        text = problem.message(lang)
        assert "--target" in text and "120.5" in text and "100" in text
    assert problem.message("id") != problem.message("en")


def test_choice_problems_list_the_known_choices():
    assert choice_problems("--lever", "budget", ("budget", "outreach")) == []
    (problem,) = choice_problems("--lever", "money", ("budget", "outreach"))
    assert problem == not_a_choice("--lever", "money", ("budget", "outreach"))
    assert problem.params["known"] == "budget, outreach"


def test_off_step_says_the_step_in_juta():
    assert off_step("--pot-bn", 1.05, 0.1).params["step_million"] == "100"


def test_other_problems_carry_their_value():
    assert not_power_of_two("--n", 100).params == {"name": "--n", "value": "100"}
    assert no_solution("infeasible").params == {"detail": "infeasible"}


def test_raise_if_any_raises_every_problem_at_once_and_nothing_for_none():
    raise_if_any([])
    problems = [*year_out_of_range("--by", 1999, 2026, 2045), *choice_problems("--lever", "x", ("budget",))]
    with pytest.raises(InputError) as caught:
        raise_if_any(problems)
    assert caught.value.problems == problems
    assert "--by" in caught.value.one_line() and "--lever" in caught.value.one_line()
