"""The scenario document: everything that defines what a participant sees, as one frozen, typed value.

A `ScenarioDocument` holds the levers (national and per region, every field, from `model/levers.py`), the
assumptions that differ from the defaults, the target choice, the run settings and the view (page, focus
region, language, presentation mode). It travels losslessly through

- JSON (`to_json` / `from_json`): a superset of the `--levers` shape `{"default": {...}, "regions": {...}}`,
  so a file made for the command line, or saved by an older app, still loads;
- a compact URL form (`model/scenario_url.py`): short query parameters, QR-code sized;
- the app's widgets (`ui/scenario_state.py`).

Untrusted input (files, links) is checked field by field: every problem is collected with its place and a
message in Bahasa Indonesia and English (`doc.*` keys in the catalogue), never a traceback. Files are strict
(all or nothing: nothing the user had is replaced by half a scenario); links are lenient (a bad part is
dropped, said, and the rest opens).

Adding a field later: give it a default that reproduces today's behaviour, and older documents need nothing.
Changing the meaning or shape of a field: bump `SCHEMA_VERSION` and register a migration in `MIGRATIONS`
(a function from the JSON of version n to version n + 1); `from_json` runs them in order, so a store or a
file of any older version opens in a newer app, and a newer document is refused with a clear message.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from .levers import LEVER_SPECS, Levers, Scenario
from .messages import MESSAGES, InputError, Problem

__all__ = [
    "SCHEMA_VERSION",
    "MIGRATIONS",
    "PAGES",
    "TARGET_BASES",
    "NATIONAL_TARGET_LINES",
    "LANGUAGES",
    "SETTING_SPECS",
    "Target",
    "Pot",
    "POT_SPLITS",
    "RunSettings",
    "View",
    "ScenarioDocument",
    "parse_document",
    "parse_document_lenient",
    "document_from_json_bytes",
    "lever_problems",
    "target_v1_to_v2",
]

SCHEMA_VERSION = 2

# Pages by their URL path (app.py's st.navigation); "ringkasan" is the first page.
PAGES = ("ringkasan", "simulasi", "peringkat", "profil", "skenario", "asumsi", "data", "analisis")
TARGET_BASES = ("own", "custom")
# The national line for regions without a published target of their own (model/targets.py NATIONAL_LINE_CODES).
NATIONAL_TARGET_LINES = ("kemendagri", "rkp2026", "rpjmn", "rpjpn")
# Schema 1 had one national line for every region as a target basis of its own.
_V1_NATIONAL_BASES = ("kemendagri", "rpjmn", "rpjpn")
# How a national pot is shared among the regions on the national levers (model/analysis/pot.py).
POT_SPLITS = ("equal", "need", "optimal")
LANGUAGES = ("id", "en")

# Limits on untrusted input: far above any real scenario, far below anything that could hurt the server.
MAX_FILE_BYTES = 512 * 1024
MAX_DEPTH = 6
MAX_REGIONS = 1_000
MAX_CODE_CHARS = 16
MAX_TEXT_CHARS = 200
MAX_SHOWN_VALUE = 40

# File metadata that older apps wrote beside the levers; read and ignored.
_METADATA_KEYS = ("name", "saved", "format", "schema")


@dataclass(frozen=True)
class NumberSpec:
    """Bounds and resolution of a numeric setting (like `LeverSpec` for levers); step 0: any value."""

    low: float
    high: float
    step: float
    whole: bool


SETTING_SPECS: dict[str, NumberSpec] = {
    "rank_year": NumberSpec(2026, 2045, 1, True),
    "horizon_year": NumberSpec(2030, 2100, 1, True),
    "draws": NumberSpec(0, 10_000, 1, True),
    "seed": NumberSpec(0, 2**31 - 1, 1, True),
    "custom_pct": NumberSpec(1, 100, 0.01, False),
    # The national pot, Rp miliar a year, on the budget lever's resolution (Rp100 juta). The bound is far above
    # any real pot (38 provinces x the Rp500 miliar per-region cap is 19,000); a pot larger than its regions
    # can take is refused when it is split (model/analysis/pot.py), with the largest pot they can take.
    "pot_bn": NumberSpec(0, 300_000, 0.1, False),
}


@dataclass(frozen=True, kw_only=True)
class Target:
    """Which target counts: each region's own published target with the chosen national line for the regions
    that have none (`own`, marked "(nasional)" in the app), or one custom level for every region (`custom`).

    `national_line`: Kemendagri 52.15% (2025), RKP 2026 34.99%, the RPJMN path (32.15% in 2025 to 43.92% in
    2029) or the RPJPN 99.5% (2045), all from data/sources/national.csv."""

    basis: str = "own"
    custom_pct: float = 60.0
    national_line: str = "kemendagri"


@dataclass(frozen=True, kw_only=True)
class Pot:
    """A national pot for the premium budget: Rp `bn` miliar a year shared among the regions by a split rule,
    instead of the same budget in every region (the national budget lever is then not used).

    `equal`: the same share each; `need`: in proportion to each region's uncovered vulnerable workers;
    `optimal`: the split that covers the most workers by December of the rank year (a solver run).
    A region with its own levers (an override) keeps them, its own budget included, and takes no share: the
    pot is shared among the regions that follow the national levers. The budget's start and end years are
    the national ones. A document without a pot (every document before this field) means what it meant.
    """

    bn: float = 0.0
    split: str = "equal"


@dataclass(frozen=True, kw_only=True)
class RunSettings:
    """How results are computed and compared: rank year, horizon, uncertainty (draws and seed)."""

    rank_year: int = 2030
    horizon_year: int = 2045
    uncertainty: bool = True
    draws: int = 100  # Latin hypercube draws when uncertainty is shown
    seed: int = 2024


@dataclass(frozen=True, kw_only=True)
class View:
    """What was on screen: the page, the focus region, the language, presentation mode."""

    page: str = "ringkasan"
    province: str = "15"
    lang: str = "id"
    present: bool = False


@dataclass(frozen=True, kw_only=True)
class ScenarioDocument:
    """One scenario as a value: equal documents give equal results and equal links."""

    levers: Scenario = field(default_factory=Scenario)
    assumptions: tuple[tuple[str, float], ...] = ()  # only the changed ones, sorted by key
    target: Target = field(default_factory=Target)
    settings: RunSettings = field(default_factory=RunSettings)
    view: View = field(default_factory=View)
    pot: Pot | None = None  # None: the budget lever is the same Rp in every region (as before pots existed)

    @classmethod
    def build(
        cls,
        levers: Scenario | None = None,
        assumptions: Mapping[str, float] | None = None,
        **parts: Any,
    ) -> ScenarioDocument:
        """A document with assumptions given as a mapping (stored sorted, so equal content compares equal)."""
        return cls(levers=levers or Scenario(), assumptions=tuple(sorted((assumptions or {}).items())), **parts)

    @property
    def assumption_changes(self) -> dict[str, float]:
        return dict(self.assumptions)

    def with_levers(self, levers: Scenario) -> ScenarioDocument:
        return replace(self, levers=levers)

    def with_view(self, **changes: Any) -> ScenarioDocument:
        return replace(self, view=replace(self.view, **changes))

    def to_json(self) -> dict[str, Any]:
        """The JSON form: `default` and `regions` exactly as `--levers` reads them, plus the rest."""
        return {
            "schema": SCHEMA_VERSION,
            **self.levers.to_dict(),
            "assumptions": dict(self.assumptions),
            "target": _plain(self.target),
            "settings": _plain(self.settings),
            "view": _plain(self.view),
            **({"pot": _plain(self.pot)} if self.pot is not None else {}),
        }

    def to_json_bytes(self, name: str | None = None, saved: str | None = None) -> bytes:
        """A file: the JSON form with optional metadata (name, date saved) that readers ignore."""
        meta = {k: v for k, v in (("name", name), ("saved", saved)) if v is not None}
        return json.dumps({**meta, **self.to_json()}, ensure_ascii=False, indent=2).encode("utf-8")

    @classmethod
    def from_json(cls, data: Any, known_codes: list[str] | None = None) -> ScenarioDocument:
        """Strict: every problem at once as an InputError, or a valid document."""
        return parse_document(data, known_codes)


def _plain(obj: Any) -> dict[str, Any]:
    return {f.name: getattr(obj, f.name) for f in fields(obj)}


# --- migrations -------------------------------------------------------------------------------------------


def _from_legacy(data: dict[str, Any]) -> dict[str, Any]:
    """Version 0 (no `schema`): the `--levers` shape, or an app file with `name`, `format` and `saved`.
    The levers are kept as they are; the other sections take their defaults."""
    return {k: v for k, v in data.items() if k in ("default", "regions", "name", "saved")}


def target_v1_to_v2(target: Any) -> Any:
    """Schema 1's national target bases (one national line for every region, own targets ignored) become the
    `own` basis with that national line: provinces with a published target of their own keep it, the others
    take the line. Anything else passes unchanged (the reader checks it)."""
    if isinstance(target, Mapping) and target.get("basis") in _V1_NATIONAL_BASES:
        return {**target, "basis": "own", "national_line": target["basis"]}
    return target


def _national_line_per_region(data: dict[str, Any]) -> dict[str, Any]:
    """Version 1 -> 2: the national target line is a field of the target (see `target_v1_to_v2`)."""
    if "target" in data:
        data = {**data, "target": target_v1_to_v2(data["target"])}
    return data


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _from_legacy, 1: _national_line_per_region}


def migrate(data: dict[str, Any], version: int) -> dict[str, Any]:
    """Bring JSON of schema `version` to the current one (the caller checked that it is known)."""
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
        data["schema"] = version
    return data


# --- validation ---------------------------------------------------------------------------------------------


class _Collector:
    """Collects problems while a document is read; `lenient` snaps values to their step instead of refusing."""

    def __init__(self, lenient: bool):
        self.lenient = lenient
        self.problems: list[Problem] = []

    def add(self, key: str, where: tuple[str, str], **params: object) -> None:
        """Record a problem; numbers get a Bahasa twin (`value_id`: decimal comma) beside the English one."""
        numbers = {
            f"{k}_id": str(v).replace(".", ",") if _numeric(v) else v for k, v in params.items() if k in _NUMBER_PARAMS
        }
        self.problems.append(Problem(key, {"where_id": where[0], "where_en": where[1], **params, **numbers}))


_NUMBER_PARAMS = ("value", "low", "high", "step", "nearest")


def _numeric(text: object) -> bool:
    try:
        float(str(text))
    except ValueError:
        return False
    return True


def _where(*parts: tuple[str, str] | str) -> tuple[str, str]:
    """A place in both languages, e.g. ('Wilayah 15 · Anggaran iuran', 'Region 15 · Premium budget')."""
    ids, ens = [], []
    for part in parts:
        if isinstance(part, tuple):
            ids.append(part[0])
            ens.append(part[1])
        else:
            ids.append(part)
            ens.append(part)
    return " · ".join(ids), " · ".join(ens)


def _text(key: str, **params: object) -> tuple[str, str]:
    texts = MESSAGES[key]
    return texts["id"].format(**params), texts["en"].format(**params)


def _shown(value: Any) -> str:
    """A value as it may appear in a message: short, whatever the input (a huge string, a deep list)."""
    if isinstance(value, float) and math.isfinite(value):
        text = f"{value:g}"
    elif isinstance(value, (list, dict)):
        text = "[…]" if isinstance(value, list) else "{…}"
    else:
        text = str(value)
    return text if len(text) <= MAX_SHOWN_VALUE else text[: MAX_SHOWN_VALUE - 1] + "…"


def _fmt(x: float) -> str:
    return f"{x:g}"


def _number(value: Any, spec: NumberSpec | Any, where: tuple[str, str], out: _Collector) -> float | int | None:
    """A checked number (bounds, whole, step), or None after recording why not."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        out.add("doc.not_number", where, value=_shown(value))
        return None
    if not math.isfinite(value):
        out.add("doc.not_finite", where, value=_shown(value))
        return None
    if not spec.low <= value <= spec.high:
        out.add("doc.out_of_range", where, value=_fmt(value), low=_fmt(spec.low), high=_fmt(spec.high))
        return None
    if spec.whole and value != int(value):
        out.add("doc.not_whole", where, value=_fmt(value))
        return None
    steps = (value - spec.low) / spec.step if spec.step else 0.0
    if abs(steps - round(steps)) > 1e-6:
        nearest = round(spec.low + round(steps) * spec.step, 9)
        if not out.lenient:
            out.add("doc.off_step", where, value=_fmt(value), step=_fmt(spec.step), nearest=_fmt(nearest))
            return None
        out.add("doc.snapped", where, value=_fmt(value), nearest=_fmt(nearest))
        value = nearest
    return int(value) if spec.whole else float(value)


