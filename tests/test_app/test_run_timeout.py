"""A kernel run stopped at its time limit (the app's worker pool, model/runner.py) reaches a participant as a
message in their language, never as an exception box, and the page works again once runs finish in time."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from model import runner
from model.runner import RunTimeoutError
from ui.state import RUNS

APP = str(Path(__file__).resolve().parents[2] / "app.py")


class _TimesOut:
    def run(self, inputs, *, timeout=None):
        raise RunTimeoutError("kernel run exceeded 60 s")


@pytest.fixture
def timing_out():
    RUNS.clear()  # a cached run would never reach the runner
    previous = runner.set_default(_TimesOut())
    yield
    runner.set_default(previous)
    RUNS.clear()


@pytest.mark.parametrize(("lang", "words"), [("id", "terlalu lama"), ("en", "took too long")])
def test_a_run_that_times_out_is_a_message_not_an_exception(timing_out, lang, words):
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(words in w.value for w in at.warning), [w.value for w in at.warning]


def test_the_page_recovers_when_runs_finish_again(timing_out):
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    assert any("terlalu lama" in w.value for w in at.warning)
    runner.set_default(runner.InProcessRunner())
    at.run()
    assert not at.exception
    assert not any("terlalu lama" in w.value for w in at.warning)
    assert at.metric, "the overview's figures are back"
