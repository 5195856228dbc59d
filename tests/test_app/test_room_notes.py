"""Hand-written notes in the reader's language (issue 9): every note a Bahasa reader sees has Bahasa text, with the
same figures as the English it was translated from, and the pages show the one for the reader's language.

The notes of dated figures (data/observations.csv, Profil's history table) and of parameters
(data/assumptions.csv, the Asumsi page and the Excel export) each have a `note_id` column beside `note`.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from model.assumptions import load_assumption_specs
from model.data import load_observations
from model.notes import localized_note, observation_notes
from model.paths import ASSUMPTIONS_CSV, OBSERVATIONS_CSV
from tests.test_app.tables import shown_tables

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
# Indonesian text quoted from a source, the same in both versions (an apostrophe inside a word is no quote).
QUOTED = re.compile(r"(?<![A-Za-z])'[^']*'(?![A-Za-z])")
ENGLISH = re.compile(r"\b(the|and|of|with|is|are|for|from|by|as|at|in|to|not|used|about|given)\b", re.IGNORECASE)
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def figures(text: str, lang: str) -> Counter[str]:
    """The numbers of a note as values ('1,312,370' in English = '1.312.370' in Bahasa), quoted text left out."""
    found = Counter()
    for token in NUMBER.findall(QUOTED.sub(" ", text)):
        value = token.replace(",", "") if lang == "en" else token.replace(".", "").replace(",", ".")
        found[value] += 1
    return found


def hand_written_notes() -> list[tuple[str, str, str]]:
    """(where, English note, Bahasa note) for every non-empty note of the shipped tables."""
    rows = []
    for path in (OBSERVATIONS_CSV, ASSUMPTIONS_CSV):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        assert "note_id" in frame.columns, f"{path.name} has no Bahasa note column"
        for index, row in frame.iterrows():
            if row["note"].strip():
                rows.append((f"{path.name} row {index + 2}", row["note"], row["note_id"]))
    return rows


def test_every_note_has_bahasa_text_with_the_same_figures() -> None:
    notes = hand_written_notes()
    assert len(notes) >= 60 + 25  # 64 dated figures and 26 parameters carry a note
    missing = [where for where, _, bahasa in notes if not bahasa.strip()]
    assert missing == [], f"no Bahasa note: {missing}"
    differ = [
        (where, figures(en, "en") - figures(bahasa, "id"), figures(bahasa, "id") - figures(en, "en"))
        for where, en, bahasa in notes
        if figures(en, "en") != figures(bahasa, "id")
    ]
    assert differ == [], differ
    english = [(where, found) for where, _, bahasa in notes if (found := ENGLISH.findall(QUOTED.sub(" ", bahasa)))]
    assert english == [], english


def test_figure_check_sees_a_changed_number() -> None:
    """The check above can fail: a figure changed or written the English way in the Bahasa text is seen."""
    assert figures("potential 1,312,370 (45.17%)", "en") == figures("potensi 1.312.370 (45,17%)", "id")
    assert figures("potential 1,312,370", "en") != figures("potensi 1.312.371", "id")
    assert figures("coverage 45.17%", "en") != figures("cakupan 45.17%", "id")  # an English decimal in Bahasa
    assert ENGLISH.findall("Angka sebelumnya, used for the trend")  # an English clause left in a Bahasa note
    assert ENGLISH.findall(QUOTED.sub(" ", "'coverage of the region' disampaikan")) == []  # a quoted source is kept


def test_a_missing_bahasa_note_would_show_english() -> None:
    """Without Bahasa text the page would fall back to the English note, which the test above forbids."""
    assert localized_note("Earlier figure.", "Angka sebelumnya.", "id") == "Angka sebelumnya."
    assert localized_note("Earlier figure.", "Angka sebelumnya.", "en") == "Earlier figure."
    assert localized_note("Earlier figure.", "", "id") == "Earlier figure."
    assert localized_note(float("nan"), float("nan"), "id") == ""


def _start(page: str, lang: str, prov: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params.update({"lang": lang, **({"prov": prov} if prov else {})})
    at.run()
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("lang", ["id", "en"])
def test_profile_history_shows_the_notes_in_the_readers_language(lang: str) -> None:
    """Aceh's three dated figures: the history table's notes are the Bahasa ones in Bahasa, English in English."""
    observations = load_observations()
    aceh = observations[observations["code"] == "11"]
    expected = observation_notes(aceh, lang)
    assert len(expected) == 3 and all(expected)
    at = _start("profil", lang, prov="11")
    column = "Catatan" if lang == "id" else "Note"
    history = [frame for frame in shown_tables(at) if column in frame.columns]
    assert history, [list(frame.columns) for frame in shown_tables(at)]
    shown = list(history[-1][column])
    assert shown == expected
    english = list(aceh["note"])
    assert (shown == english) == (lang == "en")
    if lang == "id":  # the citation around the addresses is in Bahasa too ("citing" -> "mengutip", "Dec" -> "Des")
        sources = " ".join(history[-1]["Sumber"])
        assert "citing" not in sources and "Dec" not in sources and "mengutip" in sources


@pytest.mark.parametrize("lang", ["id", "en"])
def test_assumption_notes_in_the_readers_language(lang: str) -> None:
    at = _start("asumsi", lang)
    column = "Catatan" if lang == "id" else "Note"
    tables = [frame for frame in shown_tables(at) if column in frame.columns]
    if not tables:  # the editable table is a data editor: read its value from the element tree
        tables = [node.value for node in at.main if hasattr(node, "value") and isinstance(node.value, pd.DataFrame)]
        tables = [frame for frame in tables if column in frame.columns]
    assert tables, "no assumptions table"
    shown = list(tables[0][column])
    specs = load_assumption_specs()
    assert shown == [s.note_id if lang == "id" else s.note for s in specs]
    assert all(shown)
