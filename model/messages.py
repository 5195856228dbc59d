"""User-facing messages of the model, in Bahasa Indonesia and English.

The model stays free of any UI, but its errors reach people (an uploaded table, a command-line option),
so every problem carries a message key and parameters that are rendered in the reader's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .catalogue import section

# The texts live in the catalogue (locales/<lang>.yaml, section `model`); keys starting with "_" are the
# location prefixes of a problem.
MESSAGES: dict[str, dict[str, str]] = {k: v for k, v in section("model").items() if not k.startswith("_")}
ROW_PREFIX = section("model")["_row_prefix"]
COLUMN_PREFIX = section("model")["_column_prefix"]


class Num(float):
    """A number in a message, written the reader's way: 1.592.806 and 45,17 in Bahasa, 1,592,806 and 45.17 in
    English (`digits` decimals; whole numbers get thousands separators)."""

    digits: int = 0

    def __new__(cls, value: float, digits: int = 0) -> Num:
        number = super().__new__(cls, value)
        number.digits = digits
        return number

    def written(self, lang: str) -> str:
        from .numbers import number  # the one formatter (model/numbers.py)

        return number(float(self), lang, self.digits)


def render(key: str, lang: str, params: Mapping[str, object]) -> str:
    """Render one message in `lang` (falls back to English for an unknown language); `Num` parameters are
    written in that language's number format."""
    texts = MESSAGES[key]
    local = {k: v.written(lang) if isinstance(v, Num) else v for k, v in params.items()}
    return texts.get(lang, texts["en"]).format(**local)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where (row, column) and why (a message key with parameters).

    `row` is the row number as a person sees it in a spreadsheet (header = row 1).
    """

    key: str
    params: Mapping[str, object] = field(default_factory=dict)
    row: int | None = None
    column: str | None = None

    def message(self, lang: str = "en") -> str:
        """The full sentence, with its location, in the reader's language."""
        where = []
        if self.row is not None:
            where.append(ROW_PREFIX.get(lang, ROW_PREFIX["en"]).format(row=self.row))
        if self.column is not None:
            where.append(COLUMN_PREFIX.get(lang, COLUMN_PREFIX["en"]).format(column=self.column))
        text = render(self.key, lang, self.params)
        return f"{', '.join(where)}: {text}" if where else text


class InputError(ValueError):
    """Raised with every problem found at once, so a user can fix a table in one pass."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(self.message("en"))

    def message(self, lang: str = "en", limit: int | None = None) -> str:
        """All problems as one text, one per line (optionally only the first `limit`)."""
        shown = self.problems if limit is None else self.problems[:limit]
        lines = [p.message(lang) for p in shown]
        hidden = len(self.problems) - len(shown)
        if hidden > 0:
            lines.append({"id": f"… dan {hidden} masalah lain", "en": f"… and {hidden} more problems"}.get(lang, ""))
        return "\n".join(lines)

    def one_line(self, lang: str = "en") -> str:
        """A single line for a command line's stderr."""
        return "; ".join(p.message(lang) for p in self.problems)
