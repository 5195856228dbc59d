"""In a real browser: a regency sheet uploaded on the Data page is ranked within its province and mapped; a
bad file then shows every problem and leaves the loaded table in place; every request stays on the machine."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from .streamlit_server import wait_for_rerun_done
from .test_app_browser import (
    RERUN_TIMEOUT_MS,
    all_rows,
    app_url,  # noqa: F401 - the module's server fixture
    assert_no_exception,
    dataframe,
    metric_value,
    new_page,
    open_app,
    title,
    wait_no_skeletons,
    wait_until_drawn,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

DATA = Path(__file__).resolve().parents[1] / "data"


def upload(page: Page, path: Path) -> None:
    page.get_by_test_id("stFileUploader").locator('input[type="file"]').set_input_files(str(path))
    page.wait_for_timeout(300)
    wait_for_rerun_done(page, RERUN_TIMEOUT_MS)
    wait_no_skeletons(page)


def go(page: Page, label: str) -> None:
    """Change page through the navigation (a new address would start a new session, without the upload)."""
    page.get_by_test_id("stSidebarNav").get_by_text(label, exact=True).click()
    page.wait_for_timeout(300)
    wait_for_rerun_done(page, RERUN_TIMEOUT_MS)
    expect(title(page)).to_be_visible()
    wait_no_skeletons(page)


def test_regency_upload_ranked_in_province_then_bad_file_keeps_it(browser: Browser, app_url: str, screenshot_dir):  # noqa: F811
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
        rows = all_rows(dataframe(page))
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
