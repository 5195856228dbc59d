"""model/runner.py: the pool gives the same numbers as in-process, really runs in its workers, enforces its
timeout, restarts dead workers, and keeps small runs moving while a large one runs."""

from __future__ import annotations

import contextlib
import os
import threading
import time

import numpy as np
import pytest

from model import Levers, Scenario, Settings, project
from model import runner as runners
from model.engine import Engine, KernelOutputs, LeverArrays
from model.synthetic import synthetic_regions


@pytest.fixture(scope="module")
def pool():
    pool = runners.PoolRunner(interactive=1, batch=1, timeout=60)
    assert pool.wait_ready(180), "kernel workers did not start"
    yield pool
    pool.close()


def _arrays(result):
    return [result.target_t, result.cov_rank, result.yearly, result.national, result.central]


def test_the_pool_gives_the_same_projection_as_in_process(baseline, pool):
    scenario = Scenario.build(Levers(regulation_level=2, budget_bn=7.5, outreach_pct=40))
    settings = Settings(draws=20, seed=3)
    remote = project(baseline, scenario, settings=settings, runner=pool)
    local = project(baseline, scenario, settings=settings, runner=runners.InProcessRunner())
    for a, b in zip(_arrays(remote), _arrays(local), strict=True):
        np.testing.assert_array_equal(a, b)


def test_runs_sent_to_the_pool_are_computed_in_a_worker_process(baseline, pool, monkeypatch):
    """Fails if the pool quietly computes in-process: the kernel is made unusable in this process."""
    import model.runner

    def no_kernel_here(_inputs):
        raise AssertionError("the kernel ran in the calling process")

    monkeypatch.setattr(model.runner, "_simulate", no_kernel_here)
    result = project(baseline, Scenario.build(Levers(budget_bn=3.0)), runner=pool)
    assert np.isfinite(result.national_central).all()
    assert all(pid != os.getpid() for pid in pool.pids)


def test_the_default_runner_is_in_process_until_the_pool_is_started_explicitly(monkeypatch):
    monkeypatch.setattr(runners, "_default", runners.InProcessRunner())
    assert isinstance(runners.default(), runners.InProcessRunner)
    import ui.state  # noqa: F401  (importing the app's state module must not start processes)

    assert isinstance(runners.default(), runners.InProcessRunner)


def test_a_run_over_its_timeout_is_stopped_and_its_worker_restarted(pool):
    table = synthetic_regions(514, seed=1)
    engine = Engine.prepare(table, settings=Settings(draws=3000, horizon_year=2100))
    levers = LeverArrays.stack([LeverArrays.none(514), LeverArrays.from_values(514, budget_bn=5)])
    restarts = pool.restarts
    started = time.perf_counter()
    with pytest.raises(runners.RunTimeoutError):
        engine.run(levers, runner=pool, timeout=0.3)
    assert time.perf_counter() - started < 5
    assert pool.restarts == restarts + 1
    small = Engine.prepare(synthetic_regions(5, seed=2))
    out = small.run(LeverArrays.none(5, 2), runner=pool)  # the restarted worker answers
    assert out.target_t.shape == (2, 1, 5)


def test_a_dead_worker_is_restarted_and_the_run_still_answers(baseline, pool):
    for worker in list(pool._workers):
        worker.process.kill()
        worker.process.join()
    restarts = pool.restarts
    result = project(baseline, Scenario.build(Levers(budget_bn=2.0)), runner=pool)
    assert np.isfinite(result.national_central).all()
    assert pool.restarts >= restarts + 1
    assert pool.wait_ready(180)


@pytest.mark.parametrize("kind", ["pool", "in_process"])
def test_a_ten_second_run_does_not_delay_another_sessions_lever_move_beyond_one_second(baseline, pool, kind):
    """Two sessions: one starts a ~10 s analysis run, the other then moves a lever (a 38-province projection)."""
    runner = pool if kind == "pool" else runners.InProcessRunner()
    big = Engine.prepare(synthetic_regions(514, seed=4), settings=Settings(draws=4000, horizon_year=2100))
    big_levers = LeverArrays.stack([LeverArrays.none(514), LeverArrays.from_values(514, budget_bn=5)])
    small = Engine.prepare(baseline)
    small_levers = small.levers([Scenario(), Scenario.build(Levers(budget_bn=4))])
    small.run(small_levers, runner=runner)  # warm
    long_done = threading.Event()
    long_seconds: list[float] = []

    def long_session() -> None:
        start = time.perf_counter()
        with contextlib.suppress(runners.RunTimeoutError):
            big.run(big_levers, runner=runner, timeout=30)
        long_seconds.append(time.perf_counter() - start)
        long_done.set()

    thread = threading.Thread(target=long_session)
    thread.start()
    time.sleep(1.0)  # the long run is under way
    moves = []
    for budget in (5, 6, 7):
        start = time.perf_counter()
        small.run(small.levers([Scenario(), Scenario.build(Levers(budget_bn=budget))]), runner=runner)
        moves.append(time.perf_counter() - start)
    still_running = not long_done.is_set()
    thread.join(60)
    assert still_running, f"the long run ended too soon ({long_seconds}) to show anything"
    assert max(moves) < 1.0, moves


def test_kernel_outputs_are_typed(baseline):
    engine = Engine.prepare(baseline)
    inputs = engine.kernel_inputs(LeverArrays.none(len(baseline), 3))
    out = runners.InProcessRunner().run(inputs)
    assert isinstance(out, KernelOutputs)
    assert out.target_t.shape == (len(baseline), 3)
