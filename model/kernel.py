"""The monthly stock-flow step, compiled with numba and run over regions x months x lanes (scenarios x draws).

Why compiled: a projection for 38 regions x 1,000 draws x ~270 months x 2 scenarios is ~20 million
region-months. A numpy loop over months costs ~40 whole-array operations per month and takes several
hundred ms; this kernel does the arithmetic once per region-month, keeps only what the measures need (first
month at target, coverage at the rank month, year-end snapshots, the central draw's paths, the national
aggregate) and never stores the full lanes x months tensor.

Lanes: every (scenario k, draw d) pair is one lane, lane = k * D + d, with its own parameters and lever
timing. The innermost loop runs over lanes and is branch-free (lever timing is a select, not a branch), so it
vectorises (SIMD) whether the lanes are 1,000 draws of two scenarios or 256 scenarios of the central case.
Regions are split into chunks that run on separate threads; each chunk keeps its own national sums, which
are added up at the end (no two threads write the same memory).

State per region, as shares of potential workers W(t) (so labour-force growth is a dilution factor):
  f  formal members (wage earners)            -> approaches a ceiling kappa * sigma_F
  v  self-paying informal members (BPU)       -> enrolment eps * uncovered informal, lapse lam * v
  g  budget-funded informal members           -> ramps toward the funded count, capped by the vulnerable pool
  h  village apparatus funded by APBDes        -> ramps toward the funded count, capped by the segment's
                                                 uncovered members (`apbdes0`, computed by the engine)
The value recorded at month t is the state at the start of month t; a region is frozen before its data date.

Evidence-driven details (issue 7, see data/assumptions.csv for the sources):
- the budget lever pays only in the months a year marked `paid` (programmes fund 3, 6 or 12 months); in the
  other months its funded members become non-active (g drains);
- a region's target may change by year: `tau` is a (region, month) path, not one number;
- regulation acts through the channels the sources show, all on wage-type (PU) members: a small share of the
  formal gap closed (employer compliance), a small speed-up, and a budget commitment that enrols non-ASN
  staff and village apparatus (`reg_funded`, a share of potential workers added to the formal ceiling, paid
  by the region for as long as the regulation is in force). It never touches the budget lever's vulnerable
  pool, so more of one lever never crowds out another.
"""

from __future__ import annotations

import os

# OpenMP threads (numba's threading layer here) spin-wait after each parallel region; in a web server
# sharing two cores with its own threads that spinning tripled the time of a projection (measured ~70 ms
# against ~22 ms with passive waiting). Set before numba loads the OpenMP runtime.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np
from numba import njit, prange

__all__ = ["simulate", "warm_up", "MAX_MONTHLY_RATE"]

MAX_MONTHLY_RATE = 0.9


@njit(cache=True, fastmath=True, error_model="numpy", inline="always")
def _advance(
    f, v, g, h, inv_w, hit, f_off, f_on, a_off, a_on, e_off, e_on, l_off, l_on, g_cap, crowd, onboard, dilution,
    funded, apbdes, bud_start, bud_end, out_start, reg_start, t, paid, tau, si,
):  # fmt: skip
    """One month for one region and every lane: branch-free over lanes (1-D arrays), so it vectorises."""
    for d in range(f.shape[0]):
        fd = f[d]
        vd = v[d]
        gd = g[d]
        hd = h[d]
        hit[d] = t if (hit[d] < 0.0) & (fd + vd + gd + hd >= tau) else hit[d]
        # Every lane's lever timing is a select on values loaded unconditionally (a conditional load would stop
        # the loop from vectorising).
        fund_b = funded[d]
        e_1 = e_on[d]
        e_0 = e_off[d]
        l_1 = l_on[d]
        l_0 = l_off[d]
        c_1 = f_on[d]
        c_0 = f_off[d]
        a_1 = a_on[d]
        a_0 = a_off[d]
        # The budget pays only in its paid months of a year: outside them its members become non-active.
        budget_on = (bud_start[d] <= t) & (t < bud_end[d]) & paid
        outreach_on = t >= out_start[d]
        regulation_on = t >= reg_start[d]
        funded_d = fund_b if budget_on else 0.0
        # Village apparatus funded by APBDes (same years and paid months as the budget): a fixed number of
        # workers already capped by the segment's uncovered members, ramping like the budget's members.
        apb_d = apbdes[d]
        h_target = (apb_d if budget_on else 0.0) * inv_w[d]
        h_new = hd + (h_target - hd) * onboard[d] if h_target >= hd else h_target
        # Budget-funded members ramp toward a fixed number of workers (a falling share as W grows), capped
        # by the vulnerable pool; crowd-out moves self-payers into funding, and back when the budget stops.
        uncovered = max(si - vd - gd, 0.0)
        g_target = min(funded_d * inv_w[d], g_cap[d])
        rising = g_target >= gd
        inflow = (g_target - gd) * onboard[d] if rising else 0.0
        moved = min(crowd[d] * inflow, vd)
        fresh = min(inflow - moved, uncovered)
        drained = 0.0 if rising else gd - g_target
        back = min(crowd[d] * drained, max(si - vd - g_target, 0.0))
        g_new = gd + moved + fresh if rising else g_target
        v_mid = vd - moved + back
        uncovered = max(si - v_mid - g_new, 0.0)
        # Self-paying informal members: enrolment from the uncovered, lapse of members.
        eps = e_1 if outreach_on else e_0
        lam = l_1 if outreach_on else l_0
        v_new = v_mid + eps * uncovered - lam * v_mid
        # Formal members close a share of the gap to their ceiling; regulation raises the ceiling and speeds
        # enrolment but never speeds a decline.
        ceiling = c_1 if regulation_on else c_0
        up = a_1 if regulation_on else a_0
        rate = up if ceiling >= fd else a_0
        f_new = fd + rate * (ceiling - fd)
        # New potential workers join uncovered: every share is diluted by growth.
        shrink = dilution[d]
        f[d] = f_new * shrink
        v[d] = v_new * shrink
        g[d] = g_new * shrink
        # Never more members than workers: the village stream fills at most what the others leave uncovered.
        h[d] = min(h_new, max(1.0 - f_new - v_new - g_new, 0.0)) * shrink
        inv_w[d] = inv_w[d] * shrink


