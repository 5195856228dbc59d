"""Reading official sheets as Indonesians make them: CSV, XLSX, XLS or ODS, into a grid of text cells.

Real tables from BPJS Ketenagakerjaan and Kemendagri monitoring reports carry a title and notes above the
header, a "No" column, merged cells (a province written once for all its regencies), totals at the bottom,
semicolons and decimal commas (Excel in an Indonesian locale), a UTF-8 BOM or Windows-1252 text. This module
finds the header row, maps its many spellings to the model's column names, and returns text cells with their
spreadsheet row numbers; `model.data` parses and validates them.

Safety: nothing is evaluated (python-calamine reads the cached values of formulas, never the formula), the
file size is checked before reading and the number of rows WHILE reading, so a 1 MB workbook that expands to
a million rows is refused after reading a few thousand rows, in milliseconds, not after parsing it whole.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from .messages import InputError, Num, Problem

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "RawTable",
    "read_table",
    "normalise_header",
    "HEADER_SYNONYMS",
]

MAX_FILE_BYTES = 5 * 1024 * 1024  # an official regency sheet is well under 1 MB
MAX_ROWS = 10_000  # Indonesia has 514 regencies/cities; 10,000 leaves room for long formats and notes
MAX_COLUMNS = 200
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024  # a workbook's parts, read while streaming (zip-bomb guard)
HEADER_SEARCH_ROWS = 30

# Header spellings (after `normalise_header`: lower case, punctuation and units removed) -> canonical column.
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "code": (
        "code",
        "kode",
        "kode wilayah",
        "kode provinsi",
        "kode prov",
        "kode kab kota",
        "kode kabupaten kota",
        "kode kabkota",
        "kode kab",
        "kode kota",
        "kode kemendagri",
        "kode dagri",
        "region code",
        "kode daerah",
    ),
    "code_bps": ("kode bps", "bps code", "kode wilayah bps"),
    "name": (
        "name",
        "nama",
        "nama wilayah",
        "wilayah",
        "kabupaten kota",
        "kab kota",
        "kabkota",
        "kabupaten",
        "kota",
        "nama kabupaten kota",
        "nama kab kota",
        "nama kabupaten",
        "nama kota",
        "region",
        "region name",
        "regency",
        "regency city",
        "regency or city",
        "city",
        "district",
        "daerah",
        "nama daerah",
        "pemda",
        "kantor wilayah",
    ),
    "province": ("provinsi", "nama provinsi", "province", "prov", "province name"),
    "potential_workers": (
        "potential workers",
        "potential",
        "potensi pekerja",
        "potensi",
        "potensi tenaga kerja",
        "potensi peserta",
        "jumlah potensi",
        "jumlah potensi pekerja",
        "pekerja potensial",
        "total potensi",
        "potensi tk",
        "jumlah pekerja",
        "total pekerja",
        "angkatan kerja",
        "jumlah angkatan kerja",
    ),
    "active_participants": (
        "active participants",
        "participants",
        "peserta aktif",
        "peserta",
        "jumlah peserta aktif",
        "jumlah peserta",
        "tenaga kerja aktif",
        "tk aktif",
        "pekerja terlindungi",
        "peserta terdaftar aktif",
        "total peserta aktif",
        "jumlah tenaga kerja aktif",
        "peserta aktif bpjs ketenagakerjaan",
    ),
    "as_of": (
        "as of",
        "date",
        "tanggal",
        "per tanggal",
        "tanggal data",
        "periode",
        "periode data",
        "bulan",
        "posisi",
        "posisi data",
        "data per",
        "period",
        "tahun",
        "year",
        "bulan tahun",
    ),
    "target_pct": (
        "target",
        "target pct",
        "target ucj",
        "target capaian",
        "target persen",
        "target cakupan",
        "target uc",
        "target coverage",
        "target capaian ucj",
    ),
    "coverage_pct": (
        "coverage",
        "coverage pct",
        "capaian",
        "capaian ucj",
        "cakupan",
        "cakupan pct",
        "persentase",
        "persentase capaian",
        "capaian kepesertaan",
        "cakupan kepesertaan",
        "realisasi",
        "realisasi ucj",
        "capaian uc",
        "persen capaian",
    ),
    "target_year": ("target year", "tahun target"),
    "informal_share": ("informal share", "pangsa informal", "share informal"),
    "labour_growth_pct": ("labour growth pct", "labor growth pct", "pertumbuhan angkatan kerja"),
    "formal_participants": ("formal participants", "peserta formal", "peserta pu", "peserta penerima upah"),
    "informal_participants": (
        "informal participants",
        "peserta informal",
        "peserta bpu",
        "peserta bukan penerima upah",
    ),
    "lat": ("lat", "latitude", "lintang"),
    "lon": ("lon", "lng", "longitude", "bujur"),
    "status": ("status", "status data"),
    "coverage_status": ("coverage status",),
    "potential_status": ("potential status",),
    "target_status": ("target status",),
    "informal_status": ("informal status",),
    "growth_status": ("growth status",),
    "source": ("source", "sumber", "sumber data"),
    "note": ("note", "notes", "catatan", "keterangan", "ket"),
    # Segments the monitoring reports (village apparatus and institutions, non-ASN staff, vulnerable workers).
    "village_participants": (
        "peserta aparatur desa",
        "peserta kelembagaan desa",
        "aparatur desa terlindungi",
        "peserta perangkat desa",
        "village participants",
        "village apparatus participants",
    ),
    "village_potential": (
        "potensi aparatur desa",
        "potensi kelembagaan desa",
        "aparatur desa",
        "kelembagaan desa",
        "perangkat desa",
        "village potential",
        "village apparatus",
    ),
    "non_asn_participants": ("peserta non asn", "non asn terlindungi", "non asn participants"),
    "non_asn_potential": ("potensi non asn", "non asn", "pegawai non asn", "non asn potential"),
    "vulnerable_participants": ("peserta pekerja rentan", "pekerja rentan terlindungi", "vulnerable participants"),
    "vulnerable_potential": ("potensi pekerja rentan", "pekerja rentan", "vulnerable workers", "vulnerable potential"),
}
IGNORED_HEADERS = ("no", "nomor", "no urut", "nourut", "urut", "#")
_LOOKUP: dict[str, str] = {}
_UNIT_WORDS = re.compile(r"\b(pct|persen|percent|orang|jiwa|jumlah orang|org|rp|ribu|dalam persen)\b")


def normalise_header(name: object) -> str:
    """'Capaian (%)' -> 'capaian'; 'Potensi Pekerja (orang)' -> 'potensi pekerja';
    'Kabupaten/Kota' -> 'kabupaten kota'."""
    text = str(name or "").replace("\ufeff", "").strip().lower()
    text = text.replace("%", " pct ").replace("_", " ")
    text = re.sub(r"[^0-9a-z]+", " ", text)
    text = _UNIT_WORDS.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip()


for _canonical, _spellings in HEADER_SYNONYMS.items():
    for _spelling in _spellings:
        _LOOKUP.setdefault(normalise_header(_spelling), _canonical)
_SQUEEZED = {k.replace(" ", ""): v for k, v in _LOOKUP.items()}


def canonical_column(header: object) -> str | None:
    """The model column a header names, or None (also for a 'No' column, which is expected and ignored)."""
    key = normalise_header(header)
    if key in _LOOKUP:
        return _LOOKUP[key]
    return _SQUEEZED.get(key.replace(" ", ""))


@dataclass(frozen=True)
class RawTable:
    """Text cells under canonical column names, with the spreadsheet row number of every row."""

    columns: dict[str, list[str]]
    rows: list[int]
    header_row: int
    unknown_columns: tuple[str, ...] = ()
    notices: tuple[tuple[str, dict], ...] = field(default_factory=tuple)
    column_labels: dict[str, str] = field(default_factory=dict)  # canonical -> header as written in the file

    def __len__(self) -> int:
        return len(self.rows)


# ---------------------------------------------------------------------------------------------------- grids


def _cell_text(value: object) -> str:
    """A cell as text. Excel numbers arrive as floats (1101.0 -> '1101'); dates as ISO text; NaN/inf as text
    so validation names them."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if math.isinf(value):
            return "inf"
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time | timedelta):
        return str(value)
    return str(value).replace("\u00a0", " ").strip()


