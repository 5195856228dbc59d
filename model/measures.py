"""Measures as typed specs: what each reported figure is called, its unit, its kind and how it is written.

Why: the region and national summaries (`Projection.region_summary` / `national_summary`), the command
line's JSON and CSV columns and the app's exports used to name the same figures as strings in three places.
Now the summaries are ordered by these specs (a test checks that every column has one and every spec a
column), the command line's columns are `region_fields()`, JSON values are cleaned by `Measure.clean`, and a
label in each language comes from the catalogue (`locales/<lang>.yaml`, section `model`, key
`measure.<name>`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

from .catalogue import section

__all__ = ["Measure", "REGION_MEASURES", "NATIONAL_MEASURES", "region_fields", "measure", "label"]

Kind = Literal["text", "flag", "date", "count", "percent", "pp", "year", "rank", "rank_change", "rupiah", "probability"]

# Decimals kept in JSON and CSV output per kind (what is reported, not what is computed).
DECIMALS: dict[str, int] = {"count": 4, "percent": 4, "pp": 4, "rupiah": 4, "probability": 4}
INTEGER_KINDS = ("year", "rank", "rank_change")


@dataclass(frozen=True)
class Measure:
    """One reported figure: `name` is its column or key; `unit` is written after numbers in exports.

    exported: shown in the command line's columns and the app's exports (internal columns that only the app's
    pages use are not). draws_only: present only with Monte Carlo draws. integer: counts written without
    decimals (people, not fractions of people).
    """

    name: str
    kind: Kind
    unit: str = ""
    exported: bool = True
    draws_only: bool = False
    integer: bool = False

    @property
    def label_key(self) -> str:
        return f"measure.{self.name}"

    def label(self, lang: str = "id") -> str:
        """The measure's name for people, in `lang` (English if the language has none)."""
        texts = _labels().get(self.label_key, {})
        return texts.get(lang) or texts.get("en") or self.name

    def clean(self, value: Any) -> Any:
        """A JSON-friendly value: NaN and None become null, years/ranks/whole counts become integers."""
        if value is None:
            return None
        if hasattr(value, "item"):
            value = value.item()
        if isinstance(value, float) and math.isnan(value):
            return None
        if self.kind == "flag":
            return bool(value)
        if self.kind in INTEGER_KINDS or self.integer:
            return round(float(value))
        if isinstance(value, float):
            return round(value, DECIMALS.get(self.kind, 4))
        return value


def _labels() -> dict[str, dict[str, str]]:
    return section("model")


R = Measure
REGION_MEASURES: tuple[Measure, ...] = (
    R("code", "text"),
    R("name", "text"),
    R("status", "text"),
    R("potential_status", "text", exported=False),
    R("as_of", "date"),
    R("potential_workers", "count", "workers", integer=True),
    R("active_participants", "count", "workers", integer=True),
    R("coverage_now", "percent", "%"),
    R("target_pct", "percent", "%"),
    R("target_status_source", "text", exported=False),
    R("target_own", "flag", exported=False),
    R("workers_gap_now", "count", "workers"),
    R("funded_workers", "count", "workers"),
    R("apbdes_funded_workers", "count", "workers"),
    R("village_potential", "count", "workers", integer=True),
    R("village_coverage_now", "percent", "%"),
    R("village_coverage_rank_year_baseline", "percent", "%"),
    R("village_coverage_rank_year", "percent", "%"),
    R("village_gap_rank_year", "count", "workers"),
    R("year_target_reached_baseline", "year"),
    R("year_target_reached", "year"),
    R("target_status_baseline", "text"),
    R("target_status", "text"),
    R("date_target_reached_baseline", "date"),
    R("date_target_reached", "date"),
    R("coverage_rank_year_baseline", "percent", "%"),
    R("coverage_rank_year", "percent", "%"),
    R("rank_now", "rank"),
    R("rank_now_tied", "flag", exported=False),
    R("rank_baseline", "rank"),
    R("rank_new", "rank"),
    R("rank_change", "rank_change"),
    R("additional_covered_rank_year", "count", "workers"),
    R("budget_spent_rank_year_rp", "rupiah", "Rp"),
    R("cost_per_additional_worker_rp", "rupiah", "Rp"),
    R("trend_pp_per_year", "pp", "pp/year"),
    R("coverage_rank_year_p10", "percent", "%", draws_only=True),
    R("coverage_rank_year_p90", "percent", "%", draws_only=True),
    R("prob_target_by_rank_year_baseline", "probability", draws_only=True),
    R("prob_target_by_rank_year", "probability", draws_only=True),
    R("prob_target_by_horizon", "probability", draws_only=True),
    R("prob_rank_changes", "probability", draws_only=True),
)

NATIONAL_MEASURES: tuple[Measure, ...] = (
    R("regions", "count", "regions", integer=True),
    R("regions_estimated", "count", "regions", integer=True),
    R("potential_workers", "count", "workers", integer=True),
    R("active_participants", "count", "workers", integer=True),
    R("coverage_now", "percent", "%"),
    R("rank_year", "year"),
    R("coverage_rank_year_baseline", "percent", "%"),
    R("coverage_rank_year", "percent", "%"),
    R("regions_at_target_by_rank_year_baseline", "count", "regions", integer=True),
    R("regions_at_target_by_rank_year", "count", "regions", integer=True),
    R("additional_covered_rank_year", "count", "workers"),
    R("funded_workers", "count", "workers"),
    R("apbdes_funded_workers", "count", "workers"),
    R("budget_spent_rank_year_rp", "rupiah", "Rp"),
    R("village_coverage_now", "percent", "%"),
    R("village_coverage_rank_year_baseline", "percent", "%"),
    R("village_coverage_rank_year", "percent", "%"),
    R("village_gap_rank_year", "count", "workers"),
    R("horizon_year", "year"),
    R("draws", "count", integer=True),
    R("seed", "count", integer=True),
    R("coverage_rank_year_p10", "percent", "%", draws_only=True),
    R("coverage_rank_year_p90", "percent", "%", draws_only=True),
)
del R

_REGION_BY_NAME = {m.name: m for m in REGION_MEASURES}
_NATIONAL_BY_NAME = {m.name: m for m in NATIONAL_MEASURES}


def region_fields(*, with_draws: bool = True) -> tuple[str, ...]:
    """The exported region columns, in order (the command line's CSV and JSON, the app's exports)."""
    return tuple(m.name for m in REGION_MEASURES if m.exported and (with_draws or not m.draws_only))


def measure(name: str, level: Literal["region", "national"] = "region") -> Measure:
    """The spec of a region (default) or national measure; KeyError if there is none."""
    return (_REGION_BY_NAME if level == "region" else _NATIONAL_BY_NAME)[name]


def label(name: str, lang: str = "id", level: Literal["region", "national"] = "region") -> str:
    return measure(name, level).label(lang)
