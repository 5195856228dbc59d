"""The national pot in the app (issue 10): a document field with its own widgets, shared by the same function
as the command line (so both give the same numbers), regions with their own levers left out of the split,
switching keeping the money, and a pot its regions cannot take said in words rather than a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from model.cli import main
from model.levers import Levers, Scenario
from model.scenario import Pot, RunSettings, ScenarioDocument

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
TIMEOUT = 90


def app_with(document: ScenarioDocument, page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["scenario_doc"] = document
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def command_line(tmp_path: Path, document: ScenarioDocument, *options: str) -> dict:
    levers = tmp_path / "scenario.json"
    levers.write_bytes(document.to_json_bytes(name="pot"))
    out = tmp_path / "out.json"
    argv = ["project", "--levers", str(levers), "--rank-year", str(document.settings.rank_year), *options]
    assert main([*argv, "--output", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("split", ["equal", "need", "optimal"])
def test_the_app_and_the_command_line_give_the_same_numbers(tmp_path, split):
    document = ScenarioDocument.build(
        levers=Scenario.build(Levers(outreach_pct=20.0), {"15": Levers(budget_bn=5.0, regulation_level=1)}),
        settings=RunSettings(rank_year=2029),
        pot=Pot(bn=123.4, split=split),
    )
    at = app_with(document)
    result = at.session_state["ctx"].result
    assert result.scenario.pot is not None and result.scenario.pot.split == split
    app = result.region_summary().set_index("code")
    cli = command_line(tmp_path, document)
    assert cli["pot"]["split"] == split and cli["pot"]["bn"] == 123.4
    cli_regions = {r["code"]: r for r in cli["regions"]}
    for code in app.index:
        assert cli_regions[code]["coverage_rank_year"] == pytest.approx(app.loc[code, "coverage_rank_year"], abs=1e-4)
        assert cli_regions[code]["additional_covered_rank_year"] == pytest.approx(
            app.loc[code, "additional_covered_rank_year"], abs=0.01
        )
    national = result.national_summary()
    assert cli["national"]["additional_covered_rank_year"] == pytest.approx(
        national["additional_covered_rank_year"], rel=1e-6
    )
    # The region with its own levers keeps them and takes no share; the others share the pot exactly.
    assert result.scenario.for_region("15") == Levers(budget_bn=5.0, regulation_level=1)
    shares = dict(result.scenario.pot.shares)
    assert "15" not in shares and len(shares) == 37
    assert sum(shares.values()) == pytest.approx(123.4, abs=1e-9)
    assert all(result.scenario.for_region(c).budget_bn == pytest.approx(b) for c, b in shares.items())
    assert all(result.scenario.for_region(c).outreach_pct == 20.0 for c in shares)
    # The same pot given as options instead of a saved file.
    flags = command_line(
        tmp_path,
        ScenarioDocument.build(levers=document.levers, settings=document.settings),
        "--pot-bn",
        "123.4",
        "--pot-split",
        split,
    )
    assert [r["coverage_rank_year"] for r in flags["regions"]] == [r["coverage_rank_year"] for r in cli["regions"]]


def test_a_pot_spends_more_than_the_same_money_per_region_only_where_the_rule_says():
    """The equal rule over all 38 provinces is the per-province budget of pot / 38 (on the Rp0.1 miliar grid)."""
    per_region = ScenarioDocument.build(levers=Scenario.build(Levers(budget_bn=2.5)))
    pot = ScenarioDocument.build(pot=Pot(bn=95.0, split="equal"))
    a = app_with(per_region).session_state["ctx"].result.region_summary()
    b = app_with(pot).session_state["ctx"].result.region_summary()
    assert np.allclose(a["coverage_rank_year"], b["coverage_rank_year"], atol=1e-9)


def test_switching_to_a_pot_keeps_the_money_and_back():
    at = app_with(ScenarioDocument.build(levers=Scenario.build(Levers(budget_bn=10.0))))
    at.toggle(key="pot_on").set_value(True).run()
    doc = at.session_state["scenario_doc"]
    assert doc.pot == Pot(bn=380.0, split="equal") and doc.levers.default.budget_bn == 0.0
    assert at.text_input(key="pot__text").value == "380"
    at.segmented_control(key="split").set_value("need").run()
    at.text_input(key="pot__text").input("1.234,5").run()  # typed the Bahasa way
    assert at.session_state["scenario_doc"].pot == Pot(bn=1234.5, split="need")
    at.text_input(key="pot__text").input("10,05").run()  # below Rp100 juta: refused, the previous pot stays
    assert at.session_state["scenario_doc"].pot == Pot(bn=1234.5, split="need")
    assert any("kelipatan" in e.value for e in at.error)
    at.toggle(key="pot_on").set_value(False).run()
    doc = at.session_state["scenario_doc"]
    assert doc.pot is None and doc.levers.default.budget_bn == pytest.approx(32.5)  # 1,234.5 / 38 on the grid
    assert "pot" not in at.query_params and "split" not in at.query_params


def test_the_link_carries_the_pot():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"pot": "200", "split": "optimal", "ry": "2031"})
    at.run()
    assert not at.exception
    doc = at.session_state["scenario_doc"]
    assert doc.pot == Pot(bn=200.0, split="optimal")
    assert at.toggle(key="pot_on").value and at.segmented_control(key="split").value == "optimal"
    note = at.session_state["ctx"].scenario.pot
    assert note.by_year == 2031 and sum(dict(note.shares).values()) == pytest.approx(200.0)


def test_a_pot_the_regions_cannot_take_is_said_not_raised():
    at = app_with(ScenarioDocument.build(pot=Pot(bn=25_000.0, split="need")), "app_pages/peringkat.py")
    texts = " ".join(w.value for w in at.warning)
    assert "Pot nasional tidak dipakai" in texts and "19.000,0" in texts
    assert at.session_state["ctx"].scenario.for_region("15").budget_bn == 0.0  # no pot money, and no crash
