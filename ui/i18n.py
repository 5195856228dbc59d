"""Every string a user reads, in Bahasa Indonesia (first) and English, from the catalogue files in locales/.

`t(key, lang=None, **params)` returns the text in the session's language. A test fails when a key used in
the code is missing, or when a key lacks either language.
"""

from __future__ import annotations

import threading

from model.catalogue import section

__all__ = ["STRINGS", "LANGS", "t", "use_language"]

LANGS = ("id", "en")

# key: (Bahasa Indonesia, English), from the catalogue files locales/id.yaml and locales/en.yaml (section `ui`).
STRINGS: dict[str, tuple[str, str]] = {
    key: (texts.get("id", ""), texts.get("en", "")) for key, texts in section("ui").items()
}


_run_language = threading.local()


def use_language(lang: str) -> None:
    """Remember this script run's language (Streamlit runs each session's script in its own thread), so
    `t()` need not look it up in Session State a hundred times a rerun."""
    _run_language.value = lang


def t(key: str, lang: str | None = None, **params: object) -> str:
    """The text for `key` in `lang` (default: this run's language), with {placeholders} filled in."""
    if lang is None:
        lang = getattr(_run_language, "value", None)
    if lang is None:
        from .state import current_lang

        lang = current_lang()
    texts = STRINGS[key]
    from .scope import current_scope

    scope = current_scope()
    if scope.is_regency and key + "@regency" in STRINGS:  # the loaded table is a province's regencies/cities
        texts = STRINGS[key + "@regency"]
        params = {"province": scope.province_words(lang), **params}
    text = texts[0] if lang == "id" else texts[1]
    return text.format(**params) if params else text
