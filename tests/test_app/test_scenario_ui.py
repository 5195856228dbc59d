"""The scenario document in the app: what is saved, applied, shared or imported comes back exactly, every
widget can show every valid value, and the facilitator can undo, redo and replay (issue 8's defects)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from streamlit.testing.v1 import AppTest

from model.levers import Levers, Scenario
from model.scenario import ScenarioDocument, Target
from model.scenario_url import LINK_KEYS, encode
from tests.scenario_strategies import documents
from tests.test_app.pages import open_own_levers
from ui import fmt

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
TIMEOUT = 60
NATIONAL = {
    "regulation_level": "reg",
    "budget_bn": "bud",
    "outreach_pct": "out",
    "regulation_start": "rs",
    "budget_start": "bs",
    "budget_end": "be",
    "outreach_start": "os",
}


def fresh(query: dict[str, str] | None = None, **state) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if query:
        at.query_params.update(query)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def unique(name: str) -> str:
    """Names in the test session's shared store must not clash between tests."""
    return f"{name} {uuid.uuid4().hex[:6]}"


def open_saved(at: AppTest, name: str) -> None:
    """Pick a saved scenario in the store's list and press Apply, as a user does."""
    from model.store import open_store

    (saved,) = [s for s in open_store().list() if s.name == name]
    at.selectbox(key="store_pick").set_value(saved.short_id).run()
    at.button(key="store_open").click().run()
    assert not at.exception, [e.value for e in at.exception]


def save_on_page(at: AppTest, name: str) -> None:
    at.text_input(key="save_name").input(name)
    at.button(key="FormSubmitter:save_scenario-Simpan").click().run()
    assert not at.exception, [e.value for e in at.exception]


def doc(at: AppTest) -> ScenarioDocument:
    return at.session_state["scenario_doc"]


def lever(at: AppTest, key: str):
    """A lever's widget value, whichever kind of widget it is."""
    for kind in (at.slider, at.select_slider):
        try:
            return kind(key=key).value
        except KeyError:
            continue
    raise KeyError(key)


def set_lever(at: AppTest, key: str, value) -> None:
    for kind in (at.slider, at.select_slider):
        try:
            kind(key=key).set_value(value)
            return
        except KeyError:
            continue
    raise KeyError(key)


SAVED = Levers(
    regulation_level=2,
    budget_bn=200.0,
    outreach_pct=42.5,
    regulation_start=2029,
    budget_start=2026,
    budget_end=2030,
    outreach_start=2028,
)


def test_applying_a_saved_scenario_gives_back_exactly_what_was_saved():
    """Defect: budget end 2030 became 2100, regulation start 2029 became 2027, outreach 42.5 became 42, and
    Rp200 miliar crashed the page (the slider stopped at 100)."""
    at = fresh()
    at.switch_page("app_pages/skenario.py").run()
    for name, key in NATIONAL.items():
        set_lever(at, key, getattr(SAVED, name))
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert doc(at).levers.default == SAVED
    name = unique("Perda + Rp200 miliar")
    save_on_page(at, name)
    at.button(key="reset_policies").click().run()
    assert doc(at).levers.default == Levers()
    open_saved(at, name)
    assert doc(at).levers.default == SAVED
    assert {key: lever(at, key) for key in NATIONAL.values()} == {k: getattr(SAVED, n) for n, k in NATIONAL.items()}


