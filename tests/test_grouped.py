"""The reader's per-group figures on numpy arrays give what pandas' groupby transforms give."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pipeline.tables.grouped import Groups
from pipeline.tables.segments import page_segments, segments_by_line
from pipeline.pdf.words import assign_lines


@pytest.mark.parametrize("seed", range(20))
def test_group_figures_match_pandas_transforms(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 60))
    keys = rng.integers(0, 7, n) * 2.5  # unsorted, repeated, not 0..k-1
    values = rng.normal(size=n).round(1)
    values[rng.random(n) < 0.3] = np.nan  # some groups all missing
    groups, pandas = Groups(keys), pd.Series(values).groupby(keys)
    for name in ("max", "min", "median", "count"):
        np.testing.assert_array_equal(getattr(groups, name)(values), pandas.agg(name).to_numpy(float), err_msg=name)
        np.testing.assert_array_equal(groups.each(getattr(groups, name)(values)),
                                      pandas.transform(name).to_numpy(float), err_msg=name)
    np.testing.assert_array_equal(groups.keys, pandas.agg("size").index.to_numpy())
    np.testing.assert_array_equal(groups.sizes, pandas.agg("size").to_numpy())
    mask = values > 0
    np.testing.assert_array_equal(groups.true(mask), pd.Series(mask).groupby(keys).sum().to_numpy())
    ids = rng.integers(0, 5, n)
    np.testing.assert_array_equal(groups.nunique(ids), pd.Series(ids).groupby(keys).nunique().to_numpy())

def test_each_line_s_segments_left_to_right() -> None:
    """Two lines of two cells: each line gets its own segments, left to right (words given out of order)."""
    words = pd.DataFrame({"page": 1, "text": ["Force", "Grade", "Kent", "Police", "Good"],
                          "x0": [72.0, 300.0, 72.0, 96.0, 300.0], "x1": [96.0, 330.0, 92.0, 126.0, 322.0],
                          "top": [100.0, 100.0, 120.0, 120.0, 120.0], "bottom": [110.0, 110.0, 130.0, 130.0, 130.0],
                          "size": 10.0}).iloc[[2, 3, 4, 0, 1]]
    words = assign_lines(words.reset_index(drop=True))
    _, segments = page_segments(words, 595.0)
    lines = segments_by_line(segments)
    texts = [lines[line].text for line in sorted(lines, key=lambda line: lines[line].top[0])]
    assert texts == [["Force", "Grade"], ["Kent Police", "Good"]]
    assert all(len(pieces) == 2 and (np.diff(pieces.x0) > 0).all() for pieces in lines.values())
