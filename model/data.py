"""Reading and validating a regions table (the shipped baseline or an official table a user uploads).

One function, `load_regions`, accepts CSV or XLSX in the canonical columns (or their Bahasa names), and
either returns a validated, code-sorted `RegionTable` or raises `InputError` listing every problem with its
row and column. Sorting by code makes every later result independent of the file's row order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd

from .cached import cached_property
from .messages import InputError, Num, Problem, render
from .paths import NATIONAL_CSV, OBSERVATIONS_CSV, REGIONS_CSV, TARGETS_CSV
from .reader import MAX_FILE_BYTES, RawTable, read_table
from .regions_codes import (
    bps_bridge,
    canonical_code,
    is_official_format,
    match_name,
    official_name,
    official_regions,
)

__all__ = [
    "REGION_COLUMNS",
    "REQUIRED_COLUMNS",
    "OPTIONAL_COLUMNS",
    "STATUSES",
    "MAX_REGIONS",
    "RegionTable",
    "load_regions",
    "load_baseline",
    "load_observations",
    "load_targets",
    "load_national",
]

# Every column a region table knows, in the order the shipped data/regions.csv is written (by
# model/baseline_builder.py); the required ones are those a user's file must give (or derive, see `load_regions`).
REGION_COLUMNS: tuple[str, ...] = (
    "code",
    "name",
    "lat",
    "lon",
    "potential_workers",
    "active_participants",
    "coverage_pct",
    "as_of",
    "target_pct",
    "target_year",
    "informal_share",
    "labour_growth_pct",
    "formal_participants",
    "informal_participants",
    "status",
    "coverage_status",
    "potential_status",
    "target_status",
    "informal_status",
    "growth_status",
    "source",
    "note",
)
REQUIRED_COLUMNS: tuple[str, ...] = (
    "code",
    "name",
    "potential_workers",
    "active_participants",
    "as_of",
    "target_pct",
)
OPTIONAL_COLUMNS: tuple[str, ...] = tuple(c for c in REGION_COLUMNS if c not in REQUIRED_COLUMNS)
STATUSES = ("reported", "derived", "estimate")
MAX_REGIONS = 10_000
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2045, 12, 31)
COVERAGE_TOLERANCE_PP = 1.0

# Column names a user may write instead of the canonical ones: see model.reader.HEADER_SYNONYMS (Bahasa and
# English headers and their variants); shown in the "missing column" message.
ALIASES: dict[str, tuple[str, ...]] = {
    "code": ("kode", "kode wilayah", "kode kemendagri"),
    "name": ("nama", "provinsi", "kabupaten/kota"),
    "potential_workers": ("potensi pekerja", "potensi", "potential"),
    "active_participants": ("peserta aktif", "peserta", "participants"),
    "as_of": ("tanggal", "periode", "posisi data"),
    "target_pct": ("target", "target (%)", "target ucj"),
    "coverage_pct": ("capaian (%)", "cakupan", "coverage"),
}
MAX_COUNT = 300_000_000  # more workers than Indonesia's population is a typing error (or 1e308)
SEGMENTS = ("village", "non_asn", "vulnerable")
SEGMENT_COLUMNS = tuple(f"{s}_{k}" for s in SEGMENTS for k in ("participants", "potential"))

COUNT_COLUMNS = (
    "potential_workers",
    "active_participants",
    "formal_participants",
    "informal_participants",
    *SEGMENT_COLUMNS,
)
FLOAT_COLUMNS = ("target_pct", "coverage_pct", "lat", "lon", "informal_share", "labour_growth_pct", "target_year")
STATUS_COLUMNS = ("status", "coverage_status", "potential_status", "target_status", "informal_status", "growth_status")
TEXT_COLUMNS = ("source", "note")


@dataclass(frozen=True)
class RegionTable:
    """A validated regions table, sorted by code, plus what the loader noticed but did not reject."""

    frame: pd.DataFrame
    origin: str = "baseline"
    notices: tuple[str, ...] = field(default_factory=tuple)
    level: str = "province"  # province | regency | custom (codes that are not Kemendagri codes)
    loaded_at: str = ""  # ISO time an uploaded table was read (empty for the shipped baseline)
    notice_keys: tuple[tuple[str, dict], ...] = field(default_factory=tuple)  # notices as catalogue keys

    @property
    def is_upload(self) -> bool:
        return self.origin != "baseline"

    @cached_property
    def provinces(self) -> tuple[str, ...]:
        """Province codes the table's regions belong to (for a regency table: usually one)."""
        if self.level != "regency":
            return ()
        return tuple(sorted({c[:2] for c in self.codes}))

    @cached_property
    def segments(self) -> tuple[str, ...]:
        """Segments with both participants and potential given for at least one region."""
        f = self.frame
        return tuple(
            s
            for s in SEGMENTS
            if f"{s}_potential" in f and f[f"{s}_potential"].notna().any() and f[f"{s}_participants"].notna().any()
        )

    @cached_property
    def codes(self) -> list[str]:
        return self.frame["code"].tolist()

    @cached_property
    def trend_fit(self) -> pd.DataFrame:
        """Least-squares trend per region against the shipped dated observations (computed once per table)."""
        from .calibration import fit_trend_lines

        return fit_trend_lines(self.frame, load_observations())

    def __len__(self) -> int:
        return len(self.frame)


