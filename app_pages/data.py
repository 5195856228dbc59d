"""Data: the table the model runs on, with status and source per row; upload an official table."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from model import InputError
from model.data import OPTIONAL_COLUMNS, REQUIRED_COLUMNS
from ui import fmt, views
from ui.i18n import t
from ui.render import caption, ctx
from ui.state import use_baseline_table, use_uploaded_table

TEMPLATE = (
    "code,name,potential_workers,active_participants,as_of,target_pct,informal_share,labour_growth_pct\n"
    "1501,Kabupaten Kerinci,120000,30000,2025-06-30,50,0.62,1.3\n"
)


UPLOAD_OUTCOME = "region_upload_outcome"


def _on_upload() -> None:
    """Validate an uploaded table before the page redraws (so the province picker can follow it)."""
    upload = st.session_state.get("region_upload")
    if upload is None:
        return
    try:
        table = use_uploaded_table(upload.getvalue(), upload.name)
    except InputError as error:
        st.session_state[UPLOAD_OUTCOME] = ("error", upload.name, error)
    else:
        st.session_state[UPLOAD_OUTCOME] = ("ok", upload.name, len(table))


def _display(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    mark = t("table.estimate_mark")
    return pd.DataFrame(
        {
            t("data.col_code"): frame["code"],
            t("table.region"): [
                f"{n} {mark}" if s == "estimate" else n for n, s in zip(frame["name"], frame["status"], strict=True)
            ],
            t("data.col_coverage"): [fmt.pct(v, lang) for v in frame["coverage_pct"]],
            t("data.col_participants"): [fmt.number(v, lang) for v in frame["active_participants"]],
            t("data.col_potential"): [fmt.number(v, lang) for v in frame["potential_workers"]],
            t("data.col_as_of"): frame["as_of"].dt.date.astype(str),
            t("data.col_status"): [views.status_label(s, lang) for s in frame["status"]],
            t("data.col_potential_status"): [views.status_label(s, lang) for s in frame["potential_status"]],
            t("data.col_target"): [fmt.pct(v, lang) for v in frame["target_pct"]],
            t("data.col_source"): frame["source"],
            t("data.col_note"): frame["note"],
        }
    )


def render() -> None:
    c = ctx()
    lang = c.lang
    frame = c.table.frame
    st.title(t("data.title"))
    n_est = int((frame["status"] == "estimate").sum())
    caption(t("data.lead", n=len(frame), origin=c.table.origin))
    cols = st.columns(3)
    cols[0].metric(t("data.regions"), len(frame))
    cols[1].metric(t("data.estimated"), n_est, help=t("data.estimated_help"))
    cols[2].metric(t("data.reported"), int((frame["status"] != "estimate").sum()))

    only_estimates = st.toggle(t("data.only_estimates"), key="data_only_estimates")
    shown = frame[frame["status"] == "estimate"] if only_estimates else frame
    st.dataframe(
        _display(shown, lang),
        hide_index=True,
        width="stretch",
        height=460,
        column_config={t("data.col_note"): st.column_config.TextColumn(width="large")},
    )
    st.download_button(
        t("data.download"),
        data=lambda: frame.to_csv(index=False).encode("utf-8"),
        file_name="simulasi-ucj-data.csv",
        mime="text/csv",
        icon=":material/download:",
    )

    st.subheader(t("data.upload_title"))
    caption(t("data.upload_caption", required=", ".join(REQUIRED_COLUMNS), optional=", ".join(OPTIONAL_COLUMNS[:8])))
    st.download_button(
        t("data.template"),
        data=TEMPLATE.encode(),
        file_name="templat-wilayah.csv",
        mime="text/csv",
        icon=":material/description:",
    )
    st.file_uploader(t("data.upload"), type=["csv", "xlsx"], key="region_upload", on_change=_on_upload)
    outcome = st.session_state.pop(UPLOAD_OUTCOME, None)
    if outcome and outcome[0] == "error":
        _, name, error = outcome
        st.error(t("data.upload_failed", name=name) + "\n\n" + error.message(lang, limit=15), icon=":material/error:")
        st.caption(t("data.upload_kept"))
    elif outcome:
        _, name, n = outcome
        st.success(t("data.upload_ok", n=n, name=name), icon=":material/check:")
    if c.data_key != "baseline":
        st.info(t("data.using_upload", name=c.table.origin), icon=":material/upload_file:")
        st.button(t("data.back_to_baseline"), icon=":material/undo:", on_click=use_baseline_table)


render()
