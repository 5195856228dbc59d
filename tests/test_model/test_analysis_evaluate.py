"""The analysis adapter gives exactly what `project` gives, for many lever sets in one call."""

from __future__ import annotations

import numpy as np

from model import Levers, Scenario, Settings, project
from model.analysis.evaluate import Evaluator, LeverBatch
from model.assumptions import default_assumptions


def test_batched_rows_equal_separate_projections(baseline):
    scenarios = [
        Scenario.build(Levers(budget_bn=5, outreach_pct=30, regulation_level=2)),
        Scenario.build(Levers(budget_bn=0.5), {"15": Levers(regulation_level=3, outreach_pct=80, budget_start=2028)}),
        Scenario(),
    ]
    ev = Evaluator(baseline, draws=8, seed=11)
    batch = LeverBatch.stack([ev.batch(s) for s in scenarios])
    out = ev.run(batch, year=2031)
    for k, scenario in enumerate(scenarios):
        # The analysis works on the path: the noise of a reported figure (observation_noise_pp) is left out.
        path_only = default_assumptions().with_values({"observation_noise_pp": 0.0})
        p = project(baseline, scenario, path_only, settings=Settings(draws=8, seed=11, rank_year=2031))
        np.testing.assert_allclose(out.cov_at[k] * 100, p.cov_rank[1], rtol=0, atol=1e-9)
        np.testing.assert_array_equal(out.target_t[k], p.target_t[1])
        np.testing.assert_allclose(out.central[k], p.central[1].sum(axis=0), atol=1e-12)
        slot = int(np.searchsorted(p.years, 2031))
        np.testing.assert_allclose(out.national_at[k], p.national[1, :, slot], atol=1e-12)


def test_region_subset_and_scenario_round_trip(baseline):
    ev = Evaluator(baseline)
    scenario = Scenario.build(Levers(outreach_pct=20), {"15": Levers(budget_bn=12.4)})
    full = ev.run(ev.batch(scenario), year=2030)
    one = ev.run(ev.batch(scenario), year=2030, regions=np.array([ev.index("15")]))
    assert one.cov_at[0, 0, 0] == full.cov_at[0, 0, ev.index("15")]
    assert ev.batch(scenario).scenario(0, ev.codes, scenario) == scenario