_THOUSANDS = re.compile(r"^-?\d{1,3}([.,\s]\d{3})+$")
_NUMBER = re.compile(r"^[-+]?(\d+([.,]\d*)?|[.,]\d+)([eE][-+]?\d+)?$")


def parse_number(text: object, *, count: bool = False) -> float | None:
    """Parse numbers as Indonesians and English speakers write them: 1.312.370, 1,312,370, 45,17, 45.17%.

    In a count column a lone separator before three digits is a thousands separator (1.312 = 1312); in other
    columns it is a decimal mark (0.617, 45,17). Returns None for an empty cell; raises ValueError otherwise,
    also for inf, Infinity, NaN and anything beyond a float (1e309), so an impossible value is named, not used.
    """
    if text is None:
        return None
    if isinstance(text, int | float | np.integer | np.floating):
        if pd.isna(text):
            return None
        if not np.isfinite(text):
            raise ValueError(str(text))
        return float(text)
    value = str(text).strip().replace("\u00a0", " ").rstrip("%").strip()
    value = re.sub(r"^rp\.?\s*", "", value, flags=re.I)
    if value in ("", "-", "–", "nan", "NaN", "None", "null", "NULL", "#N/A", "n/a"):
        return None
    compact = value.replace(" ", "") if re.fullmatch(r"-?\d{1,3}( \d{3})+", value) else value
    separators = len(re.findall(r"[.,\s]", compact))
    if _THOUSANDS.match(value) and (count or separators > 1):
        return float(re.sub(r"[.,\s]", "", value))
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+,\d+", value):  # 1.312.370,5 (Indonesian)
        value = value.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(,\d{3})+\.\d+", value):  # 1,312,370.5 (English)
        value = value.replace(",", "")
    elif value.count(",") == 1 and "." not in value:
        value = value.replace(",", ".")
    if not _NUMBER.match(value):
        raise ValueError(value)
    number = float(value)
    if not np.isfinite(number):
        raise ValueError(value)
    return number


MONTHS = {
    "jan": 1, "januari": 1, "january": 1, "feb": 2, "februari": 2, "pebruari": 2, "february": 2,
    "mar": 3, "maret": 3, "march": 3, "apr": 4, "april": 4, "mei": 5, "may": 5, "jun": 6, "juni": 6,
    "june": 6, "jul": 7, "juli": 7, "july": 7, "agu": 8, "agt": 8, "agus": 8, "agustus": 8, "aug": 8,
    "august": 8, "sep": 9, "sept": 9, "september": 9, "okt": 10, "oktober": 10, "oct": 10, "october": 10,
    "nov": 11, "nop": 11, "november": 11, "nopember": 11, "des": 12, "desember": 12, "dec": 12, "december": 12,
}  # fmt: skip


