"""app_pages/profil.py: one province's profile with its segments and the source of its figures."""

from __future__ import annotations

from tests.test_app.pages import start


def test_profile_shows_segments_and_provenance():
    at = start("profil")
    assert at.title[0].value == "Profil: Jambi"
    assert any(m.label == "Kekurangan peserta" for m in at.metric)
    # the source is user-facing text from the table: shown escaped (never live Markdown), read without escapes
    assert any("dialognews.id" in (e.body if hasattr(e, "body") else "").replace("\\", "") for e in at.markdown)
