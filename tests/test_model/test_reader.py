"""Official sheets as they really look (tests/data/messy), bad ones (tests/data/bad), hostile and random input."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model import InputError, load_regions
from model.cli import main as cli_main
from model.reader import MAX_ROWS, canonical_column, read_table
from model.regions_codes import canonical_code, match_name, official_regions

DATA = Path(__file__).resolve().parent.parent / "data"
MESSY = DATA / "messy"
BAD = DATA / "bad"

# Papua Barat, Dec 2023 (BPJS Ketenagakerjaan via Antara; see tests/data/build_fixtures.py)
PAPUA_BARAT = {
    "92.02": 51_342,  # Manokwari
    "92.03": 16_332,  # Fakfak
    "92.06": 5_668,  # Teluk Bintuni
    "92.07": 3_576,  # Teluk Wondama
    "92.08": 19_995,  # Kaimana
    "92.11": 10_654,  # Manokwari Selatan
    "92.12": 1_130,  # Pegunungan Arfak
}
OTHER_FILES = ("segments_village", "windows_1252", "several_provinces")
REGENCY_FILES = [p.name for p in sorted(MESSY.iterdir()) if p.stem not in OTHER_FILES]
FORMATS = ("csv", "xlsx", "xls", "ods")


def test_official_codes_are_complete_and_text():
    table = official_regions()
    assert (table["level"] == "province").sum() == 38
    assert (table["level"] == "regency").sum() == 514
    assert table["code"].is_unique
    assert set(table.loc[table["code"] == "11.01", "name"]) == {"Kabupaten Aceh Selatan"}


@pytest.mark.parametrize("name", REGENCY_FILES)
def test_messy_regency_sheets_load_with_the_real_figures(name):
    table = load_regions(MESSY / name, filename=name)
    frame = table.frame.set_index("code")
    assert table.level == "regency" and table.provinces == ("92",)
    assert sorted(frame.index) == sorted(PAPUA_BARAT)
    for code, participants in PAPUA_BARAT.items():
        assert frame.loc[code, "active_participants"] == participants, (name, code)
    assert frame.loc["92.02", "coverage_pct"] == pytest.approx(59.90, abs=0.01)
    assert frame.loc["92.12", "coverage_pct"] == pytest.approx(4.82, abs=0.01)
    assert (frame["as_of"].dt.year == 2023).all() and (frame["as_of"].dt.month == 12).all()
    assert frame.loc["92.02", "name"] != ""


@pytest.mark.parametrize(
    "stem", sorted({Path(n).stem for n in REGENCY_FILES} | {"segments_village", "several_provinces"})
)
def test_csv_xlsx_xls_and_ods_of_the_same_sheet_agree(stem):
    """Every variant is shipped in the four formats (tests/data/build_fixtures.py): the same regions, figures,
    dates and notices whichever format the office saved."""
    tables = {ext: load_regions(MESSY / f"{stem}.{ext}") for ext in FORMATS}
    a = tables["csv"].frame
    for ext in FORMATS[1:]:
        b = tables[ext].frame
        assert a["code"].tolist() == b["code"].tolist(), (stem, ext)
        assert a["name"].tolist() == b["name"].tolist(), (stem, ext)
        for column in ("potential_workers", "active_participants", "coverage_pct"):
            np.testing.assert_allclose(a[column], b[column], rtol=1e-9, err_msg=f"{stem}.{ext} {column}")
        assert (a["as_of"] == b["as_of"]).all(), (stem, ext)
        assert tables[ext].segments == tables["csv"].segments
    assert {len(t) for t in tables.values()} == {len(a)}


def test_a_regency_sheet_of_several_provinces_loads():
    table = load_regions(MESSY / "several_provinces.xls")
    assert table.level == "regency" and table.provinces == ("73", "74", "92")
    frame = table.frame.set_index("code")
    assert frame.loc["73.71", "active_participants"] == 263_903
    assert frame.loc["73.18", "coverage_pct"] == pytest.approx(100 * 50_855 / 72_852)


def test_title_rows_totals_and_notes_are_reported_not_read():
    table = load_regions(MESSY / "names_merged_province_totals.xlsx")
    keys = dict(table.notice_keys)
    assert keys["reader.header_found"] == {"row": 2}
    assert "reader.dropped_totals" in keys and "reader.dropped_notes" in keys
    assert len(table) == 7  # the 'Jumlah' row is not a regency


def test_village_segment_is_read_beside_the_total():
    table = load_regions(MESSY / "segments_village.csv")
    row = table.frame.iloc[0]
    assert table.segments == ("village",)
    assert row["code"] == "15"
    unprotected = row["village_potential"] - row["village_participants"]
    assert unprotected == 65_875
    assert 100 * row["village_participants"] / row["village_potential"] == pytest.approx(33.02, abs=0.01)


def test_windows_1252_csv_is_read():
    table = load_regions(MESSY / "windows_1252.csv")
    assert table.codes == ["92.07"] and "–" in table.frame["note"].iloc[0]


# file -> fragments the English message must contain
BAD_FILES = {
    "broken_regency_sheet.csv": [
        "Row 4, column 'Peserta Aktif'",
        "Row 4, column 'Capaian (%)'",
        "Row 5, column 'Peserta Aktif': 'seribu' is not a number",
        "Row 6, column 'Capaian (%)': Stated coverage 52.00%",
        "Row 7, column 'Kabupaten/Kota': Region 'Kab. Antah Berantah'",
        "'92.08' appears more than once (rows 5, 8)",
    ],
    "infinity.csv": ["Row 2, column 'potential_workers': 'inf' is not a number", "'1e308'", "'Infinity'"],
    "future_date.csv": ["2044-12-31 lies in the future"],
    "guessed_name.csv": ["Row 2, column 'Kabupaten/Kota': 'Kota Makasar' is not an official name", "Kota Makassar"],
    "code_name_mismatch.csv": ["Code 11.01 is Kabupaten Aceh Selatan", "Simeulue"],
    "no_header.csv": ["No header row found"],
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_sheets_say_what_is_wrong_where(name):
    with pytest.raises(InputError) as caught:
        load_regions(BAD / name, filename=name)
    english = caught.value.message("en")
    for fragment in BAD_FILES[name]:
        assert fragment in english, (fragment, english)
    assert caught.value.message("id") != english


@pytest.mark.parametrize("ext", ["xlsx", "xls", "ods"])
def test_every_copy_of_the_broken_sheet_gives_the_same_problems(ext):
    with pytest.raises(InputError) as a:
        load_regions(BAD / "broken_regency_sheet.csv")
    with pytest.raises(InputError) as b:
        load_regions(BAD / f"broken_regency_sheet.{ext}")
    assert a.value.message("id") == b.value.message("id")
    assert a.value.message("en") == b.value.message("en")


@pytest.mark.parametrize("name", ["corrupt.xlsx", "corrupt.xls", "corrupt.ods"])
def test_a_corrupt_workbook_says_so_in_both_languages(name):
    with pytest.raises(InputError) as caught:
        load_regions(BAD / name, filename=name)
    assert [p.key for p in caught.value.problems] == ["file_unreadable"]
    assert "cannot be read" in caught.value.message("en")
    assert "tidak dapat dibaca" in caught.value.message("id")


def test_a_confirmed_guess_is_used():
    table = load_regions(BAD / "guessed_name.csv", accept_guesses=True)
    assert table.codes == ["73.71"]


@pytest.mark.parametrize(
    ("written", "level", "code"),
    [
        ("Kep. Riau", "province", "21"),
        ("DKI", "province", "31"),
        ("D.I. Yogyakarta", "province", "34"),
        ("Kab. Pasaman Barat", "regency", "13.12"),
        ("Kota Tanjung Balai", "regency", "12.74"),
        ("Labuhan Batu", "regency", "12.10"),
        ("KAB PEGUNUNGAN ARFAK", "regency", "92.12"),
    ],
)
def test_names_match_official_codes(written, level, code):
    assert match_name(written, level=level).code == code


def test_fuzzy_needs_a_margin():
    assert match_name("Kota Makasar", level="regency").how == "fuzzy"
    assert match_name("Bogor", level="regency").how == "fuzzy"  # kabupaten or kota: a question, not an answer
    assert match_name("Antah Berantah", level="regency").how == "none"


@pytest.mark.parametrize(
    ("raw", "code"), [("1101", "11.01"), ("11.01", "11.01"), ("11.1", "11.10"), ("1101.0", "11.01")]
)
def test_codes_are_text(raw, code):
    assert canonical_code(raw) == code


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("Capaian (%)", "coverage_pct"),
        ("Kabupaten/Kota", "name"),
        ("Potensi Pekerja (orang)", "potential_workers"),
        ("PESERTA AKTIF", "active_participants"),
        ("Target UCJ (%)", "target_pct"),
        ("\ufeffKode", "code"),
    ],
)
def test_header_variants(header, column):
    assert canonical_column(header) == column


def _million_row_xlsx() -> bytes:
    rows = '<row><c t="inlineStr"><is><t>Jambi</t></is></c><c><v>1</v></c></row>' * 1_000_000
    sheet = f'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


def test_a_small_workbook_of_a_million_rows_is_refused_while_reading():
    raw = _million_row_xlsx()
    assert len(raw) < 1024 * 1024  # about 1 MB on disk, a million rows inside
    with pytest.raises(InputError) as caught:
        read_table(raw, "bom.xlsx")
    assert caught.value.problems[0].key == "too_many_rows"
    assert str(MAX_ROWS) in str(caught.value.problems[0].params["high"])


def test_a_long_csv_is_refused():
    text = "kode,nama,potensi_pekerja,peserta_aktif,tanggal\n" + "15,Jambi,10,5,2024-12\n" * (MAX_ROWS + 100)
    with pytest.raises(InputError) as caught:
        load_regions(text.encode(), filename="long.csv")
    assert caught.value.problems[0].key == "too_many_rows"


def test_a_formula_is_never_evaluated(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Kode", "Nama", "Potensi Pekerja", "Peserta Aktif", "Periode"])
    ws.append(["15", '=HYPERLINK("http://example.invalid","Jambi")', 1_312_370, "=1+1", "2024-12"])
    path = tmp_path / "formula.xlsx"
    wb.save(path)
    with pytest.raises(InputError):  # no cached values: the formula cells read as empty, never computed
        load_regions(path)


def test_cli_loads_every_messy_file_and_rejects_every_bad_one(capsys):
    for path in sorted(MESSY.iterdir()):
        assert cli_main(["validate", "--data", str(path)]) == 0, path
    for name in BAD_FILES:
        capsys.readouterr()
        assert cli_main(["validate", "--data", str(BAD / name), "--lang", "en"]) == 2
        err = capsys.readouterr().err
        assert BAD_FILES[name][0] in err and "Traceback" not in err


def test_cli_refuses_a_table_dated_after_the_rank_year(tmp_path, capsys):
    path = tmp_path / "late.csv"
    path.write_text("kode;nama;potensi;peserta;periode\n15;Jambi;1.312.370;592.806;Des 2024\n", encoding="utf-8")
    assert cli_main(["project", "--data", str(path), "--rank-year", "2023", "--horizon", "2030", "--lang", "en"]) == 2
    assert "after the rank year 2023" in capsys.readouterr().err


TABLE_WORDS = st.sampled_from(
    [
        "Kode",
        "Provinsi",
        "Kabupaten/Kota",
        "Peserta Aktif",
        "Potensi Pekerja",
        "Capaian (%)",
        "Periode",
        "Target",
        "1.312.370",
        "45,17",
        "inf",
        "-1",
        "31/12/2024",
        "Des 2024",
        "Jambi",
        "Kab. Kerinci",
        "",
        "=1+1",
        "1e308",
        "<b>x</b>",
        "![x](http://h/p.png)",
        "15",
        "92.02",
        "9105",
        "NaN",
        "2024",
        "seribu",
        "120%",
        "Potensi Kelembagaan Desa",
        "Peserta Kelembagaan Desa",
        "98.350",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    grid=st.lists(st.lists(st.one_of(TABLE_WORDS, st.text(max_size=12)), min_size=1, max_size=8), max_size=12),
    sep=st.sampled_from([",", ";", "\t"]),
)
def test_random_tables_never_raise_anything_but_input_error(grid, sep):
    text = "\n".join(sep.join(c.replace(sep, " ").replace("\n", " ") for c in row) for row in grid)
    try:
        table = load_regions(text.encode("utf-8"), filename="random.csv")
    except InputError as error:
        assert error.message("id") and error.message("en")
    else:
        assert len(table) >= 1 and table.frame["coverage_pct"].between(0, 100).all()


@settings(max_examples=150, deadline=None)
@given(raw=st.binary(max_size=2048), name=st.sampled_from(["x.csv", "x.xlsx", "x.xls", "x.ods", "x"]))
def test_random_bytes_never_raise_anything_but_input_error(raw, name):
    for payload in (raw, b"PK\x03\x04" + raw, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + raw):
        try:
            load_regions(payload, filename=name)
        except InputError as error:
            assert error.message("en")


@pytest.mark.parametrize("name", sorted(p.name for p in BAD.iterdir()))
@pytest.mark.parametrize("lang", ["id", "en"])
def test_cli_gives_every_bad_file_the_upload_s_messages(name, lang, capsys):
    """Every file of the bad folder (CSV, XLSX, XLS, ODS): exit 2 and, on one line, exactly the problems the Data
    page lists for an upload of the same bytes."""
    with pytest.raises(InputError) as caught:
        load_regions((BAD / name).read_bytes(), filename=name, origin=name)
    assert cli_main(["validate", "--data", str(BAD / name), "--lang", lang]) == 2
    err = capsys.readouterr().err
    assert err == f"error: {caught.value.one_line(lang)}\n"
    assert "Traceback" not in err


@pytest.mark.parametrize("name", sorted(p.name for p in MESSY.iterdir()))
def test_cli_projects_every_messy_file(name, capsys):
    assert cli_main(["project", "--data", str(MESSY / name), "--format", "csv"]) == 0, capsys.readouterr().err
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) - 1 == len(load_regions(MESSY / name))
