"""The workshop room in a real browser: presentation mode on a 1024x768 projector, phones at 390x844, the
QR code, share links opened elsewhere, nothing fetched from outside the machine, and a server that answers
only to its own names.

Screenshots land in artifacts/screenshots/room-*.png (git-ignored) to be looked at.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import re
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from .reruns import track
from .test_app_browser import (
    BUDGET_ID,
    LOAD_TIMEOUT_MS,
    PAGES,
    act,
    assert_no_exception,
    click,
    open_app,
    press_and_wait,
    slider,
    steady,
    wait_until_drawn,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

REPO_ROOT = Path(__file__).resolve().parents[2]
APP = REPO_ROOT / "app.py"
HOSTILE_HOST = "203.0.113.9"  # TEST-NET-3: nothing answers there; a request to it means Markdown was rendered
HOSTILE_NAME = f"![x](http://{HOSTILE_HOST}/p.png)"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
ROOM_PAGES = {**PAGES, "analisis": "/analisis"}  # every page of the navigation


@contextlib.contextmanager
def recorded_page(browser: Browser, width: int, height: int, **kwargs) -> Iterator[tuple[Page, list[str]]]:
    """A fresh browser context whose every request (page, script, font, image, websocket) is recorded."""
    context = browser.new_context(viewport={"width": width, "height": height}, **kwargs)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    context.on("websocket", lambda ws: requests.append(ws.url))
    page = context.new_page()
    track(page)
    try:
        yield page, requests
    finally:
        context.close()


def outside(requests: list[str]) -> list[str]:
    """Requests that would leave the machine (data: and blob: URLs stay in the browser)."""
    found = []
    for url in requests:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about", "chrome-extension"):
            continue
        if (parts.hostname or "") not in LOCAL_HOSTS:
            found.append(url)
    return found


def go(page: Page, base: str, path: str) -> None:
    open_app(page, base + path)
    assert_no_exception(page)


def move_budget(page: Page) -> None:
    """Move the national budget lever one step to the right and wait for the page's rerun."""
    press_and_wait(page, slider(page, BUDGET_ID), "ArrowRight")
    assert_no_exception(page)


CUT_JS = """() => {
  const cut = (el) => {
    const style = getComputedStyle(el);
    const clips = style.overflow !== 'visible' || style.overflowX !== 'visible' || style.textOverflow === 'ellipsis';
    return clips && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1);
  };
  const seen = [];
  const selectors = [
    '[data-testid="stMetricLabel"] p',                 // headline labels
    '[data-testid="stMetricLabel"]',
    '[data-testid="stMetricValue"]',
    '[data-testid="stMetricValue"] div',
    '[data-testid="stTable"] th', '[data-testid="stTable"] td',   // table headers and cells
    '[data-testid="stTable"] th *', '[data-testid="stTable"] td *',
    '[data-testid="stMain"] h1', '[data-testid="stMain"] h2', '[data-testid="stMain"] h3',  // page and chart titles
    '[data-testid="stMain"] [data-testid="stMarkdownContainer"] th',
    '[data-testid="stMain"] [data-testid="stMarkdownContainer"] td',
  ];
  for (const el of document.querySelectorAll(selectors.join(','))) {
    if (el.offsetParent === null || !el.innerText.trim()) continue;
    if (cut(el)) seen.push(el.innerText.slice(0, 60));
  }
  // A table wider than its box hides columns behind sideways scrolling: as good as cut on a phone.
  for (const el of document.querySelectorAll('[data-testid="stTable"], [data-testid="stTable"] > div')) {
    if (el.offsetParent !== null && el.scrollWidth > el.clientWidth + 1) seen.push('table scrolls sideways');
  }
  // A chart wider than the main area (its title and axis labels are drawn inside it).
  const main = document.querySelector('[data-testid="stMain"]');
  const charts = '[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg';
  for (const el of document.querySelectorAll(charts)) {
    if (el.offsetParent !== null && el.getBoundingClientRect().right > main.getBoundingClientRect().right + 1)
      seen.push('chart wider than the page');
  }
  return seen;
}"""


def cut_labels(page: Page) -> list[str]:
    """Texts a reader would see cut: headline labels and values, table headers and cells, page and section
    titles (ellipsis, or clipped overflow), tables that scroll sideways and charts wider than the page."""
    return page.evaluate(CUT_JS)


