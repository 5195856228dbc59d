"""Small Streamlit helpers shared by pages: context access, charts, provenance captions, estimate notes."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from . import charts, views
from .i18n import t
from .state import AppContext

__all__ = ["ctx", "chart", "caption", "estimates_note", "region_table"]


def ctx() -> AppContext:
    """This rerun's context, built by app.py before the page runs."""
    return st.session_state["ctx"]


def chart(kind: str, frames: dict[str, pd.DataFrame], *, key: str, description: str, **options) -> None:
    """Show chart `kind` (see ui/charts.py) with this rerun's data; `description` doubles as its alt text.

    The spec comes from a per-language cache, so a rerun pays only for shipping the data.
    """
    lang = ctx().lang
    spec = charts.spec(kind, views.chart_labels(lang), lang, **options)
    st.vega_lite_chart(spec=charts.with_data(spec, **frames), width="stretch", key=key, alt=description)


def region_table(table: pd.DataFrame, *, pinned: int, height: int) -> None:
    """A table of all regions with its region-name column pinned, so the name stays in view while the
    answer columns scroll (on a phone only two columns fit)."""
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=height,
        column_config={table.columns[pinned]: st.column_config.TextColumn(pinned=True)},
    )


def caption(text: str) -> None:
    """One sentence under a heading that says what the element shows."""
    st.caption(text)


def estimates_note(context: AppContext) -> None:
    """How many regions rest on estimates; shown wherever results are (estimates are never silent)."""
    frame = context.table.frame
    n = int((frame["status"] == "estimate").sum())
    if n:
        st.caption(t("note.estimates", n=n, total=len(frame)))
