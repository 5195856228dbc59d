"""Policy packages that stack: named bundles of lever settings a workshop group combines into one scenario.

A package is what a regional government would actually decide ("Perda + perizinan", "APBD Rp10 miliar untuk
nelayan", "jaringan agen"); a scenario is one or more packages on top of the levers already set.

**How two packages touching the same lever combine** (the rule shown in the app and the README):

- *Regulation*: the **highest** level wins. Levels are nested (a Perda with licensing includes what a Perda
  does), so two regulations are not added.
- *Budget*: amounts **add up** (two funding lines in the APBD are two amounts of money), capped at the lever's
  maximum (Rp500 miliar a year).
- *Outreach*: intensities **add up**, capped at 100%. The model's diminishing returns still apply, so two
  campaigns of 30% do less than twice one.
- *Start years*: a lever starts with the **earliest** package that uses it; a budget ends with the **latest**
  package that funds it. A package that does not use a lever leaves its years alone.

Packages apply in the order given, on top of the scenario's own levers (the "base"), and the result does not
depend on the order (each rule is commutative). Packages may be limited to some regions: they then become
those regions' own levers (overrides), stacked on what each region already had.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

from .levers import LEVER_SPECS, Levers, Scenario, levers_from_mapping
from .messages import InputError, Problem, render

__all__ = ["Package", "PACKAGES", "package", "combine", "stack_levers", "package_label", "COMBINE_RULES"]

# lever -> how two values combine; also read by the UI to explain the rule.
COMBINE_RULES: dict[str, str] = {
    "regulation_level": "max",
    "budget_bn": "sum",
    "outreach_pct": "sum",
    "apbdes_bn": "sum",
    "regulation_start": "min",
    "budget_start": "min",
    "outreach_start": "min",
    "budget_end": "max",
}
_START_OF = {
    "regulation_level": "regulation_start",
    "budget_bn": "budget_start",
    "outreach_pct": "outreach_start",
    "apbdes_bn": "budget_start",  # the village budget runs in the budget's years
}


@dataclass(frozen=True)
class Package:
    """A named set of lever values. Labels and descriptions live in the catalogue (`package.<id>.*`)."""

    id: str
    levers: Mapping[str, float]
    start_year: int | None = None  # None: the base scenario's start years
    budget_end: int | None = None

    def label(self, lang: str = "id") -> str:
        return render(f"package.{self.id}.label", lang, {})

    def about(self, lang: str = "id") -> str:
        return render(f"package.{self.id}.about", lang, {})


PACKAGES: dict[str, Package] = {
    p.id: p
    for p in (
        Package("pergub", {"regulation_level": 1}),
        Package("perda", {"regulation_level": 2}),
        Package("perda_perizinan", {"regulation_level": 3}),
        Package("apbd_5", {"budget_bn": 5}),
        Package("apbd_10_nelayan", {"budget_bn": 10}),
        Package("sosialisasi_desa", {"outreach_pct": 20}),
        Package("jaringan_agen", {"outreach_pct": 40}),
    )
}


def package(package_id: str) -> Package:
    try:
        return PACKAGES[package_id]
    except KeyError:
        known = ", ".join(PACKAGES)
        raise InputError([Problem("package_unknown", {"name": package_id, "known": known})]) from None


def package_label(package_id: str, lang: str = "id") -> str:
    """The package's name in `lang`, or the id itself for a package this version does not know (from a store
    written by another version)."""
    return PACKAGES[package_id].label(lang) if package_id in PACKAGES else package_id


def _cap(name: str, value: float) -> float:
    spec = LEVER_SPECS[name]
    return min(max(value, spec.low), spec.high)


def stack_levers(base: Levers, packs: Iterable[Package]) -> Levers:
    """`base` with every package applied by the rules above (COMBINE_RULES)."""
    values: dict[str, Any] = base.to_dict()
    used = {name: getattr(base, name) != 0 for name in _START_OF}  # a lever at zero has no start year yet
    for pack in packs:
        for name, amount in pack.levers.items():
            if COMBINE_RULES[name] == "max":
                values[name] = max(values[name], amount)
            else:
                values[name] = _cap(name, values[name] + amount)
            start = _START_OF[name]
            if pack.start_year is not None:
                values[start] = min(values[start], pack.start_year) if used[name] else pack.start_year
            if name == "budget_bn":
                end = 2100 if pack.budget_end is None else pack.budget_end  # 2100: the budget continues
                values["budget_end"] = max(values["budget_end"], end) if used[name] else end
            used[name] = True
    return replace(base, **{f.name: values[f.name] for f in fields(Levers)})


def combine(
    package_ids: Sequence[str],
    base: Scenario | Mapping[str, Any] | None = None,
    regions: Sequence[str] | None = None,
) -> Scenario:
    """A scenario made of `package_ids` stacked on `base` (a Scenario or a `--levers` document).

    With `regions`, the packages apply only to those regions (as their own levers); otherwise to the national
    levers and to every region that already has its own.
    """
    packs = [package(pid) for pid in package_ids]
    if base is None:
        scenario = Scenario()
    elif isinstance(base, Scenario):
        scenario = base
    else:
        scenario = Scenario.from_dict({k: v for k, v in base.items() if k in ("default", "regions")})
    overrides = dict(scenario.overrides)
    if regions:
        for code in regions:
            overrides[str(code)] = stack_levers(scenario.for_region(str(code)), packs)
        return Scenario.build(scenario.default, overrides)
    default = stack_levers(scenario.default, packs)
    return Scenario.build(default, {code: stack_levers(levers, packs) for code, levers in overrides.items()})


def parse_package_list(value: Any) -> list[str]:
    """Package ids from a document's `packages` field (a list of strings), unknown ids refused."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError([Problem("bad_lever", {"name": "packages", "detail": "expected a list of package ids"})])
    for pid in value:
        package(pid)
    return list(value)


def levers_of(package_id: str) -> Levers:
    """The package alone on zero levers (what the app shows next to its name)."""
    return stack_levers(levers_from_mapping({}), [package(package_id)])
