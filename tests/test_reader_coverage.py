"""How far the general reader is from reading the document kinds' tables itself (issue 14: one
reader, not two). Each table part the header-anchored reader reads (one per page, `chunking`) should
lie inside one table the general reader finds with no knowledge of the document: from its header
row's top to its last row. These tests hold the ground gained. Beyond finding them, the general
reader must read their rows as the kinds do (`rows_read_alike`): over `raw/`'s compendium, its
borderless rendering and the 92 zoo printings it now does, every part and every row; the kinds'
reading can be handed over to it."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from conftest import BORDERLESS, RAW, ROOT, RULED
from pipeline.chunking import find_chunks
from pipeline.pdf.documents import read_document
from pipeline.steps import document_kind, extract_cells, locate_document
from pipeline.tables import iter_page_tables


def parts_missed(pdf: Path) -> tuple[int, list[tuple[int, str]]]:
    """(how many table parts the kinds read, (page, kind) of those no general table holds whole)."""
    document = read_document(pdf)
    located = locate_document(document, document_kind(document))
    chunks, info = find_chunks(located, document.rulings)
    general = dict(iter_page_tables(document))
    missed = []
    for chunk, place in zip(chunks, info):
        printed = pd.concat([part for part in (chunk.head, chunk.body) if len(part)])
        top, bottom = printed["top"].min(), printed["bottom"].max()
        if not any(t.bbox[1] <= top + 2 and t.bbox[3] >= bottom - 2 for t in general.get(chunk.page, [])):
            missed.append((chunk.page, place["kind"]))
    return len(chunks), missed


@pytest.mark.parametrize("pdf", [RULED, BORDERLESS, RAW / "hmicfrs" / "peel-2021-22-avon-and-somerset-police.pdf"],
                         ids=["ruled", "borderless", "report"])
def test_the_general_reader_finds_the_tables_the_kinds_read(pdf: Path) -> None:
    """The ruled compendium's 58 parts, the borderless rendering's 59 (two of them a repeated header
    over the last lines of a cell, carried on from the page before) and a report's judgments table
    are each one general table."""
    parts, missed = parts_missed(pdf)
    assert parts > 0 and not missed, missed


ZOO = ["chromium-q8282-c21-a1a8-cairo-sans-body-serif-tables", "chromium-v16-c23-a3a7-right-headers-tight-mirrored-cairo",
       "libreoffice-q6767-c23-a6-type1-narrow-loose-header", "reportlab-e11-c23-a4a8-serif-none-middle",
       "reportlab-q5757-c23-a2a8-type1-keys-after-break-middle", "reportlab-e23-c23-a4a8-narrow-borderless-norepeat",
       "reportlab-v16-c23-a4-narrow-matrix-rows-set-solid", "reportlab-r9595-both-a4a6-ruled-keys-centred-after-break"]


@pytest.mark.parametrize("printing", ZOO)
def test_the_general_reader_finds_the_tables_the_kinds_read_in_zoo_printings(printing: str) -> None:
    """Eight zoo printings the general reader missed parts of (one to four each): header cells set
    flush right or centred over their columns, a tall header's first lines, cells centred in their
    rows, narrow columns, mirrored margins, tables carried on without their header, a version
    history whose rows open with running text; Type 1 fonts, Chromium re-printed by pdftocairo,
    LibreOffice and reportlab. Over all 92 committed printings none of the 819 parts is missed (182
    before these mechanisms; 52 before the session that added the rows test below; the last six were
    a header row alone at a page's foot, a cell's end carried alone to the next page, and a bold
    header boxed with the row under it)."""
    parts, missed = parts_missed(ROOT / "tests" / "zoo" / "printings" / f"{printing}.pdf")
    assert parts > 0 and not missed, missed


def row_texts(cells: pd.DataFrame) -> list[str]:
    """Each row's non-empty cells, in column order, as one string ('a | b | c')."""
    ordered = cells[cells["text"].str.strip() != ""].sort_values(["row", "col"])
    return [" | ".join(" ".join(text.split()) for text in row["text"]) for _, row in ordered.groupby("row")]


