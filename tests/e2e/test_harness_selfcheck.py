"""Self-check of the e2e harness against the floor app.

If this fails, the harness (server start, browser, rerun detection) is broken,
not the Simulasi UCJ app: fix this first before trusting other e2e results.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from playwright.sync_api import expect

from benchmarks.ui_timing import measure_slider_reruns

from .reruns import after, track

if TYPE_CHECKING:
    from playwright.sync_api import Browser


def test_floor_app_slider_reruns(browser: Browser, floor_app_url: str, screenshot_dir: Path) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        track(page)
        after(page, lambda: page.goto(floor_app_url), "opening the floor app", 60_000)

        slider = page.get_by_role("slider", name="Nilai k")
        shown = page.get_by_test_id("stSliderThumbValue")
        expect(shown).to_have_text("50")
        chart = page.get_by_test_id("stVegaLiteChart")
        expect(chart).to_be_visible()

        slider.focus()
        after(page, lambda: page.keyboard.press("ArrowRight"), "pressing ArrowRight", 60_000)
        expect(shown).to_have_text("51")
        expect(slider).to_have_attribute("aria-valuetext", "51")

        durations = measure_slider_reruns(page, slider, n_moves=4)
        assert len(durations) == 4
        assert all(d > 0 for d in durations), durations
        # Even moves cancel out: 51 -> 52 -> 51 -> 52 -> 51.
        expect(shown).to_have_text("51")

        page.screenshot(path=str(screenshot_dir / "floor_app.png"), full_page=True)
    finally:
        context.close()
