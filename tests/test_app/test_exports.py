"""ui/exports.py: a scenario file read back as it was written, share links, the QR code and a titled chart image."""

from __future__ import annotations

import io
import json
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pytest
import segno
from PIL import Image

from model import InputError, Levers, Scenario, Settings, project
from ui import exports

CODES = ["11", "15", "17"]


def test_a_scenario_file_round_trips_and_is_the_command_lines_levers_shape():
    scenario = Scenario.build(Levers(budget_bn=12.5, outreach_pct=42.5), {"15": Levers(regulation_level=3)})
    raw = exports.scenario_json("Paket Jambi", scenario, extra={"rank_year": 2035})
    doc = json.loads(raw)
    assert doc["name"] == "Paket Jambi" and doc["format"] == exports.FORMAT_VERSION
    assert doc["settings"] == {"rank_year": 2035}
    assert Scenario.from_dict({"default": doc["default"], "regions": doc["regions"]}) == scenario
    assert exports.scenario_from_json(raw, CODES) == ("Paket Jambi", scenario)
    # a BOM (a file saved by Notepad) is fine; a missing name gets a default
    bom = "\ufeff".encode() + json.dumps({"default": {"budget_bn": 1}}).encode()
    assert exports.scenario_from_json(bom, CODES) == ("skenario", Scenario.build(Levers(budget_bn=1)))


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        (b"\xff\xfe not json", "file_unreadable"),
        (b"[1, 2]", "file_unreadable"),
        (json.dumps({"regions": {"99": {}}}).encode(), "unknown_region"),
        (json.dumps({"default": {"budget_bn": 9999}}).encode(), "lever_out_of_range"),
    ],
)
def test_a_bad_scenario_file_says_why(raw, key):
    with pytest.raises(InputError) as caught:
        exports.scenario_from_json(raw, CODES)
    assert caught.value.problems[0].key == key


def test_share_url_keeps_only_given_values_and_drops_an_old_query():
    url = exports.share_url("http://room.local:8501/simulasi?bud=1", {"bud": 12.5, "prov": "", "reg": None, "o": 0})
    parts = urlsplit(url)
    assert (parts.netloc, parts.path) == ("room.local:8501", "/simulasi")
    assert parse_qs(parts.query, keep_blank_values=True) == {"bud": ["12.5"], "o": ["0"]}
    assert exports.share_url(None, {}) == "http://localhost:8501"


def test_the_qr_code_encodes_the_link():
    url = "http://192.168.1.20:8501/simulasi?bud=12.5&prov=15"
    scale, border = 4, 2
    image = Image.open(io.BytesIO(exports.qr_png(url, scale=scale))).convert("L")
    expected = np.array(segno.make(url, error="m").matrix, dtype=bool)
    n = expected.shape[0]
    assert image.size == ((n + 2 * border) * scale,) * 2
    pixels = np.asarray(image)
    centres = border * scale + scale // 2 + scale * np.arange(n)
    dark = pixels[np.ix_(centres, centres)] < 128
    assert (dark == expected).all()


@pytest.mark.slow  # the chart engine (vl-convert) starts once per process: ~1-3 s unless another test started it
def test_a_regions_chart_image_is_titled_with_the_region_and_scenario(baseline):
    result = project(baseline, Scenario.build(Levers(budget_bn=5)), settings=Settings(draws=0))
    context = SimpleNamespace(
        lang="en", result=result, names=dict(zip(result.codes, result.frame["name"], strict=True))
    )
    svg = exports.coverage_chart_image(context, "15", "APBD 5", "svg").decode()
    assert svg.startswith("<svg") and "Jambi (15)" in svg and "Scenario: APBD 5" in svg
