"""ui/render.py: the pages' shared Streamlit helpers: safe tables, one-element headings, Arrow chart data built
once per projection, the estimate and modified-baseline notes, and the region table's two views."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from model import Settings, default_assumptions, project
from ui import render
from ui.i18n import use_language


def test_markdown_safe_escapes_headers_and_text_but_keeps_numbers():
    frame = pd.DataFrame({"Nama [x]": ["![x](http://h/p.png)", "Aceh"], "n": [1, 2]})
    safe = render.markdown_safe(frame)
    assert list(safe.columns) == ["Nama \\[x\\]", "n"]
    assert safe.iloc[0, 0] == r"\!\[x\]\(http\://h/p\.png\)" and safe.iloc[1, 0] == "Aceh"
    assert safe["n"].tolist() == [1, 2] and frame.iloc[0, 0] == "![x](http://h/p.png)"


def test_small_print_cannot_close_its_directive_early():
    assert render.small_print("a [b] c") == ":gray[:small[a (b) c]]"


def test_section_is_one_element_with_heading_and_small_print(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(render.st, "markdown", shown.append)
    render.section("Judul", "Teks", "", "Lagi")
    assert shown == ["### Judul\n\n:gray[:small[Teks]]\n\n:gray[:small[Lagi]]"]


def test_chart_data_is_arrow_built_once_per_projection_and_key(baseline):
    result = project(baseline, settings=Settings(draws=0))
    calls = []

    def build():
        calls.append(1)
        return {"paths": pd.DataFrame({"x": [1, 2]}), "bands": None}

    first = render.chart_data(result, ("paths", "id"), build)
    again = render.chart_data(result, ("paths", "id"), build)
    other = render.chart_data(result, ("paths", "en"), build)
    assert first is again and len(calls) == 2 and set(first) == set(other) == {"paths"}
    table = pa.ipc.open_stream(first["paths"]).read_all()
    assert table.column("x").to_pylist() == [1, 2]


@pytest.fixture
def english():
    use_language("en")
    yield
    use_language("id")


def test_estimates_and_modified_baseline_are_said_only_when_true(baseline, english):
    plain = SimpleNamespace(data_key="baseline", table=baseline, assumptions=default_assumptions())
    n = int((baseline.frame["status"] == "estimate").sum())
    assert (
        render.estimates_text(plain) == f"{n} of 38 regions rest on estimates (marked ≈ and dashed). See the Data page."
    )
    assert render.modified_text(plain) == ""
    changed = SimpleNamespace(
        data_key="baseline", table=baseline, assumptions=default_assumptions().with_values({"crowd_out_share": 0.2})
    )
    assert "1 changed assumptions" in render.modified_text(changed)
    assert render.modified_text(changed).startswith(":orange-badge[")


def table_app() -> None:
    import pandas as pd

    from ui import render

    rows = int(__import__("streamlit").session_state.get("rows", 3))
    frame = pd.DataFrame({"Region": [f"R{i}" for i in range(rows)], "Coverage": [f"{i}%" for i in range(rows)]})
    render.region_table(lambda full: frame.assign(More="x") if full else frame, key="t", pinned=0, height=400)


def test_region_table_is_a_static_table_for_a_short_answer_and_the_grid_for_every_column_or_a_long_one():
    app = AppTest.from_function(table_app, default_timeout=60).run()
    assert len(app.table) == 1 and len(app.dataframe) == 0
    app.toggle[0].set_value(True).run()
    assert len(app.table) == 0 and list(app.dataframe[0].value.columns) == ["Region", "Coverage", "More"]
    app.toggle[0].set_value(False).run()
    app.session_state["rows"] = render.WRAPPING_TABLE_MAX_ROWS + 1
    app.run()
    assert len(app.table) == 0 and len(app.dataframe[0].value) == render.WRAPPING_TABLE_MAX_ROWS + 1
