"""A workshop room on one laptop: N participants at once, driven at Streamlit's protocol level (no browser).

Each simulated participant opens a websocket to the server (`/_stcore/stream`, subprotocol "streamlit"),
sends what a browser sends (a BackMsg `rerun_script` with the page name and query string), reads the
ForwardMsgs until `script_finished` (its first load), then moves the budget slider 10 times: a BackMsg
`rerun_script` whose WidgetStates hold the slider's new value (a select slider sends its option text, a
slider its number), each timed until the run's `script_finished`. All N participants run at once.

Beside the app, in the same run and under the same load, the one-slider app `benchmarks/floor_app.py`
(what Streamlit itself costs). Each (app, N) gets a freshly started server, so its memory figure is its
own: RSS of the server and its child processes before the participants connect and at the end, per extra
session. Prints, per N: median and p95 of the first load and of a move, errors, memory, and the ratios.

    .venv/bin/python benchmarks/bench_load.py [--sizes 1,10,30,50] [--moves 10] [--page simulasi]
        [--url http://127.0.0.1:8080 --pid PID]   # measure an already running setup (e.g. behind nginx)

Only ever targets 127.0.0.1 (or the URL given). Protocol reference: streamlit/proto/BackMsg.proto,
ForwardMsg.proto, ClientState.proto, WidgetStates.proto (the Python package ships the compiled modules).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.Slider_pb2 import Slider
from streamlit.proto.WidgetStates_pb2 import WidgetState

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.streamlit_server import run_streamlit

APP = ROOT / "app.py"
FLOOR = ROOT / "benchmarks" / "floor_app.py"
TIMEOUT_S = 180.0
FINISHED = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_SUCCESSFULLY")


@dataclass
class SliderInfo:
    id: str
    select: bool
    options: list[str]
    minimum: float
    maximum: float
    step: float


@dataclass
class Participant:
    """One simulated phone: its own websocket session and the widgets its page shows."""

    index: int
    first_load_s: float | None = None
    moves_s: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    sliders: dict[str, SliderInfo] = field(default_factory=dict)

    def learn(self, msg: ForwardMsg) -> None:
        """Remember the sliders the page shows (their ids change with label, options and language)."""
        if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
            return
        element = msg.delta.new_element
        if element.WhichOneof("type") != "slider":
            return
        s = element.slider
        self.sliders[s.label] = SliderInfo(
            s.id, s.type == Slider.Type.SELECT_SLIDER, list(s.options), s.min, s.max, s.step
        )


def _rerun(page: str, query: str, states: list[WidgetState]) -> bytes:
    msg = BackMsg()
    client = msg.rerun_script
    client.query_string = query
    client.page_name = page
    client.widget_states.widgets.extend(states)
    return msg.SerializeToString()


async def _until_finished(ws, participant: Participant) -> None:
    """Read ForwardMsgs until a run finishes successfully (a run ended early for a rerun keeps reading)."""
    while True:
        data = await ws.recv()
        msg = ForwardMsg.FromString(data)
        kind = msg.WhichOneof("type")
        participant.learn(msg)
        is_element = kind == "delta" and msg.delta.WhichOneof("type") == "new_element"
        if is_element and msg.delta.new_element.WhichOneof("type") == "exception":
            participant.errors.append(msg.delta.new_element.exception.message[:200])
        if kind == "script_finished" and msg.script_finished == FINISHED:
            return
        if kind == "page_not_found":
            raise RuntimeError("page not found")


def _budget_slider(participant: Participant) -> SliderInfo:
    """The page's budget slider (the lever every participant moves), else its first slider."""
    for label, info in participant.sliders.items():
        if "Anggaran" in label or "budget" in label.lower():
            return info
    if not participant.sliders:
        raise RuntimeError("no slider on the page")
    return next(iter(participant.sliders.values()))


def _move_state(info: SliderInfo, rng: random.Random) -> WidgetState:
    state = WidgetState(id=info.id)
    if info.select:
        state.string_array_value.data.append(rng.choice(info.options))
    else:
        steps = round((info.maximum - info.minimum) / (info.step or 1))
        state.double_array_value.data.append(info.minimum + rng.randint(0, steps) * (info.step or 1))
    return state


async def participant_run(ws_url: str, page: str, participant: Participant, moves: int, start: asyncio.Event) -> None:
    rng = random.Random(1000 + participant.index)
    await start.wait()
    t0 = time.perf_counter()
    try:
        async with websockets.connect(
            ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=TIMEOUT_S, ping_interval=None
        ) as ws:
            await ws.send(_rerun(page, "", []))
            await asyncio.wait_for(_until_finished(ws, participant), TIMEOUT_S)
            participant.first_load_s = time.perf_counter() - t0
            for _ in range(moves):
                info = _budget_slider(participant)
                m0 = time.perf_counter()
                await ws.send(_rerun(page, "", [_move_state(info, rng)]))
                await asyncio.wait_for(_until_finished(ws, participant), TIMEOUT_S)
                participant.moves_s.append(time.perf_counter() - m0)
    except Exception as error:
        participant.errors.append(f"{type(error).__name__}: {error}"[:200])


