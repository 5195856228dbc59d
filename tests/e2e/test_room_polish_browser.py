"""What the facilitator and a participant would see wrong in the room, checked in a real browser: options and
buttons cut on a phone or a projector, light-grey small print on the projector, and a long regency table that a
phone could only show as a grid of cut cells.

Screenshots land in artifacts/screenshots/polish-*.png (git-ignored) to be looked at.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from .test_app_browser import LOAD_TIMEOUT_MS, act
from .test_room_browser import cut_labels, go, outside, recorded_page, sideways

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

REPO_ROOT = Path(__file__).resolve().parents[2]
APP = REPO_ROOT / "app.py"
PHONE = {"width": 390, "height": 844, "is_mobile": True, "has_touch": True}


def shoot(page: Page, name: str) -> None:
    out = REPO_ROOT / "artifacts" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(out / f"polish-{name}.png"))


BUTTONS_CUT_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const box = main.getBoundingClientRect();
  const right = Math.min(box.right, window.innerWidth);
  const seen = [];
  for (const b of main.querySelectorAll('button')) {
    if (b.offsetParent === null || !b.innerText.trim()) continue;
    const r = b.getBoundingClientRect();
    const text = b.innerText.replace(/\\s+/g, ' ').trim().slice(0, 50);
    const clipped = (el) => el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1;
    if (r.right > right + 1 || r.left < box.left - 1) seen.push('outside the screen: ' + text);
    else if (Array.from(b.querySelectorAll('*')).some(clipped)) seen.push('cut: ' + text);
  }
  return seen;
}"""


def cut_buttons(page: Page) -> list[str]:
    """Buttons of the main area (segmented-control options, downloads) that reach past the screen or the main
    area, or whose label ends in "..." or is clipped."""
    return page.evaluate(BUTTONS_CUT_JS)


def test_map_options_and_buttons_whole_on_a_phone_and_the_projector(browser, app_url: str) -> None:
    """Ringkasan's map options ("Peluang capai target 2030" was half off a 390-px phone in presentation mode,
    behind sideways scrolling) and Skenario's download buttons ("Hasil per wilayah (C..." at 1024x768)."""
    for viewport, name in ((PHONE, "390"), ({"width": 1024, "height": 768}, "1024")):
        with recorded_page(browser, **viewport) as (page, requests):
            for path in ("/", "/skenario"):
                go(page, app_url, f"{path}?present=1")
                if path == "/":
                    option = page.get_by_test_id("stMain").get_by_role("radio", name=re.compile("Peluang capai target"))
                    expect(option).to_be_visible()
                    option.scroll_into_view_if_needed()
                    shoot(page, f"present-{name}-map-options")
                assert cut_buttons(page) == [], (name, path, cut_buttons(page))
                assert sideways(page) <= 1
            assert outside(requests) == []


CAPTION_JS = """() => Array.from(document.querySelectorAll('[data-testid="stMain"] [data-testid="stCaptionContainer"]'))
  .filter((el) => el.offsetParent !== null && el.innerText.trim())
  .map((el) => { let opacity = 1;
                 for (let e = el; e; e = e.parentElement) opacity *= parseFloat(getComputedStyle(e).opacity);
                 return { text: el.innerText.slice(0, 40), opacity, color: getComputedStyle(el).color }; })"""


def test_projector_small_print_is_dark(browser, app_url: str) -> None:
    """The lead under each title (how many regions rest on estimates, the data's provenance) and the notes under
    the tables: Streamlit draws captions at 60% opacity, light grey from the back of a room; in presentation
    mode they are opaque and dark."""
    with recorded_page(browser, 1024, 768) as (page, _):
        go(page, app_url, "/peringkat?present=1")
        captions = page.evaluate(CAPTION_JS)
        assert captions, "no caption found"
        assert all(c["opacity"] == 1 for c in captions), captions
        assert {c["color"] for c in captions} == {"rgb(46, 52, 50)"}, captions


