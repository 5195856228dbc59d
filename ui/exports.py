"""Files people take away: a scenario as JSON (to re-load or share), results as CSV or Excel, share links.

Pure functions (no Streamlit). Every export carries what produced it (levers, settings, data origin,
changed assumptions) and where each region's figure comes from.
"""

from __future__ import annotations

import io
import json
from datetime import date
from urllib.parse import urlencode

import segno

from model import InputError, Problem, Projection, Scenario
from model.exports import chart_png, chart_svg, levers_in_words, report_csv, report_xlsx, titled_spec

from .i18n import t

__all__ = [
    "scenario_json",
    "scenario_from_json",
    "results_csv",
    "results_xlsx",
    "report_csv",
    "report_xlsx",
    "levers_lines",
    "brief",
    "coverage_chart_image",
    "share_url",
    "qr_png",
]

FORMAT_VERSION = 1


def scenario_json(name: str, scenario: Scenario, extra: dict | None = None) -> bytes:
    """A saved scenario as a small JSON file; `python -m model project --levers` reads the same shape."""
    doc = {"name": name, "format": FORMAT_VERSION, "saved": date.today().isoformat(), **scenario.to_dict()}
    if extra:
        doc["settings"] = extra
    return json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")


def scenario_from_json(raw: bytes, known_codes: list[str]) -> tuple[str, Scenario]:
    """Parse a scenario file; raise InputError (in both languages) if it is not one, or names unknown regions."""
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError([Problem("file_unreadable", {"detail": f"JSON: {exc}"})]) from None
    if not isinstance(doc, dict):
        raise InputError([Problem("file_unreadable", {"detail": "JSON: expected an object"})])
    name = str(doc.get("name") or "skenario")[:60]
    scenario = Scenario.from_dict({k: v for k, v in doc.items() if k in ("default", "regions")})
    scenario.check_codes(known_codes)
    return name, scenario


def results_csv(result: Projection, lang: str = "id") -> bytes:
    """Region results as a report CSV (model/exports.py): headers with units, rounded as shown, text made inert."""
    return report_csv(result, lang)


def results_xlsx(result: Projection, scenario_name: str, data_origin: str, lang: str = "id") -> bytes:
    """The report workbook (model/exports.py): about, regions, national, national path, assumptions."""
    return report_xlsx(result, scenario_name, data_origin, lang)


def levers_lines(levers, lang: str) -> list[str]:
    return levers_in_words(levers, lang)


def brief(result: Projection, region: str | None, lang: str, scenario_name: str, packages=()) -> bytes:
    """The one-page PDF briefing (model/brief.py)."""
    from model.brief import brief_pdf

    return brief_pdf(result, region, lang, scenario_name, packages, data_origin=getattr(result, "origin", ""))


def coverage_chart_image(c, region: str, scenario_name: str, kind: str) -> bytes:
    """The coverage chart of a region (or the nation) as PNG or SVG, titled with region and scenario."""
    from . import charts, views

    lang = c.lang
    if region == "national":
        path = c.result.national_path(every=1)
        labels = views.scenario_labels(lang)
        frame = path.assign(scenario_label=path["scenario"].map(labels))
        spec = {
            "mark": {"type": "line", "strokeWidth": 2.5},
            "encoding": {
                "x": {"field": "date", "type": "temporal", "title": None, "axis": {"format": "%Y"}},
                "y": {"field": "coverage_pct", "type": "quantitative", "title": "%", "scale": {"zero": False}},
                "color": {
                    "field": "scenario_label",
                    "type": "nominal",
                    "title": None,
                    "scale": {"range": [charts.BASELINE_GREY, charts.ACCENT]},
                },
            },
            "data": {"name": "paths"},
            "height": 320,
            "config": {"locale": charts.vega_locale(lang)},
        }
        datasets = {"paths": frame}
        where = t("store.national", lang)
    else:
        paths, targets, markers, _ = views.coverage_frames(c.result, [region], lang, with_bands=False)
        spec = charts.spec("coverage", views.chart_labels(lang), lang)
        datasets = {"paths": paths, "targets": targets, "markers": markers}
        where = f"{c.names[region]} ({region})"
    full = titled_spec(
        spec, datasets, t("store.chart_title", lang), [where, t("store.chart_scenario", lang, name=scenario_name)]
    )
    return chart_png(full) if kind == "png" else chart_svg(full)


def share_url(base: str | None, params: dict[str, object]) -> str:
    """The app's address with the scenario in the query string (only values that differ from defaults)."""
    query = urlencode({k: v for k, v in params.items() if v is not None and v != ""})
    base = (base or "http://localhost:8501").split("?")[0]
    return f"{base}?{query}" if query else base


def qr_png(url: str, scale: int = 6) -> bytes:
    """A QR code of the share link for the projector screen (segno writes PNG without other packages)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()
