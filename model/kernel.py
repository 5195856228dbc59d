"""The monthly stock-flow step, compiled with numba and run over regions x months x lanes (scenarios x draws).

Why compiled: a projection for 38 regions x 1,000 draws x ~270 months x 2 scenarios is ~20 million
region-months. A numpy loop over months costs ~40 whole-array operations per month and takes several
hundred ms; this kernel does the arithmetic once per region-month, keeps only what the measures need (first
month at target, coverage at the rank month, year-end snapshots, the central draw's paths, the national
aggregate) and never stores the full lanes x months tensor.

Lanes: every (scenario k, draw d) pair is one lane, lane = k * D + d, with its own parameters. Lanes run in
blocks of up to LANE_BLOCK that go through every month before the next block starts (a block's state stays in
the fastest cache). With many draws a block holds draws of one scenario, whose lever timing is then one choice
per month for the whole block (`_advance_draws`); otherwise (e.g. 256 scenarios of the central case) each lane
selects its own timing (`_advance`). Both innermost loops are branch-free, so they vectorise (SIMD), and both
call `_step`, the model's arithmetic. A month in which no lane of a block has or gets budget- or APBDes-funded
members (the no-policy baseline; any scenario before its budget starts) runs `_step_idle`, the same arithmetic
less its exactly-zero terms (bit-identical results, under half the work; see EXACT_FAST_MATH). The first month
at target is counted (`_count_below`), not recorded by a select. The state and rates are in the working
precision given by the `working` argument's dtype (float32 in use: 8 lanes per AVX2 instruction instead of 4;
model/engine.py WORKING_DTYPE says what that costs in accuracy); sums over regions and outputs are float64.
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
# numba's fastmath without reassociation and without contraction into fused multiply-adds: no NaN or infinity
# occurs, so min/max and selects vectorise, but every sum and product is rounded as written. Why: a lane then
# gets bit-identical results from `_step` and `_step_idle` (whose dropped terms are exact zeros), so a scenario
# gives the same figures whatever it is batched with and whichever path a month takes.
EXACT_FAST_MATH = {"nnan", "ninf", "nsz"}
# Lanes per block: 26 arrays of this many float32 values (~27 KB) fit a core's L1 data cache.
LANE_BLOCK = 256
# With at least this many draws, a block holds the draws of one scenario (see `_advance_draws`).
MIN_DRAWS_PER_BLOCK = 16
# Slots of the `month` array, the month's scalars in the working precision (numba types a scalar read from an
# array by the array's dtype, so these stay float32 where a Python float would promote the arithmetic).
M_T, M_TAU, M_SI, M_ELAPSED, M_ONE, M_FUNDED, M_APBDES = range(7)


@njit(cache=True, fastmath=EXACT_FAST_MATH, error_model="numpy", inline="always")
def _step(fd, vd, gd, hd, inv_wd, funded_d, apbdes_d, g_cap, crowd, onboard, eps, lam, ceiling, up, a_0, shrink, si):
    """One month of one lane, with the levers in force already chosen: the model's arithmetic, in one place.

    Every argument has the working precision (see `simulate`); returns the next (f, v, g, h, 1 / W) of the lane."""
    zero = shrink - shrink  # 0 and 1 in the working precision (a float64 literal would promote float32 arithmetic)
    one = shrink / shrink
    # Village apparatus funded by APBDes (same years and paid months as the budget): a fixed number of
    # workers already capped by the segment's uncovered members, ramping like the budget's members.
    h_target = apbdes_d * inv_wd
    h_new = hd + (h_target - hd) * onboard if h_target >= hd else h_target
    # Budget-funded members ramp toward a fixed number of workers (a falling share as W grows), capped
    # by the vulnerable pool; crowd-out moves self-payers into funding, and back when the budget stops.
    uncovered = max(si - vd - gd, zero)
    g_target = min(funded_d * inv_wd, g_cap)
    rising = g_target >= gd
    inflow = (g_target - gd) * onboard if rising else zero
    moved = min(crowd * inflow, vd)
    fresh = min(inflow - moved, uncovered)
    drained = zero if rising else gd - g_target
    back = min(crowd * drained, max(si - vd - g_target, zero))
    g_new = gd + moved + fresh if rising else g_target
    v_mid = vd - moved + back
    uncovered = max(si - v_mid - g_new, zero)
    # Self-paying informal members: enrolment from the uncovered, lapse of members.
    v_new = v_mid + eps * uncovered - lam * v_mid
    # Formal members close a share of the gap to their ceiling; regulation raises the ceiling and speeds
    # enrolment but never speeds a decline.
    rate = up if ceiling >= fd else a_0
    f_new = fd + rate * (ceiling - fd)
    # New potential workers join uncovered: every share is diluted by growth.
    # Never more members than workers: the village stream fills at most what the others leave uncovered.
    h_new = min(h_new, max(one - f_new - v_new - g_new, zero))
    return f_new * shrink, v_new * shrink, g_new * shrink, h_new * shrink, inv_wd * shrink


@njit(cache=True, fastmath=EXACT_FAST_MATH, error_model="numpy", inline="always")
def _count_below(below, cov, tau, elapsed, one):
    """A lane's months below its target so far, counted until the first month at target: `below` equals the
    months elapsed since the data date for as long as the target was never met, and stops growing at the first
    month at target (so that month is data date + below). Arithmetic rather than "record t at the first hit",
    whose select on the stored value compiles to a masked store that is slow on this CPU (measured: the record
    took longer than the month's whole step)."""
    return below + (one if (below == elapsed) & (cov < tau) else one - one)


@njit(cache=True, fastmath=EXACT_FAST_MATH, error_model="numpy", inline="always")
def _advance(
    f, v, g, h, inv_w, below, f_off, f_on, a_off, a_on, e_off, e_on, l_off, l_on, g_cap, crowd, onboard, dilution,
    funded, apbdes, bud_start, bud_end, out_start, reg_start, paid, month, n,
):  # fmt: skip
    """One month for one region and the first n lanes of a block, each lane with its own lever timing (lanes
    of different scenarios): branch-free over lanes, so it vectorises. `month` holds the month's scalars."""
    t = month[M_T]
    tau = month[M_TAU]
    si = month[M_SI]
    elapsed = month[M_ELAPSED]
    one = month[M_ONE]
    zero = one - one
    for d in range(n):
        fd = f[d]
        vd = v[d]
        gd = g[d]
        hd = h[d]
        below[d] = _count_below(below[d], fd + vd + gd + hd, tau, elapsed, one)
        # Every lane's lever timing is a select on values loaded unconditionally (a conditional load would stop
        # the loop from vectorising). The budget pays only in its paid months of a year.
        fund_b = funded[d]
        e_1 = e_on[d]
        e_0 = e_off[d]
        l_1 = l_on[d]
        l_0 = l_off[d]
        c_1 = f_on[d]
        c_0 = f_off[d]
        a_1 = a_on[d]
        a_0 = a_off[d]
        budget_on = (bud_start[d] <= t) & (t < bud_end[d]) & paid
        outreach_on = t >= out_start[d]
        regulation_on = t >= reg_start[d]
        f[d], v[d], g[d], h[d], inv_w[d] = _step(
            fd, vd, gd, hd, inv_w[d], fund_b if budget_on else zero, apbdes[d] if budget_on else zero, g_cap[d],
            crowd[d], onboard[d],
            e_1 if outreach_on else e_0, l_1 if outreach_on else l_0, c_1 if regulation_on else c_0,
            a_1 if regulation_on else a_0, a_0, dilution[d], si,
        )  # fmt: skip


@njit(cache=True, fastmath=EXACT_FAST_MATH, error_model="numpy", inline="always")
def _advance_draws(
    f, v, g, h, inv_w, below, ceiling, up, a_off, eps, lam, g_cap, crowd, onboard, dilution, month, n,
):  # fmt: skip
    """One month for the first n lanes of a block that are draws of ONE scenario: the levers in force are the
    same for every lane, chosen by the caller (an array per lever state, the funded shares in `month`), so no
    lane selects its timing."""
    tau = month[M_TAU]
    si = month[M_SI]
    elapsed = month[M_ELAPSED]
    one = month[M_ONE]
    funded = month[M_FUNDED]
    apbdes = month[M_APBDES]
    for d in range(n):
        fd = f[d]
        vd = v[d]
        gd = g[d]
        hd = h[d]
        below[d] = _count_below(below[d], fd + vd + gd + hd, tau, elapsed, one)
        f[d], v[d], g[d], h[d], inv_w[d] = _step(
            fd, vd, gd, hd, inv_w[d], funded, apbdes, g_cap[d], crowd[d], onboard[d], eps[d], lam[d], ceiling[d], up[d],
            a_off[d], dilution[d], si,
        )  # fmt: skip


@njit(cache=True, fastmath=EXACT_FAST_MATH, error_model="numpy", inline="always")
def _step_idle(fd, vd, inv_wd, eps, lam, ceiling, up, a_0, shrink, si):
    """`_step` for a lane with no budget-funded and no APBDes-funded members (g = h = 0) in a month in which
    neither lever funds anyone: g and h stay exactly 0 (`_step` then has g_target = h_target = 0, no inflow, no
    crowd-out, nothing drained), so only formal and self-paying members move, by `_step`'s arithmetic less its
    terms that are exactly zero. Why: most lane-months of a run are idle (the no-policy baseline, every
    scenario before its budget starts), and this is under half the operations of `_step`."""
    zero = shrink - shrink
    uncovered = max(si - vd, zero)
    v_new = vd + eps * uncovered - lam * vd
    rate = up if ceiling >= fd else a_0
    f_new = fd + rate * (ceiling - fd)
    return f_new * shrink, v_new * shrink, inv_wd * shrink


@njit(cache=True, fastmath=EXACT_FAST_MATH, error_model="numpy", inline="always")
def _advance_idle(
    f, v, inv_w, below, f_off, f_on, a_off, a_on, e_off, e_on, l_off, l_on, dilution, out_start, reg_start, month, n,
):  # fmt: skip
    """`_advance` in an idle month (`_step_idle`): each lane still selects its own outreach and regulation."""
    t = month[M_T]
    tau = month[M_TAU]
    si = month[M_SI]
    elapsed = month[M_ELAPSED]
    one = month[M_ONE]
    for d in range(n):
        fd = f[d]
        vd = v[d]
        below[d] = _count_below(below[d], fd + vd, tau, elapsed, one)
        e_1 = e_on[d]
        e_0 = e_off[d]
        l_1 = l_on[d]
        l_0 = l_off[d]
        c_1 = f_on[d]
        c_0 = f_off[d]
        a_1 = a_on[d]
        a_0 = a_off[d]
        outreach_on = t >= out_start[d]
        regulation_on = t >= reg_start[d]
        f[d], v[d], inv_w[d] = _step_idle(
            fd, vd, inv_w[d], e_1 if outreach_on else e_0, l_1 if outreach_on else l_0,
            c_1 if regulation_on else c_0, a_1 if regulation_on else a_0, a_0, dilution[d], si,
        )  # fmt: skip


@njit(cache=True, fastmath=EXACT_FAST_MATH, error_model="numpy", inline="always")
def _advance_draws_idle(f, v, inv_w, below, ceiling, up, a_off, eps, lam, dilution, month, n):
    """`_advance_draws` in an idle month (`_step_idle`)."""
    tau = month[M_TAU]
    si = month[M_SI]
    elapsed = month[M_ELAPSED]
    one = month[M_ONE]
    for d in range(n):
        fd = f[d]
        vd = v[d]
        below[d] = _count_below(below[d], fd + vd, tau, elapsed, one)
        f[d], v[d], inv_w[d] = _step_idle(
            fd, vd, inv_w[d], eps[d], lam[d], ceiling[d], up[d], a_off[d], dilution[d], si
        )


@njit(cache=True, parallel=True, nogil=True, fastmath=EXACT_FAST_MATH, error_model="numpy")
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
    working,
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
    lever pays for, 0 in the others. working: a zero-length array whose dtype is the working precision.
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
    # Blocks of lanes: the draws of one scenario when there are many draws (its lever timing is then the same
    # for every lane of the block), else runs of consecutive lanes across scenarios.
    block = min(LANE_BLOCK, n_lanes)
    if n_draws >= MIN_DRAWS_PER_BLOCK:
        per_scenario = (n_draws + block - 1) // block
        n_blocks = n_scen * per_scenario
        block_lo = np.empty(n_blocks, dtype=np.int64)
        block_n = np.empty(n_blocks, dtype=np.int64)
        block_k = np.empty(n_blocks, dtype=np.int64)
        for k in range(n_scen):
            for i in range(per_scenario):
                b = k * per_scenario + i
                block_lo[b] = k * n_draws + i * block
                block_n[b] = min(block, n_draws - i * block)
                block_k[b] = k
    else:
        n_blocks = (n_lanes + block - 1) // block
        block_lo = np.arange(n_blocks) * block
        block_n = np.minimum(block, n_lanes - block_lo)
        block_k = np.full(n_blocks, -1, dtype=np.int64)
    for c in prange(n_chunks):
        f = np.empty(block, working.dtype)
        v = np.empty(block, working.dtype)
        g = np.empty(block, working.dtype)
        h = np.empty(block, working.dtype)
        inv_w = np.empty(block, working.dtype)
        below = np.empty(block, working.dtype)
        f_off = np.empty(block, working.dtype)
        f_on = np.empty(block, working.dtype)
        a_off = np.empty(block, working.dtype)
        a_on = np.empty(block, working.dtype)
        e_off = np.empty(block, working.dtype)
        e_on = np.empty(block, working.dtype)
        l_off = np.empty(block, working.dtype)
        l_on = np.empty(block, working.dtype)
        g_cap = np.empty(block, working.dtype)
        crowd_l = np.empty(block, working.dtype)
        onboard_l = np.empty(block, working.dtype)
        dil_l = np.empty(block, working.dtype)
        funded_l = np.empty(block, working.dtype)
        apb_l = np.empty(block, working.dtype)
        bs_l = np.empty(block, working.dtype)
        be_l = np.empty(block, working.dtype)
        os_l = np.empty(block, working.dtype)
        rs_l = np.empty(block, working.dtype)
        cov = np.empty(block, working.dtype)
        month = np.zeros(7, working.dtype)
        month[M_ONE] = 1.0
        for r in range(c, n_regions, n_chunks):
            sf = 1.0 - sigma_i[r]
            si = sigma_i[r]
            w0_r = w0[r]
            # Lanes run in blocks that run through every month before the next block starts: a block's
            # state and parameters stay in the core's fastest cache (all lanes at once would not fit).
            for b in range(n_blocks):
                lo = block_lo[b]
                n = block_n[b]
                kb = block_k[b]
                # The months in which a lane of the block may have budget- or APBDes-funded members: from the
                # earliest start to the latest end among lanes whose levers fund anyone (none: an empty span).
                busy_lo = n_months
                busy_hi = 0
                for j in range(n):
                    lane = lo + j
                    k = lane // n_draws
                    d = lane - k * n_draws
                    f[j] = f0[r]
                    v[j] = v0[r]
                    g[j] = 0.0
                    h[j] = 0.0
                    inv_w[j] = 1.0
                    below[j] = 0.0
                    kap = kappa[r, d]
                    f_off[j] = kap * sf
                    gap = min(reg_gap[k, r] * reg_scale[d], 1.0)
                    # Ceiling under regulation: compliance closes a share of the formal gap; the budget
                    # commitment adds non-ASN and village staff (share of W), never above all formal workers.
                    f_on[j] = min((kap + gap * (1.0 - kap)) * sf + reg_funded[k, r] * reg_scale[d], sf)
                    a_off[j] = alpha[d]
                    a_on[j] = min(alpha[d] * reg_speed[k, r], MAX_MONTHLY_RATE)
                    e_off[j] = eps0[r, d]
                    e_on[j] = eps0[r, d] * (1.0 + uplift[d] * out_h[k, r])
                    l_off[j] = lam0[d]
                    l_on[j] = lam0[d] * (1.0 - lapse_cut[d] * out_h[k, r])
                    g_cap[j] = pool[d] * si
                    crowd_l[j] = crowd[d]
                    onboard_l[j] = onboard[d]
                    dil_l[j] = dilution[r, d]
                    funded_l[j] = funded0[k, r]
                    apb_l[j] = apbdes0[k, r]
                    bs_l[j] = bud_start[k, r]
                    be_l[j] = bud_end[k, r]
                    os_l[j] = out_start[k, r]
                    rs_l[j] = reg_start[k, r]
                    if funded0[k, r] > 0.0 or apbdes0[k, r] > 0.0:
                        busy_lo = min(busy_lo, bud_start[k, r])
                        busy_hi = max(busy_hi, bud_end[k, r])
                # g = h = 0 in every lane of the block (true at the start; see `_step_idle`).
                no_funded = True
                # The scenarios whose central lane (draw 0, lane k * n_draws) lies in this block.
                k_first = (lo + n_draws - 1) // n_draws
                k_last = (lo + n - 1) // n_draws
                for t in range(n_months):
                    slot = year_index[t]
                    # Record the state at the start of month t: every lane only at year ends and the rank month
                    # (all that the measures use), the central lane of each scenario monthly when paths are kept.
                    if slot >= 0 or t == rank_t:
                        for j in range(n):
                            cov[j] = f[j] + v[j] + g[j] + h[j]
                        s_nat = slot if slot >= 0 else n_years
                        for j in range(n):
                            weight = w0_r / inv_w[j]
                            national_num[c, s_nat, lo + j] += cov[j] * weight
                            national_den[c, s_nat, lo + j] += weight
                        if t == rank_t:
                            for j in range(n):
                                cov_rank[r, lo + j] = cov[j]
                        if slot >= 0:
                            if keep_yearly:
                                for j in range(n):
                                    yearly[r, slot, lo + j] = cov[j]
                            else:
                                for k in range(k_first, k_last + 1):
                                    yearly[r, slot, k] = cov[k * n_draws - lo]
                    if keep_central:
                        for k in range(k_first, k_last + 1):
                            j = k * n_draws - lo
                            weight0 = w0_r / inv_w[j]
                            central_num[c, k, t] += (f[j] + v[j] + g[j] + h[j]) * weight0
                            central_den[c, k, t] += weight0
                            central[k, 0, r, t] = f[j]
                            central[k, 1, r, t] = v[j]
                            central[k, 2, r, t] = g[j]
                            central[k, 3, r, t] = h[j]
                    if t < m0[r]:
                        continue
                    month[M_T] = t
                    month[M_TAU] = tau[r, t] - 1e-12
                    month[M_SI] = si
                    month[M_ELAPSED] = t - m0[r]
                    # An idle month: no lane's levers fund anyone now, and no lane has funded members left.
                    funding = (busy_lo <= t) & (t < busy_hi) & (paid[t] > 0)
                    idle = no_funded and not funding
                    # After a month without funding, every lane's g and h are exactly 0 (see `_step_idle`).
                    no_funded = not funding
                    if kb >= 0:
                        budget_on = (bud_start[kb, r] <= t) & (t < bud_end[kb, r]) & (paid[t] > 0)
                        outreach_on = t >= out_start[kb, r]
                        regulation_on = t >= reg_start[kb, r]
                        ceiling = f_on if regulation_on else f_off
                        up = a_on if regulation_on else a_off
                        eps = e_on if outreach_on else e_off
                        lam = l_on if outreach_on else l_off
                        if idle:
                            _advance_draws_idle(f, v, inv_w, below, ceiling, up, a_off, eps, lam, dil_l, month, n)
                        else:
                            month[M_FUNDED] = funded0[kb, r] if budget_on else 0.0
                            month[M_APBDES] = apbdes0[kb, r] if budget_on else 0.0
                            _advance_draws(
                                f, v, g, h, inv_w, below, ceiling, up, a_off, eps, lam, g_cap, crowd_l, onboard_l,
                                dil_l, month, n,
                            )  # fmt: skip
                    elif idle:
                        _advance_idle(
                            f, v, inv_w, below, f_off, f_on, a_off, a_on, e_off, e_on, l_off, l_on, dil_l, os_l, rs_l,
                            month, n,
                        )  # fmt: skip
                    else:
                        _advance(
                            f, v, g, h, inv_w, below, f_off, f_on, a_off, a_on, e_off, e_on, l_off, l_on, g_cap,
                            crowd_l, onboard_l, dil_l, funded_l, apb_l, bs_l, be_l, os_l, rs_l, paid[t] > 0, month, n,
                        )  # fmt: skip
                # A target first met in the very last month is recorded too.
                tau_last = tau[r, n_months - 1] - 1e-12
                n_run = n_months - m0[r]
                for j in range(n):
                    if below[j] < n_run:
                        target_t[r, lo + j] = m0[r] + np.int32(below[j])
                    elif n_run > 0 and f[j] + v[j] + g[j] + h[j] >= tau_last:
                        target_t[r, lo + j] = n_months - 1
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
