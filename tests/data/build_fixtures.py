"""Build tests/data/messy/ (real-looking official sheets, each variant as CSV, XLSX, XLS and ODS) and the newer files in
tests/data/bad/ from ../shared/data/found-regency-figures.csv (real figures with their sources).

Papua Barat's seven regencies (Dec 2023, BPJS Ketenagakerjaan via Antara: participants and coverage) are the
main table: potential workers are DERIVED as participants / coverage (rounded), since the source gives the
other two. Run: python tests/data/build_fixtures.py (the files are committed; the tests only read them).
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
MESSY = HERE / "messy"
BAD = HERE / "bad"
FOUND = HERE.parent.parent.parent / "shared" / "data" / "found-regency-figures.csv"

KEMENDAGRI = {  # Papua Barat regencies (data/codes/regions.csv) and their BPS 2020 codes (data/codes/bps_bridge.csv)
    "Kab. Manokwari": ("92.02", "9105"),
    "Kab. Kaimana": ("92.08", "9102"),
    "Kab. Manokwari Selatan": ("92.11", "9111"),
    "Kab. Fakfak": ("92.03", "9101"),
    "Kab. Teluk Wondama": ("92.07", "9103"),
    "Kab. Teluk Bintuni": ("92.06", "9104"),
    "Kab. Pegunungan Arfak": ("92.12", "9112"),
}


def papua_barat() -> list[dict]:
    rows = []
    with FOUND.open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["province"] == "Papua Barat" and r["date"] == "2023-12-31" and r["participants"]:
                participants = int(r["participants"])
                coverage = float(r["coverage_pct"])
                rows.append(
                    {
                        "name": r["regency"],
                        "code": KEMENDAGRI[r["regency"]][0],
                        "bps": KEMENDAGRI[r["regency"]][1],
                        "participants": participants,
                        "potential": round(participants / coverage * 100),
                        "coverage": coverage,
                        "date": datetime(2023, 12, 31),
                    }
                )
    assert len(rows) == 7, rows
    return rows


def id_int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def id_dec(x: float) -> str:
    return f"{x:.2f}".replace(".", ",")


def write_csv(path: Path, grid: list[list[object]], sep: str = ",", bom: bool = False, encoding: str = "utf-8") -> None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep, lineterminator="\r\n").writerows(grid)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode(encoding))


def write_xlsx(path: Path, grid: list[list[object]], merges: list[str] = (), formats: dict[int, str] | None = None):
    wb = Workbook()
    ws = wb.active
    ws.title = "UCJ"
    for row in grid:
        ws.append(row)
    for ref in merges:
        ws.merge_cells(ref)
    for col, fmt in (formats or {}).items():
        for cells in ws.iter_rows(min_col=col, max_col=col):
            for cell in cells:
                if isinstance(cell.value, int | float | datetime):
                    cell.number_format = fmt
    buffer = io.BytesIO()
    wb.save(buffer)
    path.write_bytes(buffer.getvalue())


def write_xls(path: Path, grid: list[list[object]], merges: list[str] = (), formats: dict[int, str] | None = None):
    """Excel 97-2003 (.xls, BIFF8) as older office PCs still save it, with xlwt (pinned in requirements-dev.txt):
    typed cells, number formats, merged cells ("A2:A8": the value stays in the first cell, as Excel does)."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("UCJ")
    styles = {col: xlwt.easyxf(num_format_str=fmt) for col, fmt in (formats or {}).items()}
    dates = xlwt.easyxf(num_format_str="dd/mm/yyyy")
    merged = {}
    for ref in merges:
        first, last = ref.split(":")
        col = ord(first[0]) - ord("A")
        merged[(int(first[1:]) - 1, col)] = (int(last[1:]) - 1, col)
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            style = styles.get(c + 1) if isinstance(value, int | float | datetime) else None
            if isinstance(value, datetime) and style is None:
                style = dates
            if (r, c) in merged:
                last_row, last_col = merged[(r, c)]
                sheet.write_merge(r, last_row, c, last_col, value, style or xlwt.Style.default_style)
            elif any(r0 < r <= r1 and c0 == c for (r0, c0), (r1, _) in merged.items()):
                continue  # covered by a merge: Excel keeps only the first cell's value
            else:
                sheet.write(r, c, value, style or xlwt.Style.default_style)
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())


