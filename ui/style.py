"""Look of the app: calm and official, legible on a 1024x768 projector and a 390-px phone.

Presentation mode enlarges type and hides everything that is not the answer (the sidebar starts folded and
navigation moves to the top). Only CSS shipped here is used; no web fonts are fetched.
"""

from __future__ import annotations

import streamlit as st

__all__ = ["ACCENT", "BASELINE_GREY", "apply_style"]

ACCENT = "#0B6E4F"
BASELINE_GREY = "#8C9491"

_BASE_CSS = """
<style>
[data-testid="stMetricValue"] { font-variant-numeric: tabular-nums; }
[data-testid="stMetricLabel"] p { font-size: 0.95rem; }
.ucj-note { color: #4A524F; font-size: 0.9rem; }
.ucj-badge-estimate { border: 1px dashed #8C5A00; color: #8C5A00; border-radius: 4px; padding: 0 4px;
  font-size: 0.8rem; white-space: nowrap; }
@media (max-width: 640px) {
  [data-testid="stMetricValue"] { font-size: 1.6rem; }
  h1 { font-size: 1.6rem !important; }
}
</style>
"""

_PRESENT_CSS = """
<style>
html { font-size: 19px; }
[data-testid="stMetricValue"] { font-size: 2.8rem; }
[data-testid="stMetricLabel"] p { font-size: 1.15rem; }
.block-container { padding-top: 2.5rem; }
[data-testid="stToolbar"], [data-testid="stDecoration"], footer { display: none !important; }
</style>
"""


def apply_style(present: bool) -> None:
    st.html(_BASE_CSS + (_PRESENT_CSS if present else ""))
