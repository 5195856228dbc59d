"""Session context and cached model runs — the only place pages get model results from.

The scenario on screen is the session's scenario document (ui/scenario_state.py reads and writes it, and
keeps widgets and the address bar in step with it). Model runs are cached on (data, scenario, assumptions,
settings): moving a slider back to a value already seen costs nothing, and every session shares the cache.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from typing import TypeVar

import streamlit as st

from model import (
    Assumptions,
    Levers,
    Projection,
    RegionTable,
    Scenario,
    Settings,
    default_assumptions,
    load_baseline,
    project,
)
from model.cached import cached_property
from model.engine import Engine
from model.messages import InputError, Problem
from model.projection import prepared_engine
from model.run_cache import RunCache, nbytes
from model.scenario import TARGET_BASES, Pot, ScenarioDocument, Target
from model.targets import NATIONAL_LINE_CODES

from .i18n import t
from .scenario_state import (
    ASSUMPTION_STORE,
    OVERRIDE_STORE,
    document,
    replace_document,
    reset_assumptions,
    reset_policies,
)

__all__ = [
    "ASSUMPTION_STORE",
    "OVERRIDE_STORE",
    "national_levers",
    "set_override",
    "TARGET_BASES",
    "AppContext",
    "context",
    "run_scenario",
    "evaluator",
    "resolved_levers",
    "current_lang",
    "current_table",
    "current_assumptions",
    "overrides",
    "reset_policies",
    "reset_assumptions",
]

TABLE_STORE = "region_table"
T = TypeVar("T")


_FROZEN = threading.Event()


def freeze_imports_once() -> None:
    """After the process's first full run: collect once, then move every object alive (the imported
    libraries, ~250,000 objects) out of the cyclic garbage collector's reach (`gc.freeze`). Python's own
    collections then scan only what reruns create, a fraction of a millisecond instead of 100-450 ms with
    the interpreter lock held (.streamlit/config.toml turns Streamlit's collection after every run off).
    Frozen objects are still freed by reference counting when nothing refers to them. Nothing to do when
    the launcher froze the heap already (serve.py does, before the first visitor)."""
    if _FROZEN.is_set():
        return
    _FROZEN.set()
    if gc.get_freeze_count() == 0:
        gc.collect()
        gc.freeze()


def current_lang() -> str:
    return document().view.lang


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


_TABLE_MEMO: OrderedDict[tuple[str, Hashable], object] = OrderedDict()
_TABLE_MEMO_LOCK = threading.Lock()
TABLE_MEMO_ENTRIES = 256


def table_memo(data_key: str, name: Hashable, build: Callable[[], T]) -> T:
    """Something derived from the regions table in use only (a count, a lookup), made once per table and
    `name` for every session: the data key names the table's content (the baseline, or an upload's hash), so
    reruns do not redo pandas work whose answer cannot have changed. Bounded (least recently used out)."""
    key = (data_key, name)
    with _TABLE_MEMO_LOCK:
        if key in _TABLE_MEMO:
            _TABLE_MEMO.move_to_end(key)
            return _TABLE_MEMO[key]  # type: ignore[return-value]
    value = build()
    with _TABLE_MEMO_LOCK:
        _TABLE_MEMO[key] = value
        while len(_TABLE_MEMO) > TABLE_MEMO_ENTRIES:
            _TABLE_MEMO.popitem(last=False)
    return value


def region_names(data_key: str, table: RegionTable) -> dict[str, str]:
    """Code -> name of the table in use (made once per table; treat as read-only)."""
    return table_memo(data_key, "names", lambda: dict(zip(table.frame["code"], table.frame["name"], strict=True)))


def use_uploaded_table(raw: bytes, filename: str, accept_guesses: bool = False) -> RegionTable:
    """Validate an upload; on success it replaces the baseline for this session. Raises InputError otherwise
    (and then nothing changes: the current table, scenario and saved scenarios stay as they were)."""
    from datetime import datetime

    from model import InputError, load_regions
    from model.data import rank_year_problems

    loaded_at = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    table = load_regions(raw, filename=filename, origin=filename, accept_guesses=accept_guesses, loaded_at=loaded_at)
    problems = rank_year_problems(table, document().settings.rank_year)
    if problems:
        raise InputError(problems)
    key = "upload-" + hashlib.sha1(raw).hexdigest()[:16] + ("-g" if accept_guesses else "")
    st.session_state[TABLE_STORE] = (key, table)
    known = set(table.codes)
    doc = document()
    kept = {c: lv for c, lv in doc.levers.overrides if c in known}
    doc = doc.with_levers(Scenario.build(doc.levers.default, kept))
    if doc.view.province not in known:
        doc = doc.with_view(province=table.codes[0])
    replace_document(doc, keep_view=False)
    if "compare" in st.session_state:
        st.session_state["compare"] = [c for c in st.session_state["compare"] or [] if c in known]
    return table


def use_baseline_table() -> None:
    st.session_state.pop(TABLE_STORE, None)
    doc = document()
    replace_document(doc.with_levers(Scenario.build(doc.levers.default)), keep_view=False)


def current_assumptions() -> Assumptions:
    changes = document().assumption_changes
    return default_assumptions().with_values(changes) if changes else default_assumptions()


def overrides() -> dict[str, Levers]:
    return dict(document().levers.overrides)


def national_levers() -> Levers:
    return document().levers.default


def set_override(code: str, levers: Levers | None) -> None:
    """Give a region its own levers (None: back to the national ones). Call from a callback."""
    doc = document()
    current = dict(doc.levers.overrides)
    if levers is None:
        current.pop(code, None)
    else:
        current[code] = levers
    replace_document(doc.with_levers(Scenario.build(doc.levers.default, current)))


def target_override(target: Target) -> float | None:
    """One target for every region (a custom level), or None: each region's own, else the national line."""
    return float(target.custom_pct) if target.basis == "custom" else None