def _parse_date(text: object) -> date | None:
    """2024-12-31, 2024-12, 31/12/2024 (day first, as written in Indonesia), 31-12-2024, 'Des 2024',
    'Desember 2024', '31 Desember 2024', 'Dec 2024' or a year alone (2024 = its December)."""
    value = str(text).strip().lower().replace(",", " ")
    if not value or value in ("nan", "none", "nat", "-"):
        return None
    value = re.sub(r"^(per|posisi|s\.?d\.?|sd|hingga|akhir)\s+", "", value).strip()
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?:[ t]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?", value):
        year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3) or 1)
        return date(year, month, day)
    if match := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", value):
        return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    if match := re.fullmatch(r"(\d{1,2})[/.-](\d{4})", value):
        return date(int(match.group(2)), int(match.group(1)), 1)
    if match := re.fullmatch(r"(?:(\d{1,2})\s+)?([a-z]+)\.?\s*[-']?\s*(\d{4}|\d{2})", value):
        month = MONTHS.get(match.group(2))
        if month is None:
            raise ValueError(value)
        year = int(match.group(3))
        year = year + 2000 if year < 100 else year
        return date(year, month, int(match.group(1) or 1))
    if re.fullmatch(r"\d{4}", value):
        return date(int(value), 12, 1)
    raise ValueError(value)


def _raw_frame(raw: RawTable) -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(v, dtype=object) for c, v in raw.columns.items()})
    return frame.fillna("")


