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