def _mapping(value: Any, where: tuple[str, str], out: _Collector) -> Mapping[str, Any] | None:
    if not isinstance(value, Mapping):
        out.add("doc.not_object", where, value=_shown(value))
        return None
    return value


def _known_keys(
    data: Mapping[str, Any], allowed: tuple[str, ...] | set[str], where: tuple[str, str], out: _Collector
) -> None:
    for key in data:
        if key not in allowed:
            out.add("doc.unknown_key", where, name=_shown(key), known=", ".join(sorted(allowed)))


_LEVER_KEYS = tuple(f.name for f in fields(Levers))


def _levers(data: Any, base: Levers, where: tuple[str, str], out: _Collector) -> Levers | None:
    """One region's (or the national) levers; missing fields inherit from `base`; `start_year` sets all three
    start years. In lenient mode a bad field keeps the base value."""
    mapping = _mapping(data, where, out)
    if mapping is None:
        return None
    before = len(out.problems)
    _known_keys(mapping, (*_LEVER_KEYS, "start_year"), where, out)
    values: dict[str, Any] = {}
    if "start_year" in mapping:
        spec = LEVER_SPECS["regulation_start"]
        year = _number(mapping["start_year"], spec, _where(where, "start_year"), out)
        if year is not None:
            values |= {"regulation_start": year, "budget_start": year, "outreach_start": year}
    for name in _LEVER_KEYS:
        if name in mapping:
            spec = LEVER_SPECS[name]
            checked = _number(mapping[name], spec, _where(where, (spec.label("id"), spec.label("en"))), out)
            if checked is not None:
                values[name] = checked
    merged = {f: values.get(f, getattr(base, f)) for f in _LEVER_KEYS}
    if merged["budget_end"] < merged["budget_start"]:
        out.add("doc.end_before_start", where, end=merged["budget_end"], start=merged["budget_start"])
        merged["budget_end"] = base.budget_end if base.budget_end >= merged["budget_start"] else merged["budget_start"]
        if not out.lenient:
            return None
    if len(out.problems) > before and not out.lenient:
        return None
    return Levers(**merged)