def _resolve_codes(frame: pd.DataFrame, rows: np.ndarray, accept_guesses: bool) -> tuple[pd.Series, str, list]:
    """Every row's Kemendagri code (text): from the code column, a BPS code column, or the name.

    Returns (codes, level, problems). Fuzzy guesses become problems ('reader.guess') unless accepted, so they
    are shown for confirmation before use.
    """
    problems: list[Problem] = []
    n = len(frame)
    names = frame["name"].astype(str).str.strip() if "name" in frame else pd.Series([""] * n)
    provinces_written = frame["province"].astype(str).str.strip() if "province" in frame else None
    codes = [""] * n
    official = set(official_regions()["code"])
    bridge = bps_bridge()
    province_codes = [None] * n
    bps_rows: list[int] = []
    if provinces_written is not None:
        cache: dict[str, str | None] = {}
        for i, written in enumerate(provinces_written):
            if written not in cache:
                cache[written] = match_name(written, level="province").code if written else None
            province_codes[i] = cache[written]

    if "code_bps" in frame:
        for i, raw_code in enumerate(frame["code_bps"].astype(str).str.strip()):
            digits = raw_code[:-2] if raw_code.endswith(".0") else raw_code
            digits = digits.replace(".", "")
            if re.fullmatch(r"\d{2}", digits):
                codes[i] = digits
            elif digits in bridge:
                codes[i] = bridge[digits]
            elif raw_code:
                problems.append(Problem("reader.unknown_bps_code", {"value": raw_code[:20]}, int(rows[i]), "code_bps"))
    if "code" in frame:
        for i, raw_code in enumerate(frame["code"].astype(str).str.strip()):
            if raw_code and not codes[i]:
                codes[i] = canonical_code(raw_code)

    # The level: regency when any code has a dot, or a province column sits beside the names, or most names
    # are regencies rather than provinces.
    if any("." in c for c in codes if is_official_format(c)) or provinces_written is not None:
        level = "regency"
    elif any(is_official_format(c) for c in codes):
        level = "province"
    else:
        sample = [x for x in names if x][:60]
        as_province = sum(match_name(x, level="province").how in ("exact", "alias") for x in sample)
        as_regency = sum(match_name(x, level="regency").how in ("exact", "alias") for x in sample)
        level = "province" if as_province >= as_regency else "regency"
    if any(c and not is_official_format(c) for c in codes):
        level = "custom"

    for i in range(n):
        code, name = codes[i], names.iloc[i]
        where = int(rows[i])
        if code and level == "custom":
            continue
        if code:
            if code not in official:
                suggestion = match_name(name, level=level, province=province_codes[i]) if name else None
                hint = suggestion.code if suggestion and suggestion.code else "-"
                problems.append(Problem("reader.unknown_code", {"value": code, "hint": hint}, where, "code"))
                continue
            if name:
                found = match_name(name, level=level, province=province_codes[i])
                if found.code and found.code != code and found.how in ("exact", "alias"):
                    written_code = str(frame["code"].iloc[i]).strip() if "code" in frame else ""
                    written_code = written_code[:-2] if written_code.endswith(".0") else written_code
                    if re.fullmatch(r"\d{4}", written_code) and bridge.get(written_code) == found.code:
                        codes[i] = found.code  # a BPS code in a column called "kode": the name beside it says so
                        bps_rows.append(where)
                        continue
                    problems.append(
                        Problem(
                            "reader.code_name_mismatch",
                            {"code": code, "name": name[:60], "official": official_name(code), "other": found.code},
                            where,
                            "code",
                        )
                    )
            continue
        if not name:
            continue  # reported as a missing value below
        found = match_name(name, level=level, province=province_codes[i])
        if found.how in ("exact", "alias") or (found.how == "fuzzy" and accept_guesses and found.score >= 85):
            codes[i] = found.code or ""
        elif found.how == "fuzzy":
            codes[i] = found.code or ""
            problems.append(
                Problem(
                    "reader.guess",
                    {"value": name[:60], "official": found.official_name, "score": f"{found.score:.0f}"},
                    where,
                    "name",
                )
            )
        else:
            hints = ", ".join(official_name(c) for c in found.suggestions[:3]) or "-"
            problems.append(Problem("reader.unknown_name", {"value": name[:60], "hints": hints}, where, "name"))
    if bps_rows:
        problems.append(Problem("reader.bps_translated", {"rows": ", ".join(map(str, bps_rows[:10]))}, column="code"))
    return pd.Series(codes, index=frame.index, dtype=object), level, problems