@njit(cache=True, parallel=True, nogil=True, fastmath=True, error_model="numpy")
def simulate(
    n_months,
    m0,
    sigma_i,
    f0,
    v0,
    tau,
    w0,
    dilution,
    alpha,
    kappa,
    eps0,
    lam0,
    reg_start,
    reg_gap,
    reg_speed,
    reg_scale,
    reg_funded,
    bud_start,
    bud_end,
    funded0,
    apbdes0,
    out_start,
    out_h,
    uplift,
    lapse_cut,
    crowd,
    onboard,
    pool,
    rank_t,
    year_index,
    n_years,
    paid,
    keep_yearly,
    keep_central,
    n_chunks,
):
    """Run every lane (scenario x draw) for every region; see the module docstring for the state.

    Shapes: regions R, draws D (index 0 = central case), scenarios K, lanes L = K * D, months T, year ends Y.
    Per region (R,): m0, sigma_i, f0, v0, w0; per region and month (R, T): tau (the target share in force).
    Per region and draw (R, D): dilution (1 / monthly growth), kappa, eps0.
    Per draw (D,): alpha, lam0, reg_scale, uplift, lapse_cut, crowd, onboard, pool.
    Per scenario and region (K, R): reg_start, reg_gap, reg_speed, reg_funded (non-ASN and village staff the
    regulation's budget commitment enrols, share of W, added to the formal ceiling), bud_start, bud_end (month
    indices), funded0 (share of W0), apbdes0 (village apparatus funded by APBDes, share of W0, already capped by
    the segment's uncovered members), out_start, out_h.
    year_index (T,) maps a month to its year-end slot or -1; paid (T,) is 1 in the months of a year the budget
    lever pays for, 0 in the others.
    Returns target_t (R, L) int32 (first month at target, -1 if never), cov_rank (R, L) share at the rank
    month, yearly (R, Y, L or K) float32 year-end shares (every lane or the central lane of each scenario),
    national (L, Y + 1) at each year end and (last slot) the rank month, national_central (K, T or 0) monthly
    for draw 0 and central (K, 4, R, T or 0) segment shares for draw 0 (formal, self-paying, budget-funded,
    APBDes-funded village apparatus; T when keep_central, else 0).
    """
    n_regions = m0.shape[0]
    n_draws = alpha.shape[0]
    n_scen = reg_start.shape[0]
    n_lanes = n_scen * n_draws
    n_keep = n_lanes if keep_yearly else n_scen
    n_central_t = n_months if keep_central else 0
    target_t = np.full((n_regions, n_lanes), -1, dtype=np.int32)
    cov_rank = np.zeros((n_regions, n_lanes))
    yearly = np.zeros((n_regions, n_years, n_keep), dtype=np.float32)
    central = np.zeros((n_scen, 4, n_regions, n_central_t))
    national_num = np.zeros((n_chunks, n_years + 1, n_lanes))
    national_den = np.zeros((n_chunks, n_years + 1, n_lanes))
    central_num = np.zeros((n_chunks, n_scen, n_central_t))
    central_den = np.zeros((n_chunks, n_scen, n_central_t))
    for c in prange(n_chunks):
        f = np.empty(n_lanes)
        v = np.empty(n_lanes)
        g = np.empty(n_lanes)
        h = np.empty(n_lanes)
        inv_w = np.empty(n_lanes)
        hit = np.empty(n_lanes)
        f_off = np.empty(n_lanes)
        f_on = np.empty(n_lanes)
        a_off = np.empty(n_lanes)
        a_on = np.empty(n_lanes)
        e_off = np.empty(n_lanes)
        e_on = np.empty(n_lanes)
        l_off = np.empty(n_lanes)
        l_on = np.empty(n_lanes)
        g_cap = np.empty(n_lanes)
        crowd_l = np.empty(n_lanes)
        onboard_l = np.empty(n_lanes)
        dil_l = np.empty(n_lanes)
        funded_l = np.empty(n_lanes)
        apb_l = np.empty(n_lanes)
        bs_l = np.empty(n_lanes)
        be_l = np.empty(n_lanes)
        os_l = np.empty(n_lanes)
        rs_l = np.empty(n_lanes)
        cov = np.empty(n_lanes)
        for r in range(c, n_regions, n_chunks):
            sf = 1.0 - sigma_i[r]
            si = sigma_i[r]
            for k in range(n_scen):
                for d in range(n_draws):
                    lane = k * n_draws + d
                    f[lane] = f0[r]
                    v[lane] = v0[r]
                    g[lane] = 0.0
                    h[lane] = 0.0
                    inv_w[lane] = 1.0
                    hit[lane] = -1.0
                    kap = kappa[r, d]
                    f_off[lane] = kap * sf
                    gap = min(reg_gap[k, r] * reg_scale[d], 1.0)
                    # Ceiling under regulation: compliance closes a share of the formal gap; the budget
                    # commitment adds non-ASN and village staff (share of W), never above all formal workers.
                    f_on[lane] = min((kap + gap * (1.0 - kap)) * sf + reg_funded[k, r] * reg_scale[d], sf)
                    a_off[lane] = alpha[d]
                    a_on[lane] = min(alpha[d] * reg_speed[k, r], MAX_MONTHLY_RATE)
                    e_off[lane] = eps0[r, d]
                    e_on[lane] = eps0[r, d] * (1.0 + uplift[d] * out_h[k, r])
                    l_off[lane] = lam0[d]
                    l_on[lane] = lam0[d] * (1.0 - lapse_cut[d] * out_h[k, r])
                    g_cap[lane] = pool[d] * si
                    crowd_l[lane] = crowd[d]
                    onboard_l[lane] = onboard[d]
                    dil_l[lane] = dilution[r, d]
                    funded_l[lane] = funded0[k, r]
                    apb_l[lane] = apbdes0[k, r]
                    bs_l[lane] = bud_start[k, r]
                    be_l[lane] = bud_end[k, r]
                    os_l[lane] = out_start[k, r]
                    rs_l[lane] = reg_start[k, r]
            w0_r = w0[r]
            for t in range(n_months):
                slot = year_index[t]
                # Record the state at the start of month t: every lane only at year ends and the rank month
                # (all that the measures use), the central lane of each scenario monthly when paths are kept.
                if slot >= 0 or t == rank_t:
                    for lane in range(n_lanes):
                        cov[lane] = f[lane] + v[lane] + g[lane] + h[lane]
                    s_nat = slot if slot >= 0 else n_years
                    for lane in range(n_lanes):
                        weight = w0_r / inv_w[lane]
                        national_num[c, s_nat, lane] += cov[lane] * weight
                        national_den[c, s_nat, lane] += weight
                    if t == rank_t:
                        for lane in range(n_lanes):
                            cov_rank[r, lane] = cov[lane]
                    if slot >= 0:
                        if keep_yearly:
                            for lane in range(n_lanes):
                                yearly[r, slot, lane] = cov[lane]
                        else:
                            for k in range(n_scen):
                                yearly[r, slot, k] = cov[k * n_draws]
                if keep_central:
                    for k in range(n_scen):
                        lane = k * n_draws
                        weight0 = w0_r / inv_w[lane]
                        central_num[c, k, t] += (f[lane] + v[lane] + g[lane] + h[lane]) * weight0
                        central_den[c, k, t] += weight0
                        central[k, 0, r, t] = f[lane]
                        central[k, 1, r, t] = v[lane]
                        central[k, 2, r, t] = g[lane]
                        central[k, 3, r, t] = h[lane]
                if t < m0[r]:
                    continue
                _advance(
                    f, v, g, h, inv_w, hit, f_off, f_on, a_off, a_on, e_off, e_on, l_off, l_on, g_cap, crowd_l,
                    onboard_l, dil_l, funded_l, apb_l, bs_l, be_l, os_l, rs_l, float(t), paid[t] > 0,
                    tau[r, t] - 1e-12, si,
                )  # fmt: skip
            # A target first met in the very last month is recorded too.
            tau_last = tau[r, n_months - 1] - 1e-12
            for lane in range(n_lanes):
                if hit[lane] < 0 and m0[r] < n_months and f[lane] + v[lane] + g[lane] + h[lane] >= tau_last:
                    hit[lane] = n_months - 1.0
                target_t[r, lane] = np.int32(hit[lane])
    national = national_num.sum(axis=0) / national_den.sum(axis=0)
    national_central = central_num.sum(axis=0) / central_den.sum(axis=0)
    return target_t, cov_rank, yearly, national.T.copy(), national_central, central


def warm_up() -> None:
    """Load the compiled kernel (numba's on-disk cache, or compile once) through one small projection of the
    shipped data, so that it has exactly the argument types of real runs."""
    from .data import load_baseline
    from .levers import Levers, Scenario
    from .projection import Settings, project

    project(load_baseline(), Scenario.build(Levers(budget_bn=1.0)), settings=Settings(draws=2))
