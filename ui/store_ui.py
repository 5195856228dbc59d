"""The Skenario page's store, packages, comparison and report exports (Streamlit), and short links.

Saved scenarios live in the scenario store (model/store: a SQLite file, or PostgreSQL shared by several app
servers), so a reload, a dropped phone connection or another server behind the proxy never loses them.
Names, authors and workshop labels come from users: they are only ever shown as plain text (tables, code
blocks, widget labels built with `st.text`), never as Markdown or HTML.
"""

from __future__ import annotations

import contextlib
import dataclasses
from datetime import UTC
from typing import Any

import pandas as pd
import streamlit as st

from model import InputError, Scenario, Settings
from model.compare import BASELINE_NAME, MAX_COMPARED, compare
from model.packages import COMBINE_RULES, PACKAGES, combine, package_label
from model.scenario import ScenarioDocument, View
from model.scenario_url import encode
from model.store import NameTakenError, SavedScenario, StoreError, open_store

from . import exports, fmt, views
from .i18n import t
from .render import caption
from .state import AppContext, resolved_levers, run_scenario

__all__ = [
    "store",
    "expand_short_link",
    "short_url",
    "render_packages",
    "render_save",
    "save_imported",
    "short_link_notice",
    "render_saved",
    "render_compare",
    "render_exports",
]

# Baseline grey, then ColorBrewer Dark2 (colour-blind safe) for up to four compared scenarios.
COMPARE_COLORS = ["#8C9491", "#1B9E77", "#D95F02", "#7570B3", "#E7298A"]
PENDING = "store_pending_save"  # a save waiting for the user's answer to a name clash
PACKAGES_KEY = "packages_applied"  # the packages the scenario on screen was built from
SHORT_DONE = "short_link_done"


# ---------------------------------------------------------------- the store (one per server process)


@st.cache_resource(show_spinner=False)
def _open() -> Any:
    return open_store()


def store():
    """The server's store, opened (created or upgraded) on first use; StoreError if it cannot be used."""
    return _open()


def _problem_box(error: InputError, lang: str) -> None:
    st.error(error.message(lang), icon=":material/error:")


# ---------------------------------------------------------------- the scenario on screen as a document


def current_document(c: AppContext) -> ScenarioDocument:
    """What is on screen as a scenario document (levers, changed assumptions, settings, view)."""
    try:
        from . import scenario_state  # the app's one document module, when present

        return scenario_state.document()
    except ImportError:
        return ScenarioDocument.build(
            levers=c.scenario,
            assumptions={k: v for k, (_, v) in c.assumptions.changed_from_default().items()},
            view=View(page="skenario", province=c.province, lang=c.lang),
        )


def apply_document(document: ScenarioDocument) -> None:
    """Put a saved document back on screen (a callback: the widgets show it when drawn)."""
    try:
        from . import scenario_state

        scenario_state.replace_document(document)
    except ImportError:
        _apply_levers_legacy(document.levers)


def _apply_levers_legacy(scenario: Scenario) -> None:
    lv = scenario.default
    st.session_state["reg"] = lv.regulation_level
    st.session_state["bud"] = float(lv.budget_bn)
    st.session_state["out"] = int(lv.outreach_pct)
    st.session_state["start"] = int(lv.budget_start)
    st.session_state["overrides"] = dict(scenario.overrides)
    for key in ("ov_on", "ov_reg", "ov_bud", "ov_out"):
        st.session_state.pop(key, None)


# ---------------------------------------------------------------- short links


def _base_url() -> str:
    """The app's root as phones in the room can open it (ui/room.py: public URL, else the network address)."""
    from .room import room_base_url

    return room_base_url(st.context.url, int(st.get_option("server.port") or 8501))


def short_url(saved: SavedScenario) -> str:
    """`<app>/<page>?s=<short id>`: eight characters after the page, small enough for a QR code at a glance."""
    page = saved.doc.view.page
    path = f"/{page}" if page and page != "ringkasan" else "/"
    return f"{_base_url()}{path}?s={saved.short_id}"


