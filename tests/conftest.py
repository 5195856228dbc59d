"""Shared fixtures: the shipped baseline, small synthetic tables, and a fast default setting."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from model import load_baseline  # noqa: E402
from model.synthetic import synthetic_regions  # noqa: E402


@pytest.fixture(scope="session")
def baseline():
    return load_baseline()


@pytest.fixture(scope="session")
def regencies():
    return synthetic_regions(514, seed=3)
