"""Where a slider move's time goes in the browser: a Chromium trace and a JavaScript CPU profile of N moves.

Usage (from the repo root)::

    .venv/bin/python benchmarks/profile_ui.py [--url-path simulasi] [--moves 10] [--app app.py|floor]
        [--top 25] [--trace-out trace.json] [--viewport 1400x900]

bench_ui.py says how slow a move is against the floor app; this says why. It serves the app, moves the first
sidebar slider a few times to warm up, then records N moves with

- a performance trace (what Chrome's Performance panel records): the renderer main thread's busy time per
  move, split by kind of work (script, style, layout, paint, parsing, garbage collection...), counting each
  event's own time (its duration minus its children's);
- a sampling CPU profile of the page's JavaScript: self time per function and per script file, so a
  Streamlit element (its bundle chunk, e.g. ``ArrowVegaLiteChart``, ``embed`` = Vega) can be named.

Prints one JSON object on stdout. Milliseconds are per move. A loaded machine stretches every figure alike;
compare the app with the floor (``--app floor``) in the same minutes.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from playwright.sync_api import sync_playwright

from benchmarks.ui_timing import measure_slider_moves, summarize
from tests.e2e.streamlit_server import launch_browser, run_streamlit, wait_for_rerun_done

FLOOR_APP = REPO_ROOT / "benchmarks" / "floor_app.py"
CATEGORIES = [
    "devtools.timeline",
    "disabled-by-default-devtools.timeline",
    "v8",
    "v8.execute",
    "blink",
]
# Trace event names grouped into the kinds of work the Performance panel shows.
KINDS = {
    "script": {
        "FunctionCall",
        "EvaluateScript",
        "v8.compile",
        "v8.run",
        "TimerFire",
        "EventDispatch",
        "FireAnimationFrame",
        "RunMicrotasks",
        "v8.callFunction",
        "V8.Execute",
        "RunTask",
    },
    "style": {"UpdateLayoutTree", "RecalculateStyles", "ParseAuthorStyleSheet", "ScheduleStyleRecalculation"},
    "layout": {"Layout", "UpdateLayerTree", "IntersectionObserverController::computeIntersections"},
    "paint": {"Paint", "PaintImage", "RasterTask", "CompositeLayers", "PrePaint", "Layerize", "Commit"},
    "gc": {"MajorGC", "MinorGC", "V8.GCScavenger", "V8.GCFinalizeMC", "BlinkGC.AtomicPhase"},
    "parse": {"ParseHTML", "v8.parseOnBackground"},
}


def _log(msg: str) -> None:
    print(f"[profile_ui] {msg}", file=sys.stderr, flush=True)


def _main_thread(events: list[dict[str, Any]]) -> tuple[int, int] | None:
    """(pid, tid) of the page's renderer main thread (the busiest CrRendererMain)."""
    mains = {
        (e["pid"], e["tid"])
        for e in events
        if e.get("ph") == "M" and e.get("name") == "thread_name" and e["args"].get("name") == "CrRendererMain"
    }
    busy: collections.Counter[tuple[int, int]] = collections.Counter()
    for e in events:
        if e.get("ph") == "X" and (e["pid"], e["tid"]) in mains:
            busy[(e["pid"], e["tid"])] += e.get("dur", 0)
    return busy.most_common(1)[0][0] if busy else None


def self_times(events: list[dict[str, Any]]) -> dict[str, float]:
    """Own time (µs) per event name on the renderer main thread: each complete event's duration minus the
    durations of the events nested directly inside it (so nothing is counted twice)."""
    main = _main_thread(events)
    if main is None:
        return {}
    spans = sorted(
        (e["ts"], e["ts"] + e.get("dur", 0), e["name"])
        for e in events
        if e.get("ph") == "X" and (e["pid"], e["tid"]) == main and e.get("dur", 0) > 0
    )
    own: collections.Counter[str] = collections.Counter()
    stack: list[list[Any]] = []  # [start, end, name, children_time]
    for start, end, name in spans:
        while stack and stack[-1][1] <= start:
            done = stack.pop()
            own[done[2]] += done[1] - done[0] - done[3]
        if stack:
            stack[-1][3] += min(end, stack[-1][1]) - start
        stack.append([start, end, name, 0.0])
    while stack:
        done = stack.pop()
        own[done[2]] += done[1] - done[0] - done[3]
    return dict(own)


