"""The tables a page shows, as a person reads them, whichever element draws them.

The answer view of a region table is a static `st.table` (it wraps on a phone) whose cells are escaped for
Markdown; the full view and other tables are `st.dataframe`. Tests read both, in page order, unescaped.
"""

from __future__ import annotations

import re

import pandas as pd
from streamlit.testing.v1 import AppTest

_ESCAPE = re.compile(r"\\(.)")


def _unescape(value: object) -> object:
    return _ESCAPE.sub(r"\1", value) if isinstance(value, str) else value


def shown_tables(at: AppTest) -> list[pd.DataFrame]:
    """Every table and data frame of the main area, in page order, with Markdown escapes removed."""
    frames = []
    for node in at.main:
        kind = type(node).__name__
        if kind in ("Table", "Dataframe"):
            frame = node.value
            if kind == "Table":
                frame = frame.rename(columns=_unescape).map(_unescape)
            frames.append(frame)
    return frames