def test_a_budget_of_rp500_miliar_in_a_link_opens_the_page():
    """Defect: `/simulasi?ov=15:3:500:100` and a budget above 100 raised StreamlitValueAboveMaxError."""
    at = fresh({"ov": "15:3:500:100", "bud": "200"})
    at.switch_page("app_pages/simulasi.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.select_slider(key="bud").value == 200.0
    open_own_levers(at)
    assert at.toggle(key="ov_on").value is True
    assert at.select_slider(key="ov_bud").value == 500.0 and at.select_slider(key="ov_out").value == 100.0
    assert dict(doc(at).levers.overrides)["15"].budget_bn == 500.0


def test_2026_can_be_chosen_and_a_link_with_2026_keeps_it():
    """Defect: start years stopped at 2027 and an imported 2026 silently became 2027."""
    at = fresh({"start": "2026"})
    assert [lever(at, k) for k in ("rs", "bs", "os")] == [2026, 2026, 2026]
    at.slider(key="rs").set_value(2025).run()
    assert doc(at).levers.default.regulation_start == 2025
    assert at.query_params["rs"] == "2025" and at.query_params["bs"] == "2026"


def test_a_province_has_its_own_start_years():
    """Defect: a province's own levers always started in the national year."""
    at = fresh()
    at.switch_page("app_pages/simulasi.py").run()
    open_own_levers(at).toggle(key="ov_on").set_value(True).run()
    at.select_slider(key="ov_bud").set_value(25.0).run()
    at.slider(key="ov_bs").set_value(2026).run()
    at.select_slider(key="ov_be").set_value(2031).run()
    assert not at.exception
    own = dict(doc(at).levers.overrides)["15"]
    assert (own.budget_bn, own.budget_start, own.budget_end, own.regulation_start) == (25.0, 2026, 2031, 2027)
    assert at.query_params["ov"] == "15:0:25:0:2027:2026:2031:2027"
    # Moving the focus does not copy Jambi's levers onto another province, and coming back shows them again.
    at.selectbox(key="prov").set_value("17").run()
    open_own_levers(at)  # the popover's label names the province: another province's popover starts closed
    assert at.toggle(key="ov_on").value is False and at.select_slider(key="ov_bud").value == 0.0
    assert list(dict(doc(at).levers.overrides)) == ["15"]
    at.selectbox(key="prov").set_value("15").run()
    open_own_levers(at)
    assert at.select_slider(key="ov_bud").value == 25.0 and at.slider(key="ov_bs").value == 2026


def test_the_share_link_carries_the_page_and_changed_assumptions():
    """Defect: a share link always opened the Skenario page defaults for assumptions and page."""
    at = fresh(assumption_values={"premium_per_month": 20_000.0})
    at.switch_page("app_pages/simulasi.py").run()
    at.select_slider(key="bud").set_value(7.5).run()
    at.switch_page("app_pages/skenario.py").run()
    links = [c.value for c in at.code if "?s=" not in c.value]  # not the short links of saved scenarios
    shared = [link for link in links if urlsplit(link).path.endswith("/simulasi")]
    assert shared, links  # the Skenario page's link opens the page shown before it
    parts = urlsplit(shared[0])
    params = dict(parse_qsl(parts.query))
    assert params["as"] == "premium_per_month:20000" and params["bud"] == "7.5"

    opened = fresh(params)
    assert doc(opened).assumption_changes == {"premium_per_month": 20_000.0}
    assert doc(opened).levers.default.budget_bn == 7.5
    opened.switch_page("app_pages/asumsi.py").run()
    assert any("dimodifikasi" in w.value for w in opened.warning)


def test_a_hostile_link_shows_what_was_ignored_and_opens_the_rest():
    at = fresh({"ov": "15:9:abc:1,zz", "bud": "1e9", "out": "![x](http://evil.example/p.png)", "reg": "2"})
    assert not at.exception
    assert at.select_slider(key="reg").value == 2
    text = " ".join(w.value for w in at.warning)
    assert "![x]" not in text and "\\!\\[x\\]" in text  # shown as text, never rendered as an image
    assert "http://" not in text  # nor turned into a clickable link
    plain = text.replace("\\", "")
    assert "15:9:abc:1" in plain and "1e+09 di luar rentang 0–500" in plain and "zz" in plain


def upload(at: AppTest, name: str, raw: bytes) -> None:
    at.file_uploader(key="scenario_upload").set_value((name, raw, "application/json")).run()
    assert not at.exception, [e.value for e in at.exception]


def test_an_imported_file_is_applied_exactly_including_2026():
    """Defect: an imported 2026 became 2027, and applying changed the budget end, starts and outreach."""
    at = fresh()
    at.switch_page("app_pages/skenario.py").run()
    saved_file = ScenarioDocument.build(
        levers=Scenario.build(SAVED, {"17": Levers(budget_bn=12.3, outreach_pct=0.5).with_start_year(2026)}),
        assumptions={"premium_per_month": 20_000.0},
    ).to_json_bytes(name=(name := unique("Dari berkas")))
    upload(at, "dari-berkas.json", saved_file)
    at.run()
    open_saved(at, name)
    document = doc(at)
    assert document.levers.default == SAVED
    assert dict(document.levers.overrides)["17"] == Levers(budget_bn=12.3, outreach_pct=0.5).with_start_year(2026)
    assert document.assumption_changes == {"premium_per_month": 20_000.0}
    assert lever(at, "bs") == 2026 and lever(at, "be") == 2030 and lever(at, "out") == 42.5


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b'{"regions":{"15":5}}', "Wilayah 15: seharusnya berisi pasangan"),
        (b'{"default":"x"}', "Kebijakan semua wilayah: seharusnya berisi pasangan"),
        (b"[" * 50_000 + b"]" * 50_000, "bersarang lebih dari 6 tingkat"),
        (b'{"default":{"budget_bn":NaN}}', "nan bukan angka terhingga"),
        (b'{"default":{"budget_bn":600},"regions":{"99":{}}}', "600 di luar rentang 0–500"),
        (b"not json", "Bukan berkas skenario JSON"),
    ],
)
def test_a_bad_scenario_file_lists_its_problems_and_keeps_saved_ones(raw, expected):
    from model.store import open_store

    at = fresh()
    at.switch_page("app_pages/skenario.py").run()
    save_on_page(at, unique("Tetap ada"))
    before = [(s.name, s.doc) for s in open_store().list()]
    upload(at, "buruk.json", raw)
    text = " ".join(w.value for w in at.warning).replace("\\", "")
    assert expected in text, text
    assert [(s.name, s.doc) for s in open_store().list()] == before


