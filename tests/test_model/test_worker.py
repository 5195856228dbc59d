"""The app runs the kernel in a helper process (model/worker.py): same numbers as in-process, and a dead
helper falls back to in-process instead of failing."""

from __future__ import annotations

import numpy as np
import pytest

from model import Levers, Scenario, Settings, project, worker
from model.projection import use_kernel_worker


@pytest.fixture
def in_worker():
    use_kernel_worker(True)
    yield
    use_kernel_worker(False)
    worker.stop()
    worker._failed = False  # later tests start a fresh helper


def _arrays(result):
    return [result.target_t, result.cov_rank, result.yearly, result.national, result.central]


def test_the_helper_process_gives_the_same_projection(baseline, in_worker):
    scenario = Scenario.build(Levers(regulation_level=2, budget_bn=7.5, outreach_pct=40))
    settings = Settings(draws=20, seed=3)
    remote = project(baseline, scenario, settings=settings)
    use_kernel_worker(False)
    local = project(baseline, scenario, settings=settings)
    for a, b in zip(_arrays(remote), _arrays(local), strict=True):
        np.testing.assert_array_equal(a, b)


def test_a_dead_helper_falls_back_to_in_process(baseline, in_worker, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("helper gone")

    worker.start()
    pool = worker._pool
    monkeypatch.setattr(pool, "submit", broken)
    result = project(baseline, Scenario.build(Levers(budget_bn=3.0)), settings=Settings(draws=0))
    assert np.isfinite(result.national_central).all()
    assert worker._failed and worker._pool is None
    pool.shutdown(wait=True)