def lever_problems(data: Any, known_codes: list[str] | None = None) -> list[Problem]:
    """Problems of a `--levers`-shaped object alone (for callers that only take levers)."""
    out = _Collector(lenient=False)
    _scenario(data if isinstance(data, Mapping) else {"default": data}, known_codes, out)
    return out.problems


def _scenario(data: Mapping[str, Any], known_codes: list[str] | None, out: _Collector) -> Scenario:
    default_where = _text("doc.where_default")
    default = Levers()
    if data.get("default") is not None:
        default = _levers(data["default"], Levers(), default_where, out) or Levers()
    overrides: dict[str, Levers] = {}
    regions = data.get("regions")
    if regions is not None:
        regions_where = ("Wilayah", "Regions")
        mapping = _mapping(regions, regions_where, out)
        if mapping is not None and len(mapping) > MAX_REGIONS:
            out.add("doc.too_many", regions_where, count=len(mapping), limit=MAX_REGIONS)
            mapping = None
        known = set(known_codes) if known_codes is not None else None
        for code, values in (mapping or {}).items():
            where = _text("doc.where_region", code=_shown(code))
            if not _valid_code(code):
                out.add("doc.bad_code", where, value=_shown(code), limit=MAX_CODE_CHARS)
                continue
            if known is not None and code not in known:
                examples = ", ".join(list(known_codes or [])[:5])
                out.add("doc.unknown_region", where, value=code, known=examples)
                continue
            levers = _levers(values if values is not None else {}, default, where, out)
            if levers is not None:
                overrides[code] = levers
    return Scenario.build(default, overrides)


