"""The one codec between a scenario document and a share link: the page path plus short query parameters.

    /simulasi?lang=en&prov=17&reg=2&bud=12.5&out=42.5&rs=2026&be=2030&ov=15:3:20:50,17:1:5:0:2026:2027:2030:2028
              &tgt=custom&tgtpct=55&ry=2035&mc=0&as=premium_per_month:20000

Only values that differ from the defaults are written, so a typical link stays well inside a QR code's
capacity. Parameters (all optional):

- levers for all regions: `reg` level, `bud` Rp miliar a year, `out` outreach %, `apb` village budget (APBDes) Rp
  miliar a year, `be` budget end year; start
  years as one `start` when the three are equal, otherwise `rs` (regulation), `bs` (budget), `os` (outreach);
- `ov`: per-region levers, comma-separated `code:reg:bud:out`, with `:rs:bs:be:os` appended when any of
  that region's years differ from the national ones (the short form inherits them), then `:apb` when the
  region's APBDes differs from the national one;
- `as`: changed assumptions, `key:value` comma-separated;
- `tgt` target basis (`own`, `custom`), `tgtpct` custom target %, `nl` national line for regions without their
  own target (`kemendagri`, `rkp2026`, `rpjmn`, `rpjpn`; a link of schema 1 with `tgt=kemendagri|rpjmn|rpjpn`
  opens as `own` with that line); `ry` rank year, `hz` horizon, `mc` uncertainty shown
  (1/0), `dr` draws, `sd` seed;
- `pot`: a national pot (Rp miliar a year) instead of the same budget in every region, `split` its rule
  (equal, need, optimal; written whenever `pot` is);
- `prov` focus region, `lang`, `present` (1/0); the page is the path;
- `v`: the codec version, absent for version 1; a later codec writes it and still reads links without it.

Numbers are written in their shortest exact form (12.3, not 12.300000000000001), so a document survives
the trip bit for bit. Links are decoded leniently: a part that cannot be read is left out and listed
(`doc.bad_link_part`), and the rest opens (model/scenario.py validates everything else).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .levers import LEVER_SPECS, Levers
from .messages import Problem
from .scenario import (
    PAGES,
    SCHEMA_VERSION,
    RunSettings,
    ScenarioDocument,
    Target,
    View,
    parse_document_lenient,
    target_v1_to_v2,
)

__all__ = ["URL_VERSION", "LINK_KEYS", "encode", "decode", "to_text"]

URL_VERSION = 1
MAX_PARAM_CHARS = 20_000

# Query keys of the levers for all regions, in order; `start` sets the three start years at once. The app's
# national lever widgets use the same keys (ui/scenario_state.py), so the address bar and the widgets agree.
LEVER_KEYS = {
    "regulation_level": "reg",
    "budget_bn": "bud",
    "outreach_pct": "out",
    "apbdes_bn": "apb",
    "regulation_start": "rs",
    "budget_start": "bs",
    "budget_end": "be",
    "outreach_start": "os",
}
_YEARS = ("regulation_start", "budget_start", "budget_end", "outreach_start")
_SETTING_KEYS = {"rank_year": "ry", "horizon_year": "hz", "uncertainty": "mc", "draws": "dr", "seed": "sd"}
_VIEW_KEYS = {"province": "prov", "lang": "lang", "present": "present"}

# Every query key the codec reads or writes (other features may add their own keys beside these).
LINK_KEYS = (
    *LEVER_KEYS.values(),
    "start",
    "ov",
    "as",
    "tgt",
    "tgtpct",
    "nl",
    *_SETTING_KEYS.values(),
    *_VIEW_KEYS.values(),
    "pot",
    "split",
    "v",
)


def to_text(value: Any) -> str:
    """A value as link text: whole numbers without a decimal point, others in their shortest exact form."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def encode(document: ScenarioDocument) -> tuple[str, dict[str, str]]:
    """(page path, query parameters) of a document; defaults are left out."""
    params: dict[str, str] = {}
    national = document.levers.default
    base = Levers()
    for name in ("regulation_level", "budget_bn", "outreach_pct", "apbdes_bn"):
        if getattr(national, name) != getattr(base, name):
            params[LEVER_KEYS[name]] = to_text(getattr(national, name))
    starts = {national.regulation_start, national.budget_start, national.outreach_start}
    if len(starts) == 1:
        if national.budget_start != base.budget_start:
            params["start"] = to_text(national.budget_start)
    else:
        for name in ("regulation_start", "budget_start", "outreach_start"):
            if getattr(national, name) != getattr(base, name):
                params[LEVER_KEYS[name]] = to_text(getattr(national, name))
    if national.budget_end != base.budget_end:
        params["be"] = to_text(national.budget_end)
    if document.levers.overrides:
        params["ov"] = ",".join(_override_text(code, lv, national) for code, lv in document.levers.overrides)
    if document.assumptions:
        params["as"] = ",".join(f"{key}:{to_text(value)}" for key, value in document.assumptions)
    target, default_target = document.target, Target()
    if target.basis != default_target.basis:
        params["tgt"] = target.basis
    if target.custom_pct != default_target.custom_pct:
        params["tgtpct"] = to_text(target.custom_pct)
    if target.national_line != default_target.national_line:
        params["nl"] = target.national_line
    _differences(document.settings, RunSettings(), _SETTING_KEYS, params)
    _differences(document.view, View(), _VIEW_KEYS, params)
    if document.pot is not None:
        params["pot"] = to_text(document.pot.bn)
        params["split"] = document.pot.split
    return document.view.page, params


