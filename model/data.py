"""Reading and validating a regions table (the shipped baseline or an official table a user uploads).

One function, `load_regions`, accepts CSV or XLSX in the canonical columns (or their Bahasa names), and
either returns a validated, code-sorted `RegionTable` or raises `InputError` listing every problem with its
row and column. Sorting by code makes every later result independent of the file's row order.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd

from .messages import InputError, Problem
from .paths import NATIONAL_CSV, OBSERVATIONS_CSV, REGIONS_CSV, TARGETS_CSV

__all__ = [
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

REQUIRED_COLUMNS: tuple[str, ...] = (
    "code",
    "name",
    "potential_workers",
    "active_participants",
    "as_of",
    "target_pct",
)
OPTIONAL_COLUMNS: tuple[str, ...] = (
    "coverage_pct",
    "lat",
    "lon",
    "informal_share",
    "labour_growth_pct",
    "formal_participants",
    "informal_participants",
    "target_year",
    "status",
    "coverage_status",
    "potential_status",
    "target_status",
    "informal_status",
    "growth_status",
    "source",
    "note",
)
STATUSES = ("reported", "derived", "estimate")
MAX_REGIONS = 10_000
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2045, 12, 31)
COVERAGE_TOLERANCE_PP = 1.0

# Column names a user may write instead of the canonical ones (Bahasa Indonesia and common variants).
ALIASES: dict[str, tuple[str, ...]] = {
    "code": ("kode", "kode_wilayah", "kode_provinsi", "kode_kabkota", "region_code"),
    "name": ("nama", "nama_wilayah", "provinsi", "kabupaten_kota", "region", "region_name"),
    "potential_workers": ("potensi_pekerja", "potensi", "potential"),
    "active_participants": ("peserta_aktif", "peserta", "participants"),
    "as_of": ("tanggal", "per_tanggal", "date", "tanggal_data"),
    "target_pct": ("target", "target_persen", "target_ucj", "target_%"),
    "coverage_pct": ("cakupan", "cakupan_persen", "capaian", "capaian_ucj", "coverage"),
    "informal_share": ("pangsa_informal", "share_informal"),
    "labour_growth_pct": ("pertumbuhan_angkatan_kerja", "labor_growth_pct"),
    "formal_participants": ("peserta_formal", "peserta_pu"),
    "informal_participants": ("peserta_informal", "peserta_bpu"),
    "lat": ("latitude", "lintang"),
    "lon": ("longitude", "lng", "bujur"),
    "status": ("status_data",),
    "source": ("sumber",),
    "note": ("catatan", "keterangan"),
}

COUNT_COLUMNS = ("potential_workers", "active_participants", "formal_participants", "informal_participants")
FLOAT_COLUMNS = ("target_pct", "coverage_pct", "lat", "lon", "informal_share", "labour_growth_pct", "target_year")
STATUS_COLUMNS = ("status", "coverage_status", "potential_status", "target_status", "informal_status", "growth_status")
TEXT_COLUMNS = ("source", "note")


@dataclass(frozen=True)
class RegionTable:
    """A validated regions table, sorted by code, plus what the loader noticed but did not reject."""

    frame: pd.DataFrame
    origin: str = "baseline"
    notices: tuple[str, ...] = field(default_factory=tuple)

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


def _normalise_header(name: object) -> str:
    text = str(name).strip().lower()
    text = re.sub(r"[\s\-/]+", "_", text)
    return text.replace("(%)", "%").strip("_")


def _rename_columns(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Map aliases to canonical names; return the unknown columns so the caller can mention them."""
    lookup: dict[str, str] = {}
    for canonical in REQUIRED_COLUMNS + OPTIONAL_COLUMNS:
        lookup[canonical] = canonical
        for alias in ALIASES.get(canonical, ()):
            lookup[alias] = canonical
    renamed: dict[object, str] = {}
    unknown: list[str] = []
    for column in frame.columns:
        key = _normalise_header(column)
        if key in lookup and lookup[key] not in renamed.values():
            renamed[column] = lookup[key]
        else:
            unknown.append(str(column))
    frame = frame.rename(columns=renamed)
    return frame[[c for c in frame.columns if c in renamed.values()]], unknown