def _valid_code(code: Any) -> bool:
    return (
        isinstance(code, str)
        and 0 < len(code) <= MAX_CODE_CHARS
        and all(ch.isascii() and (ch.isalnum() or ch in ".-_") for ch in code)
    )


def _assumptions(data: Any, out: _Collector) -> dict[str, float]:
    from .assumptions import HARD_BOUNDS, default_assumptions, load_assumption_specs

    where = ("Asumsi", "Assumptions")
    mapping = _mapping(data, where, out)
    if mapping is None:
        return {}
    _known_keys(mapping, set(HARD_BOUNDS), where, out)
    defaults = default_assumptions().as_dict()
    labels = {spec.key: (spec.label_id, spec.label_en) for spec in load_assumption_specs()}
    changed: dict[str, float] = {}
    for key, value in mapping.items():
        if key not in HARD_BOUNDS:
            continue
        low, high = HARD_BOUNDS[key]
        label = labels.get(key, (key, key))
        checked = _number(value, NumberSpec(low, high, 0, False), _where(where, label), out)
        if checked is not None and checked != defaults[key]:
            changed[key] = float(checked)
    try:
        default_assumptions().with_values(changed)
    except InputError as error:  # values that are possible one by one but not together
        out.problems.extend(error.problems)
        return {}
    return changed


