"""Ringkasan's headline with a regency table spanning several provinces (issue 12's open limit, issue 9): the
headline says it sums the table's regencies, not "3 provinsi", and each province's own total follows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
SEVERAL = ROOT / "tests" / "data" / "messy" / "several_provinces.csv"  # 7 Papua Barat + 2 Sulsel + 1 Sultra


@pytest.fixture(scope="module")
def several() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("app_pages/data.py").run()
    at.file_uploader(key="region_upload").upload(SEVERAL.name, SEVERAL.read_bytes(), "text/csv").run()
    assert not at.exception, [e.value for e in at.exception]
    at.switch_page("app_pages/ringkasan.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_headline_says_it_sums_the_tables_regencies(several: AppTest) -> None:
    labels = [m.label for m in several.metric]
    assert labels[0] == "Cakupan 10 kabupaten/kota di tabel kini", labels
    assert labels[1] == "Cakupan 10 kabupaten/kota di tabel 2030", labels
    assert not any("3 provinsi" in label for label in labels)
    # The pooled figure: participants 451,091 / potential 903,578 of the ten rows of the sheet.
    assert several.metric[0].value == "49,92%"
    assert "bukan cakupan provinsi" in several.metric[0].help


def test_each_provinces_own_total_follows_the_headline(several: AppTest) -> None:
    line = next(c.value for c in several.caption if c.value.startswith("Per provinsi"))
    # Papua Barat: 108,697 / 243,832 of its seven regencies = 44,58% (issue 12's province total).
    assert "Provinsi Papua Barat (7): 44,58% →" in line
    assert "Provinsi Sulawesi Selatan (2): 54,24% →" in line  # 314,758 / 580,358
    assert "Provinsi Sulawesi Tenggara (1): 34,81% →" in line  # 27,636 / 79,388


@pytest.fixture(scope="module")
def all_provinces() -> AppTest:
    """Three regencies of every province (114 rows, 38 provinces): a participant's national regency sheet."""
    from tests.test_app.test_data import regencies_csv

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("app_pages/data.py").run()
    at.file_uploader(key="region_upload").upload("kabkota.csv", regencies_csv(3), "text/csv").run()
    assert not at.exception, [e.value for e in at.exception]
    at.switch_page("app_pages/ringkasan.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_38_provinces_totals_are_folded_one_a_line(all_provinces: AppTest) -> None:
    """38 provinces' totals in one paragraph filled a projector's screen above the map: folded, a line each."""
    assert [e.label for e in all_provinces.expander] == [
        "Per provinsi (38 provinsi): kabupaten/kota di tabel, kini → tahun peringkat"
    ]
    line = next(c.value for c in all_provinces.caption if c.value.startswith("Per provinsi"))
    assert line.count("  \n") == 38 and "Provinsi Aceh (3): " in line


def test_national_table_and_movers_speak_of_the_tables_regencies(all_provinces: AppTest) -> None:
    """The by-year table is the table's regencies (as the headline), not "Cakupan 38 provinsi"; the movers list
    only regencies whose rank changes (ranked within their province, few move: "1 → 1 =" was listed)."""
    text = "\n".join(m.value for m in all_provinces.markdown)
    assert "### Cakupan 114 kabupaten/kota di tabel per tahun" in text
    assert "Cakupan 38 provinsi" not in text
    movers = text[text.index("### Pergeseran peringkat terbesar") :].split("###")[1]
    rows = [r for r in movers.splitlines() if r.startswith("|") and "→" in r and "Peringkat" not in r]
    assert all(re.search(r"[▲▼]\d", r) for r in rows), rows
    assert rows or "Tidak ada kabupaten/kota yang peringkatnya berubah" in movers
