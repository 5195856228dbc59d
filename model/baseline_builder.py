"""Build the shipped baseline (data/regions.csv) from the sourced facts, applying the gap rule openly.

Inputs are the hand-entered, cited tables in data/ and data/sources/; the rule for gaps follows
shared/design/data-facts.md section 8: a sourced figure is `reported`, a figure computed from sourced ones is
`derived` (formula in the note), and anything filled by a rule is `estimate`:
- potential workers = 2024 population x the median potential/population ratio of six provinces that have both;
- coverage = the national figure (35.68%, Apr 2025);
- informal share = the national BPS share; labour-force growth = the province's BPS population growth.
Run `python -m model build-baseline` to regenerate; a test checks the shipped file equals this output.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .data import REGION_COLUMNS, load_national, load_observations, load_targets
from .paths import REGIONS_CSV, SOURCES_DIR

__all__ = ["RATIO_CODES", "CURRENT_YEAR", "potential_ratio", "build_regions", "write_regions"]

# The six provinces whose sourced potential and BPS population give the estimation ratio (data-facts §7).
RATIO_CODES = ("15", "18", "52", "51", "73", "11")
# Targets are taken for the latest year up to this one: the year the app is used in.
CURRENT_YEAR = 2026


def _sources() -> dict[str, pd.DataFrame]:
    return {
        "provinces": pd.read_csv(SOURCES_DIR / "provinces.csv", dtype={"code": str}),
        "population": pd.read_csv(SOURCES_DIR / "population_2024.csv", dtype={"code": str}),
        "informal": pd.read_csv(SOURCES_DIR / "informal_share.csv", dtype={"code": str}),
    }


def potential_ratio(observations: pd.DataFrame, population: pd.DataFrame) -> tuple[float, dict[str, float]]:
    """Median of sourced potential workers / 2024 population over RATIO_CODES (the latest sourced potential)."""
    ratios: dict[str, float] = {}
    for code in RATIO_CODES:
        obs = observations[(observations["code"] == code) & observations["potential_workers"].notna()]
        pop = population.loc[population["code"] == code, "population_thousand"]
        if obs.empty or pop.empty:
            continue  # a ratio province without a sourced potential (or population) simply does not vote
        latest = obs.sort_values("date").iloc[-1]
        ratios[code] = float(latest["potential_workers"] / (float(pop.iloc[0]) * 1000))
    if not ratios:
        raise ValueError("no ratio province has both a sourced potential and a population")
    return float(np.median(list(ratios.values()))), ratios


def _estimated_population(code: str, sources: dict[str, pd.DataFrame], national: dict[str, float], ratio: float):
    """Population for the potential-worker estimate, with the rule used (None if the province has a sourced one)."""
    population = sources["population"].set_index("code")["population_thousand"] * 1000
    if code in population.index:
        return float(population[code]), "BPS/Dukcapil 2024 population"
    # Papua Tengah and Papua Pegunungan: no population found; split the rest of Papua island equally.
    known = sum(float(population[c]) for c in ("93", "96")) + national["papua_barat_population_dukcapil"]
    papua_estimate = 240_009 / ratio
    rest = national["papua_island_population"] - known - papua_estimate
    rule = (
        "population ESTIMATED as half of Papua island (Dukcapil 2024, 5,649,552) minus Papua Selatan, "
        "Papua Barat, Papua Barat Daya (Dukcapil) and Papua (240,009 potential / ratio)"
    )
    return rest / 2, rule


# Why each province without a sourced coverage figure stays on the estimate (a test lists them; at most 3).
ESTIMATE_REASONS: dict[str, str] = {
    "32": "no provincial coverage figure found (searched: capaian UCJ / cakupan kepesertaan Jawa Barat); the "
    "Kemnaker count of 4.96 M (Feb 2025) is by employer, not by NIK domicile, so it cannot give a coverage",
    "76": "no provincial coverage figure found (searched: Sulawesi Barat / Mamuju); the Kemnaker count of 65.3 "
    "thousand (Feb 2025) is by employer and the Kanwil's 2021 list of its provinces names only seven",
    "95": "no figure found for the province formed in 2022 (searched: Papua Pegunungan / Jayawijaya / Wamena)",
}


def build_regions(observations: pd.DataFrame | None = None, until: pd.Timestamp | None = None) -> pd.DataFrame:
    """The baseline table: one row per province with per-field status, source and a note on every rule used.

    `observations` (default: the shipped ones) and `until` (keep only figures dated on or before it) let the
    backtest rebuild the baseline as it would have been on a past date.
    """
    sources = _sources()
    national = load_national()
    observations = load_observations() if observations is None else observations
    if until is not None:
        observations = observations[observations["date"] <= until]
    targets = load_targets()
    ratio, _ = potential_ratio(observations, sources["population"])
    growth = sources["population"].set_index("code")["growth_pct"]
    informal = sources["informal"].set_index("code")
    rows = []
    for province in sources["provinces"].itertuples(index=False):
        code = province.code
        obs = observations[observations["code"] == code].sort_values("date")
        notes: list[str] = []
        row: dict[str, object] = {"code": code, "name": province.name, "lat": province.lat, "lon": province.lon}
        dated = obs[obs["date_precision"] != "approx"]
        if len(dated):
            current = dated.iloc[-1]
            row["as_of"] = current["date"].date().isoformat()
            coverage = float(current["coverage_pct"])
            row["coverage_status"] = current["status"]
            sources_used = [str(current["source"])]
            potential, potential_status = _potential(current, obs, notes, sources_used)
            participants = current["active_participants"]
            if pd.isna(potential) and pd.notna(participants):
                potential, potential_status = participants / (coverage / 100), "derived"
                notes.append(f"potential DERIVED = participants {participants:,.0f} / {coverage}%")
            if pd.isna(potential):
                pop, rule = _estimated_population(code, sources, national, ratio)
                potential, potential_status = pop * ratio, "estimate"
                notes.append(f"potential ESTIMATED = {rule} x ratio {ratio:.4f}")
            if pd.isna(participants) or not _same_figure(current, potential):
                participants = coverage / 100 * potential
                notes.append(f"participants DERIVED = {coverage}% x potential")
            row["formal_participants"] = current["formal_participants"]
            row["informal_participants"] = current["informal_participants"]
            row["source"] = "; ".join(dict.fromkeys(sources_used))
        else:
            row["as_of"] = "2025-04-01"
            pop, rule = _estimated_population(code, sources, national, ratio)
            potential, potential_status = pop * ratio, "estimate"
            coverage = national["coverage_pct"]
            participants = coverage / 100 * potential
            row["coverage_status"] = "estimate"
            row["formal_participants"] = row["informal_participants"] = np.nan
            row["source"] = "ayonusa.com/berita/news-97831 (national coverage); BPS 2024 population"
            why = ESTIMATE_REASONS.get(code, "no provincial coverage figure dated on or before this date")
            notes.append(
                f"{why}: coverage ESTIMATED = national {coverage}% (Apr 2025); "
                f"potential ESTIMATED = {rule} x ratio {ratio:.4f}"
            )
        row["potential_workers"] = round(float(potential))
        row["active_participants"] = round(float(participants))
        row["coverage_pct"] = round(100 * row["active_participants"] / row["potential_workers"], 2)
        row["potential_status"] = potential_status
        _add_target(row, targets, national, notes)
        _add_informal(row, informal, national, notes)
        if code in growth.index and pd.notna(growth[code]):
            row["labour_growth_pct"] = float(growth[code])
            notes.append("labour-force growth ESTIMATED = BPS 2024 population growth")
        else:
            row["labour_growth_pct"] = round(national["labour_growth_pct"], 2)
            notes.append("labour-force growth ESTIMATED = population-weighted national BPS growth")
        row["growth_status"] = "estimate"
        row["status"] = row["coverage_status"]
        row["note"] = "; ".join(notes)
        rows.append(row)
    frame = pd.DataFrame(rows)[list(REGION_COLUMNS)]
    return frame.sort_values("code").reset_index(drop=True)


def _potential(current: pd.Series, obs: pd.DataFrame, notes: list[str], sources_used: list[str]):
    """Potential workers from the current observation, else from the nearest other dated figure."""
    if pd.notna(current["potential_workers"]):
        return float(current["potential_workers"]), str(current["potential_status"])
    others = obs[obs["potential_workers"].notna()]
    if len(others):
        other = others.iloc[-1]
        notes.append(f"potential from the figure of {other['date'].date().isoformat()}")
        sources_used.append(str(other["source"]))
        return float(other["potential_workers"]), str(other["potential_status"])
    return np.nan, ""


def _same_figure(current: pd.Series, potential: float) -> bool:
    """True when the observation's own participant count belongs to the potential used."""
    if pd.isna(current["active_participants"]):
        return False
    if pd.notna(current["potential_workers"]):
        return True
    implied = current["active_participants"] / (current["coverage_pct"] / 100)
    return abs(implied - potential) / potential < 0.01


