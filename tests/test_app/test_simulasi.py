"""app_pages/simulasi.py: a province's own budget moves only its target year; a national budget delays none."""

from __future__ import annotations

from tests.test_app.pages import open_own_levers, start, table_values


def test_budget_for_one_province_moves_its_target_year_earlier_or_keeps_it():
    at = start("simulasi")
    before = table_values(at).set_index("Wilayah")
    open_own_levers(at)
    at.toggle(key="ov_on").set_value(True).run()
    at.select_slider(key="ov_bud").set_value(40.0).run()
    assert not at.exception
    after = table_values(at).set_index("Wilayah")
    column = "Tercapai (kebijakan)"
    jambi_before, jambi_after = before.loc["Jambi", column], after.loc["Jambi", column]
    assert (
        jambi_after == "Sudah tercapai" or jambi_before == "Belum sampai 2045" or int(jambi_after) <= int(jambi_before)
    )
    assert jambi_after != jambi_before  # Rp40 miliar a year funds ~198 thousand workers in Jambi
    others = [r for r in before.index if r != "Jambi"]
    assert (before.loc[others, column] == after.loc[others, column]).all()


def test_national_budget_never_delays_any_target_year():
    at = start("simulasi")
    column = "Tercapai (kebijakan)"
    before = table_values(at).set_index("Wilayah")[column]
    at.select_slider(key="bud").set_value(15.0).run()
    after = table_values(at).set_index("Wilayah")[column]

    def as_year(text: str) -> int:
        return 0 if text == "Sudah tercapai" else (9999 if text == "Belum sampai 2045" else int(text))

    assert all(as_year(a) <= as_year(b) for a, b in zip(after, before, strict=True))
    assert any(as_year(a) < as_year(b) for a, b in zip(after, before, strict=True))


def own_lever_keys(at) -> set[str]:
    widgets = [*at.toggle, *at.select_slider, *at.slider]
    return {w.key for w in widgets if w.key and w.key.startswith("ov_")}


def test_the_own_levers_are_drawn_only_while_their_popover_is_open_and_work_when_opened():
    at = start("simulasi", scenario_doc=_with_jambi_budget(30.0))
    assert own_lever_keys(at) == set(), "closed: no own-lever widget is built or sent"
    open_own_levers(at)
    assert own_lever_keys(at) == {"ov_on", "ov_reg", "ov_bud", "ov_out", "ov_apb", "ov_rs", "ov_bs", "ov_be", "ov_os"}
    # Opened, they show the province's own levers from the document, and a change goes back into it.
    assert at.toggle(key="ov_on").value is True and at.select_slider(key="ov_bud").value == 30.0
    at.select_slider(key="ov_bud").set_value(45.0).run()
    assert not at.exception
    assert own_lever_keys(at), "the popover stays open while its widgets are used"
    assert dict(at.session_state["scenario_doc"].levers.overrides)["15"].budget_bn == 45.0
    assert at.query_params["ov"].startswith("15:0:45:")


def test_own_levers_survive_while_their_popover_is_closed():
    """Closed, the widgets are not drawn (so Streamlit drops their state): moving a national lever and
    switching pages keep the province's own levers in the document, the link and the table."""
    at = start("simulasi", scenario_doc=_with_jambi_budget(30.0))
    column = "Tercapai (kebijakan)"
    jambi = table_values(at).set_index("Wilayah").loc["Jambi", column]
    at.select_slider(key="bud").set_value(2.0).run()
    at.switch_page("app_pages/ringkasan.py").run()
    at.switch_page("app_pages/simulasi.py").run()
    assert not at.exception
    own = dict(at.session_state["scenario_doc"].levers.overrides)
    assert own["15"].budget_bn == 30.0 and at.session_state["scenario_doc"].levers.default.budget_bn == 2.0
    assert at.query_params["ov"].startswith("15:0:30:")
    assert table_values(at).set_index("Wilayah").loc["Jambi", column] == jambi  # its own budget, not Rp2 miliar
    open_own_levers(at)
    assert at.toggle(key="ov_on").value is True and at.select_slider(key="ov_bud").value == 30.0


def _with_jambi_budget(budget_bn: float):
    from model.levers import Levers, Scenario
    from model.scenario import ScenarioDocument

    doc = ScenarioDocument()
    return doc.with_levers(Scenario.build(Levers(), {"15": Levers(budget_bn=budget_bn)})).with_view(page="simulasi")
