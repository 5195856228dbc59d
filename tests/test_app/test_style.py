"""ui/style.py: the app's CSS, with presentation mode's larger type only when presenting."""

from __future__ import annotations

import re

import pytest

from ui import charts, style


@pytest.fixture
def shown(monkeypatch) -> list[str]:
    html: list[str] = []
    monkeypatch.setattr(style.st, "html", html.append)
    return html


def test_presentation_mode_adds_the_projector_css_and_normal_mode_does_not(shown):
    style.apply_style(False)
    style.apply_style(True)
    normal, presenting = shown
    assert presenting.startswith(normal)
    assert f"font-size: {style.PRESENT_ROOT_PX}px" in presenting and "font-size: 20px" not in normal
    assert style.PRESENT_ROOT_PX > 16  # larger than Streamlit's default root size


def test_css_fetches_nothing_from_the_web(shown):
    style.apply_style(True)
    assert not re.search(r"@import|url\(\s*['\"]?https?:", shown[0])
    assert shown[0].count("<style>") == shown[0].count("</style>") == 2


def test_the_house_colours_are_the_charts():
    assert (style.ACCENT, style.BASELINE_GREY) == (charts.ACCENT, charts.BASELINE_GREY)
