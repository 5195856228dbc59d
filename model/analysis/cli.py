"""Command-line subcommands of the analysis: goal-seek, allocate, sensitivity (JSON out).

    python -m model goal-seek --region 15 --target 55 --by 2027 [--lever budget|outreach|regulation]
    python -m model allocate --pot-bn 100 --by 2030 [--objective workers|targets]
    python -m model sensitivity --region 15 [--method tornado|sobol] [--by 2030]

Each accepts `--data` and the lever options of `project` (the other levers, as the scenario). Registered in
`model/cli.py` by one call; bad input raises InputError, which the main entry prints as one line (exit 2).
The analysis modules are imported when a subcommand runs, so `project` does not pay for scipy.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from ..cli_options import add_lever_options, add_pot_options

__all__ = ["register_analysis_commands"]


def _scenario_options(parser: argparse.ArgumentParser, pot: bool = True) -> None:
    parser.add_argument("--data", type=Path, help="regions table (CSV or XLSX); default: shipped 38 provinces")
    add_lever_options(parser)
    if pot:  # `allocate` has its own --pot-bn: the pot it splits
        add_pot_options(parser)
    parser.add_argument("--output", type=Path, help="write to this file instead of stdout")


def register_analysis_commands(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add the subcommands; each sets `handler` (args -> text)."""
    seek = commands.add_parser("goal-seek", parents=[common], help="smallest lever value reaching a target by a year")
    seek.add_argument("--region", required=True, help="region code, e.g. 15 (Jambi)")
    seek.add_argument("--target", type=float, required=True, help="target coverage %%")
    seek.add_argument("--by", type=int, required=True, help="year by which the target is reached (December)")
    seek.add_argument("--lever", choices=("budget", "outreach", "regulation"), default="budget")
    _scenario_options(seek)
    seek.set_defaults(handler=_goal_seek)

    pot = commands.add_parser("allocate", parents=[common], help="best split of a pot across regions")
    pot.add_argument("--pot-bn", type=float, required=True, help="the pot, Rp billion a year")
    pot.add_argument("--by", type=int, required=True, help="year the outcome is measured (December)")
    pot.add_argument("--objective", choices=("workers", "targets"), default="workers")
    _scenario_options(pot, pot=False)
    pot.set_defaults(handler=_allocate)

    sens = commands.add_parser("sensitivity", parents=[common], help="tornado or Sobol indices for a region")
    sens.add_argument("--region", required=True, help="region code")
    sens.add_argument("--method", choices=("tornado", "sobol"), default="tornado")
    sens.add_argument("--by", type=int, default=2030, help="year the outcome is measured (default 2030)")
    sens.add_argument("--n", type=int, default=1024, help="Sobol base sample size, a power of two (default 1024)")
    sens.add_argument("--seed", type=int, default=2024)
    _scenario_options(sens)
    sens.set_defaults(handler=_sensitivity)


def _inputs(args: argparse.Namespace):
    """(evaluator, scenario) from the shared options, reusing the project command's readers; a national pot
    (--pot-bn, --pot-split) is shared for the year of the question (--by)."""
    from ..cli import _load_table, _scenario_from_args, assumptions_from_args, scenario_with_pot_from_args
    from .evaluate import Evaluator

    table = _load_table(args.data)
    assumptions = assumptions_from_args(args)
    ev = Evaluator(table, assumptions)
    year = min(max(int(args.by), ev.grid.first_year), ev.horizon_year)
    if not hasattr(args, "pot_split"):  # allocate: its --pot-bn is the pot in question; the budgets are its answer
        scenario = _scenario_from_args(args)
        scenario.check_codes(table.codes)
        return ev, scenario
    return ev, scenario_with_pot_from_args(args, table, assumptions, year, ev.horizon_year)


def _dump(doc: Any) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _goal_seek(args: argparse.Namespace) -> str:
    from .goal_seek import goal_seek

    ev, scenario = _inputs(args)
    return _dump(goal_seek(ev, scenario, args.region, args.target, args.by, args.lever).to_json())


def _allocate(args: argparse.Namespace) -> str:
    from .allocation import allocate

    ev, scenario = _inputs(args)
    return _dump(allocate(ev, scenario, args.pot_bn, args.by, args.objective).to_json())


def _sensitivity(args: argparse.Namespace) -> str:
    from ..messages import InputError, Problem
    from .sensitivity import sobol_model, tornado

    ev, scenario = _inputs(args)
    if args.region not in ev.codes:
        raise InputError([Problem("unknown_region", {"value": args.region, "known": ", ".join(ev.codes[:5])})])
    if args.method == "tornado":
        return _dump(tornado(ev, scenario, args.region, args.by).to_json())
    indices = sobol_model(ev, scenario, args.by, n=args.n, seed=args.seed)
    doc = {"region": args.region, "method": "sobol", "by": args.by, "seed": args.seed}
    doc |= {"national": indices.to_json("national"), "regional": indices.to_json(args.region)}
    return _dump(doc)
