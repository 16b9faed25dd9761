"""Segments: the runs of words of a text line that sit close together, the candidates for cells.

A page's words (with a `line` id, see `pipeline.pdf.words.assign_lines`) become segments by
splitting each line where the gap between two words exceeds `segment_gap` font sizes. A
segment wider than `prose_share` of the page is running text, never a cell of a table; so are
segments of `wordy_words` or more where a line has two of them (text set in page columns), but
for a line of three pieces or more whose wordy ones' columns differ in width by more than
`page_columns_spread` (a table row of sentences: page columns are of one width, `column_widths`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.tables.grouped import Groups
from pipeline.tables.settings import DEFAULT, TableSettings

WORDED = re.compile(r"[^\W_]")  # a letter or a figure
SEGMENT_COLUMNS = ["segment", "line", "x0", "x1", "top", "bottom", "size", "words", "text", "prose", "column_width"]


def wider_than_a_space(gaps: np.ndarray, sizes: np.ndarray, settings: TableSettings = DEFAULT) -> np.ndarray:
    """Whether each gap between two words parts segments: wider than `segment_gap` font sizes by more
    than the noise in glyph positions. A monospaced font's word space is exactly that wide (0.6 of
    its size), and positions summed from glyph advances come out a hair either side of it; a
    printer placing each word on its own puts it up to a few tenths of a point off the letters' grid."""
    return gaps > settings.segment_gap * sizes + settings.position_noise_pt


def segment_ids(words: pd.DataFrame, settings: TableSettings = DEFAULT) -> np.ndarray:
    """Segment id of each word (words sorted by line, then x0)."""
    line, x0, x1, size = (words[c].to_numpy() for c in ("line", "x0", "x1", "size"))
    if not len(line):
        return np.zeros(0, dtype=int)
    gap = x0[1:] - x1[:-1]
    new = np.r_[True, (line[1:] != line[:-1]) | wider_than_a_space(gap, np.maximum(size[1:], size[:-1]), settings)]
    return np.cumsum(new) - 1


def page_segments(words: pd.DataFrame, page_width: float,
                  settings: TableSettings = DEFAULT) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(words with a `segment` column, one row per segment, `column_segments`). `words` is one
    page's words."""
    words, segments = column_segments(words, settings, page_width)
    wide = (segments["x1"] - segments["x0"]) > settings.prose_share * page_width
    wordy = segments["words"] >= settings.wordy_words
    segments["column_width"] = column_widths(segments, wordy, settings)
    by_line = Groups(segments["line"].to_numpy())
    width = segments["column_width"].to_numpy(float)
    of_one_width = by_line.each(by_line.max(width) <= settings.page_columns_spread * by_line.min(width))
    columned = wordy.to_numpy() & by_line.each(by_line.true(wordy.to_numpy()) >= 2) & (
        of_one_width | by_line.each(by_line.sizes < 3))
    segments["prose"] = wide.to_numpy() | columned
    for _ in range(3):
        inner = inside_paragraph(segments)
        if not (inner & ~segments["prose"]).any():
            break
        segments["prose"] |= inner
    return words, segments[SEGMENT_COLUMNS]


def column_widths(segments: pd.DataFrame, wordy: pd.Series, settings: TableSettings = DEFAULT) -> pd.Series:
    """Each wordy segment's column width: from its left edge to the right edge of the widest wordy
    segment starting there (within `bridge_snap_pt`) on the lines near it (`column_reach` font
    sizes). A ragged paragraph's lines vary in width; the column it is set in does not."""
    chosen = segments[wordy]
    x0, x1, top, size = (chosen[c].to_numpy(float) for c in ("x0", "x1", "top", "size"))
    near = ((np.abs(x0[:, None] - x0[None, :]) <= settings.bridge_snap_pt)
            & (np.abs(top[:, None] - top[None, :]) <= settings.column_reach * size[:, None]))
    widest = np.where(near, x1[None, :], -np.inf).max(axis=1, initial=-np.inf)
    return pd.Series(widest - x0, index=chosen.index).reindex(segments.index)


