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


def regencies_csv(n_per_province: int = 14) -> bytes:
    """Regencies of every province (`n_per_province` or all of a smaller one): a table of several hundred rows."""
    from model.regions_codes import official_regions

    regencies = official_regions().query("level == 'regency'").groupby("province_code").head(n_per_province)
    lines = ["kode,nama,potensi_pekerja,peserta_aktif,tanggal"]
    pairs = enumerate(zip(regencies["code"], regencies["name"], strict=True))
    lines += [f"{c},{n},100000,{30000 + i},2024-11" for i, (c, n) in pairs]
    return ("\n".join(lines) + "\n").encode()


def test_data_table_answers_first_and_a_long_upload_pages_instead_of_a_cut_grid():
    """The shipped 38 provinces: a wrapping table of region, coverage, participants and potential (a phone shows
    them whole); every column on demand. A regency upload of hundreds of rows: 50 rows at a time with a search,
    and the 38 provinces' totals folded so they do not push the table off a phone's screen."""
    at = start("data")
    table = at.table[0].value.map(lambda v: str(v).replace("\\", ""))  # the cells are Markdown-escaped
    assert list(table.columns) == ["Wilayah", "Cakupan", "Peserta aktif", "Potensi pekerja"]
    assert len(table) == 38 and not len(at.dataframe)
    jambi = table[table["Wilayah"] == "Jambi"].iloc[0]
    assert (jambi["Cakupan"], jambi["Peserta aktif"], jambi["Potensi pekerja"]) == ("45,17%", "592.806", "1.312.370")
    at.toggle(key="data_table_all_columns").set_value(True).run()
    assert len(at.dataframe[0].value.columns) == 11 and "Sumber" in at.dataframe[0].value.columns

    at = start("data")
    at.file_uploader(key="region_upload").upload("kabkota.csv", regencies_csv(), "text/csv").run()
    assert not at.exception
    n = int(at.metric[0].value)
    assert n > 300
    assert len(at.table[0].value) == 50 and not len(at.dataframe)
    assert any(f"Baris 1–50 dari {n}" in c.value for c in at.caption)
    assert len(at.expander) >= 1 and "38 provinsi" in at.expander[0].label
    at.text_input(key="data_table_search").input("lebong").run()
    assert at.table[0].value["Wilayah"].tolist() == ["Kabupaten Rejang Lebong", "Kabupaten Lebong"]
    assert not at.exception
