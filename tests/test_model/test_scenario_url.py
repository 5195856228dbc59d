"""model/scenario_url.py: the link form itself (what a person sees in the address bar), short and exact.

The round trips (any document -> link -> the same document) are properties in test_scenario.py; these pin the
form: which keys, which short forms, and how a damaged link is read.
"""

from __future__ import annotations

from dataclasses import replace

from model.levers import Levers, Scenario
from model.scenario import Pot, RunSettings, ScenarioDocument, View
from model.scenario_url import LINK_KEYS, decode, encode, to_text

CODES = ["11", "15", "17", "52"]


def test_to_text_is_shortest_and_exact():
    assert [to_text(v) for v in (True, False, 2030, 12.0, 12.3, 0.1 + 0.2, "x")] == [
        "1",
        "0",
        "2030",
        "12",
        "12.3",
        "0.30000000000000004",
        "x",
    ]


def test_national_levers_and_one_start_year_are_short_keys():
    levers = Levers(regulation_level=2, budget_bn=12.5, outreach_pct=42.5).with_start_year(2029)
    document = ScenarioDocument(levers=Scenario.build(levers), view=View(page="simulasi", province="17"))
    page, params = encode(document)
    assert page == "simulasi"
    assert params == {"reg": "2", "bud": "12.5", "out": "42.5", "start": "2029", "prov": "17"}


def test_start_years_that_differ_are_written_one_by_one_defaults_left_out():
    levers = Levers(budget_bn=1, regulation_start=2026, budget_start=2028, outreach_start=2027, budget_end=2030)
    _, params = encode(ScenarioDocument(levers=Scenario.build(levers)))
    assert params == {"bud": "1", "rs": "2026", "bs": "2028", "be": "2030"}  # outreach: the default 2027


def test_a_region_override_is_short_unless_its_years_or_apbdes_differ():
    national = Levers(budget_bn=1)
    overrides = {
        "15": Levers(regulation_level=3, budget_bn=20, outreach_pct=50),
        "17": Levers(regulation_level=1, budget_bn=5, budget_start=2026, budget_end=2030),
        "52": Levers(apbdes_bn=2.5),
    }
    _, params = encode(ScenarioDocument(levers=Scenario.build(national, overrides)))
    assert params["ov"] == "15:3:20:50,17:1:5:0:2027:2026:2030:2027,52:0:0:0:2.5"


def test_settings_view_assumptions_and_pot_keys():
    document = ScenarioDocument(
        assumptions=(("premium_per_month", 20000.0),),
        settings=RunSettings(rank_year=2035, uncertainty=False),
        view=View(lang="en", present=True),
        pot=Pot(bn=100.0, split="need"),
    )
    _, params = encode(document)
    assert params == {
        "as": "premium_per_month:20000",
        "ry": "2035",
        "mc": "0",
        "lang": "en",
        "present": "1",
        "pot": "100",
        "split": "need",
    }
    assert set(params) <= set(LINK_KEYS)


def test_decode_reads_a_decimal_comma_and_the_short_override_inherits_national_years():
    document, problems = decode("simulasi", {"bud": "12,5", "start": "2030", "ov": "15:1:2:3"}, CODES)
    assert problems == []
    assert document.levers.default == Levers(budget_bn=12.5).with_start_year(2030)
    assert document.levers.for_region("15") == Levers(regulation_level=1, budget_bn=2, outreach_pct=3).with_start_year(
        2030
    )


def test_decode_ignores_keys_of_other_features_and_refuses_a_later_codec_version():
    document, problems = decode(None, {"utm_source": "x", "bud": "2"}, CODES)
    assert problems == [] and document.levers.default.budget_bn == 2
    _, problems = decode(None, {"v": "2"}, CODES)
    assert [p.params["where_en"] for p in problems] == ["Link · v"]


def test_decode_drops_what_it_cannot_read_and_names_each_part():
    params = {"ry": "soon", "mc": "maybe", "ov": "15:1:2,17:1:x:3,52:1:2:3", "as": "premium_per_month", "bud": "3"}
    document, problems = decode("nowhere", params, CODES)
    where = sorted(p.params["where_en"] for p in problems)
    assert where == ["Link · as", "Link · mc", "Link · ov", "Link · ov", "Link · page", "Link · ry"]
    assert document.levers.default.budget_bn == 3
    assert [code for code, _ in document.levers.overrides] == ["52"]
    assert document.view.page == "ringkasan" and document.settings == RunSettings()


def test_an_over_long_parameter_is_refused_not_parsed():
    _, problems = decode(None, {"ov": "15:1:2:3," * 5000}, CODES)
    assert [p.params["where_en"] for p in problems] == ["Link · ov"]


def test_a_split_without_a_pot_is_said_and_a_pot_alone_is_shared_equally():
    document, problems = decode(None, {"split": "need"}, CODES)
    assert document.pot is None and [p.params["where_en"] for p in problems] == ["Link · split"]
    document, problems = decode(None, {"pot": "50"}, CODES)
    assert problems == [] and document.pot == Pot(bn=50.0, split="equal")
    assert replace(document, pot=None) == ScenarioDocument()
