"""Start a real Streamlit server and a headless Chromium for end-to-end checks.

Shared by the e2e tests (``tests/e2e``) and the UI benchmark
(``benchmarks/bench_ui.py``) so both exercise the app the same way a user does:
over HTTP + WebSocket, rendered by a browser, not via ``st.testing``.

There is no internet in CI, so Playwright's bundled browser is never used; we
always drive the distribution's Chromium (override with ``UCJ_CHROMIUM``).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright

CHROMIUM_PATH: str = os.environ.get("UCJ_CHROMIUM", "/usr/bin/chromium")

# Flags that keep Chromium quiet and deterministic in a sandboxed, offline box.
CHROMIUM_ARGS: tuple[str, ...] = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)

APP_SELECTOR = '[data-testid="stApp"]'
IDLE_SELECTOR = '[data-testid="stApp"][data-test-script-state="notRunning"]'


class StreamlitStartError(RuntimeError):
    """The server exited or never became healthy; message carries its log tail."""


def free_port() -> int:
    """Ask the kernel for an unused TCP port (tiny race, acceptable for tests)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def port_is_free(port: int) -> bool:
    """True if nothing listens on ``port`` (so a healthy answer will be ours)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _health_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as resp:
            return resp.status == 200 and resp.read().strip() == b"ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def _log_tail(path: Path, n_chars: int = 4000) -> str:
    try:
        return path.read_text(errors="replace")[-n_chars:]
    except OSError:
        return "<no log>"


def _stop_process_group(proc: subprocess.Popen[bytes], grace_s: float = 10) -> None:
    """SIGTERM the whole group, then SIGKILL: Streamlit may spawn children."""
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=grace_s)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=grace_s)


# An upper bound on a server's start: a few seconds on a quiet machine, over a minute seen under heavy load (the
# app's serve.py imports pandas, Altair and the model and starts the kernel's worker processes first).
START_TIMEOUT_S = 180
PORT_ATTEMPTS = 5  # a port picked by free_port() can be taken by another process before the server binds it


class _PortTakenError(StreamlitStartError):
    """Another process got the port between free_port() and the server's bind."""


def _listener_pid(port: int) -> int | None:
    """The process listening on 127.0.0.1:``port`` (or every interface), if any."""
    import psutil

    for conn in psutil.net_connections(kind="tcp"):
        if conn.status == psutil.CONN_LISTEN and conn.laddr and conn.laddr.port == port:
            return conn.pid
    return None


def _is_ours(pid: int | None, proc: subprocess.Popen[bytes]) -> bool:
    """``pid`` is the server we started or one of its children."""
    import psutil

    if pid is None:
        return False
    if pid == proc.pid:
        return True
    try:
        return any(parent.pid == proc.pid for parent in psutil.Process(pid).parents())
    except psutil.NoSuchProcess:
        return False


@contextlib.contextmanager
def run_streamlit(
    app_path: str,
    *,
    port: int | None = None,
    env: dict[str, str] | None = None,
    timeout_s: float = START_TIMEOUT_S,
    cwd: str | None = None,
    extra_args: list[str] | None = None,
) -> Iterator[str]:
    """Serve ``app_path`` with ``streamlit run`` and yield its base URL.

    The server runs in its own session/process group so that cleanup can kill
    everything it started, even when the body raises (no orphaned servers
    holding ports between test runs). Output goes to a temp log file rather
    than a pipe, so a chatty app cannot block on a full pipe; the log tail is
    included in the error if the server dies or never reports healthy.

    The server counts as started only when the health check answers "ok" AND the
    process listening on the port is the one started here: with several test
    runs on one machine, a free port can be taken by another server between
    ``free_port()`` and the bind, and that server's "ok" would otherwise be
    mistaken for ours (the tests would then drive another worktree's app). A
    port taken that way is replaced by a new free one (``PORT_ATTEMPTS``), unless
    the caller chose the port.

    ``env`` is merged over ``os.environ``. ``cwd`` defaults to the current one.
    """
    app = Path(app_path).resolve()
    if not app.is_file():
        raise FileNotFoundError(app)
    if port is not None and not port_is_free(port):
        # Otherwise another server's "ok" would be mistaken for ours.
        raise StreamlitStartError(f"port {port} is already in use")
    attempts = 1 if port is not None else PORT_ATTEMPTS
    for attempt in range(attempts):
        try:
            with _serve(app, port or free_port(), env, timeout_s, cwd, extra_args) as url:
                yield url
            return
        except _PortTakenError:
            if attempt + 1 == attempts:
                raise


