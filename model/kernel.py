"""The monthly stock-flow step, compiled with numba and run over scenarios x regions x months x draws.

Why compiled: a projection for 38 regions x 1,000 draws x ~270 months x 2 scenarios is ~20 million
region-months. A numpy loop over months costs ~40 whole-array operations per month and takes several
hundred ms; this kernel does the arithmetic once per region-month, keeps only what the measures need (first
month at target, coverage at the rank month, year-end snapshots, the central draw's paths, the national
aggregate) and never stores the full draws x months tensor.

Loop order: the innermost loop runs over Monte Carlo draws, where every lever condition is the same, so it
is branch-free and vectorises (SIMD); the two scenarios (baseline, policy) run on two threads.

State per region, as shares of potential workers W(t) (so labour-force growth is a dilution factor):
  f  formal members (wage earners)            -> approaches a ceiling kappa * sigma_F
  v  self-paying informal members (BPU)       -> enrolment eps * uncovered informal, lapse lam * v
  g  budget-funded informal members           -> ramps toward the funded count, capped by the vulnerable pool
The value recorded at month t is the state at the start of month t; a region is frozen before its data date.

Evidence-driven details (issue 7, see data/assumptions.csv for the sources):
- the budget lever pays only in the months a year marked `paid` (programmes fund 3, 6 or 12 months); in the
  other months its funded members become non-active (g drains to the regulation-committed part);
- a region's target may change by year: `tau` is a (region, month) path, not one number;
- regulation acts through the channels the sources show, all on wage-type (PU) members: a small share of the
  formal gap closed (employer compliance), a small speed-up, and a budget commitment that enrols non-ASN
  staff and village apparatus (`reg_funded`, a share of potential workers added to the formal ceiling, paid
  by the region for as long as the regulation is in force). It never touches the budget lever's vulnerable
  pool, so more of one lever never crowds out another.
"""

from __future__ import annotations

import os
import threading

# OpenMP threads (numba's default threading layer here) spin-wait after each parallel region; in a web
# server sharing two cores with its own threads that spinning tripled the time of a projection (measured
# ~70 ms against ~22 ms with passive waiting). Set before numba loads the OpenMP runtime.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np
from numba import njit, prange

__all__ = ["simulate", "warm_up", "KERNEL_LOCK"]

# numba's default threading layer must not be entered from two threads at once (Streamlit serves each
# session in its own thread), so callers hold this lock around `simulate`.
KERNEL_LOCK = threading.Lock()

MAX_MONTHLY_RATE = 0.9


@njit(cache=True, fastmath=True, error_model="numpy", inline="always")
def _advance(
    f, v, g, inv_w, hit, f_off, f_on, a_on, e_on, l_on, g_cap,
    alpha, lam0, onboard, crowd, eps0, dilution,
    t, tau, si, funded, outreach_on, regulation_on,
):  # fmt: skip
    """One month for one region and every draw: branch-free over draws (1-D arrays), so it vectorises."""
    for d in range(f.shape[0]):
        fd = f[d]
        vd = v[d]
        gd = g[d]
        # tau is this month's target (targets may differ by year).
        hit[d] = t if (hit[d] < 0.0) & (fd + vd + gd >= tau) else hit[d]
        # Budget-funded members ramp toward a fixed number of workers (a falling share as W grows), capped
        # by the vulnerable pool; crowd-out moves self-payers into funding, and back when the budget stops.
        uncovered = max(si - vd - gd, 0.0)
        g_target = min(funded * inv_w[d], g_cap[d])
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
        eps = e_on[d] if outreach_on else eps0[d]
        lam = l_on[d] if outreach_on else lam0[d]
        v_new = v_mid + eps * uncovered - lam * v_mid
        # Formal members close a share of the gap to their ceiling; regulation raises the ceiling and speeds
        # enrolment but never speeds a decline.
        ceiling = f_on[d] if regulation_on else f_off[d]
        up = a_on[d] if regulation_on else alpha[d]
        rate = up if ceiling >= fd else alpha[d]
        f_new = fd + rate * (ceiling - fd)
        # New potential workers join uncovered: every share is diluted by growth.
        shrink = dilution[d]
        f[d] = f_new * shrink
        v[d] = v_new * shrink
        g[d] = g_new * shrink
        inv_w[d] = inv_w[d] * shrink


