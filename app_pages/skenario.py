"""Skenario: save the scenario on screen (in the store), combine packages, compare saved ones, share a link (and
QR code), export results for a report. The store, packages, comparison and exports live in ui/store_ui.py."""

from __future__ import annotations

from datetime import date

import streamlit as st

from model import InputError
from model.scenario import ScenarioDocument, document_from_json_bytes
from model.scenario_url import encode
from ui import exports, scenario_state, store_ui
from ui.i18n import t
from ui.render import caption, ctx
from ui.room import room_base_url
from ui.scope import provenance_line
from ui.sidebar import show_problems


def _share_url() -> str:
    """The link of what the room was looking at (the page before this one), through the one codec."""
    page, params = encode(scenario_state.share_document())
    params.pop("present", None)  # a phone opens the page, never the projector's presentation mode
    port = int(st.get_option("server.port") or 8501)
    base = room_base_url(st.context.url, port)  # the room's address, not the presenter's localhost
    return exports.share_url(f"{base}/{page}" if page != "ringkasan" else f"{base}/", params)


def _json(name: str, document: ScenarioDocument) -> bytes:
    return document.to_json_bytes(name=name, saved=date.today().isoformat())


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
                document, name = document_from_json_bytes(upload.getvalue(), c.table.codes)
            except InputError as error:
                show_problems(t("scen.import_failed"), error.problems, lang)
            else:
                name = (name or upload.name.removesuffix(".json"))[:60]
                if st.session_state.get("scenario_upload_done") != upload.file_id:
                    st.session_state["scenario_upload_done"] = upload.file_id
                    try:  # into the store; a name clash asks (store_ui.render_save shows the question)
                        store_ui.save_imported(name, document)  # the whole document: levers, assumptions, settings
                    except InputError as error:
                        st.error(error.message(lang))

    with right:
        st.subheader(t("scen.share_title"))
        caption(t("scen.share_caption"))
        url = _share_url()
        st.code(url, language=None, wrap_lines=True)
        st.image(exports.qr_png(url), caption=t("scen.qr_caption"), width=220)

        store_ui.render_exports(c, t("scen.current", lang))
        st.download_button(
            t("scen.download_current_json"),
            data=_json(t("scen.current"), scenario_state.document()),
            file_name="skenario-saat-ini.json",
            mime="application/json",
            icon=":material/download:",
            width="stretch",
        )

    store_ui.render_compare(c, items)  # full width: one column per compared scenario


render()
