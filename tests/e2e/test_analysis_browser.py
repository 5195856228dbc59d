"""The analysis page in a real browser: a goal-seek and an allocation answer appear in Bahasa Indonesia and,
applied in one click, become the scenario every page shows (the share link carries it)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from .test_app_browser import RERUN_TIMEOUT_MS, assert_no_exception, click, new_page, open_app, pct

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

REPO_ROOT = Path(__file__).resolve().parents[2]
APP = REPO_ROOT / "app.py"
ANSWER_TIMEOUT_MS = 120_000  # the first answer loads scipy and prepares the evaluator (an upper bound)


def click_and_wait(page: Page, name: str | re.Pattern) -> None:
    click(page, page.get_by_role("button", name=name).first, ANSWER_TIMEOUT_MS)


def test_goal_seek_answer_in_bahasa_applied_as_scenario(browser: Browser, app_url: str, screenshot_dir: Path) -> None:
    with new_page(browser) as (page, _):
        open_app(page, f"{app_url}/analisis?prov=15")
        expect(page.get_by_test_id("stMain").locator("h1").first).to_have_text("Analisis keputusan")
        click_and_wait(page, "Hitung")
        answer = page.locator(".st-key-an_goal_answer")
        expect(answer).to_contain_text(
            re.compile(
                r"Jambi mencapai 55% pada 2027 dengan iuran APBD Rp\d+,\d miliar per tahun, sekitar [\d.]+ "
                r"pekerja rentan; biaya per peserta tambahan Rp[\d.]+ per tahun"
            ),
            timeout=ANSWER_TIMEOUT_MS,
        )
        budget = re.search(r"Rp(\d+,\d) miliar", answer.inner_text()).group(1).replace(",", ".")
        page.screenshot(path=str(screenshot_dir / "analisis_goal_seek.png"), full_page=True)
        click_and_wait(page, "Terapkan sebagai skenario")
        expect(page.get_by_text("Diterapkan. Semua halaman kini menampilkan skenario ini.")).to_be_visible()
        # The override is in the share link: Jambi with its own budget.
        expect(page).to_have_url(
            re.compile(rf"ov=15%3A0%3A{re.escape(budget.rstrip('0').rstrip('.'))}"), timeout=RERUN_TIMEOUT_MS
        )
        assert_no_exception(page)


def test_allocation_in_bahasa_applied_as_scenario(browser: Browser, app_url: str, screenshot_dir: Path) -> None:
    with new_page(browser, 1280, 1000) as (page, _):
        open_app(page, f"{app_url}/analisis")
        click(
            page,
            page.get_by_role("radio", name="Ke mana dana?").or_(page.get_by_role("button", name="Ke mana dana?")).first,
        )
        click_and_wait(page, "Bagi dana")
        answer = page.locator(".st-key-an_pot_answer")
        expect(answer).to_contain_text(
            re.compile(r"Dengan Rp100,0 miliar per tahun, pembagian optimal menambah [\d.]+ peserta pada 2030"),
            timeout=ANSWER_TIMEOUT_MS,
        )
        expect(answer).to_contain_text("Rp1 miliar berikutnya sebaiknya ke:")
        page.screenshot(path=str(screenshot_dir / "analisis_allocation.png"), full_page=True)
        click_and_wait(page, "Terapkan sebagai skenario")
        expect(page.get_by_text("Diterapkan. Semua halaman kini menampilkan skenario ini.")).to_be_visible()
        expect(page).to_have_url(re.compile(r"ov=\d\d%3A"), timeout=RERUN_TIMEOUT_MS)
        assert "bud=" not in page.url or re.search(r"bud=0(&|$)", page.url)
        assert_no_exception(page)


def test_national_pot_and_chances_in_a_browser(browser: Browser, app_url: str, screenshot_dir: Path) -> None:
    """The budget lever switched to a national pot split optimally (the link carries it, the pages show it),
    the map coloured by the chance of the target, and the ranking's on-demand chance columns, in Bahasa."""
    from .test_app_browser import act, dataframe, query, sidebar, visible_rows, wait_until, wait_until_drawn

    with new_page(browser, 1280, 1000) as (page, _):
        open_app(page, f"{app_url}/?prov=15")
        side = sidebar(page)
        click(page, side.get_by_text("Anggaran sebagai pot nasional"))
        box = side.get_by_role("textbox", name="Pot nasional (Rp miliar per tahun)")
        box.fill("250")
        act(page, lambda: box.press("Enter"), "entering a national pot of Rp250 miliar")
        page.screenshot(path=str(screenshot_dir / "pot_switched_on.png"), full_page=True)
        click(
            page,
            side.get_by_role("radio", name="Optimal").or_(side.get_by_role("button", name="Optimal")).first,
            ANSWER_TIMEOUT_MS,
        )
        expect(side).to_contain_text("dibagi di antara 38 wilayah (Optimal)")
        expect(page).to_have_url(re.compile(r"pot=250.*split=optimal|split=optimal.*pot=250"), timeout=RERUN_TIMEOUT_MS)
        # The national figures include the pot's participants: something was added.
        added = page.get_by_test_id("stMetric").filter(has_text="Tambahan peserta").get_by_test_id("stMetricValue")
        expect(added).not_to_have_text("0")
        chance = page.get_by_role("radio", name="Peluang capai target 2030")
        click(page, chance.or_(page.get_by_role("button", name="Peluang capai target 2030")).first)
        wait_until_drawn(page)
        expect(page.get_by_test_id("stMain")).to_contain_text("Peluang = bagian dari 100 simulasi Monte Carlo")
        page.screenshot(path=str(screenshot_dir / "pot_optimal_chance_map.png"), full_page=True)
        assert query(page)["split"] == "optimal"

        page.set_viewport_size({"width": 2400, "height": 1000})  # every column in view (the grid virtualises)
        open_app(page, f"{app_url}/peringkat?{urlencode(query(page))}")
        click(page, page.get_by_test_id("stMain").get_by_text("Tampilkan semua kolom", exact=True))
        # The rows in view (the grid virtualises; the AppTest in tests/test_app/test_chances.py reads every row).
        # The grid's DOM mirror follows the rerun a moment later: wait for the chance columns to be in it.
        chance_columns = ("Peluang capai target 2030", "Peluang kebijakan mengubah peringkat")
        wait_until(
            page,
            lambda: set(chance_columns) <= set(visible_rows(dataframe(page))[0]),
            "the chance columns in the ranking grid",
        )
        header, *rows = visible_rows(dataframe(page))
        chance, change = header.index(chance_columns[0]), header.index(chance_columns[1])
        assert len(rows) >= 10
        values = [pct(r[chance]) for r in rows] + [pct(r[change]) for r in rows]
        assert all(0 <= v <= 100 for v in values) and max(pct(r[change]) for r in rows) > 0
        page.screenshot(path=str(screenshot_dir / "peringkat_chances.png"), full_page=True)
        assert_no_exception(page)
