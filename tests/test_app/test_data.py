"""app_pages/data.py: an upload is explained when it is wrong (nothing is lost) and replaces the baseline when it
is right."""

from __future__ import annotations

from tests.test_app.pages import ROOT, start


def test_malformed_upload_is_explained_and_nothing_is_lost():
    at = start("data")
    at.select_slider(key="bud").set_value(5.0).run()
    bad = (ROOT / "tests" / "data" / "bad" / "participants_above_potential.csv").read_bytes()
    at.file_uploader(key="region_upload").upload("kabkota.csv", bad, "text/csv").run()
    assert not at.exception
    message = " ".join(e.value for e in at.error)
    assert "kabkota\\.csv" in message and "1 masalah" in message  # the file name escaped, never Markdown
    problems = at.dataframe[-1].value
    assert problems["Baris"].tolist() == ["2"] and "melebihi potensi pekerja" in problems.iloc[0, 2]
    assert at.select_slider(key="bud").value == 5.0
    assert at.metric[0].value == "38"  # still the baseline's 38 provinces


def test_valid_upload_replaces_the_baseline_for_the_session():
    at = start("data")
    text = (
        "kode,nama,potensi_pekerja,peserta_aktif,tanggal,target\n"
        "1704,Kaur,50000,37500,2024-11,60\n1707,Lebong,40000,6800,2024-11,40\n"
    )
    at.file_uploader(key="region_upload").upload("bengkulu-kab.csv", text.encode(), "text/csv").run()
    assert not at.exception
    assert at.metric[0].value == "2"
    at.switch_page("app_pages/ringkasan.py").run()
    assert not at.exception
    assert not any("38 provinsi" in i.value for i in at.info)  # Bengkulu's regencies have their own map
    assert "Provinsi Bengkulu" in at.title[0].value
