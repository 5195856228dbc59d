"""model/catalogue.py: one YAML catalogue per language, with the same keys, read the same by the model and app."""

from __future__ import annotations

import pytest

from model.catalogue import LANGUAGES, catalogue, section


def test_catalogue_files_have_the_same_keys_in_both_languages():

    bahasa, english = catalogue("id"), catalogue("en")
    assert bahasa.keys() == english.keys()
    for name in bahasa:
        assert bahasa[name].keys() == english[name].keys(), name


def test_a_section_merges_both_languages_by_key():
    model = section("model")
    assert model["bad_option"] == {"id": "Opsi {name}: {detail}", "en": "Option {name}: {detail}"}
    assert set(section("ui")) == set(catalogue("id")["ui"])
    assert all(set(texts) == set(LANGUAGES) for texts in model.values())


def test_an_unknown_language_is_refused_not_guessed():
    with pytest.raises(KeyError):
        catalogue("fr")


def test_every_text_is_a_string():
    for lang in LANGUAGES:
        for name, texts in catalogue(lang).items():
            assert all(isinstance(k, str) and isinstance(v, str) for k, v in texts.items()), name
