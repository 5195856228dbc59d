"""The one lever panel (sidebar), generated from LEVER_SPECS; every lever is kept in the URL for sharing.

The URL is kept in sync from the server (`_from_url_value` once per session, `sync_url` at the end of every
run) rather than with `bind="query-params"`: a bound widget makes the browser rewrite the address bar and
re-render the app before it even sends the rerun, which delays every slider move by ~15 ms
(benchmarks/bench_ui.py). The price: Streamlit records server-side query changes as new history entries.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable

import streamlit as st

from model import LEVER_SPECS, REGULATION_LEVELS, Levers
from model.levers import FIRST_START_YEAR

from . import fmt
from .i18n import t, use_language
from .inputs import decimal_input, decimal_slider
from .scope import plain
from .state import DEFAULTS, TARGET_BASES, current_assumptions, overrides, reset_policies, set_override

__all__ = ["language_and_mode", "lever_panel", "override_panel", "sync_url"]

# Widgets whose values travel in the URL (share links, reloads), as plain codes and numbers.
URL_KEYS = ("lang", "present", "reg", "bud", "out", "start", "prov", "tgt", "tgtpct", "ry", "mc")

BUDGET_UI_MAX = 100.0  # Rp miliar per year per province: the slider's range (LEVER_SPECS allows more via files)
START_YEARS = (FIRST_START_YEAR + 2, 2040)  # 2027: the first APBD year still open (late 2026)
RANK_YEARS = (2026, 2045)


def language_and_mode() -> tuple[str, bool]:
    """Language switch and presentation mode, first in the sidebar (both kept in the URL)."""
    _from_url("lang", {"id": "id", "en": "en"}, {"Bahasa Indonesia": "id", "English": "en"})
    with st.sidebar:
        lang = st.segmented_control(
            "Bahasa / Language",
            options=["id", "en"],
            format_func=lambda v: {"id": "Bahasa Indonesia", "en": "English"}[v],
            key="lang",
            required=True,
            label_visibility="collapsed",
        )
    lang = lang if lang in ("id", "en") else "id"
    use_language(lang)
    _from_url_value("present", _flag)
    present = st.sidebar.toggle(t("sidebar.present"), key="present", help=t("sidebar.present_help"))
    return lang, bool(present)


def _funded_caption(budget_bn: float, lang: str) -> str:
    premium = current_assumptions()["premium_per_month"]
    funded = budget_bn * 1e9 / (12 * premium)
    return t("sidebar.funded", n=fmt.number(funded, lang), premium=fmt.rupiah(premium * 12, lang))


def _spec_label(name: str, lang: str) -> str:
    return LEVER_SPECS[name].label(lang)


def _spec_help(name: str, lang: str) -> str:
    return LEVER_SPECS[name].help(lang)


def _from_url(key: str, allowed: dict[str, object], labels: dict[str, object] | None = None) -> None:
    """Start a choice widget from its URL code (once per session), and keep its state a code afterwards.

    Widgets whose options are shown as a translation or a name (language, regulation level, province, target
    basis) travel in links as plain codes (lang=en, reg=2, prov=15, tgt=rpjmn), so a link does not depend
    on the language it was made in; numbers use `_from_url_value`. Right after a language
    switch the browser may still send the old label of the selected option; `labels` (label -> code, in both
    languages) turns it back into its code, so neither the page nor the share link ever sees a label.
    """
    if key not in st.session_state:
        raw = st.query_params.get(key, "")
        st.session_state[key] = allowed.get(raw, (labels or {}).get(raw, DEFAULTS[key]))
        return
    value = st.session_state[key]
    if value not in allowed.values():
        st.session_state[key] = (labels or {}).get(str(value), DEFAULTS[key])


def _from_url_value(key: str, parse: Callable[[str], object]) -> None:
    """Start a widget from its URL value once per session (a share link). A value that does not parse or
    lies outside the widget's range is ignored, so a mistyped link opens the defaults instead of failing."""
    if key in st.session_state:
        return
    raw = st.query_params.get(key)
    if raw is None:
        return
    with contextlib.suppress(ValueError):
        st.session_state[key] = parse(raw)


