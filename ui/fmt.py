"""The app's number formats: the model's one formatter (model/numbers.py), re-exported so pages write `fmt.pct`."""

from model.numbers import *  # noqa: F403
from model.numbers import __all__  # noqa: F401
