"""Targets by region and year: a province's own published targets where they exist, a national line elsewhere.

Kemendagri sets each province's UCJ target per year, and some provinces publish a roadmap (Riau 55% in 2025
to 85% in 2029), so a target is a path over years, not one number. Where a province has no published target
of its own, the user chooses which national line stands in for it, and that target is marked as not the
province's own. Before a province's first published year its first target applies; after its last published
year the last one stays in force (a roadmap that ends is not extrapolated).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "NATIONAL_LINES",
    "DEFAULT_NATIONAL_LINE",
    "NATIONAL_LINE_CODES",
    "national_line",
    "TargetPaths",
    "target_paths",
]

# key -> how the line runs (documented in data/sources/national.csv).
NATIONAL_LINES: tuple[str, ...] = ("kemendagri_2025", "rkp_2026", "rpjmn", "rpjpn_2045")
DEFAULT_NATIONAL_LINE = "kemendagri_2025"
# The short codes users type and links carry (CLI --national-target, the scenario document, `nl=` in a link),
# in the order they are offered. Each line is sourced in data/sources/national.csv (ayonusa.com/berita/news-97831).
NATIONAL_LINE_CODES: dict[str, str] = {
    "kemendagri": "kemendagri_2025",
    "rkp2026": "rkp_2026",
    "rpjmn": "rpjmn",
    "rpjpn": "rpjpn_2045",
}


def national_line(name: str, years: np.ndarray, national: dict[str, float]) -> np.ndarray:
    """Target in percent for each year under one national line.

    kemendagri_2025: the Kemendagri 2025 target (52.15%) every year; rkp_2026: the RKP 2026 target every year;
    rpjmn: the RPJMN path, linear from 2025 to 2029 and held after; rpjpn_2045: the RPJPN 99.5% every year.
    """
    years = np.asarray(years, dtype=float)
    if name == "kemendagri_2025":
        return np.full(years.shape, national["target_kemendagri_2025_pct"])
    if name == "rkp_2026":
        return np.full(years.shape, national["target_rkp_2026_pct"])
    if name == "rpjmn":
        start, end = national["target_rpjmn_2025_pct"], national["target_rpjmn_2029_pct"]
        return np.interp(years, [2025, 2029], [start, end])
    if name == "rpjpn_2045":
        return np.full(years.shape, national["target_rpjpn_2045_pct"])
    raise ValueError(f"unknown national line {name!r}; expected one of {', '.join(NATIONAL_LINES)}")


@dataclass(frozen=True)
class TargetPaths:
    """Targets (percent) per region and calendar year, and whether each region's target is its own."""

    years: np.ndarray  # (Y,)
    pct: np.ndarray  # (R, Y)
    own: np.ndarray  # (R,) bool

    def for_months(self, month_years: np.ndarray) -> np.ndarray:
        """(R, T) target in force in each month (the target of the month's calendar year)."""
        index = np.clip(np.searchsorted(self.years, month_years), 0, len(self.years) - 1)
        return self.pct[:, index]

    def in_year(self, year: int) -> np.ndarray:
        index = int(np.clip(np.searchsorted(self.years, year), 0, len(self.years) - 1))
        return self.pct[:, index]


def target_paths(
    frame: pd.DataFrame,
    years: np.ndarray,
    *,
    targets: pd.DataFrame | None,
    national: dict[str, float],
    line: str = DEFAULT_NATIONAL_LINE,
    override_pct: float | None = None,
) -> TargetPaths:
    """Target paths for every region of `frame` (code-sorted) over `years`.

    - `override_pct`: one target for every region and year (the user's choice, e.g. a workshop's own aim);
    - a region with rows in `targets` (code, year, target_pct): its own published path;
    - otherwise a region whose table marks its target as sourced (`target_status` not 'estimate', e.g. an
      official upload): its `target_pct` every year;
    - otherwise the national `line`, marked as not the region's own.
    """
    years = np.asarray(years, dtype=np.int64)
    n = len(frame)
    if override_pct is not None:
        return TargetPaths(years, np.full((n, len(years)), float(override_pct)), np.zeros(n, dtype=bool))
    fallback = national_line(line, years, national)
    status = frame["target_status"].astype(str).to_numpy() if "target_status" in frame else np.full(n, "reported")
    table_pct = frame["target_pct"].to_numpy(float)
    pct = np.where((status == "estimate")[:, None], fallback[None, :], table_pct[:, None])
    own = status != "estimate"
    if targets is not None and len(targets):
        published = targets.dropna(subset=["target_pct"]).sort_values(["code", "year"])
        row_of = {code: i for i, code in enumerate(frame["code"].astype(str))}
        for code, rows in published.groupby(published["code"].astype(str), sort=False):
            i = row_of.get(code)
            if i is None:
                continue
            # Latest published year at or before each year; the first published target before that.
            pub_years = rows["year"].to_numpy(np.int64)
            pub_pct = rows["target_pct"].to_numpy(float)
            k = np.clip(np.searchsorted(pub_years, years, side="right") - 1, 0, len(pub_years) - 1)
            pct[i] = pub_pct[k]
            own[i] = True
    return TargetPaths(years, pct, own)