def _choice(value: Any, allowed: tuple[str, ...], default: str, where: tuple[str, str], out: _Collector) -> str:
    if isinstance(value, str) and value in allowed:
        return value
    out.add("doc.bad_choice", where, value=_shown(value), known=", ".join(allowed))
    return default


def _flag(value: Any, default: bool, where: tuple[str, str], out: _Collector) -> bool:
    if isinstance(value, bool):
        return value
    out.add("doc.bad_choice", where, value=_shown(value), known="true, false")
    return default


def _target(data: Any, out: _Collector) -> Target:
    where = ("Target", "Target")
    mapping = _mapping(data, where, out)
    if mapping is None:
        return Target()
    _known_keys(mapping, ("basis", "custom_pct", "national_line"), where, out)
    base = Target()
    basis = _choice(mapping.get("basis", base.basis), TARGET_BASES, base.basis, _where(where, "basis"), out)
    line = base.national_line
    if "national_line" in mapping:
        where_line = _where(where, "national_line")
        line = _choice(mapping["national_line"], NATIONAL_TARGET_LINES, base.national_line, where_line, out)
    pct = base.custom_pct
    if "custom_pct" in mapping:
        checked = _number(mapping["custom_pct"], SETTING_SPECS["custom_pct"], _where(where, "custom_pct"), out)
        pct = base.custom_pct if checked is None else checked
    return Target(basis=basis, custom_pct=pct, national_line=line)


def _settings(data: Any, out: _Collector) -> RunSettings:
    where = ("Pengaturan", "Settings")
    mapping = _mapping(data, where, out)
    if mapping is None:
        return RunSettings()
    names = tuple(f.name for f in fields(RunSettings))
    _known_keys(mapping, names, where, out)
    base = RunSettings()
    values: dict[str, Any] = {}
    for name in names:
        if name not in mapping:
            continue
        if name == "uncertainty":
            values[name] = _flag(mapping[name], base.uncertainty, _where(where, name), out)
            continue
        checked = _number(mapping[name], SETTING_SPECS[name], _where(where, name), out)
        if checked is not None:
            values[name] = checked
    settings = replace(base, **values)
    if settings.rank_year > settings.horizon_year:
        out.problems.append(
            Problem("doc.rank_after_horizon", {"rank_year": settings.rank_year, "horizon": settings.horizon_year})
        )
        settings = replace(settings, rank_year=base.rank_year, horizon_year=max(base.horizon_year, base.rank_year))
    return settings


def _view(data: Any, known_codes: list[str] | None, out: _Collector) -> View:
    where = ("Tampilan", "View")
    mapping = _mapping(data, where, out)
    if mapping is None:
        return View()
    names = tuple(f.name for f in fields(View))
    _known_keys(mapping, names, where, out)
    base = View()
    values: dict[str, Any] = {}
    if "page" in mapping:
        values["page"] = _choice(mapping["page"], PAGES, base.page, _where(where, "page"), out)
    if "lang" in mapping:
        values["lang"] = _choice(mapping["lang"], LANGUAGES, base.lang, _where(where, "lang"), out)
    if "present" in mapping:
        values["present"] = _flag(mapping["present"], base.present, _where(where, "present"), out)
    if "province" in mapping:
        code = mapping["province"]
        if not _valid_code(code):
            out.add("doc.bad_code", _where(where, "province"), value=_shown(code), limit=MAX_CODE_CHARS)
        elif known_codes is not None and code not in known_codes:
            examples = ", ".join(list(known_codes)[:5])
            out.add("doc.unknown_region", _where(where, "province"), value=code, known=examples)
        else:
            values["province"] = code
    return replace(base, **values)


def _pot(data: Any, out: _Collector) -> Pot | None:
    """The national pot, or None (JSON null or no section: no pot)."""
    if data is None:
        return None
    where = ("Pot nasional", "National pot")
    mapping = _mapping(data, where, out)
    if mapping is None:
        return None
    _known_keys(mapping, ("bn", "split"), where, out)
    base = Pot()
    split = _choice(mapping.get("split", base.split), POT_SPLITS, base.split, _where(where, "split"), out)
    bn = base.bn
    if "bn" in mapping:
        checked = _number(mapping["bn"], SETTING_SPECS["pot_bn"], _where(where, "bn"), out)
        bn = base.bn if checked is None else float(checked)
    return Pot(bn=bn, split=split)