def write_ods(path: Path, grid: list[list[object]]) -> None:
    """OpenDocument (.ods) as LibreOffice saves it, through pandas' odf writer (odfpy, pinned in
    requirements-dev.txt): typed cells (numbers, dates, text); rows of any length."""
    import pandas as pd

    width = max(len(row) for row in grid)
    frame = pd.DataFrame([[*row, *([None] * (width - len(row)))] for row in grid], dtype=object)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="odf") as writer:
        frame.to_excel(writer, sheet_name="UCJ", header=False, index=False)
    path.write_bytes(buffer.getvalue())


# Regencies and cities of three provinces in one sheet (issue 12: ranked within each province, a province
# selector, the chosen province's map): Papua Barat's seven (Dec 2023, as above) and Sulawesi Selatan's and
# Sulawesi Tenggara's with participants and potential from ../shared/data/found-regency-figures.csv (Kota
# Makassar's potential DERIVED as 263,903 / 52%).
OTHER_PROVINCES = [
    ("Sulawesi Selatan", "73.18", "Kab. Tana Toraja", 50_855, 72_852, datetime(2025, 7, 13)),
    ("Sulawesi Selatan", "73.71", "Kota Makassar", 263_903, round(263_903 / 0.52), datetime(2025, 8, 31)),
    ("Sulawesi Tenggara", "74.02", "Kab. Konawe", 27_636, 79_388, datetime(2025, 4, 30)),
]


def several_provinces(rows: list[dict]) -> tuple[list[list[object]], list[list[object]]]:
    header = ["Kode", "Provinsi", "Kabupaten/Kota", "Peserta Aktif", "Potensi Pekerja", "Periode"]
    records = [("Papua Barat", r["code"], r["name"], r["participants"], r["potential"], r["date"]) for r in rows]
    records += OTHER_PROVINCES
    body = [[c, p, n, id_int(a), id_int(w), d.strftime("%d/%m/%Y")] for p, c, n, a, w, d in records]
    xbody = [[c, p, n, a, w, d] for p, c, n, a, w, d in records]
    title = ["Capaian UCJ Kabupaten/Kota (gabungan beberapa provinsi)"]
    return [title, [], header, *body], [title, [], header, *xbody]


