"""Every page runs in AppTest and shows real content; levers, language and uploads behave as a user expects."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.test_app.pages import APP, TIMEOUT, start, table_values

PAGES = ["ringkasan", "simulasi", "peringkat", "profil", "skenario", "asumsi", "data"]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_and_has_a_title(page):
    at = start(page)
    assert len(at.title) == 1 and at.title[0].value
    assert not at.error


def test_switching_language_changes_the_text():
    at = start("simulasi")
    assert at.title[0].value.startswith("Simulasi")
    at.segmented_control(key="lang").set_value("en").run()
    assert not at.exception
    assert at.title[0].value.startswith("Simulation")
    assert any("Coverage" in m.label for m in at.metric)


def _expected_rank_texts(column: str) -> dict[str, str]:
    """Region name -> the rank as it must read: "=N" where the model says the rank is shared."""
    from model import Projection, Settings, load_baseline, project

    s = project(load_baseline(), settings=Settings(draws=0)).region_summary()
    tied = Projection.tied(s[column].to_numpy())
    assert tied.any(), "the shipped data has shared ranks; this test needs one"
    return {n: (f"={r}" if t else str(r)) for n, r, t in zip(s["name"], s[column], tied, strict=True)}


@pytest.mark.parametrize("page", ["peringkat", "simulasi"])
def test_shared_ranks_are_shown_as_shared_and_others_plain(page):
    expected = _expected_rank_texts("rank_new")
    at = start(page)
    table = table_values(at, 0 if page == "peringkat" else -1)
    rank_column = 1 if page == "peringkat" else 2  # Simulasi puts the target year before the rank
    names = [str(n).replace(" ≈ estimasi", "").strip() for n in table.iloc[:, 0]]
    shown = {n: str(r) for n, r in zip(names, table.iloc[:, rank_column], strict=True)}
    assert shown == expected
    assert sum(v.startswith("=") for v in shown.values()) >= 2
    at.toggle(key=("rank_table" if page == "peringkat" else "sim_table") + "_all_columns").set_value(True).run()
    full = table_values(at, 0 if page == "peringkat" else -1)
    now = _expected_rank_texts("rank_now")
    column = next(c for c in full.columns if c in ("Peringkat kini", "Rank now"))
    shown_now = {
        str(n).replace(" ≈ estimasi", "").strip(): str(r) for n, r in zip(full.iloc[:, 0], full[column], strict=True)
    }
    assert shown_now == now


def test_a_share_link_opens_the_same_scenario():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"lang": "en", "prov": "17", "reg": "3", "bud": "12.5", "nl": "rpjmn"})
    at.run()
    at.switch_page("app_pages/simulasi.py").run()
    assert not at.exception
    assert at.title[0].value == "Simulation: Bengkulu"
    assert at.select_slider(key="reg").value == 3
    assert at.select_slider(key="bud").value == 12.5
    assert (at.session_state["tgt"], at.session_state["nl"]) == ("own", "rpjmn")


def test_a_broken_share_link_falls_back_to_defaults():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"lang": "xx", "prov": "99", "reg": "nine", "ov": "15:9:abc:1,zz"})
    at.run()
    assert not at.exception
    assert at.title[0].value == "Ringkasan nasional"
    assert at.select_slider(key="reg").value == 0
    assert at.selectbox(key="prov").value == "15"


def test_numbers_in_a_link_are_read_exactly_with_a_decimal_comma():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"bud": "12,3", "out": "42", "start": "2031", "ry": "2035", "mc": "False"})
    at.run()
    assert not at.exception
    assert at.select_slider(key="bud").value == 12.3  # Indonesian decimal comma; on the lever's Rp0.1 miliar step
    assert at.select_slider(key="out").value == 42.0
    assert [at.slider(key=k).value for k in ("rs", "bs", "os")] == [2031, 2031, 2031]  # `start` sets all three
    assert at.slider(key="ry").value == 2035
    assert at.toggle(key="mc").value is False


@pytest.mark.parametrize(
    "params",
    [
        {"bud": "abc"},
        {"bud": "1e9"},
        {"bud": "nan"},
        {"out": "-5"},
        {"start": "1999"},
        {"ry": "2100"},
        {"mc": "maybe", "present": "perhaps"},
    ],
)
def test_impossible_numbers_in_a_link_open_the_defaults(params):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update(params)
    at.run()
    assert not at.exception
    assert at.title[0].value == "Ringkasan nasional"
    assert at.select_slider(key="bud").value == 0.0
    assert at.select_slider(key="out").value == 0
    assert at.slider(key="rs").value == 2027
    assert at.slider(key="ry").value == 2030
    assert at.toggle(key="mc").value is True


def test_the_address_bar_follows_the_levers():
    at = start()
    at.select_slider(key="bud").set_value(20.0).run()
    at.select_slider(key="out").set_value(35).run()
    assert at.query_params["bud"] == "20" and at.query_params["out"] == "35"
    at.select_slider(key="bud").set_value(0.0).run()
    assert "bud" not in at.query_params  # defaults stay out of the link


def test_a_national_line_target_is_marked_as_not_the_provinces_own():
    from model import Settings, load_baseline, project

    s = project(load_baseline(), settings=Settings(draws=0)).region_summary()
    own = dict(zip(s["name"], s["target_own"], strict=True))
    assert any(own.values()) and not all(own.values())
    at = start("simulasi")
    at.toggle(key="sim_table_all_columns").set_value(True).run()
    table = table_values(at, -1)
    for name, target in zip(table.iloc[:, 0], table["Target"], strict=True):
        assert ("(nasional)" in str(target)) is (not own[str(name).replace(" ≈ estimasi", "").strip()]), name
