"""app_pages/asumsi.py: changed assumptions are flagged as a modified baseline, and can be reset."""

from __future__ import annotations

import re

import pandas as pd
from streamlit.testing.v1 import AppTest

from tests.test_app.pages import APP, start
from ui.inputs import read_decimal_column


def test_assumption_change_is_shown_as_a_modified_baseline():
    at = start("asumsi", assumption_values={"premium_per_month": 33_600.0})
    assert any("dimodifikasi" in w.value for w in at.warning)
    at.button(key="reset_assumptions").click().run()
    assert not at.warning


def test_assumption_values_are_shown_in_the_readers_number_format():
    """The editable value column showed '2.65' and '0.1' in Bahasa (a number column's printf format)."""
    from model import load_assumption_specs

    for lang, trend in (("id", "2,65"), ("en", "2.65")):
        at = AppTest.from_file(APP, default_timeout=90)
        at.query_params["lang"] = lang
        at.run()
        at.switch_page("app_pages/asumsi.py").run()
        assert not at.exception
        frames = [n.value for n in at.main if hasattr(n, "value") and isinstance(n.value, pd.DataFrame)]
        column = "Nilai" if lang == "id" else "Value"
        table = next(frame for frame in frames if column in frame.columns)
        keys = [spec.key for spec in load_assumption_specs()]
        shown = dict(zip(keys, table[column], strict=True))
        assert shown["national_trend_pct_per_year"] == trend
        if lang == "id":  # a dot only groups thousands (16.800), never a decimal mark
            assert shown["premium_per_month"] == "16.800"
            assert not any(re.search(r"\.(?!\d{3}(?:[.,]|$))", text) for text in shown.values()), shown


def test_typed_values_read_with_a_decimal_comma_and_a_typo_is_named():
    values, unreadable = read_decimal_column(["a", "b", "c"], ["0,3", "2.65", "![x](http://host/p.png)"], "id")
    assert values == {"a": 0.3, "b": 2.65}
    assert unreadable == [("c", "![x](http://host/p.png)")]
    values, unreadable = read_decimal_column(["a"], ["1.234,5"], "id")
    assert values == {"a": 1234.5} and not unreadable