def _number(low: float, high: float, step: float, cast: Callable[[float], object]) -> Callable[[str], object]:
    """Parser for a numeric widget: within [low, high], snapped to the widget's step."""

    def parse(raw: str) -> object:
        x = float(raw.replace(",", "."))
        if not math.isfinite(x) or not low <= x <= high:
            raise ValueError(raw)
        return cast(low + round((x - low) / step) * step)

    return parse


def _flag(raw: str) -> bool:
    if raw.lower() in ("true", "1"):
        return True
    if raw.lower() in ("false", "0"):
        return False
    raise ValueError(raw)


def _url_text(value: object) -> str:
    """12.5 -> '12.5', 20.0 -> '20', True -> 'True': short, and readable in a link."""
    return f"{value:g}" if isinstance(value, float) else str(value)


def sync_url() -> None:
    """Write the widgets' values to the address bar, once, at the end of the run: each change of the query
    string makes the browser re-render the app, so doing it last lets it land with the run's final update."""
    for key in URL_KEYS:
        _to_url(key)


def _to_url(key: str) -> None:
    value = _url_text(st.session_state.get(key, DEFAULTS[key]))
    if value == _url_text(DEFAULTS[key]):
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != value:
        st.query_params[key] = value


def _year_slider(key: str, years: tuple[int, int], label: str, help_text: str) -> None:
    """A year slider started from the link's year (if it lies in `years`)."""
    _from_url_value(key, _number(*years, 1, int))
    st.slider(label, min_value=years[0], max_value=years[1], value=DEFAULTS[key], key=key, help=help_text)


def _regulation_widget(label: str, key: str, lang: str, **kwargs) -> int:
    """Named steps (not numbers) on the slider; the full meaning of the chosen step right under it."""
    level = st.select_slider(
        label,
        options=list(REGULATION_LEVELS),
        format_func=lambda level: t(f"regulation.short{level}", lang),
        key=key,
        help=_spec_help("regulation_level", lang),
        **kwargs,
    )
    st.caption(REGULATION_LEVELS[int(level)][lang])
    return level


def lever_panel(lang: str, codes: list[str], names: dict[str, str]) -> None:
    """National levers, the focus province with its own levers, and the settings of the comparison."""
    side = st.sidebar
    side.markdown(f"### {t('sidebar.policy_all')}")
    with side:
        _from_url(
            "reg",
            {str(level): level for level in REGULATION_LEVELS},
            {t(f"regulation.short{level}", lg): level for level in REGULATION_LEVELS for lg in ("id", "en")},
        )
        _regulation_widget(_spec_label("regulation_level", lang), "reg", lang)
        _from_url_value("bud", _number(0.0, BUDGET_UI_MAX, 0.5, float))
        budget = decimal_slider(  # shows 5,0 in Bahasa (st.slider can only print 5.0)
            f"{_spec_label('budget_bn', lang)} ({'Rp miliar/tahun' if lang == 'id' else 'IDR billion/year'})",
            low=0.0,
            high=BUDGET_UI_MAX,
            step=0.5,
            lang=lang,
            value=DEFAULTS["bud"],
            key="bud",
            help=_spec_help("budget_bn", lang),
        )
        st.caption(_funded_caption(budget, lang))
        _from_url_value("out", _number(0, 100, 5, int))
        st.slider(
            f"{_spec_label('outreach_pct', lang)} (%)",
            min_value=0,
            max_value=100,
            step=5,
            value=DEFAULTS["out"],
            key="out",
            help=_spec_help("outreach_pct", lang),
        )
        _year_slider("start", START_YEARS, t("sidebar.start_year"), t("sidebar.start_year_help"))
        st.button(
            t("sidebar.reset_policies"),
            on_click=reset_policies,
            width="stretch",
            icon=":material/restart_alt:",
            key="reset_policies",
        )

    with side:
        _from_url("prov", {c: c for c in codes}, {name: code for code, name in names.items()})
        if st.session_state.get("prov") not in codes:
            st.session_state["prov"] = DEFAULTS["prov"] if DEFAULTS["prov"] in codes else codes[0]
        st.selectbox(
            t("sidebar.focus"),
            options=codes,
            format_func=lambda c: names.get(c, c),
            key="prov",
            on_change=_load_override_widgets,
        )
        if overrides():  # the panel itself is on the Simulasi page; say here that some provinces have one
            st.caption(t("sidebar.override_count", n=len(overrides())) + " · " + t("sidebar.override_where"))

    _from_url(
        "tgt",
        {b: b for b in TARGET_BASES},
        {t(f"target_basis.{b}", lg): b for b in TARGET_BASES for lg in ("id", "en")},
    )
    # Settings sit behind a popover whose label shows their values: a closed popover's widgets are not
    # mounted in the browser, which makes every slider move cheaper to render (benchmarks/bench_ui.py).
    summary = t(
        "sidebar.settings_summary",
        target=t(f"target_basis.{st.session_state.get('tgt', DEFAULTS['tgt'])}", lang),
        year=st.session_state.get("ry", DEFAULTS["ry"]),
    )
    with side.popover(summary, icon=":material/settings:", width="stretch"):
        basis = st.selectbox(
            t("sidebar.target_basis"),
            options=list(TARGET_BASES),
            format_func=lambda b: t(f"target_basis.{b}", lang),
            key="tgt",
            help=t("sidebar.target_basis_help"),
        )
        if basis == "custom":
            _from_url_value("tgtpct", _number(1.0, 100.0, 0.01, float))
            decimal_input(  # accepts 52,15 as well as 52.15
                t("sidebar.target_custom"), low=1.0, high=100.0, key="tgtpct", lang=lang, default=DEFAULTS["tgtpct"]
            )
        _year_slider("ry", RANK_YEARS, t("sidebar.rank_year"), t("sidebar.rank_year_help"))
        _from_url_value("mc", _flag)
        st.toggle(t("sidebar.uncertainty"), value=DEFAULTS["mc"], key="mc", help=t("sidebar.uncertainty_help"))


