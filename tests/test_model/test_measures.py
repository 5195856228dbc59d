"""model/measures.py: every reported figure has a spec, and the summaries, the command line and the exports
follow the specs."""

from __future__ import annotations

import math

import numpy as np
import pytest

from model import Levers, Scenario, Settings, project
from model.catalogue import catalogue
from model.cli import REGION_FIELDS
from model.measures import NATIONAL_MEASURES, REGION_MEASURES, measure, region_fields


@pytest.fixture(scope="module")
def result_with_draws(baseline):
    return project(baseline, Scenario.build(Levers(budget_bn=3)), settings=Settings(draws=10))


def test_every_summary_column_has_a_spec_in_the_specs_order(result_with_draws):
    columns = list(result_with_draws.region_summary().columns)
    assert columns == [m.name for m in REGION_MEASURES]
    national = list(result_with_draws.national_summary())
    assert national == [m.name for m in NATIONAL_MEASURES]


def test_without_draws_only_the_draw_measures_are_missing(baseline):
    result = project(baseline, settings=Settings(draws=0))
    missing = {m.name for m in REGION_MEASURES} - set(result.region_summary().columns)
    assert missing == {m.name for m in REGION_MEASURES if m.draws_only}


def test_the_command_line_and_exports_use_the_exported_specs():
    from model.exports import REPORT_COLUMNS

    assert region_fields() == REGION_FIELDS
    assert "potential_status" not in REGION_FIELDS  # internal columns are not exported
    # the report exports' columns (model/exports.py) are measures with specs (plus the table's own text, and
    # the words for where a target comes from: the `target_own` measure with the settings' national line)
    text = {"source", "note", "target_from"}
    assert {c.field for c in REPORT_COLUMNS} <= {m.name for m in REGION_MEASURES} | text
    assert "target_own" in {m.name for m in REGION_MEASURES}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_measure_has_a_label_in_both_languages(lang):
    texts = catalogue(lang)["model"]
    for spec in (*REGION_MEASURES, *NATIONAL_MEASURES):
        assert spec.label_key in texts, spec.name
        assert spec.label(lang) == texts[spec.label_key]
    assert measure("rank_new").label("id") != measure("rank_new").label("en")


def test_clean_gives_json_values_by_kind():
    assert measure("year_target_reached").clean(np.float64(2031.0)) == 2031
    assert measure("year_target_reached").clean(float("nan")) is None
    assert measure("potential_workers").clean(np.float64(1312370.0)) == 1312370
    assert measure("coverage_now").clean(45.123456789) == 45.1235
    assert measure("name").clean("Jambi") == "Jambi"
    assert measure("rank_year", "national").clean(np.int64(2030)) == 2030
    assert not isinstance(measure("coverage_now").clean(np.float64(1.5)), np.floating)
    assert math.isfinite(measure("cost_per_additional_worker_rp").clean(201600.0))
