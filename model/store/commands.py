"""`python -m model scenarios ...`: the store from the command line (JSON out), so a researcher can script it.

    python -m model scenarios list [--workshop W] [--store URL]
    python -m model scenarios show NAME [--store URL]
    python -m model scenarios save --name NAME (--levers FILE.json | --package ID ...) [--author A]
                                   [--workshop W] [--replace] [--store URL]
    python -m model scenarios rename NAME NEW | duplicate NAME [--as NEW] | delete NAME [--store URL]

`--store` takes a SQLite file path or a database URL (postgresql://user@host/db); default: UCJ_DATABASE_URL,
else UCJ_STORE_PATH, else the user's data folder. A name clash exits with code 2 and suggests a free name;
`--replace` replaces the scenario of that name instead.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

__all__ = ["register"]


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add the `scenarios` command (called once from model/cli.py)."""
    store_opt = argparse.ArgumentParser(add_help=False)
    store_opt.add_argument("--store", help="SQLite file or database URL (default: UCJ_DATABASE_URL / UCJ_STORE_PATH)")
    parent = [common, store_opt]
    top = commands.add_parser("scenarios", parents=parent, help="saved scenarios: list, show, save, delete (JSON)")
    top.set_defaults(handler=_run)
    sub = top.add_subparsers(dest="action", required=True, parser_class=commands._parser_class)

    listing = sub.add_parser("list", parents=parent, help="every saved scenario, newest first")
    listing.add_argument("--workshop", help="only this workshop's scenarios")
    sub.add_parser("show", parents=parent, help="one scenario with its document").add_argument("name")
    save = sub.add_parser("save", parents=parent, help="save levers (the --levers shape of `project`) under a name")
    save.add_argument("--name", required=True)
    save.add_argument("--levers", type=Path, help='JSON: {"default": {...}, "regions": {"CODE": {...}}}')
    save.add_argument("--package", action="append", default=[], help="a policy package id (repeatable; stacks)")
    save.add_argument("--author", default="", help="author or group")
    save.add_argument("--workshop", default="", help="workshop label")
    save.add_argument("--replace", action="store_true", help="replace a scenario of the same name")
    rename = sub.add_parser("rename", parents=parent, help="give a scenario another name")
    rename.add_argument("name")
    rename.add_argument("new_name")
    dup = sub.add_parser("duplicate", parents=parent, help="copy a scenario under a new name")
    dup.add_argument("name")
    dup.add_argument("--as", dest="new_name")
    sub.add_parser("delete", parents=parent, help="remove a scenario").add_argument("name")


def _levers_document(args: argparse.Namespace) -> tuple[dict[str, Any], list[str]]:
    from ..cli import _read_json
    from ..messages import InputError, Problem

    base: dict[str, Any] = _read_json(args.levers, "--levers") if args.levers else {}
    if not isinstance(base, dict):
        raise InputError([Problem("bad_lever", {"name": "levers", "detail": "expected a JSON object"})])
    if not args.package:
        if not args.levers:
            detail = "give --levers FILE.json or at least one --package"
            raise InputError([Problem("bad_option", {"name": "save", "detail": detail})])
        return base, list(base.get("packages") or [])
    from ..packages import combine

    scenario = combine(args.package, base=base)
    return {**base, **scenario.to_dict()}, list(args.package)


def _run(args: argparse.Namespace) -> str:
    from . import open_store

    with open_store(args.store) as store:
        if args.action == "list":
            out: Any = [
                {k: v for k, v in s.to_json().items() if k != "document"} for s in store.list(args.workshop or None)
            ]
        elif args.action == "show":
            out = store.get(args.name).to_json()
        elif args.action == "save":
            document, packages = _levers_document(args)
            document.pop("packages", None)
            saved = store.save(
                args.name,
                document,
                author=args.author,
                workshop=args.workshop,
                packages=packages,
                replace=args.replace,
            )
            out = saved.to_json()
        elif args.action == "rename":
            out = store.rename(args.name, args.new_name).to_json()
        elif args.action == "duplicate":
            out = store.duplicate(args.name, args.new_name).to_json()
        else:
            out = {"deleted": store.delete(args.name).to_json()}
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"
