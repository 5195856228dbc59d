"""Small Streamlit helpers shared by pages: context access, charts, provenance captions, estimate notes."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable, Mapping
from functools import lru_cache, wraps
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st
from streamlit.dataframe_util import convert_anything_to_arrow_bytes

from model import Assumptions, Projection
from model.runner import RunTimeoutError

from . import charts, views
from .i18n import t, use_language
from .state import AppContext, table_memo

if TYPE_CHECKING:
    from .scope import Scope

__all__ = [
    "ctx",
    "live_part",
    "presenting",
    "chart",
    "chart_data",
    "to_arrow",
    "caption",
    "section",
    "lead",
    "modified_text",
    "region_table",
    "altair_chart",
]


def ctx() -> AppContext:
    """This rerun's context, built by app.py before the page runs."""
    return st.session_state["ctx"]


def live_part(key: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Decorator: a part of a page that follows the national levers (its headline figures, a chart, a table),
    drawn as a keyed fragment that a national lever's move reruns on its own (ui/scenario_state.py
    `rerun_results`); the rest of the page stays as the browser shows it.

    The part runs again later with the arguments of its last drawing: so it takes only what the page's own
    widgets decide (the compared regions, the map's style), never the projection, and reads this run's
    context with `ctx()` itself."""
    from . import scenario_state

    def decorate(body: Callable[..., None]) -> Callable[..., None]:

        @wraps(body)
        def guarded(*args, **kwargs) -> None:
            try:
                body(*args, **kwargs)
            except RunTimeoutError:  # a worker stopped at its time limit: words, never an exception box
                timeout_notice()

        fragment = st.fragment(guarded, key=key)

        @wraps(body)
        def draw(*args, **kwargs) -> None:
            scenario_state.add_live_part(key)
            fragment(*args, **kwargs)

        return draw

    return decorate


TIMEOUT_SHOWN = "run_timeout_shown"  # the run-timeout message was shown in this run (reset by app.py each run)


def timeout_notice() -> None:
    """The page's runs were stopped at their time limit: said once per run, in the user's language."""
    if not st.session_state.get(TIMEOUT_SHOWN):
        st.session_state[TIMEOUT_SHOWN] = True
        st.warning(t("room.run_timeout"), icon=":material/hourglass_top:")


def chart_data(
    result: Projection, key: Hashable, build: Callable[[], Mapping[str, pd.DataFrame | None]]
) -> dict[str, bytes]:
    """A chart's datasets as Arrow bytes (what Streamlit ships), built once per projection and `key`.

    Projections are shared cache entries (ui/state.py), so a slider moved back to a value seen before
    ships the same bytes without rebuilding frames; every millisecond the script saves shortens the rerun
    the user waits for. `key` must name everything the data depend on besides the projection (language...).
    """

    return result.memo(("chart", key), lambda: to_arrow(build()))


def to_arrow(frames: Mapping[str, pd.DataFrame | None]) -> dict[str, bytes]:
    """Datasets as the Arrow bytes Streamlit ships (None entries dropped)."""
    return {name: convert_anything_to_arrow_bytes(f) for name, f in frames.items() if f is not None}


def chart(kind: str, frames: Mapping[str, pd.DataFrame | bytes], *, key: str, description: str, **options) -> None:
    """Show chart `kind` (see ui/charts.py) with this rerun's data; `description` doubles as its alt text.

    The spec comes from a per-language cache and the data, ideally, from `chart_data`, so a rerun pays only
    for shipping bytes.
    """
    lang = ctx().lang
    projector = presenting()
    spec = charts.spec(kind, views.chart_labels(lang), lang, projector=projector, **options)
    # In presentation mode the chart keeps its own large dark text (Streamlit's theme would set small grey).
    st.vega_lite_chart(
        spec=charts.with_data(spec, **frames),
        width="stretch",
        key=key,
        alt=description,
        theme=None if projector else "streamlit",
    )


def altair_chart(chart, lang: str) -> None:
    """Show an Altair chart built by a page's view helpers (ui/analysis_views.py) the way `chart` shows the
    app's own: numbers in the reader's format (45,2 and 1.312.370 in Bahasa: Vega's default locale wrote
    "80.0" on a Bahasa legend) and, in presentation mode, large dark text with Streamlit's theme off."""
    projector = presenting()
    st.altair_chart(
        charts.room_chart(chart, lang, projector=projector),
        width="stretch",
        theme=None if projector else "streamlit",
    )


def presenting() -> bool:
    """Presentation mode is on for this session (projector: larger charts and text)."""
    return bool(st.session_state.get("present", False))


def region_table(
    frame_for: Callable[[bool], pd.DataFrame], *, key: str, pinned: int, height: int, live: bool = False
) -> None:
    """A table of all regions, the answer columns first and the rest on demand (a toggle). A fragment: the
    toggle, the search and the page of rows rerun only the table. `live`: a live part of its page (`live_part`),
    which a national lever's move reruns on its own; `frame_for` must then read the projection when called
    (`ctx()`), not hold one.

    The answer view is a static HTML table whose headers and cells WRAP: on a 390-px phone every column shows in
    full, whatever columns a page puts in it, with no sideways scrolling (an interactive grid draws on a canvas and
    can only cut a cell to "..."). A table of more than `WRAPPING_TABLE_MAX_ROWS` rows (514 regencies) is shown
    `PAGE_ROWS` rows at a time, with a search by name and a choice of rows: an HTML table of every row would cost
    the browser more than the grid on every rerun, and a participant looks for one region. Every column on demand
    is the interactive grid with the region-name column pinned (it may scroll sideways: the answer is in the
    first view)."""
    from .scope import current_scope
    from .state import current_lang

    args = {"key": key, "pinned": pinned, "height": height, "scope": current_scope(), "lang": current_lang()}
    if live:
        live_part(f"{key}_live")(_region_table)(frame_for, **args)
    else:
        _region_table_fragment(frame_for, **args)


def _region_table(
    frame_for: Callable[[bool], pd.DataFrame], *, key: str, pinned: int, height: int, scope: Scope, lang: str
) -> None:
    """The body of `region_table`. Rerun alone (the toggle, the search, a lever's move), it runs without the
    page around it, so it first takes back the page's language and scope (its texts say "kabupaten/kota" for a
    regency table)."""
    from .scope import use_scope

    use_language(lang)
    use_scope(scope)
    full = st.toggle(t("table.all_columns"), key=f"{key}_all_columns")
    table = frame_for(full)
    rows_px = min(height, 38 + 35 * max(len(table), 1))  # no empty rows under a short (regency) table
    if not full:
        safe = markdown_safe_once(table)
        if len(table) > WRAPPING_TABLE_MAX_ROWS:
            safe = _rows_to_show(table, safe, key, pinned)
        st.table(safe, border="horizontal", hide_index=True, height="content" if len(safe) <= 12 else height)
        return
    name = table.columns[pinned]
    config: dict[str, object] = {name: st.column_config.TextColumn(pinned=True, width=NAME_PX)}
    st.dataframe(table, hide_index=True, width="stretch", height=rows_px, column_config=config)


_region_table_fragment = st.fragment(_region_table)

NAME_PX = 150  # region names in the interactive grid: "Nusa Tenggara Timur" fits; longer ones show on hover
WRAPPING_TABLE_MAX_ROWS = 60  # above this, the answer view shows a page of rows (an HTML table of all is slow)
PAGE_ROWS = 50


def _rows_to_show(table: pd.DataFrame, safe: pd.DataFrame, key: str, pinned: int) -> pd.DataFrame:
    """The rows of a long table to show (from `safe`, its escaped copy): those whose name holds the searched
    text, `PAGE_ROWS` at a time (the range picked; the first by default), and a line saying which rows of how
    many are shown."""
    from .scope import plain

    with st.container(horizontal=True, gap="small", vertical_alignment="bottom"):
        query = st.text_input(
            t("table.search"),
            key=f"{key}_search",
            placeholder=t("table.search_placeholder"),
            icon=":material/search:",
            width=260,
        ).strip()
        if query:
            found = table.iloc[:, pinned].astype(str).str.contains(query, case=False, regex=False).to_numpy()
            safe = safe[found]
        starts = list(range(0, max(len(safe), 1), PAGE_ROWS))
        rows_key = f"{key}_rows"
        if st.session_state.get(rows_key) not in starts:  # a new search, or a table of fewer rows
            st.session_state[rows_key] = 0
        start = 0
        if len(starts) > 1:
            start = st.selectbox(
                t("table.rows"),
                options=starts,
                format_func=lambda s: t("table.rows_range", first=s + 1, last=min(s + PAGE_ROWS, len(safe))),
                key=rows_key,
                width=220,
            )
    page = safe.iloc[start : start + PAGE_ROWS]
    if not query:
        st.caption(t("table.rows_shown", first=start + 1, last=start + len(page), n=len(table)))
    elif len(page):
        st.caption(t("table.rows_found", first=start + 1, last=start + len(page), n=len(safe), total=len(table)))
    else:
        st.caption(t("table.rows_none", query=plain(query), total=len(table)))
    return page


def markdown_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose headers and text cells cannot be read as Markdown or HTML: `st.table` renders Markdown in
    every cell, and a region name from an uploaded table must stay text (`![x](http://host/p.png)` would make
    every viewer's browser fetch from that host)."""
    from .scope import plain

    out = frame.rename(columns=lambda c: plain(c))
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = [plain(v) for v in out[column]]
    return out


_SAFE_COPIES: dict[int, pd.DataFrame] = {}


def markdown_safe_once(frame: pd.DataFrame) -> pd.DataFrame:
    """`markdown_safe(frame)`, made once per frame object: pages hand `region_table` frames memoised on a
    shared projection, so the escaping (~10 ms for 38 rows) is not repeated on every rerun. The copy is
    dropped when the frame is."""
    key = id(frame)
    safe = _SAFE_COPIES.get(key)
    if safe is None:
        safe = _SAFE_COPIES[key] = markdown_safe(frame)
        weakref.finalize(frame, _SAFE_COPIES.pop, key, None)
    return safe


def caption(text: str) -> None:
    """One sentence under a heading that says what the element shows."""
    st.caption(text)


def section(title: str, text: str, *more: str) -> None:
    """A heading with its caption (and any further small-print lines) as ONE element.

    Why one: the browser re-renders every element of the page on each rerun, so a heading and its
    caption as two elements cost twice the work of one on every slider move (benchmarks/bench_ui.py).
    """
    st.markdown("\n\n".join([f"### {title}", *(small_print(line) for line in (text, *more) if line)]))


def small_print(text: str) -> str:
    """Caption-style Markdown (small, grey); brackets are swapped for parentheses so that the text cannot
    close the directive early."""
    return ":gray[:small[" + text.replace("[", "(").replace("]", ")") + "]]"


def estimates_text(context: AppContext) -> str:
    """How many regions rest on estimates ('' if none): said wherever results are (estimates are never silent)."""
    n, total = table_memo(context.data_key, "estimates", lambda: _estimate_count(context.table.frame))
    return t("note.estimates", n=n, total=total) if n else ""


def _estimate_count(frame: pd.DataFrame) -> tuple[int, int]:
    return int((frame["status"] == "estimate").sum()), len(frame)


@lru_cache(maxsize=64)
def _changed_count(assumptions: Assumptions) -> int:
    return len(assumptions.changed_from_default())


def modified_text(context: AppContext) -> str:
    """A visible flag when the baseline rests on changed assumptions ('' otherwise): on every results page,
    so a room never reads a modified baseline as the published one."""
    changed = _changed_count(context.assumptions)
    return f":orange-badge[:material/edit_note: {t('note.modified_baseline', n=changed)}]" if changed else ""


def lead(text: str, context: AppContext) -> None:
    """The page's lead sentence, the count of regions resting on estimates, the table's provenance and, when
    assumptions were changed, the modified-baseline flag: one element."""
    from .scope import provenance_line

    lines = (text, estimates_text(context), provenance_line(context.table, context.lang), modified_text(context))
    st.caption("  \n".join(line for line in lines if line))
    if context.pot_problems:  # the national pot could not be shared: the results show no pot money
        detail = " ".join(p.message(context.lang) for p in context.pot_problems)
        st.warning(t("pot.problem", detail=detail), icon=":material/savings:")