def national_target(target: Target) -> str:
    """The model's national line (Settings.national_target) for regions without their own target."""
    return NATIONAL_LINE_CODES[target.national_line]


# Model runs shared by every session of this server, bounded by memory (model/run_cache.py says why); the
# bound is UCJ_RUN_CACHE_MB megabytes (default 256: ~150 province runs with their chart data, or ~14 runs of
# 514 regencies). A run bigger than a quarter of it is computed for its session but not kept.
RUN_CACHE_MB = int(os.environ.get("UCJ_RUN_CACHE_MB", "256"))


# A projection's measured size, with the shape it had when measured: (attributes, memo entries) -> bytes.
_SIZES: weakref.WeakKeyDictionary[Projection, tuple[tuple[int, int], int]] = weakref.WeakKeyDictionary()


def projection_bytes(result: Projection) -> int:
    """Memory a cached projection holds of its own (the regions table and its trend fit are shared by every
    run on that table and are not counted against each run).

    The run cache re-measures an entry each time it is used (pages memoise tables and chart data on it), and
    walking every array of a projection costs ~10 ms under the cache's lock, on every rerun of every session.
    A projection only grows by new attributes (cached properties) or new memo entries, and neither changes
    once set, so the walk is repeated only when one of those counts changed."""
    shape = (len(vars(result)), len(result._cache))
    known = _SIZES.get(result)
    if known is not None and known[0] == shape:
        return known[1]
    shared = {id(result.frame), id(result.trends), id(result.scenario), id(result.assumptions), id(result.settings)}
    shared.add(id(result.shared))  # the engine's memo: counted once, in ENGINES (engine_bytes)
    size = nbytes(result, shared)
    _SIZES[result] = (shape, size)
    return size


RUNS: RunCache[Projection] = RunCache(RUN_CACHE_MB * 2**20, size_of=projection_bytes)

# Prepared engines (model/engine.py `Engine.prepare`: calibration, targets by month, per-draw parameters) shared
# by every session, one per (data, assumptions, settings): the preparation does not depend on the levers, and on
# the server it cost more than the kernel call of a run (profiled: ~14% of a Simulasi move's server time, under
# load, with every move a new run). Each engine also keeps what its projections derive without the levers
# (`Projection.shared_memo`). Bounded by bytes, UCJ_ENGINE_CACHE_MB (default 64: a 514-regency engine with 100
# draws holds ~5 MB); an engine larger than a quarter of it is used for its run and not kept.
ENGINE_CACHE_MB = int(os.environ.get("UCJ_ENGINE_CACHE_MB", "64"))
_ENGINE_SIZES: weakref.WeakKeyDictionary[Engine, tuple[int, int]] = weakref.WeakKeyDictionary()


def engine_bytes(engine: Engine) -> int:
    """Memory an engine holds of its own (its memo included; the regions table and its trend fit are the
    table's), re-measured only when its memo gained entries."""
    shape = len(engine.memo)
    known = _ENGINE_SIZES.get(engine)
    if known is not None and known[0] == shape:
        return known[1]
    size = nbytes(engine, {id(engine.frame), id(engine.trends), id(engine.assumptions), id(engine.settings)})
    _ENGINE_SIZES[engine] = (shape, size)
    return size


ENGINES: RunCache[Engine] = RunCache(ENGINE_CACHE_MB * 2**20, size_of=engine_bytes)


def _engine(data_key: str, assumptions: Assumptions, settings: Settings, table: RegionTable) -> Engine:
    """The prepared engine for this table, assumptions and settings, through the shared engine cache."""
    key = f"{data_key}|{assumptions.values!r}|{settings!r}"
    return ENGINES.get_or_compute(key, lambda: prepared_engine(table, assumptions, settings))


