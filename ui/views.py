"""From a projection to what pages show: tidy frames for charts and tables, in the reader's language.

Pure functions (no Streamlit): the pages stay thin, and tests check these frames directly.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from model import BASELINE, SCENARIO, Projection

from . import fmt
from .i18n import t
from .scope import plain, province_name

__all__ = [
    "scenario_labels",
    "chart_labels",
    "year_classes",
    "classify_target",
    "map_values",
    "region_table",
    "movers",
    "national_by_year",
    "coverage_frames",
    "rank_arrow",
    "rank_texts",
    "target_texts",
    "rank_text_of",
    "baseline_rank_change",
    "province_answer",
    "status_label",
    "province_totals",
    "village_beside_total",
    "levers_text",
    "plain",
    "plain_lines",
    "breakable",
]


def plain_lines(text: object) -> str:
    """`plain` (ui/scope.py, re-exported here) for a message of several lines: each line escaped, kept on its own
    line."""
    return "  \n".join(plain(line) for line in str(text).splitlines() if line.strip())


# Charts draw a point every quarter: enough for a smooth line, a third of the data to ship on every rerun.
CHART_MONTHS = 3


def scenario_labels(lang: str) -> dict[str, str]:
    return {"baseline": t("scenario.baseline", lang), "scenario": t("scenario.policy", lang)}


@lru_cache(maxsize=4)
def chart_labels(lang: str) -> dict[str, str]:
    """Every word a chart needs, in one place."""
    keys = (
        "coverage_axis", "region", "scenario_title", "month", "coverage", "target", "reached", "year",
        "target_year", "coverage_now", "status", "source", "status_reported", "status_estimate", "rank",
        "formal", "self_paying", "funded", "village_funded", "members_axis", "segment", "members", "baseline_total",
        "probability_axis", "probability",
    )  # fmt: skip
    return {**{k: t(f"chart.{k}", lang) for k in keys}, **scenario_labels(lang)}


def year_classes(lang: str) -> list[str]:
    """Classes of the year a target is reached, earliest first; 'not by 2045' last."""
    return [
        t("class.already", lang),
        "2025–2027",
        "2028–2030",
        "2031–2035",
        "2036–2040",
        "2041–2045",
        t("class.never", lang),
    ]


def classify_target(status: np.ndarray, years: np.ndarray, lang: str) -> list[str]:
    classes = year_classes(lang)
    edges = [(2027, 1), (2030, 2), (2035, 3), (2040, 4), (2045, 5)]
    out = []
    for s, y in zip(status, years, strict=True):
        if s == "already":
            out.append(classes[0])
        elif s == "not_by_horizon" or np.isnan(y):
            out.append(classes[-1])
        else:
            out.append(next((classes[i] for edge, i in edges if y <= edge), classes[-1]))
    return out


def levers_text(scenario, lang: str, pot=None) -> str:
    """A one-line description of a scenario's national levers (and how many regions have their own); `pot`
    (a document's `Pot`, or the pot a resolved scenario carries) replaces the per-region budget."""
    from model import REGULATION_LEVELS

    lv = scenario.default
    pot = pot or scenario.pot
    if pot is not None:
        rule = t(f"pot.split_{pot.split}", lang)
        budget = t("pot.levers_text", lang, amount=fmt.rupiah_bn(pot.bn, lang), rule=rule)
    else:
        budget = f"{t('levers.budget', lang)} {fmt.rupiah_bn(lv.budget_bn, lang)}"
    parts = [
        f"{t('levers.regulation', lang)} {lv.regulation_level} ({REGULATION_LEVELS[lv.regulation_level][lang]})",
        budget,
        f"{t('levers.outreach', lang)} {fmt.number(lv.outreach_pct, lang)}%",
        f"{t('levers.from', lang)} {lv.budget_start}",
    ]
    if scenario.own_overrides:
        parts.append(t("levers.own", lang, n=len(scenario.own_overrides)))
    return " · ".join(parts)


def status_label(status: str, lang: str) -> str:
    return t(f"status.{status}", lang)


def rank_arrow(change: float) -> str:
    """▲3 up, ▼2 down, = unchanged (rank 1 is best, so a positive change means moving up)."""
    if change > 0:
        return f"▲{int(change)}"
    if change < 0:
        return f"▼{int(-change)}"
    return "="


def rank_texts(summary: pd.DataFrame, column: str) -> list[str]:
    """Ranks as a table shows them: a rank shared with another region reads "=15" (the sports-table
    convention, four characters at most, the same in Bahasa and English), so a tie never looks like an order.
    Ties are found over the whole `summary` (every region), so pass it before any filtering or sorting."""
    ranks = summary[column].to_numpy()
    tied = Projection.tied(ranks, Projection.groups_of(summary["code"]))  # within each province when grouped
    return [f"={int(r)}" if shared else str(int(r)) for r, shared in zip(ranks, tied, strict=True)]


def target_texts(summary: pd.DataFrame, lang: str) -> list[str]:
    """Targets as tables show them: a region without its own published target gets the national line the
    user chose, marked "(nasional)" so it is never read as the province's own."""
    mark = t("target.national_mark", lang)
    return [
        fmt.pct(v, lang) if own else f"{fmt.pct(v, lang)} {mark}"
        for v, own in zip(summary["target_pct"], summary["target_own"], strict=True)
    ]


def rank_text_of(summary: pd.DataFrame, column: str, code: str) -> str:
    """One region's rank as `rank_texts` writes it ("=15" when shared)."""
    index = summary["code"].tolist().index(code)
    return rank_texts(summary, column)[index]


def _target_year_text(status: str, year: float, lang: str) -> str:
    if status == "already":
        return t("class.already", lang)
    if status == "not_by_horizon" or np.isnan(year):
        return t("class.never", lang)
    return str(int(year))


def map_values(result: Projection, scenario: int, lang: str, chances: Projection | None = None) -> pd.DataFrame:
    """One row per region for the map: class of the target year, status, and tooltip texts; with `chances`
    (the same scenario with Monte Carlo draws), the chance of reaching the target by the rank year."""
    summary = result.region_summary()
    status = result.target_status(scenario)
    years = result.target_years(scenario)[0]
    classes = classify_target(status, years, lang)
    order = year_classes(lang)
    is_estimate = summary["status"].eq("estimate").to_numpy()
    return pd.DataFrame(
        {
            "code": summary["code"],
            "name": summary["name"],
            "year_class": classes,
            "dark_tile": [order.index(c) <= 2 for c in classes],
            "is_estimate": is_estimate,
            "status_label": [t("chart.status_estimate" if e else "chart.status_reported", lang) for e in is_estimate],
            "coverage_now_text": [fmt.pct(v, lang) for v in summary["coverage_now"]],
            "target_text": target_texts(summary, lang),
            "source": result.frame["source"].str.slice(0, 90),
            **_chance_columns(chances, scenario, lang),
        }
    )


def _chance_columns(chances: Projection | None, scenario: int, lang: str) -> dict[str, object]:
    if chances is None or chances.n_draws == 0:
        return {}
    p = chances.probability_by_year(chances.settings.rank_year, scenario)
    return {"chance": p, "chance_text": [fmt.pct(100 * v, lang, 0) for v in p]}


def region_table(result: Projection, lang: str, full: bool = False) -> pd.DataFrame:
    """The all-regions table, the answer first: name, target year under the policy, rank at the rank year
    and its change against the BASELINE's rank that year (the policy's own effect, not a move that happens
    anyway). Four columns fit a phone; `full` adds the baseline's year and rank, today's rank and the
    coverages behind them."""
    s = result.region_summary()
    ry = result.settings.rank_year
    estimate_mark = t("table.estimate_mark", lang)
    names = [f"{n} {estimate_mark}" if st == "estimate" else n for n, st in zip(s["name"], s["status"], strict=True)]
    columns = {
        t("table.region", lang): names,
        t("table.year_scenario", lang): [
            _target_year_text(a, b, lang) for a, b in zip(s["target_status"], s["year_target_reached"], strict=True)
        ],
        t("table.rank_new", lang, year=ry): rank_texts(s, "rank_new"),
        t("table.change_vs_baseline", lang): [rank_arrow(c) for c in baseline_rank_change(s)],
    }
    if full:
        columns.update(
            {
                t("table.year_baseline", lang): [
                    _target_year_text(a, b, lang)
                    for a, b in zip(s["target_status_baseline"], s["year_target_reached_baseline"], strict=True)
                ],
                t("rank.baseline_rank", lang, year=ry): rank_texts(s, "rank_baseline"),
                t("table.rank_now", lang): rank_texts(s, "rank_now"),
                t("table.coverage_now", lang): [fmt.pct(v, lang) for v in s["coverage_now"]],
                t("table.coverage_year", lang, year=ry): [fmt.pct(v, lang) for v in s["coverage_rank_year"]],
                t("table.target", lang): target_texts(s, lang),
            }
        )
    return pd.DataFrame(columns)


def baseline_rank_change(summary: pd.DataFrame) -> np.ndarray:
    """Places gained (+) or lost (−) at the rank year by the policy: baseline rank minus policy rank."""
    return (summary["rank_baseline"].to_numpy() - summary["rank_new"].to_numpy()).astype(int)


def province_answer(result: Projection, code: str, lang: str) -> str:
    """One region's answer as one Markdown line: the target year and the rank at the rank year, policy
    against baseline. The first thing a participant reads about their province (a phone shows it without
    scrolling sideways)."""
    summary = result.region_summary()
    s = summary.set_index("code").loc[code]
    ry = result.settings.rank_year
    year_policy = _target_year_text(s["target_status"], s["year_target_reached"], lang)
    year_base = _target_year_text(s["target_status_baseline"], s["year_target_reached_baseline"], lang)
    change = int(s["rank_baseline"] - s["rank_new"])
    groups = result.rank_groups
    in_province = {}
    if groups is not None:  # a regency table spanning provinces: ranked within the region's own province
        province = code[:2]
        in_province = {"province": t("scope.province_of", lang, name=province_name(province))}
    return t(
        "answer.line_in_province" if in_province else "answer.line",
        lang,
        **in_province,
        name=plain(s["name"]),
        target=fmt.pct(s["target_pct"], lang, 1),
        year=year_policy,
        year_base=year_base,
        ry=ry,
        rank=rank_text_of(summary, "rank_new", code),
        rank_base=rank_text_of(summary, "rank_baseline", code),
        n=int((groups == code[:2]).sum()) if groups is not None else len(result.codes),
        move=rank_arrow(change) if change else t("answer.same_rank", lang),
    )


def movers(result: Projection, lang: str, n: int = 5) -> pd.DataFrame:
    """Biggest rank movers between today and the rank year (scenario), biggest absolute change first; regions
    whose rank does not change are left out (a table of few regions may have fewer than `n` movers, or none).

    Two columns only (region; rank now → new, with the arrow), so it reads on a phone.
    """
    s = result.region_summary()
    now_text, new_text = rank_texts(s, "rank_now"), rank_texts(s, "rank_new")  # ties over every region
    # Estimated provinces share one coverage figure, so their rank moves are artefacts of ties: left out.
    changes = s["rank_change"].to_numpy()
    kept = np.flatnonzero((s["status"].to_numpy() != "estimate") & (changes != 0))  # "1 → 1 =" is no move
    change = changes[kept]
    # Biggest absolute change first, then the better new rank; a stable sort keeps the table's order on ties.
    top = kept[np.lexsort((s["rank_new"].to_numpy()[kept], -np.abs(change)))[:n]]
    names = s["name"].to_numpy()
    ry = result.settings.rank_year
    return pd.DataFrame(
        {
            t("table.region", lang): names[top],
            t("table.rank_move", lang, year=ry): [
                f"{now_text[i]} → {new_text[i]}  {rank_arrow(changes[i])}" for i in top
            ],
        }
    )


NATIONAL_YEARS = (2025, 2030, 2035, 2045)


def national_by_year(result: Projection, lang: str) -> pd.DataFrame:
    """National coverage (potential-weighted, central case) at the end of a few milestone years and of the
    rank year: baseline, policy, and the difference in points. Milestones before every region is projected
    (its latest data date) are left out, as the aggregate there mixes figures of different dates."""
    first = int(result.grid.years[int(result.m0.max())])
    years = sorted({y for y in (*NATIONAL_YEARS, result.settings.rank_year) if first <= y <= result.grid.years[-1]})
    months = [result.month_index(y, 12) for y in years]
    base, policy = (100 * result.national_central[s, months] for s in (BASELINE, SCENARIO))
    labels = scenario_labels(lang)
    rows = [
        [fmt.pct(v, lang, 1) for v in base],
        [fmt.pct(v, lang, 1) for v in policy],
        [fmt.signed(v, lang, 1, " pp") for v in policy - base],
    ]
    heads = [labels["baseline"], labels["scenario"], t("overview.national_difference", lang)]
    # One row per line, one column per year, built as such (a transposed frame cost more than the figures).
    columns = {str(y): [row[j] for row in rows] for j, y in enumerate(years)}
    return pd.DataFrame({t("overview.national_row", lang): heads, **columns})


def markdown_table(frame: pd.DataFrame) -> str:
    """A small table as Markdown: for a few rows it renders faster than an interactive grid and reads on a
    phone without sideways scrolling."""
    header = "| " + " | ".join(plain(c) for c in frame.columns) + " |"
    rule = "|" + "|".join(" --- " for _ in frame.columns) + "|"
    # cells may hold uploaded names: escaped, so `![x](http://host/p.png)` stays text (nothing is fetched)
    rows = ["| " + " | ".join(plain(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join([header, rule, *rows])


def _cell(value: object) -> str:
    """A table cell: names escaped (they may come from an uploaded table); our own arrows and numbers kept."""
    return plain(value)


def _target_lines(result: Projection, codes: list[str], names: dict[str, str], lang: str) -> pd.DataFrame:
    index = [result.codes.index(c) for c in codes]
    targets = pd.DataFrame({"code": codes, "name": [names[c] for c in codes], "target_pct": result.target_pct[index]})
    targets["target_text"] = [f"{t('chart.target', lang)} {fmt.pct(v, lang, 1)}" for v in targets["target_pct"]]
    return targets


def coverage_frames(result: Projection, codes: list[str], lang: str, with_bands: bool):
    """(paths, targets, markers, bands) for `charts.coverage_chart` for the given regions.

    Built from arrays, each frame in one step: every move to a new scenario builds them again (pandas column
    by column cost more than the model's run). What does not depend on the levers (the target lines, the band
    dates) is made once per prepared engine and shared by its projections."""
    labels = scenario_labels(lang)
    names = result.shared_memo("names", lambda: dict(zip(result.codes, result.frame["name"], strict=True)))
    columns = result.path_columns(codes, every=CHART_MONTHS)
    columns["name"] = np.array([names[c] for c in columns["code"]], dtype=object)
    columns["scenario_label"] = np.where(columns["scenario"] == "baseline", labels["baseline"], labels["scenario"])
    paths = pd.DataFrame(columns)
    index = [result.codes.index(c) for c in codes]
    targets = result.shared_memo(
        ("coverage_targets", tuple(codes), lang), lambda: _target_lines(result, codes, names, lang)
    )
    rows = []
    grid = result.grid
    for s_idx, key in ((BASELINE, "baseline"), (SCENARIO, "scenario")):
        reached = result.target_t[s_idx, 0]
        for c, i in zip(codes, index, strict=True):
            month = int(reached[i])
            if month < 0 or month <= result.m0[i]:  # never by the horizon, or already at target
                continue
            date = f"{grid.years[month]:04d}-{grid.months[month]:02d}"
            rows.append(
                {
                    "code": c,
                    "name": names[c],
                    "date": pd.Timestamp(date + "-01"),
                    "target_pct": result.target_pct[i],
                    "scenario_label": labels[key],
                    "year_text": date[:4],
                    "text": f"{labels[key]}: {date}",
                }
            )
    markers = pd.DataFrame(rows, columns=["code", "name", "date", "target_pct", "scenario_label", "year_text", "text"])
    bands = _scenario_bands(result, codes, index, names) if with_bands and result.n_draws > 0 else None
    return paths, targets, markers, bands


BAND_QUANTILES = (10, 50, 90)


def _scenario_bands(result: Projection, codes: list[str], index: list[int], names: dict[str, str]) -> pd.DataFrame:
    """The policy's yearly P10/P50/P90 band of each region from its data date: the rows of
    `result.bands(codes)` for the scenario (with their row labels there), a December date and the name."""
    years = result.years
    n_years, n_codes = len(years), len(codes)
    draws = result.yearly[SCENARIO, 1:] if result.yearly.shape[1] > 1 else result.yearly[SCENARIO, :1]  # (D, R, Y)
    q = np.percentile(100 * draws[:, index, :], BAND_QUANTILES, axis=0).reshape(len(BAND_QUANTILES), -1)
    decembers = result.shared_memo(
        "band_dates", lambda: pd.to_datetime(pd.Series(years).astype(str) + "-12-01").to_numpy()
    )
    dates = np.tile(decembers, n_codes)
    starts = np.repeat(result.grid.dates[result.m0[index]].to_numpy(), n_years)
    keep = dates >= starts
    code_column = np.repeat(np.array(codes, dtype=object), n_years)
    columns = {
        "code": code_column,
        "scenario": np.full(n_codes * n_years, "scenario", dtype=object),
        "year": np.tile(years, n_codes),
        **{f"p{qq}": q[k] for k, qq in enumerate(BAND_QUANTILES)},
        "date": dates,
        "name": np.array([names[c] for c in code_column], dtype=object),
    }
    rows = pd.RangeIndex(n_codes * n_years, 2 * n_codes * n_years)  # after the baseline's rows in `bands`
    return pd.DataFrame({k: v[keep] for k, v in columns.items()}, index=rows[keep])


def village_beside_total(result, indices: list[int], lang: str) -> pd.DataFrame:
    """The village apparatus segment's coverage and gap beside the total, now and in December of the rank year
    under the scenario, for the regions `indices` that give the segment (sums: potential-weighted)."""
    summary = result.region_summary().iloc[indices]
    summary = summary[result.has_village[indices]]
    year = result.settings.rank_year
    t_rank = result.month_index(year, 12)
    rows = []
    for _, row in summary.iterrows():
        rows.append((row["name"], row, result.potential_path[result.codes.index(row["code"]), t_rank]))
    if len(rows) > 1:  # the table's total over the regions with the segment
        w_now = summary["potential_workers"].sum()
        w_year = sum(w for _, _, w in rows)
        v_pot = summary["village_potential"].sum()
        total = {
            "coverage_now": 100 * summary["active_participants"].sum() / w_now,
            "coverage_rank_year": (summary["coverage_rank_year"] * [w for _, _, w in rows]).sum() / w_year,
            "village_coverage_now": (summary["village_coverage_now"] * summary["village_potential"]).sum() / v_pot,
            "village_coverage_rank_year": (summary["village_coverage_rank_year"] * summary["village_potential"]).sum()
            / v_pot,
            "village_gap_rank_year": summary["village_gap_rank_year"].sum(),
            "apbdes_funded_workers": summary["apbdes_funded_workers"].sum(),
        }
        rows.append((t("upload.segment_total", lang), total, w_year))
    return pd.DataFrame(
        {
            t("table.region", lang): [str(name) for name, _, _ in rows],  # a table cell: never Markdown
            t("apbdes.col_total_now", lang): [fmt.pct(r["coverage_now"], lang) for _, r, _ in rows],
            t("apbdes.col_total_year", lang, year=year): [fmt.pct(r["coverage_rank_year"], lang) for _, r, _ in rows],
            t("apbdes.col_village_now", lang): [fmt.pct(r["village_coverage_now"], lang) for _, r, _ in rows],
            t("apbdes.col_village_year", lang, year=year): [
                fmt.pct(r["village_coverage_rank_year"], lang) for _, r, _ in rows
            ],
            t("apbdes.col_village_gap", lang, year=year): [
                fmt.number(r["village_gap_rank_year"], lang) for _, r, _ in rows
            ],
            t("apbdes.col_funded", lang): [fmt.number(r["apbdes_funded_workers"], lang) for _, r, _ in rows],
        }
    )


def province_totals(frame: pd.DataFrame, lang: str, provinces: tuple[str, ...]) -> list[str]:
    """A regency table's province total (potential-weighted: sum of participants over sum of potential)
    beside the province's own figure in the shipped data."""
    from model.data import load_baseline
    from model.regions_codes import official_regions

    from .scope import Scope

    lines = []
    baseline = load_baseline().frame.set_index("code")
    regions = official_regions()
    for province in provinces:
        part = frame[frame["code"].str.startswith(province + ".")]
        total = 100 * part["active_participants"].sum() / part["potential_workers"].sum()
        words = Scope("regency", (province,)).province_words(lang)
        lines.append(t("upload.province_total", lang, province=words, n=len(part), value=fmt.pct(total, lang)))
        n_all = int(((regions["province_code"] == province) & (regions["level"] == "regency")).sum())
        if len(part) < n_all:
            lines.append(t("upload.province_partial", lang, n=len(part), total=n_all))
        if province in baseline.index:
            row = baseline.loc[province]
            lines.append(
                t(
                    "upload.province_baseline",
                    lang,
                    value=fmt.pct(row["coverage_pct"], lang),
                    date=row["as_of"].strftime("%Y-%m"),
                    status=status_label(row["status"], lang),
                )
            )
    return lines


BREAK_EVERY = 12  # characters: a phone's narrow source column holds this many of an address


def breakable(text: str, every: int = BREAK_EVERY) -> str:
    """`text` with break opportunities (zero-width spaces) after each slash, dot, hyphen or underscore and at
    least every `every` characters of a run without one: a web address in a table cell
    ("harianrakyatbengkulu.bacakoran.co/read/12531") wraps on a phone instead of widening the table past the
    screen. The spaces are invisible; the text reads the same."""
    out: list[str] = []
    run = 0
    for ch in str(text):
        out.append(ch)
        if ch.isspace():
            run = 0
            continue
        run += 1
        if ch in "/.-_?=&" or run >= every:
            out.append("\u200b")
            run = 0
    return "".join(out)
