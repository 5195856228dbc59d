"""Numbers as each reader expects them: 45,17% and 1.312.370 in Bahasa Indonesia; 45.17%, 1,312,370 in English.

Pure functions (no Streamlit), so tables, charts and tests share one formatting rule.
"""

from __future__ import annotations

import math

__all__ = ["number", "pct", "rupiah", "rupiah_bn", "year", "signed", "workers"]


def _swap(text: str, lang: str) -> str:
    """English grouping (1,234.5) to Indonesian (1.234,5)."""
    if lang != "id":
        return text
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def number(value: float | None, lang: str, decimals: int = 0) -> str:
    """Grouped number: 1.312.370 (id) / 1,312,370 (en)."""
    if _missing(value):
        return "–"
    return _swap(f"{value:,.{decimals}f}", lang)


def pct(value: float | None, lang: str, decimals: int = 2) -> str:
    """Percentage: 45,17% (id) / 45.17% (en)."""
    if _missing(value):
        return "–"
    return _swap(f"{value:,.{decimals}f}", lang) + "%"


def signed(value: float | None, lang: str, decimals: int = 1, unit: str = "") -> str:
    """A change with its sign: +1,5 / −2 (a true minus sign)."""
    if _missing(value):
        return "–"
    text = _swap(f"{abs(value):,.{decimals}f}", lang)
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
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
