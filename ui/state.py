"""Session state, share-link encoding and cached model runs — the only place pages get model results from.

Widget keys double as URL query parameters (kept in sync by ui/sidebar.py), so the address bar is always a share
link for the scenario on screen. Model runs are cached on (data, scenario, assumptions, settings): moving a
slider back to a value already seen costs nothing, and every session shares the cache.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from functools import cached_property

import streamlit as st

from model import (
    Assumptions,
    InputError,
    Levers,
    Projection,
    RegionTable,
    Scenario,
    Settings,
    default_assumptions,
    load_baseline,
    project,
)
from model.data import load_national
from model.levers import DEFAULT_START_YEAR
from model.projection import use_kernel_worker

# The compiled kernel runs in a helper process, started now so its start-up overlaps the first run
# (model/worker.py says why: reruns reach the browser ~20% faster).
use_kernel_worker()

__all__ = [
    "KEYS",
    "TARGET_BASES",
    "AppContext",
    "context",
    "run_scenario",
    "current_lang",
    "current_table",
    "current_assumptions",
    "encode_overrides",
    "decode_overrides",
    "reset_policies",
    "reset_assumptions",
]

# Widget keys = query-parameter names in share links; short and stable.
KEYS = {
    "lang": "lang",
    "present": "present",
    "regulation": "reg",
    "budget": "bud",
    "outreach": "out",
    "start": "start",
    "province": "prov",
    "target_basis": "tgt",
    "target_custom": "tgtpct",
    "rank_year": "ry",
    "uncertainty": "mc",
    "overrides": "ov",
}
DEFAULTS = {
    "lang": "id",
    "present": False,
    "reg": 0,
    "bud": 0.0,
    "out": 0,
    "start": DEFAULT_START_YEAR,
    "prov": "15",
    "tgt": "own",
    "tgtpct": 60.0,
    "ry": 2030,
    "mc": True,
}
TARGET_BASES = ("own", "kemendagri", "rpjmn", "rpjpn", "custom")
HORIZON_YEAR = 2045
DRAWS = 100  # Latin hypercube: 100 draws give stable P10/P90 and chances (to 1%) at half the cost of 200
SEED = 2024
OVERRIDE_STORE = "overrides"
ASSUMPTION_STORE = "assumption_values"
TABLE_STORE = "region_table"


def current_lang() -> str:
    value = st.session_state.get(KEYS["lang"], "id")
    return value if value in ("id", "en") else "id"


@st.cache_resource(show_spinner=False)
def _baseline() -> RegionTable:
    return load_baseline()


def current_table() -> tuple[str, RegionTable]:
    """(data key, table): the shipped baseline, or the official table a user uploaded in this session."""
    from .scope import scope_of, use_scope

    uploaded = st.session_state.get(TABLE_STORE)
    key, table = uploaded if uploaded is not None else ("baseline", _baseline())
    use_scope(scope_of(table))  # texts follow the table in use: provinces, or a province's regencies/cities
    return key, table


def use_uploaded_table(raw: bytes, filename: str, accept_guesses: bool = False) -> RegionTable:
    """Validate an upload; on success it replaces the baseline for this session. Raises InputError otherwise
    (and then nothing changes: the current table, scenario and saved scenarios stay as they were)."""
    from datetime import datetime

    from model import InputError, load_regions
    from model.data import rank_year_problems

    loaded_at = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    table = load_regions(raw, filename=filename, origin=filename, accept_guesses=accept_guesses, loaded_at=loaded_at)
    problems = rank_year_problems(table, int(st.session_state.get("ry", DEFAULTS["ry"])))
    if problems:
        raise InputError(problems)
    key = "upload-" + hashlib.sha1(raw).hexdigest()[:16] + ("-g" if accept_guesses else "")
    st.session_state[TABLE_STORE] = (key, table)
    known = set(table.codes)
    st.session_state[OVERRIDE_STORE] = {c: lv for c, lv in overrides().items() if c in known}
    if st.session_state.get(KEYS["province"]) not in known:
        st.session_state[KEYS["province"]] = table.codes[0]
    if "compare" in st.session_state:
        st.session_state["compare"] = [c for c in st.session_state["compare"] or [] if c in known]
    return table


def use_baseline_table() -> None:
    st.session_state.pop(TABLE_STORE, None)
    st.session_state[OVERRIDE_STORE] = {}


def current_assumptions() -> Assumptions:
    changes = st.session_state.get(ASSUMPTION_STORE) or {}
    return default_assumptions().with_values(changes) if changes else default_assumptions()


def reset_assumptions() -> None:
    st.session_state[ASSUMPTION_STORE] = {}


def overrides() -> dict[str, Levers]:
    return dict(st.session_state.get(OVERRIDE_STORE) or {})


def set_override(code: str, levers: Levers | None) -> None:
    current = overrides()
    if levers is None:
        current.pop(code, None)
    else:
        current[code] = levers
    st.session_state[OVERRIDE_STORE] = current


def reset_policies() -> None:
    """Back to no policy: national levers to zero, no per-province overrides (assumptions untouched)."""
    for key in ("reg", "bud", "out", "start"):
        st.session_state[key] = DEFAULTS[key]
    st.session_state[OVERRIDE_STORE] = {}
    for key in ("ov_on", "ov_reg", "ov_bud", "ov_out"):
        st.session_state.pop(key, None)


def national_levers() -> Levers:
    state = st.session_state
    levers = Levers(
        regulation_level=int(state.get("reg", 0)),
        budget_bn=float(state.get("bud", 0.0)),
        outreach_pct=float(state.get("out", 0)),
    )
    return levers.with_start_year(int(state.get("start", DEFAULTS["start"])))


def encode_overrides(values: dict[str, Levers]) -> str:
    """'15:2:10:50,17:0:5:0' = code:regulation:budget:outreach (start years follow the national ones)."""
    parts = []
    for code, lv in sorted(values.items()):
        parts.append(f"{code}:{lv.regulation_level}:{lv.budget_bn:g}:{lv.outreach_pct:g}")
    return ",".join(parts)


def decode_overrides(text: str, base: Levers, known: set[str]) -> dict[str, Levers]:
    """Parse a share link's overrides; silently drop malformed or unknown parts (a link must never crash)."""
    result: dict[str, Levers] = {}
    for part in (text or "").split(","):
        pieces = part.split(":")
        if len(pieces) != 4 or pieces[0] not in known:
            continue
        try:
            own = Levers(regulation_level=int(pieces[1]), budget_bn=float(pieces[2]), outreach_pct=float(pieces[3]))
            result[pieces[0]] = own.with_start_year(base.budget_start)
        except (ValueError, InputError):
            continue
    return result


