"""ui/fmt.py re-exports the model's one formatter: the app cannot write a number another way than the exports."""

from __future__ import annotations

from model import numbers
from ui import fmt


def test_every_formatter_is_the_models_own_function():
    assert set(fmt.__all__) == set(numbers.__all__)
    for name in numbers.__all__:
        assert getattr(fmt, name) is getattr(numbers, name), name
