"""Shared fixtures: the shipped baseline, small synthetic tables, and a fast default setting."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Saved scenarios of this test session go to a throwaway SQLite store (model/store), never the user's own;
# app servers started by browser tests inherit it. Store tests open their own stores explicitly.
os.environ["UCJ_STORE_PATH"] = str(Path(tempfile.mkdtemp(prefix="ucj-test-store-")) / "scenarios.sqlite")
os.environ.pop("UCJ_DATABASE_URL", None)

from model import load_baseline  # noqa: E402
from model.synthetic import synthetic_regions  # noqa: E402


@pytest.fixture(scope="session")
def baseline():
    return load_baseline()


@pytest.fixture(scope="session")
def regencies():
    return synthetic_regions(514, seed=3)
