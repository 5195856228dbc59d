"""Report-ready exports: tables a researcher pastes into a report, in Bahasa Indonesia or English.

What "report-ready" means here (issue 11):
- headers in the reader's language **with units** ("Cakupan 2030 – skenario (%)");
- numbers **rounded as the app shows them** (coverage to 2 decimals, workers and rupiah whole, years and ranks
  as integers), but kept as numbers so a spreadsheet can still compute with them;
- the levers **in plain words**, the settings, and a sheet of **assumptions with their sources**;
- any cell that comes from user text (a region name, a note, a scenario name, an uploaded file's name) is
  **neutralised**: text starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe,
  so Excel or LibreOffice never runs it as a formula or a DDE command (`=HYPERLINK(...)`, `=cmd|' /C calc'!A0`).

Pure functions (no Streamlit); the app (ui/exports.py), the command line and the PDF briefing share them, so an
export and `python -m model project` agree number for number.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from . import numbers
from .assumptions import load_assumption_specs
from .levers import LEVER_SPECS, REGULATION_LEVELS, Levers, Scenario
from .messages import render
from .notes import note_text, source_text
from .projection import BASELINE, SCENARIO, Projection, Settings

__all__ = [
    "FORMULA_TRIGGERS",
    "neutralise",
    "neutralise_frame",
    "ReportColumn",
    "REPORT_COLUMNS",
    "region_report",
    "national_report",
    "national_path_report",
    "levers_in_words",
    "scenario_in_words",
    "pot_in_words",
    "assumptions_report",
    "report_csv",
    "report_xlsx",
    "fmt_number",
    "fmt_pct",
    "fmt_rupiah",
    "fmt_rupiah_bn",
    "titled_spec",
    "chart_svg",
    "chart_png",
]

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """User text that a spreadsheet would read as a formula gets a leading apostrophe (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Every text cell and header of a table neutralised (numbers untouched)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def _t(key: str, lang: str, **params: object) -> str:
    return render(f"export.{key}", lang, params)


def national_line_words(settings: Settings, lang: str) -> str:
    """The national target line in force, e.g. 'Kemendagri 2025 (52.15%)'."""
    return _t(f"national_line.{settings.national_target}", lang)


def target_in_words(settings: Settings, lang: str) -> str:
    """Which target the results count: own published targets with the national line, or one custom level."""
    if settings.target_pct is not None:
        return _t("about.target_custom", lang, pct=fmt_pct(settings.target_pct, lang, 1))
    return _t("about.target_line", lang, line=national_line_words(settings, lang))


# ---------------------------------------------------------------- number words (Indonesian or English format)


# One formatter for the app, the exports and the brief (model/numbers.py); the export names stay for callers.
fmt_number = numbers.number
fmt_pct = numbers.pct
fmt_rupiah = numbers.rupiah
fmt_rupiah_bn = numbers.rupiah_bn


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


# ---------------------------------------------------------------- the region table


@dataclass(frozen=True)
class ReportColumn:
    """One column of the region table: the summary field, its header key, and how it is rounded.

    `decimals`: None keeps text; 0 gives whole numbers (integers); n > 0 rounds to n decimals.
    """

    field: str
    header: str
    decimals: int | None = None
    draws_only: bool = False


REPORT_COLUMNS: tuple[ReportColumn, ...] = (
    ReportColumn("code", "col.code"),
    ReportColumn("name", "col.name"),
    ReportColumn("status", "col.status"),
    ReportColumn("as_of", "col.as_of"),
    ReportColumn("potential_workers", "col.potential_workers", 0),
    ReportColumn("active_participants", "col.active_participants", 0),
    ReportColumn("coverage_now", "col.coverage_now", 2),
    ReportColumn("target_pct", "col.target_pct", 2),
    ReportColumn("target_from", "col.target_from"),
    ReportColumn("year_target_reached_baseline", "col.year_baseline"),
    ReportColumn("year_target_reached", "col.year_scenario"),
    ReportColumn("coverage_rank_year_baseline", "col.coverage_year_baseline", 2),
    ReportColumn("coverage_rank_year", "col.coverage_year_scenario", 2),
    ReportColumn("coverage_rank_year_p10", "col.coverage_year_p10", 2, draws_only=True),
    ReportColumn("coverage_rank_year_p90", "col.coverage_year_p90", 2, draws_only=True),
    ReportColumn("prob_target_by_rank_year", "col.prob_target", 0, draws_only=True),
    ReportColumn("prob_rank_changes", "col.prob_rank_changes", 0, draws_only=True),
    ReportColumn("rank_now", "col.rank_now", 0),
    ReportColumn("rank_baseline", "col.rank_baseline", 0),
    ReportColumn("rank_new", "col.rank_scenario", 0),
    ReportColumn("rank_change", "col.rank_change", 0),
    ReportColumn("workers_gap_now", "col.workers_gap", 0),
    ReportColumn("funded_workers", "col.funded_workers", 0),
    ReportColumn("additional_covered_rank_year", "col.additional_covered", 0),
    ReportColumn("budget_spent_rank_year_rp", "col.budget_spent", 0),
    ReportColumn("cost_per_additional_worker_rp", "col.cost_per_worker", 0),
    ReportColumn("source", "col.source"),
    ReportColumn("note", "col.note"),
)
# The village apparatus segment beside the total, in tables that give it (the APBDes lever acts on it).
VILLAGE_COLUMNS = (
    ReportColumn("village_coverage_now", "col.village_coverage_now", 2),
    ReportColumn("village_coverage_rank_year_baseline", "col.village_coverage_year_baseline", 2),
    ReportColumn("village_coverage_rank_year", "col.village_coverage_year_scenario", 2),
    ReportColumn("village_gap_rank_year", "col.village_gap_year", 0),
    ReportColumn("apbdes_funded_workers", "col.apbdes_funded", 0),
)


def _round(value: Any, decimals: int | None) -> Any:
    if decimals is None or _missing(value):
        return None if _missing(value) else value
    if decimals == 0:
        return round(float(value))
    return round(float(value), decimals)


def _target_year_words(status: str, year: Any, lang: str) -> Any:
    """As the app shows a target year: the year, "already reached", or "not by 2045"."""
    if status == "already":
        return _t("already", lang)
    if status == "reached" and not _missing(year):
        return int(year)
    return _t("never", lang)


def _target_from(result: Projection, own: Any, lang: str) -> list[str]:
    """Where each region's target comes from: its own published target, the national line, or the user."""
    if result.settings.target_pct is not None:
        return [_t("target_from.custom", lang)] * len(own)
    line = _t("target_from.national", lang, line=national_line_words(result.settings, lang))
    return [_t("target_from.own", lang) if o else line for o in own]


def region_report(result: Projection, lang: str = "id") -> pd.DataFrame:
    """The region table as a report shows it: headers with units in `lang`, rounded, status in words."""
    table = result.region_summary().copy()
    table["source"] = [source_text(s, lang) for s in result.frame["source"]]
    table["note"] = [note_text(n, lang) for n in result.frame["note"]]
    table["status"] = [_t(f"status.{s}", lang) for s in table["status"]]
    table["year_target_reached_baseline"] = [
        _target_year_words(s, y, lang)
        for s, y in zip(table["target_status_baseline"], table["year_target_reached_baseline"], strict=True)
    ]
    table["year_target_reached"] = [
        _target_year_words(s, y, lang)
        for s, y in zip(table["target_status"], table["year_target_reached"], strict=True)
    ]
    for share in ("prob_target_by_rank_year", "prob_rank_changes"):  # shown as percent
        if share in table:
            table[share] = table[share] * 100
    table["target_from"] = _target_from(result, table["target_own"].to_numpy(bool), lang)
    year = result.settings.rank_year
    out = {}
    columns = (
        (*REPORT_COLUMNS[:-2], *VILLAGE_COLUMNS, *REPORT_COLUMNS[-2:]) if result.has_village.any() else REPORT_COLUMNS
    )
    for column in columns:
        if column.field not in table.columns:
            continue
        header = _t(column.header, lang, year=year)
        out[header] = [_round(v, column.decimals) for v in table[column.field]]
    return pd.DataFrame(out)


def national_report(result: Projection, lang: str = "id") -> pd.DataFrame:
    """National measures, one per row: measure (with unit) and value, rounded as the app shows them."""
    nat = result.national_summary()
    year = result.settings.rank_year
    additional = nat.get("additional_covered_rank_year") or 0
    spent = nat.get("budget_spent_rank_year_rp") or 0
    cost = spent / additional if additional > 0.5 else None
    rows = [
        ("nat.regions", nat["regions"], 0),
        ("nat.regions_estimated", nat["regions_estimated"], 0),
        ("nat.potential_workers", nat["potential_workers"], 0),
        ("nat.active_participants", nat["active_participants"], 0),
        ("nat.coverage_now", nat["coverage_now"], 2),
        ("nat.coverage_year_baseline", nat["coverage_rank_year_baseline"], 2),
        ("nat.coverage_year_scenario", nat["coverage_rank_year"], 2),
        ("nat.at_target_baseline", nat["regions_at_target_by_rank_year_baseline"], 0),
        ("nat.at_target_scenario", nat["regions_at_target_by_rank_year"], 0),
        ("nat.additional_covered", additional, 0),
        ("nat.funded_workers", nat.get("funded_workers"), 0),
        ("nat.budget_spent", spent, 0),
        ("nat.cost_per_worker", cost, 0),
    ]
    return pd.DataFrame(
        {
            _t("col.measure", lang): [_t(key, lang, year=year) for key, _, _ in rows],
            _t("col.value", lang): pd.Series([_round(v, d) for _, v, d in rows], dtype=object),
        }
    )


def national_path_report(result: Projection, lang: str = "id") -> pd.DataFrame:
    """National coverage each December, baseline and scenario (%), as the chart shows it."""
    path = result.national_path(every=1)
    path = path[path["date"].dt.month == 12]
    wide = path.pivot_table(index=path["date"].dt.year, columns="scenario", values="coverage_pct")
    return pd.DataFrame(
        {
            _t("col.year", lang): wide.index.astype(int),
            _t("col.path_baseline", lang): wide["baseline"].round(2).to_numpy(),
            _t("col.path_scenario", lang): wide["scenario"].round(2).to_numpy(),
        }
    )


# ---------------------------------------------------------------- levers in words


def levers_in_words(levers: Levers, lang: str = "id") -> list[str]:
    """Each lever as a sentence a reader understands without the app ("Regulasi daerah: 3 – Perda + ...")."""
    if levers.is_zero:
        return [_t("levers.none", lang)]
    lines = []
    if levers.regulation_level:
        spec = LEVER_SPECS["regulation_level"]
        level = REGULATION_LEVELS[levers.regulation_level][lang]
        lines.append(
            _t(
                "levers.regulation",
                lang,
                label=spec.label_id if lang == "id" else spec.label_en,
                level=levers.regulation_level,
                words=level,
                start=levers.regulation_start,
            )
        )
    for name in ("budget_bn", "apbdes_bn"):  # both budgets share the budget's years (model/levers.py)
        amount = getattr(levers, name)
        if not amount:
            continue
        spec = LEVER_SPECS[name]
        lines.append(
            _t(
                "levers.budget_open" if levers.budget_end >= 2100 else "levers.budget",
                lang,
                label=spec.label_id if lang == "id" else spec.label_en,
                amount=fmt_rupiah_bn(amount, lang),
                start=levers.budget_start,
                end=levers.budget_end,
            )
        )
    if levers.outreach_pct:
        spec = LEVER_SPECS["outreach_pct"]
        lines.append(
            _t(
                "levers.outreach",
                lang,
                label=spec.label_id if lang == "id" else spec.label_en,
                pct=fmt_number(levers.outreach_pct, lang, 0 if float(levers.outreach_pct).is_integer() else 1),
                start=levers.outreach_start,
            )
        )
    return lines


def pot_in_words(scenario: Scenario, lang: str = "id") -> str | None:
    """The national pot a scenario's budgets came from, as a sentence (None without a pot)."""
    pot = scenario.pot
    if pot is None:
        return None
    rule = _t(f"pot.{pot.split}", lang, year=pot.by_year)
    national = scenario.default
    key = "levers.pot_open" if national.budget_end >= 2100 else "levers.pot"
    amount = fmt_rupiah_bn(pot.bn, lang)
    return _t(
        key, lang, amount=amount, rule=rule, n=len(pot.shares), start=national.budget_start, end=national.budget_end
    )


def scenario_in_words(scenario: Scenario, names: Mapping[str, str], lang: str = "id") -> list[tuple[str, str]]:
    """(who, what) rows: the national levers (and the national pot, if any), then each region with its own
    levers, then each region's share of the pot."""
    everyone = _t("levers.all_regions", lang)
    national = list(levers_in_words(scenario.default, lang))
    pot_line = pot_in_words(scenario, lang)
    if pot_line is not None and scenario.default.is_zero:
        national = []  # "no new policy" would contradict the pot on the next line
    rows = [(everyone, line) for line in national]
    if pot_line is not None:
        rows.append((everyone, pot_line))
    for code, levers in scenario.own_overrides:
        who = f"{names.get(code, code)} ({code})"
        rows += [(who, line) for line in levers_in_words(levers, lang)]
    if scenario.pot is not None:
        share_word = _t("levers.pot_share", lang)
        for code, share in scenario.pot.shares:
            if share > 0:
                rows.append((f"{names.get(code, code)} ({code})", f"{fmt_rupiah_bn(share, lang)} ({share_word})"))
    return rows


# ---------------------------------------------------------------- assumptions with sources


def assumptions_report(result: Projection, lang: str = "id") -> pd.DataFrame:
    values = result.assumptions.as_dict()
    rows = []
    for spec in load_assumption_specs():
        rows.append(
            {
                _t("col.assumption", lang): spec.label(lang),
                _t("col.value", lang): values[spec.key],
                _t("col.default", lang): spec.default,
                _t("col.unit", lang): spec.unit_label(lang),
                _t("col.range", lang): f"{fmt_number(spec.low, lang, 4).rstrip('0').rstrip(',.')}"
                f" – {fmt_number(spec.high, lang, 4).rstrip('0').rstrip(',.')}",
                _t("col.status", lang): _t(f"status.{spec.status}", lang)
                if spec.status in ("reported", "derived", "estimate")
                else spec.status,
                _t("col.source", lang): spec.source,
                _t("col.note", lang): spec.note_in(lang),
                _t("col.key", lang): spec.key,
            }
        )
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- files


def _about_rows(
    result: Projection, scenario_name: str, data_origin: str, lang: str, packages: Iterable[str] = ()
) -> list[tuple[str, str]]:
    names = dict(zip(result.codes, result.frame["name"], strict=True))
    settings = result.settings
    rows = [
        (_t("about.app", lang), "Simulasi UCJ"),
        (_t("about.scenario", lang), scenario_name),
        (_t("about.exported", lang), date.today().isoformat()),
        (_t("about.data", lang), data_origin),
    ]
    packs = list(packages)
    if packs:
        from .packages import package_label

        rows.append((_t("about.packages", lang), " + ".join(package_label(p, lang) for p in packs)))
    rows += [
        (f"{_t('about.levers', lang)}: {who}", what) for who, what in scenario_in_words(result.scenario, names, lang)
    ]
    rows += [
        (_t("about.rank_year", lang), str(settings.rank_year)),
        (_t("about.horizon", lang), str(settings.horizon_year)),
        (_t("about.target", lang), target_in_words(settings, lang)),
        (_t("about.draws", lang), str(settings.draws)),
    ]
    changed = result.assumptions.changed_from_default()
    specs = {s.key: s for s in load_assumption_specs()}
    if changed:
        for key, (default, value) in changed.items():
            label = specs[key].label(lang) if key in specs else key
            rows.append(
                (_t("about.assumption_changed", lang), f"{label}: {value:g} ({_t('col.default', lang)} {default:g})")
            )
    else:
        rows.append((_t("about.assumption_changed", lang), _t("about.none", lang)))
    rows.append((_t("about.rounding", lang), _t("about.rounding_text", lang)))
    return rows


def report_csv(result: Projection, lang: str = "id") -> bytes:
    """The region table as CSV (UTF-8 with BOM so Excel reads the accents; comma-separated, dot decimals)."""
    frame = neutralise_frame(region_report(result, lang))
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8-sig")


def report_xlsx(
    result: Projection,
    scenario_name: str,
    data_origin: str,
    lang: str = "id",
    packages: Iterable[str] = (),
) -> bytes:
    """A workbook a researcher pastes from: about (scenario, levers in words, settings), regions, national
    measures, the national path, and the assumptions with sources. Text from users is neutralised."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    about = pd.DataFrame(
        _about_rows(result, scenario_name, data_origin, lang, packages),
        columns=[_t("col.item", lang), _t("col.value", lang)],
    )
    sheets = [
        (_t("sheet.about", lang), about),
        (_t("sheet.regions", lang), region_report(result, lang)),
        (_t("sheet.national", lang), national_report(result, lang)),
        (_t("sheet.path", lang), national_path_report(result, lang)),
        (_t("sheet.assumptions", lang), assumptions_report(result, lang)),
    ]
    book = Workbook()
    book.remove(book.active)
    for title, frame in sheets:
        sheet = book.create_sheet(title[:31])
        frame = neutralise_frame(frame)
        sheet.append(list(frame.columns))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in frame.itertuples(index=False):
            sheet.append([None if _missing(v) else (v.item() if hasattr(v, "item") else v) for v in row])
        for cells in sheet.iter_rows(min_row=2):
            for cell in cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never a formula, whatever the text
        for index, column in enumerate(frame.columns, start=1):
            longest = max(
                [len(str(column)) // 2, *(len(str(v)) for v in frame.iloc[:, index - 1].head(200))], default=8
            )
            sheet.column_dimensions[get_column_letter(index)].width = min(max(10, longest + 2), 60)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def scenario_index(kind: str) -> int:
    return BASELINE if kind == "baseline" else SCENARIO


# ---------------------------------------------------------------- chart images (offline, vl-convert)

FONT_DIR = __import__("pathlib").Path(__file__).resolve().parent / "assets" / "fonts"
CHART_FONT = "Liberation Sans"
_fonts_registered = False


def _vl_convert():
    """vl-convert renders Vega-Lite to SVG/PNG in-process (bundled Deno/Vega, no browser, no network); our
    shipped fonts are registered once so an image looks the same on every machine."""
    global _fonts_registered
    import vl_convert

    if not _fonts_registered:
        vl_convert.register_font_directory(str(FONT_DIR))
        _fonts_registered = True
    return vl_convert


def _records(frame: Any) -> list[dict[str, Any]]:
    """A DataFrame as JSON records; dates as ISO strings (Vega parses them as local dates)."""
    if isinstance(frame, list):
        return frame
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%dT00:00:00")
    return [
        {k: (None if _missing(v) else (v.item() if hasattr(v, "item") else v)) for k, v in row.items()}
        for row in out.to_dict("records")
    ]


def titled_spec(
    spec: Mapping[str, Any], datasets: Mapping[str, Any], title: str, subtitle: Iterable[str], width: int = 640
) -> dict[str, Any]:
    """A chart spec made self-contained for a report: inline data, a title, and a subtitle naming the region
    and the scenario (so a pasted image still says what it shows), in the shipped font."""
    out = dict(spec)
    out["datasets"] = {
        **dict(spec.get("datasets", {})),
        **{k: _records(v) for k, v in datasets.items() if v is not None},
    }
    out["title"] = {
        "text": title,
        "subtitle": [line for line in subtitle if line],
        "anchor": "start",
        "fontSize": 16,
        "subtitleFontSize": 12,
        "subtitleColor": "#444444",
        "font": CHART_FONT,
        "subtitleFont": CHART_FONT,
    }
    if "width" not in out or out.get("width") in ("container", None):
        out["width"] = width
    config = dict(out.get("config", {}))
    config["font"] = CHART_FONT
    config["background"] = "white"
    out["config"] = config
    out.pop("autosize", None)
    return out


def chart_svg(spec: Mapping[str, Any]) -> bytes:
    return _vl_convert().vegalite_to_svg(dict(spec)).encode("utf-8")


def chart_png(spec: Mapping[str, Any], scale: float = 2.0) -> bytes:
    return _vl_convert().vegalite_to_png(dict(spec), scale=scale)
