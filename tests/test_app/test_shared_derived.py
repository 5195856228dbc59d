"""What a new scenario's pages derive without the levers is built once per prepared engine and shared.

Every move to a new budget is a new projection; the region summary's lever-independent columns (names,
today's coverage and rank, targets...) and the coverage chart's target lines come from the engine's memo
(`Projection.shared_memo`), which every projection of that engine shares (ui/state.py keeps one engine per
table, assumptions and settings for every session). The values must be those a fresh engine gives, and
whatever depends on the language must be kept per language (a Bahasa session never gets English text)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from model import Levers, Scenario, Settings
from model.projection import BASELINE, SCENARIO, prepared_engine, project
from ui import views


@pytest.fixture(scope="module")
def engine(baseline):
    return prepared_engine(baseline, None, Settings(draws=10))


def _run(table, engine, budget: float):
    return project(table, Scenario.build(Levers(budget_bn=budget)), None, Settings(draws=10), engine=engine)


def test_a_second_scenario_reuses_the_static_columns_and_equals_a_fresh_run(baseline, engine):
    first, second = _run(baseline, engine, 2.0), _run(baseline, engine, 11.5)
    a = first.region_summary()
    static = engine.memo["region_summary_static"]
    b = second.region_summary()
    assert engine.memo["region_summary_static"] is static, "the second scenario rebuilt the static columns"
    fresh = project(baseline, Scenario.build(Levers(budget_bn=11.5)), None, Settings(draws=10)).region_summary()
    pd.testing.assert_frame_equal(b, fresh, check_exact=True)
    # The lever-dependent columns are each scenario's own.
    assert (b["funded_workers"] > a["funded_workers"]).any()
    assert not np.array_equal(b["coverage_rank_year"], a["coverage_rank_year"])
    pd.testing.assert_series_equal(a["coverage_now"], b["coverage_now"])
    assert list(b.columns) == list(fresh.columns)


def test_paths_are_baseline_then_scenario_per_region_from_each_data_date(baseline, engine):
    result = _run(baseline, engine, 6.0)
    codes = ["15", "11"]
    paths = result.path_frame(codes, every=3)
    assert list(paths.columns) == ["code", "date", "scenario", "coverage_pct"]
    assert paths.index.equals(pd.RangeIndex(len(paths)))
    for s, label in ((BASELINE, "baseline"), (SCENARIO, "scenario")):
        for code in codes:
            i = result.codes.index(code)
            rows = paths[(paths["scenario"] == label) & (paths["code"] == code)]
            keep = np.arange(result.m0[i], result.grid.n_months, 3)
            assert rows["date"].tolist() == list(result.grid.dates[keep])
            np.testing.assert_array_equal(rows["coverage_pct"], result.coverage_paths[s, i, keep])
    assert paths["scenario"].tolist() == sorted(paths["scenario"].tolist())  # every baseline row first
    assert paths["code"].iloc[0] == "15"


def test_target_lines_are_shared_per_language_and_regions(baseline, engine):
    first, second = _run(baseline, engine, 3.0), _run(baseline, engine, 4.0)
    _, id_targets, _, _ = views.coverage_frames(first, ["15"], "id", with_bands=True)
    _, en_targets, _, _ = views.coverage_frames(second, ["15"], "en", with_bands=True)
    _, id_again, _, _ = views.coverage_frames(second, ["15"], "id", with_bands=True)
    assert id_again is id_targets  # built once for both scenarios
    assert en_targets is not id_targets
    value = first.target_pct[first.codes.index("15")]
    assert id_targets["target_text"].iloc[0] == f"Target {value:.1f}%".replace(".", ",")
    assert en_targets["target_text"].iloc[0] == f"Target {value:.1f}%"
    paths_id, *_ = views.coverage_frames(second, ["15", "11"], "id", with_bands=False)
    paths_en, *_ = views.coverage_frames(second, ["15", "11"], "en", with_bands=False)
    assert set(paths_id["scenario_label"]) == {"Skenario dasar", "Skenario kebijakan"}
    assert set(paths_en["scenario_label"]) == {"Baseline", "Policy scenario"}
    assert paths_id.loc[paths_id["code"] == "11", "name"].unique().tolist() == [
        baseline.frame.set_index("code").loc["11", "name"]
    ]


def _reference_frames(result, codes, lang):
    """coverage_frames written the straightforward pandas way (as it was before it was built from arrays)."""
    labels = views.scenario_labels(lang)
    names = dict(zip(result.codes, result.frame["name"], strict=True))
    paths = result.path_frame(codes, every=views.CHART_MONTHS)
    paths["name"] = paths["code"].map(names)
    paths["scenario_label"] = paths["scenario"].map(labels)
    index = [result.codes.index(c) for c in codes]
    rows = []
    for s_idx, key in ((BASELINE, "baseline"), (SCENARIO, "scenario")):
        dates, status = result.target_dates(s_idx), result.target_status(s_idx)
        for c, i in zip(codes, index, strict=True):
            if dates[i] is not None and status[i] != "already":
                date = pd.Timestamp(dates[i] + "-01")
                rows.append(
                    (c, names[c], date, result.target_pct[i], labels[key], dates[i][:4], f"{labels[key]}: {dates[i]}")
                )
    markers = pd.DataFrame(rows, columns=["code", "name", "date", "target_pct", "scenario_label", "year_text", "text"])
    b = result.bands(codes)
    b = b[b["scenario"] == "scenario"].copy()
    b["date"] = pd.to_datetime(b["year"].astype(str) + "-12-01")
    b["name"] = b["code"].map(names)
    start = {c: result.grid.dates[result.m0[i]] for c, i in zip(codes, index, strict=True)}
    return paths, markers, b[b["date"] >= b["code"].map(start)]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_coverage_frames_equal_the_plain_pandas_construction(baseline, regencies, lang):
    for table in (baseline, regencies):
        settings = Settings(draws=10, horizon_year=2040)
        for levers in (Levers(), Levers(budget_bn=25, outreach_pct=60)):
            result = project(table, Scenario.build(levers), None, settings)
            for codes in ([table.codes[0]], table.codes[3:6]):
                paths, _, markers, bands = views.coverage_frames(result, codes, lang, with_bands=True)
                ref_paths, ref_markers, ref_bands = _reference_frames(result, codes, lang)
                pd.testing.assert_frame_equal(paths, ref_paths, check_exact=True)
                pd.testing.assert_frame_equal(markers, ref_markers, check_exact=True)
                pd.testing.assert_frame_equal(bands, ref_bands, check_exact=True)
                assert type(bands.index) is type(ref_bands.index)  # a non-range index ships as an extra column


def test_movers_equal_the_plain_pandas_construction(baseline, regencies):
    for table in (baseline, regencies):
        for levers in (Levers(budget_bn=9), Levers(budget_bn=40, outreach_pct=80, regulation_level=3)):
            result = project(table, Scenario.build(levers), None, Settings())
            s = result.region_summary()
            s = s.assign(now_text=views.rank_texts(s, "rank_now"), new_text=views.rank_texts(s, "rank_new"))
            s = s[s["status"] != "estimate"].copy()
            s["abs_change"] = s["rank_change"].abs()
            top = s.sort_values(["abs_change", "rank_new"], ascending=[False, True]).head(5)
            moves = [
                f"{a} → {b}  {views.rank_arrow(c)}"
                for a, b, c in zip(top["now_text"], top["new_text"], top["rank_change"], strict=True)
            ]
            got = views.movers(result, "id", 5)
            assert got.iloc[:, 0].tolist() == top["name"].tolist()
            assert got.iloc[:, 1].tolist() == moves
            assert table is regencies or (top["abs_change"] > 0).any()  # synthetic regencies: all estimates


@pytest.mark.parametrize("lang", ["id", "en"])
def test_national_by_year_equals_the_transposed_construction(baseline, lang):
    for settings in (Settings(), Settings(rank_year=2033)):
        result = project(baseline, Scenario.build(Levers(budget_bn=9)), None, settings)
        got = views.national_by_year(result, lang)
        years = list(got.columns[1:])
        months = [result.month_index(int(y), 12) for y in years]
        base, policy = (100 * result.national_central[s, months] for s in (BASELINE, SCENARIO))
        labels = views.scenario_labels(lang)
        rows = {
            labels["baseline"]: [views.fmt.pct(v, lang, 1) for v in base],
            labels["scenario"]: [views.fmt.pct(v, lang, 1) for v in policy],
            views.t("overview.national_difference", lang): [views.fmt.signed(v, lang, 1, " pp") for v in policy - base],
        }
        ref = pd.DataFrame(rows, index=years).T.reset_index()
        ref = ref.rename(columns={"index": views.t("overview.national_row", lang)})
        pd.testing.assert_frame_equal(got, ref, check_exact=True)
        assert str(settings.rank_year) in years and "2030" in years