def _load_override_widgets() -> None:
    """When the focus province changes, show its own levers (or the national ones) in the override widgets."""
    code = st.session_state.get("prov")
    own = overrides().get(code)
    st.session_state["ov_on"] = own is not None
    base = own or Levers(
        regulation_level=int(st.session_state.get("reg", 0)),
        budget_bn=float(st.session_state.get("bud", 0.0)),
        outreach_pct=float(st.session_state.get("out", 0)),
    )
    st.session_state["ov_reg"] = base.regulation_level
    st.session_state["ov_bud"] = float(base.budget_bn)
    st.session_state["ov_out"] = int(base.outreach_pct)


def _store_override() -> None:
    code = st.session_state.get("prov")
    if not st.session_state.get("ov_on"):
        set_override(code, None)
        return
    set_override(
        code,
        Levers(
            regulation_level=int(st.session_state.get("ov_reg", 0)),
            budget_bn=float(st.session_state.get("ov_bud", 0.0)),
            outreach_pct=float(st.session_state.get("ov_out", 0)),
        ),
    )


def override_panel(lang: str, names: dict[str, str]) -> None:
    """The focus province's own levers, on the Simulasi page (not in the sidebar: every page would pay for
    rendering them on each slider move). Own levers replace the national ones for that province."""
    code = st.session_state.get("prov", DEFAULTS["prov"])
    if "ov_on" not in st.session_state:
        _load_override_widgets()
    count = len(overrides())
    title = t("sidebar.override_title", name=plain(names.get(code, code)))
    if count:
        title += f" · {t('sidebar.override_count', n=count)}"
    # A popover, not an expander: its widgets are mounted in the browser only while it is open.
    with st.popover(title, icon=":material/tune:"):
        st.toggle(t("sidebar.override_on"), key="ov_on", on_change=_store_override)
        disabled = not st.session_state.get("ov_on")
        _regulation_override(lang, disabled)
        decimal_slider(
            f"{_spec_label('budget_bn', lang)} ({'Rp miliar/tahun' if lang == 'id' else 'IDR billion/year'})",
            low=0.0,
            high=BUDGET_UI_MAX,
            step=0.5,
            lang=lang,
            key="ov_bud",
            on_change=_store_override,
            disabled=disabled,
        )
        st.slider(
            f"{_spec_label('outreach_pct', lang)} (%)",
            0,
            100,
            step=5,
            key="ov_out",
            on_change=_store_override,
            disabled=disabled,
        )


def _regulation_override(lang: str, disabled: bool) -> None:
    _regulation_widget(
        _spec_label("regulation_level", lang), "ov_reg", lang, on_change=_store_override, disabled=disabled
    )
