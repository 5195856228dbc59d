"""app_pages/simulasi.py: a province's own budget moves only its target year; a national budget delays none."""

from __future__ import annotations

from tests.test_app.pages import start, table_values


def test_budget_for_one_province_moves_its_target_year_earlier_or_keeps_it():
    at = start("simulasi")
    before = table_values(at).set_index("Wilayah")
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
