"""Source notes and citations in the reader's language: every clause of the shipped table is known, the
Bahasa text carries the same figures (written the Bahasa way) and English stays as the builder wrote it."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from model.notes import note_text, source_text, unknown_clauses
from model.paths import DATA_DIR

REGIONS = pd.read_csv(DATA_DIR / "regions.csv", dtype={"code": str})
ENGLISH_WORDS = re.compile(r"\b(ESTIMATED|DERIVED|potential|participants|growth|share|found|target for|citing)\b")


def _digits(text: str) -> list[str]:
    """The figures of a text with their separators removed (45,17 and 45.17 both read 4517)."""
    return [re.sub(r"[.,]", "", m) for m in re.findall(r"\d[\d.,]*\d|\d", text)]


def test_every_clause_of_the_shipped_notes_has_its_bahasa_text() -> None:
    assert unknown_clauses(list(REGIONS["note"])) == []


@pytest.mark.parametrize("note", list(REGIONS["note"]))
def test_bahasa_note_keeps_every_figure_and_no_english_clause(note: str) -> None:
    bahasa = note_text(note, "id")
    assert not ENGLISH_WORDS.search(bahasa), bahasa
    assert _digits(bahasa) == _digits(note)
    assert not re.search(r"\d\.\d{1,2}\b(?!\.)", bahasa), bahasa  # no dot-decimals such as 49.35 in Bahasa
    assert note_text(note, "en") == note


def test_figures_are_written_the_bahasa_way() -> None:
    note = "potential DERIVED = participants 2,619,634 / 49.35%; participants DERIVED = 58.0% x potential"
    expected = "potensi DITURUNKAN = peserta 2.619.634 / 49,35%; peserta DITURUNKAN = 58,0% x potensi"
    assert note_text(note, "id") == expected


def test_an_unknown_clause_is_shown_as_written() -> None:
    assert note_text("a new rule nobody translated", "id") == "a new rule nobody translated"
    assert unknown_clauses(["a new rule nobody translated; participants DERIVED = 1.0% x potential"]) == [
        "a new rule nobody translated"
    ]


def test_citations_keep_addresses_and_translate_the_words_around_them() -> None:
    source = "topikseru.com/daerah/8468 (citing Antara; 18 Oct 2025); BPS 2024 population"
    assert source_text(source, "id") == "topikseru.com/daerah/8468 (mengutip Antara; 18 Okt 2025); penduduk BPS 2024"
    assert source_text("https://x.id/2025/10/Oct-news", "id") == "https://x.id/2025/10/Oct-news"
    for s in REGIONS["source"]:
        assert not ENGLISH_WORDS.search(source_text(s, "id")) or "http" in s


def test_observation_sources_in_bahasa_keep_no_english_words() -> None:
    """Profil's data history shows data/observations.csv's sources: "seed article (early 2025)" was English in
    the Bahasa UI."""
    from model.data import load_observations

    assert source_text("seed article (early 2025)", "id") == "artikel rujukan awal proyek (awal 2025)"
    assert source_text("seed article (early 2025)", "en") == "seed article (early 2025)"
    for s in load_observations()["source"].dropna():
        text = source_text(s, "id")
        assert not re.search(r"\b(seed|article|early|citing|stated)\b", text) or "http" in s, text
