"""The village budget (APBDes) lever: acts on the village apparatus segment a table gives, capped by its uncovered
members, with the budget's premium and paid months; coverage of the segment and of the total rise together."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model import InputError, Levers, Scenario, load_baseline, load_regions, project
from model.cli import main as cli_main
from model.engine import Engine, LeverArrays
from model.projection import SCENARIO, VILLAGE, Settings, apbdes_problems

MESSY = Path(__file__).resolve().parent.parent / "data" / "messy"
PREMIUM_YEAR = 16_800 * 12  # Rp per worker per year (data/assumptions.csv)
JAMBI_UNPROTECTED = 65_875  # kelembagaan desa, Dec 2024 (evidence.md section 6; dialognews.id)


@pytest.fixture(scope="module")
def jambi():
    return load_regions(MESSY / "segments_village.csv")


@pytest.fixture(scope="module")
def jambi_engine(jambi):
    return Engine.prepare(jambi, settings=Settings(draws=20, seed=3, rank_year=2030))


def test_jambi_segment_figures_are_read(jambi):
    row = jambi.frame.iloc[0]
    assert jambi.segments == ("village",)
    assert row["village_potential"] - row["village_participants"] == JAMBI_UNPROTECTED
    assert 100 * row["village_participants"] / row["village_potential"] == pytest.approx(33.02, abs=0.005)


def test_jambi_values(jambi):
    """Rp5 miliar a year at Rp201,600 per worker funds 24,802 of the 65,875 unprotected; Rp13.3 miliar all."""
    base = project(jambi, settings=Settings(rank_year=2030)).region_summary().iloc[0]
    five = project(jambi, Scenario.build(Levers(apbdes_bn=5)), settings=Settings(rank_year=2030))
    row = five.region_summary().iloc[0]
    funded = 5e9 / PREMIUM_YEAR
    assert row["apbdes_funded_workers"] == pytest.approx(funded, rel=1e-9)
    assert row["village_coverage_now"] == pytest.approx(33.02, abs=0.005)
    assert row["village_coverage_rank_year_baseline"] == pytest.approx(33.02, abs=0.005)
    assert row["village_coverage_rank_year"] == pytest.approx(
        100 * (98_350 - JAMBI_UNPROTECTED + funded) / 98_350, 1e-6
    )
    assert row["village_gap_rank_year"] == pytest.approx(JAMBI_UNPROTECTED - funded, rel=1e-6)
    # The total rises by the same members: funded / potential workers in December of the rank year.
    t = five.month_index(2030, 12)
    added_pp = row["coverage_rank_year"] - base["coverage_rank_year"]
    assert added_pp == pytest.approx(100 * funded / five.potential_path[0, t], rel=1e-3)
    assert row["budget_spent_rank_year_rp"] == pytest.approx(funded * PREMIUM_YEAR, rel=1e-3)

    full = project(jambi, Scenario.build(Levers(apbdes_bn=20)), settings=Settings(rank_year=2030))
    row = full.region_summary().iloc[0]
    assert row["apbdes_funded_workers"] == pytest.approx(JAMBI_UNPROTECTED)  # capped at the segment's pool
    assert row["village_coverage_rank_year"] == pytest.approx(100.0)
    # The kernel works in float32 (model/engine.py WORKING_DTYPE): a gap of 65,875 closes to within a worker.
    assert row["village_gap_rank_year"] == pytest.approx(0.0, abs=1.0)
    assert full.national_summary()["village_coverage_rank_year"] == pytest.approx(100.0)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    low=st.floats(0, 100).map(lambda x: round(x, 1)),
    more=st.floats(0, 100).map(lambda x: round(x, 1)),
    months=st.sampled_from([3.0, 6.0, 12.0]),
)
def test_more_apbdes_never_lowers_coverage_and_is_capped(jambi, low, more, months):
    from model.assumptions import default_assumptions

    high = min(low + more, 100.0)
    assumptions = default_assumptions().with_values({"budget_months_per_year": months})
    engine = Engine.prepare(jambi, assumptions, Settings(draws=5, seed=1, rank_year=2030))
    levers = LeverArrays.from_values(1, apbdes_bn=np.array([[0.0], [low], [high]]))
    out = engine.run(levers, keep_paths=True, keep_draws=True)
    # Every draw, every year end: more money never lowers total coverage.
    assert (out.yearly[1] >= out.yearly[0] - 1e-7).all()
    assert (out.yearly[2] >= out.yearly[1] - 1e-7).all()
    # Village members never exceed the segment's uncovered members, in any month.
    members = (
        out.central[:, VILLAGE, 0, :]
        * engine.w0[0]
        * engine.growth[0, 0] ** np.maximum(np.arange(engine.grid.n_months) - engine.m0[0], 0)
    )
    assert members.max() <= JAMBI_UNPROTECTED * (1 + 1e-9)
    # The first year the target is reached never comes later with more money.
    t = np.where(out.target_t < 0, 10**6, out.target_t)
    assert (t[2] <= t[1]).all() and (t[1] <= t[0]).all()


def test_budget_months_pay_the_same_money_for_more_workers(jambi_engine):
    """Same logic as the premium budget: budget / (months x premium) workers."""
    assert jambi_engine.apbdes_workers(np.array([1.0]))[0] == pytest.approx(1e9 / PREMIUM_YEAR)


def test_without_the_segment_the_lever_is_refused_not_silently_zero():
    table = load_baseline()
    problems = apbdes_problems(table, Scenario.build(Levers(apbdes_bn=5)))
    assert [p.key for p in problems] == ["apbdes.no_segment"]
    assert "Rp5,0 miliar" in problems[0].message("id")
    assert "IDR 5.0 billion" in problems[0].message("en")
    assert apbdes_problems(table, Scenario.build(Levers())) == []
    # The model itself adds nothing where the segment is missing (the check above is what the user sees).
    result = project(table, Scenario.build(Levers(apbdes_bn=5)))
    assert (result.central[SCENARIO, VILLAGE] == 0).all()
    assert result.region_summary()["village_coverage_now"].isna().all()


def test_cli_apbdes(capsys, jambi):
    assert cli_main(["project", "--apbdes-bn", "5"]) == 2
    assert "APBDes" in capsys.readouterr().err
    assert cli_main(["project", "--data", str(MESSY / "segments_village.csv"), "--apbdes-bn", "5"]) == 0
    import json

    out = json.loads(capsys.readouterr().out)
    region = out["regions"][0]
    assert region["apbdes_funded_workers"] == pytest.approx(5e9 / PREMIUM_YEAR, abs=1e-3)
    assert region["village_coverage_now"] == pytest.approx(33.02, abs=0.005)
    assert out["scenario"]["default"]["apbdes_bn"] == 5


def test_link_round_trip_with_apbdes():
    from model.scenario import ScenarioDocument
    from model.scenario_url import decode, encode

    doc = ScenarioDocument.from_json(
        {"default": {"apbdes_bn": 2.5}, "regions": {"15": {"apbdes_bn": 0.0}, "16": {"apbdes_bn": 7.0}}}
    )
    page, params = encode(doc)
    assert params["apb"] == "2.5"
    assert "15:0:0:0:0" in params["ov"] and "16:0:0:0:7" in params["ov"]
    back, problems = decode(page, params)
    assert problems == [] and back == doc
    with pytest.raises(InputError):
        Levers(apbdes_bn=101)
