"""Saved scenarios that last: a SQLite file by default, PostgreSQL for several servers (see store.py).

Names are resolved lazily, so `python -m model project` does not pay for importing SQLAlchemy.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "ENV_PATH",
    "ENV_URL",
    "NameTakenError",
    "SavedScenario",
    "Store",
    "StoreError",
    "default_store_url",
    "head_revision",
    "name_key",
    "normalise_document",
    "open_store",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module(".store", __name__), name)
    raise AttributeError(name)
