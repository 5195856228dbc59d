"""One property per mechanism of the monthly kernel (model/kernel.py), each written so that flipping the sign or
dropping the term of that mechanism makes it fail (checked by hand: see the module's mutation list in the
README's testing section). Each compares two runs that differ in one assumption only, through the engine."""

from __future__ import annotations

import numpy as np
import pytest

from model import Levers, Scenario, Settings, default_assumptions
from model.engine import Engine, LeverArrays

SELF, FUNDED, FORMAL = 1, 2, 0
SETTINGS = Settings(horizon_year=2035, rank_year=2030)
# Regulation's budget channel off, so the compliance channel (gap closed, speed) is seen alone.
NO_REG_FUNDING = {f"regulation_funded_share_{i}": 0.0 for i in (1, 2, 3)}


def run(baseline, levers: Levers, changes: dict | None = None):
    """Central monthly segment shares (3, R, T) under `levers` with some assumptions changed."""
    assumptions = default_assumptions().with_values(changes or {})
    engine = Engine.prepare(baseline, assumptions, SETTINGS)
    result = engine.run(engine.levers([Scenario.build(levers)]), keep_paths=True)
    return engine, result.central[0]


def after_start(engine, shares, year=2027):
    """Months from January of the levers' start year, where every region is projected."""
    start = max(int(engine.grid.index_of(year, 1)), int(engine.m0.max()))
    return shares[..., start + 1 :]


def test_outreach_lapse_cut_keeps_more_self_paying_members(baseline):
    """A larger cut of the lapse rate under outreach leaves more self-paying members, in every region."""
    levers = Levers(outreach_pct=80)
    engine, low = run(baseline, levers, {"outreach_lapse_cut": 0.05})
    _, high = run(baseline, levers, {"outreach_lapse_cut": 0.6})
    gain = after_start(engine, high[SELF] - low[SELF])
    assert (gain >= -1e-12).all()
    assert (gain[:, -1] > 1e-4).all()


def test_outreach_enrolment_uplift_enrols_more(baseline):
    levers = Levers(outreach_pct=80)
    engine, low = run(baseline, levers, {"outreach_enrolment_uplift": 0.2})
    _, high = run(baseline, levers, {"outreach_enrolment_uplift": 2.0})
    gain = after_start(engine, high[SELF] - low[SELF])
    assert (gain >= -1e-12).all()
    assert (gain[:, -1] > 1e-4).all()


def test_outreach_has_no_effect_before_it_starts(baseline):
    engine, base = run(baseline, Levers())
    _, late = run(baseline, Levers(outreach_pct=100, outreach_start=2030))
    before = int(engine.grid.index_of(2030, 1))
    np.testing.assert_array_equal(base[..., : before + 1], late[..., : before + 1])
    assert (late[SELF, :, -1] > base[SELF, :, -1]).all()


def test_crowd_out_moves_self_payers_into_funding(baseline):
    """With a budget, a larger crowd-out share leaves fewer self-paying members and never more coverage."""
    levers = Levers(budget_bn=5)
    engine, none = run(baseline, levers, {"crowd_out_share": 0.0})
    _, much = run(baseline, levers, {"crowd_out_share": 0.6})
    fewer = after_start(engine, much[SELF] - none[SELF])[:, -1]
    assert (fewer < 0).all()
    assert (fewer < -1e-5).mean() > 0.9  # a region with few self-payers left has little to move
    total_gap = after_start(engine, much.sum(axis=0) - none.sum(axis=0))
    assert (total_gap <= 1e-12).all()
    assert (total_gap[:, 24] < 0).any()


def test_onboarding_months_slow_the_funded_ramp(baseline):
    levers = Levers(budget_bn=5)
    engine, fast = run(baseline, levers, {"onboarding_months": 1})
    _, slow = run(baseline, levers, {"onboarding_months": 12})
    first_year = after_start(engine, slow[FUNDED] - fast[FUNDED])[:, :6]
    assert (first_year <= 1e-12).all()
    assert (first_year[:, 2] < 0).all()


def test_funded_members_never_exceed_the_vulnerable_pool(baseline):
    for share in (0.1, 0.3):
        engine, shares = run(baseline, Levers(budget_bn=200), {"vulnerable_share": share})
        pool = share * engine.sigma_i[:, None]
        assert (shares[FUNDED] <= pool + 1e-12).all()
        # a budget this large fills the pool wherever enough informal workers are still uncovered
        assert np.median(shares[FUNDED].max(axis=1) / pool[:, 0]) > 0.9


