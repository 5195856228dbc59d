"""Numbers as each reader expects them (the ONE formatter: the app (ui/fmt.py re-exports it), the exports, the PDF
brief and the model's messages all use it): 45,17% and 1.312.370 in Bahasa Indonesia; 45.17%, 1,312,370 in English.

The decimal and grouping symbols come from Babel's CLDR data for the `id` and `en` locales (not typed into
the code); the digits are Python's own formatting, because Babel's `format_decimal` costs ~100 µs a number and
a 514-region table formats thousands of them per rerun (a test checks both give the same text). Every number
the app shows, and every number a user types (`parse_decimal`), follows one rule. Pure functions (no
Streamlit), so tables, charts, widgets and tests share it.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

import numpy as np
from babel.numbers import get_decimal_symbol, get_group_symbol

__all__ = [
    "number",
    "pct",
    "rupiah",
    "rupiah_bn",
    "year",
    "signed",
    "workers",
    "parse_decimal",
    "plain",
    "symbols",
]

_LOCALES = {"id": "id_ID", "en": "en_US"}


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


@lru_cache(maxsize=4)
def symbols(lang: str) -> tuple[str, str]:
    """(decimal mark, grouping mark) of the language, from CLDR: (',', '.') for id, ('.', ',') for en."""
    locale = _LOCALES.get(lang, "id_ID")
    return get_decimal_symbol(locale), get_group_symbol(locale)


@lru_cache(maxsize=4)
def _translation(lang: str) -> dict[int, str]:
    decimal, group = symbols(lang)
    return str.maketrans({".": decimal, ",": group})


def number(value: float | None, lang: str, decimals: int = 0) -> str:
    """Grouped number: 1.312.370 (id) / 1,312,370 (en)."""
    if _missing(value):
        return "–"
    rounded = round(float(value), decimals) + 0.0  # + 0.0 turns -0.0 into 0.0: never "-0"
    return f"{rounded:,.{decimals}f}".translate(_translation(lang))


def pct(value: float | None, lang: str, decimals: int = 2) -> str:
    """Percentage: 45,17% (id) / 45.17% (en)."""
    if _missing(value):
        return "–"
    return number(value, lang, decimals) + "%"


def signed(value: float | None, lang: str, decimals: int = 1, unit: str = "") -> str:
    """A change with its sign: +1,5 / −2 (a true minus sign)."""
    if _missing(value):
        return "–"
    rounded = round(float(value), decimals)
    text = number(abs(rounded), lang, decimals)
    sign = "+" if rounded > 0 else ("−" if rounded < 0 else "±")
    return f"{sign}{text}{unit}"


def rupiah(value: float | None, lang: str) -> str:
    """Whole rupiah: Rp201.600 (id) / IDR 201,600 (en)."""
    if _missing(value):
        return "–"
    return f"Rp{number(value, 'id')}" if lang == "id" else f"IDR {number(value, 'en')}"


def rupiah_bn(value_bn: float | None, lang: str, decimals: int = 1) -> str:
    """Billions of rupiah: Rp2,0 miliar (id) / IDR 2.0 billion (en)."""
    if _missing(value_bn):
        return "–"
    if lang == "id":
        return f"Rp{number(value_bn, 'id', decimals)} miliar"
    return f"IDR {number(value_bn, 'en', decimals)} billion"


def workers(value: float | None, lang: str) -> str:
    """A count of workers with its noun."""
    return f"{number(value, lang)} {'pekerja' if lang == 'id' else 'workers'}"


def year(value: float | None) -> str:
    """Years have no separator; a missing year is a dash."""
    return "–" if _missing(value) else str(int(value))


def plain(value: float | None, lang: str) -> str:
    """The shortest text that reads back as exactly this number, in the reader's format: 2,65 / 0,1 / 33.600 (id);
    2.65 / 33,600 (en). For numbers a person may edit (the assumptions table): the text parses back through
    `parse_decimal` to the same float, so showing a value never changes it (thousands grouped as everywhere else
    in the app, '16.800' beside 'Rp201.600', and read back as 16800); never scientific notation."""
    if _missing(value):
        return "–"
    text = np.format_float_positional(float(value) + 0.0, trim="-")
    sign, text = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, _, fraction = text.partition(".")
    decimal, group = symbols(lang)
    grouped = f"{int(whole):,}".replace(",", group)
    return sign + grouped + (decimal + fraction if fraction else "")


_NUMBER_TEXT = re.compile(r"^[+\-−]?[0-9][0-9.,]*$")


def parse_decimal(text: str, lang: str = "id") -> float:
    """A number as a person types it, in either language: '0,3', '0.3', '1.234,5', '1,234.5', '12', '−2'.

    Rules: where both separators appear, the last one is the decimal mark; a lone comma or dot is a decimal
    mark unless it is the reader's thousands separator grouping exactly once ('1.234' = 1234 in id and 1.234
    in en; '1,234' = 1234 in en and 1,234 in id), so what the app shows reads back as the same number; several
    of the same separator group thousands. Raises ValueError (with the text) for
    anything else: letters, two decimal marks, an empty string, inf or nan.
    """
    raw = str(text).strip().replace(" ", "").replace("\u00a0", "").replace("%", "")
    if not _NUMBER_TEXT.match(raw):
        raise ValueError(text)
    sign = -1.0 if raw[0] in "-−" else 1.0
    raw = raw.lstrip("+-−")
    commas, dots = raw.count(","), raw.count(".")
    if commas and dots:
        decimal = "," if raw.rfind(",") > raw.rfind(".") else "."
        group = "." if decimal == "," else ","
        if raw.count(decimal) > 1:
            raise ValueError(text)
        digits = raw.replace(group, "").replace(decimal, ".")
    elif commas == 1 or dots == 1:
        mark = "," if commas else "."
        head, tail = raw.split(mark)
        # The reader's own thousands separator grouping exactly once: '1.234' in Bahasa, '1,234' in English
        # (what the app itself shows for 1234 in that language); otherwise the lone mark is a decimal mark.
        grouping = {"id": ".", "en": ","}.get(lang, ".")
        thousands = mark == grouping and len(tail) == 3 and head not in ("", "0")
        digits = head + tail if thousands else f"{head}.{tail}"
    elif commas > 1 or dots > 1:
        group = "," if commas else "."
        parts = raw.split(group)
        if not all(len(p) == 3 for p in parts[1:]):
            raise ValueError(text)
        digits = "".join(parts)
    else:
        digits = raw
    value = sign * float(digits)
    if not math.isfinite(value):
        raise ValueError(text)
    return value
