"""Server time of one rerun, per page: what the Python side adds to every slider move.

Usage (from the repo root)::

    .venv/bin/python benchmarks/bench_server.py [--moves 30]

Why: in the browser benchmark (bench_ui.py) the script's own run time sits on the critical path of every
move, and Streamlit re-renders the page for each batch of elements that arrives while it runs; a slower
script means more re-renders. This measures just the script (app.py + the page), inside the script thread,
through Streamlit's AppTest and the ``UCJ_RERUN_LOG`` hook in app.py, with no browser competing for the CPU.

Two kinds of move per page, on the budget slider:
- ``repeat``: the value toggles between two settings, as in bench_ui.py; the projection is cached, so this
  is the cost of building and sending the page;
- ``fresh``: every move is a budget never seen before, so the model runs too (central case, plus 100
  Monte Carlo draws on pages that show uncertainty).

Each twice: as a full rerun of the app (``UCJ_LEVER_FRAGMENTS=0``: what a page switch, a language switch or an
undo costs) and as the fragment rerun a national lever's move makes in the app (app.py ``results``: the page
and the sidebar's lever captions only). After a fragment run AppTest's element tree holds only the fragment,
so each fragment move is followed by an unmeasured full run that draws the slider again.

Prints one JSON object (median and p95 ms per page, scope and kind).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
STOPS: list[float] = []
PAGES = ("ringkasan", "simulasi", "peringkat", "profil", "skenario", "asumsi", "data")


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, -(-95 * len(ordered) // 100) - 1)]


def _read_log(path: Path, scope: str) -> list[float]:
    """Times of the runs of one scope ("full" or "fragment") in app.py's rerun log."""
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [float(row[1]) for row in rows if row[2] == scope]


def run(moves: int) -> dict[str, dict[str, dict[str, dict[str, float]]]]:
    os.chdir(REPO_ROOT)
    sys.path.insert(0, str(REPO_ROOT))
    from streamlit.testing.v1 import AppTest

    from model.levers import LEVER_SPECS
    from ui.inputs import positions

    spec = LEVER_SPECS["budget_bn"]
    global STOPS
    STOPS = list(positions(float(spec.low), float(spec.high), float(spec.step)))
    from ui.scenario_state import FRAGMENTS_ENV

    report: dict[str, dict[str, dict[str, dict[str, float]]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "reruns.tsv"
        os.environ["UCJ_RERUN_LOG"] = str(log)
        fresh_value = 0.5
        for page in PAGES:
            report[page] = {}
            for scope in ("full", "fragment"):
                os.environ[FRAGMENTS_ENV] = "1" if scope == "fragment" else "0"
                at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=120)
                at.run()
                at.switch_page(f"app_pages/{page}.py").run()

                def move(value: float, at: AppTest = at, page: str = page, scope: str = scope) -> None:
                    at.sidebar.select_slider(key="bud").set_value(value)  # its stops: ui/inputs.py positions
                    at.run()
                    if at.exception:
                        raise RuntimeError(f"{page}: {at.exception[0].message}")
                    if scope == "fragment":  # draw the sidebar again for the next move (not measured)
                        at.run()

                for value in (10.5, 10.0, 10.5, 10.0):  # warm-up: fill the cache for both values (ends on 10.0)
                    move(value)
                results: dict[str, dict[str, float]] = {}
                for kind in ("repeat", "fresh"):
                    log.write_text("", encoding="utf-8")
                    for i in range(moves):
                        if kind == "repeat":
                            value = 10.0 if i % 2 else 10.5
                        else:
                            fresh_value += 1  # the next stop above Rp20 miliar not used before
                            value = STOPS[(STOPS.index(20.0) + int(fresh_value)) % len(STOPS)]
                        move(value)
                    times = _read_log(log, scope)
                    if len(times) != moves:
                        raise RuntimeError(f"{page}: {len(times)} {scope} runs logged for {moves} moves")
                    results[kind] = {
                        "median_ms": round(statistics.median(times), 1),
                        "p95_ms": round(_p95(times), 1),
                        "n": len(times),
                    }
                report[page][scope] = results
                print(f"[bench_server] {page} {scope}: {results}", file=sys.stderr, flush=True)
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=30, help="reruns per page and kind (default 30)")
    args = parser.parse_args()
    print(json.dumps(run(args.moves), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
