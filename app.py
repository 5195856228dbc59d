"""Simulasi UCJ — entry point: page setup, the lever panel (shared by every page) and navigation.

The pages live in app_pages/, not pages/: with a folder named pages/ beside this file, the first request a
fresh server receives, if it is a deep link (a workshop QR code to /peringkat?bud=10), runs that page through
Streamlit's legacy pages-folder discovery without this entry point, and widget state of that session breaks
(shared/design/streamlit-notes.md; tests/e2e/test_app_browser.py opens a deep link on a cold server).

The page runs inside one fragment, `results`, with the sidebar's lever-dependent captions and buttons and the
end-of-run bookkeeping (document, undo history, address bar). Moving a national lever or the focus province
reruns only that fragment: the sidebar's widgets, the navigation, the style and the room bar stay as they are
in the browser, which is most of what a full rerun would rebuild and re-render (benchmarks/bench_ui.py).
Anything that changes what the sidebar shows (undo, a saved scenario applied, an upload) reruns everything
(ui/scenario_state.py `sidebar_stale`).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import streamlit as st

from model.runner import RunTimeoutError
from ui import scenario_state
from ui.i18n import t, use_language
from ui.render import TIMEOUT_SHOWN, timeout_notice
from ui.room import hidden_notice, hides, room_bar
from ui.sidebar import LeverSlots, fill_slots, history_buttons, language_and_mode, lever_panel, show_problems
from ui.state import context, current_table, freeze_imports_once, region_names
from ui.style import apply_style

_started = time.perf_counter()

present = st.session_state.get("present", False) or st.query_params.get("present", "").lower() in ("true", "1")
st.set_page_config(
    page_title="Simulasi UCJ",
    page_icon=str(Path(__file__).resolve().parent / "static" / "favicon.png"),  # local: nothing from the web
    layout="wide",
    initial_sidebar_state="auto",  # presentation mode keeps the levers (the sidebar) in view
)
if "s" in st.query_params:  # a short link (?s=<short id>) to a saved scenario becomes its full link (ui/store_ui.py)
    from ui.store_ui import expand_short_link

    expand_short_link()
data_key, table = current_table()
codes = table.codes
names = region_names(data_key, table)
scenario_state.sync(codes)  # the scenario document (from a share link on the first run) -> the widgets
lang, present = language_and_mode()
apply_style(present)
slots = lever_panel(lang, codes, names)

PAGES = [
    st.Page("app_pages/ringkasan.py", title=t("nav.overview"), icon=":material/dashboard:", default=True),
    st.Page("app_pages/simulasi.py", title=t("nav.simulation"), icon=":material/tune:"),
    st.Page("app_pages/peringkat.py", title=t("nav.ranking"), icon=":material/leaderboard:"),
    st.Page("app_pages/profil.py", title=t("nav.profile"), icon=":material/location_city:"),
    st.Page("app_pages/analisis.py", title=t("analysis.nav"), icon=":material/insights:"),
    st.Page("app_pages/skenario.py", title=t("nav.scenarios"), icon=":material/bookmarks:"),
    st.Page("app_pages/asumsi.py", title=t("nav.assumptions"), icon=":material/science:"),
    st.Page("app_pages/data.py", title=t("nav.data"), icon=":material/table_view:"),
]
# Sidebar navigation in both modes: at 1024x768 the top bar beside the open lever sidebar holds only two pages
# (the rest behind "6 more"); the sidebar lists all eight, one click each (two columns when presenting, ui/style.py).
page = st.navigation(PAGES, position="sidebar", expanded=True)
bar = st.container()  # filled after the page: the share link there carries this run's state
scenario_state.set_page(page.url_path)
if problems := scenario_state.link_problems():
    show_problems(t("sidebar.link_problems"), problems, lang)
if "short_link_loaded" in st.session_state or "short_link_problem" in st.session_state:
    from ui.store_ui import short_link_notice

    short_link_notice(lang)


@st.fragment(key=scenario_state.RESULTS)
def results(page: st.Page, slots: LeverSlots) -> None:
    """The page and what follows the levers. In a full run the body above has synced the document; alone
    (a lever moved), the fragment folds the move into the document itself, and asks for a full rerun when the
    sidebar would no longer show the document."""
    started = time.perf_counter()
    full_run = not scenario_state.fragment_rerun()
    if not full_run:
        scenario_state.sync(current_table()[1].codes)
        if scenario_state.sidebar_stale():
            st.rerun()
    scenario_state.start_live_parts()
    levers_follow(slots)
    history_panel(slots)
    if hides(page.url_path):  # the facilitator hides results ("think before you look")
        hidden_notice()
    else:
        page._can_be_called = True  # st.navigation allows one run() per full run; a fragment rerun runs it again
        try:
            page.run()
        except RunTimeoutError:  # a worker stopped at its time limit: say so in words, never an exception box
            timeout_notice()
    results_finish(page.url_path, None if full_run else started)


@st.fragment(key=scenario_state.LEVERS)
def levers_follow(slots: LeverSlots) -> None:
    """What follows the levers besides the page: the sidebar's captions and buttons, and this run's context.
    Queued on its own (a national lever moved on a page with live parts, ui/scenario_state.py `rerun_results`)
    it first folds the move into the document, as the results fragment does; the page's live parts run next,
    then `results_finish`."""
    st.session_state[TIMEOUT_SHOWN] = False  # runs first in every run that draws results
    if scenario_state.running_alone():
        st.session_state[LIVE_STARTED] = time.perf_counter()
        scenario_state.sync(current_table()[1].codes)
        if scenario_state.sidebar_stale():
            st.rerun()
    use_language(scenario_state.document().view.lang)  # this run's thread may not be the full run's
    fill_slots(slots, scenario_state.document().view.lang)
    st.session_state["ctx"] = context()  # projections are computed lazily, by the page


@st.fragment(key=scenario_state.HISTORY_PANEL)
def history_panel(slots: LeverSlots) -> None:
    """The facilitator's reset, undo, redo and replay buttons (after `levers_follow`: the move is in the history)."""
    history_buttons(slots)


@st.fragment(key=scenario_state.FINISH)
def results_finish(page_path: str, started: float | None) -> None:
    """The end of a run of the results (or of a page's live parts): the page's changes -> the document,
    history, address bar; a full rerun when the sidebar no longer shows the document."""
    alone = scenario_state.running_alone()
    scenario_state.finish(current_table()[1].codes)
    if (alone or started is not None) and scenario_state.sidebar_stale():  # e.g. the page applied a scenario
        st.rerun()
    if alone:
        _log_rerun(page_path, st.session_state.pop(LIVE_STARTED, time.perf_counter()), "fragment")
    elif started is not None:
        _log_rerun(page_path, started, "fragment")


LIVE_STARTED = "live_run_started"


def _log_rerun(page_path: str, started: float, kind: str) -> None:
    if os.environ.get("UCJ_RERUN_LOG"):  # benchmarks/bench_server.py: server time of each rerun, per page
        with open(os.environ["UCJ_RERUN_LOG"], "a", encoding="utf-8") as log:
            log.write(f"{page_path or 'ringkasan'}\t{1000 * (time.perf_counter() - started):.2f}\t{kind}\n")


results(page, slots)
room_bar(bar, page.url_path, present)
_log_rerun(page.url_path, _started, "full")
freeze_imports_once()  # once per process: the libraries out of the garbage collector's way
