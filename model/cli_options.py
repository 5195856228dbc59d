"""Command-line options shared by every subcommand that runs a scenario (`project`, `goal-seek`, `allocate`,
`sensitivity`), defined once so their names, types and help stay the same everywhere."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

__all__ = ["add_lever_options", "add_pot_options", "pot_from_args"]


def add_lever_options(parser: argparse.ArgumentParser) -> None:
    """The scenario's levers and assumptions: from files (`--levers`, `--assumptions`) or as national values."""
    parser.add_argument("--levers", type=Path, help='JSON: {"default": {...}, "regions": {"CODE": {...}}}')
    parser.add_argument("--assumptions", type=Path, help='JSON: {"assumption_key": value, ...}')
    parser.add_argument("--regulation", type=int, help="regulation level 0-3 (national)")
    parser.add_argument("--budget-bn", type=float, help="budget in Rp billion per year per region (national)")
    parser.add_argument("--outreach", type=float, help="outreach intensity 0-100%% (national)")
    parser.add_argument(
        "--apbdes-bn",
        type=float,
        help="village budget (APBDes) in Rp billion per year per region for village apparatus premiums (national; "
        "needs a table with the village segment)",
    )
    parser.add_argument("--start-year", type=int, help="year all levers start (January)")
    parser.add_argument("--budget-end-year", type=int, help="last budget year (default: continues)")


def add_pot_options(parser: argparse.ArgumentParser) -> None:
    """A national pot instead of the same budget in every region (the app's "pot nasional"): not on `allocate`,
    whose own --pot-bn is the pot it splits."""
    parser.add_argument(
        "--pot-bn",
        type=float,
        help="national pot, Rp billion a year, shared among the regions without their own levers "
        "(instead of --budget-bn in every region)",
    )
    parser.add_argument(
        "--pot-split",
        choices=("equal", "need", "optimal"),
        help="how the pot is shared: equal, need (uncovered vulnerable workers) or optimal (most workers covered by "
        "the rank year); default equal, or the split saved in the --levers file",
    )


def pot_from_args(args: argparse.Namespace, levers_file: Any = None):
    """The national pot the options (or a scenario file saved by the app, given as --levers) ask for, or None.

    Options win over the file; --pot-split alone changes the file's split. Raises InputError when the options
    contradict each other (a pot and a per-region budget at once; a split without a pot)."""
    from .messages import InputError, Problem
    from .scenario import Pot, parse_document

    pot = None
    if isinstance(levers_file, dict) and levers_file.get("pot") is not None:
        pot = parse_document({"schema": 1, "pot": levers_file["pot"]}).pot
    bn, split = getattr(args, "pot_bn", None), getattr(args, "pot_split", None)
    if bn is not None:
        pot = Pot(bn=float(bn), split=split or (pot.split if pot else "equal"))
    elif split is not None:
        if pot is None:
            detail = "needs --pot-bn (the pot to share), or a --levers file with a pot"
            raise InputError([Problem("bad_option", {"name": "--pot-split", "detail": detail})])
        pot = Pot(bn=pot.bn, split=split)
    if pot is not None and getattr(args, "budget_bn", None) is not None:
        detail = "choose one: the pot replaces the same budget in every region (--budget-bn)"
        raise InputError([Problem("bad_option", {"name": "--pot-bn", "detail": detail})])
    return pot
