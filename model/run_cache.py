"""A cache of model runs bounded by memory (bytes), not by count, shared by every session of a server.

Why: one projection of 38 provinces holds ~1-2 MB, of 514 regencies ~17.5 MB, of a 9,000-row table hundreds
of MB; a cache bounded at 512 entries could grow to gigabytes. This one counts what each entry holds (its
arrays, and what pages later memoise on it) and evicts the least recently used entries beyond `max_bytes`.
An entry larger than a quarter of the bound is handed to its caller but not kept, so one huge table cannot
push out everyone else's runs.

Sharing: the key names everything a run depends on (data, scenario, assumptions, settings), so a participant
who opens the room's link gets the result the presenter's session already computed. Two sessions asking for
the same key at once compute it once: the second waits for the first ("single flight").
"""

from __future__ import annotations

import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

import numpy as np
import pandas as pd

__all__ = ["RunCache", "nbytes"]

V = TypeVar("V")


def nbytes(value: Any, seen: set[int] | None = None, _depth: int = 0) -> int:
    """Approximate memory held by a value: numpy arrays and pandas objects exactly, containers and
    dataclass-like objects by their parts. Objects seen before (shared) are counted once."""
    if _depth == 0:
        seen = set(seen or ())  # a copy: the caller's set of shared objects is not changed
    assert seen is not None
    if id(value) in seen or _depth > 6:
        return 0
    seen.add(id(value))
    if isinstance(value, np.ndarray):
        # A view holds its base's memory: count the array that owns the buffer, once. (An array the compiled
        # kernel allocated has a non-array base, numba's memory record: it owns its buffer.)
        owner = value
        while isinstance(owner.base, np.ndarray):
            owner = owner.base
        if owner is not value:
            return nbytes(owner, seen, _depth + 1)
        return int(value.nbytes)
    if isinstance(value, pd.DataFrame | pd.Series | pd.Index):
        return int(value.memory_usage(deep=False).sum() if isinstance(value, pd.DataFrame) else value.memory_usage())
    if isinstance(value, bytes | bytearray | str):
        return sys.getsizeof(value)
    # Snapshots (list(...) of a builtin container is one step under the interpreter lock): another session may
    # add to a projection's memo while it is measured ("dictionary changed size during iteration" at N = 50).
    if isinstance(value, dict):
        return sum(nbytes(k, seen, _depth + 1) + nbytes(v, seen, _depth + 1) for k, v in list(value.items()))
    if isinstance(value, list | tuple | set | frozenset):
        return sum(nbytes(v, seen, _depth + 1) for v in list(value))
    if hasattr(value, "__dict__"):
        return nbytes(vars(value), seen, _depth + 1)
    return sys.getsizeof(value)


class _Pending:
    def __init__(self) -> None:
        self.done = threading.Event()
        self.value: Any = None
        self.error: BaseException | None = None


class RunCache(Generic[V]):
    """Thread-safe LRU cache of computed values bounded by their total size in bytes.

    `size_of(value)` measures an entry (default `nbytes`); `shared` objects (e.g. the regions table every run
    refers to) are not counted against an entry. Entries are re-measured when they are used again, because
    pages memoise derived tables on a projection after it was cached.
    """

    def __init__(
        self,
        max_bytes: int,
        *,
        size_of: Callable[[V], int] | None = None,
        largest_share: float = 0.25,
    ) -> None:
        self.max_bytes = int(max_bytes)
        self.largest = int(max_bytes * largest_share)
        self._size_of = size_of or nbytes
        self._lock = threading.Lock()
        self._entries: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()
        self._pending: dict[Hashable, _Pending] = {}
        self.bytes = 0
        self.hits = 0
        self.misses = 0
        self.computed = 0

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._entries

    def get_or_compute(self, key: Hashable, compute: Callable[[], V]) -> V:
        """The cached value for `key`, or `compute()` (once, even if several threads ask at the same time)."""
        with self._lock:
            if key in self._entries:
                self.hits += 1
                value, _ = self._entries[key]
                self._entries.move_to_end(key)
                self._remeasure(key, value)
                return value
            pending = self._pending.get(key)
            owner = pending is None
            if owner:
                pending = self._pending[key] = _Pending()
                self.misses += 1
            else:
                self.hits += 1
        if not owner:
            pending.done.wait()
            if pending.error is not None:
                raise pending.error
            return pending.value
        try:
            value = compute()
        except BaseException as error:
            pending.error = error
            with self._lock:
                del self._pending[key]
            pending.done.set()
            raise
        size = self._size_of(value)
        with self._lock:
            self.computed += 1
            del self._pending[key]
            if size <= self.largest:
                self._entries[key] = (value, size)
                self.bytes += size
                self._evict()
        pending.value = value
        pending.done.set()
        return value

    def _remeasure(self, key: Hashable, value: V) -> None:
        old = self._entries[key][1]
        size = self._size_of(value)
        if size != old:
            self._entries[key] = (value, size)
            self.bytes += size - old
            if size > self.largest:
                self._entries.pop(key)
                self.bytes -= size
            self._evict()

    def _evict(self) -> None:
        while self.bytes > self.max_bytes and self._entries:
            _, (_, size) = self._entries.popitem(last=False)
            self.bytes -= size

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.bytes = 0