def _validate(
    frame: pd.DataFrame, rows: np.ndarray, accept_guesses: bool = False
) -> tuple[pd.DataFrame, str, list[Problem]]:
    """Check every cell and row rule; return the typed frame, the table's level and the full list of problems."""
    problems: list[Problem] = []
    n = len(frame)
    if n == 0:
        return frame, "province", [Problem("file_empty")]
    out = pd.DataFrame(index=frame.index)
    codes, level, code_problems = _resolve_codes(frame, rows, accept_guesses)
    out["code"] = codes
    names = frame["name"].astype(str).str.strip() if "name" in frame else pd.Series([""] * n, index=frame.index)
    if level in ("province", "regency"):
        table = official_regions().set_index("code")["name"]
        names = names.where(names.ne(""), codes.map(table).fillna(""))
    for i in np.flatnonzero((names.eq("") & codes.eq("")).to_numpy()):
        problems.append(Problem("reader.no_region", row=int(rows[i]), column="name"))
    out["name"] = names.where(names.ne(""), codes)
    problems += code_problems

    for column in COUNT_COLUMNS + FLOAT_COLUMNS:
        if column not in frame.columns:
            continue
        parsed = np.full(n, np.nan)
        for i, raw in enumerate(frame[column].tolist()):
            try:
                number = parse_number(raw, count=column in COUNT_COLUMNS)
            except (ValueError, OverflowError):
                problems.append(Problem("not_a_number", {"value": str(raw)[:40]}, int(rows[i]), column))
                continue
            if number is None:
                if column in ("potential_workers", "as_of"):
                    problems.append(Problem("missing_value", row=int(rows[i]), column=column))
                continue
            if column in COUNT_COLUMNS and abs(number) > MAX_COUNT:
                params = {"value": str(raw)[:40], "high": Num(MAX_COUNT)}
                problems.append(Problem("reader.count_too_large", params, int(rows[i]), column))
                continue
            if column in FLOAT_COLUMNS and abs(number) > 1e6:
                problems.append(Problem("not_a_number", {"value": str(raw)[:40]}, int(rows[i]), column))
                continue
            parsed[i] = number
        out[column] = parsed
    for column in ("coverage_pct", "target_pct"):
        # A cell formatted as a percentage in Excel holds the fraction (0.3302 shows as 33.02%).
        if column in out and out[column].notna().any() and out[column].dropna().abs().le(1.0).all():
            out[column] = out[column] * 100
    if "potential_workers" not in out:
        out["potential_workers"] = np.nan
    if "active_participants" not in out:
        out["active_participants"] = np.nan
    derived = out["active_participants"].isna() & out.get("coverage_pct", pd.Series(np.nan, index=out.index)).notna()
    if derived.any():
        out.loc[derived, "active_participants"] = (
            out.loc[derived, "coverage_pct"] / 100 * out.loc[derived, "potential_workers"]
        ).round()
    out["participants_derived"] = derived
    for i in np.flatnonzero((out["active_participants"].isna() & ~derived).to_numpy()):
        if not any(p.row == int(rows[i]) and p.column == "active_participants" for p in problems):
            problems.append(Problem("reader.no_participants", row=int(rows[i]), column="active_participants"))

    dates: list[date | None] = []
    latest_plausible = (pd.Timestamp(date.today()) + pd.DateOffset(months=2)).date()
    for i, raw in enumerate(frame["as_of"].tolist() if "as_of" in frame else [""] * n):
        try:
            parsed_date = _parse_date(raw)
        except (ValueError, OverflowError):
            problems.append(Problem("bad_date", {"value": str(raw)[:40]}, int(rows[i]), "as_of"))
            dates.append(None)
            continue
        if parsed_date is None:
            problems.append(Problem("missing_value", row=int(rows[i]), column="as_of"))
        elif not EARLIEST_DATE <= parsed_date <= LATEST_DATE:
            params = {"value": parsed_date.isoformat(), "low": EARLIEST_DATE.year, "high": LATEST_DATE.year}
            problems.append(Problem("date_out_of_range", params, int(rows[i]), "as_of"))
            parsed_date = None
        elif parsed_date > latest_plausible:
            problems.append(Problem("reader.date_in_future", {"value": parsed_date.isoformat()}, int(rows[i]), "as_of"))
            parsed_date = None
        dates.append(parsed_date)
    out["as_of"] = pd.to_datetime(pd.Series(dates, index=frame.index, dtype=object))

    problems += _range_problems(out, rows)

    duplicated = out["code"].duplicated(keep=False) & out["code"].ne("")
    for code_value, group in out[duplicated].groupby("code"):
        where = ", ".join(str(int(rows[frame.index.get_loc(i)])) for i in group.index)
        problems.append(Problem("duplicate_code", {"value": code_value, "rows": where}, column="code"))

    for column in STATUS_COLUMNS:
        if column in frame.columns:
            values = frame[column].fillna("").astype(str).str.strip().str.lower()
            for i in np.flatnonzero((values.ne("") & ~values.isin(STATUSES)).to_numpy()):
                problems.append(Problem("bad_status", {"value": values.iloc[i][:40]}, int(rows[i]), column))
            out[column] = values
    for column in TEXT_COLUMNS:
        if column in frame.columns:
            out[column] = frame[column].fillna("").astype(str).str.strip()
    problems.sort(key=lambda p: (p.row is None, p.row or 0))
    return out, level, problems


