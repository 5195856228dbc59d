"""The scenario document: lossless through JSON and links, strict on files, lenient on links, and every
problem with a message in both languages."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings

from model.levers import LEVER_SPECS, Levers, Scenario
from model.messages import InputError
from model.scenario import (
    MAX_FILE_BYTES,
    SCHEMA_VERSION,
    ScenarioDocument,
    Target,
    document_from_json_bytes,
    parse_document,
    parse_document_lenient,
)
from model.scenario_url import decode, encode
from tests.scenario_strategies import PROVINCES, documents

CODES = PROVINCES


@settings(max_examples=300, deadline=None)
@given(documents())
def test_any_document_survives_json(document):
    raw = document.to_json_bytes(name="uji")
    again, name = document_from_json_bytes(raw, CODES)
    assert again == document and name == "uji"


@settings(max_examples=300, deadline=None)
@given(documents())
def test_any_document_survives_a_link(document):
    page, params = encode(document)
    again, problems = decode(page, params, CODES)
    assert problems == []
    assert again == document


@settings(max_examples=100, deadline=None)
@given(documents())
def test_a_link_fits_in_a_qr_code(document):
    _, params = encode(document)
    # Version 40-M QR holds 2,331 alphanumeric / 1,600 byte characters; four overrides and three assumptions
    # with a long address must stay far below.
    assert len("&".join(f"{k}={v}" for k, v in params.items())) < 700


def test_the_default_document_has_an_empty_link():
    assert encode(ScenarioDocument()) == ("ringkasan", {})


def test_the_json_is_a_superset_of_the_levers_shape():
    lv = Levers(budget_bn=200.0, outreach_pct=42.5, regulation_level=2, regulation_start=2029, budget_end=2030)
    document = ScenarioDocument.build(levers=Scenario.build(lv, {"15": Levers(budget_bn=5.0)}))
    data = document.to_json()
    assert data["schema"] == SCHEMA_VERSION
    assert Scenario.from_dict({k: data[k] for k in ("default", "regions")}) == document.levers
    assert data["default"]["budget_end"] == 2030 and data["default"]["outreach_pct"] == 42.5


def test_old_files_still_load():
    old = {
        "name": "Perda",
        "format": 1,
        "saved": "2026-10-01",
        "default": {"regulation_level": 2, "budget_bn": 10.0, "start_year": 2026},
        "regions": {"15": {"budget_bn": 20}},
    }
    document, name = document_from_json_bytes(json.dumps(old).encode(), CODES)
    assert name == "Perda"
    assert document.levers.default == Levers(regulation_level=2, budget_bn=10.0).with_start_year(2026)
    assert document.levers.for_region("15") == Levers(regulation_level=2, budget_bn=20.0).with_start_year(2026)


def test_saved_values_come_back_exactly():
    """The issue's defect: budget end 2030 became 2100, regulation start 2029 became 2027, outreach 42.5 became
    42, and Rp200 miliar could not be shown."""
    lv = Levers(budget_bn=200.0, outreach_pct=42.5, regulation_start=2029, budget_start=2026, budget_end=2030)
    document = ScenarioDocument.build(levers=Scenario.build(lv))
    again, _ = document_from_json_bytes(document.to_json_bytes(), CODES)
    assert again.levers.default == lv
    assert decode(*encode(document), CODES)[0].levers.default == lv


def messages(error: InputError) -> tuple[str, str]:
    return error.message("id"), error.message("en")


@pytest.mark.parametrize(
    ("data", "in_english"),
    [
        ({"regions": {"15": 5}}, "Region 15: expected name–value pairs"),
        ({"default": "x"}, "Policy for all regions: expected name–value pairs"),
        ({"default": {"budget_bn": 600}}, "Premium budget (APBD/APBDes): 600 is outside 0–500"),
        ({"default": {"budget_bn": math.nan}}, "nan is not a finite number"),
        ({"default": {"outreach_pct": math.inf}}, "inf is not a finite number"),
        ({"default": {"outreach_pct": 42.3}}, "42.3 is not a multiple of 0.5 (nearest: 42.5)"),
        ({"default": {"regulation_level": 1.5}}, "1.5 must be a whole number"),
        ({"default": {"budget_bn": "10"}}, "'10' is not a number"),
        ({"default": {"budget_bn": True}}, "'True' is not a number"),
        ({"default": {"budget_start": 2030, "budget_end": 2028}}, "the budget ends (2028) before it starts (2030)"),
        ({"regions": {"99": {}}}, "region '99' is not in the data"),
        ({"regions": {"x" * 5000: {}}}, "is not valid"),
        ({"bogus": 1}, "unknown field 'bogus'"),
        ({"default": {"bogus": 1}}, "unknown field 'bogus'"),
        ({"view": {"page": "admin"}}, "'admin' is not one of ringkasan"),
        ({"view": {"lang": "fr"}}, "'fr' is not one of id, en"),
        ({"target": {"basis": "x" * 10_000}}, "'xxxxxxxxxx"),
        ({"settings": {"rank_year": 2050}}, "2050 is outside 2026–2045"),
        ({"assumptions": {"premium_per_month": -1}}, "-1 is outside 1000–1e+06"),
        ({"assumptions": {"nope": 1}}, "unknown field 'nope'"),
        ({"schema": 99}, "newer version of the app"),
        ({"name": "x" * 1000}, "text longer than 200 characters"),
        ([1, 2], "expected name–value pairs"),
        ({"a": {"b": {"c": {"d": {"e": {"f": {"g": {}}}}}}}}, "nested more than 6 levels"),
    ],
)
def test_bad_input_lists_every_problem_in_both_languages(data, in_english):
    with pytest.raises(InputError) as caught:
        parse_document(data, CODES)
    bahasa, english = messages(caught.value)
    assert in_english in english, english
    assert bahasa and bahasa != english
    assert len(english) < 2_000  # a huge input is not echoed back


def test_all_problems_are_listed_at_once():
    data = {"default": {"budget_bn": 600, "outreach_pct": -1}, "regions": {"15": 5, "99": {}}, "x": 1}
    with pytest.raises(InputError) as caught:
        parse_document(data, CODES)
    assert len(caught.value.problems) == 5


def test_bahasa_messages_use_a_decimal_comma():
    with pytest.raises(InputError) as caught:
        parse_document({"default": {"outreach_pct": 42.3}}, CODES)
    assert "42,3 bukan kelipatan 0,5 (terdekat: 42,5)" in caught.value.message("id")


@pytest.mark.parametrize(
    "raw",
    [
        b"\xff\xfe not utf-8",
        b"{not json",
        b"[" * 100_000 + b"]" * 100_000,
        b'{"name": "' + b"x" * (MAX_FILE_BYTES + 1) + b'"}',
        b'{"default": {"budget_bn": NaN}}',
        b'{"default": {"budget_bn": Infinity}}',
        b'{"default": {"budget_bn": 1e400}}',
    ],
)
def test_hostile_files_are_refused_with_a_message(raw):
    with pytest.raises(InputError) as caught:
        document_from_json_bytes(raw, CODES)
    assert caught.value.message("id") and caught.value.message("en")


def test_a_bad_link_opens_what_it_can_and_says_what_it_dropped():
    document, problems = decode(
        "simulasi",
        {"ov": "15:3:500:100,17:9:abc:1,zz,18:1:600:0", "bud": "12,3", "out": "42", "ry": "2100", "mc": "maybe"},
        CODES,
    )
    assert document.view.page == "simulasi"
    overrides = dict(document.levers.overrides)
    assert overrides["15"] == Levers(regulation_level=3, budget_bn=500.0, outreach_pct=100.0)  # not the old 100
    assert "17" not in overrides
    assert overrides["18"].regulation_level == 1 and overrides["18"].budget_bn == 12.3  # its bad budget dropped
    assert document.levers.default.budget_bn == 12.3 and document.levers.default.outreach_pct == 42.0
    assert document.settings.rank_year == 2030 and document.settings.uncertainty is True
    text = " ".join(p.message("en") for p in problems)
    assert "17:9:abc:1" in text and "zz" in text and "600 is outside" in text and "2100" in text and "maybe" in text


def test_a_link_with_off_grid_numbers_is_snapped_and_said():
    document, problems = decode(None, {"bud": "12.34"}, CODES)
    assert document.levers.default.budget_bn == 12.3
    assert any("rounded to 12.3" in p.message("en") for p in problems)


def test_start_years_2026_and_each_lever_its_own_year():
    document, problems = decode(None, {"rs": "2026", "bs": "2028", "be": "2030", "os": "2025"}, CODES)
    assert problems == []
    lv = document.levers.default
    assert (lv.regulation_start, lv.budget_start, lv.budget_end, lv.outreach_start) == (2026, 2028, 2030, 2025)


def test_lenient_parsing_never_raises_on_garbage():
    for data in [None, 5, "x", [], {"default": [1]}, {"regions": []}, {"view": 1, "target": "y"}]:
        document, problems = parse_document_lenient(data, CODES)
        assert isinstance(document, ScenarioDocument) and problems


def test_every_lever_spec_has_texts_in_both_languages():
    for spec in LEVER_SPECS.values():
        for lang in ("id", "en"):
            assert spec.label(lang) and spec.help(lang) and spec.unit(lang)
        assert spec.label("id") != spec.label("en")


@pytest.mark.parametrize("line", ["kemendagri", "rpjmn", "rpjpn"])
def test_a_schema_1_national_target_opens_as_own_targets_with_that_line(line):
    """Schema 1 applied one national line to every region; schema 2 keeps published own targets and uses the
    line for the others. Old files, stored scenarios and links open with that line chosen."""
    old = {"schema": 1, "default": {"budget_bn": 5.0}, "target": {"basis": line, "custom_pct": 55.0}}
    document, _ = document_from_json_bytes(json.dumps(old).encode(), CODES)
    assert document.target == Target(basis="own", custom_pct=55.0, national_line=line)
    assert document.to_json()["schema"] == SCHEMA_VERSION == 2
    linked, problems = decode("simulasi", {"tgt": line, "tgtpct": "55", "bud": "5"}, CODES)
    assert problems == [] and linked.target == document.target
    # A schema 1 file with its own-target or custom basis means what it meant.
    for basis in ("own", "custom"):
        again, _ = document_from_json_bytes(json.dumps({**old, "target": {"basis": basis}}).encode(), CODES)
        assert again.target == Target(basis=basis)


def test_the_national_line_travels_in_the_link_and_is_checked():
    document = ScenarioDocument.build(target=Target(national_line="rkp2026"))
    page, params = encode(document)
    assert params == {"nl": "rkp2026"}
    assert decode(page, params, CODES) == (document, [])
    with pytest.raises(InputError) as error:
        parse_document({"schema": 2, "target": {"national_line": "rkp2099"}}, CODES)
    assert "'rkp2099' is not one of kemendagri, rkp2026, rpjmn, rpjpn" in messages(error.value)[1]
    lenient, problems = decode("ringkasan", {"nl": "rkp2099"}, CODES)
    assert lenient.target.national_line == "kemendagri" and len(problems) == 1


# --- the national pot (issue 10): a field old documents do not have, and mean what they meant without ---------


def test_documents_without_a_pot_have_none_and_write_none():
    v1 = {"schema": 1, "default": {"budget_bn": 10.0}, "settings": {"rank_year": 2031}}
    document = parse_document(v1, CODES)
    assert document.pot is None
    assert "pot" not in document.to_json()  # a file without a pot is still readable by an app that predates it
    assert "pot" not in encode(document)[1] and "split" not in encode(document)[1]


def test_a_pot_round_trips_and_is_checked():
    from model.scenario import Pot

    document = parse_document({"schema": 1, "pot": {"bn": 150.5, "split": "need"}}, CODES)
    assert document.pot == Pot(bn=150.5, split="need")
    page, params = encode(document)
    assert params["pot"] == "150.5" and params["split"] == "need"
    assert decode(page, params, CODES)[0] == document
    with pytest.raises(InputError) as error:
        parse_document({"schema": 1, "pot": {"bn": -5, "split": "lottery", "extra": 1}}, CODES)
    keys = sorted(p.key for p in error.value.problems)
    assert keys == ["doc.bad_choice", "doc.out_of_range", "doc.unknown_key"]
    with pytest.raises(InputError):
        parse_document({"schema": 1, "pot": {"bn": 10.05}}, CODES)  # below Rp100 juta resolution
    lenient, problems = decode(None, {"pot": "abc", "split": "need"}, CODES)
    assert lenient.pot == Pot(bn=0.0, split="need") and [p.key for p in problems] == ["doc.bad_link_part"]
    alone, problems = decode(None, {"split": "need"}, CODES)
    assert alone.pot is None and [p.key for p in problems] == ["doc.bad_link_part"]


def test_a_levers_file_with_a_pot_still_reads_as_levers():
    data = {"schema": 1, "default": {"outreach_pct": 10.0}, "pot": {"bn": 100.0, "split": "optimal"}}
    assert Scenario.from_dict(data) == Scenario.build(Levers(outreach_pct=10.0))
