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


@contextlib.contextmanager
def run_streamlit(
    app_path: str,
    *,
    port: int | None = None,
    env: dict[str, str] | None = None,
    timeout_s: float = 60,
    cwd: str | None = None,
    extra_args: list[str] | None = None,
) -> Iterator[str]:
    """Serve ``app_path`` with ``streamlit run`` and yield its base URL.

    The server runs in its own session/process group so that cleanup can kill
    everything it started, even when the body raises (no orphaned servers
    holding ports between test runs). Output goes to a temp log file rather
    than a pipe, so a chatty app cannot block on a full pipe; the log tail is
    included in the error if the server dies or never reports healthy.

    ``env`` is merged over ``os.environ``. ``cwd`` defaults to the current one.
    """
    app = Path(app_path).resolve()
    if not app.is_file():
        raise FileNotFoundError(app)
    if port is None:
        port = free_port()
    elif not port_is_free(port):
        # Otherwise another server's "ok" would be mistaken for ours.
        raise StreamlitStartError(f"port {port} is already in use")
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
        while not _health_ok(health_url):
            if proc.poll() is not None:
                raise StreamlitStartError(
                    f"streamlit exited with code {proc.returncode} before becoming "
                    f"healthy on port {port}:\n{_log_tail(log_path)}"
                )
            if time.monotonic() > deadline:
                raise StreamlitStartError(
                    f"streamlit not healthy at {health_url} after {timeout_s:.0f}s:\n{_log_tail(log_path)}"
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
