"""The Data page with real-looking official sheets: a regency table runs through every page with words that
follow its scope; guesses are confirmed before use; a bad file changes nothing; one click goes back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.test_app.tables import shown_tables

ROOT = Path(__file__).resolve().parents[2]
MESSY = ROOT / "tests" / "data" / "messy"
BAD = ROOT / "tests" / "data" / "bad"
PAGES = ["ringkasan", "simulasi", "peringkat", "profil", "analisis", "skenario", "asumsi", "data"]


def data_page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    at.switch_page("app_pages/data.py").run()
    return at


def upload(at: AppTest, path: Path, name: str | None = None) -> AppTest:
    at.file_uploader(key="region_upload").upload(name or path.name, path.read_bytes(), "text/csv").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture(scope="module")
def regency_app() -> AppTest:
    return upload(data_page(), MESSY / "indonesian_semicolon_title.xlsx")


def test_regency_sheet_is_loaded_with_its_province_total(regency_app):
    at = regency_app
    assert at.metric[0].value == "7"
    info = " ".join(i.value for i in at.info)
    assert "indonesian\\_semicolon\\_title\\.xlsx" in info  # provenance: file name (escaped) and time
    captions = " ".join(c.value for c in at.caption)
    assert "Provinsi Papua Barat dari 7 kabupaten/kotanya" in captions
    assert "Angka provinsi di data bawaan" in captions


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_the_regency_table(regency_app, page):
    at = regency_app
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    if page == "peringkat":
        assert at.title[0].value == "Peringkat kabupaten/kota di Provinsi Papua Barat 2030"
        ranking = shown_tables(at)[0]
        assert len(ranking) == 7 and sorted(int(r) for r in ranking.iloc[:, 1]) == list(range(1, 8))
    if page == "ringkasan":
        assert "Papua Barat" in at.title[0].value and "nasional" not in at.title[0].value
    if page not in ("data", "asumsi", "analisis"):  # parameters and tools, not the table's figures as such
        assert any("Data: unggahan" in c.value for c in at.caption), page  # provenance wherever numbers are


def test_guesses_are_confirmed_before_use():
    at = upload(data_page(), BAD / "guessed_name.csv")
    assert at.metric[0].value == "38"  # nothing used yet
    guesses = at.dataframe[-1].value
    assert guesses.iloc[0].tolist()[1:3] == ["Kota Makasar", "Kota Makassar"]
    at.button(key="confirm_guesses").click().run()
    assert not at.exception
    assert at.metric[0].value == "1"


def test_bad_sheet_lists_every_problem_and_keeps_the_table(regency_app):
    at = regency_app
    at.switch_page("app_pages/data.py").run()
    upload(at, BAD / "broken_regency_sheet.csv")
    problems = at.dataframe[-1].value
    assert len(problems) == 6
    assert "seribu" in " ".join(problems.iloc[:, 2])
    assert at.metric[0].value == "7"  # the regency table loaded before is still in use
    at.button(key="back_top").click().run()
    assert at.metric[0].value == "38"  # one click back to the shipped baseline


def test_hostile_names_are_never_markdown():
    """An uploaded name or file name with Markdown image syntax reaches no page as Markdown (the browser
    would fetch from that host)."""
    at = data_page()
    text = (
        "kode;nama;potensi;peserta;periode;catatan\n"
        "15;![x](http://example.invalid/p.png);1.312.370;592.806;Des 2024;<img src=x onerror=alert(1)>\n"
        "16;Sumatera Selatan;4.000.000;1.500.000;Des 2024;\n"
    )
    at.file_uploader(key="region_upload").upload("![y](http://example.invalid/q.png).csv", text.encode(), "text/csv")
    at.run()
    assert not at.exception
    assert at.metric[0].value == "2"
    for page in ("data", "ringkasan", "simulasi", "peringkat", "profil", "skenario"):
        at.switch_page(f"app_pages/{page}.py").run()
        assert not at.exception, page
        shown = [e.value for e in (*at.markdown, *at.caption, *at.info, *at.success, *at.title, *at.subheader)]
        assert shown, page
        for value in shown:
            live = re.sub(r"\\.", "", value)  # what Markdown would still interpret once escapes are removed
            assert "![x](" not in live and "![y](" not in live and "<img" not in live, (page, value)


def test_apbdes_lever_is_disabled_with_a_reason_without_the_village_segment():
    at = data_page()
    slider = at.select_slider(key="apb") if any(w.key == "apb" for w in at.select_slider) else at.slider(key="apb")
    assert slider.disabled
    captions = " ".join(c.value for c in at.sidebar.caption)
    assert "APBDes tidak aktif" in captions and "kelembagaan desa" in captions


def test_apbdes_lever_acts_on_the_village_segment_of_an_uploaded_table():
    """Jambi, kelembagaan desa 33.02% covered, 65,875 unprotected (Dec 2024): Rp5 miliar funds 24,802."""
    at = upload(data_page(), MESSY / "segments_village.csv")
    slider = at.select_slider(key="apb") if any(w.key == "apb" for w in at.select_slider) else at.slider(key="apb")
    assert not slider.disabled
    slider.set_value(5.0).run()
    assert not at.exception, [e.value for e in at.exception]
    captions = " ".join(c.value for c in at.sidebar.caption)
    assert "24.802 aparatur desa didanai" in captions and "65.875 belum terlindungi" in captions
    beside = at.dataframe[1].value  # Data page: segments table, then the segment beside the total
    row = beside.iloc[0]
    assert row.iloc[3] == "33,02%" and row.iloc[6] == "24.802"
    assert row.iloc[5] == "41.073"  # 65,875 - 24,802 still unprotected
    at.switch_page("app_pages/profil.py").run()
    assert not at.exception, [e.value for e in at.exception]
    texts = [e.value for e in at.subheader] + [e.value for e in at.markdown]
    assert any("Aparatur dan kelembagaan desa di samping total" in x for x in texts)
    beside = dict(at.dataframe[0].value.to_numpy().tolist())  # measures as rows on Profil (one region)
    assert beside["Cakupan aparatur desa sekarang"] == "33,02%" and beside["Didanai APBDes"] == "24.802"
    assert beside["Aparatur desa belum terlindungi 2030"] == "41.073"


def test_a_regency_table_of_several_provinces_is_ranked_within_the_chosen_province():
    at = upload(data_page(), MESSY / "several_provinces.xls", "several_provinces.xls")
    assert at.metric[0].value == "10"
    at.switch_page("app_pages/peringkat.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="scope_prov").value == "73"  # the focus region's province first
    assert at.title[0].value == "Peringkat kabupaten/kota di Provinsi Sulawesi Selatan 2030"
    ranking = shown_tables(at)[0]
    assert ranking.iloc[:, 0].tolist() == ["Kab. Tana Toraja", "Kota Makassar"]
    assert "peringkat 2030 di Provinsi Sulawesi Selatan: **1** dari 2" in " ".join(m.value for m in at.markdown)
    captions = " ".join(c.value for c in at.caption)
    assert (
        "Provinsi Sulawesi Selatan dari 2 kabupaten/kotanya" in captions and "Angka provinsi di data bawaan" in captions
    )
    assert "Papua Barat" not in captions
    at.selectbox(key="scope_prov").set_value("92").run()
    assert at.title[0].value == "Peringkat kabupaten/kota di Provinsi Papua Barat 2030"
    ranking = shown_tables(at)[0]
    assert len(ranking) == 7 and sorted(int(r) for r in ranking.iloc[:, 1]) == list(range(1, 8))
    at.switch_page("app_pages/ringkasan.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Ringkasan: kabupaten/kota di 3 provinsi"
    assert at.selectbox(key="scope_prov").value == "92"  # the choice is kept across pages
