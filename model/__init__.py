"""Simulasi UCJ model: pure Python (no Streamlit) — data, levers, projection, measures.

The public API is re-exported here so scripts can `from model import project, load_baseline, ...`.
"""

import os

# The model's matrices are tiny, so BLAS threads bring no speed; on a two-core server their busy-wait after
# each call takes a core from the browser drawing the page (benchmarks/bench_ui.py). OpenBLAS reads this
# when numpy loads, so it is set before the first numpy import (app.py imports this package first).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from .assumptions import Assumptions, default_assumptions, load_assumption_specs
from .data import RegionTable, load_baseline, load_observations, load_regions, load_targets
from .levers import LEVER_SPECS, REGULATION_LEVELS, Levers, Scenario
from .messages import InputError, Problem
from .projection import BASELINE, SCENARIO, Projection, Settings, project

__all__ = [
    "Assumptions",
    "default_assumptions",
    "load_assumption_specs",
    "RegionTable",
    "load_baseline",
    "load_observations",
    "load_regions",
    "load_targets",
    "LEVER_SPECS",
    "REGULATION_LEVELS",
    "Levers",
    "Scenario",
    "InputError",
    "Problem",
    "BASELINE",
    "SCENARIO",
    "Projection",
    "Settings",
    "project",
]
