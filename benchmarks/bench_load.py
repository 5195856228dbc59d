"""A workshop room on one laptop: N participants at once, driven at Streamlit's protocol level (no browser).

Each simulated participant opens a websocket to the server (`/_stcore/stream`, subprotocol "streamlit"),
sends what a browser sends when it opens the room's link (a BackMsg `rerun_script` with the page name and the
link's query string), reads the ForwardMsgs until `script_finished` (its first load), then moves the budget
slider 10 times: a BackMsg `rerun_script` whose WidgetStates hold the slider's new value (a select slider sends
its option text, a slider its number), each timed until the run's `script_finished`. All N start at once.

Beside the app, the one-slider app `benchmarks/floor_app.py` (what Streamlit itself costs) under the same load:
the same N participants, the same first load and moves. Fairness on a machine shared with other work: the app
and the floor are measured INTERLEAVED, in rounds app, floor | floor, app | ... (an ABBA order cancels a load
that drifts during the run), each measurement on freshly started servers, and each side's samples pooled
over its rounds. Every measurement also reads the servers' CPU time, so "server CPU per rerun" (less
sensitive to other work than seconds) is printed beside the latencies.

    .venv/bin/python benchmarks/bench_load.py [--sizes 1,10,30,50] [--moves 10] [--rounds 2] [--page simulasi]
        [--servers K]        # the app as K servers behind nginx (deploy/nginx.conf, sticky by cookie)
        [--floors plain,served]  # plain: `streamlit run floor_app.py`, one process (the issue's reference);
                             # served: the floor served as the app is (serve.py, K servers): like for like
        [--upload-bomb]      # also the app with one more participant uploading the million-row XLSX meanwhile
        [--quick]            # a few minutes: N = 10 and 30, 4 moves, one round
        [--json PATH]        # every figure, for the README
        [--compare-with DIR] # also the app of another checkout (a worktree of main), interleaved: before/after

Memory: the RSS of every server process and its children (the kernel's worker processes), read once it has
settled after the servers start and warm up ("before"), once all N have loaded the page (participants wait
for each other there, as when the facilitator says "now move the lever"), and at its peak while they move.
Per extra session: (loaded - before) / N, what one more open session costs (the target's figure); and
(peak - before) / N, which also holds every new run the moves put in the shared run cache (bounded by
UCJ_RUN_CACHE_MB however many participants there are).

The verdict lines at the end compare with the targets of issue 9 at N = 30 and 50: the p95 of a move and of a
first load no more than 1.3x the floor's, zero errors, at most 10 MB per extra session. Against two floors:
"floor" is the one-slider app as Streamlit serves it (`streamlit run`, one process, Streamlit's default
configuration): the issue's reference; "floor served" is the same app served exactly as the app is (serve.py,
the app's .streamlit/config.toml with its garbage-collector settings, the same number of servers behind the
same nginx): like for like, i.e. what the app's own work costs over Streamlit's.

Only ever targets 127.0.0.1. Protocol reference: streamlit/proto/BackMsg.proto, ForwardMsg.proto,
ClientState.proto, WidgetStates.proto (the Python package ships the compiled modules).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
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
from tests.e2e.streamlit_server import _health_ok, _stop_process_group, free_port
from tests.services import nginx

APP = ROOT / "app.py"
FLOOR = ROOT / "benchmarks" / "floor_app.py"
TIMEOUT_S = 180.0
# The room's link as the presenter shares it (levers moved away from the defaults): every participant opens
# it, so their first load finds the presenter's run in the shared cache (model/run_cache.py).
ROOM_QUERY = "bud=12.5&reg=2"
TARGET_RATIO = 1.3
TARGET_MB_PER_SESSION = 10.0
TARGET_SIZES = (30, 50)
LOGS = Path(tempfile.mkdtemp(prefix="bench-load-"))  # the servers' logs (kept for their tracebacks)
PLAIN_CWD = Path(tempfile.mkdtemp(prefix="bench-load-plain-"))  # no .streamlit/config.toml here
# What tests/e2e/streamlit_server.run_streamlit passes to every server it starts.
SERVER_FLAGS = [
    "--server.headless=true",
    "--server.address=127.0.0.1",
    "--browser.gatherUsageStats=false",
    "--server.fileWatcherType=none",
    "--global.developmentMode=false",
]
FINISHED = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_SUCCESSFULLY")
# A national lever's move reruns only the app's results fragment (app.py), which ends with this status.
FINISHED_FRAGMENT = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_FRAGMENT_RUN_SUCCESSFULLY")


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
    query: str = ""  # the address bar's query string: the app rewrites it after a run, a browser sends it back

    def learn(self, msg: ForwardMsg) -> None:
        """Remember the sliders the page shows (their ids change with label, options and language), the
        file uploader and the session's id (an upload names it)."""
        if msg.WhichOneof("type") == "new_session":
            self.session_id = msg.new_session.initialize.session_id
        if msg.WhichOneof("type") == "page_info_changed":
            self.query = msg.page_info_changed.query_string
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
        if kind == "script_finished" and msg.script_finished in (FINISHED, FINISHED_FRAGMENT):
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


