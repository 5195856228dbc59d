"""The one place the app reads and writes the scenario document (model/scenario.py) in a session.

The document in `st.session_state[DOC]` is the truth; widgets are views of it. app.py calls `sync` before
any widget is drawn (fold, then write) and `finish` after the page ran (fold, history, address bar):

1. **fold**: every widget value present in Session State, and the two stores other code writes (the
   per-province overrides, the assumptions the Asumsi page edits), is folded into the document. A value that
   is not valid for its field (e.g. a translated label the browser sent right after a language switch) is
   ignored. Widgets that were not drawn in the previous run have no state, so they never overwrite anything.
2. **write**: every widget key whose state is missing or differs from the document is set from it (before
   the widget is drawn, so Streamlit accepts it).

So anything may change a lever the Streamlit way (a widget, a callback setting a key, a test) and the
document follows; and anything that replaces the whole document (applying a saved scenario, a file, undo)
calls `replace_document`, after which every widget shows it exactly. The address bar is written from the
document by the one codec (`model/scenario_url.py`) at the end of each run.

The per-province widgets (`ov_*`) show the focus province's own levers, or the national ones when it has
none; `OVERRIDE_FOR` remembers which province they were loaded for, so moving the focus never copies one
province's levers onto another.
"""

from __future__ import annotations

import contextlib
import math
import os
from dataclasses import replace
from typing import Any

import streamlit as st
from streamlit.errors import StreamlitAPIException
from streamlit.runtime.scriptrunner_utils.script_run_context import ThreadState, get_script_run_ctx

from model.levers import LEVER_SPECS, Levers, Scenario
from model.messages import Problem
from model.scenario import (
    LANGUAGES,
    NATIONAL_TARGET_LINES,
    PAGES,
    POT_SPLITS,
    SETTING_SPECS,
    TARGET_BASES,
    Pot,
    ScenarioDocument,
    View,
)
from model.scenario_url import LEVER_KEYS, LINK_KEYS, decode, encode

__all__ = [
    "DOC",
    "NATIONAL_KEYS",
    "OVERRIDE_KEYS",
    "OVERRIDE_ON",
    "POT_ON",
    "POT_BN",
    "POT_SPLIT",
    "document",
    "switch_pot",
    "sync",
    "finish",
    "set_page",
    "replace_document",
    "apply_levers",
    "reset_policies",
    "reset_assumptions",
    "sync_url",
    "link_problems",
    "share_document",
    "undo",
    "redo",
    "replay_last_change",
    "can_undo",
    "can_redo",
    "last_change",
    "replaying",
]

DOC = "scenario_doc"
HISTORY = "scenario_history"
POSITION = "scenario_history_position"
REPLAYING = "scenario_replaying"
LINK_PROBLEMS = "scenario_link_problems"
LAST_RESULT_PAGE = "scenario_last_result_page"
OVERRIDE_STORE = "overrides"
ASSUMPTION_STORE = "assumption_values"
ASSUMPTION_EDITOR = "assumption_editor"  # the Asumsi page's table editor: its edits are reset with the document
OVERRIDE_FOR = "ov_for"
OVERRIDE_ON = "ov_on"
OVERRIDE_WRITTEN = "ov_written"
# The national pot's widgets (keys as in the link: `pot`, `split`); `pot_on` switches the budget lever between
# the same Rp in every region and a national pot shared by a rule.
POT_ON, POT_BN, POT_SPLIT = "pot_on", "pot", "split"
HISTORY_LIMIT = 50

# Widget keys of the levers (national, and the focus province's own); the national ones are also the link's.
NATIONAL_KEYS = LEVER_KEYS
OVERRIDE_KEYS = {name: f"ov_{key}" for name, key in NATIONAL_KEYS.items()}
_MISSING = object()


def document() -> ScenarioDocument:
    """The session's scenario document (the default one before the first sync)."""
    return st.session_state.get(DOC) or ScenarioDocument()


# --- sync: state -> document -> state ----------------------------------------------------------------------