def cell_segments(words: pd.DataFrame, settings: TableSettings = DEFAULT) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A table region's words and segments: `column_segments`, each also cut where its region's
    cells start exactly (`cut_at_exact_starts`). Its cells are parted where its segments are."""
    return cut_at_exact_starts(*column_segments(words, settings), settings)


def column_segments(words: pd.DataFrame, settings: TableSettings = DEFAULT, page_width: float | None = None
                    ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`line_segments`, each also cut at a column start (`cuts_at_column_starts`); on a whole page
    (`page_width` given), at a start shared within its stretch of lines between paragraphs
    (`paragraph_stretches`)."""
    words, segments = line_segments(words, settings)
    stretches = None if page_width is None else paragraph_stretches(segments, page_width, settings)
    cuts = cuts_at_column_starts(words, segments, settings, stretches)
    if not cuts.any():
        return words, segments
    ids = words["segment"].to_numpy()
    words = words.assign(segment=np.cumsum(np.r_[True, ids[1:] != ids[:-1]] | cuts) - 1)
    return words, segment_frame(words)


def inside_paragraph(segments: pd.DataFrame, reach: float = 1.0, slack_pt: float = 2.0) -> pd.Series:
    """Segments with running text right above and right below them (within `reach` font sizes)
    that spans them: a justified line whose wide word spaces split it, or a paragraph's short
    last line followed by the next paragraph. Only where every other cell-like segment of its line
    under that text is spanned too: a table's header row right under a paragraph, over a row of
    wordy cells, is no paragraph's line."""
    prose = segments[segments["prose"]]
    if prose.empty:
        return pd.Series(False, index=segments.index)
    px0, px1, ptop, pbottom = (prose[c].to_numpy()[None, :] for c in ("x0", "x1", "top", "bottom"))
    sx0, sx1, stop, sbottom, size = (segments[c].to_numpy()[:, None] for c in ("x0", "x1", "top", "bottom", "size"))
    spans = (px0 - slack_pt <= sx0) & (sx1 <= px1 + slack_pt)
    above = spans & (pbottom <= stop + slack_pt) & (stop - pbottom <= reach * size)
    below = spans & (ptop >= sbottom - slack_pt) & (ptop - sbottom <= reach * size)
    spanned = above.any(axis=1) & below.any(axis=1)
    inner = spanned.copy()
    line, prose_now = segments["line"].to_numpy(), segments["prose"].to_numpy(bool)
    for index in np.flatnonzero(spanned):
        paragraph = above[index]
        left, right = px0[0, paragraph].min() - slack_pt, px1[0, paragraph].max() + slack_pt
        under = (line == line[index]) & ~prose_now & (sx0[:, 0] >= left) & (sx1[:, 0] <= right)
        inner[index] = bool(spanned[under].all())
    return pd.Series(inner, index=segments.index)


def paragraph_stretches(segments: pd.DataFrame, page_width: float, settings: TableSettings = DEFAULT) -> pd.Series:
    """For each line (the index), which stretch of lines it lies in: a paragraph opens one, its first
    line of one segment wider than `prose_share` of the page starting where the page's text starts
    (within `bridge_snap_pt`; a table's wide cell set alone on its line starts in its column). The
    columns of a table above a paragraph are not the columns of the text under it."""
    by_line = Groups(segments["line"].to_numpy())
    x0, x1 = by_line.min(segments["x0"].to_numpy(float)), by_line.max(segments["x1"].to_numpy(float))
    paragraph = ((by_line.sizes == 1) & (x1 - x0 > settings.prose_share * page_width)
                 & (x0 <= x0.min(initial=np.inf) + settings.bridge_snap_pt))
    order = np.argsort(by_line.min(segments["top"].to_numpy(float)), kind="stable")
    in_order = paragraph[order]
    stretch = np.empty(len(order), dtype=int)
    stretch[order] = np.cumsum(in_order & ~np.r_[False, in_order[:-1]])
    return pd.Series(stretch, index=by_line.keys)


