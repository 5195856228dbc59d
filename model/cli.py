"""Command line: run the model headless, so researchers can script it and tests can drive it.

    python -m model project [--data regions.csv] [--levers levers.json] [--budget-bn 5] ... [--format csv]
    python -m model validate --data regions.xlsx
    python -m model build-baseline
    python -m model warmup

Bad options or bad data print one line on stderr and exit with code 2; never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import json
import os
import sys
from pathlib import Path
from typing import Any

from .analysis.cli import register_analysis_commands
from .assumptions import Assumptions, default_assumptions
from .cli_options import add_lever_options, add_pot_options, pot_from_args
from .data import load_baseline, load_regions, rank_year_problems
from .levers import Scenario, levers_from_mapping
from .measures import measure, region_fields
from .messages import InputError, Problem, render
from .projection import Settings, apbdes_problems, project
from .targets import NATIONAL_LINE_CODES

__all__ = ["main", "result_to_json", "REGION_FIELDS"]

EXIT_OK, EXIT_INTERNAL, EXIT_USAGE = 0, 1, 2

# Commands that live beside their feature: each module's `register(commands, common)` adds a sub-command whose
# parser sets `handler(args) -> str` (scenarios: the scenario store; brief: the PDF briefing).
# --national-target choice -> the model's national line (model/targets.py), for regions without their own target.
NATIONAL_TARGET_OPTIONS = NATIONAL_LINE_CODES  # the scenario document's and the link's codes
FEATURE_COMMANDS = ("model.store.commands", "model.brief", "model.backtest")

# The exported region columns, generated from the measure specs (model/measures.py).
REGION_FIELDS = region_fields()


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line (and exit code 2) instead of usage + message."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise InputError([Problem("bad_option", {"name": self.prog, "detail": message})])


def _build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=("id", "en"), default="id", help="language of messages (default id)")
    parser = _Parser(prog="python -m model", description="Simulasi UCJ: coverage model, headless.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    run = commands.add_parser("project", parents=[common], help="project baseline and scenario; JSON or CSV")
    run.add_argument("--data", type=Path, help="regions table (CSV, XLSX, XLS or ODS); default: shipped 38 provinces")
    run.add_argument("--accept-guesses", action="store_true", help="use fuzzy name matches without asking")
    add_lever_options(run)
    add_pot_options(run)
    run.add_argument("--target", type=float, help="target coverage %% for every region (overrides the data)")
    run.add_argument(
        "--national-target",
        choices=tuple(NATIONAL_TARGET_OPTIONS),
        default="kemendagri",
        help="national line for regions without their own published target (default kemendagri: 52.15%%)",
    )
    run.add_argument("--horizon", type=int, default=2045, help="last year projected (default 2045)")
    run.add_argument("--rank-year", type=int, default=2030, help="year ranks are compared at (default 2030)")
    run.add_argument("--draws", type=int, default=0, help="Monte Carlo draws (default 0: central case)")
    run.add_argument("--seed", type=int, default=2024, help="random seed for the draws")
    run.add_argument("--format", choices=("json", "csv"), default="json")
    run.add_argument("--output", type=Path, help="write to this file instead of stdout")

    check = commands.add_parser("validate", parents=[common], help="check a regions table; list every problem")
    check.add_argument("--data", type=Path, required=True)
    check.add_argument("--accept-guesses", action="store_true", help="use fuzzy name matches without asking")

    commands.add_parser("build-baseline", parents=[common], help="regenerate data/regions.csv from data/sources")
    commands.add_parser("warmup", parents=[common], help="compile the model kernel once (cached on disk)")
    register_analysis_commands(commands, common)
    for module in FEATURE_COMMANDS:
        importlib.import_module(module).register(commands, common)
    return parser


def _read_json(path: Path, option: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        detail = f"file not found: {path}"
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        detail = f"not valid JSON ({exc})"
    raise InputError([Problem("bad_option", {"name": option, "detail": detail})])


def _load_table(path: Path | None, accept_guesses: bool = False):
    if path is None:
        return load_baseline()
    if not path.is_file():
        raise InputError([Problem("bad_option", {"name": "--data", "detail": f"file not found: {path}"})])
    return load_regions(path, filename=path.name, origin=path.name, accept_guesses=accept_guesses)


def assumptions_from_args(args: argparse.Namespace) -> Assumptions:
    """The default assumptions with the --assumptions file's {key: value} changes (checked by `with_values`)."""
    assumptions = default_assumptions()
    if not args.assumptions:
        return assumptions
    changes = _read_json(args.assumptions, "--assumptions")
    if not isinstance(changes, dict):
        detail = "expected a JSON object of {key: value}"
        raise InputError([Problem("bad_option", {"name": "--assumptions", "detail": detail})])
    return assumptions.with_values(changes)


