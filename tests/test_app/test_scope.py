"""ui/scope.py: the loaded table's scope and its words, safe user text, and the province selector of a regency
table spanning several provinces."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

from streamlit.testing.v1 import AppTest

from model import load_regions
from ui import scope
from ui.i18n import t

MESSY = Path(__file__).resolve().parents[1] / "data" / "messy"


def test_scope_of_the_baseline_and_of_a_regency_table(baseline):
    assert scope.scope_of(baseline) == scope.PROVINCES and not scope.PROVINCES.is_regency
    several = scope.scope_of(load_regions(MESSY / "several_provinces.csv"))
    assert several.is_regency and several.provinces == ("73", "74", "92")
    assert several.province_words("en") == "3 provinces"
    one = scope.Scope("regency", ("31",))
    assert one.province_words("id") == t("scope.province_of", "id", name="DKI Jakarta")
    assert scope.province_name("34") == "DI Yogyakarta" and scope.province_name("99") == "99"


def test_the_scope_belongs_to_the_thread_of_one_script_run():
    regency = scope.Scope("regency", ("18",))
    seen = []
    scope.use_scope(regency)
    worker = threading.Thread(target=lambda: seen.append(scope.current_scope()))
    worker.start()
    worker.join()
    assert scope.current_scope() == regency and seen == [scope.PROVINCES]
    scope.use_scope(scope.PROVINCES)


def test_plain_escapes_everything_markdown_reads():
    assert scope.plain("![x](http://h/p.png)") == r"\!\[x\]\(http\://h/p\.png\)"
    assert scope.plain("Kab. Aceh *Besar*") == "Kab\\. Aceh \\*Besar\\*"
    assert scope.plain("Aceh") == "Aceh"


def test_provenance_is_said_only_for_an_upload(baseline):
    assert scope.provenance_line(baseline, "id") == ""
    upload = replace(baseline, origin="kab_*kota*.xlsx", loaded_at="2026-11-26 04:30")
    line = scope.provenance_line(upload, "en")
    assert "kab\\_\\*kota\\*\\.xlsx" in line and "2026-11-26 04:30" in line


def choose_app() -> None:
    import streamlit as st

    from ui import scope

    scope.use_scope(scope.Scope("regency", ("73", "74", "92")))
    st.session_state["chosen"] = scope.province_choice("74.02", "en")
    scope.use_scope(scope.Scope("regency", ("73",)))
    st.session_state["single"] = scope.province_choice("73.01", "en")


def test_the_province_selector_starts_at_the_focus_province_and_keeps_the_choice():
    app = AppTest.from_function(choose_app, default_timeout=60).run()
    assert app.session_state["chosen"] == "74" and app.session_state["single"] is None
    (box,) = app.selectbox
    assert box.options == ["Sulawesi Selatan province", "Sulawesi Tenggara province", "Papua Barat province"]
    box.set_value("92").run()
    assert app.session_state["chosen"] == "92"
    app.run()
    assert app.session_state["chosen"] == "92"  # kept on the next rerun
