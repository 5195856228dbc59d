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
        [--servers K]        # K app servers behind nginx (deploy/nginx.conf), the floor stays ONE server
        [--upload-bomb]      # participant 0 uploads the million-row XLSX on the Data page, again and again,
                             # while the others move levers; also runs the same room without it
        [--url http://127.0.0.1:8080 --pid PID]   # measure an already running setup (e.g. behind nginx)

Several servers: each is its own process (its own interpreter lock, its own run cache), nginx hashes each
new browser (here: each websocket) to one of them and keeps it there. The floor app is measured as one
server, as Streamlit runs it: the comparison says what the deployment costs against what Streamlit costs.

Only ever targets 127.0.0.1 (or the URL given). Protocol reference: streamlit/proto/BackMsg.proto,
ForwardMsg.proto, ClientState.proto, WidgetStates.proto (the Python package ships the compiled modules).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import statistics
import sys
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Common_pb2 import FileUploaderState, UploadedFileInfo
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.Slider_pb2 import Slider
from streamlit.proto.WidgetStates_pb2 import WidgetState

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_reader import million_rows
from tests.e2e.streamlit_server import run_streamlit
from tests.services import nginx

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
    uploader_id: str | None = None
    session_id: str | None = None
    uploads_s: list[float] = field(default_factory=list)
    refusals: int = 0

    def learn(self, msg: ForwardMsg) -> None:
        """Remember the sliders the page shows (their ids change with label, options and language), the
        file uploader and the session's id (an upload names it)."""
        if msg.WhichOneof("type") == "new_session":
            self.session_id = msg.new_session.initialize.session_id
        if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
            return
        element = msg.delta.new_element
        if element.WhichOneof("type") == "file_uploader":
            self.uploader_id = element.file_uploader.id
        if element.WhichOneof("type") == "alert" and element.alert.format == element.alert.ERROR:
            self.refusals += 1
        if element.WhichOneof("type") != "slider":
            return
        s = element.slider
        if s.disabled:  # a region's own lever while it follows the national one: a person cannot move it
            return
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


def _xsrf_cookie(base_url: str) -> str:
    """The XSRF cookie the server hands a browser with its page (an upload must echo it in a header)."""
    with urllib.request.urlopen(base_url.rstrip("/") + "/_stcore/health", timeout=30) as response:
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            if name.strip() == "_streamlit_xsrf":
                return rest.split(";", 1)[0]
    raise RuntimeError("no XSRF cookie")


def _put_file(url: str, name: str, raw: bytes, xsrf: str, cookies: str) -> int:
    """What the browser does with a picked file: a multipart PUT to the URL the server gave for it."""
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{name}"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + raw
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        url,
        data=body,
        method="PUT",
        headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "X-Xsrftoken": xsrf,
            "Cookie": cookies,
        },
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
        return response.status


async def upload_file(
    ws, participant: Participant, base_url: str, name: str, raw: bytes, xsrf: str, cookies: str, page: str = "data"
) -> None:
    """Pick a file in the page's uploader as a browser does: ask the server for an upload URL, PUT the file
    there, then rerun with the uploader's state naming the file; returns when that run has finished."""
    if participant.uploader_id is None or participant.session_id is None:
        raise RuntimeError("no file uploader on the page")
    ask = BackMsg()
    ask.file_urls_request.request_id = uuid.uuid4().hex[:8]
    ask.file_urls_request.file_names.append(name)
    ask.file_urls_request.session_id = participant.session_id
    await ws.send(ask.SerializeToString())
    urls = None
    while urls is None:
        msg = ForwardMsg.FromString(await asyncio.wait_for(ws.recv(), TIMEOUT_S))
        participant.learn(msg)
        if msg.WhichOneof("type") == "file_urls_response":
            urls = msg.file_urls_response.file_urls[0]
    upload_url = urls.upload_url
    if upload_url.startswith("/"):
        upload_url = base_url.rstrip("/") + upload_url
    await asyncio.to_thread(_put_file, upload_url, name, raw, xsrf, cookies)
    state = WidgetState(id=participant.uploader_id)
    info = UploadedFileInfo(name=name, size=len(raw), file_id=urls.file_id, file_urls=urls)
    state.file_uploader_state_value.CopyFrom(FileUploaderState(uploaded_file_info=[info]))
    await ws.send(_rerun(page, "", [state]))
    await asyncio.wait_for(_until_finished(ws, participant), TIMEOUT_S)


def session_cookies(base_url: str) -> tuple[str, str]:
    """(XSRF token, Cookie header) of a new browser: the server's XSRF cookie, and behind nginx a sticky cookie
    of its own so that its upload reaches the server that holds its session."""
    xsrf = _xsrf_cookie(base_url)
    return xsrf, f"_streamlit_xsrf={xsrf}; ucj_server=browser{uuid.uuid4().hex[:8]}"


async def uploader_run(base_url: str, participant: Participant, uploads: int, raw: bytes, start: asyncio.Event) -> None:
    """A participant who opens the Data page and uploads the million-row XLSX `uploads` times, each timed from
    picking the file (URL request, PUT, rerun) to the run that shows the refusal."""
    ws_url = base_url.replace("http", "ws", 1).rstrip("/") + "/_stcore/stream"
    await start.wait()
    try:
        xsrf, cookies = await asyncio.to_thread(session_cookies, base_url)
        async with websockets.connect(
            ws_url,
            subprotocols=["streamlit"],
            max_size=None,
            open_timeout=TIMEOUT_S,
            ping_interval=None,
            additional_headers={"Cookie": cookies},
        ) as ws:
            await ws.send(_rerun("data", "", []))
            await asyncio.wait_for(_until_finished(ws, participant), TIMEOUT_S)
            for _ in range(uploads):
                u0 = time.perf_counter()
                before = participant.refusals
                await upload_file(ws, participant, base_url, "bom.xlsx", raw, xsrf, cookies)
                if participant.refusals == before:
                    raise RuntimeError("the million-row upload was not refused")
                participant.uploads_s.append(time.perf_counter() - u0)
    except Exception as error:
        participant.errors.append(f"upload: {type(error).__name__}: {error}"[:200])