@njit(cache=True, parallel=True, fastmath=True, error_model="numpy")
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
    keep_yearly,
    paid,
):
    """Run every draw and both scenarios; see the module docstring for the state.

    Shapes: regions R, draws D (index 0 = central case), scenarios S (0 = baseline, 1 = policy), months T.
    Per region (R,): m0, sigma_i, f0, v0, w0; per region and month (R, T): tau (target share in force that
    month).  Per region and draw (R, D): dilution (1 / monthly growth factor),
    kappa, eps0.  Per draw (D,): alpha, lam0, reg_scale, uplift, lapse_cut, crowd, onboard, pool.
    Per scenario and region (S, R): reg_start, reg_gap, reg_speed, reg_funded (non-ASN and village staff the
    regulation's budget commitment enrols, share of W, added to the formal ceiling), bud_start, bud_end,
    funded0, out_start, out_h.
    year_index (T,) maps a month to its year-end slot or -1; paid (T,) is 1 in the months of a year the
    budget lever pays for, 0 in the others.
    Returns target_t (S, R, D) int32 (first month at target, -1 if never), cov_rank (S, R, D),
    yearly (S, R, Y, D or 1) float32, national (S, Y + 1, D) at each year end and (last slot) the rank
    month, national_central (S, T) monthly for draw 0, central (S, 3, R, T) segment shares for draw 0.
    """
    n_regions = m0.shape[0]
    n_draws = alpha.shape[0]
    n_scen = reg_start.shape[0]
    n_keep = n_draws if keep_yearly else 1
    target_t = np.full((n_scen, n_regions, n_draws), -1, dtype=np.int32)
    cov_rank = np.zeros((n_scen, n_regions, n_draws))
    yearly = np.zeros((n_scen, n_regions, n_years, n_keep), dtype=np.float32)
    national_num = np.zeros((n_scen, n_years + 1, n_draws))
    national_den = np.zeros((n_scen, n_years + 1, n_draws))
    central_num = np.zeros((n_scen, n_months))
    central_den = np.zeros((n_scen, n_months))
    central = np.zeros((n_scen, 3, n_regions, n_months))
    for s in prange(n_scen):
        f = np.empty(n_draws)
        v = np.empty(n_draws)
        g = np.empty(n_draws)
        inv_w = np.empty(n_draws)
        hit = np.empty(n_draws)
        f_off = np.empty(n_draws)
        f_on = np.empty(n_draws)
        a_on = np.empty(n_draws)
        e_on = np.empty(n_draws)
        l_on = np.empty(n_draws)
        g_cap = np.empty(n_draws)
        for r in range(n_regions):
            sf = 1.0 - sigma_i[r]
            si = sigma_i[r]
            for d in range(n_draws):
                f[d] = f0[r]
                v[d] = v0[r]
                g[d] = 0.0
                inv_w[d] = 1.0
                hit[d] = -1.0
                k = kappa[r, d]
                f_off[d] = k * sf
                gap = min(reg_gap[s, r] * reg_scale[d], 1.0)
                # Ceiling under regulation: compliance closes a share of the formal gap; the budget commitment
                # adds non-ASN and village staff (share of W), never above all formal workers.
                f_on[d] = min((k + gap * (1.0 - k)) * sf + reg_funded[s, r] * reg_scale[d], sf)
                a_on[d] = min(alpha[d] * reg_speed[s, r], MAX_MONTHLY_RATE)
                e_on[d] = eps0[r, d] * (1.0 + uplift[d] * out_h[s, r])
                l_on[d] = lam0[d] * (1.0 - lapse_cut[d] * out_h[s, r])
                g_cap[d] = pool[d] * si
            w0_r = w0[r]
            for t in range(n_months):
                active = t >= m0[r]
                slot = year_index[t]
                # Record the state at the start of month t: the national aggregate for every draw only at
                # year ends and the rank month (all that the measures use), monthly for the central draw.
                if slot >= 0 or t == rank_t:
                    k = slot if slot >= 0 else n_years
                    for d in range(n_draws):
                        weight = w0_r / inv_w[d]
                        national_num[s, k, d] += (f[d] + v[d] + g[d]) * weight
                        national_den[s, k, d] += weight
                weight0 = w0_r / inv_w[0]
                central_num[s, t] += (f[0] + v[0] + g[0]) * weight0
                central_den[s, t] += weight0
                if t == rank_t:
                    for d in range(n_draws):
                        cov_rank[s, r, d] = f[d] + v[d] + g[d]
                if slot >= 0:
                    for d in range(n_keep):
                        yearly[s, r, slot, d] = f[d] + v[d] + g[d]
                central[s, 0, r, t] = f[0]
                central[s, 1, r, t] = v[0]
                central[s, 2, r, t] = g[0]
                if not active:
                    continue
                # The budget pays only in its paid months: outside them its members become non-active.
                budget_on = (bud_start[s, r] <= t < bud_end[s, r]) and paid[t] > 0
                outreach_on = t >= out_start[s, r]
                regulation_on = t >= reg_start[s, r]
                funded_r = funded0[s, r] if budget_on else 0.0
                _advance(
                    f, v, g, inv_w, hit, f_off, f_on, a_on, e_on, l_on, g_cap,
                    alpha, lam0, onboard, crowd, eps0[r], dilution[r],
                    float(t), tau[r, t] - 1e-12, si, funded_r, outreach_on, regulation_on,
                )  # fmt: skip
            # A target first met in the very last month is recorded too.
            tau_last = tau[r, n_months - 1] - 1e-12
            for d in range(n_draws):
                if hit[d] < 0 and m0[r] < n_months and f[d] + v[d] + g[d] >= tau_last:
                    hit[d] = n_months - 1.0
            for d in range(n_draws):
                target_t[s, r, d] = np.int32(hit[d])
    national = national_num / national_den
    national_central = central_num / central_den
    return target_t, cov_rank, yearly, national, national_central, central


def warm_up() -> None:
    """Load the compiled kernel (numba's on-disk cache, or compile once) through one small projection of the
    shipped data, so that it has exactly the argument types of real runs."""
    from .data import load_baseline
    from .levers import Levers, Scenario
    from .projection import Settings, project

    project(load_baseline(), Scenario.build(Levers(budget_bn=1.0)), settings=Settings(draws=2))