def sideways(page: Page) -> int:
    """How far the main area scrolls sideways (px); 0 on a phone means nothing hides to the right."""
    return page.evaluate(
        """() => { const m = document.querySelector('[data-testid="stMain"]');
                   const doc = document.scrollingElement;
                   return Math.max(m.scrollWidth - m.clientWidth, doc.scrollWidth - doc.clientWidth); }"""
    )


def shoot(page: Page, name: str) -> None:
    out = REPO_ROOT / "artifacts" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(out / f"room-{name}.png"))


def enter_presentation(page: Page) -> None:
    click(page, page.get_by_test_id("stSidebar").get_by_text("Mode presentasi"), LOAD_TIMEOUT_MS)
    expect(page.get_by_role("button", name=re.compile("Keluar dari mode presentasi"))).to_be_visible()


def test_presentation_mode_at_1024_keeps_navigation_levers_and_a_way_out(browser: Browser, app_url: str) -> None:
    with recorded_page(browser, 1024, 768) as (page, requests):
        go(page, app_url, "/")
        enter_presentation(page)
        root_px = page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)")
        assert root_px >= 20, root_px
        for name, path in ROOM_PAGES.items():
            go(page, app_url, f"{path}?present=1")
            expect(page.get_by_role("button", name=re.compile("Keluar dari mode presentasi"))).to_be_visible()
            expect(page.get_by_test_id("stSidebar")).to_be_visible()
            expect(slider(page, BUDGET_ID)).to_be_attached()
            nav = page.get_by_test_id("stSidebarNav")
            expect(nav.get_by_text("Ringkasan", exact=True)).to_be_visible()  # every page listed beside the levers
            move_budget(page)
            assert cut_labels(page) == [], (name, cut_labels(page))
            shoot(page, f"present-1024-{name}")
        # Navigation by the page list works in presentation mode.
        click(page, page.get_by_test_id("stSidebarNavLink").filter(has_text="Simulasi"), LOAD_TIMEOUT_MS)
        expect(page).to_have_url(re.compile(r"/simulasi"))
        # The way out: the button; the page list stays.
        click(page, page.get_by_role("button", name=re.compile("Keluar dari mode presentasi")), LOAD_TIMEOUT_MS)
        expect(page.get_by_role("button", name=re.compile("Keluar dari mode presentasi"))).to_have_count(0)
        expect(page.get_by_test_id("stSidebarNav")).to_be_visible()
        assert "present" not in page.url
        assert outside(requests) == [], outside(requests)


def test_projector_chart_text_is_large(browser: Browser, app_url: str) -> None:
    """In presentation mode the charts' axis text is 20 px and dark (Vega renders it into the SVG/canvas
    spec, so the spec Streamlit received is checked through the page's Vega view)."""
    with recorded_page(browser, 1024, 768) as (page, _):
        go(page, app_url, "/simulasi?present=1")
        chart = page.locator('[data-testid="stVegaLiteChart"]').first
        chart.scroll_into_view_if_needed()
        expect(chart).to_be_visible()
        shoot(page, "present-1024-simulasi-chart")
        sizes = page.evaluate(
            """() => Array.from(document.querySelectorAll('[data-testid="stVegaLiteChart"] svg text, '
                   + '[data-testid="stVegaLiteChart"] text')).map((t) => parseFloat(t.getAttribute('font-size')
                   || getComputedStyle(t).fontSize))"""
        )
        if sizes:  # SVG renderer: measure the text itself
            assert max(sizes) >= 20, sizes


def test_phone_participant_sees_the_answer_first_without_scrolling_sideways(browser: Browser, app_url: str) -> None:
    with recorded_page(browser, 390, 844, is_mobile=True, has_touch=True) as (page, requests):
        go(page, app_url, "/?prov=17")
        answer = page.get_by_test_id("stMain").get_by_text(re.compile(r"Bengkulu.*target tercapai.*peringkat"))
        expect(answer.first).to_be_visible()
        assert answer.first.bounding_box()["y"] < 844 * 2, "the answer must be near the top of the page"
        for name, path in ROOM_PAGES.items():
            go(page, app_url, f"{path}?prov=17")
            assert sideways(page) <= 1, (name, sideways(page))
            assert cut_labels(page) == [], (name, cut_labels(page))
            shoot(page, f"phone-390-{name}")
        assert outside(requests) == [], outside(requests)


