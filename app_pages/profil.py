"""Profil provinsi: one province in depth — members by segment, money, trend fit and provenance."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from model import BASELINE, SCENARIO, load_observations
from model.notes import note_text, observation_notes, source_text
from ui import fmt, views
from ui.i18n import t
from ui.render import caption, chart, chart_data, ctx, markdown_safe, modified_text, section
from ui.scope import plain, provenance_line


def _segments(result, lang: str, index: int) -> dict[str, pd.DataFrame]:
    labels = views.chart_labels(lang)
    start = result.m0[index]
    dates = result.grid.dates[start:]
    members = result.member_paths[:, :, index, start:]
    names = [labels["formal"], labels["self_paying"], labels["funded"], labels["village_funded"]]
    # The APBDes-funded village apparatus are drawn only where the table gives that segment.
    shown = 4 if result.has_village[index] else 3
    frame = pd.DataFrame(
        {
            "date": np.tile(dates, shown),
            "segment_label": np.repeat(names[:shown], len(dates)),
            "segment_order": np.repeat(np.arange(shown), len(dates)),
            "members": members[SCENARIO, :shown].reshape(-1),
        }
    )
    baseline = pd.DataFrame({"date": dates, "members": members[BASELINE].sum(axis=0)})
    return {"members": frame, "baseline": baseline}


def _probabilities(result, lang: str, index: int) -> pd.DataFrame:
    labels = views.scenario_labels(lang)
    years = [int(y) for y in result.years if y >= 2025]
    rows = []
    for s, key in ((BASELINE, "baseline"), (SCENARIO, "scenario")):
        for y in years:
            rows.append(
                {
                    "year": y,
                    "scenario_label": labels[key],
                    "probability": float(result.probability_by_year(y, s)[index]),
                }
            )
    return pd.DataFrame(rows)


class _Grid:
    """Figures of one fixed width in one wrapping horizontal container: plain elements re-render cheaper
    than columns, and the fixed width makes an even grid (three a row on a projector, two at 1024 px, one
    on a phone)."""

    def __init__(self) -> None:
        self.box = st.container(horizontal=True, gap="medium")

    def metric(self, *args, **kwargs) -> None:
        self.box.metric(*args, width=250, **kwargs)


def render() -> None:
    c = ctx()
    lang, result = c.lang, c.result_mc
    code = c.province
    index = result.codes.index(code)
    row = c.table.frame.iloc[index]
    s = result.region_summary().iloc[index]
    ry = result.settings.rank_year
    st.title(t("profile.title", name=views.plain(row["name"])))
    status_text = views.status_label(row["status"], lang)
    lead_text = t("profile.lead", date=row["as_of"].date().isoformat(), status=status_text)
    caption("  \n".join(x for x in (lead_text, provenance_line(c.table, c.lang), modified_text(c)) if x))
    st.markdown(views.province_answer(result, code, lang))
    source = views.plain(row["source"])  # uploaded tables bring their own text: never Markdown

    grid = _Grid()  # three figures a row: where it stands, what the budget buys, what it changes
    potential_note = t("profile.potential_status", status=views.status_label(row["potential_status"], lang))
    grid.metric(t("profile.coverage_now"), fmt.pct(s["coverage_now"], lang), help=f"{source} ({status_text})")
    grid.metric(t("profile.potential"), fmt.number(s["potential_workers"], lang), help=potential_note)
    grid.metric(t("profile.participants"), fmt.number(s["active_participants"], lang), help=plain(row["source"]))
    grid.metric(
        t("profile.gap_now"),
        fmt.number(s["workers_gap_now"], lang),
        help=t("profile.gap_now_help", target=views.target_texts(s.to_frame().T, lang)[0]),
    )
    grid.metric(t("profile.funded"), fmt.number(s["funded_workers"], lang), help=t("profile.funded_help"))
    grid.metric(
        t("profile.spent", year=ry),
        fmt.rupiah_bn(s["budget_spent_rank_year_rp"] / 1e9, lang, 0 if s["budget_spent_rank_year_rp"] >= 1e10 else 1),
        help=t("profile.spent_help"),
    )
    grid.metric(t("profile.additional", year=ry), fmt.number(s["additional_covered_rank_year"], lang))
    grid.metric(
        t("profile.cost_per_worker", year=ry),
        fmt.rupiah(s["cost_per_additional_worker_rp"], lang),
        help=t("profile.cost_per_worker_help"),
    )
    grid.metric(t("profile.trend"), fmt.signed(s["trend_pp_per_year"], lang, 2, " pp/th" if lang == "id" else " pp/yr"))

    section(t("profile.segments_title"), t("profile.segments_caption"))
    central = c.result
    chart(
        "segments",
        chart_data(central, ("segments", index, lang), lambda: _segments(central, lang, index)),
        key="profile_segments",
        description=t("profile.segments_caption"),
        village=bool(central.has_village[index]),
    )

    if result.has_village[index]:
        section(t("apbdes.segment_title"), t("apbdes.segment_caption"))
        # One region: measures as rows (reads on a phone without scrolling sideways).
        beside = views.village_beside_total(central, [index], lang).set_index(t("table.region")).T
        st.dataframe(beside.rename_axis(t("upload.segment")).reset_index(), hide_index=True, width="stretch")

    if result.n_draws > 0:
        section(t("profile.probability_title"), t("profile.probability_caption", draws=result.n_draws))
        data = chart_data(
            result, ("probability", index, lang), lambda: {"probabilities": _probabilities(result, lang, index)}
        )
        chart(
            "probability",
            data,
            key="profile_probability",
            description=t("profile.probability_caption", draws=result.n_draws),
        )

    fit = result.trends.iloc[index]
    section(
        t("profile.history_title"),
        t(
            "profile.history_caption",
            n=int(fit["n_points"]),
            slope=fmt.signed(fit["slope_fit_pp"], lang, 2),
            used=fmt.signed(s["trend_pp_per_year"], lang, 2),
        ),
    )
    observations = load_observations()
    history = observations[observations["code"] == code]
    if len(history):
        # Four columns a 390-px phone shows whole: the status beside the figure, and an address may break at
        # its slashes (a long one would otherwise push the table past the screen's edge).
        shown = pd.DataFrame(
            {
                t("profile.col_date"): history["date"].dt.date.astype(str),
                t("room3.col_coverage_status"): [
                    f"{fmt.pct(v, lang)} {views.status_label(x, lang)}"
                    for v, x in zip(history["coverage_pct"], history["status"], strict=True)
                ],
                t("profile.col_source"): [views.breakable(source_text(s, lang)) for s in history["source"]],
                t("profile.col_note"): observation_notes(history, lang),
            }
        )
        # A wrapping table: the source and the note read whole on a phone and a projector (a grid cut them).
        st.table(markdown_safe(shown), border="horizontal", hide_index=True)
    with st.expander(t("profile.provenance")):
        st.markdown(f"**{t('profile.source')}:** {plain(source_text(row['source'], lang))}")
        st.markdown(f"**{t('profile.note')}:** {plain(note_text(row['note'], lang))}")


render()
