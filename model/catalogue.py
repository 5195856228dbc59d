"""The text catalogue: one YAML file per language (`locales/id.yaml`, `locales/en.yaml`) with every text a
user reads, the app's (`ui`) and the model's messages (`model`).

Why data files: translators and reviewers edit one file per language without touching code, a test compares
the two files key by key, and the model and the app read the same catalogue. Loaded once per process.
"""

from __future__ import annotations

from functools import cache

import yaml

from .paths import LOCALES_DIR

__all__ = ["LANGUAGES", "catalogue", "section"]

LANGUAGES = ("id", "en")


@cache
def catalogue(lang: str) -> dict[str, dict[str, str]]:
    """The whole catalogue of one language: {section: {key: text}}."""
    if lang not in LANGUAGES:
        raise KeyError(f"no catalogue for language {lang!r}")
    path = LOCALES_DIR / f"{lang}.yaml"
    with path.open(encoding="utf-8") as handle:
        loaded = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return {name: {str(k): str(v) for k, v in (texts or {}).items()} for name, texts in loaded.items()}


def section(name: str) -> dict[str, dict[str, str]]:
    """One section in every language: {key: {lang: text}}; a key missing in a language is simply absent."""
    merged: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        for key, text in catalogue(lang).get(name, {}).items():
            merged.setdefault(key, {})[lang] = text
    return merged