class Gate:
    """Where participants wait after their first load until everyone has loaded, as when the facilitator says
    "now move the lever": the room's memory is read there (N sessions open, nothing moved yet)."""

    def __init__(self, expected: int) -> None:
        self.expected = expected
        self.arrived = 0
        self.all_in = asyncio.Event()
        self.go = asyncio.Event()
        if expected == 0:
            self.all_in.set()

    def arrive_nowait(self) -> None:
        self.arrived += 1
        if self.arrived >= self.expected:
            self.all_in.set()

    async def arrive(self) -> None:
        self.arrive_nowait()
        await self.go.wait()


async def participant_run(
    ws_url: str,
    page: str,
    participant: Participant,
    moves: int,
    start: asyncio.Event,
    query: str = "",
    seed: int = 0,
    gate: Gate | None = None,
) -> None:
    """Open the page (with the room link's query string), wait at the gate, make `moves` moves to random stops."""
    rng = random.Random(1000 * seed + participant.index)
    participant.query = query
    await start.wait()
    arrived = False
    t0 = time.perf_counter()
    try:
        async with websockets.connect(
            ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=TIMEOUT_S, ping_interval=None
        ) as ws:
            await ws.send(_rerun(page, query, []))
            await asyncio.wait_for(_until_finished(ws, participant), TIMEOUT_S)
            participant.first_load_s = time.perf_counter() - t0
            if gate is not None:
                arrived = True
                await gate.arrive()
            for _ in range(moves):
                info = _budget_slider(participant)
                m0 = time.perf_counter()
                await ws.send(_rerun(page, participant.query, [_move_state(info, rng)]))
                await asyncio.wait_for(_until_finished(ws, participant), TIMEOUT_S)
                participant.moves_s.append(time.perf_counter() - m0)
    except Exception as error:
        participant.errors.append(f"{type(error).__name__}: {error}"[:200])
    finally:
        if gate is not None and not arrived:
            gate.arrive_nowait()


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


async def uploader_run(
    base_url: str, participant: Participant, uploads: int, raw: bytes, start: asyncio.Event, gate: Gate | None = None
) -> None:
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
            if gate is not None:  # the uploads start when the others start moving
                await gate.go.wait()
            for _ in range(uploads):
                u0 = time.perf_counter()
                before = participant.refusals
                await upload_file(ws, participant, base_url, "bom.xlsx", raw, xsrf, cookies)
                if participant.refusals == before:
                    raise RuntimeError("the million-row upload was not refused")
                participant.uploads_s.append(time.perf_counter() - u0)
    except Exception as error:
        participant.errors.append(f"upload: {type(error).__name__}: {error}"[:200])


def _processes(pids: list[int]) -> list[psutil.Process]:
    """The server processes and their children (the kernel's worker processes)."""
    processes: list[psutil.Process] = []
    for one in pids:
        try:
            process = psutil.Process(one)
            processes += [process, *process.children(recursive=True)]
        except psutil.NoSuchProcess:
            continue
    return processes


def rss_mb(pid: int | list[int]) -> float:
    """Resident memory of the server(s) and their children (the model's helper processes), in MB."""
    processes = _processes(pid if isinstance(pid, list) else [pid])
    if not processes:
        return float("nan")
    total = 0
    for p in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += p.memory_info().rss
    return total / 1e6


def cpu_s(pids: list[int]) -> float:
    """CPU seconds (user + system) the server(s) and their children have used so far."""
    total = 0.0
    for p in _processes(pids):
        with contextlib.suppress(psutil.NoSuchProcess):
            times = p.cpu_times()
            total += times.user + times.system
    return total