def test_undo_redo_and_replay_the_last_change():
    at = fresh()
    at.select_slider(key="bud").set_value(10.0).run()
    at.select_slider(key="out").set_value(20.0).run()
    assert doc(at).levers.default.outreach_pct == 20.0
    at.button(key="undo").click().run()
    assert (doc(at).levers.default.budget_bn, doc(at).levers.default.outreach_pct) == (10.0, 0.0)
    assert at.select_slider(key="out").value == 0.0 and at.query_params.get("out") is None
    at.button(key="redo").click().run()
    assert at.select_slider(key="out").value == 20.0
    # Replay: before the last change, then after it again.
    at.button(key="replay").click().run()
    assert at.select_slider(key="out").value == 0.0
    assert any("Sosialisasi & aksesibilitas 20 → 0" in c.value or "0 → 20" in c.value for c in at.caption)
    at.button(key="replay").click().run()
    assert at.select_slider(key="out").value == 20.0 and at.select_slider(key="bud").value == 10.0
    # A new change after an undo drops the redo branch.
    at.button(key="undo").click().run()
    at.select_slider(key="reg").set_value(1).run()
    assert at.button(key="redo").disabled


def test_reset_policies_keeps_assumptions():
    at = fresh(assumption_values={"premium_per_month": 20_000.0})
    at.select_slider(key="bud").set_value(10.0).run()
    at.button(key="reset_policies").click().run()
    assert doc(at).levers == Scenario() and doc(at).assumption_changes == {"premium_per_month": 20_000.0}