def rss_mb(pid: int | list[int]) -> float:
    """Resident memory of the server(s) and their children (the model's helper processes), in MB."""
    processes = []
    for one in pid if isinstance(pid, list) else [pid]:
        try:
            process = psutil.Process(one)
            processes += [process, *process.children(recursive=True)]
        except psutil.NoSuchProcess:
            continue
    if not processes:
        return float("nan")
    total = 0
    for p in processes:
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return total / 1e6


async def room(base_url: str, pid: int | list[int], page: str, n: int, moves: int, bomb: bytes | None = None) -> dict:
    ws_url = base_url.replace("http", "ws", 1).rstrip("/") + "/_stcore/stream"
    # One participant first (not counted): warms imports and caches, as the presenter does before the room.
    warm = Participant(-1)
    await participant_run(ws_url, page, warm, 1, _set_event())
    await asyncio.sleep(1.0)
    before = rss_mb(pid)
    start = asyncio.Event()
    people = [Participant(i) for i in range(n)]
    uploader = Participant(n) if bomb is not None else None
    tasks = [asyncio.create_task(participant_run(ws_url, page, p, moves, start)) for p in people]
    if uploader is not None:  # one more participant, who keeps uploading the bomb while the others move
        tasks.append(asyncio.create_task(uploader_run(base_url, uploader, moves, bomb, start)))
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
    errors = [e for p in people for e in p.errors] + (uploader.errors if uploader else [])
    return {
        "uploads": _stats(uploader.uploads_s) if uploader else None,
        "uploads_done": len(uploader.uploads_s) if uploader else 0,
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


def measure(app: Path, page: str, n: int, moves: int, servers: int = 1, bomb: bytes | None = None) -> dict:
    """A fresh server (or `servers` of them behind nginx) for (app, n): its memory and timings are its own."""
    with contextlib.ExitStack() as stack:
        urls = [stack.enter_context(run_streamlit(str(app), cwd=str(ROOT), timeout_s=180)) for _ in range(servers)]
        pids = [_server_pid(url) for url in urls]
        if servers > 1:
            proxy = stack.enter_context(nginx([int(url.rsplit(":", 1)[1]) for url in urls]))
            url = f"http://127.0.0.1:{proxy}"
            # Every server warms up as the presenter's would before the room arrives (nginx spreads new
            # websockets over the servers, so a few openings reach each of them).
            for _ in range(2 * servers):
                asyncio.run(participant_run(url.replace("http", "ws", 1) + "/_stcore/stream", page,
                                            Participant(-2), 1, _set_event()))  # fmt: skip
        else:
            url = urls[0]
        return asyncio.run(room(url, pids, page, n, moves, bomb))


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
    parser.add_argument("--servers", type=int, default=1, help="app servers behind nginx (deploy/nginx.conf)")
    parser.add_argument(
        "--upload-bomb", action="store_true", help="one more participant uploads the million-row XLSX meanwhile"
    )
    args = parser.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    rows = []
    bomb_rows: list[tuple[dict, dict, dict]] = []
    print(f"load average at start: {' '.join(f'{x:.1f}' for x in psutil.getloadavg())}; servers: {args.servers}")
    for n in sizes:
        if args.url:
            app = asyncio.run(room(args.url, args.pid or 0, args.page, n, args.moves))
        else:
            app = measure(APP, args.page, n, args.moves, args.servers)
        floor = measure(FLOOR, "", n, args.moves)
        rows.append((app, floor))
        if args.upload_bomb:
            bombed = measure(APP, args.page, n, args.moves, args.servers, bomb=million_rows())
            bomb_rows.append((bombed, app, floor))
            print(
                f"N={n} + upload: app move p95 {bombed['move']['p95']:.2f}s (without the upload "
                f"{app['move']['p95']:.2f}s, floor {floor['move']['p95']:.2f}s); {bombed['uploads_done']} uploads "
                f"refused, median {bombed['uploads']['median']:.2f}s p95 {bombed['uploads']['p95']:.2f}s; "
                f"errors {bombed['errors']} {bombed['error_examples']}",
                flush=True,
            )
        print(
            f"N={n}: app load p95 {app['load']['p95']:.2f}s move p95 {app['move']['p95']:.2f}s "
            f"errors {app['errors']} | floor load p95 {floor['load']['p95']:.2f}s move p95 "
            f"{floor['move']['p95']:.2f}s errors {floor['errors']}",
            flush=True,
        )
    report(rows)
    if bomb_rows:
        print("\nOne more participant uploads the million-row XLSX (1 MB, refused by the reader) again and again:")
        print("   N | move p95 with upload / without / floor (s) | ratio to floor | uploads refused, median p95 (s)")
        for bombed, app, floor in bomb_rows:
            print(
                f"{bombed['n']:4d} | {bombed['move']['p95']:6.2f} / {app['move']['p95']:6.2f} / "
                f"{floor['move']['p95']:6.2f} | {bombed['move']['p95'] / floor['move']['p95']:14.2f} "
                f"| {bombed['uploads_done']:3d}  {bombed['uploads']['median']:6.2f} {bombed['uploads']['p95']:6.2f}"
            )
    print(f"load average at end: {' '.join(f'{x:.1f}' for x in psutil.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
