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
    """The history of dated figures: a table of four columns whose sources and notes wrap (a grid cut them on a
    phone and at 1024 px; an address may break at its slashes), its sources in Bahasa."""
    at = start("profil")
    shown = at.table[-1].value
    history = shown.map(lambda v: str(v).replace("\\", "").replace("\u200b", ""))  # escaped cells
    history.columns = [c.replace("\\", "") for c in shown.columns]
    assert list(history.columns) == ["Tanggal", "Cakupan (status)", "Sumber", "Catatan"]
    assert history["Cakupan (status)"].tolist() == ["41,38% dilaporkan", "45,17% dilaporkan", "44,29% dilaporkan"]
    assert history["Sumber"].tolist()[1:] == [
        "dialognews.id/jambi-fokus-pada-percepatan-uc-jamsostek (Des 2024)",
        "artikel rujukan awal proyek (awal 2025)",
    ]
    assert "/\u200b" in shown.iloc[0, 2]  # a break opportunity after the slash


def test_a_source_address_breaks_into_pieces_a_phone_column_holds():
    """Bengkulu's "harianrakyatbengkulu.bacakoran.co/read/12531" widened the history table past a 390-px phone."""
    import re

    from model.data import load_observations
    from ui import views

    for source in load_observations()["source"].dropna():
        shown = views.breakable(source)
        assert shown.replace("\u200b", "") == source
        assert max(len(piece) for piece in re.split(r"[\u200b\s]", shown)) <= views.BREAK_EVERY, shown