def test_phone_in_presentation_mode(browser: Browser, app_url: str) -> None:
    """On a 390x844 phone, presentation mode too: every page reached and a lever moved while in it, nothing
    cut, nothing to the right, and the way out works."""
    with recorded_page(browser, 390, 844, is_mobile=True, has_touch=True) as (page, requests):
        for name, path in ROOM_PAGES.items():
            go(page, app_url, f"{path}?present=1")
            expect(page.get_by_role("button", name=re.compile("Keluar dari mode presentasi"))).to_be_visible()
            move_budget(page)
            assert "present=1" in page.url or "present=true" in page.url, page.url
            assert sideways(page) <= 1, (name, sideways(page))
            assert cut_labels(page) == [], (name, cut_labels(page))
            shoot(page, f"present-390-{name}")
        click(page, page.get_by_role("button", name=re.compile("Keluar dari mode presentasi")), LOAD_TIMEOUT_MS)
        expect(page.get_by_role("button", name=re.compile("Keluar dari mode presentasi"))).to_have_count(0)
        assert "present" not in page.url
        assert outside(requests) == [], outside(requests)


DOT_DECIMAL = re.compile(r"(?<![\d.,])\d+\.\d{1,2}(?![\d.,])")  # 5.0, 0.25, 52.15: English decimals
# Streamlit's own widget texts that cannot be translated (the upload box), allowed in the Bahasa UI.
STREAMLIT_TEXTS = ("Browse files", "Drag and drop file here", "Limit 5MB per file", "per file", "Upload")
ENGLISH_WORDS = re.compile(
    r"\b(the|and|of|with|target for|ESTIMATED|DERIVED|citing|Download|Upload|Baseline|Policy|Ranking|Share)\b"
)


def bahasa_leaks(page: Page) -> list[str]:
    """Visible text of the page (main area and sidebar) with an English decimal or an English word. Page
    addresses (share links, source URLs) and Streamlit's own widget texts are left out."""
    text = page.evaluate(
        """() => [document.querySelector('[data-testid="stMain"]'), document.querySelector('[data-testid="stSidebar"]')]
              .filter(Boolean).map((el) => el.innerText).join('\\n')"""
    )
    found = []
    for line in text.splitlines():
        for allowed in STREAMLIT_TEXTS:
            line = line.replace(allowed, "")
        words = [w for w in line.split() if not re.search(r"https?:|www\.|/|@|\.(com|id|co|go)\b", w)]
        cleaned = " ".join(words)
        if DOT_DECIMAL.search(cleaned) or ENGLISH_WORDS.search(cleaned):
            found.append(line.strip()[:120])
    return found


def test_bahasa_pages_show_no_english_and_no_dot_decimals(browser: Browser, app_url: str) -> None:
    """Every page in Bahasa, on the projector (presentation mode) and on a phone: no '5.0' or '0.25', no
    English sentence. The Analisis page's answers are asked for too (goal-seek, with a typed '55,5')."""
    for width, height, present in ((1024, 768, True), (390, 844, False)):
        with recorded_page(browser, width, height) as (page, _):
            for name, path in ROOM_PAGES.items():
                go(page, app_url, f"{path}?bud=12.5&out=42.5&present={int(present)}")
                if name == "analisis":
                    field = page.get_by_label("Target cakupan (%)")
                    expect(field).to_have_value(re.compile(r"^55$"))
                    field.fill("55,5")
                    click(page, page.get_by_role("button", name="Hitung"), LOAD_TIMEOUT_MS)
                    expect(page.locator(".st-key-an_goal_answer")).to_contain_text("55,5%")
                leaks = bahasa_leaks(page)
                assert leaks == [], (name, width, leaks)


def test_qr_code_decodes_to_a_room_address_of_the_page_shown(browser: Browser, app_url: str) -> None:
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    with recorded_page(browser, 1024, 768) as (page, _):
        go(page, app_url, "/peringkat?bud=12.5&prov=17&lang=en")
        page.get_by_role("button", name=re.compile("Share with participants")).click()
        popover = page.get_by_test_id("stPopoverBody")
        expect(popover).to_be_visible()
        link = popover.get_by_test_id("stCode").inner_text().strip()
        src = popover.locator("img").first.get_attribute("src")
        image = page.request.get(src if src.startswith("http") else f"{app_url}{src}").body()
        decoded = [d.text for d in zxingcpp.read_barcodes(Image.open(BytesIO(image)))]
        shoot(page, "present-qr")
    assert decoded == [link], (decoded, link)
    parts = urlsplit(link)
    assert parts.hostname and not ipaddress.ip_address(parts.hostname).is_loopback, link
    assert parts.path == "/peringkat" and "bud=12.5" in parts.query and "prov=17" in parts.query
    assert "lang=en" in parts.query and "present" not in parts.query


