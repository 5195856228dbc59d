"""Where the shipped data lives, so nothing else hard-codes a path."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
REGIONS_CSV = DATA_DIR / "regions.csv"
OBSERVATIONS_CSV = DATA_DIR / "observations.csv"
TARGETS_CSV = DATA_DIR / "targets.csv"
ASSUMPTIONS_CSV = DATA_DIR / "assumptions.csv"
NATIONAL_CSV = DATA_DIR / "sources" / "national.csv"
SOURCES_DIR = DATA_DIR / "sources"
LOCALES_DIR = PROJECT_ROOT / "locales"
