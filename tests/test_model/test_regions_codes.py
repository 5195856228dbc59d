"""model/regions_codes.py: official codes read however a sheet writes them, and names matched in three steps."""

from __future__ import annotations

import pytest

from model.regions_codes import (
    bps_bridge,
    canonical_code,
    is_official_format,
    match_name,
    name_key,
    official_regions,
    province_of,
)


def test_the_official_list_has_38_provinces_and_514_regencies():
    levels = official_regions()["level"].value_counts().to_dict()
    assert levels == {"province": 38, "regency": 514}
    assert bps_bridge()["1101"] == "11.09"  # BPS 1101 Simeulue is Kemendagri 11.09


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("1101", "11.01"),
        ("11.01", "11.01"),
        ("11 01", "11.01"),
        ("11-01", "11.01"),
        ("11", "11"),
        ("11.0", "11"),  # Excel's float of 11
        ("11.1", "11.10"),  # Excel dropped the zero of 11.10
        ("111", "11.01"),  # a one-digit regency without a dot is zero-padded in front
        (" S0001 ", "S0001"),
        (None, ""),
    ],
)
def test_canonical_code(written, code):
    assert canonical_code(written) == code


def test_official_format_and_province():
    assert is_official_format("11") and is_official_format("32.71")
    assert not is_official_format("3271") and not is_official_format("S0001") and not is_official_format("1")
    assert province_of("32.71") == "32"


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Kab. Bogor", "kabupaten bogor"),
        ("KAB BOGOR", "kabupaten bogor"),
        ("Prov. Kep. Riau", "kepulauan riau"),
        ("Provinsi  Jawa-Barat", "jawa barat"),
        ("D.I. Yogyakarta", "daerah istimewa yogyakarta"),
        ("Kota Adm. Jakarta Selatan", "kota jakarta selatan"),
    ],
)
def test_name_key_normalises_the_ways_names_are_written(written, key):
    assert name_key(written) == key


def test_exact_then_alias_then_a_fuzzy_guess():
    assert match_name("Kab. Simeulue").code == "11.09" and match_name("Kab. Simeulue").how == "exact"
    alias = match_name("NTT", level="province")
    assert (alias.code, alias.how) == ("53", "alias")
    assert match_name("Kep. Riau", level="province").code == "21"
    guess = match_name("Kabupaten Simeulu", level="regency")
    assert (guess.code, guess.how) == ("11.09", "fuzzy") and guess.score >= 85
    assert guess.official_name == "Kabupaten Simeulue"


def test_an_ambiguous_short_name_is_a_guess_with_both_and_the_kind_or_province_decides():
    bogor = match_name("Bogor", level="regency")
    assert bogor.how == "fuzzy" and set(bogor.suggestions) == {"32.01", "32.71"}
    assert match_name("Kota Bogor").code == "32.71"
    assert match_name("Bogor", level="regency", province="11").code != "32.01"


def test_nothing_close_is_no_match():
    none = match_name("Atlantis Raya", level="province")
    assert none.code is None and none.how == "none" and none.official_name == ""
    assert match_name("   ").how == "none"


def test_a_close_score_for_several_names_is_no_guess_only_suggestions():
    # "Tapanuli" is Tapanuli Tengah, Utara and Selatan alike: a best score of 90 but no margin over the others
    tapanuli = match_name("Kabupaten Tapanuli", level="regency")
    assert tapanuli.code is None and tapanuli.how == "none" and tapanuli.score >= 85
    assert set(tapanuli.suggestions) == {"12.01", "12.02", "12.03"}