def _range_problems(out: pd.DataFrame, rows: np.ndarray) -> list[Problem]:
    """Impossible values: non-positive potential, negatives, coverage above 100%, shares outside 0..1."""
    problems: list[Problem] = []

    def flag(mask: pd.Series, key: str, column: str, params_for) -> None:
        for i in np.flatnonzero(mask.fillna(False).to_numpy()):
            problems.append(Problem(key, params_for(i), int(rows[i]), column))

    def fmt(v: float) -> Num:
        """Written in the reader's format when the message is rendered (1.592.806 in Bahasa)."""
        return Num(v, 0 if abs(v) >= 1000 or float(v).is_integer() else 2)

    pot, par = out["potential_workers"], out["active_participants"]
    flag(pot <= 0, "not_positive", "potential_workers", lambda i: {"value": fmt(pot.iloc[i])})
    flag(par < 0, "negative", "active_participants", lambda i: {"value": fmt(par.iloc[i])})
    flag(
        (par > pot) & (pot > 0),
        "participants_above_potential",
        "active_participants",
        lambda i: {"participants": fmt(par.iloc[i]), "potential": fmt(pot.iloc[i])},
    )
    tgt = out["target_pct"] if "target_pct" in out else pd.Series(np.nan, index=out.index)
    flag(
        (tgt <= 0) | (tgt > 100),
        "pct_out_of_range",
        "target_pct",
        lambda i: {"low": "0", "high": "100", "value": fmt(tgt.iloc[i])},
    )
    if "coverage_pct" in out:
        cov = out["coverage_pct"]
        flag(
            (cov < 0) | (cov > 100),
            "pct_out_of_range",
            "coverage_pct",
            lambda i: {"low": "0", "high": "100", "value": fmt(cov.iloc[i])},
        )
        computed = 100 * par / pot
        mismatch = (cov - computed).abs() > COVERAGE_TOLERANCE_PP
        flag(
            mismatch & (cov >= 0) & (cov <= 100) & (par <= pot) & ~out["participants_derived"],
            "coverage_mismatch",
            "coverage_pct",
            lambda i: {"stated": Num(cov.iloc[i], 2), "computed": Num(computed.iloc[i], 2)},
        )
    if "informal_share" in out:
        share = out["informal_share"]
        flag((share < 0) | (share > 1), "share_out_of_range", "informal_share", lambda i: {"value": fmt(share.iloc[i])})
    if "labour_growth_pct" in out:
        growth = out["labour_growth_pct"]
        flag(
            (growth < -10) | (growth > 15),
            "value_out_of_range",
            "labour_growth_pct",
            lambda i: {"low": "-10", "high": "15", "value": fmt(growth.iloc[i])},
        )
    for column, low, high in (("lat", -90, 90), ("lon", -180, 180)):
        if column in out:
            v = out[column]
            flag(
                (v < low) | (v > high),
                "value_out_of_range",
                column,
                lambda i, v=v, low=low, high=high: {"low": low, "high": high, "value": fmt(v.iloc[i])},
            )
    for column in ("formal_participants", "informal_participants"):
        if column in out:
            v = out[column]
            flag(v < 0, "negative", column, lambda i, v=v: {"value": fmt(v.iloc[i])})
    if "formal_participants" in out and "informal_participants" in out:
        segments = out["formal_participants"] + out["informal_participants"]
        flag(
            segments > par * 1.001 + 1,
            "segments_above_total",
            "informal_participants",
            lambda i: {"segments": fmt(segments.iloc[i]), "participants": fmt(par.iloc[i])},
        )
    for segment in SEGMENTS:
        seg_par, seg_pot = out.get(f"{segment}_participants"), out.get(f"{segment}_potential")
        for column, v in ((f"{segment}_participants", seg_par), (f"{segment}_potential", seg_pot)):
            if v is not None:
                flag(v < 0, "negative", column, lambda i, v=v: {"value": fmt(v.iloc[i])})
        if seg_par is not None and seg_pot is not None:
            flag(
                seg_par > seg_pot,
                "participants_above_potential",
                f"{segment}_participants",
                lambda i, a=seg_par, b=seg_pot: {"participants": fmt(a.iloc[i]), "potential": fmt(b.iloc[i])},
            )
    return problems


