"""model/cli_options.py: the shared lever and pot options, and how a pot is read from options and a file."""

from __future__ import annotations

import argparse

import pytest

from model.cli_options import add_lever_options, add_pot_options, pot_from_args
from model.messages import InputError
from model.scenario import Pot


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_lever_options(parser)
    add_pot_options(parser)
    return parser.parse_args(list(argv))


def test_lever_options_are_typed_and_absent_when_not_given():
    args = parse("--regulation", "2", "--budget-bn", "12.5", "--outreach", "40", "--start-year", "2028")
    assert (args.regulation, args.budget_bn, args.outreach, args.start_year) == (2, 12.5, 40.0, 2028)
    assert args.apbdes_bn is None and args.budget_end_year is None and args.levers is None
    with pytest.raises(SystemExit):
        parse("--pot-split", "random")


def test_no_pot_without_pot_options_or_a_file_pot():
    assert pot_from_args(parse()) is None
    assert pot_from_args(parse(), {"default": {"budget_bn": 1}}) is None


def test_options_make_a_pot_equal_by_default():
    assert pot_from_args(parse("--pot-bn", "100")) == Pot(bn=100.0, split="equal")
    assert pot_from_args(parse("--pot-bn", "100", "--pot-split", "need")) == Pot(bn=100.0, split="need")


def test_a_files_pot_is_used_and_options_win_over_it():
    saved = {"pot": {"bn": 50, "split": "optimal"}}
    assert pot_from_args(parse(), saved) == Pot(bn=50.0, split="optimal")
    assert pot_from_args(parse("--pot-split", "need"), saved) == Pot(bn=50.0, split="need")
    assert pot_from_args(parse("--pot-bn", "80"), saved) == Pot(bn=80.0, split="optimal")


@pytest.mark.parametrize(
    ("argv", "option"),
    [(("--pot-split", "need"), "--pot-split"), (("--pot-bn", "100", "--budget-bn", "5"), "--pot-bn")],
)
def test_contradicting_options_are_refused_naming_the_option(argv, option):
    with pytest.raises(InputError) as caught:
        pot_from_args(parse(*argv))
    assert caught.value.problems[0].params["name"] == option
