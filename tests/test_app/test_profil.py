"""app_pages/profil.py: one province's profile with its segments and the source of its figures."""

from __future__ import annotations

from tests.test_app.pages import start


def test_profile_shows_segments_and_provenance():
    at = start("profil")
    assert at.title[0].value == "Profil: Jambi"
    assert any(m.label == "Kekurangan peserta" for m in at.metric)
    # the source is user-facing text from the table: shown escaped (never live Markdown), read without escapes
    assert any("dialognews.id" in (e.body if hasattr(e, "body") else "").replace("\\", "") for e in at.markdown)


def test_data_history_is_a_wrapping_table_with_sources_in_bahasa():
    """The history of dated figures: a table whose sources and notes wrap (a grid cut them on a phone and at
    1024 px), its sources in Bahasa."""
    at = start("profil")
    history = at.table[-1].value.map(lambda v: str(v).replace("\\", ""))  # cells are Markdown-escaped
    assert list(history.columns) == ["Tanggal", "Cakupan", "Status", "Sumber", "Catatan"]
    assert history["Cakupan"].tolist() == ["41,38%", "45,17%", "44,29%"]
    assert history["Sumber"].iloc[2] == "artikel rujukan awal proyek (awal 2025)"
