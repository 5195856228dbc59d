"""Look of the app: calm and official, legible on a 1024x768 projector and a 390-px phone.

Presentation mode enlarges type for the back of a room; the sidebar with the levers, the page navigation
(all eight pages in two columns at the sidebar's top: one click each, no "6 more" menu as the top bar had at
1024x768) and the way back (the toggle in the sidebar and a button on the page) all stay.
Headline labels wrap instead of being cut. Only CSS shipped here is used; no web fonts are fetched.
"""

from __future__ import annotations

import streamlit as st

__all__ = ["ACCENT", "BASELINE_GREY", "apply_style", "PRESENT_ROOT_PX"]

ACCENT = "#0B6E4F"
BASELINE_GREY = "#8C9491"
PRESENT_ROOT_PX = 20  # the page's root font size in presentation mode (Streamlit's default is 16)

_BASE_CSS = """
<style>
[data-testid="stMetricValue"] { font-variant-numeric: tabular-nums; }
[data-testid="stMetricLabel"] p { font-size: 0.95rem; }
/* Headline labels wrap onto a second line instead of ending in "...": "Cakupan nasional kini" and
   "Cakupan nasional 2030" must not both read "Cakupan nasio...". */
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] div, [data-testid="stMetricLabel"] p,
[data-testid="stMetricLabel"] label {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  height: auto !important; max-height: none !important; overflow-wrap: anywhere;
}
/* Tables wrap their headers and cells instead of cutting them (ui/render.py region_table). */
[data-testid="stTable"] th, [data-testid="stTable"] td, [data-testid="stTable"] th *, [data-testid="stTable"] td * {
  white-space: normal !important; overflow-wrap: break-word; text-overflow: clip !important;
}
/* Headline values wrap too ("Rp12,5 miliar" in a narrow column on the projector) instead of ending in "...". */
[data-testid="stMetricValue"], [data-testid="stMetricValue"] div, [data-testid="stMetricValue"] p {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  height: auto !important; line-height: 1.15; overflow-wrap: normal; word-break: keep-all;  /* at spaces only:
  a number is never split ("1.818.0 / 22") */
}
/* A segmented control in a row of controls (the map's "Tahun capai target | Peluang capai target 2030") keeps its
   options on one line and wraps their words, instead of hiding the last option behind sideways scrolling on a
   phone; a button's label (a download's "Hasil per wilayah (CSV)" in a narrow column) wraps instead of ending in
   "...". */
[data-testid="stHorizontalBlock"] [data-testid="stButtonGroup"] [role="radiogroup"] > button {
  flex: 0 1 auto; min-width: 0; height: auto !important; min-height: 2.5rem;
}
[data-testid="stHorizontalBlock"] [data-testid="stButtonGroup"] [role="radiogroup"] > button *,
[data-testid="stMain"] button .stMarkdownEllipsis, [data-testid="stMain"] button .stMarkdownEllipsis * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important; line-height: 1.25;
}
[data-testid="stMain"] button:has(.stMarkdownEllipsis) { height: auto !important; }
.ucj-note { color: #4A524F; font-size: 0.9rem; }
.ucj-badge-estimate { border: 1px dashed #8C5A00; color: #8C5A00; border-radius: 4px; padding: 0 4px;
  font-size: 0.8rem; white-space: nowrap; }
@media (max-width: 640px) {
  [data-testid="stMetricValue"] { font-size: 1.6rem; }
  h1 { font-size: 1.6rem !important; }
  .block-container { padding-left: 0.8rem !important; padding-right: 0.8rem !important; }
  /* Phone tables: small type, tight cells, and a word longer than its column may break (its min-content
     width would otherwise push the table past the screen's edge). */
  [data-testid="stTable"] th, [data-testid="stTable"] td,
  [data-testid="stMarkdownContainer"] th, [data-testid="stMarkdownContainer"] td {
    padding: 0.3rem 0.35rem !important; font-size: 0.8rem !important; overflow-wrap: anywhere !important;
  }
  [data-testid="stMarkdownContainer"] table { width: 100%; }
}
</style>
"""

_PRESENT_CSS = f"""
<style>
html {{ font-size: {PRESENT_ROOT_PX}px; }}
[data-testid="stMetricValue"] {{ font-size: 2.3rem; }}
[data-testid="stMetricLabel"] p {{ font-size: 1.1rem; line-height: 1.25; }}
/* Captions (sources, the count of estimates, notes) dark and opaque: Streamlit draws them at 60% opacity, light
   grey on a projector. */
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {{
  color: #2E3432 !important; opacity: 1 !important;
}}
.block-container {{ padding: 3.5rem 1.5rem 2rem 1.5rem !important; max-width: none !important; }}
[data-testid="stDecoration"], footer {{ display: none !important; }}
/* Every page one click away and the levers still near the top: the eight short page names in two columns. */
[data-testid="stSidebarNavItems"] {{ display: grid; grid-template-columns: 1fr 1fr; column-gap: 0.2rem; }}
[data-testid="stSidebarNavItems"] > li {{ min-width: 0; }}
[data-testid="stSidebarNavLink"] {{ padding-left: 0.4rem; padding-right: 0.3rem; }}
[data-testid="stSidebarNavLink"] > span:has([data-testid="stIconMaterial"]) {{ display: none; }}  /* names only */
@media (max-width: 640px) {{  /* presentation mode opened on a phone: a phone's margins and table type size */
  .block-container {{ padding-left: 0.8rem !important; padding-right: 0.8rem !important; }}
  [data-testid="stTable"] th, [data-testid="stTable"] td,
  [data-testid="stMarkdownContainer"] th, [data-testid="stMarkdownContainer"] td {{ font-size: 14px !important; }}
}}
</style>
"""


def apply_style(present: bool) -> None:
    st.html(_BASE_CSS + (_PRESENT_CSS if present else ""))