def cuts_at_column_starts(words: pd.DataFrame, segments: pd.DataFrame, settings: TableSettings = DEFAULT,
                          stretches: pd.Series | None = None) -> np.ndarray:
    """`cuts_at_stretch_starts` within each stretch of lines (`paragraph_stretches`; all one without)."""
    if stretches is None or stretches.nunique() < 2:
        return cuts_at_stretch_starts(words, segments, settings)
    keys, stretch = stretches.index.to_numpy(), stretches.to_numpy()
    word_stretch = stretch[np.searchsorted(keys, words["line"].to_numpy())]
    segment_stretch = stretch[np.searchsorted(keys, segments["line"].to_numpy())]
    cuts = np.zeros(len(words), dtype=bool)
    for each in np.unique(word_stretch):
        mine = word_stretch == each
        cuts[mine] = cuts_at_stretch_starts(words[mine], segments[segment_stretch == each], settings)
    return cuts


def cuts_at_stretch_starts(words: pd.DataFrame, segments: pd.DataFrame, settings: TableSettings = DEFAULT
                           ) -> np.ndarray:
    """Words (sorted as `line_segments` gives them) that open a segment of their own though they follow
    the word before closer than `segment_gap`: where they start at a column start (a left edge
    `shared_starts` segments, or words after such a gap, or more start at, within `bridge_snap_pt`)
    after a gap `narrow_gutter_spaces` times their line's usual word space at least, or
    `exact_start_spaces` times (the usual space of a row of cells, `usual_word_spaces`) where it
    and `shared_starts` - 1 segments of different widths start within `exact_start_pt` of each
    other (cells set flush left by the same engine: a two-row table's header over its two cells), or
    `shared_starts` segments end so where the word before ends (cells set flush right), or
    `exact_edges_spaces` times (narrower than a word space) where both hold (a column's cells end
    where the next column's start) on a line not set in a monospaced font. Two cells whose gutter is
    narrower than the gap parting segments are two cells where other rows start or end a cell there
    too."""
    segment = words["segment"].to_numpy()
    x0, x1 = words["x0"].to_numpy(float), words["x1"].to_numpy(float)
    gap = np.r_[np.inf, x0[1:] - x1[:-1]]
    inside = np.r_[False, segment[1:] == segment[:-1]]
    usual, row_usual = usual_word_spaces(words, np.where(inside, gap, np.nan))
    spaced = inside & (gap >= settings.narrow_gutter_spaces * usual)
    starts = shared_lefts(np.r_[segments["x0"].to_numpy(float), x0[spaced]], settings.bridge_snap_pt,
                          settings.shared_starts)
    if not len(starts):
        return np.zeros(len(words), dtype=bool)
    at_start = np.abs(x0[:, None] - starts[None, :]).min(axis=1) <= settings.bridge_snap_pt
    cuts = spaced & at_start
    near = np.flatnonzero(inside & ~cuts & (gap > settings.exact_edges_spaces * row_usual))
    lefts, rights = segments["x0"].to_numpy(float), segments["x1"].to_numpy(float)
    starts_column = aligned_counts(x0[near], lefts, rights, settings.exact_start_pt) + 1 >= settings.shared_starts
    ends_column = aligned_counts(x1[near - 1], rights, lefts, settings.exact_start_pt) >= settings.shared_starts
    wide = gap[near] > settings.exact_start_spaces * row_usual[near]
    proportional = ~monospaced_lines(words)[near]  # on a monospaced line every word is on one grid
    cuts[near] = (wide & (starts_column | ends_column)) | (starts_column & ends_column & proportional)
    return cuts


