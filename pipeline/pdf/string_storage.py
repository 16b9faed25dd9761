"""pandas 3 keeps `str` columns, and the labels of every frame's columns, in Arrow arrays, and
reading one value out of one costs a conversion (about 10 µs). The reader slices small frames of
words and reads single values thousands of times a page: with the same `str` dtype (NaN for
missing) held in Python objects instead, a page takes about 15% less time. Scoped to the work
that is decorated, so that a notebook's own pandas settings are left as they were."""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

import pandas as pd

Result = TypeVar("Result")


def python_strings(function: Callable[..., Result]) -> Callable[..., Result]:
    """`function` run with pandas' string storage set to Python objects (`mode.string_storage`)."""
    @functools.wraps(function)
    def run(*args, **kwargs) -> Result:
        with pd.option_context("mode.string_storage", "python"):
            return function(*args, **kwargs)
    return run