def regencies_csv(path: Path) -> Path:
    """Every regency and city of Indonesia (514 rows) with varied coverage: a participant's full upload."""
    from model.regions_codes import official_regions

    regencies = official_regions().query("level == 'regency'")
    lines = ["kode,nama,potensi_pekerja,peserta_aktif,tanggal"]
    for i, (code, name) in enumerate(zip(regencies["code"], regencies["name"], strict=True)):
        potential = 40_000 + 1_000 * (i % 97)
        lines.append(f"{code},{name},{potential},{potential * (10 + (i * 37) % 60) // 100},2024-11")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def open_in_app(page: Page, name: str) -> None:
    """A page through the app's own navigation (the session, and its upload, stay); on a phone the page list
    sits in the folded side panel, so the link is clicked without unfolding it."""
    link = page.get_by_test_id("stSidebarNavLink").filter(has_text=name).first
    act(page, lambda: link.dispatch_event("click"), f"opening {name}", LOAD_TIMEOUT_MS)


TABLE_JS = """() => Array.from(document.querySelectorAll('[data-testid="stMain"] [data-testid="stTable"]'))
  .filter((t) => t.offsetParent !== null)
  .map((t) => ({ headers: Array.from(t.querySelectorAll('thead th')).map((h) => h.innerText.trim()),
                 rows: t.querySelectorAll('tbody tr').length,
                 right: Math.max(...Array.from(t.querySelectorAll('th, td'), (c) => c.getBoundingClientRect().right)),
                 first: Array.from(t.querySelectorAll('tbody tr:first-child td')).map((c) => c.innerText.trim()) }))"""


def test_phone_shows_the_answer_columns_of_a_514_regency_upload_whole(browser, app_url: str, tmp_path: Path) -> None:
    """A participant uploads every regency (514 rows) on a 390-px phone. On Simulasi and Data the answer
    columns (Simulasi: name, target year, rank, change against the baseline) are a wrapping table inside the
    screen, 50 rows at a time, not a grid of cut cells; a search finds a regency by part of its name."""
    csv = regencies_csv(tmp_path / "kab514.csv")
    with recorded_page(browser, **PHONE) as (page, requests):
        go(page, app_url, "/data")
        field = page.get_by_test_id("stFileUploaderDropzoneInput").first
        act(page, lambda: field.set_input_files(str(csv)), "uploading 514 regencies", LOAD_TIMEOUT_MS)
        expect(page.get_by_test_id("stMain").get_by_text(re.compile(r"Baris 1–50 dari 514"))).to_be_visible()
        tables = page.evaluate(TABLE_JS)
        assert tables[-1]["headers"] == ["Wilayah", "Cakupan", "Peserta aktif", "Potensi pekerja"], tables
        assert tables[-1]["rows"] == 50 and tables[-1]["right"] <= 390, tables
        assert page.get_by_test_id("stMain").get_by_test_id("stDataFrame").count() == 0
        assert cut_labels(page) == [] and sideways(page) <= 1, (cut_labels(page), sideways(page))
        shoot(page, "phone-390-data-514")

        open_in_app(page, "Simulasi")
        expect(page.get_by_test_id("stMain").get_by_text(re.compile(r"Baris 1–50 dari 514"))).to_be_visible()
        tables = page.evaluate(TABLE_JS)
        headers = tables[-1]["headers"]
        assert headers == ["Wilayah", "Tercapai (kebijakan)", "Peringkat 2030", "Peringkat vs dasar"], tables
        assert tables[-1]["rows"] == 50 and tables[-1]["right"] <= 390, tables
        assert page.get_by_test_id("stMain").get_by_test_id("stDataFrame").count() == 0
        assert cut_labels(page) == [] and sideways(page) <= 1, (cut_labels(page), sideways(page))
        search = page.get_by_test_id("stMain").get_by_label("Cari kabupaten/kota")
        search.scroll_into_view_if_needed()
        shoot(page, "phone-390-simulasi-514")
        search.fill("lebong")
        act(page, lambda: search.press("Enter"), "searching a regency")
        expect(page.get_by_test_id("stMain").get_by_text(re.compile(r"Baris 1–2 dari 2 yang cocok"))).to_be_visible()
        found = [t["first"][0] for t in page.evaluate(TABLE_JS)]
        assert found[-1] == "Kabupaten Rejang Lebong", found
        expect(search).to_be_visible()  # the table reran alone and still speaks of kabupaten/kota
        shoot(page, "phone-390-simulasi-514-search")
        assert outside(requests) == []