def load_regions(
    source: str | Path | bytes | BinaryIO,
    *,
    filename: str | None = None,
    origin: str | None = None,
    accept_guesses: bool = False,
    loaded_at: str = "",
) -> RegionTable:
    """Read and validate a regions table; raise `InputError` listing every problem (row, column, why, fix).

    The same function serves the Data page upload and `--data` on the command line, so both accept the same
    files and say the same things. Fuzzy name matches are reported as problems ('reader.guess') until
    `accept_guesses` is set (the page's confirm button, the command line's --accept-guesses).
    """
    if isinstance(source, str | Path):
        name = filename or Path(source).name
        try:
            size = Path(source).stat().st_size
        except OSError:
            raise InputError([Problem("file_unreadable", {"detail": "not found"})]) from None
        if size > MAX_FILE_BYTES:
            raise InputError([Problem("reader.file_too_large", {"size": f"{size / 1024 / 1024:.1f}", "limit": 5})])
        raw_bytes = Path(source).read_bytes()
    elif isinstance(source, bytes | bytearray):
        name, raw_bytes = filename or "", bytes(source)
    else:
        name, raw_bytes = filename or "", source.read(MAX_FILE_BYTES + 1)
    raw = read_table(raw_bytes, name)
    frame = _raw_frame(raw)
    problems: list[Problem] = []
    if "name" not in frame and "code" not in frame and "code_bps" not in frame:
        problems.append(Problem("reader.missing_region_column", {"aliases": "kode, nama, provinsi, kabupaten/kota"}))
    for column in ("potential_workers", "as_of"):
        if column not in frame:
            problems.append(Problem("missing_column", {"column": column, "aliases": ", ".join(ALIASES[column])}))
    if "active_participants" not in frame and "coverage_pct" not in frame:
        aliases = ", ".join(ALIASES["active_participants"] + ALIASES["coverage_pct"][:1])
        problems.append(Problem("missing_column", {"column": "active_participants", "aliases": aliases}))
    if problems:
        if raw.unknown_columns:
            problems.append(Problem("reader.unknown_columns", {"columns": ", ".join(raw.unknown_columns[:12])}))
        raise InputError(problems)
    if len(frame) == 0:
        raise InputError([Problem("file_empty")])
    rows = np.asarray(raw.rows)
    typed, level, problems = _validate(frame, rows, accept_guesses)
    if problems:  # name each column as the file writes it ('Peserta Aktif'), so the user finds it
        labels = raw.column_labels
        raise InputError([replace(p, column=labels.get(p.column, p.column) if p.column else None) for p in problems])
    label = origin or filename or name or "upload"
    typed = _fill_defaults(typed, label)
    typed = typed.sort_values("code", kind="stable").reset_index(drop=True)
    notice_keys = list(raw.notices)
    if raw.unknown_columns:
        notice_keys.append(("reader.ignored_columns", {"columns": ", ".join(raw.unknown_columns[:12])}))
    if typed["participants_derived"].any():
        notice_keys.append(("reader.participants_derived", {"n": int(typed["participants_derived"].sum())}))
    if typed["target_status"].eq("estimate").all() and "target_pct" not in frame:
        notice_keys.append(("reader.target_default", {"value": Num(typed["target_pct"].iloc[0], 2)}))
    notices = tuple(render(k, "en", p) for k, p in notice_keys)
    return RegionTable(
        typed, origin=label, notices=notices, level=level, loaded_at=loaded_at, notice_keys=tuple(notice_keys)
    )


