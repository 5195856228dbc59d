"""Number widgets that speak Bahasa: values shown as 5,0 (not 5.0) and typed with a decimal comma.

Streamlit's slider formats its value with a printf pattern (always a dot) and its number input ignores
"0,3" in a browser whose locale is not Indonesian. So a decimal slider here is a select slider over the
slider's grid, labelled by `ui.fmt`, and a decimal input is a text field parsed by `fmt.parse_decimal`;
a value that does not parse or lies outside its range is refused with a message, never silently dropped.
Session State keeps plain floats under the same keys, so share links and the model see numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import streamlit as st

from . import fmt
from .i18n import t

__all__ = ["grid", "positions", "decimal_slider", "decimal_input", "form_decimal", "read_decimal", "snap"]


@lru_cache(maxsize=32)
def grid(low: float, high: float, step: float) -> tuple[float, ...]:
    """The slider's values low, low+step, ..., high (rounded, so 0.1 steps compare equal)."""
    n = round((high - low) / step)
    return tuple(round(low + i * step, 6) for i in range(n + 1))


def snap(value: float, low: float, high: float, step: float) -> float:
    """The grid value nearest `value` (a link or a file may hold 12.3 on a 0.5 grid)."""
    values = grid(low, high, step)
    clipped = min(max(float(value), low), high)
    return values[round((clipped - low) / step)]


SLIDER_POSITIONS = 401  # at most this many evenly spaced positions; a longer range gets a coarser grid


@lru_cache(maxsize=32)
def positions(low: float, high: float, step: float) -> tuple[float, ...]:
    """The slider's stops: every `step` when the range has at most `SLIDER_POSITIONS` of them, else a grid
    that is fine where values are small and coarser as they grow (for a 0-500 budget in 0.1 steps: 0.1 up to
    10, 0.5 up to 50, 1 up to 100, 5 up to 500: 311 stops instead of 5,001).

    Why: a select slider ships and formats every option on every rerun; 5,001 options on each of the
    page's budget sliders cost more than the rest of a Simulasi rerun (and no finger can pick one of 5,001
    stops on a 300-px phone slider). Any value on the lever's own `step` can still be shown: the current
    value is added to the stops (`decimal_slider`), so a link or a file with 12.3 opens unchanged."""
    fine = grid(low, high, step)
    if len(fine) <= SLIDER_POSITIONS:
        return fine
    # (up to this many steps above `low`, move this many steps at a time): 1 then 5, 10, 50, 100, ...
    ladder = [(100, 1), (500, 5), (1000, 10), (5000, 50), (10000, 100), (50000, 500), (100000, 1000)]
    stops: list[float] = []
    value = 0  # in steps above low
    total = round((high - low) / step)
    for upto, stride in ladder:
        while value < min(upto, total):
            stops.append(round(low + value * step, 6))
            value += stride
    while value < total:
        stops.append(round(low + value * step, 6))
        value += ladder[-1][1]
    stops.append(round(high, 6))
    return tuple(stops)


def stops_with(value: float, low: float, high: float, step: float) -> tuple[float, ...]:
    """The slider's stops with `value` among them (a value on the lever's step that the coarse grid skips)."""
    base = positions(low, high, step)
    if value in base:
        return base
    return tuple(sorted((*base, value)))


@lru_cache(maxsize=64)
def _labels(low: float, high: float, step: float, lang: str, decimals: int) -> dict[float, str]:
    return {v: fmt.number(v, lang, decimals) for v in positions(low, high, step)}


def decimal_slider(
    label: str, *, low: float, high: float, step: float, key: str, lang: str, decimals: int = 1, **kwargs
) -> float:
    """A slider over [low, high] on the lever's `step` showing its value in the reader's format (5,0 / 5.0).
    Its stops are `positions` plus the current value, whose labels are formatted once per language."""
    if key in st.session_state:
        st.session_state[key] = snap(st.session_state[key], low, high, step)
    value = kwargs.pop("value", None)
    if value is not None and key not in st.session_state:
        kwargs["value"] = snap(value, low, high, step)
    current = st.session_state.get(key, kwargs.get("value", low))
    labels = _labels(low, high, step, lang, decimals)
    return st.select_slider(
        label,
        options=stops_with(float(current), low, high, step),
        format_func=lambda v: labels.get(v) or fmt.number(v, lang, decimals),
        key=key,
        **kwargs,
    )