def settled_rss_mb(
    pids: list[int], settle_mb: float = 8.0, timeout_s: float = 120.0, interval_s: float = 1.0, strict: bool = False
) -> float:
    """The servers' memory once it stops changing (three readings `interval_s` apart within `settle_mb`): a kernel
    worker grows from ~13 MB to ~300 MB while it loads, seconds after its server answers. `strict` (the memory
    test): a memory that never settles is an error, not a figure."""
    readings = [rss_mb(pids)]
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        time.sleep(interval_s)
        readings.append(rss_mb(pids))
        last = readings[-3:]
        if len(last) == 3 and max(last) - min(last) < settle_mb:
            return last[-1]
    if strict:
        raise AssertionError(f"server memory never settled: {readings[-5:]}")
    return readings[-1]


async def room(
    base_url: str,
    pids: list[int],
    page: str,
    n: int,
    moves: int,
    bomb: bytes | None = None,
    query: str = "",
    seed: int = 0,
) -> dict:
    """N participants open the page at once, then (once all have loaded) move levers; plus one more who uploads
    `bomb` again and again while they move, if given. Raw samples, memory and server CPU."""
    ws_url = base_url.replace("http", "ws", 1).rstrip("/") + "/_stcore/stream"
    before = await asyncio.to_thread(settled_rss_mb, pids)
    cpu_before = cpu_s(pids)
    start, gate = asyncio.Event(), Gate(n)
    people = [Participant(i) for i in range(n)]
    uploader = Participant(n) if bomb is not None else None
    tasks = [asyncio.create_task(participant_run(ws_url, page, p, moves, start, query, seed, gate)) for p in people]
    if uploader is not None:  # one more participant, who keeps uploading the bomb while the others move
        tasks.append(asyncio.create_task(uploader_run(base_url, uploader, moves, bomb, start, gate)))
    peak = before

    async def watch() -> None:
        nonlocal peak
        while not all(t.done() for t in tasks):
            peak = max(peak, rss_mb(pids))
            await asyncio.sleep(0.25)

    watcher = asyncio.create_task(watch())
    t0 = time.perf_counter()
    start.set()
    await gate.all_in.wait()
    await asyncio.sleep(1.0)  # sessions finish their post-run cleanup
    loaded = rss_mb(pids)
    gate.go.set()
    await asyncio.gather(*tasks)
    wall = time.perf_counter() - t0
    await watcher
    after = rss_mb(pids)
    loads = [p.first_load_s for p in people if p.first_load_s is not None]
    move_times = [m for p in people for m in p.moves_s]
    errors = [e for p in people for e in p.errors] + (uploader.errors if uploader else [])
    reruns = len(loads) + len(move_times) + (len(uploader.uploads_s) + 1 if uploader else 0)
    return {
        "n": n,
        "loads": loads,
        "moves": move_times,
        "uploads": uploader.uploads_s if uploader else [],
        "errors": errors,
        "mem_before": before,
        "mem_loaded": loaded,
        "mem_peak": max(peak, loaded),
        "mem_after": after,
        "cpu_ms_per_rerun": 1000 * (cpu_s(pids) - cpu_before) / max(reruns, 1),
        "wall_s": wall,
        "load_avg": psutil.getloadavg()[0],
    }


def _set_event() -> asyncio.Event:
    event = asyncio.Event()
    event.set()
    return event


def _p95(ordered: list[float]) -> float:
    """The 95th percentile (nearest rank) of sorted values."""
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def stats(values: list[float]) -> dict:
    if not values:
        return {"median": float("nan"), "p95": float("nan"), "count": 0}
    ordered = sorted(values)
    return {"median": statistics.median(ordered), "p95": _p95(ordered), "count": len(ordered)}


@dataclass(frozen=True)
class Setup:
    """What is measured: the app or the floor, on how many servers, served how, with or without the bomb.

    `tuned`: served as `make run` serves the app: through serve.py (long-lived objects frozen out of the
    garbage collector's scans) with the app's .streamlit/config.toml (no full collection after every run);
    the floor untuned is `streamlit run floor_app.py` with Streamlit's defaults."""

    name: str
    script: Path
    page: str
    query: str
    servers: int = 1
    tuned: bool = True
    bomb: bool = False
    root: Path = ROOT  # the checkout whose app is served (another one: --compare-with)


def app_setup(servers: int, page: str, bomb: bool = False, root: Path = ROOT) -> Setup:
    name = "app" + (f" x{servers}" if servers > 1 else "") + (" + upload" if bomb else "")
    if root != ROOT:
        name = f"app@{root.name}" + (f" x{servers}" if servers > 1 else "")
    return Setup(name, root / "app.py", page, ROOM_QUERY, servers, True, bomb, root)


