"""The workshop room: the address phones can open, server defaults, Bahasa numbers typed and shown, hidden
results, and user text that never turns into Markdown."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

import serve
from tests.test_app.tables import shown_tables
from ui import fmt, room, views
from ui.room import Interface
from ui.scope import plain

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")

LAPTOP = [
    Interface("lo", "127.0.0.1"),
    Interface("docker0", "172.17.0.1"),
    Interface("wlan0", "192.168.43.17"),
    Interface("eth1", "169.254.3.3"),
]


# --- the room's address ---------------------------------------------------------------------------------


def test_room_address_is_the_wifi_address_not_loopback_docker_or_link_local():
    assert room.room_address(LAPTOP) == "192.168.43.17"
    assert room.room_address([Interface("lo", "127.0.0.1")]) is None
    assert room.room_address([Interface("wlan0", "10.0.0.5", is_up=False), Interface("eth0", "10.1.2.3")]) == "10.1.2.3"


def test_room_base_url_replaces_localhost_with_the_network_address():
    url = room.room_base_url("http://localhost:8501/simulasi", 8501, public_url="", interfaces=LAPTOP)
    assert url == "http://192.168.43.17:8501"
    url = room.room_base_url("http://127.0.0.1:9000/", 9000, public_url="", interfaces=LAPTOP)
    assert url == "http://192.168.43.17:9000"


def test_room_base_url_keeps_an_address_already_reachable_and_prefers_a_public_url():
    opened = room.room_base_url("http://192.168.1.9:8501/peringkat", 8501, public_url="", interfaces=LAPTOP)
    assert opened == "http://192.168.1.9:8501"
    public = room.room_base_url("http://localhost:8501/", 8501, public_url="https://ucj.example.go.id/", interfaces=[])
    assert public == "https://ucj.example.go.id"


def test_page_link_carries_page_and_state():
    link = room.page_link("http://192.168.43.17:8501", "peringkat", {"bud": "12.5", "prov": "17", "lang": "en"})
    assert link == "http://192.168.43.17:8501/peringkat?bud=12.5&prov=17&lang=en"
    assert room.page_link("http://h:1", "", {}) == "http://h:1/"


def test_qr_code_decodes_to_the_link():
    zxingcpp = pytest.importorskip("zxingcpp")
    from io import BytesIO

    from PIL import Image

    link = "http://192.168.43.17:8501/simulasi?bud=12.5&prov=17"
    decoded = zxingcpp.read_barcodes(Image.open(BytesIO(room.qr_png(link))))
    assert [d.text for d in decoded] == [link]


def test_allowed_hosts_are_this_machine_and_the_public_host_only():
    hosts = room.allowed_hosts("https://ucj.example.go.id", LAPTOP)
    assert {"localhost", "127.0.0.1", "192.168.43.17", "ucj.example.go.id"} <= set(hosts)
    assert "*" not in hosts and "169.254.3.3" not in hosts


def test_serve_listens_to_the_room_only_when_asked():
    local = serve.streamlit_args(["--server.port", "9000"], ["localhost", "10.0.0.2"])
    assert "--server.address" not in local  # config.toml: 127.0.0.1
    assert local.count("--server.allowedHosts") == 2 and "10.0.0.2" in local
    opened = serve.streamlit_args(["--room"], ["localhost"])
    assert opened[opened.index("--server.address") + 1] == "0.0.0.0" and "--room" not in opened
    own = serve.streamlit_args(["--room", "--server.address", "10.0.0.2"], ["localhost"])
    assert own.count("--server.address") == 1


def test_workshop_server_defaults():
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["allowedHosts"] and "*" not in config["server"]["allowedHosts"]
    assert config["server"]["address"] == "127.0.0.1"
    assert config["server"]["fileWatcherType"] == "none"
    assert 1 <= config["server"]["maxUploadSize"] <= 10
    assert config["client"]["showErrorDetails"] == "none"
    assert config["browser"]["gatherUsageStats"] is False


# --- numbers in Bahasa ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("0,3", "id", 0.3),
        ("0.3", "id", 0.3),
        ("52,15", "id", 52.15),
        ("1.234,5", "id", 1234.5),
        ("1,234.5", "en", 1234.5),
        ("1.234", "id", 1234.0),
        ("1.234", "en", 1.234),
        ("196,087", "en", 196087.0),  # what the app shows for 196087 in English reads back as 196087
        ("1,234", "id", 1.234),
        ("0,3", "en", 0.3),
        ("1.312.370", "id", 1312370.0),
        ("−2,5", "id", -2.5),
        (" 45,17% ", "id", 45.17),
    ],
)
def test_parse_decimal_reads_numbers_as_people_type_them(text, lang, value):
    assert fmt.parse_decimal(text, lang) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "abc", "0,3,4,5", "1e308", "inf", "nan", "1,2.3,4", "--1"])
def test_parse_decimal_refuses_what_is_not_a_number(text):
    with pytest.raises(ValueError):
        fmt.parse_decimal(text, "id")


@given(
    st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
    st.integers(min_value=0, max_value=3),
    st.sampled_from(["id", "en"]),
)
def test_number_matches_babel_and_reads_back(value, decimals, lang):
    text = fmt.number(value, lang, decimals)
    locale = {"id": "id_ID", "en": "en_US"}[lang]
    rounded = round(value, decimals) + 0.0
    expected = format_decimal(rounded, format="#,##0" + ("." + "0" * decimals if decimals else ""), locale=locale)
    assert text == expected
    assert not text.startswith("-0") or rounded != 0
    # What the app shows reads back as the same number in the reader's language ('1.234' in id, '1,234' in en).
    assert fmt.parse_decimal(text, lang) == pytest.approx(rounded, abs=10**-decimals)


def test_indonesian_formats():
    assert fmt.number(1312370, "id") == "1.312.370"
    assert fmt.pct(45.1734, "id") == "45,17%"
    assert fmt.signed(-0.001, "id", 1, " pp") == "±0,0 pp"  # rounds to zero: no minus sign
    assert fmt.rupiah_bn(5, "id") == "Rp5,0 miliar"


# --- user text never becomes Markdown -------------------------------------------------------------------

HOSTILE = "![x](http://203.0.113.9/p.png) <img src=http://203.0.113.9/q.png> :red[x] $x$"
_UNESCAPED_LINK = re.compile(r"(?<!\\)\]\((?:http|//)")
_UNESCAPED_TAG = re.compile(r"(?<!\\)<img")


def test_plain_escapes_every_markdown_construct():
    text = views.plain(HOSTILE)
    assert not _UNESCAPED_LINK.search(text) and not _UNESCAPED_TAG.search(text)
    assert "\\!\\[x\\]" in text and "\\:red\\[x\\]" in text and "\\$x\\$" in text


def _texts(at: AppTest) -> list[str]:
    """Every string of the page that Streamlit renders as Markdown."""
    values: list[str] = []
    for kind in ("markdown", "title", "caption", "header", "subheader", "info", "warning", "error", "success"):
        values += [str(e.value) for e in getattr(at, kind)]
    values += [str(getattr(m, "help", "") or "") for m in at.metric]
    values += [str(m.label) for m in at.metric]
    for table in at.table:  # st.table renders every header and cell as Markdown
        values += [str(c) for c in table.value.columns] + [str(v) for v in table.value.to_numpy().ravel()]
    return values


@pytest.mark.parametrize("page", ["ringkasan", "simulasi", "peringkat", "profil", "skenario", "data"])
def test_an_uploaded_name_is_never_rendered_as_markdown(page):
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("app_pages/data.py").run()
    csv = (
        "kode,nama,potensi_pekerja,peserta_aktif,tanggal,target,sumber\n"
        f'1701,"{HOSTILE}",50000,37500,2024-11,60,"{HOSTILE}"\n'
        "1707,Lebong,40000,6800,2024-11,40,BPJS\n"
    )
    at.file_uploader(key="region_upload").upload("![f](http://203.0.113.9/f.png).csv", csv.encode(), "text/csv").run()
    assert not at.exception
    _, table = at.session_state["region_table"]
    at.session_state["prov"] = table.codes[list(table.frame["name"]).index(HOSTILE)]
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    texts = _texts(at)
    assert texts
    if page in ("simulasi", "peringkat"):  # the region table is an st.table there: the name is in it, escaped
        assert any(text.startswith(plain(HOSTILE)) for text in texts), [t for t in texts if "203" in t]
    for text in texts:
        assert not _UNESCAPED_LINK.search(text), text
        assert not _UNESCAPED_TAG.search(text), text


# --- facilitator controls -------------------------------------------------------------------------------


def test_hidden_results_cover_result_pages_until_revealed():
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("app_pages/peringkat.py").run()
    assert shown_tables(at)  # results visible
    at.button(key="room_hide_toggle").click().run()  # AppTest has no client address: it is the facilitator
    try:
        assert not shown_tables(at) and not at.metric
        assert at.title[0].value in ("Pikirkan dulu", "Think first")
        other = AppTest.from_file(APP, default_timeout=60)  # another participant's session, same server
        other.run()
        assert not other.metric and other.title[0].value == "Pikirkan dulu"
        other.switch_page("app_pages/asumsi.py").run()  # method pages stay open
        assert other.title[0].value != "Pikirkan dulu"
    finally:
        at.button(key="room_hide_toggle").click().run()
    assert shown_tables(at)


def test_modified_baseline_is_flagged_on_every_results_page():
    for page in ("ringkasan", "simulasi", "peringkat", "profil"):
        at = AppTest.from_file(APP, default_timeout=60)
        at.session_state["assumption_values"] = {"premium_per_month": 33_600.0}
        at.run()
        at.switch_page(f"app_pages/{page}.py").run()
        assert any("asumsi yang diubah" in c.value for c in at.caption), page


def test_simulasi_rank_arrow_compares_with_the_baseline():
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("app_pages/simulasi.py").run()
    rank = next(m for m in at.metric if m.label.startswith("Peringkat"))
    assert rank.delta.startswith("dasar:")


def test_decimal_comma_is_accepted_in_the_custom_target():
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["tgt"] = "custom"
    at.run()
    box = at.text_input(key="tgtpct__text")
    box.input("52,15").run()
    assert at.session_state["tgtpct"] == pytest.approx(52.15)
    at.text_input(key="tgtpct__text").input("lima puluh").run()
    assert at.session_state["tgtpct"] == pytest.approx(52.15)  # kept, and said
    assert any("bukan angka" in e.value for e in at.error)


def test_budget_slider_shows_a_decimal_comma():
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    slider = at.select_slider(key="bud")
    slider.set_value(5.0).run()
    assert at.select_slider(key="bud").format_func(5.0) == "5,0"
