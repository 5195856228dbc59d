"""Every page runs in AppTest and shows real content; levers, language and uploads behave as a user expects."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.test_app.tables import shown_tables

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
PAGES = ["ringkasan", "simulasi", "peringkat", "profil", "skenario", "asumsi", "data"]
TIMEOUT = 60


def start(page: str | None = None, **state) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    if page:
        at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def table_values(at: AppTest, index: int = -1):
    return shown_tables(at)[index]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_and_has_a_title(page):
    at = start(page)
    assert len(at.title) == 1 and at.title[0].value
    assert not at.error


def test_overview_headline_shows_national_coverage_in_bahasa():
    at = start()
    labels = [m.label for m in at.metric]
    assert "Cakupan nasional kini" in labels
    value = at.metric[0].value
    assert value.endswith("%") and "," in value  # 37,70%


def test_switching_language_changes_the_text():
    at = start("simulasi")
    assert at.title[0].value.startswith("Simulasi")
    at.segmented_control(key="lang").set_value("en").run()
    assert not at.exception
    assert at.title[0].value.startswith("Simulation")
    assert any("Coverage" in m.label for m in at.metric)


def test_budget_for_one_province_moves_its_target_year_earlier_or_keeps_it():
    at = start("simulasi")
    before = table_values(at).set_index("Wilayah")
    at.toggle(key="ov_on").set_value(True).run()
    at.select_slider(key="ov_bud").set_value(40.0).run()
    assert not at.exception
    after = table_values(at).set_index("Wilayah")
    column = "Tercapai (kebijakan)"
    jambi_before, jambi_after = before.loc["Jambi", column], after.loc["Jambi", column]
    assert (
        jambi_after == "Sudah tercapai" or jambi_before == "Belum sampai 2045" or int(jambi_after) <= int(jambi_before)
    )
    assert jambi_after != jambi_before  # Rp40 miliar a year funds ~198 thousand workers in Jambi
    others = [r for r in before.index if r != "Jambi"]
    assert (before.loc[others, column] == after.loc[others, column]).all()


def test_national_budget_never_delays_any_target_year():
    at = start("simulasi")
    column = "Tercapai (kebijakan)"
    before = table_values(at).set_index("Wilayah")[column]
    at.select_slider(key="bud").set_value(15.0).run()
    after = table_values(at).set_index("Wilayah")[column]

    def as_year(text: str) -> int:
        return 0 if text == "Sudah tercapai" else (9999 if text == "Belum sampai 2045" else int(text))

    assert all(as_year(a) <= as_year(b) for a, b in zip(after, before, strict=True))
    assert any(as_year(a) < as_year(b) for a, b in zip(after, before, strict=True))


def test_reset_policies_returns_to_the_baseline():
    at = start("ringkasan")
    at.select_slider(key="bud").set_value(20.0).run()
    assert at.metric[3].value != "0"
    at.button(key="reset_policies").click().run()
    assert at.select_slider(key="bud").value == 0.0
    assert at.metric[3].value == "0"


def test_ranking_page_lists_every_province_once():
    at = start("peringkat")
    table = table_values(at, 0)
    assert len(table) == 38
    ranks = sorted(int(str(r).lstrip("=")) for r in table.iloc[:, 1])  # answer first: region, rank, change
    # Competition ranks: equal coverage shares a rank, so rank r is followed by r + (number tied at r).
    assert ranks[0] == 1 and ranks[-1] <= 38
    assert all(b == a or b == i + 1 for i, (a, b) in enumerate(itertools.pairwise(ranks), start=1))
    assert table.iloc[:, 0].is_unique


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


def test_profile_shows_segments_and_provenance():
    at = start("profil")
    assert at.title[0].value == "Profil: Jambi"
    assert any(m.label == "Kekurangan peserta" for m in at.metric)
    # the source is user-facing text from the table: shown escaped (never live Markdown), read without escapes
    assert any("dialognews.id" in (e.body if hasattr(e, "body") else "").replace("\\", "") for e in at.markdown)


def test_malformed_upload_is_explained_and_nothing_is_lost():
    at = start("data")
    at.select_slider(key="bud").set_value(5.0).run()
    bad = (ROOT / "tests" / "data" / "bad" / "participants_above_potential.csv").read_bytes()
    at.file_uploader(key="region_upload").upload("kabkota.csv", bad, "text/csv").run()
    assert not at.exception
    message = " ".join(e.value for e in at.error)
    assert "kabkota\\.csv" in message and "1 masalah" in message  # the file name escaped, never Markdown
    problems = at.dataframe[-1].value
    assert problems["Baris"].tolist() == ["2"] and "melebihi potensi pekerja" in problems.iloc[0, 2]
    assert at.select_slider(key="bud").value == 5.0
    assert at.metric[0].value == "38"  # still the baseline's 38 provinces


def test_valid_upload_replaces_the_baseline_for_the_session():
    at = start("data")
    text = (
        "kode,nama,potensi_pekerja,peserta_aktif,tanggal,target\n"
        "1704,Kaur,50000,37500,2024-11,60\n1707,Lebong,40000,6800,2024-11,40\n"
    )
    at.file_uploader(key="region_upload").upload("bengkulu-kab.csv", text.encode(), "text/csv").run()
    assert not at.exception
    assert at.metric[0].value == "2"
    at.switch_page("app_pages/ringkasan.py").run()
    assert not at.exception
    assert not any("38 provinsi" in i.value for i in at.info)  # Bengkulu's regencies have their own map
    assert "Provinsi Bengkulu" in at.title[0].value


def test_assumption_change_is_shown_as_a_modified_baseline():
    at = start("asumsi", assumption_values={"premium_per_month": 33_600.0})
    assert any("dimodifikasi" in w.value for w in at.warning)
    at.button(key="reset_assumptions").click().run()
    assert not at.warning


def test_saving_a_scenario_puts_it_in_the_store_and_the_comparison():
    at = start("skenario")
    at.select_slider(key="bud").set_value(10.0).run()
    at.text_input(key="save_name").input("Perda + Rp10 miliar (halaman)")
    at.button(key="FormSubmitter:save_scenario-Simpan").click().run()
    assert not at.exception
    saved = table_values(at, 0)
    assert "Perda + Rp10 miliar (halaman)" in list(saved.iloc[:, 0])
    from model.store import open_store

    with open_store() as store:  # the same store a second server would read
        assert store.get("Perda + Rp10 miliar (halaman)").scenario.default.budget_bn == 10.0


def test_share_link_carries_the_levers():
    at = start("skenario")
    at.select_slider(key="bud").set_value(12.5).run()
    at.select_slider(key="reg").set_value(2).run()
    link = next(code.value for code in at.code if "bud=" in code.value)
    assert "bud=12.5" in link and "reg=2" in link


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