def sync(codes: list[str]) -> ScenarioDocument:
    """Fold widget state into the document, then show the document in every widget (see the module doc)."""
    state = st.session_state
    if DOC not in state:
        doc, problems = decode(None, st.query_params.to_dict(), codes)
        state[LINK_PROBLEMS] = problems
        state[HISTORY], state[POSITION] = [], -1
    else:
        doc = state[DOC]
    doc = _fold(doc, codes)
    if doc.view.province not in codes:
        doc = doc.with_view(province=View().province if View().province in codes else codes[0])
    known = set(codes)
    if any(code not in known for code, _ in doc.levers.overrides):  # another table was loaded
        kept = {c: lv for c, lv in doc.levers.overrides if c in known}
        doc = doc.with_levers(Scenario.build(doc.levers.default, kept))
    state[DOC] = doc
    _write(doc)
    record_history()  # before the undo/redo buttons are drawn, so they know about this run's change
    return doc


def finish(codes: list[str]) -> None:
    """End of a run: fold what the page changed (the stores; widgets are not written after being drawn),
    remember the document for undo, and write the address bar."""
    st.session_state[DOC] = _fold(document(), codes)
    record_history()
    sync_url()


def _valid_lever(name: str, value: Any) -> bool:
    spec = LEVER_SPECS[name]
    return (
        not isinstance(value, bool)
        and isinstance(value, int | float)
        and math.isfinite(value)
        and spec.low <= value <= spec.high
        and spec.on_grid(value)
    )


def _lever_values(keys: dict[str, str], base: Levers) -> Levers:
    """Levers from widget state (missing or invalid values keep `base`), with a budget that never ends
    before it starts (the end follows a start moved past it, and a start follows an end moved before it)."""
    state = st.session_state
    values = base.to_dict()
    for name, key in keys.items():
        value = state.get(key, _MISSING)
        if value is not _MISSING and _valid_lever(name, value):
            spec = LEVER_SPECS[name]
            values[name] = int(value) if spec.whole else float(value)
    if values["budget_end"] < values["budget_start"]:
        if values["budget_start"] != base.budget_start:
            values["budget_end"] = values["budget_start"]
        else:
            values["budget_start"] = values["budget_end"]
    return Levers(**values)


def _fold(doc: ScenarioDocument, codes: list[str]) -> ScenarioDocument:
    state = st.session_state
    national = _lever_values(NATIONAL_KEYS, doc.levers.default)
    overrides = dict(state.get(OVERRIDE_STORE, dict(doc.levers.overrides)) or {})
    province = _choice(state.get("prov", _MISSING), codes, doc.view.province)
    loaded_for = state.get(OVERRIDE_FOR)
    # The own-policy widgets are folded only when a user changed them since they were written: otherwise the
    # store is newer (e.g. an answer of the Analisis page applied as the focus province's own policy).
    touched = _override_widget_state() != state.get(OVERRIDE_WRITTEN)
    if touched and loaded_for is not None and loaded_for in codes and OVERRIDE_ON in state:
        if state[OVERRIDE_ON]:
            base = overrides.get(loaded_for, national)
            overrides[loaded_for] = _lever_values(OVERRIDE_KEYS, base)
        else:
            overrides.pop(loaded_for, None)
    levers = Scenario.build(national, overrides)

    assumptions = state.get(ASSUMPTION_STORE, _MISSING)
    changes = doc.assumption_changes if assumptions is _MISSING else dict(assumptions or {})

    target = doc.target
    basis = _choice(state.get("tgt", _MISSING), TARGET_BASES, target.basis)
    custom = _number(state.get("tgtpct", _MISSING), "custom_pct", target.custom_pct)
    line = _choice(state.get("nl", _MISSING), NATIONAL_TARGET_LINES, target.national_line)
    pot = _pot(doc.pot)
    settings = doc.settings
    rank_year = int(_number(state.get("ry", _MISSING), "rank_year", settings.rank_year))
    uncertainty = _flag(state.get("mc", _MISSING), settings.uncertainty)
    view = replace(
        doc.view,
        province=province,
        lang=_choice(state.get("lang", _MISSING), LANGUAGES, doc.view.lang),
        present=_flag(state.get("present", _MISSING), doc.view.present),
    )
    return ScenarioDocument.build(
        levers=levers,
        assumptions=changes,
        target=replace(target, basis=basis, custom_pct=float(custom), national_line=line),
        settings=replace(settings, rank_year=min(rank_year, settings.horizon_year), uncertainty=uncertainty),
        view=view,
        pot=pot,
    )