def decimal_input(
    label: str,
    *,
    low: float,
    high: float,
    key: str,
    lang: str,
    default: float,
    decimals: int = 2,
    step: float | None = None,
    **kwargs,
) -> float:
    """A number typed as a person writes it ('0,3', '52,15', '1.234,5'); Session State `key` holds the
    float. Text that is not a number, lies outside [low, high] or (with `step`) is not a multiple of `step`,
    is refused with a message naming what is allowed, and the previous value stays in use. When the value is
    changed elsewhere (undo, a link, a callback), the text follows it."""
    text_key = f"{key}__text"
    error_key = f"{key}__error"
    shown_key = f"{key}__shown"  # the value (and language) the text was written for
    value = float(st.session_state.get(key, default))
    shown = fmt.number(value, lang, decimals).rstrip("0").rstrip(fmt.symbols(lang)[0]) if decimals else None
    if text_key not in st.session_state or st.session_state.get(shown_key) != (value, lang):
        st.session_state[text_key] = shown or fmt.number(value, lang, 0)
        st.session_state[shown_key] = (value, lang)
        st.session_state.pop(error_key, None)

    def parse() -> None:
        raw = st.session_state[text_key]
        try:
            number = fmt.parse_decimal(raw, lang)
        except ValueError:
            st.session_state[error_key] = t("input.not_a_number", lang, value=raw[:40])
            return
        if not low <= number <= high:
            st.session_state[error_key] = t(
                "input.out_of_range", lang, value=raw[:40], low=fmt.number(low, lang), high=fmt.number(high, lang)
            )
            return
        if step and abs(number / step - round(number / step)) > 1e-6:
            shown_step = fmt.number(step, lang, 1).rstrip("0").rstrip(fmt.symbols(lang)[0])
            st.session_state[error_key] = t("input.off_step", lang, value=raw[:40], step=shown_step)
            return
        if step:
            number = round(round(number / step) * step, 9)
        st.session_state.pop(error_key, None)
        st.session_state[key] = number
        st.session_state[shown_key] = (number, lang)

    st.text_input(label, key=text_key, on_change=parse, **kwargs)
    if st.session_state.get(error_key):
        st.error(st.session_state[error_key], icon=":material/error:")
    return float(st.session_state.get(key, default))


def read_decimal(raw: str, lang: str, low: float, high: float) -> float | str:
    """A typed number as a float, or the message (in `lang`) saying why it cannot be used."""
    try:
        number = fmt.parse_decimal(raw, lang)
    except ValueError:
        return t("input.not_a_number", lang, value=str(raw)[:40])
    if not low <= number <= high:
        limits = {"low": fmt.number(low, lang), "high": fmt.number(high, lang)}
        return t("input.out_of_range", lang, value=str(raw)[:40], **limits)
    return number


def form_decimal(
    label: str, *, key: str, lang: str, default: float, low: float, high: float, decimals: int = 2, **kwargs
) -> float | str:
    """A number field inside a form (where a widget may not have its own callback): shown the reader's way
    ('55' or '55,5' in Bahasa, never '55.00'), typed with a decimal comma or dot. Returns the float, or the
    message saying why the text cannot be used (the caller shows it when the form is submitted)."""
    if key not in st.session_state:
        st.session_state[key] = _shown(default, lang, decimals)
    elif st.session_state.get(f"{key}__lang", lang) != lang:  # the language changed: rewrite what was typed
        before = read_decimal(st.session_state[key], st.session_state[f"{key}__lang"], low, high)
        if isinstance(before, float):
            st.session_state[key] = _shown(before, lang, decimals)
    st.session_state[f"{key}__lang"] = lang
    raw = st.text_input(label, key=key, **kwargs)
    return read_decimal(raw, lang, low, high)


def _shown(value: float, lang: str, decimals: int) -> str:
    """55 / 55,5 / 1.234,5: the number with its trailing zeros dropped (what a person would type)."""
    text = fmt.number(value, lang, decimals)
    return text.rstrip("0").rstrip(fmt.symbols(lang)[0]) if decimals else text


def read_decimal_column(keys: Iterable[str], texts: Iterable[object], lang: str) -> tuple[dict[str, float], list]:
    """An edited table column (the assumptions' values) read as numbers the way a person types them ('0,3' and
    '0.3' in Bahasa, see `parse_decimal`). Returns (key -> value for every readable cell, [(key, text)] for cells
    that are not a number); the page keeps an unreadable cell's current value and says so, so a typo never loses
    it or the other edits."""
    readable: dict[str, float] = {}
    unreadable: list[tuple[str, str]] = []
    for key, text in zip(keys, texts, strict=True):
        try:
            readable[key] = fmt.parse_decimal(str(text), lang)
        except ValueError:
            unreadable.append((key, str(text)))
    return readable, unreadable
