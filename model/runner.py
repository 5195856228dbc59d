"""Where the compiled kernel runs: one interface, in-process or in a small pool of worker processes.

`InProcessRunner` (the default: command line, tests, analysis scripts) calls the kernel in the calling
thread. The kernel releases the GIL (`nogil=True`) and numba's OpenMP layer accepts calls from several
threads at once, so two Streamlit sessions never queue behind one another in-process either.

`PoolRunner` (the web app, started explicitly by app.py / serve.py through `start_pool`) keeps a few worker
processes, each with the kernel loaded. A run goes to an idle worker; large runs (Monte Carlo analysis,
goal-seek batches) only to the "batch" workers, so an interactive lever move always finds the interactive
worker free even while an analysis runs for seconds. A run that exceeds its timeout kills its worker, which is
restarted, and raises `RunTimeoutError`; a worker that dies is restarted and the run is retried in-process.

Why processes at all: the timeout. A thread cannot be stopped; a process can.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import sys
import threading
import time
import types
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Protocol

from .engine import KernelInputs, KernelOutputs

__all__ = [
    "Runner",
    "InProcessRunner",
    "PoolRunner",
    "RunTimeoutError",
    "default",
    "set_default",
    "start_pool",
    "stop_pool",
]

_LOGGER = logging.getLogger(__name__)

# A run of more region-lane-months than this is "large": 38 provinces x 2 scenarios x 100 draws x 274 months
# is ~2.1 million (an app run with uncertainty, ~10 ms); 514 regencies x 2 x 1,000 draws is ~280 million.
LARGE_RUN = 30_000_000
DEFAULT_TIMEOUT_S = 60.0


class RunTimeoutError(RuntimeError):
    """A kernel run took longer than its timeout; its worker was stopped and restarted."""


class Runner(Protocol):
    def run(self, inputs: KernelInputs, *, timeout: float | None = None) -> KernelOutputs: ...


def _simulate(inputs: KernelInputs) -> KernelOutputs:
    from .kernel import simulate

    return KernelOutputs(*simulate(*inputs.args()))


class InProcessRunner:
    """The kernel in the calling thread (no timeout: the caller waits for its own run only)."""

    def run(self, inputs: KernelInputs, *, timeout: float | None = None) -> KernelOutputs:
        return _simulate(inputs)


# ----- worker processes ---------------------------------------------------------------------------------


def _worker_main(conn: Connection) -> None:
    """A worker: load the kernel, then answer (inputs) -> ("ok", outputs) | ("error", text) until EOF."""
    from .kernel import warm_up

    try:
        warm_up()
    except Exception as exc:  # report, keep serving: the first real run will compile
        _LOGGER.warning("kernel warm-up failed in worker: %s", exc)
    conn.send(("ready", os.getpid()))
    while True:
        try:
            inputs = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(("ok", _simulate(inputs)))
        except Exception as exc:  # a bug: the caller re-raises it with its text
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


@contextlib.contextmanager
def _bare_main() -> Iterator[None]:
    """A spawned child re-imports the parent's `__main__`; under Streamlit that is the app script itself,
    which would start the app inside the child. Hide it while the child starts."""
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main


@dataclass(eq=False)
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    batch: bool
    ready: bool = False

    @classmethod
    def spawn(cls, batch: bool) -> _Worker:
        # "spawn": the server has threads, so a forked child could inherit a held lock.
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        process = context.Process(target=_worker_main, args=(child,), daemon=True, name="ucj-kernel")
        with _bare_main():
            process.start()
        child.close()
        return cls(process, parent, batch)

    def wait_ready(self, timeout: float) -> bool:
        try:
            if not self.ready and self.conn.poll(timeout):
                self.ready = self.conn.recv()[0] == "ready"
        except (EOFError, OSError):
            return False
        return self.ready

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)


class PoolRunner:
    """A few worker processes: `interactive` of them take only small runs, `batch` take any run.

    Each call blocks its caller (a Streamlit session's thread) until a suitable worker is free, then waits for
    the answer at most `timeout` seconds. Sessions therefore queue only behind runs of their own kind: a
    10-second analysis occupies a batch worker, and a lever move goes to the interactive one.
    """

    def __init__(self, interactive: int = 1, batch: int = 1, timeout: float = DEFAULT_TIMEOUT_S) -> None:
        self.timeout = timeout
        self._lock = threading.Condition()
        self._idle: list[_Worker] = []
        self._closed = False
        self._workers = [_Worker.spawn(False) for _ in range(interactive)]
        self._workers += [_Worker.spawn(True) for _ in range(batch)]
        self._idle = list(self._workers)
        self.restarts = 0

    @property
    def pids(self) -> list[int]:
        return [w.process.pid for w in self._workers if w.process.pid is not None]

    def wait_ready(self, timeout: float = 120.0) -> bool:
        """Block until every worker has loaded the kernel (tests and benchmarks; the app does not wait)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            dead = [w for w in self._idle if not w.process.is_alive()]
        for worker in dead:
            with self._lock:
                self._idle.remove(worker)
            self._give_back(self._replace(worker))
        return all(w.wait_ready(max(0.0, deadline - time.monotonic())) for w in list(self._workers))

    def _take(self, large: bool) -> _Worker:
        with self._lock:
            while True:
                if self._closed:
                    raise RuntimeError("kernel pool is stopped")
                # Small runs prefer interactive workers (keeping batch workers free for analysis); large runs
                # may only use batch workers.
                candidates = [w for w in self._idle if w.batch] if large else sorted(self._idle, key=lambda w: w.batch)
                if candidates:
                    worker = candidates[0]
                    self._idle.remove(worker)
                    return worker
                self._lock.wait()

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            if worker in self._workers and not self._closed:
                self._idle.append(worker)
            self._lock.notify_all()

    def _replace(self, worker: _Worker) -> _Worker:
        worker.stop()
        fresh = _Worker.spawn(worker.batch)
        with self._lock:
            self.restarts += 1
            if worker in self._workers:
                self._workers[self._workers.index(worker)] = fresh
        return fresh

    def run(self, inputs: KernelInputs, *, timeout: float | None = None) -> KernelOutputs:
        limit = self.timeout if timeout is None else timeout
        worker = self._take(large=inputs.cost > LARGE_RUN)
        try:
            if not worker.process.is_alive():
                worker = self._replace(worker)
            if not worker.wait_ready(limit):
                worker = self._replace(worker)
                raise RunTimeoutError(f"kernel worker not ready within {limit:g} s")
            worker.conn.send(inputs)
            if not worker.conn.poll(limit):
                worker = self._replace(worker)
                raise RunTimeoutError(f"kernel run exceeded {limit:g} s")
            status, payload = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError) as error:
            _LOGGER.warning("kernel worker died (%s); restarting it and running this one in-process", error)
            worker = self._replace(worker)
            return _simulate(inputs)
        finally:
            self._give_back(worker)
        if status != "ok":
            raise RuntimeError(f"kernel worker: {payload}")
        return payload

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers, self._workers, self._idle = self._workers, [], []
            self._lock.notify_all()
        for worker in workers:
            worker.stop()


# ----- the process-wide default -------------------------------------------------------------------------

_default: Runner = InProcessRunner()
_default_lock = threading.Lock()


def default() -> Runner:
    """The runner `Engine.run` uses when given none: in-process unless `start_pool` was called."""
    return _default


def set_default(runner: Runner) -> Runner:
    """Make `runner` the default; returns the previous one."""
    global _default
    with _default_lock:
        previous, _default = _default, runner
    return previous


def start_pool(interactive: int = 1, batch: int = 1, timeout: float = DEFAULT_TIMEOUT_S) -> PoolRunner:
    """Start the app's worker pool (idempotent) and make it the default runner."""
    with _default_lock:
        current = _default
    if isinstance(current, PoolRunner) and not current._closed:
        return current
    pool = PoolRunner(interactive, batch, timeout)
    set_default(pool)
    return pool


def stop_pool() -> None:
    """Stop the pool, if any, and run in-process again."""
    previous = set_default(InProcessRunner())
    if isinstance(previous, PoolRunner):
        previous.close()
