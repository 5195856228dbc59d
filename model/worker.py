"""Run the compiled kernel in a helper process; the web app uses this, the command line and tests do not.

Why: once numba has compiled or run anything inside the Streamlit server process, every later rerun
reaches the browser ~12-20% slower, although the server's own CPU time per rerun stays the same (measured
in Chromium, moves interleaved with the floor app: budget-slider reruns at 1.30-1.34x the floor with the
JIT disabled against 1.61-1.68x with it; a bare @njit call has the same effect; the mechanism is not
understood). So the app keeps the kernel in one worker process, started early (serve.py) so that its
start-up (imports, loading the cached kernel) is done before the first visitor needs it.

Arguments and results are plain numpy arrays (a few hundred kB for 100 draws), pickled over a pipe. If
the worker cannot be started or dies, `simulate` returns None and model.projection runs the kernel
in-process instead: slower to show, still correct.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import sys
import threading
import types
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

__all__ = ["start", "simulate", "stop"]

_LOGGER = logging.getLogger(__name__)
_LOCK = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_failed = False


def _warm() -> None:
    """Worker initializer: import numba and load the cached kernel before the first request arrives."""
    from .kernel import warm_up

    warm_up()


def _run(args: tuple[Any, ...]) -> tuple[Any, ...]:
    from .kernel import simulate as kernel

    return kernel(*args)


@contextlib.contextmanager
def _bare_main() -> Iterator[None]:
    """A spawned child re-imports the parent's `__main__`; under Streamlit that is the app script itself,
    which would start another worker from inside the child. Hide it while the child is being started."""
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main


def start() -> None:
    """Start the worker (idempotent); its initializer warms the kernel in the background."""
    global _pool
    with _LOCK:
        if _pool is None and not _failed:
            # "spawn": the server has threads, so a forked child could inherit a held lock.
            context = multiprocessing.get_context("spawn")
            _pool = ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=_warm)
            with _bare_main():
                _pool.submit(int)  # starts the process now (not at the first projection) while main is bare


def simulate(*args: Any) -> tuple[Any, ...] | None:
    """`kernel.simulate(*args)` computed in the worker process; None if the worker cannot (the caller then
    runs the kernel itself)."""
    global _pool, _failed
    start()
    pool = _pool
    if pool is not None:
        try:
            future: Future = pool.submit(_run, args)
            return future.result()
        except (BrokenProcessPool, OSError, RuntimeError) as error:
            _LOGGER.warning("kernel worker failed (%s); running the kernel in-process from now on", error)
            with _LOCK:
                _failed, _pool = True, None
    return None


def stop() -> None:
    """Shut the worker down (tests); the next `simulate` starts a new one."""
    global _pool
    with _LOCK:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)
