"""In Chromium: a national lever's move redraws only a page's live parts (ui/render.py `live_part`), and what
stays on screen still works with the moved levers: the table's own switch, the map's switches, the Simulasi
page's own-levers popover (whose widgets exist only while it is open)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from .test_app_browser import (
    BUDGET_ID,
    act,
    assert_no_exception,
    click,
    metric_value,
    new_page,
    open_app,
    query,
    raise_budget,
    region_rows,
    target_year,
    title,
    url_budget,
    wait_until,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def click_and_wait(page: Page, target) -> None:
    """Click and wait for the (fragment) rerun the click starts (tests/e2e/reruns.py)."""
    click(page, target)


def test_after_live_moves_the_table_switch_shows_the_moved_levers(browser: Browser, app_url: str) -> None:
    """The table's "all columns" switch reruns the table's own fragment after the live parts moved: it must
    draw the latest projection (Jambi's row agrees with its headline), not the one it was first drawn with."""
    with new_page(browser) as (page, _):
        open_app(page, f"{app_url}/simulasi")
        headline = metric_value(page, re.compile(r"^Target tercapai$"))
        before = headline.inner_text()
        budget = raise_budget(page, 100)
        expect(page).to_have_url(url_budget(budget))
        expect(headline).not_to_have_text(before)
        expect(title(page)).to_have_text("Simulasi: Jambi")  # the title stayed, it was not sent again
        click_and_wait(page, page.get_by_text("Tampilkan semua kolom", exact=True))

        def jambi_row_is_the_headline() -> bool:
            try:
                rows = region_rows(page)
            except (AssertionError, ValueError):
                return False
            jambi = [r for r in rows if r.get("Wilayah") == "Jambi"]
            return (
                len(jambi) == 1
                and "Tercapai (dasar)" in jambi[0]
                and target_year(jambi[0]["Tercapai (kebijakan)"]) == target_year(headline.inner_text())
            )

        wait_until(page, jambi_row_is_the_headline, "Jambi's row (all columns) to agree with its headline")
        assert target_year(headline.inner_text()) < target_year(before)
        assert_no_exception(page)


def test_after_live_moves_the_map_switches_work(browser: Browser, app_url: str) -> None:
    with new_page(browser) as (page, errors):
        open_app(page, f"{app_url}/")
        extra = metric_value(page, re.compile(r"^Tambahan "))
        before = extra.inner_text()
        raise_budget(page, 50)
        expect(extra).not_to_have_text(before)
        main = page.get_by_test_id("stMain")
        switches = main.get_by_test_id("stButtonGroup")
        for name in ("Kisi", "Skenario dasar", "Peta"):
            click_and_wait(page, switches.get_by_text(name, exact=True))
        expect(main.get_by_test_id("stVegaLiteChart")).to_have_count(1)
        expect(extra).not_to_have_text(before)  # the switches rerun the map only: the headline keeps the move
        assert_no_exception(page)
        assert not [e for e in errors if "Warning" not in e], errors


def test_own_levers_are_drawn_when_opened_and_stay_open_while_used(browser: Browser, app_url: str) -> None:
    with new_page(browser) as (page, _):
        open_app(page, f"{app_url}/simulasi")
        main = page.get_by_test_id("stMain")
        switch = main.get_by_text("Pakai kebijakan khusus", exact=True)
        expect(switch).to_have_count(0)  # closed: its widgets are not in the page
        click_and_wait(page, main.get_by_role("button", name=re.compile(r"Kebijakan khusus Jambi")))
        body = page.get_by_test_id("stPopoverBody")
        expect(body.get_by_text("Pakai kebijakan khusus", exact=True)).to_be_visible()
        own_budget = body.get_by_role("slider", name=BUDGET_ID).first
        expect(own_budget).to_be_disabled()
        click_and_wait(page, body.get_by_text("Pakai kebijakan khusus", exact=True))
        expect(body).to_be_visible()  # switching it on keeps the popover open (its label did not change)
        expect(own_budget).to_be_enabled()
        own_budget.focus()
        act(page, lambda: page.keyboard.press("PageUp"), "PageUp on Jambi's own budget")
        wait_until(page, lambda: query(page).get("ov", "").startswith("15:"), "Jambi's own levers in the link")
        expect(body).to_be_visible()
        act(page, lambda: page.keyboard.press("Escape"), "closing the own-levers popover (it reruns on close)")
        expect(body).to_have_count(0)
        # Closed again: the widgets are gone, the province's own levers are not.
        expect(main.get_by_text("Pakai kebijakan khusus", exact=True)).to_have_count(0)
        assert query(page)["ov"].startswith("15:")
        assert "berkebijakan khusus" in page.get_by_test_id("stSidebar").inner_text()
        assert_no_exception(page)