def _scenario_from_args(args: argparse.Namespace) -> Scenario:
    scenario = Scenario.from_dict(_levers_file(args)) if args.levers else Scenario()
    flags = {
        "regulation_level": args.regulation,
        "budget_bn": args.budget_bn,
        "outreach_pct": args.outreach,
        "apbdes_bn": getattr(args, "apbdes_bn", None),
        "start_year": args.start_year,
        "budget_end": args.budget_end_year,
    }
    given = {k: v for k, v in flags.items() if v is not None}
    if not given:
        return scenario
    default = levers_from_mapping(given, scenario.default)
    return Scenario.build(default, dict(scenario.overrides))


def _levers_file(args: argparse.Namespace) -> Any:
    """The --levers file's JSON (read once per run: the scenario and its pot both come from it)."""
    if getattr(args, "_levers_json", None) is None:
        args._levers_json = _read_json(args.levers, "--levers")
    return args._levers_json


def scenario_with_pot_from_args(args: argparse.Namespace, table, assumptions, rank_year: int, horizon: int) -> Scenario:
    """The scenario of the lever options and --levers file, with a national pot shared as they say (the same
    `resolve_pot` the app uses, so the numbers are the app's)."""
    scenario = _scenario_from_args(args)
    scenario.check_codes(table.codes)
    pot = pot_from_args(args, _levers_file(args) if args.levers else None)
    if pot is None:
        return scenario
    from .analysis.pot import resolve_pot

    return resolve_pot(table, scenario, pot, assumptions=assumptions, by_year=rank_year, horizon_year=horizon)


def result_to_json(result) -> dict[str, Any]:
    """The command line's JSON document: regions, national aggregate, and what produced them."""
    table = result.region_summary()
    columns = [c for c in REGION_FIELDS if c in table.columns]
    specs = [measure(c) for c in columns]
    regions = [{m.name: m.clean(row[m.name]) for m in specs} for row in table.to_dict("records")]
    national = {k: measure(k, "national").clean(v) for k, v in result.national_summary().items()}
    return {
        "regions": regions,
        "national": national,
        "scenario": result.scenario.to_dict(),
        "settings": {
            "horizon_year": result.settings.horizon_year,
            "rank_year": result.settings.rank_year,
            "draws": result.settings.draws,
            "seed": result.settings.seed,
            "target_pct_override": result.settings.target_pct,
            "national_target": result.settings.national_target,
        },
        "assumptions_changed": {k: v for k, (_, v) in result.assumptions.changed_from_default().items()},
        **({"pot": result.scenario.pot.to_dict()} if result.scenario.pot is not None else {}),
    }


def _command_project(args: argparse.Namespace) -> str:
    table = _load_table(args.data, args.accept_guesses)
    problems = rank_year_problems(table, args.rank_year)
    if problems:
        raise InputError(problems)
    problems = apbdes_problems(table, _scenario_from_args(args))  # before a pot is shared with these levers
    if problems:
        raise InputError(problems)
    assumptions = assumptions_from_args(args)
    settings = Settings(
        horizon_year=args.horizon,
        rank_year=args.rank_year,
        draws=args.draws,
        seed=args.seed,
        target_pct=args.target,
        national_target=NATIONAL_TARGET_OPTIONS[args.national_target],
        keep_draw_paths=False,
    )
    settings.check(int(table.frame["as_of"].min().year))  # before a pot is shared with these years
    scenario = scenario_with_pot_from_args(args, table, assumptions, args.rank_year, args.horizon)
    result = project(table, scenario, assumptions, settings)
    if args.format == "csv":
        table_out = result.region_summary()
        columns = [c for c in REGION_FIELDS if c in table_out.columns]
        return table_out[columns].round(4).to_csv(index=False, lineterminator="\n")
    return json.dumps(result_to_json(result), ensure_ascii=False, indent=2) + "\n"


def _command_validate(args: argparse.Namespace) -> str:
    table = _load_table(args.data, args.accept_guesses)
    frame = table.frame
    lines = [f"OK: {len(frame)} regions ({table.level}); estimates: {int((frame['status'] == 'estimate').sum())}"]
    lines += [render(key, args.lang, params) for key, params in table.notice_keys]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    argv = sys.argv[1:] if argv is None else argv
    lang = "en" if "--lang=en" in argv or any(pair == ("--lang", "en") for pair in itertools.pairwise(argv)) else "id"
    try:
        args = _build_parser().parse_args(argv)
        lang = args.lang
        if args.command == "project":
            text = _command_project(args)
        elif args.command == "validate":
            text = _command_validate(args)
        elif args.command == "build-baseline":
            from .baseline_builder import write_regions

            text = f"written {write_regions()}\n"
        elif hasattr(args, "handler"):
            text = args.handler(args)
        else:
            from .synthetic import synthetic_regions

            project(synthetic_regions(3), settings=Settings(draws=2, horizon_year=2026, rank_year=2026))
            text = "kernel compiled\n"
        if getattr(args, "output", None):
            args.output.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
        return EXIT_OK
    except InputError as exc:
        print(f"error: {exc.one_line(lang)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: still one line, unless a developer asks for the traceback
        if os.environ.get("UCJ_DEBUG"):
            raise
        print(f"internal error: {type(exc).__name__}: {exc}".splitlines()[0], file=sys.stderr)
        return EXIT_INTERNAL