def variants(rows: list[dict]) -> dict[str, tuple[list[list[object]], list[list[object]], dict]]:
    """name -> (csv grid, xlsx grid, options)."""
    out = {}
    title = ["Capaian Universal Coverage Jamsostek Kabupaten/Kota Provinsi Papua Barat"]
    sub = ["Posisi Desember 2023; sumber: BPJS Ketenagakerjaan Cabang Manokwari"]

    # 1. Indonesian Excel locale: title rows, "No", decimal comma, thousands dot, dd/mm/yyyy, Capaian (%).
    header = ["No", "Kabupaten/Kota", "Peserta Aktif", "Potensi Pekerja", "Capaian (%)", "Periode"]
    body = [
        [i + 1, r["name"], id_int(r["participants"]), id_int(r["potential"]), id_dec(r["coverage"]), "31/12/2023"]
        for i, r in enumerate(rows)
    ]
    xbody = [
        [i + 1, r["name"], r["participants"], r["potential"], r["coverage"] / 100, r["date"]]
        for i, r in enumerate(rows)
    ]
    out["indonesian_semicolon_title"] = (
        [title, sub, [], header, *body],
        [title, sub, [], header, *xbody],
        {"sep": ";", "bom": True, "formats": {5: "0.00%", 6: "dd/mm/yyyy"}},
    )

    # 2. English headers, comma separated, thousands comma, ISO dates, codes as text.
    header = ["Code", "Regency/City", "Active participants", "Potential workers", "Coverage (%)", "Date", "Target"]
    body = [
        [
            r["code"],
            r["name"].replace("Kab. ", "Kabupaten "),
            f"{r['participants']:,}",
            f"{r['potential']:,}",
            f"{r['coverage']:.2f}",
            "2023-12-31",
            "49",
        ]
        for r in rows
    ]
    xbody = [
        [
            r["code"],
            r["name"].replace("Kab. ", "Kabupaten "),
            r["participants"],
            r["potential"],
            r["coverage"],
            "2023-12-31",
            49,
        ]
        for r in rows
    ]
    out["english_codes"] = ([header, *body], [header, *xbody], {})

    # 3. Names only, a merged Provinsi column, percent signs, "Des 2023", a total row and notes below.
    header = ["Provinsi", "Kabupaten/Kota", "Jumlah Peserta Aktif", "Potensi Tenaga Kerja", "Capaian UCJ", "Bulan"]
    body = [
        [
            "Papua Barat" if i == 0 else "",
            r["name"],
            id_int(r["participants"]),
            id_int(r["potential"]),
            id_dec(r["coverage"]) + "%",
            "Des 2023",
        ]
        for i, r in enumerate(rows)
    ]
    total_p = sum(r["participants"] for r in rows)
    total_w = sum(r["potential"] for r in rows)
    footer = [
        ["", "Jumlah", id_int(total_p), id_int(total_w), id_dec(100 * total_p / total_w) + "%", "Des 2023"],
        [],
        ["Sumber: BPJS Ketenagakerjaan Kanwil Papua, diolah"],
        ["Catatan: potensi = peserta / capaian"],
    ]
    xfooter = footer
    out["names_merged_province_totals"] = (
        [header, *body, *footer],
        [title, header, *body, *xfooter],
        {"merges": [f"A2:A{2 + len(rows)}"]},
    )

    # 4. BPS codes (a column named Kode BPS), a year alone as the date.
    header = ["Kode BPS", "Nama Kabupaten", "Peserta", "Potensi", "Tahun"]
    body = [[r["bps"], r["name"], r["participants"], r["potential"], 2023] for r in rows]
    out["bps_codes_year_only"] = ([header, *body], [header, *body], {})

    # 5. Spelling variants matched through aliases and exact rules: upper case, "KAB", "Kab Fak Fak".
    header = ["KODE", "NAMA WILAYAH", "POTENSI PEKERJA (orang)", "PESERTA AKTIF (orang)", "TANGGAL DATA"]
    names = {"Kab. Fakfak": "Kabupaten Fak Fak", "Kab. Manokwari": "KAB MANOKWARI"}
    body = [
        ["", names.get(r["name"], r["name"].upper()), r["potential"], r["participants"], "31-12-2023"] for r in rows
    ]
    out["spelling_variants_tab"] = ([header, *body], [header, *body], {"sep": "\t"})
    return out


def segments_table() -> list[list[object]]:
    """Jambi with its village apparatus (kelembagaan desa) segment: 33.02% covered, 65,875 unprotected (Dec 2024,
    issue 12); potential = 65,875 / (1 - 0.3302), participants = potential - 65,875 (derived)."""
    potential = round(65_875 / (1 - 0.3302))
    header = [
        "Provinsi",
        "Potensi Pekerja",
        "Peserta Aktif",
        "Periode",
        "Potensi Kelembagaan Desa",
        "Peserta Kelembagaan Desa",
    ]
    return [header, ["Jambi", "1.312.370", "592.806", "Des 2024", id_int(potential), id_int(potential - 65_875)]]