def test_share_link_opens_the_same_view_in_a_fresh_context(browser: Browser, app_url: str) -> None:
    """The presenter's view (page, levers, province, language, a changed assumption) opened from the share link
    on a phone that has never seen the app."""
    with recorded_page(browser, 1024, 768) as (page, _):
        go(page, app_url, "/profil?lang=en&prov=17&as=premium_per_month:20000")
        press_and_wait(page, slider(page, re.compile(r"^Premium budget")), "End")
        page.get_by_role("button", name=re.compile("Share with participants")).click()
        link = page.get_by_test_id("stPopoverBody").get_by_test_id("stCode").inner_text().strip()
        title_before = page.get_by_test_id("stMain").locator("h1").first.inner_text()
    assert "Bengkulu" in title_before, title_before
    shared = parse_qs(urlsplit(link).query)
    assert shared.get("prov") == ["17"] and shared.get("lang") == ["en"], link
    assert shared.get("as") == ["premium_per_month:20000"], link
    port = urlsplit(app_url).port
    local = urlsplit(link)._replace(netloc=f"127.0.0.1:{port}").geturl()  # tests serve on loopback only
    with recorded_page(browser, 390, 844) as (phone, _):
        open_app(phone, local)
        assert urlsplit(phone.url).path == "/profil"
        main = phone.get_by_test_id("stMain")
        expect(main.locator("h1").first).to_have_text(title_before)  # same page, same province, in English
        budget = phone.get_by_test_id("stSidebar").get_by_role("slider", name=re.compile(r"^Premium budget")).first
        # "End" moved the budget to the lever's top (Rp500 miliar, model/levers.py); the link carries it.
        expect(budget).to_have_attribute("aria-valuetext", re.compile(r"^500(\.0)?$"))
        # The changed assumption: flagged on the results page, and in use (a premium of Rp20,000 a month is
        # IDR 240,000 a year in the lever panel's count of funded workers).
        expect(main.get_by_text(re.compile(r"The baseline uses 1 changed assumption")).first).to_be_visible()
        expect(phone.get_by_test_id("stSidebar")).to_contain_text("IDR 240,000")


def test_uploaded_markdown_name_fetches_nothing(browser: Browser, app_url: str, tmp_path: Path) -> None:
    csv = tmp_path / "kab.csv"
    csv.write_text(
        "kode,nama,potensi_pekerja,peserta_aktif,tanggal,target,sumber\n"
        f'1701,"{HOSTILE_NAME}",50000,37500,2024-11,60,"{HOSTILE_NAME}"\n'
        "1707,Lebong,40000,6800,2024-11,40,BPJS\n",
        encoding="utf-8",
    )
    with recorded_page(browser, 1024, 768) as (page, requests):
        go(page, app_url, "/data")
        field = page.get_by_test_id("stFileUploaderDropzoneInput").first
        act(
            page,
            lambda: field.set_input_files(str(csv)),
            "uploading a table with a Markdown image name",
            LOAD_TIMEOUT_MS,
        )
        for label in ("Ringkasan", "Simulasi", "Peringkat", "Profil"):
            link = page.get_by_test_id("stSidebarNav").get_by_role("link").filter(has_text=re.compile(label)).first
            click(page, link, LOAD_TIMEOUT_MS)
            wait_until_drawn(page)  # images in names would be requested while the page draws
            assert_no_exception(page)
        enter_presentation(page)
        wait_until_drawn(page)
        assert not [u for u in requests if HOSTILE_HOST in u], [u for u in requests if HOSTILE_HOST in u]
        assert outside(requests) == [], outside(requests)


def test_hidden_results_until_the_facilitator_reveals(browser: Browser, app_url: str) -> None:
    with recorded_page(browser, 1024, 768) as (presenter, _), recorded_page(browser, 390, 844) as (phone, _):
        go(presenter, app_url, "/simulasi")
        go(phone, app_url, "/simulasi")
        click(presenter, presenter.get_by_role("button", name=re.compile("Sembunyikan hasil")), LOAD_TIMEOUT_MS)
        try:
            expect(presenter.get_by_test_id("stMetric")).to_have_count(0)
            act(phone, phone.reload, "reloading the phone's page", LOAD_TIMEOUT_MS)
            expect(phone.get_by_text("Pikirkan dulu").first).to_be_visible()
            expect(phone.get_by_test_id("stMetric")).to_have_count(0)
        finally:
            click(presenter, presenter.get_by_role("button", name=re.compile("Tampilkan hasil")), LOAD_TIMEOUT_MS)
        # The phone learns of the reveal by itself (a check every few seconds while hidden, then a rerun of its
        # page, which takes seconds on a loaded machine: the bound is a page load's). Without that check the
        # phone never shows the results, whatever the wait.
        expect(phone.get_by_test_id("stMetric").first).to_be_visible(timeout=LOAD_TIMEOUT_MS)


