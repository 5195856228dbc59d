"""Shared fixtures: the shipped baseline, small synthetic tables, and a fast default setting."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Saved scenarios of this test session go to a throwaway SQLite store (model/store), never the user's own;
# app servers started by browser tests inherit it. Store tests open their own stores explicitly.
os.environ["UCJ_STORE_PATH"] = str(Path(tempfile.mkdtemp(prefix="ucj-test-store-")) / "scenarios.sqlite")
os.environ.pop("UCJ_DATABASE_URL", None)

# Hypothesis profiles, loaded here so that every @settings in the test modules inherits them (a decorator's own
# arguments still win). Both: no per-example deadline and no "too slow" health check, because on a loaded
# 2-core machine (CI, or several test runs at once) one example or its data generation can take seconds, and a
# property test must fail on its property, never on the machine's speed. Each test keeps its max_examples.
# - "dev" (default): new random examples on every run, failures remembered in .hypothesis/ and replayed first.
# - "ci" (.ci/run sets HYPOTHESIS_PROFILE=ci): the same examples on every run (derandomize: drawn from a seed
#   derived from each test's name), no example database (a fresh clone has none): CI's verdict depends only on
#   the code. The examples are as many as in "dev"; exploring new ones is what local runs do.
_LOAD_PROOF = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow], "print_blob": True}
settings.register_profile("dev", **_LOAD_PROOF)
settings.register_profile("ci", derandomize=True, database=None, **_LOAD_PROOF)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

from model import load_baseline  # noqa: E402
from model.synthetic import synthetic_regions  # noqa: E402


@pytest.fixture(scope="session")
def baseline():
    return load_baseline()


@pytest.fixture(scope="session")
def regencies():
    return synthetic_regions(514, seed=3)
