"""Data: the table the model runs on, with status and source per row; upload an official table.

Everything from a user's file (names, notes, column headers, the file name) is shown in tables or escaped
text, never as Markdown or HTML, so a name such as `![x](http://host/p.png)` stays a name.
"""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from model import InputError
from model.messages import render as render_message
from model.notes import note_text, source_text
from model.reader import MAX_FILE_BYTES, MAX_ROWS
from ui import fmt, views
from ui.i18n import t
from ui.render import caption, ctx, region_table
from ui.scope import current_scope, plain
from ui.state import table_memo, use_baseline_table, use_uploaded_table

UPLOAD_OUTCOME = "region_upload_outcome"
PROVINCE_LINES_MAX = 3  # a regency table of more provinces shows their totals folded
PENDING = "region_upload_pending"  # (file name, bytes) of an upload waiting for its guesses to be confirmed

# Templates: the same example rows (Bengkulu, whose regencies range from Lebong 17% to Kaur 75%; the figures
# are illustrative round numbers, not data) with Bahasa or English headers.
TEMPLATE_ROWS = [("17.04", "Kabupaten Kaur", 50_000, 37_500, 60.0), ("17.07", "Kabupaten Lebong", 40_000, 6_800, 40.0)]
TEMPLATE_HEADERS = {
    "id": ["Kode", "Kabupaten/Kota", "Provinsi", "Potensi Pekerja", "Peserta Aktif", "Periode", "Target (%)"],
    "en": ["Code", "Regency/City", "Province", "Potential workers", "Active participants", "Date", "Target (%)"],
}


def template_csv(lang: str) -> bytes:
    """Bahasa: semicolons, decimal comma, thousands dot, 31/12/2024 (as Excel saves it in Indonesia);
    English: commas and ISO dates."""
    rows = [TEMPLATE_HEADERS[lang]]
    for code, name, potential, participants, target in TEMPLATE_ROWS:
        if lang == "id":
            dotted = [f"{v:,}".replace(",", ".") for v in (potential, participants)]
            rows.append([code, name, "Bengkulu", *dotted, "31/12/2024", f"{target:.2f}".replace(".", ",")])
        else:
            rows.append([code, name, "Bengkulu", str(potential), str(participants), "2024-12-31", f"{target:.2f}"])
    sep = ";" if lang == "id" else ","
    return ("\ufeff" + "\r\n".join(sep.join(r) for r in rows) + "\r\n").encode("utf-8")


def template_xlsx() -> bytes:
    """One workbook, a sheet per language; codes stored as text so Excel keeps 17.04 (not 17.4)."""
    from openpyxl import Workbook

    workbook = Workbook()
    for index, lang in enumerate(("id", "en")):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        sheet.title = "Bahasa Indonesia" if lang == "id" else "English"
        sheet.append(TEMPLATE_HEADERS[lang])
        for code, name, potential, participants, target in TEMPLATE_ROWS:
            sheet.append([code, name, "Bengkulu", potential, participants, "31/12/2024", target])
        for cell in sheet["A"]:
            cell.number_format = "@"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _validate_upload(raw: bytes, name: str, accept_guesses: bool = False) -> None:
    try:
        table = use_uploaded_table(raw, name, accept_guesses=accept_guesses)
    except InputError as error:
        only_guesses = all(p.key == "reader.guess" for p in error.problems)
        st.session_state[PENDING] = (name, raw) if only_guesses else None
        st.session_state[UPLOAD_OUTCOME] = ("error", name, error)
    else:
        st.session_state[PENDING] = None
        st.session_state[UPLOAD_OUTCOME] = ("ok", name, len(table))


def _on_upload() -> None:
    """Validate an uploaded table before the page redraws (so the picker and the scope follow it)."""
    upload = st.session_state.get("region_upload")
    if upload is not None:
        _validate_upload(upload.getvalue(), upload.name)


def _on_confirm_guesses() -> None:
    pending = st.session_state.get(PENDING)
    if pending:
        _validate_upload(pending[1], pending[0], accept_guesses=True)