def both_readings(pdf: Path) -> tuple[pd.DataFrame, dict[int, list]]:
    """The cells of the table parts the kinds read (`steps.extract_cells`) and the general reader's
    tables by page, its broken words mended with the kind's reference words as the kinds' are."""
    document = read_document(pdf)
    kind = document_kind(document)
    cells, _, _, _ = extract_cells(locate_document(document, kind), document.rulings)
    return cells, dict(iter_page_tables(document, vocabulary=kind.known_words()))


def rows_read_alike(pdf: Path) -> tuple[int, list[str]]:
    """(how many rows the kinds read, page by page, the rows of those the general table holding
    their part prints otherwise): a row matches a row of that table's lines in the part's height."""
    cells, general = both_readings(pdf)
    total, differ = 0, []
    for _, part in cells.groupby("table"):
        page, top, bottom = int(part["page"].iloc[0]), part["top"].min(), part["bottom"].max()
        typed = row_texts(part)
        total += len(typed)
        holding = [t for t in general.get(page, []) if t.bbox[1] <= top + 2 and t.bbox[3] >= bottom - 2]
        read = row_texts(holding[0].cells.query("@top - 1.5 <= top <= @bottom + 1.5")) if holding else []
        for row in typed:
            if row in read:
                read.remove(row)
            else:
                differ.append(f"p{page}: {row[:80]}")
    return total, differ


@pytest.mark.parametrize("pdf", [RULED, BORDERLESS], ids=["ruled", "borderless"])
def test_the_general_reader_reads_the_compendium_s_rows_as_the_kinds_do(pdf: Path) -> None:
    """Every row of the ruled compendium's 451 and of the borderless rendering's 456 is printed by
    the general reader, cell for cell, as the header-anchored reader reads it (the borderless one's
    practice row cut by a page's foot, its one-row part, is judged with the tables printed alike
    before it). Over the 92 zoo printings all 7,938 are (88.3% before the session that added this
    test, 99.6% before the one that added the zoo printings' test below)."""
    total, differ = rows_read_alike(pdf)
    assert total > 400 and not differ, differ


@pytest.mark.parametrize("printing, allowed", [
    ("reportlab-v16-c21-a7-centred-row-cut-tallest-cell-first", 0),
    ("reportlab-s9999-both-a8-header-repeated-over-one-centred-row", 0)])
def test_the_general_reader_reads_zoo_printings_rows_as_the_kinds_do(printing: str, allowed: int) -> None:
    """Rows the general reader once ran together or cut apart: a practice whose tallest cell a page
    cut opens its row in lower case beside labels centred in it (six rows ran into the row above),
    and a grades matrix whose header cells set flush right all but meet ('Recording data about
    crime' and 'Vetting and counter corruption' read as one cell on two pages, the white beside a
    column's short grades taken for a gutter; on the page carrying on one row under the header
    printed again, too few lines to find them: `test_continuations_on_printings.py`)."""
    total, differ = rows_read_alike(ROOT / "tests" / "zoo" / "printings" / f"{printing}.pdf")
    assert total > 50 and len(differ) <= allowed, differ


@pytest.mark.parametrize("report", ["peel-2021-22-avon-and-somerset-police", "peel-2023-25-wiltshire-police"])
def test_the_general_reader_prints_a_report_s_stacked_entries_as_paragraphs(report: str) -> None:
    """A report's grades table stacks in each grade's cell the areas given it; the report kind reads
    each entry as a row. The general reader prints the one row the page shows, each entry a
    paragraph of its cell (over the 82 reports in raw/, all 835 entries)."""
    cells, general = both_readings(RAW / "hmicfrs" / f"{report}.pdf")
    for _, part in cells[~cells["header"].astype(bool)].groupby("table"):
        page = int(part["page"].iloc[0])
        paragraphs = [" ".join(p.split()) for table in general[page] for text in table.cells["text"]
                      for p in text.split("\n")]
        entries = [" ".join(text.split()) for text in part["text"]]
        assert entries and all(entry in paragraphs for entry in entries), entries
