"""Ringkasan's headline with a regency table spanning several provinces (issue 12's open limit, issue 9): the
headline says it sums the table's regencies, not "3 provinsi", and each province's own total follows."""

from __future__ import annotations

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
