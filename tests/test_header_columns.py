"""Columns from a header row and the text below it, on frames measured from zoo printings whose
gutters are narrower than their header's gaps (each printing is also read whole in test_zoo.py)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pipeline.tables import DEFAULT_GRID
from pipeline.tables import cell_edges, header_columns as columns


def words(rows: list[tuple[int, str, float, float]], size: float) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["line", "text", "x0", "x1"]).assign(size=size)


def test_a_right_aligned_header_cell_parts_from_the_next_at_a_gap_no_wider_than_a_word_space():
    """chromium-v16-c23-a3a7-right-headers-tight-mirrored-cairo: 'Preventing ... and' is set flush
    right, 2.4 pt from 'to the public', while the header's word spaces are 2 pt; its lines all end
    on one edge, which parts the cells."""
    header = words([(1, "Preventing", 154.41, 188.88), (1, "Responding", 194.23, 231.53), (1, "Investigating", 235.8, 277.7),
                    (2, "and", 177.24, 188.91), (2, "to", 191.32, 197.67), (2, "the", 199.63, 209.9),
                    (2, "public", 211.86, 231.51), (2, "crime", 259.6, 277.7),
                    (3, "deterring", 159.1, 188.88), (3, "people", 299.4, 320.3),
                    (4, "antisocial", 158.15, 188.86), (4, "offenders", 299.4, 325.0)], size=5.63)
    starts = columns.column_starts(header, DEFAULT_GRID)
    assert len(starts) == 4 and starts[1] == pytest.approx(191.32)


def test_a_centred_header_parts_where_a_cell_below_starts_inside_its_gap():
    """chromium-t7575-c21-a1a8-centred-headers-tight-narrow-cairo: 'Recording' and 'Engaging' are
    5.6 pt apart (a header gap is 9 pt at 10 pt), and the cells below start at 215.4, in between."""
    header = words([(15, "Recording", 162.69, 212.10), (15, "Engaging", 217.69, 263.15),
                    (16, "data", 177.09, 197.70), (16, "with", 220.16, 240.13), (16, "and", 242.90, 260.68),
                    (17, "about", 173.79, 201.00), (17, "treating", 222.08, 258.76),
                    (18, "crime", 174.08, 200.71), (18, "the", 216.83, 231.83), (18, "public", 234.61, 264.02)],
                   size=10.0)
    below = words([(23, "Not", 162.39, 177.88), (23, "Adequate", 215.41, 257.88), (24, "inspected", 162.39, 205.12),
                   (26, "Requires", 162.39, 202.15), (26, "Outstanding", 215.41, 268.7)], size=10.0)
    assert len(columns.column_starts(header, DEFAULT_GRID)) == 1  # the header alone shows no gutter
    assert columns.column_starts(header, DEFAULT_GRID, below) == pytest.approx([162.39, 215.41])


def test_a_column_set_flush_right_starts_where_its_widest_cell_starts():
    """reportlab-t3636-both-a5-flush-right-under-narrow-header: 'Not inspected', flush right under
    'Recording data about crime', starts 5 pt left of the header and 3 pt after 'Ungraded' (less
    than a gutter): both end on their columns' right edges, so each is a cell of its own."""
    header = words([(209, "Providing", 112.04, 149.80), (209, "a", 152.07, 156.63), (209, "Recording", 167.12, 207.63),
                    (210, "service", 115.22, 143.48), (210, "to", 145.75, 153.48), (210, "data", 166.67, 183.52),
                    (210, "about", 185.79, 208.09), (211, "the", 112.95, 125.24), (211, "victims", 127.51, 155.75),
                    (211, "crime", 176.46, 198.33), (212, "of", 118.41, 126.15), (212, "crime", 128.42, 150.29)],
                   size=8.2)
    below = words([(215, "Ungraded", 123.37, 159.37), (215, "Good", 192.36, 212.40),
                   (217, "Ungraded", 123.37, 159.37), (217, "Not", 162.38, 175.13), (217, "inspected", 177.30, 212.38),
                   (219, "Inadequate", 118.29, 159.37), (219, "Good", 192.36, 212.40),
                   (221, "Adequate", 124.61, 159.37), (221, "Not", 162.38, 175.13), (221, "inspected", 177.30, 212.38),
                   (223, "Ungraded", 123.37, 159.37), (223, "Requires", 179.60, 212.41), (224, "improvement", 165.02, 212.40),
                   (225, "Adequate", 124.61, 159.37), (225, "Good", 192.36, 212.40)],
                  size=8.2)
    starts = columns.column_starts(header, DEFAULT_GRID, below)
    assert len(starts) == 2 and starts[1] == pytest.approx(162.38)
    assert columns.column_of(below["x0"], starts, DEFAULT_GRID).tolist() == [0, 1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1, 1, 0, 1]


