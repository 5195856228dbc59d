"""ui/scenario_state.py: the one module between the scenario document and the widgets: what it folds from
widget state, what it writes back, the budget schedule's rule, the pot switch, and undo/redo/replay.

The app-level round trips (any document -> widgets -> the same document; links) are in test_scenario_ui.py;
these drive the module itself in a small script."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from model import LEVER_SPECS, Levers, Scenario
from model.scenario import Pot, RunSettings, ScenarioDocument, Target, View
from ui import scenario_state as ss


def test_only_valid_lever_values_are_taken_from_widgets():
    assert ss._valid_lever("budget_bn", 12.3) and ss._valid_lever("regulation_level", 2)
    for name, value in [
        ("budget_bn", 12.34),  # off the Rp100 juta grid
        ("budget_bn", 500.1),
        ("outreach_pct", float("nan")),
        ("regulation_level", True),
        ("budget_start", "2030"),
    ]:
        assert not ss._valid_lever(name, value), (name, value)
    assert ss._choice("en", ("id", "en"), "id") == "en" and ss._choice("fr", ("id", "en"), "id") == "id"
    assert ss._flag(1, False) is False and ss._flag(True, False) is True
    assert ss._number(2035, "rank_year", 2030) == 2035 and ss._number(1999, "rank_year", 2030) == 2030


def test_every_widget_shows_the_documents_value():
    own = Levers(budget_bn=7, outreach_pct=12.5, budget_start=2026)
    doc = ScenarioDocument(
        levers=Scenario.build(Levers(regulation_level=1), {"15": own}),
        target=Target(basis="custom", custom_pct=55.5, national_line="rpjmn"),
        settings=RunSettings(rank_year=2035, uncertainty=False),
        view=View(province="15", lang="en"),
        pot=Pot(bn=80.0, split="need"),
    )
    values = ss._widget_values(doc)
    for name, key in ss.NATIONAL_KEYS.items():
        assert values[key] == getattr(doc.levers.default, name)
    for name, key in ss.OVERRIDE_KEYS.items():
        assert values[key] == getattr(own, name)  # the focus province's own levers
    assert values[ss.OVERRIDE_ON] is True and values["prov"] == "15" and values["lang"] == "en"
    assert (values["tgt"], values["tgtpct"], values["nl"], values["ry"], values["mc"]) == (
        "custom",
        55.5,
        "rpjmn",
        2035,
        False,
    )
    assert (values[ss.POT_ON], values[ss.POT_BN], values[ss.POT_SPLIT]) == (True, 80.0, "need")
    other = ss._widget_values(doc.with_view(province="11"))
    assert other[ss.OVERRIDE_ON] is False and other[ss.OVERRIDE_KEYS["budget_bn"]] == 0.0


CODES = ["11", "15", "17"]


def doc_app() -> None:
    import streamlit as st

    from ui import scenario_state as ss

    codes = ["11", "15", "17"]
    ss.sync(codes)
    for action in st.session_state.pop("actions", []):
        name, *args = action
        if name == "set":
            st.session_state[args[0]] = args[1]
        else:
            getattr(ss, name)(*args)
    ss.finish(codes)
    st.session_state["out"] = ss.document()


def run(app: AppTest, *actions) -> ScenarioDocument:
    app.session_state["actions"] = list(actions)
    app.run()
    return app.session_state["out"]


def test_a_link_opens_as_the_document_and_the_address_bar_follows_changes():
    app = AppTest.from_function(doc_app, default_timeout=60)
    app.query_params["bud"] = "12.5"
    app.query_params["prov"] = "17"
    app.run()
    doc = app.session_state["out"]
    assert doc.levers.default.budget_bn == 12.5 and doc.view.province == "17"
    doc = run(app, ("set", ss.NATIONAL_KEYS["outreach_pct"], 42.5))
    assert doc.levers.default.outreach_pct == 42.5
    assert app.query_params["out"] == "42.5" and app.query_params["bud"] == "12.5"


def test_a_budget_never_ends_before_it_starts():
    app = AppTest.from_function(doc_app, default_timeout=60)
    app.run()
    doc = run(app, ("set", ss.NATIONAL_KEYS["budget_end"], 2030))
    assert doc.levers.default.budget_end == 2030
    doc = run(app, ("set", ss.NATIONAL_KEYS["budget_start"], 2033))  # the end follows a start moved past it
    assert (doc.levers.default.budget_start, doc.levers.default.budget_end) == (2033, 2033)
    doc = run(app, ("set", ss.NATIONAL_KEYS["budget_end"], 2029))  # a start follows an end moved before it
    assert (doc.levers.default.budget_start, doc.levers.default.budget_end) == (2029, 2029)


def test_the_pot_switch_keeps_the_money():
    app = AppTest.from_function(doc_app, default_timeout=60)
    app.run()
    run(app, ("set", ss.NATIONAL_KEYS["budget_bn"], 2.5))
    doc = run(app, ("set", ss.POT_ON, True), ("switch_pot", 3))
    assert doc.pot == Pot(bn=7.5, split="equal") and doc.levers.default.budget_bn == 0.0
    doc = run(app, ("set", ss.POT_BN, 10.0), ("set", ss.POT_ON, False), ("switch_pot", 3))
    assert doc.pot is None
    assert doc.levers.default.budget_bn == LEVER_SPECS["budget_bn"].snap(10.0 / 3) == 3.3


def test_undo_redo_and_replay_step_through_changes_but_not_page_moves():
    app = AppTest.from_function(doc_app, default_timeout=60)
    app.run()
    key = ss.NATIONAL_KEYS["budget_bn"]
    for value in (1.0, 2.0, 3.0):
        run(app, ("set", key, value))
    run(app, ("set", "prov", "11"))  # a view change is not a step
    assert app.session_state[ss.HISTORY][-1].levers.default.budget_bn == 3.0
    assert run(app, ("undo",)).levers.default.budget_bn == 2.0
    assert run(app, ("undo",)).levers.default.budget_bn == 1.0
    doc = run(app, ("redo",))
    assert doc.levers.default.budget_bn == 2.0 and doc.view.province == "11"
    assert run(app, ("set", key, 5.0)).levers.default.budget_bn == 5.0
    assert run(app, ("redo",)).levers.default.budget_bn == 5.0  # a new change drops the redo branch
    assert run(app, ("replay_last_change",)).levers.default.budget_bn == 2.0
    assert app.session_state[ss.REPLAYING] is True
    assert run(app, ("replay_last_change",)).levers.default.budget_bn == 5.0


def test_history_keeps_the_last_fifty_changes():
    app = AppTest.from_function(doc_app, default_timeout=60)
    app.run()
    key = ss.NATIONAL_KEYS["budget_bn"]
    for i in range(1, ss.HISTORY_LIMIT + 6):
        run(app, ("set", key, float(i)))
    history = app.session_state[ss.HISTORY]
    assert len(history) == ss.HISTORY_LIMIT and history[-1].levers.default.budget_bn == ss.HISTORY_LIMIT + 5
