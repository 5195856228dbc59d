"""ui/i18n.py: one catalogue for every user-facing string of the app, in both languages."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from ui.i18n import STRINGS, t

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [ROOT / "app.py", *sorted((ROOT / "app_pages").glob("*.py")), *sorted((ROOT / "ui").glob("*.py"))]
# Keys built at run time from a fixed set of values.
DYNAMIC = {
    "status.": ["reported", "derived", "estimate"],
    "target_basis.": ["own", "custom"],
    "national_line.": ["kemendagri", "rkp2026", "rpjmn", "rpjpn"],
    "national_line.short_": ["kemendagri", "rkp2026", "rpjmn", "rpjpn"],
    "overview.map_style_": ["shapes", "tiles"],
    "regulation.short": ["0", "1", "2", "3"],
}


def used_keys() -> set[str]:
    keys: set[str] = set()
    pattern = re.compile(r"""\bt\(\s*f?["']([a-z_]+\.[a-z_.{}0-9]+)["']""")
    for path in SOURCES:
        for key in pattern.findall(path.read_text(encoding="utf-8")):
            if "{" in key:
                prefix = key.split("{")[0]
                keys.update(prefix + value for value in DYNAMIC.get(prefix, []))
            else:
                keys.add(key)
    from ui.views import chart_labels  # the chart words are listed there

    keys.update(f"chart.{k}" for k in chart_labels("en") if k not in ("baseline", "scenario"))
    return keys


def test_every_key_used_in_the_code_exists():
    missing = sorted(used_keys() - set(STRINGS))
    assert missing == []


def test_dynamic_key_families_are_complete():
    for prefix, values in DYNAMIC.items():
        for value in values:
            assert prefix + value in STRINGS


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_every_key_has_both_languages_with_the_same_placeholders(key):
    bahasa, english = STRINGS[key]
    assert bahasa.strip() and english.strip()
    fields = [{f for _, f, _, _ in string.Formatter().parse(text) if f} for text in (bahasa, english)]
    assert fields[0] == fields[1]


def test_bahasa_is_the_default_and_english_differs():
    assert t("nav.overview", "id") == "Ringkasan"
    assert t("nav.overview", "en") == "Overview"
    assert t("table.rank_new", "id", year=2030) == "Peringkat 2030"


def test_most_texts_really_are_translated():
    same = [k for k, (a, b) in STRINGS.items() if a == b]
    assert len(same) < 0.1 * len(STRINGS), same


# English words that have a Bahasa term in the glossary (shared/design/ui.md) or in the catalogue itself.
ENGLISH_IN_BAHASA = re.compile(
    r"\b(seed|the|and|of|with|which|from|baseline|policy|draws?|estimated?|ranking|budget|workers?|coverage|region)\b"
)
# Bahasa texts that name a value a user types in a file (the status column's words).
FILE_VALUES = {"bad_status"}


def test_bahasa_texts_have_no_english_words():
    """'seed {seed}' stood in the Bahasa Analisis caption where the other pages say 'benih'. Placeholders
    ({baseline}, {draws}) are names, not text."""
    from model.catalogue import section

    texts = {key: ids for key, (ids, _) in STRINGS.items()}
    texts.update({key: v.get("id", "") for key, v in section("model").items() if key not in FILE_VALUES})
    found = {k: ENGLISH_IN_BAHASA.findall(re.sub(r"\{[^}]*\}", "", v)) for k, v in texts.items()}
    assert {k: v for k, v in found.items() if v} == {}
