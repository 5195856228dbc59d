"""model/numbers.py, the one number formatter: numbers as each reader writes them (design/ui.md), and read back."""

from __future__ import annotations

import pytest
from babel.numbers import format_decimal

from model import numbers as fmt


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("id", ["45,17%", "1.312.370 pekerja", "Rp2,0 miliar", "Rp201.600"]),
        ("en", ["45.17%", "1,312,370 workers", "IDR 2.0 billion", "IDR 201,600"]),
    ],
)
def test_numbers_follow_ui_md(lang, expected):
    got = [fmt.pct(45.17, lang), fmt.workers(1_312_370, lang), fmt.rupiah_bn(2.0, lang), fmt.rupiah(201_600, lang)]
    assert got == expected


def test_missing_values_and_signs():
    assert fmt.pct(float("nan"), "id") == "–"
    assert fmt.year(None) == "–"
    assert fmt.year(2031.0) == "2031"
    assert fmt.signed(-2.5, "id", 1) == "−2,5"
    assert fmt.signed(3, "en", 0, " pp") == "+3 pp"


def test_symbols_come_from_the_locale():
    assert fmt.symbols("id") == (",", ".")
    assert fmt.symbols("en") == (".", ",")


@pytest.mark.parametrize("value", [0, 7, 999, 1000, 1_312_370, 12_345_678.9, -4_321.5])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_number_writes_what_babel_writes(value, lang):
    locale = {"id": "id_ID", "en": "en_US"}[lang]
    expected = format_decimal(value, format="#,##0.0", locale=locale)
    assert fmt.number(value, lang, 1) == expected


def test_rounding_and_no_negative_zero():
    assert fmt.number(2.5, "en") == "2"  # Python rounds half to even, as the tables always did
    assert fmt.number(1234.567, "id", 2) == "1.234,57"
    assert fmt.number(-0.04, "en", 1) == "0.0"
    assert fmt.signed(0.04, "en", 1) == "±0.0"
    assert fmt.signed(0.06, "en", 1) == "+0.1"


@pytest.mark.parametrize("value", [1234.5, 0.3, 1_312_370.0, 45.17, -2.5])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_what_is_written_reads_back_as_the_same_number(value, lang):
    assert fmt.parse_decimal(fmt.number(value, lang, 2), lang) == pytest.approx(value)


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize(
    "value", [2.65, 0.1, 16800.0, 1.234, 12.345, 1234.5, -1234.5, 1234.0, 123456.789, -2.0, 5.43, 1e-7, 3e12, 0.0]
)
def test_plain_reads_back_as_the_same_number(value: float, lang: str) -> None:
    text = fmt.plain(value, lang)
    assert "e" not in text.lower() and " " not in text
    assert fmt.parse_decimal(text, lang) == value


def test_plain_uses_the_readers_decimal_mark_and_grouping() -> None:
    assert fmt.plain(2.65, "id") == "2,65" and fmt.plain(2.65, "en") == "2.65"
    assert fmt.plain(0.1, "id") == "0,1"
    # The premium: "16800" stood beside "Rp201.600" in the Bahasa UI.
    assert fmt.plain(16800.0, "id") == "16.800" and fmt.plain(16800.0, "en") == "16,800"
    assert fmt.plain(-1234.5, "id") == "-1.234,5" and fmt.plain(-0.0, "id") == "0"
    assert fmt.plain(None, "id") == "–"
