"""model/cached.py: a cached property that does not make one instance wait for another's computation.

Python 3.11's functools.cached_property computes under one lock per class attribute: while one session's
`AppContext.result` waited for its model run, every other session's did too, whatever its scenario."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from model.cached import cached_property
from model.data import RegionTable
from model.engine import Engine, MonthGrid
from model.projection import Projection
from ui.state import AppContext


class _Slow:
    started = threading.Event()
    release = threading.Event()
    calls = 0

    def __init__(self, block: bool) -> None:
        self.block = block

    @cached_property
    def value(self) -> int:
        type(self).calls += 1
        if self.block:
            self.started.set()
            self.release.wait(10)
        return id(self)


def test_one_instance_computing_does_not_block_another():
    blocked, free = _Slow(True), _Slow(False)
    first = threading.Thread(target=lambda: blocked.value)
    first.start()
    assert _Slow.started.wait(10)
    done = threading.Event()
    second = threading.Thread(target=lambda: (free.value, done.set()))
    second.start()
    try:
        assert done.wait(3), "the second instance's property waited for the first instance's computation"
    finally:
        _Slow.release.set()
        first.join(10)
        second.join(10)
    assert blocked.value == id(blocked) and free.value == id(free)


def test_the_value_is_computed_once_and_stored_on_the_instance():
    @dataclass(frozen=True)
    class Frozen:
        x: int

        @cached_property
        def double(self) -> list[int]:
            calls.append(self.x)
            return [2 * self.x]

    calls: list[int] = []
    item = Frozen(3)
    assert item.double is item.double == [6]
    assert calls == [3]
    assert item.__dict__["double"] == [6]
    assert isinstance(Frozen.__dict__["double"], cached_property)


def test_the_shared_classes_use_it():
    """Objects the server shares between sessions' threads: none may fall back to functools' locking one."""
    for cls, name in (
        (AppContext, "result"),
        (AppContext, "result_mc"),
        (Projection, "codes"),
        (Projection, "ranks_at_rank_year"),
        (Engine, "codes"),
        (MonthGrid, "dates"),
    ):
        assert isinstance(cls.__dict__[name], cached_property), (cls.__name__, name)
    assert any(isinstance(v, cached_property) for v in vars(RegionTable).values())