def _display(frame: pd.DataFrame, lang: str, full: bool = False) -> pd.DataFrame:
    """The data, the answer first: region (≈ when estimated), coverage, active participants and potential
    workers, which a phone shows whole; `full` adds the code, date, statuses, target, source and note."""
    mark = t("table.estimate_mark", lang)
    columns = {
        t("table.region", lang): [
            f"{n} {mark}" if s == "estimate" else n for n, s in zip(frame["name"], frame["status"], strict=True)
        ],
        t("data.col_coverage", lang): [fmt.pct(v, lang) for v in frame["coverage_pct"]],
        t("data.col_participants", lang): [fmt.number(v, lang) for v in frame["active_participants"]],
        t("data.col_potential", lang): [fmt.number(v, lang) for v in frame["potential_workers"]],
    }
    if full:
        columns.update(
            {
                t("data.col_code", lang): list(frame["code"]),
                t("data.col_as_of", lang): list(frame["as_of"].dt.date.astype(str)),
                t("data.col_status", lang): [views.status_label(s, lang) for s in frame["status"]],
                t("data.col_potential_status", lang): [views.status_label(s, lang) for s in frame["potential_status"]],
                t("data.col_target", lang): [fmt.pct(v, lang) for v in frame["target_pct"]],
                t("data.col_source", lang): [source_text(s, lang) for s in frame["source"]],
                t("data.col_note", lang): [note_text(n, lang) for n in frame["note"]],
            }
        )
    return pd.DataFrame(columns)


def _problems_table(error: InputError, lang: str) -> pd.DataFrame:
    """Every problem as a row (row, column, what and how to fix): a table, so user text is never Markdown."""
    return pd.DataFrame(
        {
            t("upload.col_row"): [str(p.row) if p.row is not None else "" for p in error.problems],
            t("upload.col_column"): [p.column or "" for p in error.problems],
            t("upload.col_problem"): [render_message(p.key, lang, p.params) for p in error.problems],
        }
    )


def _guesses_table(error: InputError) -> pd.DataFrame:
    guesses = [p for p in error.problems if p.key == "reader.guess"]
    return pd.DataFrame(
        {
            t("upload.col_row"): [str(p.row) for p in guesses],
            t("upload.col_written"): [p.params["value"] for p in guesses],
            t("upload.col_official"): [p.params["official"] for p in guesses],
            t("upload.col_score"): [f"{p.params['score']}%" for p in guesses],
        }
    )


def _segments(frame: pd.DataFrame, segments: tuple[str, ...], lang: str) -> pd.DataFrame:
    """Coverage and gap of each reported segment beside the total (sums over the table's regions)."""
    rows = [("total", frame["active_participants"].sum(), frame["potential_workers"].sum())]
    rows += [(s, frame[f"{s}_participants"].sum(), frame[f"{s}_potential"].sum()) for s in segments]
    return pd.DataFrame(
        {
            t("upload.segment"): [t(f"upload.segment_{s}") for s, _, _ in rows],
            t("data.col_participants"): [fmt.number(p, lang) for _, p, _ in rows],
            t("data.col_potential"): [fmt.number(w, lang) for _, _, w in rows],
            t("data.col_coverage"): [fmt.pct(100 * p / w, lang) if w else "–" for _, p, w in rows],
            t("upload.col_unprotected"): [fmt.number(w - p, lang) for _, p, w in rows],
        }
    )