@pytest.mark.parametrize("level", [1, 2, 3])
def test_regulation_gap_closed_raises_formal_members(baseline, level):
    levers = Levers(regulation_level=level)
    key = f"regulation_gap_closed_{level}"
    low_values = {f"regulation_gap_closed_{i}": 0.0 for i in (1, 2, 3)}
    high_values = {f"regulation_gap_closed_{i}": 0.0 if i < level else 0.5 for i in (1, 2, 3)}
    engine, low = run(baseline, levers, low_values | NO_REG_FUNDING)
    _, high = run(baseline, levers, high_values | NO_REG_FUNDING)
    gain = after_start(engine, high[FORMAL] - low[FORMAL])
    assert (gain >= -1e-12).all(), key
    below_ceiling = engine.kappa[0] < 0.99  # a region whose formal ceiling is already everyone has no gap
    assert below_ceiling.sum() > 10
    assert (gain[below_ceiling, -1] > 1e-4).all(), key


def test_regulation_speed_brings_formal_members_sooner(baseline):
    changes = {f"regulation_gap_closed_{i}": 0.3 for i in (1, 2, 3)} | NO_REG_FUNDING
    slow_speeds = {f"regulation_speed_{i}": 1.0 for i in (1, 2, 3)}
    quick_speeds = {f"regulation_speed_{i}": 4.0 for i in (1, 2, 3)}
    engine, slow = run(baseline, Levers(regulation_level=3), changes | slow_speeds)
    _, quick = run(baseline, Levers(regulation_level=3), changes | quick_speeds)
    gain = after_start(engine, quick[FORMAL] - slow[FORMAL])
    assert (gain >= -1e-12).all()
    # regions whose formal members sit above their ceiling decline at the normal rate (never sped up)
    assert (gain[engine.kappa[0] < 0.99, 12] > 1e-4).mean() > 0.8


def test_the_target_month_is_the_first_month_at_target(baseline):
    """target_t is exactly the first projected month whose coverage is at or above the target."""
    engine = Engine.prepare(baseline, settings=SETTINGS)
    levers = engine.levers([Scenario(), Scenario.build(Levers(budget_bn=10, regulation_level=2, outreach_pct=50))])
    result = engine.run(levers, keep_paths=True)
    coverage = result.central.sum(axis=1)  # (K, R, T)
    tau = engine.tau[None] - 1e-12
    months = np.arange(engine.grid.n_months)
    at_target = (coverage >= tau) & (months[None, None, :] >= engine.m0[None, :, None])
    first = np.where(at_target.any(axis=2), at_target.argmax(axis=2), -1)
    np.testing.assert_array_equal(result.target_t[:, 0, :], first)
    assert ((first > engine.m0[None, :]) & (first >= 0)).any()  # some region reaches it during the projection


def test_dilution_by_labour_growth_lowers_each_segment_share(baseline):
    """Growth of potential workers dilutes members; with no trend, faster growth means lower shares."""
    flat = {"national_trend_pct_per_year": 0.0, "trend_shrinkage_years": 50}
    engine, slow = run(baseline, Levers(), flat | {"labour_growth_offset_pp": -2})
    _, fast = run(baseline, Levers(), flat | {"labour_growth_offset_pp": 2})
    # the trend calibration offsets growth at the data date; the longer run still separates them
    assert (after_start(engine, fast.sum(axis=0))[:, -1] != after_start(engine, slow.sum(axis=0))[:, -1]).any()


def test_many_scenarios_in_one_call_equal_one_call_each(baseline):
    """Lanes do not leak into each other: each scenario of a batch equals its own run."""
    engine = Engine.prepare(baseline, settings=Settings(draws=8, seed=4))
    scenarios = [
        Scenario(),
        Scenario.build(Levers(budget_bn=3)),
        Scenario.build(Levers(outreach_pct=70, outreach_start=2028)),
        Scenario.build(Levers(regulation_level=3, budget_bn=1, budget_end=2029), {"15": Levers(outreach_pct=20)}),
    ]
    together = engine.run(engine.levers(scenarios), keep_paths=True, keep_draws=True)
    for k, scenario in enumerate(scenarios):
        alone = engine.run(LeverArrays.from_scenarios([scenario], engine.codes), keep_paths=True, keep_draws=True)
        np.testing.assert_array_equal(together.target_t[k], alone.target_t[0])
        np.testing.assert_array_equal(together.yearly[k], alone.yearly[0])
        np.testing.assert_array_equal(together.central[k], alone.central[0])
        np.testing.assert_allclose(together.national[k], alone.national[0], rtol=1e-12)