def _read_any(source: str | Path | bytes | BinaryIO, filename: str | None) -> pd.DataFrame:
    """Read CSV (comma or semicolon separated) or XLSX into strings, leaving parsing to validation."""
    name = (filename or (str(source) if isinstance(source, str | Path) else "")).lower()
    if isinstance(source, str | Path):
        raw = Path(source).read_bytes()
    elif isinstance(source, bytes):
        raw = source
    else:
        raw = source.read()
    if not raw.strip():
        raise InputError([Problem("file_empty")])
    is_excel = name.endswith((".xlsx", ".xlsm")) or raw[:4] == b"PK\x03\x04"
    try:
        if is_excel:
            return pd.read_excel(io.BytesIO(raw), dtype=str, engine="openpyxl")
        text = raw.decode("utf-8-sig")
        first_line = text.splitlines()[0] if text else ""
        sep = ";" if first_line.count(";") > first_line.count(",") else ","
        return pd.read_csv(io.StringIO(text), dtype=str, sep=sep, skipinitialspace=True, keep_default_na=False)
    except UnicodeDecodeError:
        raise InputError([Problem("file_unreadable", {"detail": "not UTF-8 text"})]) from None
    except Exception as exc:  # pandas/openpyxl raise many types for a malformed file
        detail = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
        raise InputError([Problem("file_unreadable", {"detail": detail})]) from None


_THOUSANDS = re.compile(r"^-?\d{1,3}([.,\s]\d{3})+$")


def parse_number(text: object, *, count: bool = False) -> float | None:
    """Parse numbers as Indonesians and English speakers write them: 1.312.370, 1,312,370, 45,17, 45.17%.

    In a count column a lone separator before three digits is a thousands separator (1.312 = 1312); in other
    columns it is a decimal mark (0.617, 45,17). Returns None for an empty cell; raises ValueError otherwise.
    """
    if text is None:
        return None
    if isinstance(text, int | float | np.integer | np.floating):
        return None if pd.isna(text) else float(text)
    value = str(text).strip().replace("\u00a0", " ").rstrip("%").strip()
    if value in ("", "-", "nan", "NaN", "None"):
        return None
    separators = len(re.findall(r"[.,\s]", value))
    if _THOUSANDS.match(value) and (count or separators > 1):
        return float(re.sub(r"[.,\s]", "", value))
    if value.count(",") == 1 and "." not in value:
        value = value.replace(",", ".")
    return float(value)


def _parse_date(text: object) -> date | None:
    value = str(text).strip()
    if not value or value.lower() in ("nan", "none", "nat"):
        return None
    match = re.match(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", value)
    if not match:
        raise ValueError(value)
    year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3) or 1)
    return date(year, month, day)


