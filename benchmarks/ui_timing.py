"""Browser-side timing of Streamlit reruns, as a user perceives them.

Why measure in the page: Playwright round-trips add jitter of the same order as
a fast rerun, so both the start (``keydown``) and the end (script state flips
back to ``notRunning``) are stamped with ``performance.now()`` inside the page,
and Python only collects the numbers afterwards.

Why a MutationObserver armed *before* the key press: a fast rerun can go
``notRunning -> running -> notRunning`` between two Playwright polls, and a
poll for ``notRunning`` right after the press would match the *old* idle state.
The observer sees every attribute change (``attributeOldValue`` lets us rebuild
the sequence even if several land in one callback).

Streamlit 1.67 renders ``st.slider`` with react-aria: the keyboard-focusable
thumb is a visually hidden ``<input type="range">`` (implicit ARIA role
``slider``, no ``role`` attribute), so ``THUMB_SELECTOR`` accepts both forms
and ``page.get_by_role("slider")`` is the portable way to find it.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

APP_SELECTOR = '[data-testid="stApp"]'
IDLE_SELECTOR = '[data-testid="stApp"][data-test-script-state="notRunning"]'
THUMB_SELECTOR = '[role="slider"], input[type="range"]'

# If no busy state was ever rendered (rerun faster than a React commit), the
# end of the rerun is estimated as the last DOM change in the app once the DOM
# has been quiet this long. Must exceed the key-press -> "running" latency.
QUIET_MS = 1000

_OPPOSITE = {
    "ArrowRight": "ArrowLeft",
    "ArrowLeft": "ArrowRight",
    "ArrowUp": "ArrowDown",
    "ArrowDown": "ArrowUp",
    "PageUp": "PageDown",
    "PageDown": "PageUp",
}

# Arms one measurement: stamps the next keydown and watches the script state.
_ARM_JS = """
(quietMs) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app) throw new Error('stApp not found');
  const ATTR = 'data-test-script-state';
  if (window.__ucjMove) window.__ucjMove.cleanup();
  const st = {
    t0: null, tBusy: null, tEnd: null, lastMut: null,
    states: [], quietMs, done: false, exact: null,
  };
  const onKey = () => { if (st.t0 === null) st.t0 = performance.now(); };
  document.addEventListener('keydown', onKey, {capture: true});
  const stateObs = new MutationObserver((records) => {
    const now = performance.now();
    if (st.t0 === null) return;
    // Rebuild the value sequence: each record's new value is the next one's
    // oldValue; the last one is the current attribute.
    const vals = records.map((r, i) =>
      i + 1 < records.length ? records[i + 1].oldValue : app.getAttribute(ATTR));
    for (const v of vals) {
      st.states.push(v);
      if (v !== 'notRunning' && st.tBusy === null) st.tBusy = now;
      if (v === 'notRunning' && st.tBusy !== null && st.tEnd === null) {
        st.tEnd = now; st.exact = true; st.done = true;
      }
    }
  });
  stateObs.observe(app, {attributes: true, attributeFilter: [ATTR], attributeOldValue: true});
  const domObs = new MutationObserver(() => {
    if (st.t0 !== null) st.lastMut = performance.now();
  });
  domObs.observe(app, {subtree: true, childList: true, attributes: true, characterData: true});
  st.cleanup = () => {
    stateObs.disconnect(); domObs.disconnect();
    document.removeEventListener('keydown', onKey, {capture: true});
  };
  window.__ucjMove = st;
}
"""

# Polled predicate: true once the rerun has finished (exactly or by fallback).
_DONE_JS = """
() => {
  const st = window.__ucjMove;
  if (!st || st.t0 === null) return false;
  if (st.done) return true;
  const app = document.querySelector('[data-testid="stApp"]');
  const idle = app && app.getAttribute('data-test-script-state') === 'notRunning';
  const now = performance.now();
  if (st.tBusy === null && idle && now - st.t0 > st.quietMs
      && (st.lastMut === null || now - st.lastMut > st.quietMs)) {
    st.tEnd = st.lastMut ?? st.t0; st.exact = false; st.done = true;
    return true;
  }
  return false;
}
"""

_COLLECT_JS = """
() => {
  const st = window.__ucjMove;
  st.cleanup();
  return {t0: st.t0, tBusy: st.tBusy, tEnd: st.tEnd, exact: st.exact, states: st.states};
}
"""

_VALUE_JS = "el => el.getAttribute('aria-valuetext') ?? el.value ?? el.getAttribute('aria-valuenow')"

# Numeric position and bounds; works for <input type=range> and ARIA sliders.
_BOUNDS_JS = """
el => {
  const num = (a, b) => { const x = parseFloat(a ?? b); return Number.isNaN(x) ? null : x; };
  return {
    v: num(el.getAttribute('aria-valuenow'), el.value),
    min: num(el.getAttribute('aria-valuemin'), el.min),
    max: num(el.getAttribute('aria-valuemax'), el.max),
  };
}
"""
_INCREASING = {"ArrowRight", "ArrowUp", "PageUp", "End"}


@dataclass(frozen=True)
class MoveTiming:
    """One slider move: total ms from keydown to idle, and how it was detected.

    ``exact`` is False when the busy state was never rendered and the end was
    estimated from the last DOM mutation (a lower bound, see ``QUIET_MS``).
    """

    ms: float
    exact: bool
    value_before: str
    value_after: str
    states: tuple[str, ...] = ()  # script states seen after keydown, for debugging


def resolve_thumb(locator: Locator) -> Locator:
    """Accept either the thumb itself or an ``stSlider`` container."""
    if locator.evaluate(f"el => el.matches({THUMB_SELECTOR!r})"):
        return locator
    return locator.locator(THUMB_SELECTOR).first


def _slider_value(thumb: Locator) -> str:
    return str(thumb.evaluate(_VALUE_JS))


def _wait_idle(page: Page, timeout_ms: float) -> None:
    page.wait_for_selector(APP_SELECTOR, state="attached", timeout=timeout_ms)
    page.wait_for_selector(IDLE_SELECTOR, state="attached", timeout=timeout_ms)


def measure_slider_moves(
    page: Page,
    slider_locator: Locator,
    n_moves: int,
    key: str = "ArrowRight",
    *,
    timeout_ms: float = 60_000,
    quiet_ms: float = QUIET_MS,
) -> list[MoveTiming]:
    """Move the slider ``n_moves`` times by keyboard and time each rerun.

    Directions alternate (``key``, then its opposite) so the value oscillates
    and never sticks at a bound, which would silently trigger no rerun.
    Raises if a press does not change the slider value.
    """
    thumb = resolve_thumb(slider_locator)
    keys = (key, _OPPOSITE.get(key, key))
    b = thumb.evaluate(_BOUNDS_JS)
    if b["v"] is not None and key in _OPPOSITE:
        at_max = b["max"] is not None and b["v"] >= b["max"]
        at_min = b["min"] is not None and b["v"] <= b["min"]
        if (key in _INCREASING and at_max) or (key not in _INCREASING and at_min):
            keys = (keys[1], keys[0])  # start away from the bound we sit on
    results: list[MoveTiming] = []
    for i in range(n_moves):
        _wait_idle(page, timeout_ms)
        before = _slider_value(thumb)
        thumb.focus()
        page.evaluate(_ARM_JS, quiet_ms)
        page.keyboard.press(keys[i % 2])
        page.wait_for_function(_DONE_JS, timeout=timeout_ms, polling=50)
        data: dict[str, Any] = page.evaluate(_COLLECT_JS)
        after = _slider_value(thumb)
        if after == before:
            raise AssertionError(f"move {i}: {keys[i % 2]} did not change the slider value ({before!r})")
        results.append(
            MoveTiming(
                ms=float(data["tEnd"]) - float(data["t0"]),
                exact=bool(data["exact"]),
                value_before=before,
                value_after=after,
                states=tuple(data["states"]),
            )
        )
    return results


def measure_slider_reruns(page: Page, slider_locator: Locator, n_moves: int, key: str = "ArrowRight") -> list[float]:
    """Durations in ms (keydown -> script idle again) of ``n_moves`` slider reruns."""
    return [m.ms for m in measure_slider_moves(page, slider_locator, n_moves, key)]


# Records the first moment the app is idle after a run and the selector shows.
_READY_JS = """
(sel) => {
  if (window.__ucjReady !== undefined) return window.__ucjReady;
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  const el = document.querySelector(sel);
  if (!el) return false;
  const r = el.getBoundingClientRect();
  const cs = getComputedStyle(el);
  if (r.width === 0 || r.height === 0 || cs.visibility === 'hidden') return false;
  window.__ucjReady = performance.now();
  return window.__ucjReady;
}
"""


def measure_cold_start(
    browser: Browser,
    url: str,
    ready_selector: str = APP_SELECTOR,
    *,
    timeout_ms: float = 120_000,
) -> float:
    """Ms from navigation start to "first script run finished and selector visible".

    Uses a fresh browser context (empty cache, no cookies, new WebSocket
    session), so it includes fetching the frontend bundle and the first full
    script run. ``performance.now()`` is relative to the document's time
    origin, i.e. navigation start, so no Python-side clock is involved.
    Resolution is the 16 ms polling interval.
    """
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url, wait_until="commit", timeout=timeout_ms)
        handle = page.wait_for_function(_READY_JS, arg=ready_selector, timeout=timeout_ms, polling=16)
        return float(handle.json_value())
    finally:
        context.close()


def summarize(durations: list[float]) -> dict[str, float | int | None]:
    """Median, nearest-rank p95 and count, rounded for JSON reports."""
    if not durations:
        return {"median_ms": None, "p95_ms": None, "n": 0}
    ordered = sorted(durations)
    rank = max(1, -(-95 * len(ordered) // 100))  # ceil(0.95 n)
    return {
        "median_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[rank - 1], 1),
        "n": len(ordered),
    }