def _differences(obj: Any, default: Any, keys: Mapping[str, str], params: dict[str, str]) -> None:
    for name, key in keys.items():
        if getattr(obj, name) != getattr(default, name):
            params[key] = to_text(getattr(obj, name))


def _override_text(code: str, levers: Levers, national: Levers) -> str:
    parts = [code, to_text(levers.regulation_level), to_text(levers.budget_bn), to_text(levers.outreach_pct)]
    if any(getattr(levers, year) != getattr(national, year) for year in _YEARS):
        parts += [to_text(getattr(levers, year)) for year in _YEARS]
    if levers.apbdes_bn != national.apbdes_bn:  # last, so links without it keep their meaning
        parts.append(to_text(levers.apbdes_bn))
    return ":".join(parts)


def decode(
    page: str | None, params: Mapping[str, str], known_codes: list[str] | None = None
) -> tuple[ScenarioDocument, list[Problem]]:
    """The document a link describes, and what in it could not be used (never raises)."""
    problems: list[Problem] = []
    params = {k: v for k, v in params.items() if k in LINK_KEYS and isinstance(v, str)}
    for key, value in list(params.items()):
        if len(value) > MAX_PARAM_CHARS:
            problems.append(_bad(key, value[:20], ("teks lebih pendek", "shorter text")))
            del params[key]
    version = params.get("v", str(URL_VERSION))
    if version != str(URL_VERSION):
        problems.append(_bad("v", version, (f"1–{URL_VERSION}", f"1–{URL_VERSION}")))
    data: dict[str, Any] = {"schema": SCHEMA_VERSION}

    default: dict[str, Any] = {}
    if "start" in params:
        _put(default, "start_year", params["start"], "start", problems, whole=True)
    for name, key in LEVER_KEYS.items():
        if key in params:
            _put(default, name, params[key], key, problems, whole=LEVER_SPECS[name].whole)
    data["default"] = default
    if params.get("ov"):
        data["regions"] = _overrides(params["ov"], problems)
    if params.get("as"):
        data["assumptions"] = _assumptions(params["as"], problems)

    target: dict[str, Any] = {}
    if "tgt" in params:
        target["basis"] = params["tgt"]
    if "tgtpct" in params:
        _put(target, "custom_pct", params["tgtpct"], "tgtpct", problems)
    if "nl" in params:
        target["national_line"] = params["nl"]
    data["target"] = target if "nl" in params else target_v1_to_v2(target)  # links made before `nl` existed

    settings: dict[str, Any] = {}
    for name, key in _SETTING_KEYS.items():
        if key in params:
            if name == "uncertainty":
                _put_flag(settings, name, params[key], key, problems)
            else:
                _put(settings, name, params[key], key, problems, whole=True)
    data["settings"] = settings

    view: dict[str, Any] = {}
    if page:
        view["page"] = page if page in PAGES else _page_problem(page, problems)
    if "prov" in params:
        view["province"] = params["prov"]
    if "lang" in params:
        view["lang"] = params["lang"]
    if "present" in params:
        _put_flag(view, "present", params["present"], "present", problems)
    data["view"] = {k: v for k, v in view.items() if v is not None}

    if "pot" in params:
        pot: dict[str, Any] = {"split": params.get("split", "equal")}
        _put(pot, "bn", params["pot"], "pot", problems)
        data["pot"] = pot
    elif "split" in params:
        problems.append(_bad("split", params["split"], ("bersama pot", "with pot")))

    document, more = parse_document_lenient(data, known_codes)
    return document, problems + more