def expand_short_link() -> None:
    """On a session's first run, `?s=<short id>` becomes the saved scenario's own link parameters (the same
    codec as a long link), before anything reads the address. Called once at the top of app.py."""
    short = st.query_params.get("s")
    if not short or st.session_state.get(SHORT_DONE) == short:
        return
    st.session_state[SHORT_DONE] = short
    try:
        saved = store().by_short_id(short)
    except StoreError as error:
        st.session_state["short_link_problem"] = error
        return
    if saved is None:
        st.session_state["short_link_problem"] = StoreError(
            [__import__("model").Problem("store.not_found", {"name": short[:20]})]
        )
        return
    _page, params = encode(saved.doc)
    keep = {k: v for k, v in st.query_params.to_dict().items() if k not in ("s",)}
    st.query_params.clear()
    st.query_params.update({**keep, **params})
    st.session_state[PACKAGES_KEY] = list(saved.packages)
    st.session_state["short_link_loaded"] = saved.name


def short_link_notice(lang: str) -> None:
    """Say once which saved scenario a short link opened, or why it could not."""
    problem = st.session_state.pop("short_link_problem", None)
    if problem is not None:
        st.warning(problem.message(lang), icon=":material/link_off:")
    loaded = st.session_state.pop("short_link_loaded", None)
    if loaded:
        st.toast(t("store.opened", name=loaded), icon=":material/link:")


# ---------------------------------------------------------------- packages


def _apply_packages(ids: list[str], on_top: bool, levers: Scenario, doc: ScenarioDocument) -> None:
    """Packages as the scenario: alone (no national pot either: a package's budget is per region), or stacked
    on the levers on screen (a national pot stays)."""
    base = levers if on_top else Scenario()
    combined = doc.with_levers(combine(ids, base=base))
    apply_document(combined if on_top else dataclasses.replace(combined, pot=None))
    previous = list(st.session_state.get(PACKAGES_KEY) or []) if on_top else []
    st.session_state[PACKAGES_KEY] = previous + [p for p in ids if p not in previous]


def render_packages(c: AppContext) -> None:
    lang = c.lang
    st.subheader(t("store.packages_title"))
    caption(t("store.packages_caption"))
    ids = st.multiselect(
        t("store.packages_pick"),
        options=list(PACKAGES),
        format_func=lambda pid: package_label(pid, lang),
        key="package_pick",
        placeholder=t("store.packages_placeholder"),
    )
    if ids:
        preview = combine(ids)
        st.text("\n".join(exports.levers_lines(preview.default, lang)))
    on_top = st.toggle(t("store.packages_on_top"), key="package_on_top", value=False)
    st.button(
        t("store.packages_apply"),
        disabled=not ids,
        on_click=_apply_packages,
        args=(ids, on_top, current_document(c).levers, current_document(c)),
        icon=":material/stacks:",
    )
    with st.expander(t("store.packages_rule_title")):
        st.markdown(t("store.packages_rule"))
        st.caption(", ".join(f"{name}: {rule}" for name, rule in COMBINE_RULES.items()))
    applied = st.session_state.get(PACKAGES_KEY) or []
    if applied:
        st.caption(t("store.packages_current"))
        st.text(" + ".join(package_label(p, lang) for p in applied))


# ---------------------------------------------------------------- saving (a name clash asks)


def _save(name: str, author: str, workshop: str, document: ScenarioDocument, replace: bool = False) -> None:
    packages = list(st.session_state.get(PACKAGES_KEY) or [])
    try:
        saved = store().save(name, document, author=author, workshop=workshop, packages=packages, replace=replace)
    except NameTakenError as clash:
        st.session_state[PENDING] = {
            "name": clash.name,
            "suggestion": clash.suggestion,
            "author": author,
            "workshop": workshop,
            "document": document,
        }
        return
    st.session_state.pop(PENDING, None)
    st.session_state["store_flash"] = ("saved", saved.name)


def save_imported(name: str, document: ScenarioDocument) -> None:
    """A scenario file loaded on the page goes into the store like a saved one (a name clash asks)."""
    _save(name, "", "", document)
    if st.session_state.get(PENDING):
        st.rerun()  # show the question at the save form
    st.toast(t("scen.imported", name=name), icon=":material/check:")


def _resolve(choice: str) -> None:
    pending = st.session_state.get(PENDING)
    if not pending:
        return
    if choice == "cancel":
        st.session_state.pop(PENDING, None)
        return
    name = pending["name"] if choice == "replace" else pending["suggestion"]
    _save(name, pending["author"], pending["workshop"], pending["document"], replace=choice == "replace")


