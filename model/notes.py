"""The data's source notes and citations in the reader's language.

Free-text notes written by hand (one per dated figure in data/observations.csv, one per parameter in
data/assumptions.csv) have a Bahasa column beside the English one (`note_id`), translated from it with every
figure, name, date and quoted source text kept; `localized_note` picks the reader's.

The shipped table's `note` column is written in English by the baseline builder (model/baseline_builder.py),
one clause per rule it applied ("potential DERIVED = participants 2,619,634 / 49.35%"), joined by "; ", and
its `source` column cites pages with English words around them ("(citing Antara)", "18 Oct 2025"). A Bahasa
reader gets each clause from the catalogue (locales/<lang>.yaml, section `model`, keys `note.*`) with the
same figures written the Bahasa way: only the clauses' wording is translated, every figure, name and date
comes from the note itself, so nothing is invented. A clause no pattern knows stays as written (a test
checks that every clause of the shipped table is known, so a new builder rule needs its catalogue text).
"""

from __future__ import annotations

import re
from functools import cache

from .messages import MESSAGES
from .numbers import number

__all__ = ["localized_note", "note_text", "observation_notes", "source_text", "unknown_clauses"]

_NUM = r"[0-9][0-9,]*(?:\.[0-9]+)?"
_MONTH = r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
MONTHS_ID = {
    "Jan": "Jan", "Feb": "Feb", "Mar": "Mar", "Apr": "Apr", "May": "Mei", "Jun": "Jun",
    "Jul": "Jul", "Aug": "Agu", "Sep": "Sep", "Oct": "Okt", "Nov": "Nov", "Dec": "Des",
}  # fmt: skip

# Each clause's pattern is its English catalogue text with the placeholders as groups: the builder writes the
# English text, so the catalogue's English entry IS the clause and cannot drift from its pattern. Placeholders
# ending in `_n` are numbers (rewritten in the reader's format with their decimals), `_m` month abbreviations;
# the rest are copied as written.
CLAUSE_KEYS = (
    "note.potential_derived",
    "note.potential_estimated",
    "note.potential_from",
    "note.participants_derived",
    "note.target_own",
    "note.target_national",
    "note.informal_national",
    "note.growth_bps",
    "note.growth_weighted",
    "note.no_coverage_found",
    "note.kemnaker_by_employer",
    "note.kemnaker_seven",
    "note.new_province",
    "note.papua_split",
)
_GROUPS = {
    "date": r"\d{4}-\d{2}-\d{2}",
    "kind": "kemendagri|bpjs|regional|provincial roadmap|provincial",
    "rule": "BPS/Dukcapil",
    "terms": r"[^()]+",
    "minus": r"[^()]+?",
}


def _group(name: str) -> str:
    if name.endswith("_n"):
        body = _NUM
    elif name.endswith("_m"):
        body = _MONTH
    elif name in _GROUPS:
        body = _GROUPS[name]
    else:  # years
        body = r"\d{4}"
    return f"(?P<{name}>{body})"


def _pattern(english: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", english)
    return re.compile("^" + "".join(_group(part) if i % 2 else re.escape(part) for i, part in enumerate(parts)) + "$")


CLAUSES: tuple[tuple[str, re.Pattern[str]], ...] = tuple((key, _pattern(MESSAGES[key]["en"])) for key in CLAUSE_KEYS)

TARGET_KINDS_ID = {
    "kemendagri": "Kemendagri",
    "bpjs": "BPJS Ketenagakerjaan",
    "regional": "daerah",
    "provincial roadmap": "peta jalan provinsi",
    "provincial": "provinsi",
}

# Words around the citations in `source` (page addresses and names are kept as they are).
SOURCE_WORDS_ID = (
    (re.compile(r"\bciting\b"), "mengutip"),
    (re.compile(r"\bnational coverage\b"), "cakupan nasional"),
    (re.compile(r"\bBPS (\d{4}) population\b"), r"penduduk BPS \1"),
    (re.compile(r"\bstated\b"), "disampaikan"),
    (re.compile(r"\bseed article\b"), "artikel rujukan awal proyek"),
    (re.compile(r"\bearly (\d{4})\b"), r"awal \1"),
)
_SOURCE_MONTH = re.compile(rf"(?<![A-Za-z/])({_MONTH})(?= \d{{4}}\b)")


def _number(text: str, lang: str) -> str:
    """A figure as the builder wrote it (English, '2,619,634' or '49.35'), in the reader's format with the
    same decimals."""
    plain = text.replace(",", "")
    decimals = len(plain.split(".")[1]) if "." in plain else 0
    return number(float(plain), lang, decimals)


def _clause(clause: str, lang: str) -> str | None:
    for key, pattern in CLAUSES:
        found = pattern.match(clause)
        if found is None:
            continue
        params = {}
        for name, value in found.groupdict().items():
            if name.endswith("_n"):
                params[name] = _number(value, lang)
            elif name.endswith("_m"):
                params[name] = MONTHS_ID[value] if lang == "id" else value
            elif name == "kind" and lang == "id":
                params[name] = TARGET_KINDS_ID[value]
            else:
                params[name] = value
        texts = MESSAGES[key]
        return texts.get(lang, texts["en"]).format(**params)
    return None


@cache
def note_text(note: str, lang: str) -> str:
    """A source note in `lang`: each clause from the catalogue (English keeps the builder's own words)."""
    if lang == "en" or not isinstance(note, str) or not note:
        return note if isinstance(note, str) else ""
    clauses = note.split("; ")
    return "; ".join(_clause(c, lang) or c for c in clauses)


@cache
def source_text(source: str, lang: str) -> str:
    """A citation in `lang`: month abbreviations and the few English words around the addresses."""
    if lang == "en" or not isinstance(source, str):
        return source if isinstance(source, str) else ""
    text = _SOURCE_MONTH.sub(lambda m: MONTHS_ID[m.group(1)], source)
    for pattern, words in SOURCE_WORDS_ID:
        text = pattern.sub(words, text)
    return text


def unknown_clauses(notes: list[str]) -> list[str]:
    """Clauses no pattern knows (shown as written, in English): the shipped table must have none."""
    return sorted({c for note in notes if isinstance(note, str) for c in note.split("; ") if _clause(c, "en") is None})


def localized_note(note_en: object, note_id: object, lang: str) -> str:
    """A hand-written note in `lang`: the Bahasa column for a Bahasa reader, the English one otherwise. A note
    with no Bahasa text falls back to the English (never a blank cell); the shipped tables have none."""
    english = note_en if isinstance(note_en, str) else ""
    bahasa = note_id if isinstance(note_id, str) else ""
    return bahasa if lang == "id" and bahasa.strip() else english


def observation_notes(observations, lang: str) -> list[str]:
    """The notes of rows of data/observations.csv (a DataFrame) in `lang`."""
    bahasa = observations["note_id"] if "note_id" in observations else [""] * len(observations)
    return [localized_note(en, id_, lang) for en, id_ in zip(observations["note"], bahasa, strict=True)]
