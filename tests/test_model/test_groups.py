"""model/groups.py: a group's potential-weighted totals agree with the national and the regional figures."""

from __future__ import annotations

import pytest

from model import load_baseline
from model.groups import group_summary, province_groups
from model.projection import project


def test_group_of_every_region_is_the_national_summary() -> None:
    result = project(load_baseline())
    nat = result.national_summary()
    group = group_summary(result, result.codes)
    assert group.coverage_now == pytest.approx(nat["coverage_now"], abs=1e-9)
    # The kernel sums the national path in float32: the same total within a millionth of a point.
    assert group.coverage_rank_year == pytest.approx(nat["coverage_rank_year"], abs=1e-4)
    assert group.coverage_rank_year_baseline == pytest.approx(nat["coverage_rank_year_baseline"], abs=1e-4)
    assert group.at_target == nat["regions_at_target_by_rank_year"]
    jambi = group_summary(result, ["15"])
    row = result.region_summary().set_index("code").loc["15"]
    assert jambi.coverage_rank_year == pytest.approx(row["coverage_rank_year"], abs=1e-3)


def test_province_groups_keep_order() -> None:
    assert province_groups(["92.02", "73.18", "92.08", "74.02"]) == {
        "92": ["92.02", "92.08"],
        "73": ["73.18"],
        "74": ["74.02"],
    }