@contextlib.contextmanager
def _serve(
    app: Path,
    port: int,
    env: dict[str, str] | None,
    timeout_s: float,
    cwd: str | None,
    extra_args: list[str] | None,
) -> Iterator[str]:
    """One attempt of run_streamlit on one port; raises _PortTakenError (before yielding) if the port was taken."""
    # An app with a serve.py beside it is served through it, as `make run` does (it gives the app a head start).
    serve = app.parent / "serve.py"
    launcher = [str(serve)] if app.name == "app.py" and serve.is_file() else ["-m", "streamlit", "run", str(app)]
    cmd = [
        sys.executable,
        *launcher,
        "--server.headless",
        "true",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        "--global.developmentMode",
        "false",
        *(extra_args or []),
    ]
    full_env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    base_url = f"http://127.0.0.1:{port}"
    health_url = f"{base_url}/_stcore/health"

    log_fd, log_name = tempfile.mkstemp(prefix=f"streamlit-{port}-", suffix=".log")
    log_path = Path(log_name)
    proc: subprocess.Popen[bytes] | None = None
    try:
        with os.fdopen(log_fd, "wb") as log_file:
            proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                env=full_env,
                cwd=cwd,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout_s
        delay = 0.05
        while not (_health_ok(health_url) and _is_ours(_listener_pid(port), proc)):
            if proc.poll() is not None:
                if "is not available" in _log_tail(log_path):
                    raise _PortTakenError(f"port {port} was taken before the server could bind it")
                raise StreamlitStartError(
                    f"streamlit exited with code {proc.returncode} before becoming "
                    f"healthy on port {port}:\n{_log_tail(log_path)}"
                )
            if time.monotonic() > deadline:
                raise StreamlitStartError(
                    f"streamlit not healthy at {health_url} after {timeout_s:.0f}s "
                    f"(listening there: pid {_listener_pid(port)}, ours: {proc.pid}):\n{_log_tail(log_path)}"
                )
            time.sleep(delay)  # polling an external process: nothing to await
            delay = min(delay * 1.5, 0.5)
        if proc.poll() is not None:
            raise StreamlitStartError(
                f"streamlit exited with code {proc.returncode} right after its "
                f"health check passed on port {port}:\n{_log_tail(log_path)}"
            )
        yield base_url
    finally:
        if proc is not None:
            _stop_process_group(proc)
        with contextlib.suppress(OSError):
            log_path.unlink()


def launch_browser(playwright: Playwright) -> Browser:
    """Launch the system Chromium headless (Playwright's download is unavailable)."""
    return playwright.chromium.launch(
        executable_path=CHROMIUM_PATH,
        headless=True,
        args=list(CHROMIUM_ARGS),
    )


def wait_for_rerun_done(page: Page, timeout_ms: float = 30_000) -> None:
    """Block until the app exists and its script is idle (``notRunning``).

    Note: this checks the *current* state. Right after an interaction the
    rerun may not have started yet, so the page can still look idle; use it to
    wait for initial load or to settle before an action, and wait for a visible
    effect (or ``benchmarks.ui_timing``'s observer) after one.
    """
    page.wait_for_selector(APP_SELECTOR, state="attached", timeout=timeout_ms)
    page.wait_for_selector(IDLE_SELECTOR, state="attached", timeout=timeout_ms)
