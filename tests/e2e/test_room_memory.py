"""Nothing a participant sends can hurt the room: server memory after 50 slider moves on a 514-region table.

A participant uploads every regency and city of Indonesia (514 rows, bench_reader's honest XLSX) over
Streamlit's own protocol (no browser: the upload and the moves are what a browser sends), opens Simulasi (100
Monte Carlo draws, ~17 MB a projection) and moves the budget lever to 50 budgets no one chose before. Before
the run cache was bounded by memory, each move kept ~23 MB for good (50 moves: more than 1 GB). The server runs
with `UCJ_RUN_CACHE_MB=64` and `UCJ_ENGINE_CACHE_MB=16` (the prepared engines every run of a table shares: one
of 514 regions with 100 draws holds ~3.5 MB); its memory (server and its kernel workers) may grow by the two
caches' bounds plus `HEADROOM_MB` for what the interpreter and the allocator keep: that sum is the bound this
test holds.

The memory before the moves is read once the kernel workers have finished loading (each grows from ~13 MB to
~300 MB while it loads the kernel: ~10 s here, longer on a loaded machine): read earlier, their warm-up was
counted as growth (a first run measured +484 MB that way; settled, the same moves add ~70 MB).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import random
from pathlib import Path

import pytest
import websockets
from streamlit.proto.WidgetStates_pb2 import WidgetState

from benchmarks.bench_load import (
    TIMEOUT_S,
    Participant,
    _budget_slider,
    _rerun,
    _server_pid,
    _until_finished,
    rss_mb,
    session_cookies,
    settled_rss_mb,
    upload_file,
)
from benchmarks.bench_reader import regencies_xlsx

from .streamlit_server import run_streamlit

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
CACHE_MB = 64
ENGINE_CACHE_MB = 16
HEADROOM_MB = 160
MOVES = 50
SETTLE_MB = 8  # memory is settled when three readings 2 s apart differ by less than this
SETTLE_TIMEOUT_S = 300


async def _room(url: str, pid: int) -> tuple[float, float, int, list[str]]:
    participant = Participant(0)
    xsrf, cookies = await asyncio.to_thread(session_cookies, url)
    ws_url = url.replace("http", "ws", 1) + "/_stcore/stream"
    async with websockets.connect(
        ws_url, subprotocols=["streamlit"], max_size=None, ping_interval=None, additional_headers={"Cookie": cookies}
    ) as ws:
        await ws.send(_rerun("data", "", []))
        await asyncio.wait_for(_until_finished(ws, participant), TIMEOUT_S)
        await upload_file(ws, participant, url, "kabkota-514.xlsx", regencies_xlsx(), xsrf, cookies)
        assert participant.refusals == 0, participant.errors
        await ws.send(_rerun("simulasi", "", []))
        await asyncio.wait_for(_until_finished(ws, participant), TIMEOUT_S)
        before = await asyncio.to_thread(
            settled_rss_mb, [pid], SETTLE_MB, SETTLE_TIMEOUT_S, interval_s=2.0, strict=True
        )
        budget = _budget_slider(participant)
        assert budget.id.endswith("-bud"), budget.id  # the national budget lever, not a disabled region's own
        values = random.Random(9).sample([o for o in budget.options if o not in ("0,0", "0.0")], MOVES)
        for value in values:
            state = WidgetState(id=_budget_slider(participant).id)
            state.string_array_value.data.append(value)
            await ws.send(_rerun("simulasi", "", [state]))
            await asyncio.wait_for(_until_finished(ws, participant), TIMEOUT_S)
        after = rss_mb(pid)
    return before, after, len(budget.options), participant.errors


def test_server_memory_after_50_moves_on_514_regions_stays_within_its_bound() -> None:
    with run_streamlit(
        str(ROOT / "app.py"),
        cwd=str(ROOT),
        env={"UCJ_RUN_CACHE_MB": str(CACHE_MB), "UCJ_ENGINE_CACHE_MB": str(ENGINE_CACHE_MB)},
    ) as url:
        pid = _server_pid(url)
        # In its own thread: after the Playwright tests of the same session, this thread has a running loop.
        with concurrent.futures.ThreadPoolExecutor(1) as thread:
            before, after, n_options, errors = thread.submit(asyncio.run, _room(url, pid)).result()
    print(f"server memory: {before:.0f} MB before the moves, {after:.0f} MB after {MOVES} (+{after - before:.0f} MB)")
    assert errors == [], errors
    assert n_options > MOVES
    assert after - before <= CACHE_MB + ENGINE_CACHE_MB + HEADROOM_MB, (before, after)
