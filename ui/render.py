"""Small Streamlit helpers shared by pages: context access, charts, provenance captions, estimate notes."""

from __future__ import annotations

import altair as alt
import streamlit as st

from .i18n import t
from .state import AppContext

__all__ = ["ctx", "chart", "caption", "estimates_note"]


def ctx() -> AppContext:
    """This rerun's context, built by app.py before the page runs."""
    return st.session_state["ctx"]


def chart(figure: alt.TopLevelMixin, key: str | None = None) -> None:
    st.altair_chart(figure, width="stretch", key=key)


def caption(text: str) -> None:
    """One sentence under a heading that says what the element shows."""
    st.caption(text)


def estimates_note(context: AppContext) -> None:
    """How many regions rest on estimates; shown wherever results are (estimates are never silent)."""
    frame = context.table.frame
    n = int((frame["status"] == "estimate").sum())
    if n:
        st.caption(t("note.estimates", n=n, total=len(frame)))