def floor_setup(servers: int, tuned: bool) -> Setup:
    name = "floor" + (" served" if tuned else "") + (f" x{servers}" if servers > 1 else "")
    return Setup(name, FLOOR, "", "", servers, tuned)


@contextlib.contextmanager
def one_server(setup: Setup) -> Iterator[str]:
    """One server for `setup` on a free port, started as tests/e2e/streamlit_server.run_streamlit starts one
    (the app through serve.py, as `make run` does; a tuned floor through serve.py's `--script`); its base URL.
    The server's log is kept for `server_errors`."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    if setup.script == setup.root / "app.py":
        launcher = [str(setup.root / "serve.py")]
    elif setup.tuned:
        launcher = [str(ROOT / "serve.py"), "--script", str(setup.script)]
    else:
        launcher = ["-m", "streamlit", "run", str(setup.script)]
    command = [sys.executable, *launcher, *SERVER_FLAGS, "--server.port", str(port)]
    log = LOGS / f"server-{port}.log"
    # The plain floor runs where no .streamlit/config.toml is found: Streamlit's defaults (the app's config
    # turns the collection after every run off, runner.postScriptGC); the app and the served floor use the
    # app's config.
    cwd = setup.root if setup.tuned else PLAIN_CWD
    with open(log, "wb") as out:
        process = subprocess.Popen(
            command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True
        )
    try:
        deadline = time.monotonic() + 180
        while not _health_ok(url + "/_stcore/health"):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{setup.name} did not start: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.2)
        yield url
    finally:
        _stop_process_group(process)


def server_errors(limit: int = 2) -> list[str]:
    """The last tracebacks the servers of this run logged (participants only see a redacted message)."""
    found = []
    for log in sorted(LOGS.glob("server-*.log")):
        text = log.read_text(errors="replace")
        if "Traceback" in text:
            found.append(text[text.rindex("Traceback") :][-1500:])
    return found[-limit:]


@contextlib.contextmanager
def serve(setup: Setup) -> Iterator[tuple[str, list[int]]]:
    """Freshly started server(s) for one measurement, warmed as the presenter's would be before the room
    arrives: (the URL participants open, the server process ids)."""
    with contextlib.ExitStack() as stack:
        urls = [stack.enter_context(one_server(setup)) for _ in range(setup.servers)]
        pids = [_server_pid(url) for url in urls]
        if setup.servers > 1:
            proxy = stack.enter_context(nginx([int(url.rsplit(":", 1)[1]) for url in urls]))
            url = f"http://127.0.0.1:{proxy}"
        else:
            url = urls[0]
        # The presenter opens the room's link on every server (directly: nginx would spread these at random)
        # and moves a lever once; participants then open the same link.
        for server_url in urls:
            warm = Participant(-1)
            ws_url = server_url.replace("http", "ws", 1) + "/_stcore/stream"
            asyncio.run(participant_run(ws_url, setup.page, warm, 1, _set_event(), setup.query, seed=99))
            if warm.errors:
                raise RuntimeError(f"{setup.name}: warm-up failed: {warm.errors[0]}")
        yield url, pids


def measure(setup: Setup, n: int, moves: int, seed: int) -> dict:
    """One measurement of `setup` with N participants, on fresh servers (its memory figures are its own)."""
    with serve(setup) as (url, pids):
        bomb = million_rows() if setup.bomb else None
        result = asyncio.run(room(url, pids, setup.page, n, moves, bomb, setup.query, seed))
    result["setup"] = setup.name
    return result


def _server_pid(url: str) -> int:
    port = int(url.rsplit(":", 1)[1])
    for conn in psutil.net_connections(kind="tcp"):
        if conn.laddr and conn.laddr.port == port and conn.status == psutil.CONN_LISTEN and conn.pid:
            return conn.pid
    raise RuntimeError(f"no process listens on {port}")


def pooled(results: list[dict]) -> dict:
    """One setup's rounds at one N: samples pooled, memory and CPU per round (the worst round for memory)."""
    loads = [x for r in results for x in r["loads"]]
    moves = [x for r in results for x in r["moves"]]
    uploads = [x for r in results for x in r["uploads"]]
    errors = [e for r in results for e in r["errors"]]
    n = results[0]["n"]
    return {
        "setup": results[0]["setup"],
        "n": n,
        "rounds": len(results),
        "load": stats(loads),
        "move": stats(moves),
        "upload": stats(uploads),
        "errors": len(errors),
        "error_examples": sorted(set(errors))[:3],
        "mem_before_mb": max(r["mem_before"] for r in results),
        "mem_peak_mb": max(r["mem_peak"] for r in results),
        # What one more participant costs: N sessions open (first load done), nothing moved yet.
        "mb_per_session": max((r["mem_loaded"] - r["mem_before"]) / n for r in results) if n else 0.0,
        # Everything the room added by its peak, the shared run cache's new entries included (bounded by
        # UCJ_RUN_CACHE_MB however many participants there are).
        "mb_per_session_all": max((r["mem_peak"] - r["mem_before"]) / n for r in results) if n else 0.0,
        "mb_growth_all": max(r["mem_peak"] - r["mem_before"] for r in results),
        "cpu_ms_per_rerun": statistics.median(r["cpu_ms_per_rerun"] for r in results),
        "load_avg": [round(r["load_avg"], 1) for r in results],
    }


