"""A PDF that is neither the compendium nor a PEEL report: the run still publishes, its tables go
to tables.parquet cell by cell (read by the general reader), and the summary names it as a warning."""
from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from conftest import RAW, run_cli
from pipeline import build, workers
from test_tables import RULED, make_pdf

REPORT = RAW / "hmicfrs" / "peel-2021-22-avon-and-somerset-police.pdf"  # 5 pages: quick to extract
OTHER = "spending.pdf"


def digests(out: Path) -> dict[str, str]:
    """The typed tables' bytes: every Parquet file but the general reader's."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.glob("*.parquet"))
            if p.name != "tables.parquet"}


def unknown_kind(out: Path) -> dict:
    summary = json.loads((out / "validation" / "summary.json").read_text())
    return next(check for check in summary["checks"] if check["name"] == "unknown_kind")


def raw_folder(folder: Path, *extra: tuple[str, bytes]) -> Path:
    """The report, a PDF with one ruled table (no policing text at all) and any `extra` files."""
    folder.mkdir(parents=True)
    shutil.copy(REPORT, folder / REPORT.name)
    make_pdf(folder / OTHER, ruled=True)
    for name, data in extra:
        (folder / name).write_bytes(data)
    return folder


@pytest.fixture(scope="module")
def report_alone(tmp_path_factory) -> Path:
    raw = tmp_path_factory.mktemp("alone") / "raw"
    raw.mkdir()
    shutil.copy(REPORT, raw / REPORT.name)
    out = raw.parent / "out"
    assert build.run(build.RunOptions(raw_dir=raw, out_dir=out, jobs=1)) == 0
    return out


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """The command line (as `make` runs it) over the report and the other PDF."""
    tmp = tmp_path_factory.mktemp("mixed")
    raw = raw_folder(tmp / "raw")
    return run_cli("run", "--raw", str(raw), "--out", str(tmp / "out")), raw, tmp / "out"


def test_the_run_publishes_and_warns_about_the_other_pdf(mixed):
    result, _, out = mixed
    assert result.returncode == 0, result.stderr
    assert "error:" not in result.stderr
    assert f"warning: {OTHER}: neither the Policing Compendium nor a HMICFRS PEEL report" in result.stderr
    check = unknown_kind(out)
    assert check["severity"] == "warning" and check["count"] == 1
    assert check["findings"][0]["source_file"] == OTHER
    assert check["findings"][0]["message"].startswith(f"{OTHER}: ") and "1 table(s)" in check["findings"][0]["message"]


def test_the_report_keeps_its_typed_tables(mixed, report_alone):
    _, _, out = mixed
    assert digests(out) == digests(report_alone)
    assert len(pd.read_parquet(out / "report_grades.parquet")) > 0


def test_the_other_pdf_cells_are_in_tables_parquet_with_provenance(mixed):
    _, raw, out = mixed
    cells = pd.read_parquet(out / "tables.parquet")
    assert list(cells.columns) == ["source_file", "source_sha256", "page", "table", "row", "col", "text",
                                   "x0", "x1", "top", "bottom", "row_span", "col_span", "continues", "repeats_header"]
    assert cells["continues"].isna().all() and not cells["repeats_header"].any(), "one table on one page"
    assert set(cells["source_file"]) == {OTHER}
    assert set(cells["source_sha256"]) == {hashlib.sha256((raw / OTHER).read_bytes()).hexdigest()}
    assert set(zip(cells["page"], cells["table"])) == {(1, 1)}
    grid = cells.pivot(index="row", columns="col", values="text")
    assert grid.values.tolist() == RULED
    assert ((cells["x0"] < cells["x1"]) & (cells["top"] < cells["bottom"])).all()


def test_a_cached_rerun_gives_the_same_tables_and_warning(tmp_path, monkeypatch):
    raw = raw_folder(tmp_path / "raw")
    cache = tmp_path / "cache"
    assert build.run(build.RunOptions(raw_dir=raw, out_dir=tmp_path / "a", jobs=2, cache_dir=cache)) == 0

    def must_not_extract(*args, **kwargs):
        raise AssertionError("a cached document was extracted again")

    monkeypatch.setattr(workers, "extract_document", must_not_extract)
    assert build.run(build.RunOptions(raw_dir=raw, out_dir=tmp_path / "b", jobs=2, cache_dir=cache)) == 0
    for out in ("a", "b"):
        assert unknown_kind(tmp_path / out)["count"] == 1
    assert (tmp_path / "a" / "tables.parquet").read_bytes() == (tmp_path / "b" / "tables.parquet").read_bytes()


def test_a_pdf_of_no_known_kind_without_tables_is_named_too(tmp_path):
    from reportlab.pdfgen import canvas
    raw = tmp_path / "raw"
    raw.mkdir()
    page = canvas.Canvas(str(raw / "menu.pdf"))
    page.drawString(72, 720, "Canteen menu for the week")
    page.save()
    result = run_cli("run", "--raw", str(raw), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "warning: menu.pdf: neither" in result.stderr and "0 table(s)" in result.stderr
    assert pd.read_parquet(tmp_path / "out" / "tables.parquet").empty


def test_a_corrupt_pdf_beside_it_is_still_one_line_naming_it(tmp_path):
    truncated = REPORT.read_bytes()[:4000]
    raw = raw_folder(tmp_path / "raw", ("broken.pdf", truncated))
    result = run_cli("run", "--raw", str(raw), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors == ["error: broken.pdf: the PDF is truncated (no %%EOF marker at its end)"]
    assert not (tmp_path / "out").exists()


def test_a_table_of_no_kind_in_a_known_document_is_published_cell_by_cell_and_named(tmp_path, report_alone):
    """The report with a page of another table appended (an annex of figures): the report's typed
    tables are as before, and the annex table, on a page where none of the report's tables was
    found, goes to tables.parquet with an `unclaimed_table` warning naming its page and first row;
    a table whose header row a printing left unrecognisable is not lost in silence either."""
    import pypdfium2 as pdfium
    make_pdf(tmp_path / OTHER, ruled=True)
    raw = tmp_path / "raw"
    raw.mkdir()
    joined = pdfium.PdfDocument(REPORT)
    joined.import_pages(pdfium.PdfDocument(tmp_path / OTHER))
    joined.save(raw / "with-annex.pdf")
    pages = len(joined)
    out = tmp_path / "out"
    assert build.run(build.RunOptions(raw_dir=raw, out_dir=out, jobs=1)) == 0
    provenance = ["source_file", "source_sha256"]
    grades = pd.read_parquet(out / "report_grades.parquet").drop(columns=provenance)
    assert grades.equals(pd.read_parquet(report_alone / "report_grades.parquet").drop(columns=provenance))
    cells = pd.read_parquet(out / "tables.parquet")
    assert set(zip(cells["page"], cells["table"])) == {(pages, 1)}
    assert cells.pivot(index="row", columns="col", values="text").values.tolist() == RULED
    summary = json.loads((out / "validation" / "summary.json").read_text())
    check = next(check for check in summary["checks"] if check["name"] == "unclaimed_table")
    assert check["severity"] == "warning" and check["count"] == 1
    finding = check["findings"][0]
    assert finding["page"] == pages and f"page {pages} prints a table of {len(RULED)} rows" in finding["message"]
    assert " | ".join(RULED[0]) in finding["message"]
    assert all(check["count"] == 0 for check in summary["checks"] if check["name"] == "unknown_kind")
