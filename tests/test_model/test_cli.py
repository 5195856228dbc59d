"""The command line: output shape, options, and one-line errors with exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from model.cli import main

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = {
    "code",
    "name",
    "status",
    "coverage_now",
    "target_pct",
    "workers_gap_now",
    "funded_workers",
    "year_target_reached_baseline",
    "year_target_reached",
    "coverage_rank_year_baseline",
    "coverage_rank_year",
    "rank_now",
    "rank_new",
}


def run(args: list[str], capsys) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_project_prints_regions_and_national(capsys):
    code, out, err = run(["project", "--budget-bn", "5", "--rank-year", "2030"], capsys)
    assert code == 0 and err == ""
    doc = json.loads(out)
    assert len(doc["regions"]) == 38
    assert set(doc["regions"][0]) >= REQUIRED
    assert {"coverage_now", "coverage_rank_year", "regions_at_target_by_rank_year"} <= set(doc["national"])
    for region in doc["regions"]:
        for key in ("year_target_reached", "year_target_reached_baseline"):
            assert region[key] is None or isinstance(region[key], int)
        assert 0 <= region["coverage_rank_year"] <= 100
    # Competition ranks (equal coverage shares a rank): 1 + number of regions with higher coverage.
    cov = [round(r["coverage_rank_year"], 2) for r in doc["regions"]]
    assert [r["rank_new"] for r in doc["regions"]] == [1 + sum(c > v for c in cov) for v in cov]


def test_target_option_reproduces_the_jambi_gap(capsys):
    _, out, _ = run(["project", "--target", "53"], capsys)
    jambi = next(r for r in json.loads(out)["regions"] if r["code"] == "15")
    assert jambi["target_pct"] == 53
    assert jambi["workers_gap_now"] == pytest.approx(102_750, abs=1)


def test_levers_file_with_region_overrides(tmp_path, capsys):
    levers = tmp_path / "levers.json"
    levers.write_text(json.dumps({"default": {"outreach_pct": 20}, "regions": {"15": {"budget_bn": 10}}}))
    _, out, _ = run(["project", "--levers", str(levers)], capsys)
    regions = {r["code"]: r for r in json.loads(out)["regions"]}
    assert regions["15"]["funded_workers"] == pytest.approx(10e9 / 201_600, rel=1e-6)
    assert regions["16"]["funded_workers"] == 0
    assert json.loads(out)["scenario"]["regions"]["15"]["outreach_pct"] == 20  # inherits the default


def test_draws_add_uncertainty_columns(capsys):
    _, out, _ = run(["project", "--draws", "50", "--seed", "1", "--budget-bn", "2"], capsys)
    region = json.loads(out)["regions"][0]
    assert region["coverage_rank_year_p10"] <= region["coverage_rank_year"] + 5
    assert 0 <= region["prob_target_by_rank_year"] <= 1


def test_csv_format(capsys):
    code, out, _ = run(["project", "--format", "csv"], capsys)
    lines = out.strip().splitlines()
    assert code == 0 and len(lines) == 39
    assert set(lines[0].split(",")) >= REQUIRED


def test_custom_data_file(tmp_path, capsys):
    data = tmp_path / "kab.csv"
    data.write_text("kode,nama,potensi_pekerja,peserta_aktif,tanggal,target\n1704,Kaur,50000,37500,2024-11,60\n")
    _, out, _ = run(["project", "--data", str(data), "--rank-year", "2027"], capsys)
    doc = json.loads(out)
    assert [r["code"] for r in doc["regions"]] == ["17.04"]  # four digits read as the Kemendagri code 17.04
    assert doc["regions"][0]["target_status"] == "already"


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["project", "--budget-bn", "-3", "--lang", "en"], "outside 0–500"),
        (["project", "--regulation", "9"], "di luar rentang 0–3"),
        (["project", "--outreach", "abc"], "invalid float value"),
        (["project", "--rank-year", "2099", "--horizon", "2045", "--lang", "en"], "--rank-year"),
        (["project", "--target", "140", "--lang", "en"], "--target"),
        (["project", "--data", "/no/such/file.csv", "--lang", "en"], "file not found"),
        (["project", "--levers", "/no/such.json", "--lang", "en"], "file not found"),
        (["project", "--unknown-flag"], "unrecognized arguments"),
        (["nonsense"], "invalid choice"),
        (["validate", "--data", str(ROOT / "tests/data/bad/duplicate_code.csv"), "--lang", "en"], "more than once"),
    ],
)
def test_bad_input_is_one_line_on_stderr_with_exit_code_2(args, fragment, capsys):
    code, out, err = run(args, capsys)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("error: ")
    assert fragment in err


def test_bad_levers_json_and_unknown_region(tmp_path, capsys):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    assert run(["project", "--levers", str(broken)], capsys)[0] == 2
    unknown = tmp_path / "unknown.json"
    unknown.write_text(json.dumps({"regions": {"99": {"budget_bn": 1}}}))
    code, _, err = run(["project", "--levers", str(unknown), "--lang", "en"], capsys)
    assert code == 2 and "'99' is not in the data" in err


def test_runs_as_a_module_without_traceback():
    done = subprocess.run(
        [sys.executable, "-m", "model", "project", "--regulation", "5"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and done.stderr.startswith("error:")
    ok = subprocess.run([sys.executable, "-m", "model", "project", "--format", "csv"], cwd=ROOT, capture_output=True)
    assert ok.returncode == 0 and ok.stdout.count(b"\n") == 39


def test_national_target_rpjpn_moves_only_regions_without_their_own_target(capsys):
    """RPJPN (99.5%) replaces the Kemendagri line only where a region has no published target of its own."""
    code, out, _ = run(["project", "--national-target", "kemendagri"], capsys)
    assert code == 0
    before = {r["code"]: r for r in json.loads(out)["regions"]}
    code, out, _ = run(["project", "--national-target", "rpjpn"], capsys)
    assert code == 0
    document = json.loads(out)
    assert document["settings"]["national_target"] == "rpjpn_2045"
    after = {r["code"]: r for r in document["regions"]}
    from model import Settings, load_baseline, project

    summary = project(load_baseline(), settings=Settings(draws=0)).region_summary()
    own = [c for c, o in zip(summary["code"], summary["target_own"], strict=True) if o]
    national = [c for c, o in zip(summary["code"], summary["target_own"], strict=True) if not o]
    assert own and national
    for c in own:
        assert after[c]["target_pct"] == before[c]["target_pct"]
        assert after[c]["year_target_reached"] == before[c]["year_target_reached"]
    assert all(after[c]["target_pct"] == 99.5 and before[c]["target_pct"] == 52.15 for c in national)
    assert any(after[c]["year_target_reached"] != before[c]["year_target_reached"] for c in national)


def test_unknown_national_target_is_one_line_and_exit_2(capsys):
    code, out, err = run(["project", "--national-target", "moon"], capsys)
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