def _too_many_rows(count: int) -> InputError:
    return InputError([Problem("too_many_rows", {"value": f"> {MAX_ROWS}", "high": Num(MAX_ROWS)})])


def _check_zip(raw: bytes) -> str:
    """Open an XLSX/ODS container and stream its sheet XML counting rows, so a sheet of a million rows is
    refused after the first few thousand (milliseconds), before any parser builds it. Returns 'xlsx' or 'ods'."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise InputError([Problem("file_unreadable", {"detail": "zip"})]) from None
    if "content.xml" in names and "mimetype" in names:
        kind, part, marker = "ods", "content.xml", b"<table:table-row"
    else:
        sheets = sorted(n for n in names if n.startswith("xl/worksheets/sheet") and n.endswith(".xml"))
        if not sheets:
            raise InputError([Problem("file_unreadable", {"detail": "no worksheet"})])
        kind, part, marker = "xlsx", sheets[0], b"<row"
    if kind == "ods":
        # LibreOffice writes trailing empty rows as one element with a huge repeat count; a repeat on a row
        # that holds values is what could expand, so the repeat counts are summed for non-empty rows below.
        marker = b"<table:table-row"
    total = 0
    rows = 0
    tail = b""
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(1 << 20):
                total += len(chunk)
                if total > MAX_UNCOMPRESSED_BYTES:
                    raise _too_many_rows(rows)
                window = tail + chunk
                rows += window.count(marker) - tail.count(marker)
                if kind == "ods":
                    for repeat in re.findall(
                        rb'number-rows-repeated="(\d+)"[^>]*>\s*<table:table-cell[^/]*?office:value', window
                    ):
                        rows += int(repeat) - 1
                if rows > MAX_ROWS + HEADER_SEARCH_ROWS:
                    raise _too_many_rows(rows)
                tail = window[-64:]
    except InputError:
        raise
    except Exception:  # a corrupt part: say the file cannot be read
        raise InputError([Problem("file_unreadable", {"detail": part})]) from None
    return kind


def _excel_grid(raw: bytes, kind: str) -> list[list[str]]:
    """First sheet of an XLSX/XLS/ODS workbook as text cells (python-calamine: cached values, no formulas run)."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(raw))
        if not workbook.sheet_names:
            raise InputError([Problem("file_empty")])
        sheet = workbook.get_sheet_by_index(0)
        if sheet.total_height > MAX_ROWS + HEADER_SEARCH_ROWS and kind == "xls":
            raise _too_many_rows(sheet.total_height)
        grid: list[list[str]] = []
        for row in sheet.iter_rows():
            if len(grid) > MAX_ROWS + HEADER_SEARCH_ROWS:
                raise _too_many_rows(len(grid))
            grid.append([_cell_text(v) for v in row[:MAX_COLUMNS]])
        first_row, first_col = sheet.start or (0, 0)
        if first_row or first_col:  # calamine starts at the first used cell: keep spreadsheet numbering
            grid = [[] for _ in range(first_row)] + [[""] * first_col + r for r in grid]
        _fill_merged(grid, sheet)
        return grid
    except InputError:
        raise
    except Exception as exc:  # calamine raises its own types for corrupt files
        detail = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise InputError([Problem("file_unreadable", {"detail": detail})]) from None


