"""Number widgets that speak Bahasa: values shown as 5,0 (not 5.0) and typed with a decimal comma.

Streamlit's slider formats its value with a printf pattern (always a dot) and its number input ignores
"0,3" in a browser whose locale is not Indonesian. So a decimal slider here is a select slider over the
slider's grid, labelled by `ui.fmt`, and a decimal input is a text field parsed by `fmt.parse_decimal`;
a value that does not parse or lies outside its range is refused with a message, never silently dropped.
Session State keeps plain floats under the same keys, so share links and the model see numbers.
"""

from __future__ import annotations

from functools import lru_cache

import streamlit as st

from . import fmt
from .i18n import t

__all__ = ["grid", "decimal_slider", "decimal_input", "snap"]


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


def decimal_slider(
    label: str, *, low: float, high: float, step: float, key: str, lang: str, decimals: int = 1, **kwargs
) -> float:
    """A slider over [low, high] in `step`s showing its value in the reader's format (5,0 / 5.0)."""
    if key in st.session_state:
        st.session_state[key] = snap(st.session_state[key], low, high, step)
    value = kwargs.pop("value", None)
    if value is not None and key not in st.session_state:
        kwargs["value"] = snap(value, low, high, step)
    return st.select_slider(
        label,
        options=grid(low, high, step),
        format_func=lambda v: fmt.number(v, lang, decimals),
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