def usual_word_spaces(words: pd.DataFrame, gaps: np.ndarray, row_segments: int = 3,
                      least_spaces: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """For each word, its line's usual word space (the median of `gaps`, the gaps inside its
    segments: a justified line's spaces are all wide), at most the page's usual space between words
    of that size where the line has fewer than `least_spaces` such gaps (a row of one-word and
    two-word cells: its one gap inside a segment may be a narrow gutter); and the same on a line of
    `row_segments` or more, a row of cells, at most the page's usual space: in a row of tight
    cells, many of the gaps inside its segments are gutters, not spaces."""
    by_line = Groups(words["line"].to_numpy())
    usual = by_line.each(by_line.median(gaps))
    by_size = Groups(np.round(words["size"].to_numpy(float), 1))
    page = np.fmin(usual, by_size.each(by_size.median(gaps)))
    usual = np.where(by_line.each(by_line.count(gaps) < least_spaces), page, usual)
    pieces = by_line.each(by_line.nunique(words["segment"].to_numpy()))
    return usual, np.where(pieces >= row_segments, page, usual)


def monospaced_lines(words: pd.DataFrame, spread: float = 1.02, least_letters: int = 3) -> np.ndarray:
    """For each word, whether its line is set in a monospaced font: every word of `least_letters`
    or more (at least two) as wide per letter, to within `spread`. Such a line's words start on a
    grid of letter widths, and so line up with other lines' words whether or not a column is there."""
    letters = np.fromiter(map(len, words["text"].tolist()), dtype=int, count=len(words))
    per_letter = np.where(letters >= least_letters, (words["x1"].to_numpy(float) - words["x0"].to_numpy(float))
                          / np.maximum(letters, 1), np.nan)
    by_line = Groups(words["line"].to_numpy())
    return by_line.each((by_line.count(per_letter) >= 2)
                        & (by_line.max(per_letter) <= spread * by_line.min(per_letter)))


def aligned_counts(xs: np.ndarray, edges: np.ndarray, others: np.ndarray, tolerance: float) -> np.ndarray:
    """For each x, how many segments of different widths have an edge (`edges`: their left edges,
    or right) within `tolerance` of it (`others`: their other edges): cells set flush left or
    flush right in a column (the same word set flush right in every row starts at one place too)."""
    if not len(edges):
        return np.zeros(len(xs), dtype=int)
    ends = np.round(others / tolerance).astype(np.int64)
    order = np.argsort(ends, kind="stable")  # segments of one width side by side
    at = np.abs(np.asarray(xs, dtype=float)[:, None] - edges[order][None, :]) <= tolerance
    widths = np.flatnonzero(np.r_[True, np.diff(ends[order]) != 0])
    return np.logical_or.reduceat(at, widths, axis=1).sum(axis=1)


def at_exact_starts(words: pd.DataFrame, settings: TableSettings = DEFAULT) -> np.ndarray:
    """For each word (with a `segment` column, sorted as `line_segments` gives them: a segment's
    words side by side), whether it starts where `shared_starts` segments of different widths start,
    within `exact_start_pt` (`aligned_counts`): a column's start."""
    ids, x0, x1 = words["segment"].to_numpy(), words["x0"].to_numpy(float), words["x1"].to_numpy(float)
    if not len(ids):
        return np.zeros(0, dtype=bool)
    firsts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
    return aligned_counts(x0, np.minimum.reduceat(x0, firsts), np.maximum.reduceat(x1, firsts),
                          settings.exact_start_pt) >= settings.shared_starts


def shared_lefts(xs: np.ndarray, snap: float, least: int) -> np.ndarray:
    """Left edges clustered `snap` wide (each cluster's mean) where `least` of them or more fall."""
    xs = np.sort(xs)
    if not len(xs):
        return xs
    groups = np.split(xs, np.flatnonzero(np.diff(xs) > snap) + 1)
    return np.array([group.mean() for group in groups if len(group) >= least])


def cut_at_exact_starts(words: pd.DataFrame, mine: pd.DataFrame, settings: TableSettings = DEFAULT
                        ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`words` (sorted as `line_segments` gives them) and a table region's segments `mine` (of some
    of them), each segment cut before a word that starts exactly where the region's cells of
    several widths start (`at_exact_starts`), however narrow the gap: a column whose gutter is a
    word space wide; or after a gap `narrow_gutter_spaces` times the line's usual word space (at
    most the table's: a line of few words and cells all but meeting), on a line not set in a
    monospaced font, where a column's edge lies inside it (`column_edge_between`: a header's two
    cells set a little more than a word space apart, over cells set flush right)."""
    chosen = words["segment"].isin(mine["segment"]).to_numpy()
    block = words[chosen]
    ids, x0, x1 = block["segment"].to_numpy(), block["x0"].to_numpy(float), block["x1"].to_numpy(float)
    inside = np.r_[False, ids[1:] == ids[:-1]]
    gap = np.r_[np.inf, x0[1:] - x1[:-1]]
    edge_between = inside & np.r_[False, column_edge_between(x1[:-1], x0[1:], mine["x0"].to_numpy(float),
                                                             mine["x1"].to_numpy(float), settings)]
    if edge_between.any():  # the line's word space is measured only where a column's edge could part it
        usual = usual_word_spaces(block, np.where(inside, gap, np.nan), row_segments=1)[1]  # at most the table's
        edge_between &= (gap >= settings.narrow_gutter_spaces * usual) & ~monospaced_lines(block)
    opens = inside & (at_exact_starts(block, settings) & (gap > 0) | edge_between)
    return cut_before(words, chosen, opens) if opens.any() else (words, mine)


def cut_before(words: pd.DataFrame, chosen: np.ndarray, opens: np.ndarray) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`words` with the segments of the `chosen` ones (sorted as `line_segments` gives them) cut
    before each word that `opens` a new one (one flag per chosen word), and those segments."""
    block = words[chosen]
    ids = block["segment"].to_numpy()
    block = block.assign(segment=int(words["segment"].max()) + np.cumsum(np.r_[True, ids[1:] != ids[:-1]] | opens))
    words = words.copy()
    words.loc[chosen, "segment"] = block["segment"].to_numpy()
    return words, segment_frame(block)