def _fill_merged(grid: list[list[str]], sheet) -> None:
    """A merged cell's value belongs to every cell it covers (a province written once over its regencies)."""
    try:
        ranges = sheet.merged_cell_ranges or []
    except Exception:  # not every format reports merged cells
        return
    for (r0, c0), (r1, c1) in ranges[:10_000]:
        if r0 >= len(grid) or c0 >= len(grid[r0]):
            continue
        value = grid[r0][c0]
        for r in range(r0, min(r1, len(grid) - 1) + 1):
            row = grid[r]
            for c in range(c0, min(c1, MAX_COLUMNS - 1) + 1):
                while len(row) <= c:
                    row.append("")
                if not row[c]:
                    row[c] = value


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16") if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig",):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    if b"\x00" in raw[:4096]:
        raise InputError([Problem("file_unreadable", {"detail": "binary"})])
    return raw.decode("cp1252", errors="replace")  # Excel "CSV" saved on Windows in an Indonesian locale


def _sniff_delimiter(text: str) -> str:
    """The separator that splits the first lines into the most rows of one same width: a title line has one
    field whatever the separator, and decimal commas in a semicolon file give rows of uneven width."""
    sample = "\n".join(text.splitlines()[: HEADER_SEARCH_ROWS + 20])
    best, best_score = ",", (0, 0)
    for sep in (";", ",", "\t", "|"):
        try:
            widths = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=sep) if len(r) > 1]
        except csv.Error:
            continue
        if not widths:
            continue
        modal = Counter(widths).most_common(1)[0]
        score = (modal[1], modal[0])
        if score > best_score:
            best, best_score = sep, score
    return best


