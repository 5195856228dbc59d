"""Simulasi UCJ — entry point: page setup, the lever panel (shared by every page) and navigation.

The pages live in app_pages/, not pages/: with a folder named pages/ beside this file, the first request a
fresh server receives, if it is a deep link (a workshop QR code to /peringkat?bud=10), runs that page through
Streamlit's legacy pages-folder discovery without this entry point, and widget state of that session breaks
(shared/design/streamlit-notes.md; tests/e2e/test_app_browser.py opens a deep link on a cold server).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import streamlit as st

from model.runner import RunTimeoutError
from ui import scenario_state
from ui.i18n import t
from ui.room import hidden_notice, hides, room_bar
from ui.sidebar import language_and_mode, lever_panel, show_problems
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
lever_panel(lang, codes, names)

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
st.session_state["ctx"] = context()  # projections are computed lazily, by the page
if "short_link_loaded" in st.session_state or "short_link_problem" in st.session_state:
    from ui.store_ui import short_link_notice

    short_link_notice(lang)
if hides(page.url_path):  # the facilitator hides results ("think before you look")
    hidden_notice()
else:
    try:
        page.run()
    except RunTimeoutError:  # a worker stopped at its time limit: say so in words, never an exception box
        st.warning(t("room.run_timeout"), icon=":material/hourglass_top:")
scenario_state.finish(current_table()[1].codes)  # the page's changes -> the document, undo history, address bar
room_bar(bar, page.url_path, present)
if os.environ.get("UCJ_RERUN_LOG"):  # benchmarks/bench_server.py: server time of each rerun, per page
    with open(os.environ["UCJ_RERUN_LOG"], "a", encoding="utf-8") as log:
        log.write(f"{page.url_path or 'ringkasan'}\t{1000 * (time.perf_counter() - _started):.2f}\n")
freeze_imports_once()  # once per process: the libraries out of the garbage collector's way