def _pot(current: Pot | None) -> Pot | None:
    """The pot the widgets show (None when the switch is off); values that are not valid keep the current."""
    state = st.session_state
    if not _flag(state.get(POT_ON, _MISSING), current is not None):
        return None
    base = current or Pot()
    spec = SETTING_SPECS["pot_bn"]
    value = state.get(POT_BN, _MISSING)
    valid = (
        not isinstance(value, bool)
        and isinstance(value, int | float)
        and math.isfinite(value)
        and spec.low <= value <= spec.high
        and abs(value / spec.step - round(value / spec.step)) < 1e-6
    )
    bn = round(float(value), 9) if valid else base.bn
    return Pot(bn=bn, split=_choice(state.get(POT_SPLIT, _MISSING), POT_SPLITS, base.split))


def _choice(value: Any, allowed: Any, current: str) -> str:
    return value if isinstance(value, str) and value in allowed else current


def _flag(value: Any, current: bool) -> bool:
    return value if isinstance(value, bool) else current


def _number(value: Any, name: str, current: float) -> float:
    spec = SETTING_SPECS[name]
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return current
    return value if spec.low <= value <= spec.high else current


def _widget_values(doc: ScenarioDocument) -> dict[str, Any]:
    """Every widget key with the value it must show for `doc`."""
    national = doc.levers.default
    province = doc.view.province
    own = dict(doc.levers.overrides).get(province)
    shown = own or national
    values: dict[str, Any] = {key: getattr(national, name) for name, key in NATIONAL_KEYS.items()}
    values |= {key: getattr(shown, name) for name, key in OVERRIDE_KEYS.items()}
    values |= {
        OVERRIDE_ON: own is not None,
        OVERRIDE_FOR: province,
        "prov": province,
        "lang": doc.view.lang,
        "present": doc.view.present,
        "tgt": doc.target.basis,
        "tgtpct": doc.target.custom_pct,
        "nl": doc.target.national_line,
        "ry": doc.settings.rank_year,
        "mc": doc.settings.uncertainty,
        POT_ON: doc.pot is not None,
        POT_BN: (doc.pot or Pot()).bn,
        POT_SPLIT: (doc.pot or Pot()).split,
        OVERRIDE_STORE: dict(doc.levers.overrides),
        ASSUMPTION_STORE: doc.assumption_changes,
    }
    return values


def _write(doc: ScenarioDocument) -> None:
    state = st.session_state
    for key, value in _widget_values(doc).items():
        current = state.get(key, _MISSING)
        if current is _MISSING or current != value or type(current) is not type(value):
            state[key] = value
    state[OVERRIDE_WRITTEN] = _override_widget_state()


def _override_widget_state() -> tuple:
    state = st.session_state
    return tuple(state.get(key) for key in (OVERRIDE_ON, *OVERRIDE_KEYS.values()))


def switch_pot(sharing_regions: int) -> None:
    """Callback of the pot switch: keep the money the same. Turned on, the pot starts at the per-region budget
    times the regions that will share it (and the per-region budget goes to zero: the pot replaces it);
    turned off, the per-region budget starts at the pot's share per region (on the lever's resolution)."""
    state = st.session_state
    spec = LEVER_SPECS["budget_bn"]
    regions = max(int(sharing_regions), 1)
    if state.get(POT_ON):
        budget = float(state.get(NATIONAL_KEYS["budget_bn"], 0.0) or 0.0)
        state[POT_BN] = min(round(round(budget * regions / spec.step) * spec.step, 9), SETTING_SPECS["pot_bn"].high)
        state[NATIONAL_KEYS["budget_bn"]] = 0.0
    else:
        pot = float(state.get(POT_BN, 0.0) or 0.0)
        state[NATIONAL_KEYS["budget_bn"]] = spec.snap(pot / regions)


