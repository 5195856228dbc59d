"""Policy levers: what a regional government decides (regulation, budget, outreach), each with a start year.

`LEVER_SPECS` is the one declarative description of every lever (bounds, default, step; labels, help and unit
in the text catalogue) that validation, the scenario document (model/scenario.py) and the UI's widgets are
generated from. `Levers` is frozen and keyword-only, so a call can never
swap two values and the UI can cache on it. `Scenario` is national levers plus per-region overrides.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from .messages import MESSAGES, InputError, Problem

__all__ = ["LeverSpec", "LEVER_SPECS", "REGULATION_LEVELS", "Levers", "PotShares", "Scenario", "levers_from_mapping"]

FIRST_START_YEAR = 2025
LAST_START_YEAR = 2045
DEFAULT_START_YEAR = 2027  # the next APBD year when the app is used (late 2026)
BUDGET_NO_END = 2100  # a budget ending in 2100 continues past any horizon


@dataclass(frozen=True)
class LeverSpec:
    """Bounds, default and step of one lever; its label, help and unit come from the text catalogue
    (`locales/<lang>.yaml`, section `model`, keys `lever.<name>.label|help|unit`).

    `step` is the lever's resolution: a scenario document holds only multiples of it, and the app's widget for
    the lever uses the same step, so any valid value can be shown by its widget and comes back unchanged.
    `whole` levers (the level and the years) are integers.
    """

    name: str
    low: float
    high: float
    default: float
    step: float
    whole: bool = False

    def label(self, lang: str) -> str:
        return _lever_text(self.name, "label", lang)

    def help(self, lang: str) -> str:
        return _lever_text(self.name, "help", lang)

    def unit(self, lang: str) -> str:
        return _lever_text(self.name, "unit", lang)

    @property
    def label_id(self) -> str:
        return self.label("id")

    @property
    def label_en(self) -> str:
        return self.label("en")

    @property
    def unit_id(self) -> str:
        return self.unit("id")

    @property
    def unit_en(self) -> str:
        return self.unit("en")

    def on_grid(self, value: float) -> bool:
        """True when `value` is a multiple of the step counted from `low` (to float rounding)."""
        steps = (value - self.low) / self.step
        return abs(steps - round(steps)) < 1e-6

    def snap(self, value: float) -> float | int:
        """The nearest valid value: clipped to [low, high] and rounded to the step."""
        clipped = min(max(value, self.low), self.high)
        snapped = round(self.low + round((clipped - self.low) / self.step) * self.step, 9)
        return int(snapped) if self.whole else float(snapped)


def _lever_text(name: str, part: str, lang: str) -> str:
    texts = MESSAGES[f"lever.{name}.{part}"]
    return texts.get(lang, texts["en"])


REGULATION_LEVELS: dict[int, dict[str, str]] = {
    level: {lang: _lever_text("regulation_level", f"level{level}", lang) for lang in ("id", "en")} for level in range(4)
}

# Resolutions: Rp100 juta of budget, half a point of outreach (a saved 42.5 stays 42.5), whole years.
LEVER_SPECS: dict[str, LeverSpec] = {
    spec.name: spec
    for spec in (
        LeverSpec("regulation_level", 0, 3, 0, 1, whole=True),
        LeverSpec("budget_bn", 0, 500, 0, 0.1),
        LeverSpec("outreach_pct", 0, 100, 0, 0.5),
        # Village budgets (APBDes) paying premiums of village apparatus and institutions; acts only where the
        # table gives that segment (its uncovered members are the cap), in the budget's years and paid months.
        LeverSpec("apbdes_bn", 0, 100, 0, 0.1),
        LeverSpec("regulation_start", FIRST_START_YEAR, LAST_START_YEAR, DEFAULT_START_YEAR, 1, whole=True),
        LeverSpec("budget_start", FIRST_START_YEAR, LAST_START_YEAR, DEFAULT_START_YEAR, 1, whole=True),
        LeverSpec("budget_end", FIRST_START_YEAR, BUDGET_NO_END, BUDGET_NO_END, 1, whole=True),
        LeverSpec("outreach_start", FIRST_START_YEAR, LAST_START_YEAR, DEFAULT_START_YEAR, 1, whole=True),
    )
}


@dataclass(frozen=True, kw_only=True)
class Levers:
    """One region's policy: regulation level 0-3, budget in Rp billion a year, outreach 0-100%, the village budget
    (APBDes, Rp billion a year, for village apparatus and institutions), start years (APBDes: the budget's)."""

    regulation_level: int = 0
    budget_bn: float = 0.0
    outreach_pct: float = 0.0
    apbdes_bn: float = 0.0
    regulation_start: int = DEFAULT_START_YEAR
    budget_start: int = DEFAULT_START_YEAR
    budget_end: int = BUDGET_NO_END
    outreach_start: int = DEFAULT_START_YEAR

    def __post_init__(self) -> None:
        problems = _lever_problems(self)
        if problems:
            raise InputError(problems)

    @property
    def is_zero(self) -> bool:
        """True when no lever is used: the result is then exactly the baseline."""
        return self.regulation_level == 0 and self.budget_bn == 0 and self.outreach_pct == 0 and self.apbdes_bn == 0

    def with_start_year(self, year: int) -> Levers:
        return replace(self, regulation_start=year, budget_start=year, outreach_start=year)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _lever_problems(levers: Levers) -> list[Problem]:
    problems = []
    for f in fields(levers):
        spec = LEVER_SPECS[f.name]
        value = getattr(levers, f.name)
        labels = {"label_id": spec.label_id, "label_en": spec.label_en, "value": value}
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            problems.append(Problem("lever_not_number", labels))
        elif not spec.low <= value <= spec.high:
            bounds = {"low": f"{spec.low:g}", "high": f"{spec.high:g}"}
            bounds |= {"unit_id": spec.unit_id, "unit_en": spec.unit_en}
            problems.append(Problem("lever_out_of_range", {**labels, "value": f"{value:g}", **bounds}))
        elif spec.whole and float(value) != int(value):
            problems.append(Problem("lever_not_whole", labels))
    if not problems and levers.budget_end < levers.budget_start:
        problems.append(Problem("lever_end_before_start", {"end": levers.budget_end, "start": levers.budget_start}))
    return problems


def levers_from_mapping(values: Mapping[str, Any], base: Levers | None = None) -> Levers:
    """Build Levers from JSON-like input; `start_year` sets all three start years; unknown keys are errors."""
    base = base or Levers()
    known = {f.name for f in fields(Levers)}
    data = dict(values)
    allowed = known | {"start_year"}
    problems = [
        Problem("lever_unknown", {"name": k, "known": ", ".join(sorted(allowed))}) for k in data if k not in allowed
    ]
    if problems:
        raise InputError(problems)
    start = data.pop("start_year", None)
    if start is not None:
        base = replace(base, regulation_start=start, budget_start=start, outreach_start=start)
    try:
        return replace(base, **data)
    except TypeError as exc:
        raise InputError([Problem("bad_lever", {"name": "?", "detail": str(exc)})]) from None


_DOCUMENT_SECTIONS = ("schema", "name", "saved", "format", "assumptions", "target", "settings", "view", "pot")


@dataclass(frozen=True)
class PotShares:
    """How a national pot was shared (model/analysis/pot.py): the pot (Rp miliar a year), the split rule, the
    year the optimal rule maximises covered workers in, and each region's share. The shares themselves are in
    the scenario's per-region levers; this note says where they came from (exports, the brief, the app)."""

    bn: float
    split: str
    by_year: int
    shares: tuple[tuple[str, float], ...]
    own: tuple[str, ...] = ()  # regions with their own levers: they keep them and take no share

    def to_dict(self) -> dict[str, Any]:
        return {
            "bn": self.bn,
            "split": self.split,
            "by_year": self.by_year,
            "shares": dict(self.shares),
            "own_levers": list(self.own),
        }


@dataclass(frozen=True)
class Scenario:
    """National levers applied to every region, with per-region overrides keyed by region code."""

    default: Levers = field(default_factory=Levers)
    overrides: tuple[tuple[str, Levers], ...] = ()
    # Set when the budgets come from a national pot (the shares are overrides; this says how they were made).
    pot: PotShares | None = None

    @classmethod
    def build(cls, default: Levers | None = None, overrides: Mapping[str, Levers] | None = None) -> Scenario:
        items = tuple(sorted((overrides or {}).items()))
        return cls(default or Levers(), items)

    def for_region(self, code: str) -> Levers:
        return dict(self.overrides).get(code, self.default)

    @property
    def is_zero(self) -> bool:
        return self.default.is_zero and all(lv.is_zero for _, lv in self.overrides)

    @property
    def own_overrides(self) -> tuple[tuple[str, Levers], ...]:
        """The regions' own levers, without the shares a national pot gave the others."""
        if self.pot is None:
            return self.overrides
        own = set(self.pot.own)
        return tuple((code, lv) for code, lv in self.overrides if code in own)

    def check_codes(self, known_codes: list[str]) -> None:
        """Overrides must name regions that exist; otherwise say which, and give examples of known codes."""
        known = set(known_codes)
        unknown = [code for code, _ in self.overrides if code not in known]
        if unknown:
            examples = ", ".join(known_codes[:5])
            raise InputError([Problem("unknown_region", {"value": c, "known": examples}) for c in unknown])

    def to_dict(self) -> dict[str, Any]:
        return {"default": self.default.to_dict(), "regions": {c: lv.to_dict() for c, lv in self.overrides}}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], base: Levers | None = None) -> Scenario:
        """Parse `{"default": {...}, "regions": {"CODE": {...}}}`; region levers inherit from the default."""
        if not isinstance(data, Mapping):
            raise InputError([Problem("bad_lever", {"name": "levers", "detail": "expected a JSON object"})])
        # A scenario document (model/scenario.py) is a superset of this shape: its other sections are not levers.
        unknown = [k for k in data if k not in ("default", "regions", *_DOCUMENT_SECTIONS)]
        if unknown:
            detail = f"unknown keys {unknown}; expected 'default' and 'regions'"
            raise InputError([Problem("bad_lever", {"name": "levers", "detail": detail})])
        default = levers_from_mapping(data.get("default") or {}, base)
        regions = data.get("regions") or {}
        if not isinstance(regions, Mapping):
            raise InputError([Problem("bad_lever", {"name": "regions", "detail": "expected an object"})])
        overrides = {str(code): levers_from_mapping(values or {}, default) for code, values in regions.items()}
        return cls.build(default, overrides)
