"""ui/views.py: the pages' view-models (tables, map values, chart frames, sentences), tested without Streamlit."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from model import BASELINE, SCENARIO, Levers, Scenario, Settings, project
from ui import charts, views


@pytest.fixture(scope="module")
def result(baseline):
    return project(baseline, Scenario.build(Levers(budget_bn=8, regulation_level=2)), settings=Settings(draws=30))


def test_coverage_frames_start_at_each_data_date(result):
    paths, _, _, bands = views.coverage_frames(result, ["15", "64"], "en", with_bands=True)
    first = paths.groupby("code")["date"].min()
    assert first["15"].year == 2024 and first["64"].year == 2023
    assert (bands["p10"] <= bands["p90"] + 1e-9).all()


def test_markers_sit_at_the_first_month_at_target(result):
    # A region that reaches its target during the projection (Jambi's own 55% is no longer met with this
    # scenario since its baseline starts from the Dec 2024 figure): the first such region by code.
    reached = (result.target_t[SCENARIO, 0] > result.m0) & (result.target_t[SCENARIO, 0] >= 0)
    code = result.codes[int(np.flatnonzero(reached)[0])]
    _, _, markers, _ = views.coverage_frames(result, [code], "en", with_bands=False)
    scenario = markers[markers["scenario_label"] == views.scenario_labels("en")["scenario"]]
    t = result.target_t[SCENARIO, 0, result.codes.index(code)]
    assert t >= 0
    assert scenario["date"].iloc[0] == result.grid.dates[t]


def test_map_values_classify_every_region(result):
    values = views.map_values(result, SCENARIO, "id")
    assert len(values) == 38
    assert set(values["year_class"]) <= set(views.year_classes("id"))
    assert values["is_estimate"].sum() == (result.frame["status"] == "estimate").sum()
    assert values.set_index("code").loc["71", "year_class"] == "Sudah tercapai"
    assert set(charts.MAP_FIELDS) <= set(values.columns)
    baseline_values = views.map_values(result, BASELINE, "id")
    order = views.year_classes("id")
    # more policy never makes a province's class later
    for a, b in zip(values["year_class"], baseline_values["year_class"], strict=True):
        assert order.index(a) <= order.index(b)


def test_region_table_shows_target_year_and_rank_arrows(result):
    table = views.region_table(result, "en")
    assert len(table) == 38
    assert list(table.columns) == ["Region", "Reached (policy)", "Rank 2030", "Rank vs baseline"]  # answer first
    assert {x[0] for x in table["Rank vs baseline"]} <= {"▲", "▼", "="}
    full = views.region_table(result, "en", full=True)
    assert list(full.columns[:4]) == list(table.columns) and len(full.columns) > 4
    assert table["Region"].str.contains("≈ estimate").sum() == (result.frame["status"] == "estimate").sum()


def test_rank_arrow():
    assert views.rank_arrow(3) == "▲3"
    assert views.rank_arrow(-2) == "▼2"
    assert views.rank_arrow(0) == "="


def test_national_by_year_has_milestones_and_the_rank_year(result):
    table = views.national_by_year(result, "id")
    years = list(table.columns[1:])
    assert years == sorted(years) and "2030" in years and "2045" in years
    assert list(table.iloc[:, 0]) == ["Skenario dasar", "Skenario kebijakan", "Selisih"]
    # a budget can only add members: policy >= baseline at every milestone, and the difference says so
    assert all(d.startswith(("+", "±")) for d in table.iloc[2, 1:])
    assert "%" in table.iloc[0, 1] and "," in table.iloc[0, 1]  # Indonesian number format


def test_classify_target_puts_each_year_in_its_class():
    classes = views.year_classes("en")
    status = np.array(["already", "reached", "reached", "reached", "reached", "not_by_horizon", "reached"])
    years = np.array([np.nan, 2027, 2028, 2030, 2045, np.nan, np.nan])
    got = views.classify_target(status, years, "en")
    assert got == [classes[0], "2025–2027", "2028–2030", "2028–2030", "2041–2045", classes[-1], classes[-1]]


def test_shared_ranks_read_with_an_equals_sign():
    summary = pd.DataFrame({"code": ["11", "12", "13", "14"], "rank": [1, 2, 2, 4]})
    assert views.rank_texts(summary, "rank") == ["1", "=2", "=2", "4"]
    assert views.rank_text_of(summary, "rank", "13") == "=2"


def test_a_national_target_is_marked_as_not_the_regions_own():
    summary = pd.DataFrame({"target_pct": [55.0, 52.15], "target_own": [True, False]})
    own, national = views.target_texts(summary, "id")
    assert own == "55,00%" and national.startswith("52,15% ") and len(national) > len("52,15% ")


def test_levers_text_names_every_national_lever_and_the_regions_own():
    scenario = Scenario.build(Levers(regulation_level=2, budget_bn=12.5, outreach_pct=40), {"15": Levers()})
    text = views.levers_text(scenario, "id")
    assert "Rp12,5 miliar" in text and "40%" in text and " 2 (" in text and "2027" in text
    assert text.count(" · ") == 4  # regulation, budget, outreach, from, and one region's own levers
    assert views.levers_text(Scenario(), "en").count(" · ") == 3


def test_markdown_table_escapes_uploaded_names():
    frame = pd.DataFrame({"Wilayah": ["![x](http://host/p.png)", "Aceh"], "Nilai": ["1", "2"]})
    text = views.markdown_table(frame)
    lines = text.splitlines()
    assert lines[0] == "| Wilayah | Nilai |" and lines[1] == "| --- | --- |" and len(lines) == 4
    assert "![x](" not in text
    assert views.plain_lines("a\n\n*b*") == "a  \n\\*b\\*"


def test_movers_list_only_regions_whose_rank_changes(result):
    """'1 → 1 =' is no move: a table where few ranks change lists only those (the page then says none moved)."""
    moved = views.movers(result, "en", 8)
    s = result.region_summary()
    changing = s[(s["status"] != "estimate") & (s["rank_change"] != 0)]
    assert len(moved) == min(8, len(changing)) and not moved.iloc[:, 1].str.endswith("=").any()
    still = result.region_summary().assign(rank_change=0)  # as if no rank changed
    assert len(views.movers(SimpleNamespace(region_summary=lambda: still, settings=result.settings), "en", 8)) == 0