def render_save(c: AppContext) -> None:
    lang = c.lang
    st.subheader(t("scen.save_title"))
    with st.form("save_scenario", clear_on_submit=False, border=False):
        name = st.text_input(t("scen.name"), max_chars=120, placeholder=t("scen.name_placeholder"), key="save_name")
        cols = st.columns(2)
        author = cols[0].text_input(t("store.author"), max_chars=120, key="save_author")
        workshop = cols[1].text_input(t("store.workshop"), max_chars=120, key="save_workshop")
        if st.form_submit_button(t("scen.save"), icon=":material/bookmark_add:"):
            clean = (name or "").strip()
            if not clean:
                st.warning(t("scen.name_missing"))
            else:
                try:
                    _save(clean, author, workshop, current_document(c))
                except StoreError as error:
                    _problem_box(error, lang)
                except InputError as error:
                    _problem_box(error, lang)
    pending = st.session_state.get(PENDING)
    if pending:
        st.warning(t("store.clash", name=pending["name"]), icon=":material/help:")
        cols = st.columns(3)
        cols[0].button(t("store.clash_replace"), on_click=_resolve, args=("replace",), key="clash_replace")
        cols[1].button(
            t("store.clash_other", name=pending["suggestion"]), on_click=_resolve, args=("other",), key="clash_other"
        )
        cols[2].button(t("store.clash_cancel"), on_click=_resolve, args=("cancel",), key="clash_cancel")
    flash = st.session_state.pop("store_flash", None)
    if flash:
        st.toast(t("scen.saved", name=flash[1]), icon=":material/check:")


# ---------------------------------------------------------------- the saved list


def _time(value) -> str:
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def saved_list() -> list[SavedScenario]:
    return store().list()


def _open_saved(short_id: str) -> None:
    saved = store().by_short_id(short_id)
    if saved is not None:
        apply_document(saved.doc)
        st.session_state[PACKAGES_KEY] = list(saved.packages)


def _rename(short_id: str) -> None:
    new = (st.session_state.get(f"rename_{short_id}") or "").strip()
    try:
        store().rename(short_id, new)
    except StoreError as error:
        st.session_state["store_error"] = error


def _duplicate(short_id: str) -> None:
    try:
        store().duplicate(short_id)
    except StoreError as error:
        st.session_state["store_error"] = error


def _delete(short_id: str) -> None:
    with contextlib.suppress(StoreError):
        removed = store().delete(short_id)
        st.session_state["store_flash_deleted"] = removed.name


