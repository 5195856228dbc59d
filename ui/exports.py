"""Files people take away: a scenario as JSON (to re-load or share), results as CSV or Excel, share links.

Pure functions (no Streamlit). Every export carries what produced it (levers, settings, data origin,
changed assumptions) and where each region's figure comes from.
"""

from __future__ import annotations

import io
import json
from datetime import date
from urllib.parse import urlencode

import pandas as pd
import segno

from model import InputError, Problem, Projection, Scenario, load_assumption_specs
from model.cli import REGION_FIELDS, result_to_json

__all__ = ["scenario_json", "scenario_from_json", "results_csv", "results_xlsx", "share_url", "qr_png"]

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


def _summary_frame(result: Projection) -> pd.DataFrame:
    table = result.region_summary()
    columns = [c for c in REGION_FIELDS if c in table.columns]
    out = table[columns].copy()
    out["source"] = result.frame["source"].to_numpy()
    out["note"] = result.frame["note"].to_numpy()
    return out


def results_csv(result: Projection) -> bytes:
    """Region results as CSV (English column names, as the command line prints them)."""
    return _summary_frame(result).round(4).to_csv(index=False, lineterminator="\n").encode("utf-8")


def results_xlsx(result: Projection, scenario_name: str, data_origin: str) -> bytes:
    """An Excel workbook: scenario and settings, region results with sources, assumptions, national figures."""
    doc = result_to_json(result)
    about = [
        ("Simulasi UCJ", scenario_name),
        ("exported", date.today().isoformat()),
        ("data", data_origin),
        ("levers (all regions)", json.dumps(doc["scenario"]["default"])),
        ("levers (per region)", json.dumps(doc["scenario"]["regions"])),
        *[(f"setting: {k}", v) for k, v in doc["settings"].items()],
        ("assumptions changed", json.dumps(doc["assumptions_changed"]) or "{}"),
    ]
    values = result.assumptions.as_dict()
    specs = pd.DataFrame(
        [
            {
                "key": s.key,
                "value": values[s.key],
                "default": s.default,
                "unit": s.unit,
                "low": s.low,
                "high": s.high,
                "status": s.status,
                "source": s.source,
                "note": s.note,
            }
            for s in load_assumption_specs()
        ]
    )
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        pd.DataFrame(about, columns=["item", "value"]).to_excel(writer, sheet_name="scenario", index=False)
        _summary_frame(result).to_excel(writer, sheet_name="regions", index=False)
        pd.DataFrame([doc["national"]]).T.reset_index().set_axis(["measure", "value"], axis=1).to_excel(
            writer, sheet_name="national", index=False
        )
        specs.to_excel(writer, sheet_name="assumptions", index=False)
    return buffer.getvalue()


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