def _fill_defaults(frame: pd.DataFrame, origin: str) -> pd.DataFrame:
    """Optional columns get explicit values, so the model never meets a missing one.

    A user's official table is taken as reported; informal share and labour growth default to the national
    figures (marked as estimates) when the table has none.
    """
    national = load_national()
    frame = frame.copy()
    frame["coverage_pct"] = 100 * frame["active_participants"] / frame["potential_workers"]
    if "target_pct" not in frame:
        frame["target_pct"] = np.nan
    no_target = frame["target_pct"].isna()
    frame["target_pct"] = frame["target_pct"].fillna(national["target_kemendagri_2025_pct"])
    if "target_status" not in frame:
        frame["target_status"] = ""
    frame.loc[no_target, "target_status"] = "estimate"
    if frame["participants_derived"].any():
        if "coverage_status" not in frame:
            frame["coverage_status"] = ""
        frame.loc[frame["participants_derived"], "coverage_status"] = "reported"
        frame["participants_status"] = np.where(frame["participants_derived"], "derived", "reported")
    defaults_float = {
        "informal_share": national["informal_share"],
        "labour_growth_pct": national["labour_growth_pct"],
    }
    for column, default in defaults_float.items():
        status_column = "informal_status" if column == "informal_share" else "growth_status"
        if column not in frame:
            frame[column] = np.nan
        was_missing = frame[column].isna()
        frame[column] = frame[column].fillna(default)
        if status_column not in frame:
            frame[status_column] = ""
        frame.loc[was_missing, status_column] = "estimate"
        frame.loc[~was_missing & frame[status_column].eq(""), status_column] = "reported"
    for column in ("lat", "lon", "formal_participants", "informal_participants", "target_year", *SEGMENT_COLUMNS):
        if column not in frame:
            frame[column] = np.nan
    for column in STATUS_COLUMNS:
        if column not in frame:
            frame[column] = ""
        frame[column] = frame[column].replace("", "reported") if column != "status" else frame[column]
    frame["status"] = frame["status"].where(frame["status"].ne(""), frame["coverage_status"])
    for column in TEXT_COLUMNS:
        if column not in frame:
            frame[column] = ""
    frame["source"] = frame["source"].where(frame["source"].ne(""), origin)
    return frame


def rank_year_problems(table: RegionTable, rank_year: int) -> list[Problem]:
    """A table whose every figure is dated after the rank year cannot be ranked at that year."""
    first = table.frame["as_of"].min()
    if pd.notna(first) and first.year > rank_year:
        return [Problem("reader.dated_after_rank_year", {"first": first.year, "rank_year": rank_year})]
    return []


def load_baseline() -> RegionTable:
    """The shipped 38-province baseline (data/regions.csv)."""
    return load_regions(REGIONS_CSV, origin="baseline")


@lru_cache(maxsize=4)
def load_observations(path: Path = OBSERVATIONS_CSV) -> pd.DataFrame:
    """Dated historical coverage figures, used to calibrate each region's baseline trend (read once)."""
    frame = pd.read_csv(path, dtype={"code": str})
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def load_targets(path: Path = TARGETS_CSV) -> pd.DataFrame:
    """Sourced per-region targets by year."""
    return pd.read_csv(path, dtype={"code": str})


@lru_cache(maxsize=4)
def load_national(path: Path = NATIONAL_CSV) -> dict[str, float]:
    """National reference figures (coverage, targets, informal share), keyed by name."""
    frame = pd.read_csv(path)
    values = dict(zip(frame["key"], frame["value"].astype(float), strict=True))
    values.setdefault("labour_growth_pct", _national_labour_growth())
    return values


def _national_labour_growth() -> float:
    """Population-weighted BPS growth rate, used where a region has none (an estimate)."""
    from .paths import SOURCES_DIR

    pop = pd.read_csv(SOURCES_DIR / "population_2024.csv").dropna(subset=["growth_pct"])
    return float(np.average(pop["growth_pct"], weights=pop["population_thousand"]))
