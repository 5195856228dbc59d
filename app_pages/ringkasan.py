"""Ringkasan (overview): the national headline, the map of target years and the biggest rank movers.

Kept to few elements on purpose: every slider move re-renders the whole page in the browser, and each
element (a caption, a column) adds to that; headings carry their captions (`section`), the four headline
figures share one wrapping row, sections are stacked rather than put in columns, and the movers table
with its notes is one Markdown block.
"""

from __future__ import annotations

import streamlit as st

from model import BASELINE, SCENARIO
from model.groups import group_summary, province_groups
from ui import fmt, views
from ui.geo import map_layers
from ui.i18n import t
from ui.render import chart, ctx, lead, live_part, presenting, section, small_print, to_arrow
from ui.scope import Scope, current_scope, province_choice

# Four fit in a row on a projector at 1280 px, two at 1024 px, one per row on a phone.
METRIC_WIDTH = 180


def _headline(result, nat: dict, lang: str, ry: int) -> None:
    """National coverage now and at the rank year, provinces at target, extra members: one wrapping row
    (a row of plain elements re-renders cheaper than columns).

    A regency table spanning several provinces (usually a few regencies of each) is summed as a whole, and
    the labels say so ("Cakupan 10 kabupaten/kota di tabel kini", not "Cakupan 3 provinsi kini", which read
    as the provinces' coverage); each province's own total, from its regencies in the table, follows on one line.
    """
    change = nat["coverage_rank_year"] - nat["coverage_rank_year_baseline"]
    at_target = nat["regions_at_target_by_rank_year"]
    baseline_at_target = nat["regions_at_target_by_rank_year_baseline"]
    scope = current_scope()
    several = scope.is_regency and len(scope.provinces) > 1
    if several:
        n, n_prov = nat["regions"], len(scope.provinces)
        now_label = t("room2.table_coverage_now", n=n)
        year_label = t("room2.table_coverage_year", n=n, year=ry)
        now_help = t("room2.table_coverage_now_help", n=n, provinces=n_prov)
    else:
        now_label, year_label = t("overview.coverage_now"), t("overview.coverage_year", year=ry)
        now_help = t("overview.coverage_now_help", n=nat["regions_estimated"], total=nat["regions"])
    with st.container(horizontal=True, gap="small"):
        st.metric(now_label, fmt.pct(nat["coverage_now"], lang), help=now_help, width=METRIC_WIDTH)
        st.metric(
            year_label,
            fmt.pct(nat["coverage_rank_year"], lang),
            delta=fmt.signed(change, lang, 2, " pp") if abs(change) >= 0.005 else None,
            help=t("overview.coverage_year_help", baseline=fmt.pct(nat["coverage_rank_year_baseline"], lang)),
            width=METRIC_WIDTH,
        )
        st.metric(
            t("overview.at_target", year=ry),
            f"{at_target} / {nat['regions']}",
            delta=fmt.signed(at_target - baseline_at_target, lang, 0) if at_target != baseline_at_target else None,
            help=t("overview.at_target_help", baseline=baseline_at_target),
            width=METRIC_WIDTH,
        )
        st.metric(
            t("overview.additional", year=ry),
            fmt.number(nat["additional_covered_rank_year"], lang),
            help=t("overview.additional_help"),
            width=METRIC_WIDTH,
        )
    if several and len(scope.provinces) > PROVINCE_LINES_MAX:  # 38 provinces: a page of text above the map
        with st.expander(t("room3.per_province_title", n=len(scope.provinces)), icon=":material/functions:"):
            st.caption(result.memo(("room3.per_province", lang), lambda: _per_province_line(result, lang, ry, "  \n")))
    elif several:
        st.caption(result.memo(("room2.per_province", lang), lambda: _per_province_line(result, lang, ry)))


PROVINCE_LINES_MAX = 3  # a regency table of more provinces shows their totals folded, one province a line


def _per_province_line(result, lang: str, ry: int, between: str = " · ") -> str:
    """'Per provinsi (kabupaten/kota di tabel), kini → 2030 dengan kebijakan: Provinsi Papua Barat (7):
    44,58% → 47,10% · ...' (potential-weighted totals of each province's regencies in the table); `between`
    separates the provinces (a line break for many)."""
    items = []
    for province, codes in province_groups(result.codes).items():
        group = group_summary(result, codes)
        items.append(
            t(
                "room2.per_province_item",
                lang,
                province=Scope("regency", (province,)).province_words(lang),
                n=group.regions,
                now=fmt.pct(group.coverage_now, lang),
                year_value=fmt.pct(group.coverage_rank_year, lang),
            )
        )
    listed = between.join(items)
    return t("room2.per_province", lang, year=ry, items=listed if between == " · " else between + listed)


