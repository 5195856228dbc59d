"""app_pages/skenario.py: saving a scenario puts it in the store and the comparison; the share link carries the
levers."""

from __future__ import annotations

from tests.test_app.pages import start, table_values


def test_saving_a_scenario_puts_it_in_the_store_and_the_comparison():
    at = start("skenario")
    at.select_slider(key="bud").set_value(10.0).run()
    at.text_input(key="save_name").input("Perda + Rp10 miliar (halaman)")
    at.button(key="FormSubmitter:save_scenario-Simpan").click().run()
    assert not at.exception
    saved = table_values(at, 0)
    assert "Perda + Rp10 miliar (halaman)" in list(saved.iloc[:, 0])
    from model.store import open_store

    with open_store() as store:  # the same store a second server would read
        assert store.get("Perda + Rp10 miliar (halaman)").scenario.default.budget_bn == 10.0


def test_share_link_carries_the_levers():
    at = start("skenario")
    at.select_slider(key="bud").set_value(12.5).run()
    at.select_slider(key="reg").set_value(2).run()
    link = next(code.value for code in at.code if "bud=" in code.value)
    assert "bud=12.5" in link and "reg=2" in link
