"""Simulasi UCJ model: pure Python (no Streamlit) — data, levers, projection, measures.

The public API is re-exported here so scripts can `from model import project, load_baseline, ...`.
"""

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