def sync_overrides_with_url(known: set[str]) -> None:
    """Read overrides from the URL on a session's first run; afterwards write them back on every run."""
    if OVERRIDE_STORE not in st.session_state:
        st.session_state[OVERRIDE_STORE] = decode_overrides(st.query_params.get("ov", ""), national_levers(), known)
    # Start years of overrides follow the national start year (one year for all levers in the app).
    start = national_levers().budget_start
    aligned = {code: lv.with_start_year(start) for code, lv in overrides().items()}
    st.session_state[OVERRIDE_STORE] = aligned
    encoded = encode_overrides(aligned)
    if encoded:
        if st.query_params.get("ov") != encoded:
            st.query_params["ov"] = encoded
    elif "ov" in st.query_params:
        del st.query_params["ov"]


def target_override() -> float | None:
    """The target line the user chose: each region's own (None), or one national line for all."""
    basis = st.session_state.get("tgt", "own")
    national = load_national()
    return {
        "own": None,
        "kemendagri": national["target_kemendagri_2025_pct"],
        "rpjmn": national["target_rpjmn_2029_pct"],
        "rpjpn": national["target_rpjpn_2045_pct"],
        "custom": float(st.session_state.get("tgtpct", DEFAULTS["tgtpct"])),
    }.get(basis)


@st.cache_resource(show_spinner=False, max_entries=512)
def _cached_run(
    key: str, _table: RegionTable, _scenario: Scenario, _assumptions: Assumptions, _settings: Settings
) -> Projection:
    """One model run, shared by all sessions, cached on a plain-text key (hashing the dataclasses themselves
    costs Streamlit a few milliseconds on every rerun)."""
    return project(_table, _scenario, _assumptions, _settings)


def _run(
    data_key: str, scenario: Scenario, assumptions: Assumptions, settings: Settings, table: RegionTable
) -> Projection:
    key = f"{data_key}|{scenario!r}|{assumptions.values!r}|{settings!r}"
    return _cached_run(key, table, scenario, assumptions, settings)


@dataclass(frozen=True)
class AppContext:
    """What every page needs for this rerun: language, data, scenario, and its projections (computed lazily:
    the central case for every page; with Monte Carlo draws only for pages that show uncertainty)."""

    lang: str
    data_key: str
    table: RegionTable
    scenario: Scenario
    assumptions: Assumptions
    settings: Settings
    uncertainty: bool

    @cached_property
    def result(self) -> Projection:
        """The central projection (no draws): what maps, tables and rankings show."""
        return _run(self.data_key, self.scenario, self.assumptions, self.settings, self.table)

    @cached_property
    def result_mc(self) -> Projection:
        """The projection with Monte Carlo draws when uncertainty is on; its draw 0 equals `result`."""
        if not self.uncertainty:
            return self.result
        settings = replace(self.settings, draws=DRAWS)
        return _run(self.data_key, self.scenario, self.assumptions, settings, self.table)

    @property
    def province(self) -> str:
        code = st.session_state.get("prov", DEFAULTS["prov"])
        return code if code in self.table.codes else self.table.codes[0]

    @cached_property
    def names(self) -> dict[str, str]:
        return dict(zip(self.table.frame["code"], self.table.frame["name"], strict=True))


def run_scenario(context: AppContext, scenario: Scenario, settings: Settings) -> Projection:
    """Another scenario on the same data and assumptions (for comparisons), through the same cache."""
    return _run(context.data_key, scenario, context.assumptions, settings, context.table)


def context() -> AppContext:
    """This rerun's context from the widgets' state (projections are computed when a page asks)."""
    data_key, table = current_table()
    scenario = Scenario.build(national_levers(), overrides())
    settings = Settings(
        horizon_year=HORIZON_YEAR,
        rank_year=int(st.session_state.get("ry", DEFAULTS["ry"])),
        draws=0,
        seed=SEED,
        target_pct=target_override(),
    )
    uncertainty = bool(st.session_state.get("mc", DEFAULTS["mc"]))
    return AppContext(current_lang(), data_key, table, scenario, current_assumptions(), settings, uncertainty)
