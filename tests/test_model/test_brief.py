"""The one-page PDF briefing: one A4 page, Bahasa (or English) text, numbers equal to the command line's, and
user text printed as typed (never typst markup)."""

from __future__ import annotations

import contextlib
import io
import json

import pytest
from pypdf import PdfReader

from model import Scenario, Settings, project
from model.brief import brief_pdf
from model.cli import main
from model.exports import fmt_pct, fmt_rupiah

LEVERS = {"default": {"budget_bn": 5, "regulation_level": 3, "outreach_pct": 40}}


def _text(pdf: bytes) -> tuple[int, str, tuple[float, float]]:
    reader = PdfReader(io.BytesIO(pdf))
    page = reader.pages[0]
    text = " ".join(page.extract_text().split())
    return len(reader.pages), text, (float(page.mediabox.width), float(page.mediabox.height))


def _cli_json(tmp_path) -> dict:
    levers = tmp_path / "levers.json"
    levers.write_text(json.dumps(LEVERS))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["project", "--levers", str(levers)]) == 0
    return json.loads(out.getvalue())


def test_cli_brief_is_one_a4_page_with_the_command_lines_numbers(tmp_path):
    levers = tmp_path / "levers.json"
    levers.write_text(json.dumps(LEVERS))
    out = tmp_path / "brief.pdf"
    assert main(["brief", "--region", "15", "--levers", str(levers), "--out", str(out), "--name", "Grup 1"]) == 0
    pages, text, size = _text(out.read_bytes())
    assert pages == 1
    assert abs(size[0] - 595.3) < 1 and abs(size[1] - 841.9) < 1  # A4 in points
    assert "Ringkasan kebijakan UCJ: Jambi (15)" in text and "Skenario: Grup 1" in text
    jambi = next(r for r in _cli_json(tmp_path)["regions"] if r["code"] == "15")
    assert fmt_pct(jambi["coverage_rank_year"], "id") in text
    assert fmt_pct(jambi["coverage_rank_year_baseline"], "id") in text
    assert f"{jambi['rank_new']} dari 38" in text and f"{jambi['rank_baseline']} dari 38" in text
    assert fmt_rupiah(jambi["cost_per_additional_worker_rp"], "id") in text
    assert str(jambi["year_target_reached"]) in text
    assert "Regulasi daerah: tingkat 3" in text and "Asumsi utama" in text and "Status data dan sumber" in text
    assert "Sumber:" in text and "dilaporkan" in text


def test_english_and_national_brief(baseline):
    result = project(baseline, Scenario.from_dict(LEVERS), settings=Settings(draws=0))
    pages, text, _ = _text(brief_pdf(result, None, "en", "Package B"))
    nat = result.national_summary()
    assert pages == 1 and "UCJ policy brief: Indonesia (national)" in text
    assert fmt_pct(nat["coverage_rank_year"], "en") in text and "regions use estimated figures" in text


def test_names_are_printed_as_typed_not_as_markup(baseline):
    result = project(baseline, Scenario.from_dict(LEVERS), settings=Settings(draws=0))
    hostile = '#import "/etc/passwd": * ] *tebal* $x^2$ <label> @ref \\'
    pages, text, _ = _text(brief_pdf(result, "15", "id", hostile))
    assert pages == 1 and "#import" in text and "*tebal*" in text and "$x^2$" in text


def test_unknown_region_is_a_clear_error(tmp_path, capsys):
    assert main(["brief", "--region", "99", "--out", str(tmp_path / "x.pdf"), "--lang", "en"]) == 2
    assert "Region '99' is not in the data" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("lang", ["id", "en"])
def test_brief_for_a_region_without_policy(baseline, lang):
    result = project(baseline, Scenario(), settings=Settings(draws=0))
    pages, text, _ = _text(brief_pdf(result, "31", lang))
    assert pages == 1 and ("Tanpa kebijakan baru" in text or "No new policy" in text)


def test_the_brief_states_the_target_line_and_marks_a_national_target(baseline):
    """Jawa Barat has no published target: its target comes from the chosen national line, marked as such."""
    for line, words in (("kemendagri_2025", "Kemendagri 2025 (52,15%)"), ("rkp_2026", "RKP 2026 (34,99%)")):
        result = project(baseline, Scenario.from_dict(LEVERS), settings=Settings(draws=0, national_target=line))
        _, text, _ = _text(brief_pdf(result, "32", "id", "Garis"))
        assert "garis nasional" in text and words in text
        assert "(nasional)" in text
    _, text, _ = _text(brief_pdf(result, "15", "id", "Garis"))  # Jambi: its own 55% (2025)
    assert "(nasional)" not in text.split("Status data")[0].replace("garis nasional", "")
    custom = project(baseline, settings=Settings(draws=0, target_pct=60.0))
    _, text, _ = _text(brief_pdf(custom, None, "en", "Own"))
    assert "Target: 60.0% for every province" in text


def test_cli_brief_takes_the_national_line(tmp_path):
    out = tmp_path / "brief.pdf"
    assert main(["brief", "--region", "32", "--national-target", "rpjpn", "--out", str(out), "--lang", "en"]) == 0
    _, text, _ = _text(out.read_bytes())
    assert "national line RPJPN 2045 (99.5%)" in text and "99.5% (national)" in text
    assert main(["brief", "--region", "32", "--national-target", "rkp2099", "--out", str(out)]) == 2