def column_edge_between(ends: np.ndarray, starts: np.ndarray, lefts: np.ndarray, rights: np.ndarray,
                        settings: TableSettings = DEFAULT) -> np.ndarray:
    """For each gap between a word ending at `ends` and the next starting at `starts`, whether a
    column's edge lies inside it: where `shared_starts` segments (`lefts`, `rights`) of different
    widths end (cells set flush right) or start (flush left), within `exact_start_pt`."""
    tolerance = settings.exact_start_pt
    flush_right = rights[aligned_counts(rights, rights, lefts, tolerance) >= settings.shared_starts]
    flush_left = lefts[aligned_counts(lefts, lefts, rights, tolerance) >= settings.shared_starts]
    a, b = ends[:, None], starts[:, None]
    return (((flush_right[None, :] >= a - tolerance) & (flush_right[None, :] < b - tolerance)).any(axis=1)
            | ((flush_left[None, :] > a + tolerance) & (flush_left[None, :] <= b + tolerance)).any(axis=1))


def opening_at(x0: np.ndarray, starts: np.ndarray, settings: TableSettings = DEFAULT) -> np.ndarray:
    """Whether each left edge (`x0`) lies exactly where one of `starts` is (`exact_start_pt`): a
    word opening a cell where a column's cells start, however close the word before."""
    return (np.abs(np.asarray(x0, dtype=float)[:, None] - starts[None, :]) <= settings.exact_start_pt).any(axis=1)


def cut_at_word_starts(pieces: LineSegments, starts: np.ndarray, words: pd.DataFrame,
                       settings: TableSettings = DEFAULT) -> LineSegments:
    """A line's segments (`pieces`) cut before each of its `words` (sorted as `line_segments` gives
    them) that opens exactly at one of `starts` inside a segment: two cells whose gutter is narrower
    than a word space (a justified cell running up to the next column's start). The parts keep
    their segment's id, so that what is said of it holds for them."""
    opens = opening_at(words["x0"].to_numpy(float), starts, settings)
    ids = words["segment"].to_numpy()
    firsts = np.r_[True, ids[1:] != ids[:-1]] | np.r_[False, opens[1:]]
    if firsts.sum() == len(pieces):
        return pieces
    parts = segment_frame(words.assign(segment=np.cumsum(firsts))).assign(segment=ids[firsts])
    of_piece = np.searchsorted(pieces.segment, parts["segment"].to_numpy())
    return segments_by_line(parts.assign(prose=pieces.prose[of_piece],
                                         column_width=pieces.column_width[of_piece]))[pieces.line]


