"""The loaded table's scope — the 38 provinces, or the regencies and cities of a province — and its words.

Pages were written for provinces ("Ringkasan nasional", "Peringkat nasional"). When a regency table is loaded,
the catalogue's `KEY@regency` variant of a text is used instead (ui/i18n.t asks `current_scope()`), with
`{province}` filled in ("Peringkat kabupaten/kota di Provinsi Lampung 2030"), so a page needs no change to
follow the scope. The scope is set once per script run from the table in use (`use_scope`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from model.data import RegionTable
from model.regions_codes import official_regions

__all__ = [
    "Scope",
    "scope_of",
    "use_scope",
    "current_scope",
    "PROVINCES",
    "plain",
    "provenance_line",
    "province_choice",
]


@dataclass(frozen=True)
class Scope:
    """What the loaded table covers: level 'province' (or 'custom' codes) or 'regency', and its provinces."""

    level: str = "province"
    provinces: tuple[str, ...] = ()

    @property
    def is_regency(self) -> bool:
        return self.level == "regency"

    def province_words(self, lang: str) -> str:
        """'Provinsi Papua Barat' / 'Papua Barat province'; '2 provinsi' for a table spanning several."""
        from .i18n import t

        if len(self.provinces) == 1:
            return t("scope.province_of", lang, name=province_name(self.provinces[0]))
        return t("scope.several_provinces", lang, n=len(self.provinces))


PROVINCES = Scope()


def province_name(code: str) -> str:
    table = official_regions()
    hit = table.loc[table["code"] == code, "name"]
    name = str(hit.iloc[0]) if len(hit) else code
    return {"Daerah Khusus Ibukota Jakarta": "DKI Jakarta", "Daerah Istimewa Yogyakarta": "DI Yogyakarta"}.get(
        name, name
    )


def scope_of(table: RegionTable) -> Scope:
    if table.level == "regency":
        return Scope("regency", table.provinces)
    return Scope(table.level if table.level in ("province", "custom") else "province")


_run_scope = threading.local()


def use_scope(scope: Scope) -> None:
    """Remember this script run's scope (each session's script runs in its own thread)."""
    _run_scope.value = scope


def current_scope() -> Scope:
    return getattr(_run_scope, "value", PROVINCES)


_MARKDOWN_ESCAPES = str.maketrans({ch: "\\" + ch for ch in "\\`*_{}[]()#+-.!|<>~$:=&"})


def plain(text: object) -> str:
    """User text (a region name, a file name) made safe inside a Markdown element: every character that
    Markdown, HTML or a Streamlit directive reads is escaped, so `![x](http://host/p.png)` stays text.
    (One `str.translate`: tables escape every cell of every rerun's table with it.)"""
    return str(text).translate(_MARKDOWN_ESCAPES)


def provenance_line(table: RegionTable, lang: str | None = None) -> str:
    """'Data: upload “kabkota.xlsx” (2026-11-26 04:30)' for an uploaded table, '' for the shipped baseline:
    said wherever the table's numbers are shown."""
    if not table.is_upload:
        return ""
    from .i18n import t

    return t("upload.provenance_short", lang, name=plain(table.origin), time=table.loaded_at)


CHOSEN_PROVINCE = "scope_prov"
CHOSEN_STORE = "scope_prov_chosen"


def province_choice(focus_code: str, lang: str) -> str | None:
    """For a regency table spanning several provinces: a selector of the province shown (ranking, bump chart,
    map), defaulting to the focus region's province; None for any other table (nothing to choose)."""
    import streamlit as st

    from .i18n import t

    scope = current_scope()
    if not scope.is_regency or len(scope.provinces) < 2:
        return None
    provinces = list(scope.provinces)
    # The choice is kept in a store of its own: a widget's state is dropped on a page that does not draw it,
    # and the ranking and the map (two pages) show the same province.
    chosen = st.session_state.get(CHOSEN_STORE)
    if chosen not in provinces:  # a new table: start at the focus region's province
        chosen = focus_code[:2] if focus_code[:2] in provinces else provinces[0]
    st.session_state[CHOSEN_PROVINCE] = chosen

    def keep() -> None:
        st.session_state[CHOSEN_STORE] = st.session_state[CHOSEN_PROVINCE]

    value = st.selectbox(
        t("scope.choose_province", lang),
        options=provinces,
        format_func=lambda code: t("scope.province_of", lang, name=province_name(code)),
        key=CHOSEN_PROVINCE,
        help=t("scope.choose_province_help", lang),
        on_change=keep,
    )
    st.session_state[CHOSEN_STORE] = value
    return value