_V1_SECTIONS = ("assumptions", "target", "settings", "view", "pot")
_TOP_KEYS = ("default", "regions", "assumptions", "target", "settings", "view", "pot", *_METADATA_KEYS)


def _read(data: Any, known_codes: list[str] | None, out: _Collector) -> ScenarioDocument:
    mapping = _mapping(data, ("Skenario", "Scenario"), out)
    if mapping is None:
        return ScenarioDocument()
    depth = _depth(mapping)
    if depth > MAX_DEPTH:
        out.problems.append(Problem("doc.too_deep", {"limit": MAX_DEPTH}))
        return ScenarioDocument()
    # A file without `schema` is the `--levers` shape (version 0) unless it uses a later section.
    version = mapping.get("schema", 1 if any(k in mapping for k in _V1_SECTIONS) else 0)
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        out.add("doc.bad_choice", ("schema", "schema"), value=_shown(version), known=f"0–{SCHEMA_VERSION}")
        return ScenarioDocument()
    if version > SCHEMA_VERSION:
        out.problems.append(Problem("doc.future_schema", {"version": version, "latest": SCHEMA_VERSION}))
        return ScenarioDocument()
    _known_keys(mapping, _TOP_KEYS, ("Skenario", "Scenario"), out)
    for key in ("name", "saved"):
        if key in mapping and mapping[key] is not None:
            if not isinstance(mapping[key], str):
                out.add("doc.not_text", (key, key))
            elif len(mapping[key]) > MAX_TEXT_CHARS:
                out.add("doc.too_long", (key, key), limit=MAX_TEXT_CHARS)
    current = migrate(dict(mapping), version)
    return ScenarioDocument.build(
        levers=_scenario(current, known_codes, out),
        assumptions=_assumptions(current.get("assumptions") or {}, out),
        target=_target(current.get("target") or {}, out),
        settings=_settings(current.get("settings") or {}, out),
        view=_view(current.get("view") or {}, known_codes, out),
        pot=_pot(current.get("pot"), out),
    )


def _depth(data: Any) -> int:
    """Nesting depth, counted without recursion (a hostile file may nest thousands of levels)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if level > MAX_DEPTH:
            return level
        if isinstance(item, Mapping):
            stack.extend((v, level + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, level + 1) for v in item)
    return deepest


def parse_document(data: Any, known_codes: list[str] | None = None) -> ScenarioDocument:
    """A document from parsed JSON; raises InputError listing every problem (files: all or nothing)."""
    out = _Collector(lenient=False)
    document = _read(data, known_codes, out)
    if out.problems:
        raise InputError(out.problems)
    return document


def parse_document_lenient(data: Any, known_codes: list[str] | None = None) -> tuple[ScenarioDocument, list[Problem]]:
    """A document with every bad part replaced by its default (values off the step are snapped), and the
    problems found: for links, where opening most of what was shared beats opening nothing."""
    out = _Collector(lenient=True)
    document = _read(data, known_codes, out)
    return document, out.problems


def document_from_json_bytes(raw: bytes, known_codes: list[str] | None = None) -> tuple[ScenarioDocument, str | None]:
    """A scenario file (JSON) -> (document, its name if it has one); InputError with every problem otherwise.

    Size is checked before parsing and depth right after (Python's parser itself refuses extreme nesting),
    so a hostile file costs at most a fraction of a second."""
    if len(raw) > MAX_FILE_BYTES:
        raise InputError([Problem("doc.too_large", {"size": len(raw), "limit": MAX_FILE_BYTES})])
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InputError([Problem("doc.not_json", {"detail": _shown(str(exc))})]) from None
    except json.JSONDecodeError as exc:
        detail = f"{exc.msg} (line {exc.lineno}, column {exc.colno})"
        raise InputError([Problem("doc.not_json", {"detail": detail})]) from None
    except RecursionError:
        raise InputError([Problem("doc.too_deep", {"limit": MAX_DEPTH})]) from None
    document = parse_document(data, known_codes)
    name = data.get("name") if isinstance(data, Mapping) else None
    return document, (name.strip() or None) if isinstance(name, str) else None