def interleaved(setups: list[Setup], n: int, moves: int, rounds: int) -> dict[str, dict]:
    """Every setup `rounds` times at N, interleaved: round r measures them in order, round r+1 in reverse
    (app, floor | floor, app | ...), so a load that changes during the run weighs on each side alike."""
    raw: dict[str, list[dict]] = {s.name: [] for s in setups}
    for r in range(rounds):
        order = setups if r % 2 == 0 else list(reversed(setups))
        for setup in order:
            result = measure(setup, n, moves, seed=r)
            raw[setup.name].append(result)
            move = stats(result["moves"])
            load = stats(result["loads"])
            print(
                f"  N={n} round {r + 1} {setup.name:>16}: first load p95 {load['p95']:6.2f} s, move median "
                f"{move['median']:6.2f} p95 {move['p95']:6.2f} s, {len(result['errors'])} errors, "
                f"{result['cpu_ms_per_rerun']:5.0f} ms CPU/rerun, load avg {result['load_avg']:.1f}",
                flush=True,
            )
    return {name: pooled(results) for name, results in raw.items()}


def _fmt(x: float) -> str:
    return f"{x:6.2f}"


def table(rows: dict[int, dict[str, dict]], names: list[str]) -> None:
    """Per N and setup: median and p95 of first load and move, errors, memory, CPU per rerun."""
    print()
    print(
        f"{'N':>3} | {'setup':<18} | first load med   p95 (s) | move med   p95 (s) | errors | MB/session open "
        "| MB/session all | server MB peak | CPU ms/rerun"
    )
    for n, results in rows.items():
        for name in names:
            r = results[name]
            print(
                f"{n:3d} | {name:<18} | {_fmt(r['load']['median'])} {_fmt(r['load']['p95'])}        "
                f"| {_fmt(r['move']['median'])} {_fmt(r['move']['p95'])}    | {r['errors']:6d} "
                f"| {r['mb_per_session']:15.2f} | {r['mb_per_session_all']:14.2f} | {r['mem_peak_mb']:14.0f} "
                f"| {r['cpu_ms_per_rerun']:12.0f}"
            )
            for example in r["error_examples"]:
                print(f"      {name} error: {example}")