def set_page(url_path: str) -> None:
    """Record the page shown (st.navigation's url_path; '' is the first page)."""
    page = url_path.strip("/") or PAGES[0]
    if page in PAGES and page != document().view.page:
        st.session_state[DOC] = document().with_view(page=page)
    if page not in ("skenario", "data", "asumsi"):
        st.session_state[LAST_RESULT_PAGE] = page


def share_document() -> ScenarioDocument:
    """The document a share link should carry: on the Skenario page (where links are copied), the result
    page shown just before it, so the link opens what the room was looking at."""
    doc = document()
    if doc.view.page == "skenario":
        doc = doc.with_view(page=st.session_state.get(LAST_RESULT_PAGE, PAGES[0]))
    return doc


def link_problems() -> list[Problem]:
    """What a share link held that could not be used (shown once, on the first page a link opens)."""
    return st.session_state.pop(LINK_PROBLEMS, None) or []


# --- whole-document changes (call from a widget callback: they run before the widgets are drawn) ----------


def replace_document(doc: ScenarioDocument, keep_view: bool = True) -> None:
    """Put `doc` on screen exactly (its view too unless `keep_view`)."""
    current = document()
    if keep_view:
        doc = replace(doc, view=current.view)
    if doc.assumptions != current.assumptions:
        st.session_state.pop(ASSUMPTION_EDITOR, None)
    st.session_state[DOC] = doc
    st.session_state.pop(REPLAYING, None)
    _write(doc)


def apply_levers(levers: Scenario) -> None:
    """Apply a saved scenario's levers as they were saved (every field, every province)."""
    replace_document(document().with_levers(levers))


def reset_policies() -> None:
    """Back to no policy: national levers to zero, no per-province overrides (assumptions untouched)."""
    apply_levers(Scenario())


def reset_assumptions() -> None:
    """Every assumption back to its default (policies untouched)."""
    replace_document(replace(document(), assumptions=()))


# --- history: undo, redo, replay the last change -----------------------------------------------------------


def _content(doc: ScenarioDocument) -> ScenarioDocument:
    """What undo steps through: everything but the view (moving between pages or provinces is no change)."""
    return replace(doc, view=View())


def record_history() -> None:
    """Remember the document when its content changed this run (called at the end of each run)."""
    state = st.session_state
    history: list[ScenarioDocument] = state.setdefault(HISTORY, [])
    position = state.get(POSITION, -1)
    content = _content(document())
    if position >= 0 and history[position] == content:
        return
    del history[position + 1 :]
    history.append(content)
    if len(history) > HISTORY_LIMIT:
        del history[0]
    state[POSITION] = len(history) - 1
    state.pop(REPLAYING, None)


def can_undo() -> bool:
    return st.session_state.get(POSITION, -1) > 0


def can_redo() -> bool:
    return 0 <= st.session_state.get(POSITION, -1) < len(st.session_state.get(HISTORY, [])) - 1


def _step(delta: int) -> None:
    state = st.session_state
    position = state.get(POSITION, -1) + delta
    history = state.get(HISTORY, [])
    if 0 <= position < len(history):
        replacing = state.get(REPLAYING)
        replace_document(history[position])
        state[POSITION] = position
        if replacing is not None:
            state[REPLAYING] = replacing


def undo() -> None:
    _step(-1)
    st.session_state.pop(REPLAYING, None)


def redo() -> None:
    _step(+1)
    st.session_state.pop(REPLAYING, None)


def replay_last_change() -> None:
    """Show the room the last change again: the first press goes back to the state before it, the second
    returns to after it (the results move as they did when the change was made)."""
    state = st.session_state
    if state.get(REPLAYING):
        _step(+1)
        state.pop(REPLAYING, None)
    elif can_undo():
        _step(-1)
        state[REPLAYING] = True


