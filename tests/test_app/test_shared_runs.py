"""A participant who opens the room's link gets the presenter's result from the shared run cache: no new run.

Issue 9, item 6: work is shared across sessions. The presenter moves levers on Simulasi; the app writes them
into the address (the share link carries the same query); a second session (a participant's phone) opens that
link. Its projections must come from `ui.state.RUNS` (model/run_cache.py): the cache's count of computed runs
stays the same and its hits grow. A different budget, by contrast, is a new run: the check can fail.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui import state

ROOT = Path(__file__).resolve().parents[2]
BUDGET = 17.5  # a budget no other test in this process is likely to have run


def _session(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.switch_page("app_pages/simulasi.py").run()  # the link opens Simulasi itself, as a browser does
    assert not at.exception, [e.message for e in at.exception]
    return at


def _link_of(at: AppTest) -> dict[str, str]:
    """The query the app wrote into the presenter's address bar (what its share link carries)."""
    return {key: at.query_params[key] for key in at.query_params}


@pytest.mark.slow
def test_a_participant_opening_the_presenters_link_runs_nothing_new() -> None:
    presenter = _session()
    presenter.sidebar.select_slider(key="bud").set_value(BUDGET)
    presenter.run()
    assert not presenter.exception, [e.message for e in presenter.exception]
    link = _link_of(presenter)
    assert link.get("bud") == "17.5", link

    computed, hits = state.RUNS.computed, state.RUNS.hits
    participant = _session(link)
    assert participant.sidebar.select_slider(key="bud").value == BUDGET
    assert state.RUNS.computed == computed, "the participant's first load ran the model again"
    assert state.RUNS.hits > hits

    # The check can fail: a budget nobody ran before is a new run (central case, and draws where shown).
    participant.sidebar.select_slider(key="bud").set_value(BUDGET + 0.5)
    participant.run()
    assert state.RUNS.computed > computed
