"""Command-line options shared by every subcommand that runs a scenario (`project`, `goal-seek`, `allocate`,
`sensitivity`), defined once so their names, types and help stay the same everywhere."""

from __future__ import annotations

import argparse
from pathlib import Path

__all__ = ["add_lever_options"]


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