def rss_mb(pid: int) -> float:
    """Resident memory of the server and its children (the model's helper processes), in MB."""
    try:
        process = psutil.Process(pid)
        processes = [process, *process.children(recursive=True)]
    except psutil.NoSuchProcess:
        return float("nan")
    total = 0
    for p in processes:
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return total / 1e6


async def room(base_url: str, pid: int, page: str, n: int, moves: int) -> dict:
    ws_url = base_url.replace("http", "ws", 1).rstrip("/") + "/_stcore/stream"
    # One participant first (not counted): warms imports and caches, as the presenter does before the room.
    warm = Participant(-1)
    await participant_run(ws_url, page, warm, 1, _set_event())
    await asyncio.sleep(1.0)
    before = rss_mb(pid)
    start = asyncio.Event()
    people = [Participant(i) for i in range(n)]
    tasks = [asyncio.create_task(participant_run(ws_url, page, p, moves, start)) for p in people]
    peak = before

    async def watch() -> None:
        nonlocal peak
        while not all(t.done() for t in tasks):
            peak = max(peak, rss_mb(pid))
            await asyncio.sleep(0.25)

    watcher = asyncio.create_task(watch())
    start.set()
    await asyncio.gather(*tasks)
    await watcher
    loads = [p.first_load_s for p in people if p.first_load_s is not None]
    move_times = [m for p in people for m in p.moves_s]
    errors = [e for p in people for e in p.errors]
    return {
        "n": n,
        "load": _stats(loads),
        "move": _stats(move_times),
        "errors": len(errors),
        "error_examples": sorted(set(errors))[:3],
        "mem_before": before,
        "mem_peak": peak,
        "mem_per_session": (peak - before) / n if n else 0.0,
        "moves_done": len(move_times),
    }


def _set_event() -> asyncio.Event:
    event = asyncio.Event()
    event.set()
    return event


def _stats(values: list[float]) -> dict:
    if not values:
        return {"median": float("nan"), "p95": float("nan")}
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median": statistics.median(ordered), "p95": p95}


def measure(app: Path, page: str, n: int, moves: int) -> dict:
    """A fresh server for (app, n): its memory and timings are its own."""
    with run_streamlit(str(app), cwd=str(ROOT)) as url:
        pid = _server_pid(url)
        return asyncio.run(room(url, pid, page, n, moves))


def _server_pid(url: str) -> int:
    port = int(url.rsplit(":", 1)[1])
    for conn in psutil.net_connections(kind="tcp"):
        if conn.laddr and conn.laddr.port == port and conn.status == psutil.CONN_LISTEN and conn.pid:
            return conn.pid
    raise RuntimeError(f"no process listens on {port}")


def _fmt(x: float) -> str:
    return f"{x:6.2f}"


def report(rows: list[tuple[dict, dict]]) -> None:
    print()
    print(
        "   N | load med  p95 (s) | floor med  p95 | ratio p95 | move med  p95 (s) | floor med  p95 | ratio p95 "
        "| errors app/floor | MB/session app floor | server MB app floor"
    )
    for app, floor in rows:
        load_ratio = app["load"]["p95"] / floor["load"]["p95"]
        move_ratio = app["move"]["p95"] / floor["move"]["p95"]
        print(
            f"{app['n']:4d} | {_fmt(app['load']['median'])} {_fmt(app['load']['p95'])} "
            f"| {_fmt(floor['load']['median'])} {_fmt(floor['load']['p95'])} | {load_ratio:9.2f} "
            f"| {_fmt(app['move']['median'])} {_fmt(app['move']['p95'])} "
            f"| {_fmt(floor['move']['median'])} {_fmt(floor['move']['p95'])} | {move_ratio:9.2f} "
            f"| {app['errors']:6d} / {floor['errors']:<6d} "
            f"| {app['mem_per_session']:8.1f} {floor['mem_per_session']:6.1f} "
            f"| {app['mem_peak']:7.0f} {floor['mem_peak']:5.0f}"
        )
        for example in app["error_examples"]:
            print(f"       app error: {example}")
        for example in floor["error_examples"]:
            print(f"       floor error: {example}")
    print(
        "\nTargets at N = 30 and 50: p95 of a move and of a first load <= 1.3x the floor's, zero errors, "
        "<= 10 MB per extra session."
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,10,30,50")
    parser.add_argument("--moves", type=int, default=10)
    parser.add_argument("--page", default="simulasi")
    parser.add_argument("--url", help="an already running app (e.g. nginx in front of several servers)")
    parser.add_argument("--pid", type=int, help="with --url: the process whose memory (and children's) to read")
    args = parser.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    rows = []
    for n in sizes:
        if args.url:
            app = asyncio.run(room(args.url, args.pid or 0, args.page, n, args.moves))
        else:
            app = measure(APP, args.page, n, args.moves)
        floor = measure(FLOOR, "", n, args.moves)
        rows.append((app, floor))
        print(
            f"N={n}: app load p95 {app['load']['p95']:.2f}s move p95 {app['move']['p95']:.2f}s "
            f"errors {app['errors']} | floor load p95 {floor['load']['p95']:.2f}s move p95 "
            f"{floor['move']['p95']:.2f}s errors {floor['errors']}",
            flush=True,
        )
    report(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
