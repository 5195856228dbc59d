"""Backtest: mechanics on synthetic figures, the shipped-data results, and the command line."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from model.assumptions import default_assumptions
from model.backtest import compare_on_one_basis, run_backtest
from model.calibration import derive_national_trend, national_participant_series
from model.cli import main
from model.data import load_national, load_observations


def _observations(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    """Observations for Jambi (15) with a sourced potential, on one basis."""
    frame = pd.DataFrame(rows, columns=["code", "date", "coverage_pct"])
    frame["date"] = pd.to_datetime(frame["date"])
    frame["date_precision"] = "day"
    frame["active_participants"] = np.nan
    frame["potential_workers"] = 1_300_000.0
    frame["potential_status"] = "reported"
    frame["formal_participants"] = np.nan
    frame["informal_participants"] = np.nan
    frame["denominator"] = "potensi pekerja"
    frame["basis"] = "potensi pekerja"
    frame["status"] = "reported"
    frame["source"] = "synthetic"
    frame["note"] = ""
    return frame


def _with_national_trend(pct: float):
    return default_assumptions().with_values({"national_trend_pct_per_year": pct})


def test_a_region_on_a_flat_trend_is_predicted_exactly():
    obs = _observations([("15", "2023-06-30", 40.0), ("15", "2024-06-30", 40.0), ("15", "2025-06-30", 40.0)])
    # The region's own fit is flat; with a flat national trend the blend is flat too, and the model keeps 40%
    # (its segments start in balance with a flat trend).
    result = run_backtest("2024-06-30", observations=obs, draws=0, assumptions=_with_national_trend(0.0))
    row = result.figures.iloc[0]
    assert row["no_change"] == pytest.approx(40.0)
    assert row["predicted"] == pytest.approx(40.0, abs=0.05)


def test_no_figure_after_the_cut_off_enters_the_fit():
    base = [("15", "2023-06-30", 40.0), ("15", "2024-06-30", 42.0)]
    calm = _observations([*base, ("15", "2025-06-30", 44.0)])
    wild = _observations([*base, ("15", "2025-06-30", 95.0)])
    one = run_backtest("2024-06-30", observations=calm, draws=0).figures
    two = run_backtest("2024-06-30", observations=wild, draws=0).figures
    assert one["predicted"].tolist() == two["predicted"].tolist()
    assert one["reported"].tolist() == [44.0] and two["reported"].tolist() == [95.0]


def test_a_region_on_an_exact_trend_is_predicted_exactly():
    # A region rising 1.113 pp a year to 42%: its own fit and the national trend (2.65% of 42% = 1.113 pp a
    # year) agree, so whatever weight the fit gets, the model continues that line (to 0.05 pp after 6 months:
    # its formal and informal segments slow slightly as they approach their ceilings).
    slope = 0.0265 * 42.0
    obs = _observations(
        [("15", "2022-06-30", 42.0 - 2 * slope), ("15", "2023-06-30", 42.0 - slope), ("15", "2024-06-30", 42.0)]
    )
    obs = pd.concat([obs, _observations([("15", "2024-12-31", 99.0)])], ignore_index=True)
    assumptions = _with_national_trend(2.65)
    predicted = run_backtest("2024-06-30", observations=obs, draws=0, assumptions=assumptions).figures["predicted"]
    assert predicted.iloc[0] == pytest.approx(42.0 + 0.5 * slope, abs=0.05)


def test_the_national_trend_uses_no_count_after_the_cut_off():
    series = national_participant_series()
    growth = load_national()["labour_growth_pct"]
    wild = pd.concat([series, pd.Series([90e6], index=[pd.Timestamp("2024-09-30")])]).sort_index()
    for until in ("2024-06-30", "2024-07-31"):
        assert derive_national_trend(wild, growth, until) == derive_national_trend(series, growth, until)
    assert derive_national_trend(wild, growth, "2024-09-30") != derive_national_trend(series, growth, "2024-09-30")
    # With every count, the rule gives the shipped assumption (Dec 2022 -> Jun 2025, net of labour growth).
    full = derive_national_trend(series, growth)
    assert (full.start, full.end) == (pd.Timestamp("2022-12-31"), pd.Timestamp("2025-06-30"))
    assert default_assumptions()["national_trend_pct_per_year"] == pytest.approx(full.relative_pct, abs=0.005)


def test_before_the_counts_span_a_year_the_backtest_uses_no_national_trend():
    obs = _observations([("15", "2020-06-30", 40.0), ("15", "2021-06-30", 42.0), ("15", "2022-06-30", 44.0)])
    summary = run_backtest("2021-06-30", observations=obs, draws=0).summary()
    assert summary["national_trend_pct"] == 0.0 and summary["national_trend_window"] is None
    summary = run_backtest("2022-06-30", observations=obs, draws=0).summary()  # Dec 2020 -> Dec 2021 only
    assert tuple(summary["national_trend_window"]) == ("2020-12-31", "2021-12-31")


def test_the_backtest_derives_the_national_trend_as_of_its_cut_off():
    obs = _observations([("15", "2023-06-30", 40.0), ("15", "2024-06-30", 42.0), ("15", "2025-06-30", 44.0)])
    summary = run_backtest("2024-06-30", observations=obs, draws=0).summary()
    # Known on 30 Jun 2024: Dec 2020 (29.98 M) -> Dec 2023 (41.55 M), nothing from 2024-2025.
    assert "Dec 2023" in summary["national_trend"] and "Dec 2020" in summary["national_trend"]
    assert "2025" not in summary["national_trend"]


def test_a_figure_on_another_basis_is_converted_or_left_out():
    anchors = pd.DataFrame(
        {
            "basis": ["potensi pekerja", "angkatan kerja"],
            "denominator": [1_000_000.0, np.nan],
            "date": pd.to_datetime(["2024-06-30", "2024-06-30"]),
        },
        index=["15", "53"],
    )
    later = pd.DataFrame(
        {
            "code": ["15", "15", "53", "53"],
            "date": pd.to_datetime(["2025-06-30", "2025-06-30", "2025-06-30", "2025-06-30"]),
            "coverage_pct": [45.0, 30.0, 35.0, 45.0],
            "active_participants": [np.nan, 450_000.0, np.nan, 1_350_000.0],
            "basis": ["potensi pekerja", "potensi pekerja 2025", "angkatan kerja", "angkatan kerja 2025"],
        }
    )
    kept, dropped = compare_on_one_basis(later, anchors, {"15": 0.0, "53": 1.0})
    assert kept["comparison"].tolist() == ["same basis", "converted", "same basis"]
    # 450,000 on the anchor's 1,000,000 workers: 45%, whatever the later source's own denominator says.
    assert kept["coverage_pct"].tolist() == pytest.approx([45.0, 45.0, 35.0])
    assert kept["published"].tolist() == pytest.approx([45.0, 30.0, 35.0])
    # The NTT-like revision: the anchor gives no denominator to convert to, so the figure is left out.
    assert dropped["code"].tolist() == ["53"] and "angkatan kerja 2025" in dropped["reason"].iloc[0]


def test_the_model_and_no_change_are_compared_on_the_same_figures():
    result = run_backtest("2024-12-31", draws=0)
    f = result.figures
    assert (f["error"] == f["predicted"] - f["reported"]).all()
    assert (f["no_change_error"] == f["no_change"] - f["reported"]).all()
    # Every later figure of a region known on the cut-off is either compared or left out with a reason.
    obs = load_observations()
    known = set(obs.loc[obs["date"] <= "2024-12-31", "code"])
    later = obs[(obs["date"] > "2024-12-31") & obs["code"].isin(known)]
    assert len(f) + len(result.excluded) == len(later)
    assert result.excluded["reason"].str.contains("basis").all()


@pytest.fixture(scope="module")
def shipped():
    return {until: run_backtest(until, draws=200).summary() for until in ("2024-06-30", "2024-12-31")}


# The shipped-data results (README "Backtest"): the trend dispersion (5.5 pp a year) is chosen on the earlier
# cut-off only, 2024-06-30; the noise of a reported figure is measured, on each cut-off, from the figures dated on
# or before it (2.22 pp and 3.08 pp), by the rule that gives the shipped 3.35 pp. Neither looks at a later figure.
SHIPPED = {
    "2024-06-30": {"n": 9, "mae_model": 6.54, "mae_no_change": 10.07, "inside_p10_p90": 7 / 9, "noise": 2.22},
    "2024-12-31": {"n": 10, "mae_model": 6.02, "mae_no_change": 7.53, "inside_p10_p90": 0.6, "noise": 3.08},
}


@pytest.mark.parametrize("until", ["2024-06-30", "2024-12-31"])
def test_shipped_results_are_as_documented(shipped, until):
    summary, documented = shipped[until], SHIPPED[until]
    assert summary["n"] == documented["n"]
    for key in ("mae_model", "mae_no_change", "inside_p10_p90"):
        assert summary[key] == pytest.approx(documented[key], abs=0.01), key
    assert summary["observation_noise_pp"] == pytest.approx(documented["noise"], abs=0.005)


@pytest.mark.parametrize("until", ["2024-06-30", "2024-12-31"])
def test_shipped_model_beats_no_change(shipped, until):
    summary = shipped[until]
    assert summary["mae_model"] <= summary["mae_no_change"]


@pytest.mark.parametrize("until", ["2024-06-30", "2024-12-31"])
def test_shipped_bands_are_honest(shipped, until):
    assert 0.6 <= shipped[until]["inside_p10_p90"] <= 0.9


def test_the_noise_term_leaves_the_central_case_alone():
    """The level noise widens P10-P90 only: the central prediction is the same with or without it."""
    with_noise = run_backtest("2024-12-31", draws=50)
    without = run_backtest(
        "2024-12-31",
        draws=50,
        assumptions=default_assumptions().with_values(
            {"national_trend_pct_per_year": with_noise.national_trend_pct, "observation_noise_pp": 0.0}
        ),
    )
    a, b = with_noise.figures, without.figures
    np.testing.assert_allclose(a["predicted"], b["predicted"])
    # Independent spread adds in quadrature: the bands are wider on average (one figure may vary by sampling).
    assert (a["p90"] - a["p10"]).mean() > (b["p90"] - b["p10"]).mean() + 1.0
    assert "set by the caller" in without.observation_noise


def test_the_noise_uses_no_figure_after_the_cut_off():
    obs = load_observations()
    wild = obs.copy()
    later = wild["date"] > "2024-12-31"
    wild.loc[later, "coverage_pct"] = (100 - wild.loc[later, "coverage_pct"]).clip(0, 100)
    calm_noise = run_backtest("2024-12-31", observations=obs, draws=0).observation_noise_pp
    assert run_backtest("2024-12-31", observations=wild, draws=0).observation_noise_pp == calm_noise


def test_command_line_json_and_csv(capsys):
    assert main(["backtest", "--until", "2024-06-30", "--draws", "20"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert set(doc["summary"]) >= {"n", "mae_model", "mae_no_change", "bias", "inside_p10_p90"}
    assert doc["summary"]["n"] == len(doc["figures"])
    assert all(f["date"] > "2024-06-30" for f in doc["figures"])
    assert main(["backtest", "--until", "2024-06-30", "--draws", "0", "--format", "csv"]) == 0
    header = capsys.readouterr().out.splitlines()[0]
    assert header.startswith("code,name,date,reported,predicted,p10,p90")


def test_against_file_is_used(tmp_path, capsys):
    later = load_observations()
    later = later[(later["date"] > "2024-06-30") & later["code"].isin(["71", "73", "75"])].head(3)
    path = tmp_path / "later.csv"
    later.assign(date=later["date"].dt.strftime("%Y-%m-%d")).to_csv(path, index=False)
    assert main(["backtest", "--until", "2024-06-30", "--against", str(path), "--draws", "0"]) == 0
    doc = json.loads(capsys.readouterr().out)
    # Sulut's Dec 2024 figure is on another basis than its 2021 one and states no count: left out, with why.
    assert doc["summary"]["n"] + doc["summary"]["n_excluded"] == 3 and doc["summary"]["n"] >= 2
    assert all("basis" in row["reason"] for row in doc["excluded"])
    # A file without a basis column is taken to be on the anchors' bases: all three compared.
    path.write_text(later.drop(columns="basis").assign(date=later["date"].dt.strftime("%Y-%m-%d")).to_csv(index=False))
    assert main(["backtest", "--until", "2024-06-30", "--against", str(path), "--draws", "0"]) == 0
    assert json.loads(capsys.readouterr().out)["summary"]["n"] == 3


@pytest.mark.parametrize(
    "argv",
    [
        ["backtest", "--until", "someday"],
        ["backtest", "--until", "1990-01-01"],
        ["backtest", "--until", "2021-06-30"],
        ["backtest", "--until", "2024-06-30", "--draws", "-1"],
        ["backtest", "--until", "2024-06-30", "--against", "/no/such/file.csv"],
        ["backtest", "--until", "2024-06-30", "--format", "xml"],
        ["backtest"],
    ],
)
def test_bad_options_one_line_exit_2(argv, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error:")


def test_against_file_without_columns_is_one_line(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("code,when\n15,2025\n")
    assert main(["backtest", "--until", "2024-06-30", "--against", str(path)]) == 2
    assert "coverage_pct" in capsys.readouterr().err


def test_the_shipped_noise_is_the_rule_on_the_shipped_figures():
    """data/assumptions.csv observation_noise_pp is derived, not chosen: the backtest's rule on all shipped figures."""
    from model.calibration import observation_noise
    from model.data import load_baseline

    a = default_assumptions()
    noise = observation_noise(
        load_baseline().frame,
        load_observations(),
        shrink_years=a["trend_shrinkage_years"],
        national_trend_pct=a["national_trend_pct_per_year"],
    )
    assert noise.dof > 0
    assert a["observation_noise_pp"] == pytest.approx(round(noise.sd_pp, 2), abs=1e-9)


