"""Know when the script runs a page asked for have ended, from the Streamlit protocol itself.

Why not the page's ``data-test-script-state``: after a widget changes, Streamlit's frontend sends its rerun
request without leaving ``notRunning`` (the state turns ``running`` only when the server's answer arrives, and a
slider waits for its debounce first). On a loaded machine that gap exceeds any fixed pause, so "wait until the
app is idle" right after an action matched the *old* idle state, and the test read the previous run's page (CI
failed that way). A watcher that decides "done" after a quiet second has the same flaw, only rarer.

Here every page's websocket frames are decoded as they pass: a ``rerun_script`` request sent by the page, and a
``script_finished`` received from the server. An action has taken effect once the page sent a request after the
action began and the server has since finished a run (one cut short by a newer request does not count). No
timing is guessed; a wait that times out says what it saw.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from google.protobuf.message import DecodeError
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page, WebSocket

IDLE_SELECTOR = '[data-testid="stApp"][data-test-script-state="notRunning"]'
CUT_SHORT = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN


@dataclass
class _Socket:
    """What one websocket of a page carried, as a sequence: each event takes the next number."""

    requests: int = 0  # rerun requests the page sent
    last_request: int = 0  # sequence number of the latest one
    last_finished: int = 0  # sequence number of the latest run that ended (not cut short for a newer one)
    finished: int = 0
    closed: bool = False


@dataclass
class Reruns:
    """The rerun requests and finished runs of one page, across its websockets (a reload opens a new one)."""

    sockets: list[_Socket] = field(default_factory=list)
    _seq: int = 0

    def _next(self) -> int:
        self._seq += 1
        return self._seq

    def on_websocket(self, ws: WebSocket) -> None:
        if not ws.url.endswith("/_stcore/stream"):
            return
        socket = _Socket()
        self.sockets.append(socket)

        def sent(payload: str | bytes) -> None:
            msg = _parse(BackMsg, payload)
            if msg is not None and msg.WhichOneof("type") == "rerun_script":
                socket.requests += 1
                socket.last_request = self._next()

        def received(payload: str | bytes) -> None:
            msg = _parse(ForwardMsg, payload)
            if msg is not None and msg.WhichOneof("type") == "script_finished" and msg.script_finished != CUT_SHORT:
                socket.finished += 1
                socket.last_finished = self._next()

        def close(_ws: WebSocket) -> None:
            socket.closed = True

        ws.on("framesent", sent)
        ws.on("framereceived", received)
        ws.on("close", close)

    @property
    def requests(self) -> int:
        """Rerun requests sent so far, over every websocket of the page."""
        return sum(s.requests for s in self.sockets)

    def settled(self, requests_before: int) -> bool:
        """A request was sent since ``requests_before`` and the current websocket's latest run has ended."""
        if self.requests <= requests_before or not self.sockets:
            return False
        current = self.sockets[-1]
        return not current.closed and current.requests > 0 and current.last_finished > current.last_request

    def describe(self) -> str:
        if not self.sockets:
            return "no websocket to the app was opened"
        now = self.sockets[-1]
        return (
            f"{len(self.sockets)} websocket(s); the current one: {now.requests} rerun request(s) sent, "
            f"{now.finished} run(s) finished, latest request #{now.last_request}, latest finish #{now.last_finished}"
            f"{', closed' if now.closed else ''}"
        )


_watched: weakref.WeakKeyDictionary[Page, Reruns] = weakref.WeakKeyDictionary()


def _parse(kind: type, payload: str | bytes):
    if isinstance(payload, str):
        return None
    msg = kind()
    try:
        msg.ParseFromString(payload)
    except DecodeError:
        return None
    return msg


def track(page: Page) -> Reruns:
    """Start watching a page's websocket frames; call before its first ``goto`` (idempotent)."""
    if page not in _watched:
        reruns = Reruns()
        _watched[page] = reruns
        page.on("websocket", reruns.on_websocket)
    return _watched[page]


def track_context(context: BrowserContext) -> None:
    """Watch every page the context opens from now on."""
    context.on("page", track)


def reruns(page: Page) -> Reruns:
    found = _watched.get(page)
    if found is None:
        raise AssertionError("this page's reruns are not tracked: open it with tests.e2e.reruns.track() first")
    return found


def after(page: Page, action: Callable[[], object], what: str, timeout_ms: float) -> None:
    """Do ``action`` (a key press, a click, a navigation) and wait until the script run it asked for has ended
    on the server and the page shows it (script state idle).

    Fails, saying which, if the page sent no rerun request (the action did nothing) or the run did not end in
    time.
    """
    watched = reruns(page)
    before = watched.requests
    action()
    deadline = time.monotonic() + timeout_ms / 1000
    while not watched.settled(before):
        if time.monotonic() > deadline:
            if watched.requests <= before:
                raise AssertionError(f"{what}: the page sent no rerun request in {timeout_ms / 1000:.0f} s")
            raise AssertionError(
                f"{what}: the run it started did not end within {timeout_ms / 1000:.0f} s ({watched.describe()})"
            )
        page.wait_for_timeout(50)  # lets Playwright dispatch the websocket events while we wait
    remaining = max(1_000.0, (deadline - time.monotonic()) * 1000)
    page.wait_for_selector(IDLE_SELECTOR, state="attached", timeout=remaining)