def by_kind(own: dict[str, float]) -> dict[str, float]:
    kinds: collections.Counter[str] = collections.Counter()
    for name, us in own.items():
        kind = next((k for k, names in KINDS.items() if name in names), "other")
        kinds[kind] += us
    return dict(kinds)


def profile_tables(profile: dict[str, Any]) -> tuple[dict[str, float], dict[str, float]]:
    """Self time (µs) per function ("name @ file:line") and per script file, from a CDP sampling profile."""
    nodes = {n["id"]: n for n in profile["nodes"]}
    deltas = profile.get("timeDeltas", [])
    per_node: collections.Counter[int] = collections.Counter()
    for node_id, delta in zip(profile.get("samples", []), [*deltas[1:], 0], strict=False):
        per_node[node_id] += delta
    funcs: collections.Counter[str] = collections.Counter()
    files: collections.Counter[str] = collections.Counter()
    for node_id, us in per_node.items():
        frame = nodes[node_id]["callFrame"]
        url = frame.get("url", "").rsplit("/", 1)[-1] or "(native)"
        name = frame.get("functionName") or "(anonymous)"
        if name in ("(idle)", "(program)", "(garbage collector)", "(root)"):
            url = name
        funcs[f"{name} @ {url}:{frame.get('lineNumber', -1) + 1}:{frame.get('columnNumber', -1) + 1}"] += us
        files[url] += us
    return dict(funcs), dict(files)


def _top(table: dict[str, float], n: int, moves: int) -> dict[str, float]:
    return {k: round(v / 1000 / moves, 2) for k, v in sorted(table.items(), key=lambda kv: -kv[1])[:n]}


def run(args: argparse.Namespace) -> dict[str, Any]:
    app = FLOOR_APP if args.app == "floor" else (REPO_ROOT / args.app)
    width, height = (int(x) for x in args.viewport.split("x"))
    with run_streamlit(str(app), cwd=str(REPO_ROOT)) as base, sync_playwright() as pw:
        url = f"{base}/{args.url_path.strip('/')}" if args.url_path.strip("/") else base
        browser = launch_browser(pw)
        try:
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            page.goto(url)
            wait_for_rerun_done(page, 120_000)
            sidebar = page.get_by_test_id("stSidebar").get_by_role("slider")
            slider = sidebar.first if args.app != "floor" else page.get_by_role("slider").first
            slider.wait_for(state="attached", timeout=30_000)
            measure_slider_moves(page, slider, 3)
            cdp = context.new_cdp_session(page)
            cdp.send("Profiler.enable")
            cdp.send("Profiler.setSamplingInterval", {"interval": 200})
            browser.start_tracing(page=page, categories=CATEGORIES)
            cdp.send("Profiler.start")
            moves = measure_slider_moves(page, slider, args.moves)
            profile = cdp.send("Profiler.stop")["profile"]
            trace = browser.stop_tracing()
            context.close()
        finally:
            browser.close()
    if args.trace_out:
        Path(args.trace_out).write_bytes(trace)
    if args.profile_out:
        Path(args.profile_out).write_text(json.dumps(profile), encoding="utf-8")
    events = json.loads(trace)
    events = events["traceEvents"] if isinstance(events, dict) else events
    own = self_times(events)
    funcs, files = profile_tables(profile)
    n = args.moves
    busy = sum(own.values())
    return {
        "app": str(app.name),
        "url_path": args.url_path,
        "moves": summarize([m.ms for m in moves]),
        "main_thread_busy_ms_per_move": round(busy / 1000 / n, 1),
        "main_thread_by_kind_ms": _top(by_kind(own), 12, n),
        "main_thread_top_events_ms": _top(own, args.top, n),
        "js_self_by_file_ms": _top(files, args.top, n),
        "js_self_by_function_ms": _top(funcs, args.top, n),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--app", default="app.py", help="app.py (relative to the repo), or 'floor' for the floor app")
    p.add_argument("--url-path", default="", help="page path, e.g. 'simulasi'")
    p.add_argument("--moves", type=int, default=10)
    p.add_argument("--top", type=int, default=25)
    p.add_argument("--viewport", default="1400x900")
    p.add_argument("--trace-out", default="", help="also write the raw trace (open it in Chrome's Performance panel)")
    p.add_argument("--profile-out", default="", help="also write the raw CPU profile (.cpuprofile, for DevTools)")
    args = p.parse_args(argv)
    print(json.dumps(run(args), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
