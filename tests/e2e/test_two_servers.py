"""More than one server: PostgreSQL, two app servers and nginx (deploy/nginx.conf) on free ports. A scenario
saved through one server is listed, and opens by short link, through the other; every page load goes through
the proxy's websocket (a missing Host or Upgrade header would leave the page blank).

PostgreSQL and nginx come from Debian; a missing one is a skip locally and a failure in CI (tests/services.py).
"""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from model.store import open_store
from tests.services import nginx, postgres_cluster

from .reruns import after, track
from .streamlit_server import run_streamlit

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_MS = 120_000  # an upper bound: three servers and a browser share two cores


def upstream_for(port: int, cookie: str) -> str:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/_stcore/health", headers={"Cookie": f"ucj_server={cookie}"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers["X-UCJ-Upstream"]


def open_page(browser: Browser, url: str, cookie: str) -> tuple[Page, object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "ucj_server", "value": cookie, "url": url.split("?")[0]}])
    page = context.new_page()
    track(page)
    after(page, lambda: page.goto(url), f"opening {url}", TIMEOUT_MS)
    page.get_by_test_id("stMain").locator("h1").first.wait_for(timeout=TIMEOUT_MS)
    return page, context


def picked(page: Page):
    """The page's main area: the saved list (its table and its "selected scenario" box) names every scenario
    the server read from the store."""
    return page.get_by_test_id("stMain")


def test_scenario_saved_through_one_server_is_found_through_the_other(browser: Browser, screenshot_dir: Path):
    with postgres_cluster() as cluster:
        database_url = cluster.create_database("ucj_two_servers")
        env = {"UCJ_DATABASE_URL": database_url}
        with (
            run_streamlit(str(ROOT / "app.py"), cwd=str(ROOT), env=env) as first,
            run_streamlit(str(ROOT / "app.py"), cwd=str(ROOT), env=env) as second,
        ):
            ports = [int(first.rsplit(":", 1)[1]), int(second.rsplit(":", 1)[1])]
            with nginx(ports) as proxy:
                # Sticky cookies that the proxy maps to each server (the hash is deterministic).
                cookie_for: dict[str, str] = {}
                for n in range(200):
                    upstream = upstream_for(proxy, f"browser{n}")
                    cookie_for.setdefault(upstream, f"browser{n}")
                    if len(cookie_for) == 2:
                        break
                assert sorted(cookie_for) == sorted(f"127.0.0.1:{p}" for p in ports)
                (cookie_a, cookie_b) = (cookie_for[f"127.0.0.1:{ports[0]}"], cookie_for[f"127.0.0.1:{ports[1]}"])
                base = f"http://127.0.0.1:{proxy}"

                # Server A: a scenario with a budget of Rp12,5 miliar, saved under a name.
                page, context = open_page(browser, f"{base}/skenario?bud=12.5&reg=2", cookie_a)
                page.get_by_label("Nama skenario").fill("Dua server: Perda + Rp12,5 miliar")
                page.get_by_label("Penyusun atau kelompok").fill("Grup Proxy")
                save = page.get_by_role("button", name="Simpan", exact=True)
                after(page, save.click, "saving the scenario", TIMEOUT_MS)
                expect(picked(page)).to_contain_text("Dua server: Perda + Rp12,5 miliar", timeout=TIMEOUT_MS)
                page.screenshot(path=str(screenshot_dir / "two-servers-saved-on-a.png"), full_page=True)
                context.close()

                with open_store(database_url) as store:
                    saved = store.get("Dua server: Perda + Rp12,5 miliar")
                assert saved.author == "Grup Proxy" and saved.scenario.default.budget_bn == 12.5

                # Server B lists it ...
                page, context = open_page(browser, f"{base}/skenario", cookie_b)
                expect(picked(page)).to_contain_text("Dua server: Perda + Rp12,5 miliar", timeout=TIMEOUT_MS)
                page.screenshot(path=str(screenshot_dir / "two-servers-found-on-b.png"), full_page=True)
                context.close()
                # ... and opens it by its short link, levers and all.
                page, context = open_page(browser, f"{base}/simulasi?s={saved.short_id}", cookie_b)
                budget = page.get_by_test_id("stSidebar").get_by_role("slider", name=re.compile("Anggaran")).first
                # The budget is a select slider shown the Bahasa way: its value is the text "12,5".
                expect(budget).to_have_attribute("aria-valuetext", "12,5", timeout=TIMEOUT_MS)
                context.close()
                assert upstream_for(proxy, cookie_b) == f"127.0.0.1:{ports[1]}"
