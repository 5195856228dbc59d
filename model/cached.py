"""`cached_property` without Python 3.11's class-wide lock.

Why: in Python 3.8-3.11 `functools.cached_property` computes under ONE lock per class attribute, shared by every
instance. The app's server runs each session's script in its own thread and shares projections, engines and
contexts between them, so while one session computed `AppContext.result` (a model run waiting on a kernel
worker) every other session's first `AppContext.result` waited for it, even for another scenario: model runs
were serialised across the room. Python 3.12 removed that lock (bpo-43468: "the lock serialises all instances");
this is 3.12's behaviour for 3.11. Two threads asking for the same attribute of the same instance at once may
both compute it and one value wins: every property using this one is a pure function of its instance, and the
expensive shared one (the model run) is single-flight in its own cache (model/run_cache.py).
"""

from __future__ import annotations

import functools
import sys
from types import GenericAlias
from typing import Any

__all__ = ["cached_property"]

_NOT_FOUND = object()


class _LockFreeCachedProperty:
    """Like `functools.cached_property` (Python 3.12+): the value is stored in the instance's `__dict__`."""

    def __init__(self, func):
        self.func = func
        self.attrname: str | None = None
        self.__doc__ = func.__doc__
        self.__module__ = func.__module__

    def __set_name__(self, owner: type, name: str) -> None:
        if self.attrname is None:
            self.attrname = name
        elif name != self.attrname:
            raise TypeError(
                f"Cannot assign the same cached_property to two different names ({self.attrname!r}, {name!r})."
            )

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        if self.attrname is None:
            raise TypeError("Cannot use cached_property instance without calling __set_name__ on it.")
        cache = instance.__dict__
        value = cache.get(self.attrname, _NOT_FOUND)
        if value is _NOT_FOUND:
            value = self.func(instance)
            cache[self.attrname] = value
        return value

    __class_getitem__ = classmethod(GenericAlias)


cached_property = functools.cached_property if sys.version_info >= (3, 12) else _LockFreeCachedProperty