def _run(
    data_key: str, scenario: Scenario, assumptions: Assumptions, settings: Settings, table: RegionTable
) -> Projection:
    """One model run through the shared cache, keyed on plain text (hashing the dataclasses themselves costs a
    few milliseconds on every rerun); a new run reuses the shared prepared engine."""
    key = f"{data_key}|{scenario!r}|{assumptions.values!r}|{settings!r}"

    def compute() -> Projection:
        return project(table, scenario, assumptions, settings, engine=_engine(data_key, assumptions, settings, table))

    return RUNS.get_or_compute(key, compute)


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
    draws: int = 100
    province_code: str = "15"
    # Why the document's national pot could not be shared (then no pot money is in `scenario`); None if fine.
    pot_problems: tuple[Problem, ...] = ()

    @cached_property
    def result(self) -> Projection:
        """The central projection (no draws): what maps, tables and rankings show."""
        return _run(self.data_key, self.scenario, self.assumptions, self.settings, self.table)

    @cached_property
    def result_mc(self) -> Projection:
        """The projection with Monte Carlo draws when uncertainty is on; its draw 0 equals `result`."""
        if not self.uncertainty:
            return self.result
        settings = replace(self.settings, draws=self.draws)
        return _run(self.data_key, self.scenario, self.assumptions, settings, self.table)

    @property
    def province(self) -> str:
        code = self.province_code
        return code if code in self.table.codes else self.table.codes[0]

    @property
    def names(self) -> dict[str, str]:
        return region_names(self.data_key, self.table)


def run_scenario(context: AppContext, scenario: Scenario, settings: Settings) -> Projection:
    """Another scenario on the same data and assumptions (for comparisons), through the same cache."""
    return _run(context.data_key, scenario, context.assumptions, settings, context.table)


@st.cache_resource(show_spinner=False, max_entries=8)
def _evaluator(key: str, _table: RegionTable, _assumptions: Assumptions, horizon_year: int, national_target: str):
    from model.analysis.evaluate import Evaluator

    return Evaluator(_table, _assumptions, horizon_year=horizon_year, national_target=national_target)


def evaluator(
    data_key: str,
    table: RegionTable,
    assumptions: Assumptions,
    horizon_year: int = 2045,
    national_target: str = "kemendagri_2025",
):
    """The analysis's prepared evaluator for this table and assumptions, shared by every session (preparing it
    is the slow part of an analysis answer). `national_target`: the line for regions without their own target
    (the scenario's choice), so goal-seek and allocation aim at the targets the other pages show."""
    key = f"{data_key}|{assumptions.values!r}|{horizon_year}|{national_target}"
    return _evaluator(key, table, assumptions, horizon_year, national_target)


@st.cache_resource(show_spinner=False, max_entries=64)
def _resolved(
    key: str,
    data_key: str,
    _table: RegionTable,
    _levers: Scenario,
    _pot: Pot,
    _assumptions: Assumptions,
    year: int,
    horizon: int,
) -> tuple[Scenario, tuple[Problem, ...]]:
    from model.analysis.pot import resolve_pot

    ev = evaluator(data_key, _table, _assumptions, horizon) if _pot.split == "optimal" else None
    try:
        scenario = resolve_pot(
            _table, _levers, _pot, assumptions=_assumptions, by_year=year, horizon_year=horizon, evaluator=ev
        )
    except InputError as error:  # e.g. a pot larger than its regions can take: no pot money, and say why
        return Scenario.build(replace(_levers.default, budget_bn=0.0), dict(_levers.overrides)), tuple(error.problems)
    return scenario, ()


def resolved_levers(
    data_key: str, table: RegionTable, doc: ScenarioDocument, assumptions: Assumptions
) -> tuple[Scenario, tuple[Problem, ...]]:
    """The levers a document means on this table: with a national pot, each sharing region's share as its
    budget (model/analysis/pot.py). Cached for every session (the optimal split is a solver run); a split that
    is not cached yet shows a spinner if it takes more than half a second."""
    if doc.pot is None:
        return doc.levers, ()
    year, horizon = doc.settings.rank_year, doc.settings.horizon_year
    key = f"{data_key}|{doc.levers!r}|{doc.pot!r}|{assumptions.values!r}|{year}|{horizon}"
    with st.spinner(t("pot.working")) if doc.pot.split == "optimal" else contextlib.nullcontext():
        return _resolved(key, data_key, table, doc.levers, doc.pot, assumptions, year, horizon)


def context() -> AppContext:
    """This rerun's context from the scenario document (projections are computed when a page asks)."""
    data_key, table = current_table()
    doc = document()
    assumptions = current_assumptions()
    scenario, pot_problems = resolved_levers(data_key, table, doc, assumptions)
    settings = Settings(
        horizon_year=doc.settings.horizon_year,
        rank_year=doc.settings.rank_year,
        draws=0,
        seed=doc.settings.seed,
        target_pct=target_override(doc.target),
        national_target=national_target(doc.target),
    )
    return AppContext(
        doc.view.lang,
        data_key,
        table,
        scenario,
        assumptions,
        settings,
        doc.settings.uncertainty,
        doc.settings.draws,
        doc.view.province,
        pot_problems,
    )


def target_line_words(settings: Settings, lang: str) -> str:
    """Which target the results count, in words: own targets with the named national line, or one level."""
    from . import fmt
    from .i18n import t

    if settings.target_pct is not None:
        return t("national_line.used_custom", lang, pct=fmt.pct(settings.target_pct, lang, 2))
    code = next(k for k, v in NATIONAL_LINE_CODES.items() if v == settings.national_target)
    return t("national_line.used", lang, line=t(f"national_line.{code}", lang))