def test_working_precision_float32_matches_float64(baseline):
    """The kernel works in float32 (twice the lanes per vector instruction); against a float64 run of the same
    inputs, coverage differs far below the 0.01 pp shown, the central case reaches its target in the same month,
    and a draw's target month moves by at most one month in very few draws."""
    from model.engine import BatchResult
    from model.runner import InProcessRunner

    engine = Engine.prepare(baseline, settings=Settings(draws=200, seed=7))
    policy = LeverArrays.from_values(engine.n_regions, budget_bn=20, outreach_pct=60, regulation_level=2)
    levers = LeverArrays.stack([LeverArrays.none(engine.n_regions), policy])
    results = {}
    for precision in (np.float32, np.float64):
        inputs = engine.kernel_inputs(levers, keep_paths=True, keep_draws=True, precision=precision)
        results[precision] = BatchResult.from_kernel(engine, levers, InProcessRunner().run(inputs))
    low, high = results[np.float32], results[np.float64]
    assert low.yearly.shape == high.yearly.shape
    assert np.abs(low.yearly.astype(float) - high.yearly).max() * 100 < 0.002
    assert np.abs(low.coverage_rank - high.coverage_rank).max() < 0.002
    assert np.nanmax(np.abs(low.national - high.national)) * 100 < 0.002
    assert np.abs(low.coverage_paths() - high.coverage_paths()).max() < 0.002
    np.testing.assert_array_equal(low.target_t[:, 0], high.target_t[:, 0])
    moved = low.target_t != high.target_t
    assert moved.mean() < 1e-3
    assert np.abs(low.target_t - high.target_t)[moved].max(initial=0) <= 1


def _raw(engine, levers, **options):
    """The kernel's own outputs (R, K x D lanes) for some lever sets, in-process."""
    from model.runner import InProcessRunner

    return InProcessRunner().run(engine.kernel_inputs(levers, keep_paths=True, keep_draws=True, **options))


def test_idle_months_give_the_same_figures_as_the_full_step(baseline):
    """A month in which no lane of a block has or gets funded members runs the reduced step (`_step_idle`);
    it must give bit-identical figures to the full step. The no-policy scenario runs idle when its block holds
    only its own draws (41 draws), and the full step from the budget's start when its block also holds the
    budget scenario's lanes (5 draws, one block): the first 5 draws of both runs must be equal."""
    engine = Engine.prepare(baseline, settings=Settings(draws=40, seed=5, horizon_year=2035))
    levers = LeverArrays.stack(
        [
            LeverArrays.none(engine.n_regions),
            LeverArrays.from_values(engine.n_regions, budget_bn=25, apbdes_bn=10, budget_end=2029),
        ]
    )
    r, t_len = engine.n_regions, engine.grid.n_months
    alone = _raw(engine, levers)
    mixed = _raw(engine, levers, draws=slice(0, 5))
    by_lane = {"alone": alone.target_t.reshape(r, 2, 41), "mixed": mixed.target_t.reshape(r, 2, 5)}
    np.testing.assert_array_equal(by_lane["alone"][:, :, :5], by_lane["mixed"])
    years = alone.yearly.shape[1]
    np.testing.assert_array_equal(alone.yearly.reshape(r, years, 2, 41)[..., :5], mixed.yearly.reshape(r, years, 2, 5))
    np.testing.assert_array_equal(alone.cov_rank.reshape(r, 2, 41)[..., :5], mixed.cov_rank.reshape(r, 2, 5))
    np.testing.assert_array_equal(alone.central, mixed.central)
    assert alone.central.shape == (2, 4, r, t_len)
    # the budget scenario does fund members (so the mixed block really ran the full step), and they drain
    # after the budget ends
    assert alone.central[1, 2].max() > 1e-4
    assert alone.central[1, 2, :, -1].max() == 0.0


def test_threads_do_not_change_any_figure(baseline):
    """Regions are split into chunks that run on separate threads: one chunk (serial) and many give the same
    figures; national sums are added in another order, so they agree to float64 round-off."""
    from dataclasses import replace

    from model.kernel import simulate

    engine = Engine.prepare(baseline, settings=Settings(draws=30, seed=9))
    policy = LeverArrays.from_values(engine.n_regions, budget_bn=10, outreach_pct=50, regulation_level=2)
    inputs = engine.kernel_inputs(LeverArrays.stack([LeverArrays.none(engine.n_regions), policy]), keep_paths=True)
    serial = simulate(*replace(inputs, n_chunks=1).args())
    parallel = simulate(*replace(inputs, n_chunks=7).args())
    for one, many in zip(serial[:3] + serial[5:], parallel[:3] + parallel[5:], strict=True):
        np.testing.assert_array_equal(one, many)
    np.testing.assert_allclose(serial[3], parallel[3], rtol=1e-12)
    np.testing.assert_allclose(serial[4], parallel[4], rtol=1e-12)


def test_the_same_seed_gives_the_same_draws_and_another_seed_other_draws(baseline):
    policy = Scenario.build(Levers(budget_bn=10, outreach_pct=50))

    def yearly_by_draw(seed: int) -> np.ndarray:
        engine = Engine.prepare(baseline, settings=Settings(draws=50, seed=seed))
        return engine.run(engine.levers([policy]), keep_draws=True).yearly

    first, again, other = yearly_by_draw(11), yearly_by_draw(11), yearly_by_draw(12)
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, other)
    np.testing.assert_array_equal(first[:, 0], other[:, 0])  # the central case does not depend on the seed
