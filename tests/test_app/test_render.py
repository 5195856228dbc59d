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


def test_region_table_is_a_static_table_for_the_answer_and_the_grid_for_every_column():
    app = AppTest.from_function(table_app, default_timeout=60).run()
    assert len(app.table) == 1 and len(app.dataframe) == 0
    assert len(app.text_input) == 0  # a short table: no search, no choice of rows
    app.toggle[0].set_value(True).run()
    assert len(app.table) == 0 and list(app.dataframe[0].value.columns) == ["Region", "Coverage", "More"]


def shown_regions(app) -> list[str]:
    return list(app.table[0].value["Region"])


def test_a_long_table_answers_in_pages_of_wrapping_rows_with_a_search_by_name():
    """123 regions (a regency upload is 514): the answer view stays a wrapping table (a phone shows its columns
    whole), 50 rows at a time, with a search; the grid only when every column is asked for."""
    app = AppTest.from_function(table_app, default_timeout=60)
    app.session_state["rows"] = 123
    app.run()
    assert len(app.dataframe) == 0 and shown_regions(app) == [f"R{i}" for i in range(render.PAGE_ROWS)]
    assert "Baris 1–50 dari 123" in app.caption[0].value  # the first language
    rows = app.selectbox(key="t_rows")
    assert rows.options == ["1–50", "51–100", "101–123"]
    rows.set_value(100).run()
    assert shown_regions(app) == [f"R{i}" for i in range(100, 123)]
    app.text_input(key="t_search").input("r12").run()  # any case; the choice of rows starts again
    assert shown_regions(app) == ["R12", "R120", "R121", "R122"]
    assert "Baris 1–4 dari 4 yang cocok (dari 123)" in app.caption[0].value and len(app.selectbox) == 0
    app.text_input(key="t_search").input("![x](http://h/p.png)").run()
    assert len(app.table[0].value) == 0
    assert "![x]" not in app.caption[0].value and "Tidak ada wilayah" in app.caption[0].value  # typed text stays text
    app.text_input(key="t_search").input("").run()
    app.toggle[0].set_value(True).run()
    assert len(app.table) == 0 and len(app.dataframe[0].value) == 123
