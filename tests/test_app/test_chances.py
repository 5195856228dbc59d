"""Uncertainty on the ranking and the map (issue 10): the chance of reaching the target by the rank year and the
chance that the policy changes the rank, in the Peringkat table's on-demand columns and as a map colour with
its tooltip; the same numbers as the model's draws; absent when uncertainty is switched off."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
from streamlit.testing.v1 import AppTest

from model import BASELINE, SCENARIO, Levers, Scenario, Settings, load_baseline, project
from model.scenario import RunSettings, ScenarioDocument
from tests.test_app.tables import shown_tables

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")


def app_with(document: ScenarioDocument, page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["scenario_doc"] = document
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


DOCUMENT = ScenarioDocument.build(
    levers=Scenario.build(Levers(budget_bn=20.0)), settings=RunSettings(rank_year=2031, draws=60, seed=11)
)


def expected() -> pd.DataFrame:
    result = project(
        load_baseline(), Scenario.build(Levers(budget_bn=20.0)), settings=Settings(rank_year=2031, draws=60, seed=11)
    )
    return result.region_summary().set_index("name")


def percent(values: pd.Series) -> list[int]:
    return [int(str(v).rstrip("%")) for v in values]


def test_the_ranking_shows_the_chances_on_demand():
    at = app_with(DOCUMENT, "app_pages/peringkat.py")
    answer = shown_tables(at)[0]
    assert not any("Peluang" in c for c in answer.columns)  # the answer columns stay four, for a phone
    at.toggle(key="rank_table_all_columns").set_value(True).run()
    full = shown_tables(at)[0]
    names = [str(n).replace(" ≈ estimasi", "").strip() for n in full.iloc[:, 0]]
    truth = expected().loc[names]
    chance = full["Peluang capai target 2031"]
    assert percent(chance) == [round(100 * v) for v in truth["prob_target_by_rank_year"]]
    rank = full["Peluang kebijakan mengubah peringkat"]
    assert percent(rank) == [round(100 * v) for v in truth["prob_rank_changes"]]
    assert max(percent(rank)) > 50 and min(percent(chance)) >= 0 and max(percent(chance)) <= 100
    assert any("60 simulasi Monte Carlo" in c.value and "benih 11" in c.value for c in at.caption)


def test_without_uncertainty_no_chance_is_shown():
    quiet = ScenarioDocument.build(levers=DOCUMENT.levers, settings=RunSettings(uncertainty=False))
    at = app_with(quiet, "app_pages/peringkat.py")
    at.toggle(key="rank_table_all_columns").set_value(True).run()
    assert not any("Peluang" in c for c in shown_tables(at)[0].columns)
    at.switch_page("app_pages/ringkasan.py").run()
    assert "map_measure" not in [s.key for s in at.segmented_control]


def _map_chart(at: AppTest):
    stack, found = list(at.main.children.values()), []
    while stack:
        node = stack.pop()
        if getattr(node, "type", "") == "vega_lite_chart":
            found.append(node)
        children = getattr(node, "children", None)
        stack.extend(children.values() if isinstance(children, dict) else children or [])
    (chart,) = found
    return chart


def _map_spec(at: AppTest) -> dict:
    return json.loads(_map_chart(at).proto.spec)


def _map_data(at: AppTest) -> pd.DataFrame:
    from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

    (dataset,) = _map_chart(at).proto.datasets
    return convert_arrow_bytes_to_pandas_df(dataset.data.data).set_index("code")


def test_the_map_can_be_coloured_by_the_chance_with_it_in_the_tooltip():
    at = app_with(ScenarioDocument.build(levers=DOCUMENT.levers, settings=DOCUMENT.settings, view=DOCUMENT.view))
    assert _map_spec(at)["encoding"]["color"]["field"] == "year_class"
    at.segmented_control(key="map_measure").set_value("chance").run()
    assert not at.exception
    spec = _map_spec(at)
    color = spec["encoding"]["color"]
    assert color["field"] == "chance" and color["title"] == "Peluang capai target 2031"
    assert color["scale"]["domain"] == [0, 1]
    tooltip = [t["title"] for t in spec["encoding"]["tooltip"]]
    assert tooltip[:2] == ["Wilayah", "Peluang capai target 2031"]
    lookup = spec["transform"][0]["from"]["fields"]
    assert "chance" in lookup and "chance_text" in lookup
    result = project(
        load_baseline(), Scenario.build(Levers(budget_bn=20.0)), settings=Settings(rank_year=2031, draws=60, seed=11)
    )
    codes = result.codes
    policy = _map_data(at).loc[codes]
    np.testing.assert_allclose(policy["chance"], result.probability_by_year(2031, SCENARIO))
    assert policy.loc["15", "chance_text"] == f"{round(100 * policy.loc['15', 'chance'])}%"
    # The baseline's chances when the map shows the baseline (same draws, no policy): never higher.
    at.segmented_control(key="map_which").set_value(BASELINE).run()
    assert not at.exception
    base = _map_data(at).loc[codes]
    np.testing.assert_allclose(base["chance"], result.probability_by_year(2031, BASELINE))
    assert (
        np.all(policy["chance"].to_numpy() >= base["chance"].to_numpy()) and (policy["chance"] > base["chance"]).any()
    )
