"""ui/store_ui.py, the Skenario page with the store: a name clash asks, packages stack, saved scenarios open, compare
and travel by short link; names are shown as plain text."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from model.store import open_store

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")


def start(page: str = "skenario", **query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def save(at: AppTest, name: str, author: str = "") -> AppTest:
    at.text_input(key="save_name").input(name)
    if author:
        at.text_input(key="save_author").input(author)
    at.button(key="FormSubmitter:save_scenario-Simpan").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_name_clash_asks_then_replaces_or_saves_under_another_name():
    at = start()
    at.select_slider(key="bud").set_value(7.0).run()
    save(at, "Kelompok Clash", "Grup 3")
    first = open_store().get("Kelompok Clash")
    assert first.author == "Grup 3" and first.scenario.default.budget_bn == 7.0

    at.select_slider(key="bud").set_value(9.0).run()
    save(at, "kelompok  clash")
    assert any("sudah dipakai" in w.value for w in at.warning)
    assert open_store().get("Kelompok Clash").scenario.default.budget_bn == 7.0  # not replaced

    at.button(key="clash_other").click().run()
    assert open_store().get("kelompok clash (2)").scenario.default.budget_bn == 9.0

    save(at, "Kelompok Clash")
    at.button(key="clash_replace").click().run()
    replaced = open_store().get("Kelompok Clash")
    assert replaced.scenario.default.budget_bn == 9.0 and replaced.short_id == first.short_id


def test_packages_stack_and_are_saved_with_the_scenario():
    at = start()
    at.multiselect(key="package_pick").set_value(["perda_perizinan", "apbd_10_nelayan", "apbd_5"]).run()
    at.button[[b.label for b in at.button].index("Terapkan paket")].click().run()
    assert not at.exception
    assert at.select_slider(key="reg").value == 3 and at.select_slider(key="bud").value == 15.0
    save(at, "Paket bertumpuk")
    saved = open_store().get("Paket bertumpuk")
    assert saved.packages == ("perda_perizinan", "apbd_10_nelayan", "apbd_5")
    assert saved.scenario.default.regulation_level == 3 and saved.scenario.default.budget_bn == 15.0


def test_hostile_names_are_plain_text_and_a_saved_scenario_opens_by_short_link():
    name = "![x](http://evil.example/p.png) <b>tebal</b>"
    with open_store() as store:
        saved = store.save(name, {"default": {"budget_bn": 12.5, "outreach_pct": 40, "regulation_level": 2}})
    at = start()
    markdown = " ".join(m.value for m in at.markdown)
    assert "evil.example" not in markdown  # never rendered as Markdown or HTML
    names = list(at.dataframe[0].value.iloc[:, 0])
    assert name in names
    # A fresh session opens the short link: the levers are the saved ones.
    other = AppTest.from_file(APP, default_timeout=90)
    other.query_params["s"] = saved.short_id
    other.run()
    assert not other.exception
    assert other.select_slider(key="bud").value == 12.5 and other.select_slider(key="reg").value == 2


def test_unknown_short_link_says_so_and_opens_the_defaults():
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["s"] = "zzzzzzzz"
    at.run()
    assert not at.exception
    assert any("zzzzzzzz" in w.value for w in at.warning)
    assert at.select_slider(key="bud").value == 0.0


def test_compare_against_a_saved_reference():
    with open_store() as store:
        for name, doc in (
            ("Cmp A", {"default": {"budget_bn": 5}}),
            ("Cmp B", {"default": {"budget_bn": 5, "regulation_level": 3}}),
        ):
            if store.find(name) is None:
                store.save(name, doc)
        ids = {s.name: s.short_id for s in store.list()}
    at = start()
    at.multiselect(key="compare_pick").set_value([ids["Cmp A"], ids["Cmp B"]]).run()
    at.selectbox(key="compare_reference").set_value(ids["Cmp A"]).run()
    assert not at.exception
    national = next(
        d.value for d in at.dataframe if "Biaya per tambahan peserta vs pembanding (2030)" in d.value.columns
    )
    assert list(national.iloc[:, 0]) == ["Cmp A", "Cmp B"]
    assert national.iloc[0]["Biaya per tambahan peserta vs pembanding (2030)"] == "–"
    assert national.iloc[1].iloc[3].startswith("+")