def _add_target(row: dict, targets: pd.DataFrame, national: dict[str, float], notes: list[str]) -> None:
    own = targets[(targets["code"] == row["code"]) & (targets["year"] <= CURRENT_YEAR)].sort_values("year")
    if len(own):
        latest = own.iloc[-1]
        row["target_pct"], row["target_year"], row["target_status"] = latest["target_pct"], latest["year"], "reported"
        notes.append(f"target = own {latest['kind']} target for {latest['year']}")
    else:
        row["target_pct"], row["target_year"] = national["target_kemendagri_2025_pct"], 2025
        row["target_status"] = "estimate"
        notes.append("no own target found: target ESTIMATED = national Kemendagri target 2025 (52.15%)")


def _add_informal(row: dict, informal: pd.DataFrame, national: dict[str, float], notes: list[str]) -> None:
    if row["code"] in informal.index:
        row["informal_share"] = float(informal.loc[row["code"], "informal_share"])
        row["informal_status"] = informal.loc[row["code"], "status"]
    else:
        row["informal_share"] = national["informal_share"]
        row["informal_status"] = "estimate"
        notes.append("informal share ESTIMATED = national BPS share (Aug 2024)")


def write_regions(path: Path = REGIONS_CSV) -> Path:
    """Regenerate the shipped baseline file."""
    build_regions().to_csv(path, index=False, lineterminator="\n")
    return path