@st.fragment
def _map() -> None:
    """A fragment: switching baseline/policy, shapes/tiles or what the colour shows reruns only the map.
    The heading and the switches stay put when a lever moves; the chart is a live part (`_map_chart`)."""
    c = ctx()
    lang, focus = c.lang, c.province
    ry = c.settings.rank_year
    if c.uncertainty and st.session_state.get("map_measure") == "chance":  # the heading says what the colour is
        section(t("rank.chance", year=ry), t("overview.map_chance_caption", year=ry))
    else:
        section(t("overview.map_title"), t("overview.map_caption"))
    province = province_choice(focus, lang)  # a regency table of several provinces: one province's map
    with st.container(horizontal=True, gap="medium"):
        which = st.segmented_control(
            t("overview.map_which"),
            options=[SCENARIO, BASELINE],
            format_func=lambda s: views.scenario_labels(lang)["scenario" if s == SCENARIO else "baseline"],
            default=SCENARIO,
            key="map_which",
            label_visibility="collapsed",
        )
        style = st.segmented_control(
            t("overview.map_style"),
            options=["shapes", "tiles"],
            format_func=lambda v: t(f"overview.map_style_{v}", lang),
            default="shapes",
            key="map_style",
            label_visibility="collapsed",
        )
        # The colour: the target year's class, or (uncertainty shown) the chance of the target by the rank year.
        measure = "year"
        if c.uncertainty:
            measure = st.segmented_control(
                t("overview.map_measure"),
                options=["year", "chance"],
                format_func=lambda m: t("overview.map_measure_year") if m == "year" else t("rank.chance", year=ry),
                default="year",
                key="map_measure",
                label_visibility="collapsed",
            )
    # Right after a language switch a segmented control may still send its old label: fall back to defaults.
    which = which if which in (SCENARIO, BASELINE) else SCENARIO
    style = style if style in ("shapes", "tiles") else "shapes"
    measure = measure if measure == "chance" and c.uncertainty else "year"
    _map_chart(which, style, measure, province)


@live_part("overview_map_live")
def _map_chart(which: int, style: str, measure: str, province: str | None) -> None:
    """The map itself, coloured from this run's projection (a live part: a lever move redraws only this)."""
    c = ctx()
    result, lang = c.result, c.lang
    ry = result.settings.rank_year
    big = presenting()  # a projector: a map as large as the screen allows, every province named
    if measure == "chance":  # the run with draws (its draw 0 is the central run), computed only when asked
        source = c.result_mc
        title = t("rank.chance", year=ry)
        layers = source.memo(
            ("map", which, lang, style, big, province, measure),
            lambda: _map_layers(source, which, lang, style, big, province, chances=source, chance_title=title),
        )
    else:
        layers = result.memo(
            ("map", which, lang, style, big, province), lambda: _map_layers(result, which, lang, style, big, province)
        )
    if layers is None:
        st.info(t("overview.no_map"), icon=":material/map:")
    else:
        kind, data, options = layers
        height = MAP_HEIGHT_PRESENT if big else {"map": 300, "tiles": 330}[kind]
        description = t("overview.map_caption") if measure == "year" else t("overview.map_chance_caption", year=ry)
        chart(kind, data, key="overview_map", description=description, height=height, **options)
        if measure == "chance":
            st.caption(t("overview.map_chance_note", draws=c.draws, seed=c.settings.seed, year=ry))


MAP_HEIGHT_PRESENT = 470  # px: with the legend, fills a 1024x768 projector's width below the headline


def _map_layers(result, which: int, lang: str, style: str, names: bool = False, province: str | None = None, **chance):
    """(chart kind, datasets as Arrow bytes, options), or None when the regions have no geometry."""
    layers = map_layers(result, which, lang, style, names=names, province=province, **chance)
    if layers is None:
        return None
    kind, frames, options = layers
    return kind, to_arrow(frames), options


def _movers_block(result, lang: str) -> str:
    """Heading, caption, the movers table and its note: one Markdown block. Only regions whose rank changes are
    listed ("1 → 1 =" is no move); when none changes, a sentence says so."""
    ry = result.settings.rank_year
    moved = views.movers(result, lang, 8)
    return "\n\n".join(
        [
            f"### {t('overview.movers_title', lang, year=ry)}",
            small_print(t("overview.movers_caption", lang) + " " + t("rank.tie_note", lang)),
            views.markdown_table(moved) if len(moved) else t("room3.movers_none", lang, year=ry),
            small_print(t("overview.movers_estimates_excluded", lang)),
        ]
    )


def _national_block(result, lang: str) -> str:
    """National coverage at milestone years, baseline vs policy: a small table reads on a projector and a
    phone, and costs the browser far less on every slider move than a chart (benchmarks/bench_ui.py)."""
    return "\n\n".join(
        [
            f"### {_national_title(result, lang)}",
            small_print(t("overview.national_caption", lang)),
            views.markdown_table(views.national_by_year(result, lang)),
        ]
    )


def _national_title(result, lang: str) -> str:
    """'Cakupan nasional per tahun'; for a regency table of several provinces, the table's regencies (as the
    headline says), never "Cakupan 38 provinsi", which reads as those provinces' coverage."""
    scope = current_scope()
    if scope.is_regency and len(scope.provinces) > 1:
        return t("room3.national_title_table", lang, n=len(result.codes))
    return t("overview.national_title", lang)


def render() -> None:
    c = ctx()
    ry = c.settings.rank_year
    st.title(t("overview.title"))
    lead(t("overview.lead", year=ry), c)
    _answer_and_headline()
    _map()
    _tables()


@live_part("overview_headline_live")
def _answer_and_headline() -> None:
    """The participant's own province first (a phone shows it before anything else), then the nation."""
    c = ctx()
    lang, result = c.lang, c.result
    nat = result.national_summary()
    answer = result.memo(("answer", c.province, lang), lambda: views.province_answer(result, c.province, lang))
    st.markdown(answer + "  \n" + small_print(t("answer.pick")))
    _headline(result, nat, lang, result.settings.rank_year)


@live_part("overview_tables_live")
def _tables() -> None:
    c = ctx()
    lang, result = c.lang, c.result
    st.markdown(result.memo(("movers", lang), lambda: _movers_block(result, lang)))
    st.markdown(result.memo(("national", lang), lambda: _national_block(result, lang)))


render()
