"""ui/analysis_views.py: the analysis page's sentences and tables, in both languages, from the model's answers
(hand-made answers where the sentence is the point; small real runs where the table is)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from model import Levers, Scenario
from model.analysis.allocation import allocate
from model.analysis.evaluate import Evaluator
from model.analysis.goal_seek import GoalSeekResult
from model.analysis.sensitivity import SobolIndices, Tornado, TornadoBar
from model.analysis.uncertainty import uncertainty
from model.synthetic import synthetic_regions
from ui import analysis_views as av

ANSWER = GoalSeekResult(
    region="15",
    name="Jambi",
    lever="budget",
    target_pct=55.0,
    by_year=2030,
    value=12.34,
    reachable=True,
    reason=None,
    already=False,
    levers=Levers(budget_bn=12.4),
    coverage_by_year_pct=55.2,
    coverage_without_pct=41.0,
    additional_covered=61_480.0,
    funded_workers=61_449.0,
    cost_per_additional_rp=201_649.0,
)


def test_a_budget_answer_says_the_budget_the_workers_and_the_cost_rounded_as_spoken():
    assert av.goal_sentence(ANSWER, "en") == (
        "Jambi reaches 55% by 2030 with an APBD premium budget of IDR 12.3 billion a year, about 61,400 vulnerable "
        "workers; cost per additional participant IDR 201,600 a year."
    )
    bahasa = av.goal_sentence(ANSWER, "id")
    assert "Rp12,3 miliar" in bahasa and "61.400" in bahasa and "Rp201.600" in bahasa and "55%" in bahasa


def test_other_answers_name_their_lever_or_the_reason():
    outreach = av.goal_sentence(replace(ANSWER, lever="outreach", value=42.5, target_pct=55.5), "en")
    assert "42.5%" in outreach and "55.5%" in outreach
    regulation = av.goal_sentence(replace(ANSWER, lever="regulation", value=2.0), "id")
    assert "tingkat 2: Perda" in regulation
    already = av.goal_sentence(replace(ANSWER, already=True, coverage_by_year_pct=58.04), "en")
    assert already.startswith("Jambi already reaches 55% by 2030") and "58.0%" in already
    never = av.goal_sentence(replace(ANSWER, reachable=False, reason="pool_exhausted", value=None), "en")
    assert never.startswith("Jambi does not reach 55% by 2030") and "every vulnerable worker" in never


@pytest.fixture(scope="module")
def small():
    return synthetic_regions(6, seed=1)


def test_allocation_table_lists_the_largest_optimal_share_first(small):
    result = allocate(Evaluator(small), Scenario(), 10.0, 2030, "workers")
    table = av.allocation_table(result, "en")
    # The answer first (a phone shows four columns whole), the simple splits on demand.
    assert list(table.columns) == ["Region", "Optimal (IDR bn)", "Participants added (optimal)", "At target"]
    shares = [float(v) for v in table["Optimal (IDR bn)"]]
    assert len(table) == 6 and shares == sorted(shares, reverse=True) and sum(shares) == pytest.approx(10.0)
    assert set(table.iloc[:, 3]) <= {"yes", "no"}
    full = av.allocation_table(result, "en", full=True)
    assert list(full.columns[:4]) == list(table.columns) and len(full.columns) == 7
    sentence = av.pot_sentence(result, "id")
    assert "Rp10,0 miliar" in sentence and "2030" in sentence
    assert av.next_rupiah_sentence(result, "en", n=2).count(";") == 1


def test_probability_table_ranks_by_chance_with_the_year_range(small):
    result = uncertainty(small, Scenario.build(Levers(budget_bn=5)), by_year=2030, draws=40, seed=1)
    table = av.probability_table(result, "en")
    assert len(table) == 6
    chances = [float(v.rstrip("%")) for v in table.iloc[:, 2]]
    assert chances == sorted(chances, reverse=True)
    ranks = table.iloc[:, 0].tolist()
    assert ranks == sorted(ranks) and ranks[0] == 1
    assert len(table.columns) == 4  # rank, region, chance with and without the policy: a phone shows them whole
    full = av.probability_table(result, "en", full=True)
    assert list(full.columns[:4]) == list(table.columns)
    assert all("–" in v for v in full["Target year P10–P90"])


def test_an_unreached_year_reads_after_the_horizon():
    assert av._year_text(np.inf, 2045, "en") == "> 2045" and av._year_text(2031.0, 2045, "id") == "2031"


def test_tornado_and_sobol_frames_use_the_labels_of_levers_and_assumptions():
    bars = [
        TornadoBar("lever", "budget_bn", 0, 10, 40.0, 47.5, 2035, 2029),
        TornadoBar("assumption", "crowd_out_share", 0, 0.2, 44.0, 43.0, 2031, 2032),
    ]
    frame = av.tornado_frame(Tornado("15", 2030, 43.5, 2031, bars), "en")
    assert frame["swing"].tolist() == [7.5, 1.0]
    assert frame["name"].iloc[0] != "budget_bn" and frame["kind"].nunique() == 2
    assert av.tornado_chart(frame, 43.5, "en").to_dict()["height"] == 32 * 2 + 20
    indices = SobolIndices(
        inputs=["crowd_out_share", "vulnerable_share"],
        outputs=["national"],
        first=np.array([[0.1, 0.6]]),
        total=np.array([[0.15, 0.8]]),
        first_low=np.array([[0.05, 0.5]]),
        first_high=np.array([[0.2, 0.7]]),
        total_low=np.array([[0.1, 0.7]]),
        total_high=np.array([[0.2, 0.9]]),
        n=64,
        evaluations=256,
    )
    sobol = av.sobol_frame(indices, "national", "id")
    assert sobol.iloc[0, 2] == "0,800 (0,700–0,900)"  # the largest total index first, Bahasa decimals