def _widget_document(at: AppTest, base: ScenarioDocument) -> dict:
    """What the widgets show, as the document's fields."""
    pot_on = at.toggle(key="pot_on").value
    # With a national pot the per-region budget slider gives way to the pot's amount and split rule.
    national = {name: lever(at, key) for name, key in NATIONAL.items() if not (pot_on and name == "budget_bn")}
    own = {name: lever(at, f"ov_{key}") for name, key in NATIONAL.items()}
    return {
        "pot": (at.text_input(key="pot__text").value, at.segmented_control(key="split").value) if pot_on else None,
        "national": national,
        "own": own if at.toggle(key="ov_on").value else None,
        "basis": at.selectbox(key="tgt").value,
        # The national line's widget is shown with the own-target basis only; its state holds it either way.
        "national_line": at.session_state["nl"],
        "rank_year": at.slider(key="ry").value,
        "uncertainty": at.toggle(key="mc").value,
        "province": at.selectbox(key="prov").value,
        "lang": at.segmented_control(key="lang").value,
    }


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_any_document_shows_in_the_widgets_and_comes_back_identical(document):
    """Document -> widgets -> document, identical; and the link and the JSON of what is on screen too."""
    document = document.with_view(page="simulasi", present=False)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["scenario_doc"] = document
    at.run()
    at.switch_page("app_pages/simulasi.py").run()
    assert not at.exception, [e.value for e in at.exception]
    open_own_levers(at)
    shown = _widget_document(at, document)
    lv = document.levers.default
    pot = document.pot
    assert shown["national"] == {name: getattr(lv, name) for name in NATIONAL if not (pot and name == "budget_bn")}
    if pot is None:
        assert shown["pot"] is None
    else:  # typed as a person writes it: Rp1.234,5 miliar in Bahasa, 1,234.5 in English
        assert (fmt.parse_decimal(shown["pot"][0], document.view.lang), shown["pot"][1]) == (pot.bn, pot.split)
    own = dict(document.levers.overrides).get(document.view.province)
    assert shown["own"] == (None if own is None else {name: getattr(own, name) for name in NATIONAL})
    if document.target.basis == "own":
        assert at.selectbox(key="nl").value == document.target.national_line
    assert (shown["basis"], shown["national_line"], shown["rank_year"], shown["uncertainty"]) == (
        document.target.basis,
        document.target.national_line,
        document.settings.rank_year,
        document.settings.uncertainty,
    )
    assert (shown["province"], shown["lang"]) == (document.view.province, document.view.lang)
    # Another run folds every widget back: nothing changed on the way.
    at.run()
    assert doc(at) == document
    assert ScenarioDocument.from_json(json.loads(doc(at).to_json_bytes())) == document
    _, params = encode(document)
    assert {k: at.query_params.get(k) for k in LINK_KEYS if k in at.query_params} == params


def test_a_custom_target_survives_while_another_basis_is_chosen():
    document = ScenarioDocument.build(target=Target(basis="own", custom_pct=55.25))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["scenario_doc"] = document
    at.run()
    at.selectbox(key="tgt").set_value("custom").run()
    assert at.text_input(key="tgtpct__text").value == "55,25"  # typed and shown with a decimal comma
    at.selectbox(key="tgt").set_value("own").run()
    at.selectbox(key="nl").set_value("rpjmn").run()
    at.run()
    assert doc(at).target == Target(basis="own", custom_pct=55.25, national_line="rpjmn")


def test_the_national_line_moves_only_provinces_without_their_own_target():
    """The sidebar's national line reaches the model's settings, the link and the Simulasi page's note."""
    from ui.state import national_target, target_override

    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    at.selectbox(key="nl").set_value("rpjpn").run()
    assert doc(at).target == Target(basis="own", national_line="rpjpn")
    assert at.query_params.get("nl") == "rpjpn"
    at.switch_page("app_pages/simulasi.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("RPJPN 2045: 99,5%" in m.value for m in at.markdown)
    assert national_target(doc(at).target) == "rpjpn_2045" and target_override(doc(at).target) is None
    # What the model does with it (own targets kept, the rest on the line): test_cli.py, test_kernel_evidence.py.