def render() -> None:
    c = ctx()
    lang = c.lang
    table = c.table
    frame = table.frame
    st.title(t("data.title"))
    if table.is_upload:
        st.info(t("upload.provenance", name=plain(table.origin), time=table.loaded_at), icon=":material/upload_file:")
        st.button(t("data.back_to_baseline"), icon=":material/undo:", on_click=use_baseline_table, key="back_top")
    n_est = int((frame["status"] == "estimate").sum())
    origin = plain(table.origin) if table.is_upload else t("room.origin_baseline")  # never the English "baseline"
    caption(t("data.lead", n=len(frame), origin=origin))
    cols = st.columns(3)
    cols[0].metric(t("data.regions"), len(frame))
    cols[1].metric(t("data.estimated"), n_est, help=t("data.estimated_help"))
    cols[2].metric(t("data.reported"), int((frame["status"] != "estimate").sum()))
    if current_scope().is_regency:
        provinces = current_scope().provinces
        totals = "  \n".join(views.province_totals(frame, lang, provinces))
        if len(provinces) > PROVINCE_LINES_MAX:  # 38 provinces' lines would push the table off a phone's screen
            with st.expander(t("data.province_totals", n=len(provinces)), icon=":material/functions:"):
                caption(totals)
        else:
            caption(totals)
    if table.segments:
        st.subheader(t("upload.segments_title"))
        st.dataframe(_segments(frame, table.segments, lang), hide_index=True, width="stretch")
        if "village" in table.segments:  # the APBDes lever acts on this segment: now and with the scenario
            caption(t("apbdes.segment_caption"))
            shown = views.village_beside_total(c.result, list(range(len(frame))), lang)
            st.dataframe(shown, hide_index=True, width="stretch")

    only_estimates = st.toggle(t("data.only_estimates"), key="data_only_estimates")
    shown = frame[frame["status"] == "estimate"] if only_estimates else frame
    region_table(
        lambda full: table_memo(
            c.data_key, ("data_table", lang, full, only_estimates), lambda: _display(shown, lang, full)
        ),
        key="data_table",
        pinned=0,
        height=460,
    )
    if table.notice_keys:
        with st.expander(t("upload.notices")):
            st.text("\n".join(render_message(k, lang, p) for k, p in table.notice_keys))
    st.download_button(
        t("data.download"),
        data=lambda: frame.to_csv(index=False).encode("utf-8"),
        file_name="simulasi-ucj-data.csv",
        mime="text/csv",
        icon=":material/download:",
    )

    st.subheader(t("data.upload_title"))
    caption(t("upload.caption", mb=MAX_FILE_BYTES // 1024 // 1024, rows=fmt.number(MAX_ROWS, lang)))
    cols = st.columns(3)
    cols[0].download_button(
        t("upload.template_id"), data=template_csv("id"), file_name="templat-ucj-kabkota.csv", mime="text/csv",
        icon=":material/description:", key="template_id",
    )  # fmt: skip
    cols[1].download_button(
        t("upload.template_en"), data=template_csv("en"), file_name="ucj-template-regencies.csv", mime="text/csv",
        icon=":material/description:", key="template_en",
    )  # fmt: skip
    cols[2].download_button(
        t("upload.template_xlsx"),
        data=template_xlsx,
        file_name="templat-ucj.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/grid_on:",
        key="template_xlsx",
    )
    st.file_uploader(
        t("data.upload"), type=["csv", "xlsx", "xls", "ods", "txt"], key="region_upload", on_change=_on_upload
    )
    outcome = st.session_state.pop(UPLOAD_OUTCOME, None)
    if outcome and outcome[0] == "error":
        _, name, error = outcome
        pending = st.session_state.get(PENDING)
        if pending:
            st.warning(t("upload.guesses_title"), icon=":material/help:")
            st.dataframe(_guesses_table(error), hide_index=True, width="stretch")
            st.button(
                t("upload.confirm_guesses"),
                on_click=_on_confirm_guesses,
                icon=":material/check:",
                key="confirm_guesses",
            )
        else:
            st.error(t("upload.problems_title", name=plain(name), n=len(error.problems)), icon=":material/error:")
            st.dataframe(
                _problems_table(error, lang),
                hide_index=True,
                width="stretch",
                height=min(460, 38 + 35 * len(error.problems)),
                column_config={t("upload.col_problem"): st.column_config.TextColumn(width="large")},
            )
        st.caption(t("data.upload_kept"))
    elif outcome:
        _, name, n = outcome
        st.success(t("data.upload_ok", n=n, name=plain(name)), icon=":material/check:")


render()
