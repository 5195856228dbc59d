"""model/targets.py: a region's target path over the years, from its own published targets or a national line."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from model.targets import NATIONAL_LINE_CODES, NATIONAL_LINES, national_line, target_paths

NATIONAL = {
    "target_kemendagri_2025_pct": 52.15,
    "target_rkp_2026_pct": 34.99,
    "target_rpjmn_2025_pct": 40.0,
    "target_rpjmn_2029_pct": 60.0,
    "target_rpjpn_2045_pct": 99.5,
}
YEARS = np.arange(2024, 2032)


def test_each_national_line_runs_as_documented():
    assert (national_line("kemendagri_2025", YEARS, NATIONAL) == 52.15).all()
    assert (national_line("rkp_2026", YEARS, NATIONAL) == 34.99).all()
    assert (national_line("rpjpn_2045", YEARS, NATIONAL) == 99.5).all()
    # RPJMN: linear from 2025 to 2029 and held on both sides
    rpjmn = national_line("rpjmn", YEARS, NATIONAL)
    assert rpjmn.tolist() == [40.0, 40.0, 45.0, 50.0, 55.0, 60.0, 60.0, 60.0]
    with pytest.raises(ValueError, match="rpjmn"):
        national_line("rpjmn_2030", YEARS, NATIONAL)


def test_every_short_code_names_a_line():
    assert set(NATIONAL_LINE_CODES.values()) == set(NATIONAL_LINES)


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": ["11", "14", "15"],
            "target_pct": [70.0, 55.0, 45.0],
            "target_status": ["reported", "estimate", "estimate"],
        }
    )


def test_own_published_path_then_table_target_then_national_line():
    published = pd.DataFrame({"code": ["14", "14", "14"], "year": [2025, 2027, 2029], "target_pct": [55, 70, 85]})
    paths = target_paths(frame(), YEARS, targets=published, national=NATIONAL, line="rkp_2026")
    assert paths.own.tolist() == [True, True, False]
    assert (paths.pct[0] == 70.0).all()  # sourced target in the table: held every year
    # Riau-like roadmap: the first target before it starts, the latest one at or before each year, the last held
    assert paths.pct[1].tolist() == [55, 55, 55, 70, 70, 85, 85, 85]
    assert (paths.pct[2] == 34.99).all()  # an estimated target gives way to the chosen national line


def test_a_users_own_target_replaces_every_path_and_is_not_a_regions_own():
    paths = target_paths(frame(), YEARS, targets=None, national=NATIONAL, override_pct=60)
    assert (paths.pct == 60.0).all() and not paths.own.any()


def test_published_targets_of_unknown_regions_or_without_a_value_are_ignored():
    published = pd.DataFrame({"code": ["99", "15"], "year": [2025, 2026], "target_pct": [10.0, np.nan]})
    paths = target_paths(frame(), YEARS, targets=published, national=NATIONAL)
    assert (paths.pct[2] == 52.15).all() and not paths.own[2]


def test_target_in_force_per_month_and_year():
    published = pd.DataFrame({"code": ["14", "14"], "year": [2025, 2027], "target_pct": [50.0, 80.0]})
    paths = target_paths(frame(), YEARS, targets=published, national=NATIONAL)
    months = np.array([2026, 2026, 2027, 2031, 2040])
    assert paths.for_months(months)[1].tolist() == [50.0, 50.0, 80.0, 80.0, 80.0]
    assert paths.in_year(2026)[1] == 50.0 and paths.in_year(2027)[1] == 80.0
    assert paths.in_year(2100)[1] == 80.0 and paths.in_year(2000)[1] == 50.0
