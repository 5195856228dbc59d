"""The one lever panel (sidebar) and the per-province levers, generated from LEVER_SPECS.

Widgets take their values from Session State, which ui/scenario_state.py writes from the scenario document
before they are drawn; it folds what a user changes back into the document and writes the address bar at
the end of the run (from the server rather than with `bind="query-params"`: a bound widget makes the browser
rewrite the address bar and re-render the app before it even sends the rerun, which delays every slider move
by ~15 ms, benchmarks/bench_ui.py; the price: Streamlit records server-side query changes as new history
entries).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from model import LEVER_SPECS, REGULATION_LEVELS
from model.messages import Problem
from model.scenario import NATIONAL_TARGET_LINES, POT_SPLITS, SETTING_SPECS, TARGET_BASES, ScenarioDocument

from . import fmt
from . import scenario_state as doc_state
from .i18n import t, use_language
from .inputs import decimal_input, decimal_slider
from .scenario_state import NATIONAL_KEYS, OVERRIDE_KEYS, OVERRIDE_ON, OWN_LEVERS_POPOVER, POT_BN, POT_ON, POT_SPLIT
from .scope import plain
from .state import current_assumptions, current_table, overrides, table_memo

__all__ = [
    "language_and_mode",
    "lever_panel",
    "LeverSlots",
    "fill_slots",
    "history_buttons",
    "lever_widget",
    "override_panel",
    "OWN_LEVERS_POPOVER",
    "describe_change",
    "show_problems",
]

SCHEDULE = ("regulation_start", "budget_start", "budget_end", "outreach_start")


def language_and_mode() -> tuple[str, bool]:
    """Language switch and presentation mode, first in the sidebar (both kept in the URL)."""
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
    present = st.sidebar.toggle(t("sidebar.present"), key="present", help=t("sidebar.present_help"))
    return lang, bool(present)


def _funded_caption(budget_bn: float, lang: str) -> str:
    premium = current_assumptions()["premium_per_month"]
    funded = budget_bn * 1e9 / (12 * premium)
    return t("sidebar.funded", n=fmt.number(funded, lang), premium=fmt.rupiah(premium * 12, lang))


def apbdes_widget(key: str, lang: str, disabled: bool = False, caption: bool = True, **options) -> None:
    """The village budget (APBDes) lever: it acts on the village apparatus segment, so it is enabled only when
    the loaded table gives that segment; otherwise it is shown disabled with the reason (never a silent zero),
    and an amount already set (e.g. from a link) is named as unused. `caption=False`: the caller shows
    `apbdes_caption` elsewhere (the sidebar's, in a slot the results fragment fills)."""
    _, table = current_table()
    has_segment = "village" in table.segments
    value = lever_widget("apbdes_bn", key, lang, disabled=disabled or not has_segment, **options)
    if caption and (text := apbdes_caption(float(value or 0), lang)):
        st.caption(text)


def apbdes_caption(value: float, lang: str) -> str:
    """What the APBDes amount buys ('' for none), or why the lever cannot act on the loaded table."""
    data_key, table = current_table()
    if "village" not in table.segments:
        reason = "apbdes.unused" if value > 0 else "apbdes.disabled"
        return t(reason, amount=fmt.number(value, lang, 1))
    if value <= 0:
        return ""
    premium = current_assumptions()["premium_per_month"]
    months = round(current_assumptions()["budget_months_per_year"])
    funded = value * 1e9 / (months * premium)
    frame = table.frame
    pool = table_memo(
        data_key,
        "village_pool",
        lambda: float((frame["village_potential"] - frame["village_participants"]).clip(lower=0).sum()),
    )
    return t("apbdes.funded", n=fmt.number(funded, lang), pool=fmt.number(pool, lang))


def _end_text(year: int) -> str:
    return t("lever.no_end") if year >= LEVER_SPECS["budget_end"].high else str(year)


def lever_widget(name: str, key: str, lang: str, **options) -> object:
    """The widget of one lever, generated from its spec: the model's own bounds and step (so every valid
    value of a scenario document can be shown and comes back unchanged), its label, unit and help from the
    catalogue. The value comes from Session State (written from the document by ui/scenario_state.py).
    `caption=False` leaves out the regulation level's description (the sidebar shows it in a slot)."""
    spec = LEVER_SPECS[name]
    label, help_text = spec.label(lang), spec.help(lang)
    if name == "regulation_level":
        caption = options.pop("caption", True)
        level = st.select_slider(
            label,
            options=list(REGULATION_LEVELS),
            format_func=lambda level: t(f"regulation.short{level}", lang),
            key=key,
            help=help_text,
            **options,
        )
        if caption:
            st.caption(REGULATION_LEVELS[int(level)][lang])
        return level
    options.pop("caption", None)
    if name == "budget_end":  # a named last step: 2100 means the budget continues
        years = list(range(int(spec.low), int(spec.high) + 1))
        return st.select_slider(label, options=years, format_func=_end_text, key=key, help=help_text, **options)
    if spec.whole:
        low, high, step = int(spec.low), int(spec.high), int(spec.step)
        return st.slider(label, min_value=low, max_value=high, step=step, key=key, help=help_text, **options)
    return decimal_slider(  # shows 5,0 in Bahasa (st.slider can only print 5.0)
        f"{label} ({spec.unit(lang)})",
        low=float(spec.low),
        high=float(spec.high),
        step=float(spec.step),
        lang=lang,
        key=key,
        help=help_text,
        **options,
    )


def _budget_or_pot(lang: str, sharing: int) -> DeltaGenerator | None:
    """The budget lever: the same Rp in every region, or (switched on) a national pot and its split rule.
    Regions with their own levers keep them and take no share (said in the switch's help). Returns the slot
    of the budget's caption (None with a pot: the pot's caption is drawn here)."""
    on = st.toggle(t("pot.mode"), key=POT_ON, help=t("pot.mode_help"), on_change=doc_state.switch_pot, args=(sharing,))
    if not on:
        key = NATIONAL_KEYS["budget_bn"]
        lever_widget("budget_bn", key, lang, on_change=results_only, args=(key,))
        return st.empty()  # what the budget funds: written by the results fragment (`fill_slots`)
    cap = float(LEVER_SPECS["budget_bn"].high)
    pot = decimal_input(  # typed: a slider cannot reach Rp0,1 miliar steps over thousands of miliar
        t("pot.bn"),
        low=0.0,
        high=min(cap * max(sharing, 0), SETTING_SPECS["pot_bn"].high),
        key=POT_BN,
        lang=lang,
        default=0.0,
        decimals=1,
        step=float(SETTING_SPECS["pot_bn"].step),
    )
    split = st.segmented_control(
        t("pot.split"),
        options=list(POT_SPLITS),
        format_func=lambda rule: t(f"pot.split_{rule}", lang),
        key=POT_SPLIT,
        required=True,
        help=t("pot.split_help"),
    )
    premium = current_assumptions()["premium_per_month"]
    rule = t(f"pot.split_{split if split in POT_SPLITS else 'equal'}", lang)
    text = t("pot.caption", n=fmt.number(pot * 1e9 / (12 * premium), lang), regions=max(sharing, 0), rule=rule)
    if overrides():
        text += " " + t("pot.caption_own", own=len(overrides()))
    st.caption(text)
    return None


def _schedule_summary(doc: ScenarioDocument) -> str:
    lv = doc.levers.default
    end = _end_text(lv.budget_end)
    if lv.regulation_start == lv.budget_start == lv.outreach_start:
        return t("sidebar.schedule_same", start=lv.budget_start, end=end)
    return t("sidebar.schedule_mixed", reg=lv.regulation_start, bud=lv.budget_start, out=lv.outreach_start, end=end)


def _then_full_rerun(action: Callable[[], None]) -> Callable[[], None]:
    """A callback that changes the whole document, then reruns the whole app: these buttons are drawn by the
    results fragment, whose widgets would otherwise rerun only the fragment, and the sidebar's levers must
    show the new document."""

    def callback() -> None:
        action()
        st.rerun()

    return callback


def history_buttons(slots: LeverSlots) -> None:
    """Reset, undo, redo and replay in their slot of the sidebar (app.py draws them in a fragment of their own,
    which a lever's move reruns only when the buttons' state changes: ui/scenario_state.py `history_shown`)."""
    with slots.history:
        _history_buttons()
    doc_state.history_shown()


def _history_buttons() -> None:
    """Reset, undo, redo and replay: the facilitator's controls over the scenario on screen."""
    st.button(
        t("sidebar.reset_policies"),
        on_click=_then_full_rerun(doc_state.reset_policies),
        width="stretch",
        icon=":material/restart_alt:",
        key="reset_policies",
    )
    with st.container(horizontal=True, gap="small"):
        st.button(
            t("sidebar.undo"),
            icon=":material/undo:",
            key="undo",
            on_click=_then_full_rerun(doc_state.undo),
            disabled=not doc_state.can_undo(),
            help=t("sidebar.undo_help"),
        )
        st.button(
            t("sidebar.redo"),
            icon=":material/redo:",
            key="redo",
            on_click=_then_full_rerun(doc_state.redo),
            disabled=not doc_state.can_redo(),
            help=t("sidebar.redo_help"),
        )
        st.button(
            t("sidebar.replay"),
            icon=":material/replay:",
            key="replay",
            on_click=_then_full_rerun(doc_state.replay_last_change),
            disabled=not (doc_state.can_undo() or doc_state.replaying()),
            help=t("sidebar.replay_help"),
        )
    if doc_state.replaying():
        change = doc_state.last_change()
        if change is not None:
            st.caption(t("sidebar.replay_before", change=describe_change(*change, doc_state.document().view.lang)))


def describe_change(before: ScenarioDocument, after: ScenarioDocument, lang: str) -> str:
    """The change between two documents in words, e.g. 'Anggaran iuran 0 → 10' (the first two, then a count)."""
    parts = []
    for name, spec in LEVER_SPECS.items():
        old, new = getattr(before.levers.default, name), getattr(after.levers.default, name)
        if old != new:
            parts.append(f"{spec.label(lang)} {_value_text(name, old, lang)} → {_value_text(name, new, lang)}")
    if before.levers.overrides != after.levers.overrides:
        parts.append(t("sidebar.change_overrides", lang))
    if before.pot != after.pot:
        parts.append(t("pot.change", lang))
    if before.assumptions != after.assumptions:
        parts.append(t("sidebar.change_assumptions", lang))
    if (before.target, before.settings) != (after.target, after.settings):
        parts.append(t("sidebar.change_settings", lang))
    shown = "; ".join(parts[:2])
    return shown + (f"; {t('sidebar.change_more', lang, n=len(parts) - 2)}" if len(parts) > 2 else "")


def _value_text(name: str, value: float, lang: str) -> str:
    if name == "regulation_level":
        return t(f"regulation.short{int(value)}", lang)
    if name == "budget_end":
        return _end_text(int(value))
    return str(value) if LEVER_SPECS[name].whole else fmt.number(value, lang, 1).rstrip("0").rstrip(",.")


@dataclass(frozen=True)
class LeverSlots:
    """Places in the sidebar whose content follows the levers' values: drawn (empty) with the levers in a full
    run, filled by the results fragment (`fill_slots`), so a lever move that reruns only that fragment still
    updates them."""

    regulation: DeltaGenerator
    budget: DeltaGenerator | None  # None with a national pot (its caption is drawn with its widgets)
    apbdes: DeltaGenerator
    history: DeltaGenerator
    overrides: DeltaGenerator


# Levers whose move reruns only the results (the page and the slots above): nothing else in the sidebar
# depends on their values. Start years change the schedule popover's label, the pot and target settings their
# own captions and labels: those rerun the whole app.
FAST_KEYS = (
    NATIONAL_KEYS["regulation_level"],
    NATIONAL_KEYS["budget_bn"],
    NATIONAL_KEYS["outreach_pct"],
    NATIONAL_KEYS["apbdes_bn"],
    "prov",
)


def results_only(key: str) -> None:
    """Callback of a fast lever: rerun only the results (app.py; for a national lever only the page's live
    parts, ui/scenario_state.py `rerun_results`), and remember that the sidebar now shows this value (the
    browser moved the widget itself). See ui/scenario_state.py `sidebar_stale`."""
    doc_state.sidebar_now_shows(key)
    doc_state.rerun_results(key)


def lever_panel(lang: str, codes: list[str], names: dict[str, str]) -> LeverSlots:
    """National levers, the focus province, and the settings of the comparison (all generated from specs).
    Returns the slots the results fragment fills (captions that follow the levers, the history buttons)."""
    doc = doc_state.document()
    side = st.sidebar
    side.markdown(f"### {t('sidebar.policy_all')}")
    with side:
        key = NATIONAL_KEYS["regulation_level"]
        lever_widget("regulation_level", key, lang, caption=False, on_change=results_only, args=(key,))
        regulation = st.empty()
        budget = _budget_or_pot(lang, len(codes) - len(overrides()))
        key = NATIONAL_KEYS["outreach_pct"]
        lever_widget("outreach_pct", key, lang, on_change=results_only, args=(key,))
        key = NATIONAL_KEYS["apbdes_bn"]
        apbdes_widget(key, lang, caption=False, on_change=results_only, args=(key,))
        apbdes = st.empty()
        # Start and end years sit in a popover whose label shows them: a closed popover's widgets are not
        # mounted in the browser, which keeps every slider move cheap to render (benchmarks/bench_ui.py).
        with st.popover(_schedule_summary(doc), icon=":material/event:", width="stretch"):
            st.caption(t("sidebar.schedule_help"))
            for name in SCHEDULE:
                lever_widget(name, NATIONAL_KEYS[name], lang)
        history = st.container()

        st.selectbox(
            t("sidebar.focus"),
            options=codes,
            format_func=lambda c: names.get(c, c),
            key="prov",
            on_change=results_only,
            args=("prov",),
        )
        own = st.empty()  # "N provinces have their own levers" (set on the Simulasi page, in the fragment)

    target = t(f"target_basis.{doc.target.basis}", lang)
    if doc.target.basis == "own":
        target = t(f"national_line.short_{doc.target.national_line}", lang)
    summary = t("sidebar.settings_summary", target=target, year=doc.settings.rank_year)
    with side.popover(summary, icon=":material/settings:", width="stretch"):
        basis = st.selectbox(
            t("sidebar.target_basis"),
            options=list(TARGET_BASES),
            format_func=lambda b: t(f"target_basis.{b}", lang),
            key="tgt",
            help=t("sidebar.target_basis_help"),
        )
        if basis == "own":  # the line for the provinces without a published target of their own
            st.selectbox(
                t("national_line.label"),
                options=list(NATIONAL_TARGET_LINES),
                format_func=lambda line: t(f"national_line.{line}", lang),
                key="nl",
                help=t("national_line.help"),
            )
        if basis == "custom":
            pct = SETTING_SPECS["custom_pct"]
            decimal_input(  # accepts 52,15 as well as 52.15
                t("sidebar.target_custom"),
                low=float(pct.low),
                high=float(pct.high),
                key="tgtpct",
                lang=lang,
                default=60.0,
            )
        years = SETTING_SPECS["rank_year"]
        st.slider(
            t("sidebar.rank_year"),
            min_value=int(years.low),
            max_value=int(years.high),
            key="ry",
            help=t("sidebar.rank_year_help"),
        )
        st.toggle(t("sidebar.uncertainty"), key="mc", help=t("sidebar.uncertainty_help"))
    doc_state.remember_sidebar()
    return LeverSlots(regulation=regulation, budget=budget, apbdes=apbdes, history=history, overrides=own)


def fill_slots(slots: LeverSlots, lang: str) -> None:
    """The sidebar's lever-dependent parts, from the document (called by the results fragment, each run)."""
    doc = doc_state.document()
    national = doc.levers.default
    slots.regulation.caption(REGULATION_LEVELS[int(national.regulation_level)][lang])
    if slots.budget is not None:
        slots.budget.caption(_funded_caption(float(national.budget_bn), lang))
    if text := apbdes_caption(float(national.apbdes_bn), lang):
        slots.apbdes.caption(text)
    else:
        slots.apbdes.empty()
    if own := len(doc.levers.overrides):  # the panel itself is on the Simulasi page; say here that some have one
        slots.overrides.caption(t("sidebar.override_count", n=own) + " · " + t("sidebar.override_where"))
    else:
        slots.overrides.empty()


def override_panel(lang: str, names: dict[str, str]) -> None:
    """The focus province's own levers, on the Simulasi page (not in the sidebar: every page would pay for
    rendering them on each slider move). Own levers replace the national ones for that province, each with
    its own start years and budget end."""
    code = doc_state.document().view.province
    count = len(overrides())
    # The label names the province only: a popover's identity includes its label, so a label that counted the
    # provinces with own levers would change when the switch inside is flipped, and the popover would close.
    title = t("sidebar.override_title", name=plain(names.get(code, code)))
    # A popover whose widgets are drawn only while it is open (opening it reruns the page's fragment): closed,
    # its eleven widgets and captions are neither built on the server nor sent and re-rendered in the browser on
    # every lever move (benchmarks/bench_ui.py). Their values live in the scenario document, which
    # ui/scenario_state.py writes back into their keys before they are drawn, so nothing is lost while closed.
    with st.popover(title, icon=":material/tune:", key=OWN_LEVERS_POPOVER, on_change="rerun") as pop:
        if pop.open:
            if count:
                st.caption(t("sidebar.override_count", n=count))
            on = st.toggle(t("sidebar.override_on"), key=OVERRIDE_ON)
            for name in LEVER_SPECS:
                if name == "apbdes_bn":
                    apbdes_widget(OVERRIDE_KEYS[name], lang, disabled=not on)
                else:
                    lever_widget(name, OVERRIDE_KEYS[name], lang, disabled=not on)


_MARKDOWN = str.maketrans({ch: "\\" + ch for ch in "\\`*_{}[]()<>#!|~$"})


def plain_markdown(text: str) -> str:
    """Text from outside (a link, a file) made inert for Markdown: no emphasis, image, link or HTML, and no
    autolink either (a zero-width space breaks `://` and `www.`), so nothing is fetched or made clickable."""
    return text.translate(_MARKDOWN).replace("://", ":/\u200b/").replace("www.", "www\u200b.")


def show_problems(title: str, problems: list[Problem], lang: str, limit: int = 10) -> None:
    """A warning listing every problem of a file or link, its quoted input shown as plain text."""
    lines = [f"- {plain_markdown(p.message(lang))}" for p in problems[:limit]]
    if len(problems) > limit:
        lines.append("- …")
    st.warning("\n".join([title, "", *lines]), icon=":material/link_off:")