def render_saved(c: AppContext) -> list[SavedScenario]:
    """The saved scenarios (newest first) and what can be done with one. Returns the list (for comparing)."""
    lang = c.lang
    st.subheader(t("store.saved_title"))
    try:
        items = saved_list()
    except StoreError as error:
        _problem_box(error, lang)
        return []
    error = st.session_state.pop("store_error", None)
    if error is not None:
        _problem_box(error, lang)
    deleted = st.session_state.pop("store_flash_deleted", None)
    if deleted:
        st.toast(t("store.deleted", name=deleted), icon=":material/delete:")
    if not items:
        st.caption(t("store.none_saved"))
        return []
    caption(t("store.where", where=store().kind))
    table = pd.DataFrame(
        {
            t("scen.col_name"): [s.name for s in items],
            t("store.author"): [s.author for s in items],
            t("store.workshop"): [s.workshop for s in items],
            t("store.col_packages"): [" + ".join(package_label(p, lang) for p in s.packages) for s in items],
            t("scen.col_levers"): [views.levers_text(s.scenario, lang, s.doc.pot) for s in items],
            t("store.col_changed"): [_time(s.updated_at) for s in items],
            t("store.col_short"): [s.short_id for s in items],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
    by_id = {s.short_id: s for s in items}
    chosen = st.selectbox(
        t("store.pick"), options=list(by_id), format_func=lambda sid: by_id[sid].name, key="store_pick"
    )
    if chosen is None:
        return items
    saved = by_id[chosen]
    cols = [*st.columns(2), *st.columns(2)]  # two rows: whole labels in half a 1024-px screen
    cols[0].button(
        t("scen.apply"), key="store_open", on_click=_open_saved, args=(chosen,), icon=":material/open_in_new:"
    )
    cols[1].button(
        t("store.duplicate"), key="store_dup", on_click=_duplicate, args=(chosen,), icon=":material/content_copy:"
    )
    cols[2].download_button(
        t("scen.download_json"),
        data=saved.doc.to_json_bytes(name=saved.name, saved=_time(saved.updated_at)),
        file_name="skenario-" + saved.short_id + ".json",
        mime="application/json",
        key="store_json",
        icon=":material/download:",
    )
    with cols[3].popover(t("scen.delete"), icon=":material/delete:"):
        st.text(t("store.delete_confirm"))
        st.text(saved.name)
        st.button(t("scen.delete"), key="store_delete", on_click=_delete, args=(chosen,), type="primary")
    with st.expander(t("store.rename_title")):
        st.text_input(t("store.rename_new"), value=saved.name, max_chars=120, key=f"rename_{chosen}")
        st.button(t("store.rename"), key="store_rename", on_click=_rename, args=(chosen,))
    url = short_url(saved)
    st.caption(t("store.short_caption"))
    st.code(url, language=None, wrap_lines=True)
    st.image(exports.qr_png(url), width=180)
    return items


# ---------------------------------------------------------------- comparison


def _years(c: AppContext) -> dict[str, int]:
    """The rank year and horizon on screen: every compared scenario is read (its pot shared) for these."""
    return {"rank_year": c.settings.rank_year, "horizon_year": c.settings.horizon_year}


def render_compare(c: AppContext, items: list[SavedScenario]) -> None:
    lang = c.lang
    if len(items) < 1:
        return
    st.subheader(t("scen.compare_title"))
    by_id = {s.short_id: s for s in items}
    picked = st.multiselect(
        t("store.compare_pick", n=MAX_COMPARED),
        options=list(by_id),
        format_func=lambda sid: by_id[sid].name,
        max_selections=MAX_COMPARED,
        key="compare_pick",
        default=list(by_id)[: min(2, len(by_id))],
    )
    reference = st.selectbox(
        t("store.compare_reference"),
        options=[BASELINE_NAME, *picked],
        format_func=lambda sid: t("store.reference_baseline") if sid == BASELINE_NAME else by_id[sid].name,
        key="compare_reference",
    )
    if not picked:
        return
    # Each saved scenario as it means on this table (its national pot shared, for the rank year compared).
    scenarios = {}
    for sid in picked:
        doc = dataclasses.replace(by_id[sid].doc, settings=dataclasses.replace(by_id[sid].doc.settings, **_years(c)))
        scenarios[sid], problems = resolved_levers(c.data_key, c.table, doc, c.assumptions)
        if problems:
            st.warning(f"{by_id[sid].name}: " + t("pot.problem", detail=" ".join(p.message(lang) for p in problems)))
    settings = Settings(
        horizon_year=c.settings.horizon_year,
        rank_year=c.settings.rank_year,
        draws=0,
        target_pct=c.settings.target_pct,
        national_target=c.settings.national_target,
    )

    def run(_table, scenario, _assumptions, run_settings):
        return run_scenario(c, scenario, run_settings)

    try:
        result = compare(c.table, scenarios, reference, settings, c.assumptions, run=run)
    except InputError as error:  # a saved scenario names regions the current table lacks
        _problem_box(error, lang)
        return
    year = c.settings.rank_year
    name_of = {sid: by_id[sid].name for sid in picked}
    ref_name = t("store.reference_baseline") if reference == BASELINE_NAME else name_of[reference]
    caption(t("store.compare_caption", year=year, reference=ref_name))
    nat = result.national
    st.dataframe(
        pd.DataFrame(
            {
                t("scen.col_name"): [name_of[s] for s in nat["name"]],
                t("scen.col_national", year=year): [fmt.pct(v, lang) for v in nat["coverage_rank_year"]],
                t("scen.col_at_target", year=year): nat["regions_at_target"].astype(int),
                t("store.col_additional", year=year): [fmt.signed(v, lang, 0) for v in nat["additional_vs_reference"]],
                t("store.col_spent", year=year): [
                    fmt.rupiah_bn(v / 1e9, lang) for v in nat["budget_spent_rank_year_rp"]
                ],
                t("store.col_cost_per", year=year): [
                    fmt.rupiah(v, lang) if v == v else "–" for v in nat["cost_per_additional_vs_reference_rp"]
                ],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    paths = result.paths.copy()
    paths["label"] = [t("store.reference_baseline") if n == BASELINE_NAME else name_of[n] for n in paths["name"]]
    paths = paths[paths["date"].dt.month == 12]
    baseline_label = t("store.reference_baseline")
    domain = [baseline_label, *(name_of[sid] for sid in picked)]
    st.vega_lite_chart(
        paths.assign(year=paths["date"].dt.year),
        {
            "mark": {"type": "line", "strokeWidth": 2.5},
            "encoding": {
                "x": {
                    "field": "year",
                    "type": "quantitative",
                    "title": None,
                    "axis": {"format": "d", "tickMinStep": 1},
                },
                "y": {
                    "field": "coverage_pct",
                    "type": "quantitative",
                    "title": t("store.axis"),
                    "scale": {"zero": False},
                    "axis": {"titleLimit": 400},
                },
                "color": {
                    "field": "label",
                    "type": "nominal",
                    "title": None,
                    "scale": {"domain": domain, "range": COMPARE_COLORS[: len(domain)]},
                    "legend": {"orient": "bottom", "columns": 1, "labelLimit": 600, "labelFontSize": 13},
                },
                "strokeDash": {
                    "field": "label",
                    "type": "nominal",
                    "scale": {"domain": domain, "range": [[6, 4], *([[1, 0]] * (len(domain) - 1))]},
                    "legend": None,
                },
            },
            "height": 300,
        },
        width="stretch",
    )
    regions = result.regions
    table: dict[str, Any] = {t("scen.col_name"): regions["name"]}
    for sid in picked:
        table[t("store.col_year_of", name=name_of[sid])] = [
            _year_text(s, y, lang) for s, y in zip(regions[f"status::{sid}"], regions[f"year::{sid}"], strict=True)
        ]
        table[t("store.col_rank_of", name=name_of[sid], year=year)] = [
            f"{int(r)} ({views.rank_arrow(d)})"
            for r, d in zip(regions[f"rank::{sid}"], regions[f"rank_vs_reference::{sid}"], strict=True)
        ]
    st.dataframe(pd.DataFrame(table), hide_index=True, width="stretch", height=360)


def _year_text(status: str, year: float, lang: str) -> str:
    if status == "already":
        return t("class.already", lang)
    if status == "reached":
        return fmt.year(year)
    return t("class.never", lang)


# ---------------------------------------------------------------- exports


def render_exports(c: AppContext, scenario_name: str) -> None:
    lang = c.lang
    st.subheader(t("scen.export_title"))
    caption(t("store.export_caption"))
    packages = list(st.session_state.get(PACKAGES_KEY) or [])
    st.download_button(
        t("scen.download_csv"),
        data=lambda: exports.report_csv(c.result, lang),
        file_name="simulasi-ucj-hasil.csv",
        mime="text/csv",
        icon=":material/download:",
        width="stretch",
    )
    st.download_button(
        t("scen.download_xlsx"),
        data=lambda: exports.report_xlsx(c.result, scenario_name, c.table.origin, lang, packages),
        file_name="simulasi-ucj-hasil.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        width="stretch",
    )
    region = st.selectbox(
        t("store.brief_region"),
        options=["national", *c.table.codes],
        index=1 + c.table.codes.index(c.province),
        format_func=lambda code: t("store.national") if code == "national" else c.names[code],
        key="brief_region",
    )
    st.download_button(
        t("store.download_pdf"),
        data=lambda: exports.brief(c.result, None if region == "national" else region, lang, scenario_name, packages),
        file_name=f"ringkasan-ucj-{region}.pdf",
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
        width="stretch",
    )
    for kind in ("png", "svg"):
        st.download_button(
            t(f"store.download_chart_{kind}"),
            data=lambda kind=kind: exports.coverage_chart_image(c, region, scenario_name, kind),
            file_name=f"grafik-cakupan-{region}.{kind}",
            mime="image/png" if kind == "png" else "image/svg+xml",
            icon=":material/image:",
            width="stretch",
            key=f"chart_{kind}",
        )
