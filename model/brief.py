"""A one-page A4 briefing (PDF) for a region or the whole country under a scenario, in Bahasa Indonesia
(English optional): target year and rank baseline vs scenario, the main chart, the levers in words, the key
assumptions and the data status with sources.

Why typst (PyPI `typst`): a real typesetting engine in one wheel (no LaTeX, no browser), compiled in-process
in about 50 ms, with our shipped fonts only (`model/assets/fonts`, nothing fetched). The chart is drawn as SVG
by model/svgchart.py (vector in the PDF); vl-convert, which draws the chart exports, needs 1.3-2.6 s to start
its JavaScript engine on the first call, more than the 2-second budget allows. All text reaches typst as JSON
data (`sys.inputs`), never as markup, so a name like `#import` or `*bold*` prints as typed.

    python -m model brief --region 15 [--levers FILE.json] --out brief.pdf [--lang id|en]
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from .cli_options import add_pot_options
from .exports import (
    CHART_FONT,
    FONT_DIR,
    fmt_number,
    fmt_pct,
    fmt_rupiah,
    fmt_rupiah_bn,
    levers_in_words,
    national_line_words,
    pot_in_words,
    scenario_in_words,
)
from .messages import InputError, Problem, render
from .notes import note_text, source_text
from .projection import Projection
from .targets import NATIONAL_LINE_CODES

__all__ = ["brief_pdf", "brief_data", "coverage_svg", "register", "NATIONAL"]

TEMPLATE = Path(__file__).resolve().parent / "assets" / "brief" / "brief.typ"
NATIONAL = "national"
ACCENT, GREY, TARGET = "#0B6E4F", "#8C9491", "#333333"
KEY_ASSUMPTIONS = 9  # the assumptions listed (changed ones first, then by the order of data/assumptions.csv)


def _t(key: str, lang: str, **params: object) -> str:
    return render(f"brief.{key}", lang, params)


def _year_words(status: str, year: Any, lang: str) -> str:
    if status == "already":
        return render("export.already", lang, {})
    if status == "reached" and year == year and year is not None:
        return str(int(year))
    return render("export.never", lang, {})


def coverage_svg(result: Projection, region: str | None, lang: str) -> str:
    """The region's (or the nation's) coverage path, baseline grey dashed and scenario green, with the target."""
    from .svgchart import Series, line_chart_svg

    if region is None:
        path = result.national_path(every=1)
        target = None
    else:
        path = result.path_frame([region], every=1)
        target = float(result.target_pct[result.codes.index(region)])
    path = path[path["date"].dt.month.isin((3, 6, 9, 12))]
    years = (path["date"].dt.year + (path["date"].dt.month - 1) / 12).to_numpy()
    series = []
    for key, color, dash in (("baseline", GREY, "5 3"), ("scenario", ACCENT, "")):
        mask = (path["scenario"] == key).to_numpy()
        points = list(zip(years[mask].tolist(), path["coverage_pct"].to_numpy()[mask].tolist(), strict=True))
        series.append(Series(_t(key, lang), color, points, dash=dash))
    return line_chart_svg(
        series,
        y_title=_t("axis", lang),
        number=lambda v: fmt_number(v, lang, 0),
        target=target,
        target_label=f"{_t('target', lang)} {fmt_pct(target, lang, 1)}" if target is not None else "",
        font=CHART_FONT,
    )


def brief_data(
    result: Projection,
    region: str | None,
    lang: str = "id",
    scenario_name: str | None = None,
    packages: Iterable[str] = (),
    data_origin: str = "",
) -> dict[str, Any]:
    """Everything the page says, as plain strings (formatted in `lang`); the template only lays it out."""
    if lang not in ("id", "en"):
        lang = "id"
    year = result.settings.rank_year
    names = dict(zip(result.codes, result.frame["name"], strict=True))
    table = result.region_summary().set_index("code")
    n = len(result.codes)
    headline: list[list[str]] = []
    effects: list[str] = []
    data_lines: list[str] = []
    if region is None:
        nat = result.national_summary()
        place = _t("national", lang)
        add = nat.get("additional_covered_rank_year") or 0
        spent = nat.get("budget_spent_rank_year_rp") or 0
        headline = [
            [_t("coverage_now", lang), fmt_pct(nat["coverage_now"], lang), fmt_pct(nat["coverage_now"], lang)],
            [
                _t("coverage_year", lang, year=year),
                fmt_pct(nat["coverage_rank_year_baseline"], lang),
                fmt_pct(nat["coverage_rank_year"], lang),
            ],
            [
                _t("at_target", lang, year=year),
                f"{nat['regions_at_target_by_rank_year_baseline']} / {n}",
                f"{nat['regions_at_target_by_rank_year']} / {n}",
            ],
            [_t("additional", lang, year=year), "–", fmt_number(add, lang)],
            [_t("spent", lang, year=year), "–", fmt_rupiah_bn(spent / 1e9, lang)],
            [_t("cost_per", lang, year=year), "–", fmt_rupiah(spent / add, lang) if add > 0.5 else "–"],
        ]
        effects.append(
            _t(
                "effect_national",
                lang,
                year=year,
                base=fmt_pct(nat["coverage_rank_year_baseline"], lang),
                scen=fmt_pct(nat["coverage_rank_year"], lang),
            )
        )
        estimated = int((result.frame["status"] == "estimate").sum())
        data_lines.append(_t("data_estimated", lang, n=estimated, total=n))
    else:
        if region not in table.index:
            examples = ", ".join(result.codes[:5])
            raise InputError([Problem("unknown_region", {"value": region, "known": examples})])
        s = table.loc[region]
        place = f"{names[region]} ({region})"
        yb = _year_words(s["target_status_baseline"], s["year_target_reached_baseline"], lang)
        ys = _year_words(s["target_status"], s["year_target_reached"], lang)
        add = float(s["additional_covered_rank_year"])
        target_text = fmt_pct(s["target_pct"], lang, 1)
        if not bool(s["target_own"]):  # the national line stands in: not the region's own target
            target_text += " " + _t("national_mark", lang)
        headline = [
            [_t("coverage_now", lang), fmt_pct(s["coverage_now"], lang), fmt_pct(s["coverage_now"], lang)],
            [_t("target", lang), target_text, target_text],
            [_t("target_year", lang), yb, ys],
            [
                _t("coverage_year", lang, year=year),
                fmt_pct(s["coverage_rank_year_baseline"], lang),
                fmt_pct(s["coverage_rank_year"], lang),
            ],
            [
                _t("rank_year", lang, year=year),
                _t("rank_of", lang, rank=int(s["rank_baseline"]), n=n),
                _t("rank_of", lang, rank=int(s["rank_new"]), n=n),
            ],
            [_t("additional", lang, year=year), "–", fmt_number(add, lang)],
            [_t("spent", lang, year=year), "–", fmt_rupiah_bn(s["budget_spent_rank_year_rp"] / 1e9, lang)],
            [_t("cost_per", lang, year=year), "–", fmt_rupiah(s["cost_per_additional_worker_rp"], lang)],
        ]
        effects.append(_t("effect_year", lang, base=yb, scen=ys))
        moved = int(s["rank_baseline"]) - int(s["rank_new"])
        effects.append(_t("effect_rank", lang, year=year, base=int(s["rank_baseline"]), scen=int(s["rank_new"]), n=n))
        if moved == 0:
            effects[-1] += " " + _t("rank_same", lang)
        status_word = render(f"export.status.{s['status']}", lang, {})
        row = result.frame.set_index("code").loc[region]
        data_lines.append(_t("data_status", lang, status=status_word, as_of=s["as_of"]))
        data_lines.append(_t("data_source", lang, source=source_text(str(row["source"]), lang)))
        if str(row.get("note", "") or ""):
            data_lines.append(_t("data_note", lang, note=note_text(str(row["note"]), lang)))
    settings = result.settings
    if settings.target_pct is not None:
        data_lines.append(_t("target_custom", lang, pct=fmt_pct(settings.target_pct, lang, 1)))
    else:
        data_lines.append(_t("target_line", lang, line=national_line_words(settings, lang)))
    if data_origin:
        data_lines.append(_t("data_origin", lang, origin=data_origin))
    data_lines.append(_t("data_model", lang))

    own = dict(result.scenario.own_overrides)
    pot_line = pot_in_words(result.scenario, lang)
    if region is not None and region in own:
        levers = levers_in_words(own[region], lang)
    elif region is not None and pot_line is not None:  # the region's share of the national pot, then the pot
        levers = [*levers_in_words(result.scenario.for_region(region), lang), pot_line]
    else:
        levers = [line for _, line in scenario_in_words(result.scenario, names, lang)][:6]
    if result.scenario.is_zero:
        levers = [_t("no_policy", lang)]

    from .assumptions import load_assumption_specs
    from .packages import package_label

    values = result.assumptions.as_dict()
    changed = result.assumptions.changed_from_default()
    specs = sorted(load_assumption_specs(), key=lambda sp: sp.key not in changed)[:KEY_ASSUMPTIONS]
    assumptions = [
        [
            sp.label(lang) + (" *" if sp.key in changed else ""),
            f"{fmt_number(values[sp.key], lang, 4).rstrip('0').rstrip(',.')} {sp.unit_label(lang)}",
            _t("source", lang, source=sp.source[:110] + ("…" if len(sp.source) > 110 else ""), status=sp.status),
        ]
        for sp in specs
    ]
    title = _t("title", lang, place=place)
    subtitle = _t("subtitle", lang, scenario=scenario_name or _t("current", lang), year=year)
    return {
        "lang": lang,
        "title": title,
        "subtitle": subtitle,
        "date": date.today().isoformat(),
        "headline_title": _t("headline_title", lang),
        "col_measure": _t("col_measure", lang),
        "col_baseline": _t("baseline", lang),
        "col_scenario": _t("scenario", lang),
        "headline": headline,
        "levers_title": _t("levers_title", lang),
        "levers": levers,
        "packages_label": _t("packages", lang),
        "packages": " + ".join(package_label(p, lang) for p in packages),
        "effects_title": _t("effects_title", lang),
        "effects": effects,
        "assumptions_title": _t("assumptions_title", lang) + (" " + _t("changed_mark", lang) if changed else ""),
        "assumptions": assumptions,
        "data_title": _t("data_title", lang),
        "data_lines": data_lines,
        "footer": _t("footer", lang, date=date.today().isoformat()),
    }


def brief_pdf(
    result: Projection,
    region: str | None = None,
    lang: str = "id",
    scenario_name: str | None = None,
    packages: Iterable[str] = (),
    data_origin: str = "",
) -> bytes:
    """The briefing as PDF bytes (one A4 page)."""
    import typst

    data = brief_data(result, region, lang, scenario_name, packages, data_origin)
    svg = coverage_svg(result, region, data["lang"])
    return typst.compile(
        TEMPLATE.read_bytes(),
        root=str(TEMPLATE.parent),
        font_paths=[str(FONT_DIR)],
        ignore_system_fonts=True,
        format="pdf",
        sys_inputs={"data": json.dumps(data, ensure_ascii=False), "chart": svg},
    )


# ---------------------------------------------------------------- command line


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """`python -m model brief ...` (called once from model/cli.py)."""
    brief = commands.add_parser("brief", parents=[common], help="one-page A4 PDF briefing for a region")
    brief.add_argument("--region", required=True, help="region code (e.g. 15), or 'national'")
    brief.add_argument("--levers", type=Path, help='JSON: {"default": {...}, "regions": {"CODE": {...}}}')
    add_pot_options(brief)
    brief.add_argument("--data", type=Path, help="regions table (CSV or XLSX); default: shipped 38 provinces")
    brief.add_argument("--rank-year", type=int, default=2030, help="year ranks are compared at (default 2030)")
    brief.add_argument(
        "--national-target",
        choices=tuple(NATIONAL_LINE_CODES),
        default="kemendagri",
        help="national line for regions without their own published target (default kemendagri: 52.15%%)",
    )
    brief.add_argument("--name", help="scenario name printed on the page")
    brief.add_argument("--out", type=Path, required=True, help="PDF file to write")
    brief.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> str:
    from .assumptions import default_assumptions
    from .cli import _load_table, scenario_with_pot_from_args
    from .projection import Settings, project

    table = _load_table(args.data)
    region = None if args.region.lower() in (NATIONAL, "nasional") else args.region
    settings = Settings(rank_year=args.rank_year, draws=0, national_target=NATIONAL_LINE_CODES[args.national_target])
    settings.check(int(table.frame["as_of"].min().year))
    for name in ("regulation", "budget_bn", "outreach", "start_year", "budget_end_year"):
        setattr(args, name, None)  # the brief takes its levers from --levers only
    scenario = scenario_with_pot_from_args(args, table, default_assumptions(), args.rank_year, settings.horizon_year)
    result = project(table, scenario, default_assumptions(), settings)
    pdf = brief_pdf(result, region, args.lang, args.name, data_origin=table.origin)
    try:
        args.out.write_bytes(pdf)
    except OSError as exc:
        raise InputError([Problem("bad_option", {"name": "--out", "detail": str(exc)})]) from None
    return f"{args.out}\n"