def main() -> None:
    MESSY.mkdir(exist_ok=True)
    rows = papua_barat()
    for name, (grid, xgrid, options) in variants(rows).items():
        write_csv(MESSY / f"{name}.csv", grid, sep=options.get("sep", ","), bom=options.get("bom", False))
        write_xlsx(MESSY / f"{name}.xlsx", xgrid, options.get("merges", ()), options.get("formats"))
        write_xls(MESSY / f"{name}.xls", xgrid, options.get("merges", ()), options.get("formats"))
        write_ods(MESSY / f"{name}.ods", xgrid)
    write_csv(MESSY / "segments_village.csv", segments_table(), sep=";")
    write_xlsx(MESSY / "segments_village.xlsx", segments_table())
    write_xls(MESSY / "segments_village.xls", segments_table())
    write_ods(MESSY / "segments_village.ods", segments_table())
    grid, xgrid = several_provinces(rows)
    write_csv(MESSY / "several_provinces.csv", grid, sep=";", bom=True)
    write_xlsx(MESSY / "several_provinces.xlsx", xgrid, formats={6: "dd/mm/yyyy"})
    write_xls(MESSY / "several_provinces.xls", xgrid)
    write_ods(MESSY / "several_provinces.ods", xgrid)
    write_csv(
        MESSY / "windows_1252.csv",
        [
            ["Kabupaten/Kota", "Peserta Aktif", "Potensi Pekerja", "Periode", "Keterangan"],
            ["Kab. Teluk Wondama", "3576", "16916", "31/12/2023", "Rp254 juta – APBD"],
        ],
        sep=";",
        encoding="cp1252",
    )

    # Bad: the broken copy of sheet 1 (issue 12): coverage 120% and "seribu" in a number column.
    header = ["No", "Kabupaten/Kota", "Peserta Aktif", "Potensi Pekerja", "Capaian (%)", "Periode"]
    broken = [
        [1, "Kab. Manokwari", "102.853", "85.713", "120,00", "31/12/2023"],
        [2, "Kab. Kaimana", "seribu", "33.077", "60,45", "31/12/2023"],
        [3, "Kab. Fakfak", "16.332", "38.446", "52,00", "31/12/2023"],
        [4, "Kab. Antah Berantah", "1.000", "2.000", "50,00", "31/12/2023"],
        [5, "Kab. Kaimana", "19.995", "33.077", "60,45", "31/12/2023"],
    ]
    title = [["Capaian UCJ Kabupaten/Kota Provinsi Papua Barat"], []]
    write_csv(BAD / "broken_regency_sheet.csv", [*title, header, *broken], sep=";", bom=True)
    write_xlsx(BAD / "broken_regency_sheet.xlsx", [*title, header, *broken])
    base = ["code", "name", "potential_workers", "active_participants", "as_of", "target_pct"]
    write_csv(
        BAD / "infinity.csv",
        [
            base,
            ["15", "Jambi", "inf", "592806", "2024-12-02", "55"],
            ["16", "Sumatera Selatan", "1e308", "10", "2024-12-02", "Infinity"],
        ],
    )
    write_csv(BAD / "future_date.csv", [base, ["15", "Jambi", "1312370", "592806", "31/12/2044", "55"]])
    write_csv(
        BAD / "guessed_name.csv",
        [
            ["Kabupaten/Kota", "Provinsi", "Peserta Aktif", "Potensi Pekerja", "Periode"],
            ["Kota Makasar", "Sulawesi Selatan", "263903", "507506", "31/08/2025"],
        ],
    )
    write_csv(BAD / "code_name_mismatch.csv", [base, ["11.01", "Kabupaten Simeulue", "1000", "500", "2024-12", "50"]])
    write_csv(BAD / "no_header.csv", [["Laporan bulanan"], ["Jambi", "1312370", "592806"]])
    # The broken sheet as XLS and ODS too: the same problems, each with its own message.
    write_xls(BAD / "broken_regency_sheet.xls", [*title, header, *broken])
    write_ods(BAD / "broken_regency_sheet.ods", [*title, header, *broken])
    (BAD / "corrupt.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 200)  # OLE header, no workbook
    (BAD / "corrupt.ods").write_bytes(b"PK\x03\x04" + b"not a zip archive" * 8)


if __name__ == "__main__":
    main()
