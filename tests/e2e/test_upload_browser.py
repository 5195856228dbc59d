"""In a real browser: a regency sheet uploaded on the Data page is ranked within its province and mapped; a
bad file then shows every problem and leaves the loaded table in place; every request stays on the machine."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from .test_app_browser import (
    act,
    all_rows,
    assert_no_exception,
    click,
    dataframe,
    metric_value,
    new_page,
    open_app,
    region_rows,
    set_slider,
    slider,
    title,
    wait_until,
    wait_until_drawn,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

DATA = Path(__file__).resolve().parents[1] / "data"


def upload(page: Page, path: Path) -> None:
    """Upload a file and wait for the rerun that reads it."""
    field = page.get_by_test_id("stFileUploader").locator('input[type="file"]')
    act(page, lambda: field.set_input_files(str(path)), f"uploading {path.name}")


def go(page: Page, label: str) -> None:
    """Change page through the navigation (a new address would start a new session, without the upload)."""
    click(page, page.get_by_test_id("stSidebarNav").get_by_text(label, exact=True))
    expect(title(page)).to_be_visible()


def test_regency_upload_ranked_in_province_then_bad_file_keeps_it(browser: Browser, app_url: str, screenshot_dir):
    with new_page(browser, 1280, 900) as (page, _):
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        open_app(page, f"{app_url}/data")
        upload(page, DATA / "messy" / "indonesian_semicolon_title.xlsx")
        assert_no_exception(page)
        expect(metric_value(page, "Wilayah")).to_have_text("7")
        expect(page.get_by_test_id("stAlert").filter(has_text="indonesian_semicolon_title.xlsx").first).to_be_visible()
        expect(page.get_by_text(re.compile("Provinsi Papua Barat dari 7 kabupaten/kotanya"))).to_be_visible()
        page.screenshot(path=str(screenshot_dir / "upload_regency_data.png"))

        go(page, "Peringkat")
        expect(title(page)).to_have_text("Peringkat kabupaten/kota di Provinsi Papua Barat 2030")
        rows = region_rows(page)
        assert len(rows) == 7
        names = [r["Wilayah"] for r in rows]
        assert "Kab. Manokwari Selatan" in names and all("Papua Barat" not in n for n in names)
        ranks = [int(r[next(k for k in r if k.startswith("Peringkat 2030"))]) for r in rows]
        assert ranks == list(range(1, 8))
        wait_until_drawn(page)
        page.screenshot(path=str(screenshot_dir / "upload_regency_ranking.png"), full_page=True)

        go(page, "Ringkasan")
        expect(title(page)).to_contain_text("Papua Barat")
        wait_until_drawn(page)
        expect(page.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible()
        page.screenshot(path=str(screenshot_dir / "upload_regency_overview.png"))

        go(page, "Data")
        upload(page, DATA / "bad" / "broken_regency_sheet.csv")
        assert_no_exception(page)
        expect(page.get_by_test_id("stAlert").filter(has_text="6 masalah")).to_have_count(1)
        problems = all_rows(dataframe(page, -1))
        assert len(problems) == 6
        assert any("seribu" in r["Masalah dan cara memperbaiki"] for r in problems)
        expect(metric_value(page, "Wilayah")).to_have_text("7")  # the regency table is still in use
        page.screenshot(path=str(screenshot_dir / "upload_bad_file.png"), full_page=True)

        go(page, "Peringkat")
        expect(title(page)).to_have_text("Peringkat kabupaten/kota di Provinsi Papua Barat 2030")
        host = urlsplit(app_url).hostname
        outside = [u for u in requests if urlsplit(u).hostname not in (host, "localhost", "127.0.0.1")]
        assert not [u for u in outside if not u.startswith(("data:", "blob:"))], outside


def choose_province(page: Page, name: str) -> None:
    box = page.get_by_test_id("stMain").get_by_test_id("stSelectbox").filter(has_text="Provinsi yang ditampilkan")
    box.click()
    click(page, page.get_by_role("option", name=name, exact=True))


def shoot(page: Page, path: Path, width: int, scroll_to: str | None = None) -> None:
    """A screenshot at `width` px (390 = a phone): the layout reflows in place, the session (upload) stays;
    `scroll_to` (a test id) is scrolled into view first (the app scrolls inside its main area)."""
    page.set_viewport_size({"width": width, "height": 844 if width < 500 else 900})
    page.wait_for_timeout(500)
    wait_until_drawn(page)
    if scroll_to:
        page.get_by_test_id(scroll_to).first.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
    page.screenshot(path=str(path))
    page.set_viewport_size({"width": 1280, "height": 900})
    page.wait_for_timeout(300)


def test_regency_sheet_of_several_provinces_ranked_and_mapped_per_province(
    browser: Browser,
    app_url: str,
    screenshot_dir,
):
    with new_page(browser, 1280, 900) as (page, _):
        open_app(page, f"{app_url}/data")
        upload(page, DATA / "messy" / "several_provinces.xls")  # an Excel 97-2003 file, as older PCs save it
        assert_no_exception(page)
        expect(metric_value(page, "Wilayah")).to_have_text("10")
        expect(page.get_by_text(re.compile("Provinsi Papua Barat dari 7 kabupaten/kotanya"))).to_be_visible()

        go(page, "Peringkat")
        expect(title(page)).to_have_text("Peringkat kabupaten/kota di Provinsi Sulawesi Selatan 2030")
        choose_province(page, "Provinsi Papua Barat")
        expect(title(page)).to_have_text("Peringkat kabupaten/kota di Provinsi Papua Barat 2030")
        # The grid repaints after the script run ends: wait for the chosen province's seven rows.
        wait_until(page, lambda: len(region_rows(page)) == 7, "the Papua Barat ranking")
        rows = region_rows(page)
        assert all(r["Wilayah"] not in ("Kab. Tana Toraja", "Kota Makassar", "Kab. Konawe") for r in rows)
        ranks = [int(r[next(k for k in r if k.startswith("Peringkat 2030"))]) for r in rows]
        assert ranks == list(range(1, 8))
        expect(page.get_by_text(re.compile("Angka provinsi di data bawaan: 55,02%"))).to_be_visible()
        for width in (1280, 390):
            shoot(page, screenshot_dir / f"several_provinces_ranking_{width}.png", width, scroll_to="stTable")

        go(page, "Ringkasan")
        expect(title(page)).to_have_text("Ringkasan: kabupaten/kota di 3 provinsi")
        wait_until_drawn(page)
        box = page.get_by_test_id("stSelectbox").filter(has_text="Provinsi yang ditampilkan")
        shown = box.evaluate("el => el.innerText + ' ' + Array.from(el.querySelectorAll('input'), i => i.value).join()")
        assert "Provinsi Papua Barat" in shown, shown  # the choice made on Peringkat
        expect(page.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible()
        for width in (1280, 390):
            shoot(page, screenshot_dir / f"several_provinces_map_{width}.png", width, scroll_to="stVegaLiteChart")

        go(page, "Data")
        upload(page, DATA / "bad" / "broken_regency_sheet.ods")
        assert_no_exception(page)
        expect(page.get_by_test_id("stAlert").filter(has_text="6 masalah")).to_have_count(1)
        expect(metric_value(page, "Wilayah")).to_have_text("10")  # the three-province table is still in use
        page.screenshot(path=str(screenshot_dir / "several_provinces_bad_ods.png"), full_page=True)


def test_apbdes_on_a_table_with_the_village_segment(browser: Browser, app_url: str, screenshot_dir):
    """Jambi's kelembagaan desa (33.02% covered, 65,875 unprotected): a tenth of the APBDes range (Rp10 miliar)
    funds 49,603 of them; the segment and the total shown side by side on Profil."""
    with new_page(browser, 1280, 900) as (page, _):
        open_app(page, f"{app_url}/data")
        apbdes = slider(page, re.compile(r"^Anggaran desa \(APBDes\)"))
        expect(apbdes).to_be_disabled()
        expect(page.get_by_test_id("stSidebar").get_by_text(re.compile("^APBDes tidak aktif"))).to_be_visible()
        upload(page, DATA / "messy" / "segments_village.ods")
        assert_no_exception(page)
        apbdes = slider(page, re.compile(r"^Anggaran desa \(APBDes\)"))
        expect(apbdes).to_be_enabled()
        set_slider(page, re.compile(r"^Anggaran desa \(APBDes\)"), 10.0)  # Rp10 miliar
        expect(page.get_by_test_id("stSidebar").get_by_text(re.compile("49.603 aparatur desa didanai"))).to_be_visible()
        go(page, "Profil")
        assert_no_exception(page)
        expect(page.get_by_text("Aparatur dan kelembagaan desa di samping total")).to_be_visible()
        rows = {r["Segmen"]: r["Jambi"] for r in all_rows(dataframe(page, 0))}
        assert rows["Cakupan aparatur desa sekarang"] == "33,02%"
        assert rows["Didanai APBDes"] == "49.603"
        assert rows["Aparatur desa belum terlindungi 2030"] == "16.272"  # 65,875 - 49,603
        for width in (1280, 390):
            shoot(page, screenshot_dir / f"apbdes_profile_{width}.png", width, scroll_to="stDataFrame")