def _upgrade(port: int, host: str) -> int:
    """Status of a websocket handshake to the server with the given Host header."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request(
        "GET",
        "/_stcore/stream",
        headers={
            "Host": host,
            "Upgrade": "websocket",
            "Connection": "Upgrade",
            "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
            "Sec-WebSocket-Version": "13",
            "Sec-WebSocket-Protocol": "streamlit",
        },
    )
    status = conn.getresponse().status
    conn.close()
    return status


def test_server_answers_only_to_its_own_names_and_serves_no_metrics(app_url: str) -> None:
    port = urlsplit(app_url).port
    assert _upgrade(port, f"127.0.0.1:{port}") == 101
    assert _upgrade(port, f"rebind.attacker.example:{port}") != 101  # DNS rebinding refused
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/_stcore/metrics", headers={"Accept": "application/openmetrics-text"})
    response = conn.getresponse()
    body = response.read()
    # Unknown paths get the app's page (200, text/html); the metrics endpoint would answer OpenMetrics text.
    assert "openmetrics" not in (response.getheader("Content-Type") or "") and b"# TYPE" not in body


NAV_JS = """() => Array.from(document.querySelectorAll('[data-testid="stSidebarNavLink"]')).map((a) => {
  const box = a.getBoundingClientRect();
  const label = a.querySelector('[data-testid="stMarkdownContainer"]');
  return { text: (label ? label.innerText : a.innerText).trim(),
           top: box.top, bottom: box.bottom, left: box.left, right: box.right,
           cut: Array.from(a.querySelectorAll('*')).some((e) => e.scrollWidth > e.clientWidth + 1) };
})"""
NAV_NAMES_ID = ["Ringkasan", "Simulasi", "Peringkat", "Profil", "Analisis", "Skenario", "Asumsi", "Data"]


def nav_at_a_glance(page: Page, width: int, height: int, links: list[dict] | None = None) -> list[str]:
    """What keeps a page from being one click away: an overflow menu ("6 more", "View 2 more"), a page name
    missing, cut ("Ringka..."), or outside the screen. ``links``: the page list as NAV_JS read it."""
    problems = []
    if page.get_by_test_id("stTopNavSection").filter(has_text=re.compile(r"\bmore\b")).count():
        problems.append("top bar overflow menu")
    if page.get_by_test_id("stSidebarNavViewButton").count():
        problems.append("sidebar 'View more' button")
    links = page.evaluate(NAV_JS) if links is None else links
    if [link["text"] for link in links] != NAV_NAMES_ID:
        problems.append(f"page names {[link['text'] for link in links]}")
    for link in links:
        if link["cut"]:
            problems.append(f"{link['text']} cut")
        if link["top"] < 0 or link["bottom"] > height or link["left"] < 0 or link["right"] > width:
            problems.append(f"{link['text']} off screen {link}")
    return problems


@pytest.mark.parametrize("present", [True, False], ids=["presenting", "normal"])
def test_every_page_one_click_away_at_1024(browser: Browser, app_url: str, present: bool) -> None:
    """At 1024x768 (the projector) all eight pages are listed, whole and on screen, with no "N more" menu;
    clicking a name opens that page and the list is still whole there."""
    with recorded_page(browser, 1024, 768) as (page, _):
        go(page, app_url, f"/simulasi?present={int(present)}")
        assert nav_at_a_glance(page, 1024, 768) == [], nav_at_a_glance(page, 1024, 768)
        shoot(page, f"nav-1024-{'present' if present else 'normal'}")
        click(page, page.get_by_test_id("stSidebarNavLink").filter(has_text="Asumsi"), LOAD_TIMEOUT_MS)
        expect(page).to_have_url(re.compile(r"/asumsi"))
        assert nav_at_a_glance(page, 1024, 768) == [], nav_at_a_glance(page, 1024, 768)


def test_every_page_one_click_away_on_a_phone(browser: Browser, app_url: str) -> None:
    """At 390x844 in presentation mode: the side panel opens with one tap and lists every page, whole."""
    with recorded_page(browser, 390, 844, is_mobile=True, has_touch=True) as (page, _):
        go(page, app_url, "/peringkat?present=1")
        page.get_by_test_id("stExpandSidebarButton").click()
        expect(page.get_by_test_id("stSidebarNav")).to_be_visible()
        # The panel slides in: read the page list once it has stopped moving.
        links = steady(
            page,
            lambda: page.evaluate(NAV_JS),
            "the side panel to finish sliding in",
            lambda found: bool(found) and min(link["left"] for link in found) >= 0,
        )
        assert nav_at_a_glance(page, 390, 844, links) == [], nav_at_a_glance(page, 390, 844, links)
        shoot(page, "nav-390-present")


MAP_TEXT_JS = """() => {
  const charts = Array.from(document.querySelectorAll('[data-testid="stMain"] [data-testid="stVegaLiteChart"]'));
  const chart = charts.find((c) => c.querySelector('.mark-shape'));  // the map: the chart drawing shapes
  const box = (el) => { const r = el.getBoundingClientRect();
                        return { text: el.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom,
                                 size: parseFloat(el.getAttribute('font-size') || getComputedStyle(el).fontSize) }; };
  return {
    chart: box(chart),
    names: Array.from(chart.querySelectorAll('g.mark-text.role-mark text')).map(box),
    legend: Array.from(chart.querySelectorAll('.role-legend text')).map(box),
  };
}"""


def map_texts(page: Page) -> dict:
    chart = page.get_by_test_id("stMain").get_by_test_id("stVegaLiteChart").filter(has=page.locator(".mark-shape"))
    expect(chart).to_have_count(1, timeout=LOAD_TIMEOUT_MS)
    chart.scroll_into_view_if_needed()
    # Vega draws (and redraws to the container's width) after the element appears: read the texts once they
    # have stopped changing, and only once the legend is drawn.
    return steady(page, lambda: page.evaluate(MAP_TEXT_JS), "the map's names and legend", lambda m: bool(m["legend"]))


def overlapping(names: list[dict]) -> list[tuple[str, str]]:
    """Pairs of different names whose boxes overlap (the halo and the letters of one name are the same text)."""
    found = []
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            if a["text"] == b["text"]:
                continue
            if a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]:
                found.append((a["text"], b["text"]))
    return found


def test_projector_map_names_are_large_and_never_overlap(browser: Browser, app_url: str) -> None:
    """Ringkasan's map at 1024x768 in presentation mode: the provinces' names at 14 px or more, none on top of
    another, at least a dozen written (the ones with the most workers first), the map as wide as the page."""
    with recorded_page(browser, 1024, 768) as (page, _):
        go(page, app_url, "/?present=1")
        found = map_texts(page)
        shoot(page, "present-1024-map")
        names = found["names"]
        assert len({n["text"] for n in names}) >= 12, [n["text"] for n in names]
        assert "JABAR" in {n["text"] for n in names}
        assert min(n["size"] for n in names) >= 14, sorted({n["size"] for n in names})
        assert overlapping(names) == [], overlapping(names)
        chart = found["chart"]
        assert all(chart["left"] - 1 <= n["left"] and n["right"] <= chart["right"] + 1 for n in names)
        assert chart["right"] - chart["left"] >= 600, chart


@pytest.mark.parametrize("present", [False, True], ids=["normal", "presenting"])
def test_phone_map_legend_within_the_screen(browser: Browser, app_url: str, present: bool) -> None:
    """At 390x844 every legend text of the map (the colour classes and reported vs estimated data) lies inside
    the chart and the screen; with names (presentation mode), none overlaps another."""
    with recorded_page(browser, 390, 844, is_mobile=True, has_touch=True) as (page, _):
        go(page, app_url, f"/?present={int(present)}")
        found = map_texts(page)
        shoot(page, f"{'present' if present else 'phone'}-390-map")
        chart, legend = found["chart"], found["legend"]
        assert {"Data", "estimasi"} <= {t["text"] for t in legend}, [t["text"] for t in legend]
        outside = [
            t["text"] for t in legend if t["left"] < chart["left"] - 1 or t["right"] > min(chart["right"], 390) + 1
        ]
        assert outside == [], outside
        assert overlapping(found["names"]) == [], overlapping(found["names"])
