"""model/run_cache.py: a cache of runs bounded by bytes, shared across threads (sessions), computing each key once."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from model import Levers, Scenario, Settings, project
from model.run_cache import RunCache, nbytes
from model.synthetic import synthetic_regions


def test_nbytes_counts_arrays_frames_and_shared_objects_once():
    import pandas as pd

    a = np.zeros(1000)
    frame = pd.DataFrame({"x": np.zeros(500)})
    assert nbytes({"a": a, "b": a}) == 8000 + nbytes("a") + nbytes("b")
    assert nbytes([a[:10], a[10:]]) == 8000  # views count their base once
    assert nbytes(frame) >= 4000
    assert nbytes({"a": a}, {id(a)}) < 1000  # a shared object is not counted


def test_the_cache_never_holds_more_bytes_than_its_bound():
    cache = RunCache(10_000)
    for i in range(50):
        cache.get_or_compute(i, lambda: np.zeros(300))  # 2,400 bytes each
        assert cache.bytes <= 10_000
    assert len(cache) == 4
    assert list(cache._entries) == [46, 47, 48, 49]  # least recently used went first


def test_an_entry_over_a_quarter_of_the_bound_is_returned_but_not_kept():
    cache = RunCache(10_000)
    value = cache.get_or_compute("big", lambda: np.zeros(1000))
    assert value.shape == (1000,)
    assert "big" not in cache and cache.bytes == 0


def test_an_entry_that_grows_after_it_was_cached_is_remeasured():
    cache = RunCache(10_000)
    holder = {"data": np.zeros(100)}
    cache.get_or_compute("h", lambda: holder)
    holder["chart"] = np.zeros(1200)  # a page memoises a large table on it
    cache.get_or_compute("h", lambda: holder)
    assert cache.bytes <= 10_000 and "h" not in cache


def test_two_sessions_asking_for_the_same_run_compute_it_once():
    cache = RunCache(10**8)
    calls = []

    def slow():
        calls.append(1)
        time.sleep(0.3)
        return np.ones(10)

    results = []
    threads = [threading.Thread(target=lambda: results.append(cache.get_or_compute("k", slow))) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1 and len(results) == 5
    assert all(r is results[0] for r in results)


def test_a_failed_run_is_not_cached_and_every_waiter_sees_the_error():
    cache = RunCache(10**6)

    def broken():
        raise ValueError("bad")

    with pytest.raises(ValueError):
        cache.get_or_compute("k", broken)
    assert "k" not in cache
    assert cache.get_or_compute("k", lambda: 1) == 1


def test_projection_runs_of_514_regions_stay_within_a_128_mb_bound():
    """The app's cache measures a projection with what pages memoise on it; 30 distinct scenarios on a
    514-region table (~17 MB each with 100 draws) stay within the bound and the newest ones are kept."""
    from ui.state import projection_bytes

    table = synthetic_regions(514, seed=8)
    bound = 128 * 2**20
    cache = RunCache(bound, size_of=projection_bytes)
    sizes = []
    for i in range(30):
        scenario = Scenario.build(Levers(budget_bn=1 + i))
        result = cache.get_or_compute(i, lambda s=scenario: project(table, s, settings=Settings(draws=100)))
        result.region_summary()
        _ = result.member_paths
        sizes.append(projection_bytes(result))
        assert cache.bytes <= bound
    assert 5 * 2**20 < sizes[-1] < bound / 4
    assert 29 in cache and 0 not in cache
    assert cache.bytes >= bound - 2 * max(sizes)  # it does use what it may
