"""Asumsi & metodologi: every assumption with unit, range and source, editable by an expert; the method."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from model import InputError, default_assumptions, load_assumption_specs
from model.assumptions import HARD_BOUNDS
from ui import fmt, inputs, views
from ui.i18n import t
from ui.render import caption, ctx
from ui.scope import plain
from ui.state import ASSUMPTION_STORE, reset_assumptions

EDITOR_KEY = "assumption_editor"


def _reset() -> None:
    reset_assumptions()
    st.session_state.pop(EDITOR_KEY, None)


def _table(lang: str, values: dict[str, float]) -> pd.DataFrame:
    rows = []
    for spec in load_assumption_specs():
        rows.append(
            {
                "key": spec.key,
                t("asm.col_label"): spec.label(lang),
                t("asm.col_value"): fmt.plain(values[spec.key], lang),
                t("asm.col_unit"): spec.unit_label(lang),
                t("asm.col_range"): f"{fmt.number(spec.low, lang, 4).rstrip('0').rstrip(',.')} – "
                f"{fmt.number(spec.high, lang, 4).rstrip('0').rstrip(',.')}",
                t("asm.col_status"): views.status_label(spec.status, lang),
                t("asm.col_source"): spec.source,
                t("asm.col_note"): spec.note_in(lang),
            }
        )
    return pd.DataFrame(rows)


def _label(key: str, lang: str) -> str:
    return next((spec.label(lang) for spec in load_assumption_specs() if spec.key == key), key)


BACKTEST_DATES = ("2024-06-30", "2024-12-31")


@st.cache_data(show_spinner=False, max_entries=4)
def _backtest(until: str) -> tuple[dict, pd.DataFrame, pd.DataFrame]:
    """The same backtest as `python -m model backtest --until DATE` on the shipped data (200 draws, seed 2024)."""
    from model.backtest import run_backtest

    result = run_backtest(until, draws=200)
    return result.summary(), result.figures, result.excluded


def _validation(lang: str) -> None:
    """Predicted vs reported per province for each cut-off date, with the no-change benchmark beside it."""
    st.subheader(t("backtest.title"))
    tabs = st.tabs([f"{t('backtest.until')} {d}" for d in BACKTEST_DATES])
    for tab, until in zip(tabs, BACKTEST_DATES, strict=True):
        with tab:
            summary, figures, excluded = _backtest(until)
            caption(t("backtest.caption", until=until))
            window = summary["national_trend_window"] or ("–", "–")
            trend = fmt.number(summary["national_trend_pct"], lang, 2)
            caption(t("backtest.basis_note", trend=trend, start=window[0], end=window[1]))
            noise = fmt.number(summary["observation_noise_pp"], lang, 2)
            caption(t("backtest.noise_note", noise=noise, until=until))
            cols = st.columns(5)
            cols[0].metric(t("backtest.n"), fmt.number(summary["n"], lang, 0))
            cols[1].metric(t("backtest.mae_model"), fmt.number(summary["mae_model"], lang, 1))
            cols[2].metric(t("backtest.mae_no_change"), fmt.number(summary["mae_no_change"], lang, 1))
            cols[3].metric(t("backtest.bias"), fmt.signed(summary["bias"], lang, 1))
            cols[4].metric(t("backtest.inside"), fmt.pct(100 * summary["inside_p10_p90"], lang, 0))
            st.dataframe(
                pd.DataFrame(
                    {
                        t("table.region"): figures["name"],
                        t("backtest.col_date"): figures["date"],
                        t("backtest.col_reported"): [fmt.pct(v, lang) for v in figures["reported"]],
                        t("backtest.col_predicted"): [fmt.pct(v, lang) for v in figures["predicted"]],
                        t("backtest.col_band"): [
                            f"{fmt.pct(a, lang)} – {fmt.pct(b, lang)}"
                            for a, b in zip(figures["p10"], figures["p90"], strict=True)
                        ],
                        t("backtest.col_no_change"): [fmt.pct(v, lang) for v in figures["no_change"]],
                        t("backtest.col_error"): [fmt.signed(v, lang, 1) for v in figures["error"]],
                        t("backtest.col_published"): [
                            fmt.pct(p, lang) if c == "same basis" else f"{fmt.pct(p, lang)} ({t('backtest.converted')})"
                            for p, c in zip(figures["published"], figures["comparison"], strict=True)
                        ],
                    }
                ),
                hide_index=True,
                width="stretch",
            )
            if len(excluded):
                with st.expander(t("backtest.excluded_title", n=len(excluded))):
                    st.dataframe(
                        pd.DataFrame(
                            {
                                t("table.region"): excluded["name"],
                                t("backtest.col_date"): excluded["date"],
                                t("backtest.col_published"): [fmt.pct(v, lang) for v in excluded["published"]],
                                t("backtest.col_reason"): [
                                    t("backtest.excluded_reason", basis=b, anchor=a)
                                    for b, a in zip(excluded["basis"], excluded["anchor_basis"], strict=True)
                                ],
                            }
                        ),
                        hide_index=True,
                        width="stretch",
                    )
    shipped = default_assumptions()["observation_noise_pp"]
    caption(t("backtest.choice_note", shipped=fmt.number(shipped, lang, 2)))
    st.subheader(t("backtest.levers_title"))
    caption(t("backtest.levers_caption"))
    for key in ("backtest.lever_budget", "backtest.lever_outreach", "backtest.lever_regulation"):
        st.markdown(t(key))


def render() -> None:
    c = ctx()
    lang = c.lang
    st.title(t("asm.title"))
    caption(t("asm.lead"))
    changed = c.assumptions.changed_from_default()
    if changed:
        st.warning(t("asm.modified", n=len(changed)), icon=":material/edit_note:")
    st.button(
        t("asm.reset"), on_click=_reset, icon=":material/restart_alt:", disabled=not changed, key="reset_assumptions"
    )

    values = c.assumptions.as_dict()
    table = _table(lang, values)
    value_column = t("asm.col_value")
    edited = st.data_editor(
        table,
        key=EDITOR_KEY,
        hide_index=True,
        width="stretch",
        disabled=[col for col in table.columns if col != value_column],
        column_config={
            "key": None,
            value_column: st.column_config.TextColumn(value_column, help=t("asm.value_help")),
            t("asm.col_note"): st.column_config.TextColumn(width="large"),
        },
    )
    new_values, unreadable = inputs.read_decimal_column(edited["key"], edited[value_column], lang)
    for key, text in unreadable:  # the typed text is escaped: it is shown, never read as Markdown
        st.error(t("asm.not_a_number", text=plain(text), label=_label(key, lang), example=fmt.plain(values[key], lang)))
        new_values[key] = values[key]
    defaults = default_assumptions().as_dict()
    wanted = {k: v for k, v in new_values.items() if v != defaults[k]}
    if wanted != (st.session_state.get(ASSUMPTION_STORE) or {}):
        try:
            default_assumptions().with_values(wanted)
        except InputError as error:
            st.error(t("asm.invalid") + "\n\n" + error.message(lang))
            bounds = {k: HARD_BOUNDS[k] for k in wanted}
            limits = (
                f"{_label(k, lang)}: {fmt.plain(lo, lang)} – {fmt.plain(hi, lang)}" for k, (lo, hi) in bounds.items()
            )
            st.caption(t("asm.bounds", bounds="; ".join(limits)))
        else:
            st.session_state[ASSUMPTION_STORE] = wanted
            st.rerun()

    st.subheader(t("asm.method_title"))
    st.markdown(t("method.body"))
    st.subheader(t("asm.not_modelled_title"))
    st.markdown(t("method.not_modelled"))

    st.subheader(t("asm.calibration_title"))
    caption(t("asm.calibration_caption"))
    fit = c.result.trends
    s = c.result.region_summary()
    st.dataframe(
        pd.DataFrame(
            {
                t("table.region"): s["name"],
                t("asm.col_points"): fit["n_points"].astype(int),
                t("asm.col_span"): [fmt.number(v, lang, 1) for v in fit["span_years"]],
                t("asm.col_fit"): [fmt.signed(v, lang, 2) for v in fit["slope_fit_pp"]],
                t("asm.col_used"): [fmt.signed(v, lang, 2) for v in s["trend_pp_per_year"]],
                t("asm.col_rmse"): [fmt.number(v, lang, 2) for v in fit["rmse_pp"]],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    _validation(lang)


render()
