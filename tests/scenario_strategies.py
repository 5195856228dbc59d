"""Hypothesis strategies for valid scenario documents (shared by the model, URL and widget round-trip tests)."""

from __future__ import annotations

from hypothesis import strategies as st

from model.assumptions import HARD_BOUNDS, default_assumptions
from model.levers import LEVER_SPECS, Levers, Scenario
from model.scenario import (
    LANGUAGES,
    NATIONAL_TARGET_LINES,
    PAGES,
    POT_SPLITS,
    SETTING_SPECS,
    TARGET_BASES,
    Pot,
    RunSettings,
    ScenarioDocument,
    Target,
    View,
)

PROVINCES = [str(c) for c in (11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53)]


def grid_values(low: float, high: float, step: float, whole: bool) -> st.SearchStrategy:
    """Any multiple of `step` in [low, high] (how a widget or a valid file holds it)."""
    count = round((high - low) / step)
    return st.integers(0, count).map(lambda i: int(low + i * step) if whole else round(low + i * step, 9))


def lever_value(name: str) -> st.SearchStrategy:
    spec = LEVER_SPECS[name]
    return grid_values(spec.low, spec.high, spec.step, spec.whole)


@st.composite
def levers(draw) -> Levers:
    values = {name: draw(lever_value(name)) for name in LEVER_SPECS if name != "budget_end"}
    end = draw(grid_values(values["budget_start"], LEVER_SPECS["budget_end"].high, 1, True))
    return Levers(**values, budget_end=end)


@st.composite
def scenarios(draw, codes: list[str] = PROVINCES) -> Scenario:
    default = draw(levers())
    chosen = draw(st.lists(st.sampled_from(codes), unique=True, max_size=4))
    return Scenario.build(default, {code: draw(levers()) for code in chosen})


@st.composite
def assumption_changes(draw) -> dict[str, float]:
    """A few assumptions changed to other valid values (regulation ones left alone: they must stay ordered)."""
    defaults = default_assumptions().as_dict()
    keys = [k for k in HARD_BOUNDS if not k.startswith("regulation_")]
    chosen = draw(st.lists(st.sampled_from(keys), unique=True, max_size=3))
    changes = {}
    for key in chosen:
        low, high = HARD_BOUNDS[key]
        value = draw(st.floats(low, high, allow_nan=False, allow_infinity=False))
        if value != defaults[key]:
            changes[key] = value
    return changes


@st.composite
def pots(draw) -> Pot | None:
    """No pot (the same budget in every region), or a national pot on the budget's resolution with a rule."""
    if not draw(st.booleans()):
        return None
    spec = SETTING_SPECS["pot_bn"]
    return Pot(bn=draw(grid_values(spec.low, spec.high, spec.step, False)), split=draw(st.sampled_from(POT_SPLITS)))


@st.composite
def documents(draw, codes: list[str] = PROVINCES) -> ScenarioDocument:
    settings_spec = SETTING_SPECS
    rank = draw(grid_values(settings_spec["rank_year"].low, settings_spec["rank_year"].high, 1, True))
    return ScenarioDocument.build(
        levers=draw(scenarios(codes)),
        assumptions=draw(assumption_changes()),
        target=Target(
            basis=draw(st.sampled_from(TARGET_BASES)),
            custom_pct=draw(grid_values(1, 100, 0.01, False)),
            national_line=draw(st.sampled_from(NATIONAL_TARGET_LINES)),
        ),
        settings=RunSettings(
            rank_year=rank,
            horizon_year=draw(st.integers(max(rank, 2030), 2100)),
            uncertainty=draw(st.booleans()),
            draws=draw(st.integers(0, 10_000)),
            seed=draw(st.integers(0, 2**31 - 1)),
        ),
        view=View(
            page=draw(st.sampled_from(PAGES)),
            province=draw(st.sampled_from(codes)),
            lang=draw(st.sampled_from(LANGUAGES)),
            present=draw(st.booleans()),
        ),
        pot=draw(pots()),
    )