def _validate(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """Check every cell and row rule; return the typed frame and the full list of problems."""
    problems: list[Problem] = []
    n = len(frame)
    if n == 0:
        return frame, [Problem("file_empty")]
    if n > MAX_REGIONS:
        return frame, [Problem("too_many_rows", {"value": n, "high": MAX_REGIONS})]
    rows = np.arange(n) + 2  # spreadsheet row numbers: the header is row 1
    out = pd.DataFrame(index=frame.index)

    for column in ("code", "name"):
        values = frame[column].fillna("").astype(str).str.strip()
        values = values.str.replace(r"\.0$", "", regex=True) if column == "code" else values
        for i in np.flatnonzero(values.eq("").to_numpy()):
            problems.append(Problem("missing_value", row=int(rows[i]), column=column))
        out[column] = values

    for column in COUNT_COLUMNS + FLOAT_COLUMNS:
        if column not in frame.columns:
            continue
        parsed = np.full(n, np.nan)
        for i, raw in enumerate(frame[column].tolist()):
            try:
                number = parse_number(raw, count=column in COUNT_COLUMNS)
            except ValueError:
                problems.append(Problem("not_a_number", {"value": str(raw)[:40]}, int(rows[i]), column))
                continue
            if number is None:
                if column in REQUIRED_COLUMNS:
                    problems.append(Problem("missing_value", row=int(rows[i]), column=column))
                continue
            parsed[i] = number
        out[column] = parsed

    dates: list[date | None] = []
    for i, raw in enumerate(frame["as_of"].tolist()):
        try:
            parsed_date = _parse_date(raw)
        except ValueError:
            problems.append(Problem("bad_date", {"value": str(raw)[:40]}, int(rows[i]), "as_of"))
            dates.append(None)
            continue
        if parsed_date is None:
            problems.append(Problem("missing_value", row=int(rows[i]), column="as_of"))
        elif not EARLIEST_DATE <= parsed_date <= LATEST_DATE:
            params = {"value": parsed_date.isoformat(), "low": EARLIEST_DATE.year, "high": LATEST_DATE.year}
            problems.append(Problem("date_out_of_range", params, int(rows[i]), "as_of"))
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
                problems.append(Problem("bad_status", {"value": values.iloc[i]}, int(rows[i]), column))
            out[column] = values
    for column in TEXT_COLUMNS:
        if column in frame.columns:
            out[column] = frame[column].fillna("").astype(str).str.strip()
    return out, problems


def _range_problems(out: pd.DataFrame, rows: np.ndarray) -> list[Problem]:
    """Impossible values: non-positive potential, negatives, coverage above 100%, shares outside 0..1."""
    problems: list[Problem] = []

    def flag(mask: pd.Series, key: str, column: str, params_for) -> None:
        for i in np.flatnonzero(mask.fillna(False).to_numpy()):
            problems.append(Problem(key, params_for(i), int(rows[i]), column))

    def fmt(v: float) -> str:
        return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:g}"

    pot, par = out["potential_workers"], out["active_participants"]
    flag(pot <= 0, "not_positive", "potential_workers", lambda i: {"value": fmt(pot.iloc[i])})
    flag(par < 0, "negative", "active_participants", lambda i: {"value": fmt(par.iloc[i])})
    flag(
        (par > pot) & (pot > 0),
        "participants_above_potential",
        "active_participants",
        lambda i: {"participants": fmt(par.iloc[i]), "potential": fmt(pot.iloc[i])},
    )
    tgt = out["target_pct"]
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
            mismatch & (cov >= 0) & (cov <= 100) & (par <= pot),
            "coverage_mismatch",
            "coverage_pct",
            lambda i: {"stated": f"{cov.iloc[i]:.2f}", "computed": f"{computed.iloc[i]:.2f}"},
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
    return problems


def load_regions(
    source: str | Path | bytes | BinaryIO,
    *,
    filename: str | None = None,
    origin: str | None = None,
) -> RegionTable:
    """Read and validate a regions table; raise `InputError` listing every problem (row, column, why)."""
    raw = _read_any(source, filename)
    raw = raw.dropna(how="all")
    if len(raw.columns) and all(raw[c].astype(str).str.strip().eq("").all() for c in raw.columns):
        raw = raw.iloc[0:0]
    frame, unknown = _rename_columns(raw)
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        problems = [
            Problem("missing_column", {"column": c, "aliases": ", ".join(ALIASES.get(c, ())[:3]) or "-"})
            for c in missing
        ]
        raise InputError(problems)
    frame = frame.reset_index(drop=True)
    typed, problems = _validate(frame)
    if problems:
        raise InputError(problems)
    typed = _fill_defaults(typed, origin or filename or "upload")
    typed = typed.sort_values("code", kind="stable").reset_index(drop=True)
    notices = (f"ignored columns: {', '.join(unknown)}",) if unknown else ()
    return RegionTable(typed, origin=origin or filename or "upload", notices=notices)


def _fill_defaults(frame: pd.DataFrame, origin: str) -> pd.DataFrame:
    """Optional columns get explicit values, so the model never meets a missing one.

    A user's official table is taken as reported; informal share and labour growth default to the national
    figures (marked as estimates) when the table has none.
    """
    national = load_national()
    frame = frame.copy()
    frame["coverage_pct"] = 100 * frame["active_participants"] / frame["potential_workers"]
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
    for column in ("lat", "lon", "formal_participants", "informal_participants", "target_year"):
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