def replaying() -> bool:
    return bool(st.session_state.get(REPLAYING))


def last_change() -> tuple[ScenarioDocument, ScenarioDocument] | None:
    """(before, after) of the change a replay shows, or None."""
    state = st.session_state
    history, position = state.get(HISTORY, []), state.get(POSITION, -1)
    if replaying() and position + 1 < len(history):
        return history[position], history[position + 1]
    if position >= 1:
        return history[position - 1], history[position]
    return None


# --- the results fragment: a lever move reruns only what it changes ---------------------------------------
#
# app.py runs the page (and the sidebar's lever-dependent captions and buttons) in one fragment, RESULTS.
# Moving a fast lever (ui/sidebar.py FAST_KEYS) reruns only that fragment: the sidebar's other widgets, the
# navigation, the style and the room bar are neither rebuilt on the server nor re-rendered in the browser.
# That is only right while the sidebar still shows the document: `remember_sidebar` records what a full run
# drew, a fast lever's callback records the value the browser moved to, and `sidebar_stale` tells the
# fragment when anything else changed what the sidebar should show (undo, a saved scenario applied on a page,
# an upload...): the fragment then asks for a full rerun.

RESULTS = "results"  # the fragment's key (st.fragment(key=...), st.rerun(RESULTS))
SIDEBAR_SHOWN = "scenario_sidebar_shown"
FRAGMENTS_ENV = "UCJ_LEVER_FRAGMENTS"  # "0": every lever move reruns the whole app (AppTest suites)
SIDEBAR_KEYS = (
    *NATIONAL_KEYS.values(),
    POT_ON,
    POT_BN,
    POT_SPLIT,
    "prov",
    "lang",
    "present",
    "tgt",
    "tgtpct",
    "nl",
    "ry",
    "mc",
)


def _sidebar_signature(doc: ScenarioDocument, data_key: str) -> dict[str, Any]:
    """What the sidebar's widgets and labels show for `doc` on the table `data_key`."""
    values = _widget_values(doc)
    shown = {key: values[key] for key in SIDEBAR_KEYS}
    shown["_table"] = data_key
    shown["_sharing"] = len(doc.levers.overrides) if doc.pot is not None else None  # the pot's caption, bound
    return shown


def _data_key() -> str:
    from .state import current_table  # ui/state.py imports this module

    return current_table()[0]


def remember_sidebar() -> None:
    """Record what the sidebar was drawn with (call at the end of drawing it, in a full run)."""
    st.session_state[SIDEBAR_SHOWN] = _sidebar_signature(document(), _data_key())


def sidebar_now_shows(key: str) -> None:
    """A fast lever's callback: the browser moved this widget itself, so the sidebar shows its new value."""
    shown = st.session_state.get(SIDEBAR_SHOWN)
    if shown is not None and key in shown:
        shown[key] = st.session_state.get(key)


def sidebar_stale() -> bool:
    """Whether the sidebar shows something other than the document (then the whole app must rerun)."""
    shown = st.session_state.get(SIDEBAR_SHOWN)
    return shown is None or shown != _sidebar_signature(document(), _data_key())


def fragment_rerun() -> bool:
    """Whether this script run reruns fragments only (a lever's move), not the whole app."""
    ctx = get_script_run_ctx()
    return bool(ctx is not None and ctx.fragment_ids_this_run)


def fragments_enabled() -> bool:
    return os.environ.get(FRAGMENTS_ENV, "1") != "0"


def rerun_results(key: str | None = None) -> None:
    """From a widget callback: rerun only what the move changes (when enabled and known), else the whole app.

    A national lever (`LIVE_LEVER_KEYS`) on a page that drew live parts reruns just those parts, between the
    two fragments that keep the document (`LEVERS`: fold the move, the sidebar's captions and buttons, the
    run's context; `FINISH`: history and address bar). Anything else reruns the whole results fragment.
    """
    if not fragments_enabled():
        return
    parts = live_parts()
    if key in LIVE_LEVER_KEYS and parts:
        history = [HISTORY_PANEL] if st.session_state.get(HISTORY_SHOWN) != HISTORY_AFTER_A_MOVE else []
        with contextlib.suppress(StreamlitAPIException):  # a part was not drawn in the last run: all results
            st.rerun([LEVERS, *history, *parts, FINISH])
    try:
        st.rerun(RESULTS)
    except StreamlitAPIException:  # the fragment was not drawn in the last full run (e.g. it failed before)
        return


