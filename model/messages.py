"""User-facing messages of the model, in Bahasa Indonesia and English.

The model stays free of any UI, but its errors reach people (an uploaded table, a command-line option),
so every problem carries a message key and parameters that are rendered in the reader's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

LANGUAGES = ("id", "en")

MESSAGES: dict[str, dict[str, str]] = {
    "file_unreadable": {
        "id": "Berkas tidak dapat dibaca sebagai tabel CSV atau Excel: {detail}",
        "en": "The file cannot be read as a CSV or Excel table: {detail}",
    },
    "file_empty": {
        "id": "Tabel kosong: tidak ada satu baris wilayah pun.",
        "en": "The table is empty: it has no region rows.",
    },
    "missing_column": {
        "id": "Kolom wajib '{column}' tidak ada (nama lain yang diterima: {aliases}).",
        "en": "Required column '{column}' is missing (accepted alternatives: {aliases}).",
    },
    "missing_value": {
        "id": "Nilai kosong; kolom ini wajib diisi.",
        "en": "The value is empty; this column is required.",
    },
    "not_a_number": {
        "id": "'{value}' bukan angka.",
        "en": "'{value}' is not a number.",
    },
    "not_positive": {
        "id": "Harus lebih besar dari 0 (tertulis {value}).",
        "en": "Must be greater than 0 (found {value}).",
    },
    "negative": {
        "id": "Tidak boleh negatif (tertulis {value}).",
        "en": "Must not be negative (found {value}).",
    },
    "participants_above_potential": {
        "id": "Peserta aktif ({participants}) melebihi potensi pekerja ({potential}): cakupan di atas 100%.",
        "en": "Active participants ({participants}) exceed potential workers ({potential}): coverage above 100%.",
    },
    "segments_above_total": {
        "id": "Peserta formal + informal ({segments}) melebihi peserta aktif ({participants}).",
        "en": "Formal + informal participants ({segments}) exceed active participants ({participants}).",
    },
    "pct_out_of_range": {
        "id": "Persentase harus di antara {low} dan {high} (tertulis {value}).",
        "en": "The percentage must be between {low} and {high} (found {value}).",
    },
    "share_out_of_range": {
        "id": "Pangsa harus di antara 0 dan 1 (tertulis {value}); tulis 0,58 untuk 58%.",
        "en": "The share must be between 0 and 1 (found {value}); write 0.58 for 58%.",
    },
    "value_out_of_range": {
        "id": "Nilai harus di antara {low} dan {high} (tertulis {value}).",
        "en": "The value must be between {low} and {high} (found {value}).",
    },
    "coverage_mismatch": {
        "id": "Cakupan tertulis {stated}% tidak cocok dengan peserta ÷ potensi = {computed}%.",
        "en": "Stated coverage {stated}% does not match participants ÷ potential = {computed}%.",
    },
    "bad_date": {
        "id": "'{value}' bukan tanggal yang sah (gunakan TTTT-BB-HH atau TTTT-BB).",
        "en": "'{value}' is not a valid date (use YYYY-MM-DD or YYYY-MM).",
    },
    "date_out_of_range": {
        "id": "Tanggal {value} di luar rentang {low}–{high}.",
        "en": "Date {value} is outside {low}–{high}.",
    },
    "duplicate_code": {
        "id": "Kode wilayah '{value}' muncul lebih dari sekali (baris {rows}).",
        "en": "Region code '{value}' appears more than once (rows {rows}).",
    },
    "bad_status": {
        "id": "Status '{value}' tidak dikenal; gunakan reported, derived atau estimate.",
        "en": "Status '{value}' is unknown; use reported, derived or estimate.",
    },
    "too_many_rows": {
        "id": "Tabel berisi {value} baris; batasnya {high} wilayah.",
        "en": "The table has {value} rows; the limit is {high} regions.",
    },
    "unknown_region": {
        "id": "Wilayah '{value}' tidak ada dalam data (contoh kode yang ada: {known}).",
        "en": "Region '{value}' is not in the data (examples of known codes: {known}).",
    },
    "bad_lever": {
        "id": "Tuas '{name}': {detail}",
        "en": "Lever '{name}': {detail}",
    },
    "lever_unknown": {
        "id": "Tuas '{name}' tidak dikenal (yang ada: {known}).",
        "en": "Unknown lever '{name}' (known: {known}).",
    },
    "lever_not_number": {
        "id": "{label_id}: '{value}' bukan angka.",
        "en": "{label_en}: '{value}' is not a number.",
    },
    "lever_out_of_range": {
        "id": "{label_id}: {value} di luar rentang {low}–{high} {unit_id}.",
        "en": "{label_en}: {value} is outside {low}–{high} {unit_en}.",
    },
    "lever_not_whole": {
        "id": "{label_id}: {value} harus bilangan bulat.",
        "en": "{label_en}: {value} must be a whole number.",
    },
    "lever_end_before_start": {
        "id": "Anggaran berakhir ({end}) sebelum mulai ({start}).",
        "en": "The budget ends ({end}) before it starts ({start}).",
    },
    "bad_option": {
        "id": "Opsi {name}: {detail}",
        "en": "Option {name}: {detail}",
    },
    "bad_assumption": {
        "id": "Asumsi '{name}': {detail}",
        "en": "Assumption '{name}': {detail}",
    },
}

ROW_PREFIX = {"id": "Baris {row}", "en": "Row {row}"}
COLUMN_PREFIX = {"id": "kolom '{column}'", "en": "column '{column}'"}


def render(key: str, lang: str, params: Mapping[str, object]) -> str:
    """Render one message in `lang` (falls back to English for an unknown language)."""
    texts = MESSAGES[key]
    return texts.get(lang, texts["en"]).format(**params)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where (row, column) and why (a message key with parameters).

    `row` is the row number as a person sees it in a spreadsheet (header = row 1).
    """

    key: str
    params: Mapping[str, object] = field(default_factory=dict)
    row: int | None = None
    column: str | None = None

    def message(self, lang: str = "en") -> str:
        """The full sentence, with its location, in the reader's language."""
        where = []
        if self.row is not None:
            where.append(ROW_PREFIX.get(lang, ROW_PREFIX["en"]).format(row=self.row))
        if self.column is not None:
            where.append(COLUMN_PREFIX.get(lang, COLUMN_PREFIX["en"]).format(column=self.column))
        text = render(self.key, lang, self.params)
        return f"{', '.join(where)}: {text}" if where else text


class InputError(ValueError):
    """Raised with every problem found at once, so a user can fix a table in one pass."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(self.message("en"))

    def message(self, lang: str = "en", limit: int | None = None) -> str:
        """All problems as one text, one per line (optionally only the first `limit`)."""
        shown = self.problems if limit is None else self.problems[:limit]
        lines = [p.message(lang) for p in shown]
        hidden = len(self.problems) - len(shown)
        if hidden > 0:
            lines.append({"id": f"… dan {hidden} masalah lain", "en": f"… and {hidden} more problems"}.get(lang, ""))
        return "\n".join(lines)

    def one_line(self, lang: str = "en") -> str:
        """A single line for a command line's stderr."""
        return "; ".join(p.message(lang) for p in self.problems)
