"""Per-group figures on numpy arrays: what `groupby(keys).agg(...)` and `.transform(...)` give
(missing values skipped, as pandas skips them), without pandas' cost per call, which the reader
would pay for every line and every column of every page."""
from __future__ import annotations

import numpy as np


class Groups:
    """The members of each group of `keys` (any values numpy can sort). Each figure is given per
    group, groups in the order of their keys (`keys`); `each` gives a group's figure to each member."""

    def __init__(self, keys: np.ndarray):
        self.keys, self.codes = np.unique(np.asarray(keys), return_inverse=True)
        self.codes = self.codes.ravel()
        self.order = np.argsort(self.codes, kind="stable")
        self.sizes = np.bincount(self.codes, minlength=len(self.keys))
        self.starts = np.r_[0, np.cumsum(self.sizes)[:-1]].astype(int)

    def each(self, figures: np.ndarray) -> np.ndarray:
        """Each member's group's figure."""
        return np.asarray(figures)[self.codes]

    def count(self, values: np.ndarray) -> np.ndarray:
        """How many of the group's values are not missing."""
        return np.bincount(self.codes, weights=~np.isnan(values), minlength=len(self.keys)).astype(int)

    def true(self, mask: np.ndarray) -> np.ndarray:
        """How many of the group's members `mask` holds."""
        return np.bincount(self.codes, weights=np.asarray(mask, dtype=bool), minlength=len(self.keys)).astype(int)

    def max(self, values: np.ndarray) -> np.ndarray:
        return self._reduce(np.fmax, values)

    def min(self, values: np.ndarray) -> np.ndarray:
        return self._reduce(np.fmin, values)

    def _reduce(self, ufunc: np.ufunc, values: np.ndarray) -> np.ndarray:
        if not len(self.codes):
            return np.zeros(0)
        return ufunc.reduceat(np.asarray(values, dtype=float)[self.order], self.starts)

    def median(self, values: np.ndarray) -> np.ndarray:
        """The median of the group's values that are not missing (missing where all are)."""
        values = np.asarray(values, dtype=float)
        if not len(values):
            return np.zeros(0)
        ordered = values[np.lexsort((values, self.codes))]  # missing values last in their group
        valid = self.count(values)
        low, high = self.starts + np.maximum(valid - 1, 0) // 2, self.starts + valid // 2
        return np.where(valid > 0, (ordered[low] + ordered[high]) / 2, np.nan)

    def nunique(self, values: np.ndarray) -> np.ndarray:
        """How many distinct values the group holds."""
        pairs = np.unique(np.c_[self.codes, np.asarray(values)], axis=0)
        return np.bincount(pairs[:, 0].astype(int), minlength=len(self.keys))
