"""model/engine.py: preparation once, K lever sets per call, typed inputs, arrays out, same numbers as project()."""

from __future__ import annotations

import numpy as np
import pytest

from model import InputError, Levers, Scenario, Settings, project
from model.engine import Engine, KernelInputs, LeverArrays


@pytest.fixture(scope="module")
def engine(baseline):
    return Engine.prepare(baseline, settings=Settings(draws=12, seed=5))


def test_project_is_the_engine_with_baseline_and_scenario(baseline, engine):
    scenario = Scenario.build(Levers(regulation_level=1, budget_bn=4, outreach_pct=30), {"15": Levers(budget_bn=9)})
    result = project(baseline, scenario, settings=engine.settings)
    batch = engine.run(engine.levers([Scenario(), scenario]), keep_paths=True, keep_draws=True)
    np.testing.assert_array_equal(result.target_t, batch.target_t)
    np.testing.assert_array_equal(result.yearly, batch.yearly)
    np.testing.assert_array_equal(result.central, batch.central)


def test_one_preparation_serves_many_lever_sets(engine):
    """256 national budgets in one call: coverage by 2030 never falls as the budget rises."""
    budgets = np.linspace(0, 60, 256)
    levers = LeverArrays.from_values(engine.n_regions, budget_bn=budgets[:, None])
    result = engine.run(levers)
    coverage = result.coverage_at(2030)[:, 0, :]  # (K, R)
    assert coverage.shape == (256, engine.n_regions)
    assert (np.diff(coverage, axis=0) >= -1e-6).all()
    assert (coverage[-1] > coverage[0]).all()
    years = result.target_years()[:, 0, :]
    assert (np.nan_to_num(np.diff(years, axis=0), nan=0.0) <= 0).all()


def test_coverage_at_a_year_is_the_december_value_of_the_paths(engine):
    levers = LeverArrays.from_values(engine.n_regions, 2, budget_bn=[[0.0], [8.0]])
    result = engine.run(levers, keep_paths=True)
    december = engine.grid.index_of(2031, 12)
    np.testing.assert_allclose(result.coverage_at(2031)[:, 0, :], result.coverage_paths()[:, :, december], rtol=1e-6)
    reached = result.reached_by(2031)
    years = result.target_years()
    assert np.array_equal(reached, ~np.isnan(years) & (years <= 2031))


def test_draws_are_kept_per_scenario_when_asked(engine):
    levers = LeverArrays.from_values(engine.n_regions, 3, outreach_pct=[[0.0], [50.0], [100.0]])
    central_only = engine.run(levers)
    every = engine.run(levers, keep_draws=True)
    assert central_only.yearly.shape[1] == 1
    assert every.yearly.shape[1] == engine.n_draws + 1
    np.testing.assert_array_equal(central_only.yearly[:, 0], every.yearly[:, 0])
    assert every.national.shape == (3, engine.n_draws + 1, len(every.years) + 1)


def test_lever_arrays_round_trip_to_scenarios(engine):
    scenario = Scenario.build(Levers(budget_bn=2.5, budget_end=2032), {"15": Levers(outreach_pct=42.5)})
    arrays = engine.levers([scenario])
    back = arrays.scenario(0, engine.codes)
    for code in engine.codes:
        assert back.for_region(code) == scenario.for_region(code)


@pytest.mark.parametrize(
    ("values", "fragment"),
    [
        ({"budget_bn": 600}, "outside 0–500"),
        ({"regulation_level": 1.5}, "outside"),
        ({"outreach_pct": np.nan}, "outside"),
        ({"budget_start": 2030, "budget_end": 2028}, "2028"),
    ],
)
def test_impossible_lever_arrays_are_refused_with_a_message(engine, values, fragment):
    with pytest.raises(InputError) as caught:
        LeverArrays.from_values(engine.n_regions, **values)
    assert fragment in caught.value.message("en")
    assert caught.value.message("id")


def test_levers_for_another_table_are_refused(engine):
    with pytest.raises(InputError):
        engine.run(LeverArrays.none(engine.n_regions + 1))


def test_kernel_inputs_are_named_and_ordered_like_the_kernel(engine):
    import inspect

    from model.kernel import simulate

    inputs = engine.kernel_inputs(LeverArrays.none(engine.n_regions, 2))
    assert isinstance(inputs, KernelInputs)
    kernel_names = list(inspect.signature(simulate.py_func).parameters)
    assert list(KernelInputs.__dataclass_fields__) == kernel_names
    assert inputs.cost == engine.n_regions * 2 * (engine.n_draws + 1) * engine.grid.n_months


def test_level_noise_is_a_seeded_latin_hypercube_with_a_quiet_central_case():
    from scipy.stats import norm

    from model.engine import level_noise

    noise = level_noise(200, 5, 3.0, seed=7)
    assert noise.shape == (201, 5)
    assert not noise[0].any()  # draw 0 is the central case
    np.testing.assert_array_equal(noise, level_noise(200, 5, 3.0, seed=7))
    assert not np.array_equal(noise, level_noise(200, 5, 3.0, seed=8))
    # One draw in each of 200 equal-probability strata per region (Latin hypercube), sd 3 pp as a share.
    strata = np.floor(norm.cdf(noise[1:] / 0.03) * 200).astype(int)
    for j in range(5):
        assert sorted(strata[:, j]) == list(range(200))
    assert noise[1:].std() == pytest.approx(0.03, rel=0.05)
    assert not level_noise(50, 5, 0.0, seed=7).any()


def test_level_noise_is_the_same_at_every_horizon_and_in_both_scenarios():
    """Draw d's bands are the path plus one level per region: the difference between a run with the noise and
    one without is the same in every December and in the baseline and the policy."""
    from model.assumptions import default_assumptions
    from model.data import load_baseline

    table = load_baseline()
    settings = Settings(draws=20, seed=3, horizon_year=2030)
    scenario = Scenario.build(Levers(), {"15": Levers(budget_bn=5.0)})
    noisy = project(table, scenario, settings=settings)
    quiet = project(
        table, scenario, settings=settings, assumptions=default_assumptions().with_values({"observation_noise_pp": 0})
    )
    np.testing.assert_array_equal(noisy.yearly[:, 0], quiet.yearly[:, 0])  # the central case does not move
    diff = noisy.yearly[:, 1:].astype(float) - quiet.yearly[:, 1:].astype(float)  # (S, D, R, Y)
    inside = (quiet.yearly[:, 1:] + noisy.level_noise[None, 1:, :, None] > 0) & (
        quiet.yearly[:, 1:] + noisy.level_noise[None, 1:, :, None] < 1
    )
    expected = np.broadcast_to(noisy.level_noise[None, 1:, :, None], diff.shape)
    np.testing.assert_allclose(diff[inside], expected[inside], atol=1e-6)