def _csv_grid(raw: bytes) -> list[list[str]]:
    """CSV (comma, semicolon, tab or pipe), rows read one by one and stopped at the row limit."""
    text = _decode(raw)
    delimiter = _sniff_delimiter(text)
    grid: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            if len(grid) > MAX_ROWS + HEADER_SEARCH_ROWS:
                raise _too_many_rows(len(grid))
            grid.append([c.replace("\u00a0", " ").strip() for c in row[:MAX_COLUMNS]])
    except csv.Error as exc:
        raise InputError([Problem("file_unreadable", {"detail": str(exc)[:120]})]) from None
    return grid


def read_grid(raw: bytes, filename: str = "") -> list[list[str]]:
    """Any accepted file as rows of text cells (row 0 = spreadsheet row 1)."""
    if len(raw) > MAX_FILE_BYTES:
        mb = f"{len(raw) / 1024 / 1024:.1f}"
        raise InputError([Problem("reader.file_too_large", {"size": mb, "limit": MAX_FILE_BYTES // 1024 // 1024})])
    if not raw.strip():
        raise InputError([Problem("file_empty")])
    name = filename.lower()
    if raw[:4] == b"PK\x03\x04":
        return _excel_grid(raw, _check_zip(raw))
    if raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return _excel_grid(raw, "xls")
    if name.endswith((".xlsx", ".xlsm", ".xls", ".ods")):
        raise InputError([Problem("file_unreadable", {"detail": name.rsplit(".", 1)[-1]})])
    return _csv_grid(raw)


# ------------------------------------------------------------------------------------------------- header


def _header_score(row: list[str]) -> int:
    found = {canonical_column(c) for c in row if c}
    found.discard(None)
    return len(found)


def find_header_row(grid: list[list[str]]) -> int | None:
    """The row that names the most known columns among the first rows (a title or notes above it are
    skipped); None when no row names at least two."""
    best, best_score = None, 1
    for index, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        score = _header_score(row)
        if score > best_score:
            best, best_score = index, score
    return best


def _merge_header_rows(grid: list[list[str]], index: int) -> list[str]:
    """A two-line header (a merged 'Peserta' above 'Aktif'/'Potensi') reads as one: cells are joined with
    the row above when that row adds a word the model knows."""
    header = list(grid[index])
    if index == 0:
        return header
    above = grid[index - 1]
    carried = ""
    merged = []
    for j, cell in enumerate(header):
        top = above[j] if j < len(above) else ""
        carried = top or carried if top or cell else ""
        joined = f"{carried} {cell}".strip() if carried and cell else cell
        merged.append(joined if canonical_column(joined) and not canonical_column(cell) else cell)
    return merged


_TOTAL_ROW = re.compile(r"^(jumlah|total|grand total|jumlah total|total provinsi|rata rata|rerata)\b", re.I)
_NOTE_ROW = re.compile(r"^(sumber|source|catatan|keterangan|note|\*|ket\b)", re.I)


def read_table(raw: bytes, filename: str = "") -> RawTable:
    """Find the header, map the columns, and keep the region rows (totals and notes below the table dropped,
    a province written once for its regencies carried down)."""
    grid = read_grid(raw, filename)
    if not any(any(c for c in row) for row in grid):
        raise InputError([Problem("file_empty")])
    header_index = find_header_row(grid)
    if header_index is None:
        first = next((row for row in grid if any(row)), [])
        shown = ", ".join(c for c in first if c)[:160]
        raise InputError([Problem("reader.no_header", {"found": shown or "-"})])
    header = _merge_header_rows(grid, header_index)
    mapping: dict[int, str] = {}
    labels: dict[str, str] = {}
    unknown: list[str] = []
    for j, cell in enumerate(header):
        canonical = canonical_column(cell)
        if canonical is None:
            if cell and normalise_header(cell) not in IGNORED_HEADERS:
                unknown.append(cell)
            continue
        if canonical in labels:  # the second 'Target' of two is kept as unknown rather than silently merged
            unknown.append(cell)
            continue
        mapping[j] = canonical
        labels[canonical] = cell
    notices: list[tuple[str, dict]] = []
    if header_index > 0:
        notices.append(("reader.header_found", {"row": header_index + 1}))
    # A regency table names the regency in one column and its province in another; a province table may call
    # its name column "Provinsi".
    if "name" not in labels and "province" in labels:
        j = next(k for k, v in mapping.items() if v == "province")
        mapping[j] = "name"
        labels["name"] = labels.pop("province")

    columns: dict[str, list[str]] = {c: [] for c in labels}
    rows: list[int] = []
    dropped_totals: list[int] = []
    dropped_notes: list[int] = []
    carry: dict[str, str] = {}
    for index in range(header_index + 1, len(grid)):
        row = grid[index]
        cells = {c: (row[j] if j < len(row) else "") for j, c in mapping.items()}
        if not any(cells.values()):
            continue
        label = cells.get("name") or cells.get("province") or cells.get("code") or ""
        numbers = [cells.get(c, "") for c in ("potential_workers", "active_participants", "coverage_pct")]
        filled = [c for c in (row if isinstance(row, list) else []) if c]
        if _TOTAL_ROW.match(label) or (
            not cells.get("name") and not cells.get("code") and any(numbers) and _TOTAL_ROW.match(" ".join(filled))
        ):
            dropped_totals.append(index + 1)
            continue
        if (len(filled) == 1 and not any(numbers)) or _NOTE_ROW.match(filled[0] if filled else ""):
            dropped_notes.append(index + 1)
            continue
        # A province written once for all its regencies (a merged cell saved as CSV) is carried down.
        if "province" in cells:
            if cells["province"]:
                carry["province"] = cells["province"]
            elif "province" in carry:
                cells["province"] = carry["province"]
        for column, value in cells.items():
            columns[column].append(value)
        rows.append(index + 1)
        if len(rows) > MAX_ROWS:
            raise _too_many_rows(len(rows))
    if dropped_totals:
        notices.append(("reader.dropped_totals", {"rows": ", ".join(map(str, dropped_totals[:10]))}))
    if dropped_notes:
        notices.append(("reader.dropped_notes", {"rows": ", ".join(map(str, dropped_notes[:10]))}))
    return RawTable(columns, rows, header_index + 1, tuple(unknown), tuple(notices), labels)