def test_the_noise_rule_on_synthetic_figures():
    """Figures on an exact line have no noise; +-e around it on one basis give sqrt(sum e^2 / (n - 1))."""
    from model.calibration import observation_noise

    table = _observations([("15", "2024-06-30", 42.0)])
    regions = pd.DataFrame({"code": ["15"], "as_of": table["date"], "coverage_pct": [42.0]})
    # own slope weight span / (span + H); with the national trend equal to the own slope the line is exact.
    line = _observations([("15", "2022-06-30", 38.0), ("15", "2023-06-30", 40.0), ("15", "2024-06-30", 42.0)])
    national = 100 * 2.0 / 42.0  # relative % a year that gives 2 pp a year at 42%
    days = (line["date"] - pd.Timestamp("2020-01-01")).dt.days / 365.25
    line["coverage_pct"] = 42.0 + 2.0 * (days - days.iloc[-1])
    exact = observation_noise(regions, line, shrink_years=2.0, national_trend_pct=national)
    assert exact.sd_pp == pytest.approx(0.0, abs=1e-9) and exact.dof == 2
    bumped = line.copy()
    bumped.loc[1, "coverage_pct"] += 3.0
    noisy = observation_noise(regions, bumped, shrink_years=1e9, national_trend_pct=national)  # the national slope
    residuals = np.array([0.0, 3.0, 0.0]) - 1.0  # one level: the mean residual comes off
    assert noisy.sd_pp == pytest.approx(np.sqrt((residuals**2).sum() / 2), rel=1e-6)
