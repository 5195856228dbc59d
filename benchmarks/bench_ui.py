"""UI latency benchmark: the real app's slider reruns vs. the floor app's.

Usage (from the repo root)::

    .venv/bin/python benchmarks/bench_ui.py [--moves 25] [--app app.py]
        [--slider-label TEXT] [--url-path PATH] [--ready-selector CSS]

Why a ratio to a floor app: absolute milliseconds depend on the machine and
on Streamlit itself; serving the minimal ``floor_app.py`` in the same run, on
the same box and browser, turns "is the app fast?" into "how much do we add on
top of what Streamlit costs anyway?". Moves are interleaved in small blocks so
a noisy moment on the machine hits both apps alike.

Beside the wall time of each move, the work it costs is counted in CPU time, per move: the
server process's (and its kernel workers') user+system time, and the page's renderer process time
(Chrome's ``ProcessTime`` from the DevTools protocol), with the renderer's main-thread breakdown (script,
style, layout). On a machine shared with other work, CPU time is far steadier than wall time: a wall-time
ratio mixes our cost with whatever else was queued for the two cores at that moment, a CPU ratio does not.

Prints one JSON object on stdout (progress on stderr); exits 0 when all
targets pass, 1 when not, 2 when the run itself failed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

REPO_ROOT = Path(__file__).resolve().parents[1]
# Run as a script, so make ``benchmarks`` and ``tests`` importable from the root.
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import sync_playwright

from benchmarks.ui_timing import (
    MoveTiming,
    measure_cold_start,
    measure_slider_moves,
    summarize,
)
from tests.e2e.streamlit_server import (
    launch_browser,
    run_streamlit,
    wait_for_rerun_done,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Locator, Page

FLOOR_APP = REPO_ROOT / "benchmarks" / "floor_app.py"
TARGETS: dict[str, float] = {
    "median_ratio_max": 1.5,
    "p95_ms_max": 1000,
    "cold_start_ms_max": 3000,
}
WARMUP_MOVES = 3
BLOCK = 5  # moves per app before switching to the other one


def _log(msg: str) -> None:
    print(f"[bench_ui] {msg}", file=sys.stderr, flush=True)


def _join(base_url: str, url_path: str) -> str:
    return f"{base_url}/{url_path.strip('/')}" if url_path.strip("/") else base_url


def _open(browser: Browser, url: str) -> tuple[BrowserContext, Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto(url)
    wait_for_rerun_done(page, 120_000)
    return context, page


def _find_slider(page: Page, label: str | None) -> Locator:
    """By accessible name if given, else the first sidebar slider (or page's)."""
    if label:
        loc = page.get_by_role("slider", name=label).first
        loc.wait_for(state="attached", timeout=30_000)
        return loc
    # The sidebar can mount a moment after the script reports idle, so wait
    # for some slider first instead of trusting an instantaneous count.
    any_slider = page.get_by_role("slider").first
    any_slider.wait_for(state="attached", timeout=30_000)
    sidebar = page.get_by_test_id("stSidebar").get_by_role("slider")
    try:
        sidebar.first.wait_for(state="attached", timeout=2_000)
    except PlaywrightTimeoutError:
        _log("no slider in the sidebar; using the first slider on the page")
        return any_slider
    return sidebar.first


def server_pid(url: str) -> int | None:
    """The process listening on the URL's port (the Streamlit server), or None if it cannot be found."""
    import psutil

    port = int(url.rsplit(":", 1)[1].split("/")[0])
    for conn in psutil.net_connections(kind="tcp"):
        if conn.status == psutil.CONN_LISTEN and conn.laddr and conn.laddr.port == port and conn.pid:
            return int(conn.pid)
    return None


def process_cpu_s(pid: int | None) -> float:
    """User + system CPU seconds of a process and its children (the kernel's worker pool)."""
    import psutil

    if pid is None:
        return 0.0
    try:
        proc = psutil.Process(pid)
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0.0
    total = 0.0
    for one in procs:
        with contextlib.suppress(psutil.Error):
            times = one.cpu_times()
            total += times.user + times.system
    return total


BROWSER_METRICS = ("ProcessTime", "TaskDuration", "ScriptDuration", "RecalcStyleDuration", "LayoutDuration")


class CpuMeter:
    """CPU seconds one app's moves cost: its server process (with children) and its page's renderer."""

    def __init__(self, page: Page, pid: int | None) -> None:
        self.pid = pid
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("Performance.enable")
        self.totals = {"server": 0.0, **dict.fromkeys(BROWSER_METRICS, 0.0)}
        self.moves = 0
        self._start: dict[str, float] = {}

    def _read(self) -> dict[str, float]:
        metrics = {m["name"]: m["value"] for m in self.cdp.send("Performance.getMetrics")["metrics"]}
        return {"server": process_cpu_s(self.pid), **{k: float(metrics.get(k, 0.0)) for k in BROWSER_METRICS}}

    def start(self) -> None:
        self._start = self._read()

    def stop(self, moves: int) -> None:
        end = self._read()
        for key, value in end.items():
            self.totals[key] += value - self._start[key]
        self.moves += moves

    def per_move_ms(self) -> dict[str, float]:
        n = max(self.moves, 1)
        out = {f"{k}_ms": round(1000 * v / n, 1) for k, v in self.totals.items()}
        out["cpu_total_ms"] = round(out["server_ms"] + out["ProcessTime_ms"], 1)
        return out


def _ms(timings: list[MoveTiming]) -> list[float]:
    return [t.ms for t in timings]


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Do the whole benchmark and return the report dict."""

    app_path = Path(args.app)
    if not app_path.is_absolute():
        app_path = REPO_ROOT / app_path
    has_app = app_path.is_file()
    if not has_app:
        _log(f"target app {app_path} does not exist; measuring the floor app only")

    report: dict[str, Any] = {"floor": None, "app": None, "compare": None}
    notes: list[str] = []
    with contextlib.ExitStack() as stack:
        # The floor runs with this repository's Streamlit configuration (.streamlit/config.toml, as the app), or
        # with Streamlit's defaults (`--floor-config default`: from a directory without one), which is how
        # the floor was measured before the configuration turned off the full garbage collection after each
        # run (a default Streamlit server collects ~100 ms of garbage on every rerun of a pandas/Altair app).
        floor_cwd = (
            str(REPO_ROOT) if args.floor_config == "repo" else stack.enter_context(tempfile.TemporaryDirectory())
        )
        floor_url = stack.enter_context(run_streamlit(str(FLOOR_APP), cwd=floor_cwd))
        app_url = (
            _join(
                stack.enter_context(run_streamlit(str(app_path), cwd=str(REPO_ROOT))),
                args.url_path,
            )
            if has_app
            else None
        )
        # Another version of the app (e.g. the last commit's, checked out elsewhere) measured in the same run,
        # interleaved with the other two: a before/after comparison that the machine's load cannot tilt.
        compare_url = None
        if args.compare_app:
            compare_app = str(Path(args.compare_app).resolve())
            compare_url = _join(stack.enter_context(run_streamlit(compare_app, cwd=str(REPO_ROOT))), args.url_path)
        pw = stack.enter_context(sync_playwright())
        browser = launch_browser(pw)
        stack.callback(browser.close)

        # First page load on each server; the floor goes first only so that the
        # browser's own first-navigation overhead is not billed to the app.
        floor_first = measure_cold_start(browser, floor_url)
        app_first = measure_cold_start(browser, app_url, args.ready_selector) if app_url else None
        _log(
            f"first load after server start: floor={floor_first:.0f} ms, "
            f"app={'-' if app_first is None else f'{app_first:.0f}'} ms"
        )

        # Warm-up: one page per app, a few discarded moves.
        pages: dict[str, tuple[Page, Locator]] = {}
        meters: dict[str, CpuMeter] = {}
        for name, url, label in (
            ("floor", floor_url, "Nilai k"),
            ("app", app_url, args.slider_label),
            ("compare", compare_url, args.slider_label),
        ):
            if url is None:
                continue
            context, page = _open(browser, url)
            stack.callback(context.close)
            slider = _find_slider(page, label)
            measure_slider_moves(page, slider, WARMUP_MOVES)
            pages[name] = (page, slider)
            meters[name] = CpuMeter(page, server_pid(url))

        # Measured moves, interleaved in blocks. Direction alternates within a
        # block; an odd block nets one step, so the next block starts with the
        # opposite key and the value keeps oscillating around its start.
        timings: dict[str, list[MoveTiming]] = {name: [] for name in pages}
        done = 0
        while done < args.moves:
            n = min(BLOCK, args.moves - done)
            for name, (page, slider) in pages.items():
                key = "ArrowRight" if done % 2 == 0 else "ArrowLeft"
                meters[name].start()
                timings[name] += measure_slider_moves(page, slider, n, key)
                meters[name].stop(n)
            done += n
            _log(f"{done}/{args.moves} moves per app")

        # Fresh browser context on an already-warm server.
        cold: dict[str, float] = {}
        for name, url, sel in (
            ("floor", floor_url, '[data-testid="stApp"]'),
            ("app", app_url, args.ready_selector),
            ("compare", compare_url, args.ready_selector),
        ):
            if url is not None:
                runs = [measure_cold_start(browser, url, sel) for _ in range(3)]
                cold[name] = statistics.median(runs)

    for name, moves in timings.items():
        section: dict[str, Any] = summarize(_ms(moves))
        inexact = sum(not t.exact for t in moves)
        section["estimated_moves"] = inexact
        section["cold_start_fresh_context_ms"] = round(cold[name], 1)
        section["cpu_per_move"] = meters[name].per_move_ms()
        if inexact:
            est = [f"{t.ms:.0f}" for t in moves if not t.exact]
            _log(f"{name}: estimated durations (ms): {', '.join(est)}")
            notes.append(
                f"{name}: {inexact} rerun(s) finished before a busy state was "
                "rendered; their end time is estimated (lower bound)"
            )
        report[name] = section
    report["floor"]["first_after_server_start_ms"] = round(floor_first, 1)

    floor_med = report["floor"]["median_ms"]
    app_sec = report["app"]
    ratio = round(app_sec["median_ms"] / floor_med, 3) if app_sec and floor_med else None
    report["ratio_median"] = ratio
    if report.get("compare"):
        compare_cpu = report["compare"]["cpu_per_move"]
        report["compare_ratio_median"] = round(report["compare"]["median_ms"] / floor_med, 3) if floor_med else None
        report["compare_ratio_cpu"] = {
            part: round(compare_cpu[part] / report["floor"]["cpu_per_move"][part], 3)
            if report["floor"]["cpu_per_move"][part]
            else None
            for part in ("cpu_total_ms", "server_ms", "ProcessTime_ms")
        }
    if app_sec and report["floor"]["cpu_per_move"]["cpu_total_ms"]:
        app_cpu, floor_cpu = app_sec["cpu_per_move"], report["floor"]["cpu_per_move"]
        report["ratio_cpu"] = {
            part: round(app_cpu[part] / floor_cpu[part], 3) if floor_cpu[part] else None
            for part in ("cpu_total_ms", "server_ms", "ProcessTime_ms")
        }
    with contextlib.suppress(OSError):
        report["load_average"] = [round(x, 2) for x in os.getloadavg()]
    report["cold_start_ms"] = {
        "first_after_server_start": round(app_first, 1) if app_first is not None else None,
        "fresh_context": round(cold["app"], 1) if "app" in cold else None,
    }
    report["targets"] = TARGETS
    checks: dict[str, bool] = {}
    if app_sec:
        checks["median_ratio"] = ratio is not None and ratio <= TARGETS["median_ratio_max"]
        checks["p95"] = app_sec["p95_ms"] <= TARGETS["p95_ms_max"]
        checks["cold_start_fresh_context"] = cold["app"] <= TARGETS["cold_start_ms_max"]
        if args.gate_first_load:
            checks["cold_start_first_after_server_start"] = (
                app_first is not None and app_first <= TARGETS["cold_start_ms_max"]
            )
    else:
        notes.append(f"target app {app_path} not found: nothing to pass")
    report["checks"] = checks
    report["pass"] = bool(checks) and all(checks.values())
    report["config"] = {
        "app": str(app_path),
        "url_path": args.url_path,
        "slider_label": args.slider_label,
        "moves": args.moves,
        "ready_selector": args.ready_selector,
        "floor_config": args.floor_config,
        "compare_app": args.compare_app or None,
    }
    report["notes"] = notes
    return report


def main(argv: list[str] | None = None) -> int:
    """CLI entry point; see module docstring."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--moves", type=int, default=25, help="measured moves per app")
    p.add_argument("--app", default="app.py", help="target app (relative to repo)")
    p.add_argument(
        "--slider-label",
        default=None,
        help="accessible name of the target slider (default: first in sidebar)",
    )
    p.add_argument("--url-path", default="", help="page path of the target app, e.g. 'simulasi'")
    p.add_argument(
        "--ready-selector",
        default='[data-testid="stApp"]',
        help="element that must be visible for the target app to count as loaded",
    )
    p.add_argument(
        "--floor-config",
        choices=("repo", "default"),
        default="repo",
        help="the floor app's Streamlit configuration: this repository's (as the app) or Streamlit's defaults",
    )
    p.add_argument(
        "--compare-app",
        default="",
        help="another app file (e.g. a checkout of the previous commit) measured in the same run, interleaved",
    )
    p.add_argument(
        "--gate-first-load",
        action="store_true",
        help="also apply cold_start_ms_max to the first load after server start",
    )
    args = p.parse_args(argv)
    if args.moves < 1:
        p.error("--moves must be >= 1")
    try:
        report = run(args)
    except Exception as exc:
        print(json.dumps({"error": f"{type(exc).__name__}: {exc}", "pass": False}))
        return 2
    print(json.dumps(report, indent=2))
    return 0 if report["pass"] else 1


if __name__ == "__main__":
    sys.exit(main())