@dataclass(frozen=True)
class LineSegments:
    """One text line's segments, left to right, as arrays (the columns of `SEGMENT_COLUMNS`): the
    block finders ask a few figures of every line over and over, which a DataFrame per line of a
    handful of pieces answers many times slower."""

    line: int
    segment: np.ndarray
    x0: np.ndarray
    x1: np.ndarray
    top: np.ndarray
    bottom: np.ndarray
    size: np.ndarray
    words: np.ndarray
    text: list[str]
    prose: np.ndarray
    column_width: np.ndarray

    def __len__(self) -> int:
        return len(self.x0)

    def worded(self) -> int:
        """How many of its pieces hold a letter or a figure (not a contents line's leader dots)."""
        return sum(bool(WORDED.search(text)) for text in self.text)


def segments_by_line(segments: pd.DataFrame) -> dict[int, LineSegments]:
    """Each line's segments (`page_segments`' rows, sorted by segment id: a line's left to right)."""
    lines = segments["line"].to_numpy()
    order = np.argsort(lines, kind="stable")
    lines = lines[order]
    firsts = np.flatnonzero(np.r_[True, lines[1:] != lines[:-1]]) if len(lines) else np.zeros(0, dtype=int)
    ends = np.r_[firsts[1:], len(lines)].astype(int)
    arrays = {c: segments[c].to_numpy()[order] for c in ("segment", "x0", "x1", "top", "bottom", "size", "words")}
    arrays["prose"] = segments["prose"].to_numpy(bool)[order]
    arrays["column_width"] = segments["column_width"].to_numpy(float)[order]
    texts = segments["text"].tolist()
    texts = [texts[k] for k in order.tolist()]
    return {int(lines[a]): LineSegments(int(lines[a]), text=texts[a:b], **{c: v[a:b] for c, v in arrays.items()})
            for a, b in zip(firsts.tolist(), ends.tolist())}


def line_boxes(segments: pd.DataFrame) -> pd.DataFrame:
    """One row per line of segments (indexed by line id): its top, bottom and median size."""
    lines = Groups(segments["line"].to_numpy())
    return pd.DataFrame({"top": lines.min(segments["top"]), "bottom": lines.max(segments["bottom"]),
                         "size": lines.median(segments["size"])}, index=pd.Index(lines.keys, name="line"))


def line_segments(words: pd.DataFrame, settings: TableSettings = DEFAULT) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(words sorted by line and x0 with a `segment` column, one row per segment)."""
    words = words.sort_values(["line", "x0"], kind="stable").reset_index(drop=True)
    ids = segment_ids(words, settings)
    words = words.assign(segment=ids)
    return words, segment_frame(words)


def segment_frame(words: pd.DataFrame) -> pd.DataFrame:
    """One row per segment of words with a `segment` column (sorted by it)."""
    ids = words["segment"].to_numpy()
    if not len(ids):
        return pd.DataFrame(columns=SEGMENT_COLUMNS[:-2])
    starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
    ends = np.r_[starts[1:], len(ids)]
    texts = words["text"].tolist()
    segments = pd.DataFrame({
        "segment": ids[starts], "line": words["line"].to_numpy()[starts],
        "x0": np.minimum.reduceat(words["x0"].to_numpy(float), starts),
        "x1": np.maximum.reduceat(words["x1"].to_numpy(float), starts),
        "top": np.minimum.reduceat(words["top"].to_numpy(float), starts),
        "bottom": np.maximum.reduceat(words["bottom"].to_numpy(float), starts),
        "size": np.maximum.reduceat(words["size"].to_numpy(float), starts),
        "words": ends - starts,
        "text": [" ".join(texts[a:b]) for a, b in zip(starts, ends)]})
    return segments
