"""Skenario: save the scenario on screen (in the store), combine packages, compare saved ones, share a link (and
QR code), export results for a report. The store, packages, comparison and exports live in ui/store_ui.py."""

from __future__ import annotations

import streamlit as st

from model import InputError
from model.scenario import ScenarioDocument
from ui import exports, store_ui
from ui.i18n import t
from ui.render import caption, ctx
from ui.room import room_base_url
from ui.scope import provenance_line
from ui.state import DEFAULTS, encode_overrides


def _share_params() -> dict[str, object]:
    state = st.session_state
    params: dict[str, object] = {}
    for key in ("lang", "reg", "bud", "out", "start", "prov", "tgt", "tgtpct", "ry", "mc"):
        value = state.get(key)
        if key == "lang" and value == "id":
            continue
        if key == "tgtpct" and state.get("tgt") != "custom":
            continue
        if key in DEFAULTS and value == DEFAULTS[key]:
            continue
        params[key] = value
    encoded = encode_overrides(dict(state.get("overrides") or {}))
    if encoded:
        params["ov"] = encoded
    return params


def render() -> None:
    c = ctx()
    lang = c.lang
    st.title(t("scen.title"))
    caption("  \n".join(x for x in (t("scen.lead"), provenance_line(c.table, c.lang)) if x))

    store_ui.short_link_notice(lang)

    left, right = st.columns([3, 2], gap="large")
    with left:
        store_ui.render_packages(c)
        store_ui.render_save(c)
        items = store_ui.render_saved(c)

        st.subheader(t("scen.import_title"))
        upload = st.file_uploader(t("scen.import"), type=["json"], key="scenario_upload")
        if upload is not None:
            try:
                name, scenario = exports.scenario_from_json(upload.getvalue(), c.table.codes)
            except InputError as error:
                st.error(t("scen.import_failed") + "\n\n" + error.message(lang, limit=10))
            else:
                if st.session_state.get("scenario_upload_done") != upload.file_id:
                    st.session_state["scenario_upload_done"] = upload.file_id
                    try:  # into the store; a name clash asks (store_ui.render_save shows the question)
                        store_ui.save_imported(name, ScenarioDocument.build(levers=scenario))
                    except InputError as error:
                        st.error(error.message(lang))

    with right:
        st.subheader(t("scen.share_title"))
        caption(t("scen.share_caption"))
        port = int(st.get_option("server.port") or 8501)
        url = exports.share_url(room_base_url(st.context.url, port) + "/", _share_params())  # the room's address
        st.code(url, language=None, wrap_lines=True)
        st.image(exports.qr_png(url), caption=t("scen.qr_caption"), width=220)

        store_ui.render_exports(c, t("scen.current", lang))
        st.download_button(
            t("scen.download_current_json"),
            data=exports.scenario_json(t("scen.current"), c.scenario),
            file_name="skenario-saat-ini.json",
            mime="application/json",
            icon=":material/download:",
            width="stretch",
        )

    store_ui.render_compare(c, items)  # full width: one column per compared scenario


render()
