"""Official region codes (Kemendagri) and matching the names people write in official sheets to them.

Codes are text: "11" is Aceh, "11.01" Kabupaten Aceh Selatan (data/codes/regions.csv, Kepmendagri 2025).
A four-digit "1101" is read as Kemendagri 11.01 unless the name beside it says it is BPS's 1101 (Simeulue, which
Kemendagri numbers 11.09); a column named "Kode BPS" is always translated through data/codes/bps_bridge.csv.

Names are matched in three steps: exact (after normalising "Kab." -> "Kabupaten", "Kep." -> "Kepulauan",
punctuation and case), then the alias table (data/codes/aliases.csv: "DKI", "Kep. Riau", "NTT", former names),
then fuzzy (rapidfuzz) with a margin rule: a guess is offered only when its score is at least FUZZY_MIN and
beats the runner-up by FUZZY_MARGIN; it is never used until a person confirms it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
from rapidfuzz import fuzz, process

from .paths import DATA_DIR

__all__ = [
    "CODES_DIR",
    "Match",
    "official_regions",
    "bps_bridge",
    "canonical_code",
    "is_official_format",
    "match_name",
    "name_key",
    "province_of",
]

CODES_DIR = DATA_DIR / "codes"
FUZZY_MIN = 85.0
FUZZY_MARGIN = 5.0


@lru_cache(maxsize=1)
def official_regions() -> pd.DataFrame:
    """38 provinces and 514 regencies/cities: code, name, level, kind, province_code, short_name (all text)."""
    return pd.read_csv(CODES_DIR / "regions.csv", dtype=str, keep_default_na=False)


@lru_cache(maxsize=1)
def bps_bridge() -> dict[str, str]:
    """BPS four-digit regency code -> Kemendagri code in force today."""
    frame = pd.read_csv(CODES_DIR / "bps_bridge.csv", dtype=str, keep_default_na=False)
    return dict(zip(frame["bps_code"], frame["kemendagri_code"], strict=True))


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    frame = pd.read_csv(CODES_DIR / "aliases.csv", dtype=str, keep_default_na=False)
    return {name_key(a): c for a, c in zip(frame["alias"], frame["code"], strict=True)}


_CODE = re.compile(r"^(\d{2})(?:[.\s-]?(\d{1,2}))?$")


def canonical_code(text: object) -> str:
    """'1101', '11.01', '11 01' -> '11.01'; '11' -> '11'; '11.1' (Excel dropped the zero of 11.10) -> '11.10'.
    Anything else is returned stripped, unchanged (a custom code such as 'S0001')."""
    value = str(text or "").strip()
    value = value[:-2] if re.fullmatch(r"\d+\.0", value) else value  # an Excel number 11.0 / 1101.0
    match = _CODE.match(value)
    if not match:
        return value
    province, regency = match.groups()
    if regency is None:
        return province
    if len(regency) == 1:
        regency = regency + "0" if "." in value else "0" + regency
    return f"{province}.{regency}"


def is_official_format(code: str) -> bool:
    """Two digits or NN.NN: a code that must exist in the Kemendagri list."""
    return bool(re.fullmatch(r"\d{2}(\.\d{2})?", code))


def province_of(code: str) -> str:
    return code[:2]


def name_key(name: object) -> str:
    """Lower case, 'Kab.' -> 'kabupaten', 'Kep.' -> 'kepulauan', 'D.I.' -> 'daerah istimewa', 'Prov.' dropped,
    punctuation and double spaces removed."""
    text = str(name or "").lower().replace("\u00a0", " ").strip()
    text = re.sub(r"^(provinsi|prov\.?)\s+", "", text)
    text = re.sub(r"\bkab(?:\.|\b)\s*", "kabupaten ", text)
    text = re.sub(r"\bkep(?:\.|\b)\s*", "kepulauan ", text)
    text = re.sub(r"\bd\.?\s*i\.?\s+(?=yogya)", "daerah istimewa ", text)
    text = re.sub(r"\badm\.?\s+|\badministrasi\s+", "", text)
    text = re.sub(r"[^0-9a-z]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _without_kind(key: str) -> tuple[str, str | None]:
    for kind in ("kabupaten", "kota"):
        if key.startswith(kind + " "):
            return key[len(kind) + 1 :], kind
    return key, None


@dataclass(frozen=True)
class Match:
    """How a written name was read: `how` is code, exact, alias, fuzzy (a guess to confirm) or none."""

    written: str
    code: str | None
    how: str
    score: float = 100.0
    suggestions: tuple[str, ...] = ()

    @property
    def official_name(self) -> str:
        return official_name(self.code) if self.code else ""


def official_name(code: str) -> str:
    table = official_regions()
    hit = table.loc[table["code"] == code, "name"]
    return str(hit.iloc[0]) if len(hit) else code


@lru_cache(maxsize=4)
def _candidates(level: str | None) -> tuple[dict[str, list[str]], list[str], list[str]]:
    """name key -> codes (full names, short names, names without kind), and the lists fuzzy matching runs on."""
    table = official_regions()
    if level:
        table = table[table["level"] == level]
    index: dict[str, list[str]] = {}
    for code, name, short in zip(table["code"], table["name"], table["short_name"], strict=True):
        for key in {name_key(name), name_key(short), name_key(name).replace(" ", ""), name_key(short).replace(" ", "")}:
            index.setdefault(key, [])
            if code not in index[key]:
                index[key].append(code)
    return index, [name_key(n) for n in table["name"]], table["code"].tolist()


def match_name(written: object, *, level: str | None = None, province: str | None = None) -> Match:
    """Match one written name to an official code (see the module docstring for the three steps).

    `level` ('province' or 'regency') and `province` (a province code, for a regency) narrow the search;
    an ambiguous short name ("Bogor": kabupaten or kota) is a guess with both as suggestions.
    """
    text = str(written or "").strip()
    key = name_key(text)
    if not key:
        return Match(text, None, "none", 0.0)
    index, keys, codes = _candidates(level)

    def within(found: list[str]) -> list[str]:
        return [c for c in found if not province or c == province or c.startswith(province + ".")]

    exact = within(index.get(key, []) or index.get(key.replace(" ", ""), []))
    if len(exact) == 1:
        return Match(text, exact[0], "exact")
    alias = _aliases().get(key)
    if alias and (not level or (level == "province") == ("." not in alias)) and within([alias]):
        return Match(text, alias, "alias")
    if len(exact) > 1:
        return Match(text, exact[0], "fuzzy", 50.0, tuple(exact))
    # Fuzzy: within the province when known; token order and a missing "Kabupaten" should not matter much.
    pool = [(k, c) for k, c in zip(keys, codes, strict=True) if within([c])]
    if not pool:
        return Match(text, None, "none", 0.0)
    bare, kind = _without_kind(key)
    choices = [_without_kind(k)[0] if kind is None else k for k, _ in pool]
    query = bare if kind is None else key
    scored = process.extract(query, choices, scorer=fuzz.WRatio, limit=3)
    if not scored:
        return Match(text, None, "none", 0.0)
    best_score = scored[0][1]
    runner_up = scored[1][1] if len(scored) > 1 else 0.0
    suggestions = tuple(pool[i][1] for _, _, i in scored)
    if best_score >= FUZZY_MIN and best_score - runner_up >= FUZZY_MARGIN:
        return Match(text, pool[scored[0][2]][1], "fuzzy", float(best_score), suggestions)
    return Match(text, None, "none", float(best_score), suggestions)
