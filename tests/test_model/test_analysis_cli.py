"""model/analysis/cli.py, the analysis subcommands: JSON shapes, and one-line errors with exit code 2."""

from __future__ import annotations

import json

import pytest

from model.cli import main


def run(args, capsys):
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_goal_seek_json(capsys):
    code, out, err = run(["goal-seek", "--region", "15", "--target", "55", "--by", "2027"], capsys)
    assert code == 0 and err == ""
    doc = json.loads(out)
    assert {"region", "lever", "value", "reachable", "reason"} <= set(doc)
    assert doc["region"] == "15" and doc["lever"] == "budget" and doc["reachable"] and doc["value"] > 0


def test_goal_seek_takes_the_other_levers(capsys):
    plain = json.loads(run(["goal-seek", "--region", "15", "--target", "55", "--by", "2028"], capsys)[1])
    helped = json.loads(
        run(["goal-seek", "--region", "15", "--target", "55", "--by", "2028", "--outreach", "40"], capsys)[1]
    )
    assert helped["value"] < plain["value"]


def test_goal_seek_unreachable(capsys):
    code, out, _ = run(["goal-seek", "--region", "15", "--target", "95", "--by", "2045"], capsys)
    doc = json.loads(out)
    assert code == 0 and doc["reachable"] is False and doc["value"] is None and doc["reason"] == "pool_exhausted"


def test_allocate_json(capsys):
    code, out, _ = run(["allocate", "--pot-bn", "100", "--by", "2030", "--objective", "targets"], capsys)
    doc = json.loads(out)
    assert code == 0
    assert {"allocation", "covered_workers", "regions_at_target", "vs_equal", "vs_proportional"} <= set(doc)
    assert sum(doc["allocation"].values()) == pytest.approx(100, abs=1e-3)


@pytest.mark.parametrize("method", ["tornado", "sobol"])
def test_sensitivity_json(capsys, method):
    code, out, _ = run(["sensitivity", "--region", "15", "--method", method, "--n", "128"], capsys)
    doc = json.loads(out)
    assert code == 0 and doc["method"] == method
    if method == "sobol":
        assert doc["national"]["indices"] and doc["regional"]["output"] == "15"
    else:
        assert len(doc["bars"]) >= 3


@pytest.mark.parametrize(
    "args",
    [
        ["goal-seek", "--region", "99", "--target", "55", "--by", "2027"],
        ["goal-seek", "--region", "15", "--target", "155", "--by", "2027"],
        ["goal-seek", "--region", "15", "--target", "55", "--by", "1990"],
        ["goal-seek", "--region", "15", "--target", "abc", "--by", "2027"],
        ["goal-seek", "--region", "15", "--target", "55", "--by", "2027", "--lever", "prayer"],
        ["allocate", "--pot-bn", "-3", "--by", "2030"],
        ["allocate", "--pot-bn", "100"],
        ["allocate", "--pot-bn", "100", "--by", "2030", "--data", "/nonexistent.csv"],
        ["sensitivity", "--region", "99"],
        ["sensitivity", "--region", "15", "--method", "sobol", "--n", "1000"],
    ],
)
def test_bad_input_one_line_exit_2(capsys, args):
    code, out, err = run([*args, "--lang", "en"], capsys)
    assert code == 2 and out == ""
    assert err.startswith("error: ") and err.count("\n") == 1