def test_monospaced_cells_that_end_together_are_no_flush_right_edge():
    """In a monospaced font the cells of left-aligned columns often end together: an edge is a
    right-aligned column's only where the cells ending on it start at as many places."""
    lines, ends = np.array([1, 2, 3]), np.array([384.5, 384.5, 384.5])
    assert len(cell_edges.flush_right_edges(lines, np.array([124.9, 124.9, 228.1]), ends, DEFAULT_GRID)) == 0
    assert cell_edges.flush_right_edges(lines, np.array([118.3, 123.4, 124.6]), ends, DEFAULT_GRID).tolist() == [384.5]


def test_a_gap_narrower_than_a_monospaced_header_s_word_space_parts_cells():
    """A monospaced header with 1 pt cell padding (held-out h23 #33): its word spaces are 3.9 pt,
    the gutter between 'and' and 'workforce' 2.3 pt; the narrower gap is the cells' edge, the word
    spaces are not (their ends meeting by chance on two lines made 'to' a column of its own)."""
    header = words([(1, "Building,", 633.9, 668.97), (1, "Tackling", 690.75, 721.92), (1, "Strategic", 747.6, 782.66),
                    (2, "supporting", 633.9, 672.86), (2, "and", 676.76, 688.45), (2, "workforce", 690.75, 725.81),
                    (2, "planning,", 747.6, 782.66), (3, "protecting", 633.9, 672.86), (3, "the", 676.76, 688.45),
                    (3, "corruption", 690.75, 729.71), (3, "organisational", 747.6, 802.14),
                    (4, "workforce", 633.9, 668.97), (4, "management", 747.6, 786.56), (4, "and", 790.45, 802.14),
                    (5, "value", 747.6, 767.08), (5, "for", 770.97, 782.66), (6, "money", 747.6, 767.08)], size=6.49)
    assert columns.column_starts(header, DEFAULT_GRID) == pytest.approx([633.9, 690.75, 747.6])
    assert columns.usual_gap([3.9, 3.9, 2.3, 3.9]) == pytest.approx(3.9)
    assert columns.usual_gap([3.9, 2.3, 2.0]) is None  # no gap the usual one: the rule does not apply


def test_a_centred_header_parts_where_a_column_set_flush_right_below_ends_inside_its_gap():
    """Held-out h23 #5 (URW Narrow, 1 pt padding): 'Providing a service' and 'Recording data about'
    are 5.2 pt apart, less than a gutter, and the grades below are set flush right, so no cell
    starts in the gap; but the first column's grades all end at 177.6, inside it."""
    header = words([(167, "Providing", 125.61, 150.2), (167, "a", 151.68, 154.64), (167, "service", 156.13, 174.5),
                    (167, "Recording", 179.69, 206.05), (167, "data", 207.53, 218.49), (167, "about", 219.97, 234.48),
                    (168, "to", 129.62, 134.65), (168, "the", 136.13, 144.13), (168, "victims", 145.61, 163.98),
                    (168, "of", 165.46, 170.49), (168, "crime", 199.98, 214.2), (169, "crime", 142.95, 157.17)],
                   size=6.5)
    below = words([(171, "Ungraded", 154.17, 177.57), (171, "Requires", 180.99, 202.32), (171, "improvement", 203.8, 234.6),
                   (172, "Good", 164.53, 177.57), (172, "Not", 202.01, 210.3), (172, "inspected", 211.79, 234.6),
                   (173, "Adequate", 155.35, 177.57), (173, "Good", 221.56, 234.6),
                   (174, "Ungraded", 154.17, 177.57), (174, "Adequate", 211.78, 234.6)], size=6.5)
    assert len(columns.column_starts(header, DEFAULT_GRID)) == 1  # the header alone shows no gutter
    assert columns.column_starts(header, DEFAULT_GRID, below) == pytest.approx([125.61, 179.69])


def test_a_header_copy_cut_short_at_the_page_edge_is_the_same_header():
    """h47-libreoffice-e11212-c23-a2a5-1: page 3's copy of the header keeps 'Disrup / ser / organ / c'
    of 'Disrupting serious organised crime' (each line cut where the page ends); it heads the same
    table and reads as page 2 prints it. A label that is not the start of the other, word by word,
    is another header."""
    from pipeline.tables.repeated_headers import cut_short, same_header, whole_headers
    whole = ("Constabulary Name", "Vetting and counter corruption", "Disrupting serious organised crime")
    cut = ("Constabulary  Name", "Vetting and counter corruption", "Disrup ser organ c")
    assert cut_short("Disrup ser organ c", "Disrupting serious organised crime")
    assert cut_short("Str pla organisa manage and va money",
                     "Strategic planning, organisational management and value for money")
    assert not cut_short("Disrupting serious organised crime", "Disrupting serious organised crime")
    assert not cut_short("Serious organised crime", "Disrupting serious organised crime")
    assert same_header(whole, cut) and same_header(cut, whole)
    assert not same_header(whole, cut[:2] + ("Tackling workforce corruption",))
    assert whole_headers([whole, cut, ("A", "B")], [1, 1, 2]) == [whole, cut[:2] + (whole[2],), ("A", "B")]
    assert whole_headers([cut, cut], [1, 1]) == [cut, cut]