# --- live parts: what a national lever changes on a page ---------------------------------------------------
#
# A page's elements that follow the national levers (headline figures, charts, tables) sit in small keyed
# fragments, its live parts; its title, captions, headings and controls sit outside them. Moving a national
# lever reruns only the live parts, so the browser re-renders only the elements that can change (each element
# of a rerun costs the browser 1-4 ms of work even when it is unchanged; benchmarks/profile_ui.py). The
# results fragment records which parts the page drew (`start_live_parts`, `add_live_part`); a page that
# draws none (or hides its results) gets the whole results fragment rerun, as before.

LEVERS = "levers_follow"  # keyed fragment (app.py): fold a lever move, fill the sidebar's slots, the context
FINISH = "results_finish"  # keyed fragment (app.py): the end of a run (history, address bar)
LIVE_PARTS = "scenario_live_parts"
# The sidebar's reset/undo/redo/replay buttons are a keyed fragment (app.py) that a live move reruns only when
# they would change: after a move that changes the document, undo is possible, redo is not, and no replay is
# under way. A move that changes nothing leaves them as they are, so either way they show the truth.
HISTORY_PANEL = "history_panel"
HISTORY_SHOWN = "scenario_history_shown"
HISTORY_AFTER_A_MOVE = (True, False, False)
# The levers whose move changes only live parts: the national levers shown in the sidebar. The focus province
# ("prov") changes page titles too, so it reruns the whole results.
LIVE_LEVER_KEYS = tuple(NATIONAL_KEYS[name] for name in ("regulation_level", "budget_bn", "outreach_pct", "apbdes_bn"))
# The Simulasi page's popover of the focus province's own levers (ui/sidebar.py override_panel). While it is
# open its widgets show the national levers (for a province without its own): a national move then reruns the
# whole results.
OWN_LEVERS_POPOVER = "own_levers_open"


def history_shown() -> None:
    """Record what the history buttons were drawn with (can undo, can redo, replaying)."""
    st.session_state[HISTORY_SHOWN] = (can_undo(), can_redo(), replaying())


def start_live_parts() -> None:
    """At the start of the results fragment: the page drawn next records its live parts afresh."""
    st.session_state[LIVE_PARTS] = []


def add_live_part(key: str) -> None:
    """A live part was drawn (called as it is drawn, in a run of the results fragment or of its own parent)."""
    parts = st.session_state.setdefault(LIVE_PARTS, [])
    if key not in parts:
        parts.append(key)


def live_parts() -> list[str]:
    """The live parts the page on screen drew ([] when a national move must rerun the whole results)."""
    state = st.session_state
    if state.get(OWN_LEVERS_POPOVER):
        return []
    return list(state.get(LIVE_PARTS) or [])


def running_alone() -> bool:
    """Whether the fragment calling this was queued for this run itself (a lever move), rather than drawn
    inline by the results fragment or the whole app."""
    ctx = get_script_run_ctx()
    if ctx is None or not ctx.fragment_ids_this_run:
        return False
    return ThreadState.get().fragment_id in ctx.fragment_ids_this_run


# --- the address bar ---------------------------------------------------------------------------------------


def sync_url() -> None:
    """Write the document to the address bar, once, at the end of the run: each change of the query string
    makes the browser re-render the app, so doing it last lets it land with the run's final update. Keys of
    other features are left alone."""
    _, params = encode(document())
    query = st.query_params
    for key in LINK_KEYS:
        if key in params:
            if query.get(key) != params[key]:
                query[key] = params[key]
        elif key in query:
            del query[key]