def _bad(key: str, value: str, expected: tuple[str, str]) -> Problem:
    where_id, where_en = f"Tautan · {key}", f"Link · {key}"
    shown = value if len(value) <= 40 else value[:39] + "…"
    return Problem(
        "doc.bad_link_part",
        {
            "where_id": where_id,
            "where_en": where_en,
            "value": shown,
            "value_id": shown,
            "expected_id": expected[0],
            "expected_en": expected[1],
        },
    )


_NUMBER = ("angka", "a number")
_WHOLE = ("bilangan bulat", "a whole number")
_FLAG = ("1 atau 0", "1 or 0")


def _number(text: str, whole: bool) -> float | int | None:
    """A number from link text (a Bahasa decimal comma is accepted), or None."""
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        return None
    if whole and value.is_integer():
        return int(value)
    return value


def _put(target: dict[str, Any], name: str, text: str, key: str, problems: list[Problem], whole: bool = False) -> None:
    value = _number(text, whole)
    if value is None:
        problems.append(_bad(key, text, _WHOLE if whole else _NUMBER))
    else:
        target[name] = value  # range and step are checked with the rest of the document


def _put_flag(target: dict[str, Any], name: str, text: str, key: str, problems: list[Problem]) -> None:
    flag = {"1": True, "true": True, "0": False, "false": False}.get(text.strip().lower())
    if flag is None:
        problems.append(_bad(key, text, _FLAG))
    else:
        target[name] = flag


def _page_problem(page: str, problems: list[Problem]) -> None:
    problems.append(_bad("page", page, (", ".join(PAGES), ", ".join(PAGES))))


_OVERRIDE_FIELDS = ("regulation_level", "budget_bn", "outreach_pct")
_SHAPE = (
    "kode:regulasi:anggaran:sosialisasi[:4 tahun][:APBDes]",
    "code:regulation:budget:outreach[:4 years][:APBDes]",
)


def _overrides(text: str, problems: list[Problem]) -> dict[str, Any]:
    regions: dict[str, Any] = {}
    for part in text.split(","):
        if not part:
            continue
        pieces = part.split(":")
        if len(pieces) not in (4, 5, 8, 9):
            problems.append(_bad("ov", part, _SHAPE))
            continue
        names = (
            *_OVERRIDE_FIELDS,
            *(_YEARS if len(pieces) >= 8 else ()),
            *(("apbdes_bn",) if len(pieces) in (5, 9) else ()),
        )
        values = [_number(p, whole=LEVER_SPECS[name].whole) for name, p in zip(names, pieces[1:], strict=True)]
        if any(v is None for v in values):
            problems.append(_bad("ov", part, _SHAPE))
            continue
        regions[pieces[0]] = dict(zip(names, values, strict=True))
    return regions


def _assumptions(text: str, problems: list[Problem]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for part in text.split(","):
        key, _, raw = part.partition(":")
        value = _number(raw, whole=False)
        if not key or value is None:
            problems.append(_bad("as", part, ("kunci:nilai", "key:value")))
            continue
        changes[key] = value
    return changes