def verdicts(rows: dict[int, dict[str, dict]], app: str, floors: list[str]) -> list[str]:
    """One line per target and N (TARGET_SIZES that were measured), against each floor."""
    lines = []
    for n in TARGET_SIZES:
        if n not in rows:
            continue
        a = rows[n][app]
        for floor in floors:
            f = rows[n][floor]
            for what, label in (("move", "move p95"), ("load", "first load p95")):
                ratio = a[what]["p95"] / f[what]["p95"]
                met = "MET" if ratio <= TARGET_RATIO else "NOT MET"
                lines.append(
                    f"VERDICT N={n} {label}, {app} / {floor}: {a[what]['p95']:.2f} / {f[what]['p95']:.2f} s = "
                    f"{ratio:.2f}x (target <= {TARGET_RATIO}x): {met}"
                )
        met = "MET" if a["errors"] == 0 else "NOT MET"
        lines.append(f"VERDICT N={n} errors, {app}: {a['errors']} (target 0): {met}")
        per = a["mb_per_session"]
        met = "MET" if per <= TARGET_MB_PER_SESSION else "NOT MET"
        lines.append(
            f"VERDICT N={n} memory, {app}: {per:.2f} MB per extra session open (target <= "
            f"{TARGET_MB_PER_SESSION:g} MB): {met}; {a['mb_per_session_all']:.2f} MB per session with all moves "
            f"and the shared run cache's new entries"
        )
    if all(n in rows for n in TARGET_SIZES):
        low, high = (rows[n][app] for n in TARGET_SIZES)
        slope = (high["mb_growth_all"] - low["mb_growth_all"]) / (TARGET_SIZES[1] - TARGET_SIZES[0])
        lines.append(
            f"memory per extra session from N={TARGET_SIZES[0]} to N={TARGET_SIZES[1]}, all moves included: "
            f"{slope:.2f} MB (the growth's difference / {TARGET_SIZES[1] - TARGET_SIZES[0]})"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,10,30,50")
    parser.add_argument("--moves", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=2, help="interleaved rounds per N (ABBA order)")
    parser.add_argument("--page", default="simulasi")
    parser.add_argument("--servers", type=int, default=1, help="app servers behind nginx (deploy/nginx.conf)")
    parser.add_argument(
        "--floors",
        default="plain,served",
        help="which floors: plain (streamlit run floor_app.py, one process: the issue's reference), served "
        "(served as the app is, on as many servers: like for like); default both",
    )
    parser.add_argument(
        "--upload-bomb", action="store_true", help="also: one more participant uploads the million-row XLSX"
    )
    parser.add_argument("--quick", action="store_true", help="N = 10 and 30, 4 moves, one round (a few minutes)")
    parser.add_argument("--json", type=Path, help="write every figure here")
    parser.add_argument(
        "--compare-with",
        type=Path,
        help="also the app of another checkout (e.g. a worktree of main), interleaved with this one: before/after",
    )
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.moves, args.rounds = "10,30", 4, 1
    sizes = [int(x) for x in args.sizes.split(",")]
    kinds = [x.strip() for x in args.floors.split(",") if x.strip()]
    app = app_setup(args.servers, args.page)
    floors = [floor_setup(1, tuned=False) if k == "plain" else floor_setup(args.servers, tuned=True) for k in kinds]
    setups = [app, *floors] + ([app_setup(args.servers, args.page, bomb=True)] if args.upload_bomb else [])
    if args.compare_with:
        setups.append(app_setup(args.servers, args.page, root=args.compare_with.resolve()))
    names = [s.name for s in setups]
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load_start = " ".join(f"{x:.1f}" for x in psutil.getloadavg())
    print(
        f"bench_load {started}, load average {load_start}, {psutil.cpu_count()} cores; app on {args.servers} "
        f"server(s); floors: {', '.join(f.name for f in floors)}; {args.rounds} interleaved round(s); "
        f"{args.moves} moves; room link ?{ROOM_QUERY}",
        flush=True,
    )
    rows: dict[int, dict[str, dict]] = {}
    for n in sizes:
        rows[n] = interleaved(setups, n, args.moves, args.rounds)
    table(rows, names)
    if any(r["errors"] for results in rows.values() for r in results.values()):
        print(f"\nServer tracebacks (logs in {LOGS}):")
        for text in server_errors():
            print(text)
    if args.upload_bomb:
        bombed = app_setup(args.servers, args.page, bomb=True).name
        print("\nOne more participant uploads the million-row XLSX (1 MB, refused while reading) again and again:")
        for n, results in rows.items():
            b, a = results[bombed], results[app.name]
            print(
                f"  N={n}: the others' move p95 {b['move']['p95']:.2f} s with the upload, {a['move']['p95']:.2f} s "
                f"without ({b['move']['p95'] / a['move']['p95']:.2f}x); {b['upload']['count']} uploads refused, "
                f"median {b['upload']['median']:.2f} s, p95 {b['upload']['p95']:.2f} s (picking the file to the "
                f"refusal on screen); errors {b['errors']}"
            )
    lines = verdicts(rows, app.name, [f.name for f in floors])
    if args.compare_with:
        other = setups[-1].name
        lines += [line.replace("VERDICT", "OTHER", 1) for line in verdicts(rows, other, [f.name for f in floors])]
    load_end = " ".join(f"{x:.1f}" for x in psutil.getloadavg())
    print(f"\nload average at end: {load_end}")
    print("\n".join(lines))
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "started": started,
                    "load_start": load_start,
                    "load_end": load_end,
                    "args": vars(args) | {"json": str(args.json)},
                    "rows": rows,
                    "verdicts": lines,
                },
                indent=1,
                default=str,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
