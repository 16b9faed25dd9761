"""What the bench times, each run in a fresh process: our pipeline's stages in one process, and
the baselines (the character floor of pdfplumber and pypdfium2, pdfplumber's and camelot's table
finders). Every child times its imports apart from its work and writes both to a JSON file.

    python bench/children.py NAME RESULT_JSON ARGS...   # what child_command() builds
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from measure import ROOT


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _since(start: tuple[float, float]) -> dict:
    wall, cpu = _clock()
    return {"wall_s": wall - start[0], "cpu_s": cpu - start[1]}


def child_camelot(pdf: str, dump: str) -> dict:
    start = _clock()
    import camelot
    imported = _since(start)
    start = _clock()
    tables = camelot.read_pdf(pdf, pages="all", flavor="lattice")
    work = _since(start)
    rows = [table.df.values.tolist() for table in tables]
    Path(dump).write_text(json.dumps(rows), encoding="utf-8")
    return {"import": imported, "work": work, "tables": len(rows), "rows": sum(len(t) for t in rows)}


def child_plumber_tables(pdf: str, dump: str) -> dict:
    start = _clock()
    import pdfplumber
    imported = _since(start)
    start = _clock()
    tables = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            tables.extend(page.extract_tables())
            page.flush_cache()
    work = _since(start)
    Path(dump).write_text(json.dumps(tables), encoding="utf-8")
    return {"import": imported, "work": work, "tables": len(tables), "rows": sum(len(t) for t in tables)}


def child_plumber_chars(pdf: str) -> dict:
    start = _clock()
    import pdfplumber
    imported = _since(start)
    start = _clock()
    chars = 0
    with pdfplumber.open(pdf) as document:
        pages = len(document.pages)
        for page in document.pages:
            chars += len(page.chars)
            page.flush_cache()
    return {"import": imported, "work": _since(start), "pages": pages, "chars": chars}


def child_pdfium_chars(pdf: str) -> dict:
    start = _clock()
    import pypdfium2 as pdfium
    imported = _since(start)
    start = _clock()
    chars = text_length = 0
    document = pdfium.PdfDocument(pdf)
    pages = len(document)
    for index in range(pages):
        page = document[index]
        textpage = page.get_textpage()
        count = textpage.count_chars()
        for i in range(count):
            textpage.get_charbox(i)
        text_length += len(textpage.get_text_range())
        chars += count
        textpage.close()
        page.close()
    document.close()
    return {"import": imported, "work": _since(start), "pages": pages, "chars": chars, "text_length": text_length}


def child_read(pdf: str) -> dict:
    """Our reading of one PDF, from file to tidy tables (`read_document`, then `extract_document`),
    imports apart: the work to set against the character floor's work."""
    sys.path.insert(0, str(ROOT))
    start = _clock()
    from pipeline.pdf.documents import read_document
    from pipeline.steps import extract_document
    imported = _since(start)
    start = _clock()
    document = read_document(Path(pdf))
    read = _since(start)
    tables = extract_document(document)
    work = _since(start)
    return {"import": imported, "work": work, "pages": document.page_count, "tables": len(tables),
            "read_document_s": round(read["wall_s"], 3), "extract_document_s": round(work["wall_s"] - read["wall_s"], 3)}


def child_stages(raw: str, out: str, profile: str | None = None) -> dict:
    """The pipeline's own `build.run` on `raw`, in this one process (the process pool replaced by a
    plain loop), with the stage functions wrapped in timers. Wrapping the real functions rather
    than re-composing them keeps this honest while the pipeline changes; whatever no timer covers
    (discovery, checksums, combining, the HTML report, ...) shows up as "other"."""
    sys.path.insert(0, str(ROOT))
    start = _clock()
    import functools
    import logging

    from pipeline import build, cross_checks, publish, report, steps, validate
    imported = _since(start)
    logging.getLogger("pipeline").setLevel(logging.ERROR)

    totals: dict[str, list[float]] = {}
    active: set[str] = set()

    def timed(name: str, function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            if name in active:  # a timed function calling another of the same stage: count once
                return function(*args, **kwargs)
            active.add(name)
            begin = _clock()
            try:
                return function(*args, **kwargs)
            finally:
                wall, cpu = _clock()
                entry = totals.setdefault(name, [0.0, 0.0])
                entry[0] += wall - begin[0]
                entry[1] += cpu - begin[1]
                active.discard(name)
        return wrapper

    def wrap(owner, attribute: str, name: str) -> None:
        if hasattr(owner, attribute):
            setattr(owner, attribute, timed(name, getattr(owner, attribute)))

    modules = [build, steps]
    try:
        from pipeline import workers
        modules.append(workers)
    except ImportError:
        pass
    for module in modules:  # wherever the run looks the stage functions up
        wrap(module, "read_document", "read")
        wrap(module, "tables_of_kind", "tables")  # the general reader's tables, the kinds' picked out
        wrap(module, "locate_document", "locate")
        wrap(module, "extract_cells", "extract")
        wrap(module, "extract_document", "document")  # tables + locate + extract + clean/tidy
    wrap(validate, "validate_table", "validate")
    wrap(cross_checks, "run_cross_checks", "validate")
    for method in ("write_table", "write_json", "write_text", "commit"):
        wrap(publish.Staging, method, "publish")
    wrap(report, "render_report", "HTML report")

    class SerialPool:
        """Stands in for the process pool: the documents run one after another in this process
        (its initializer, the memory cap, is not applied)."""

        def __init__(self, *args, **kwargs):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def map(self, function, *iterables, **kwargs):
            return list(map(function, *iterables))

        def submit(self, function, *args, **kwargs):
            from concurrent.futures import Future
            done = Future()
            done.set_result(function(*args, **kwargs))
            return done

    for module in modules:
        if hasattr(module, "ProcessPoolExecutor"):
            module.ProcessPoolExecutor = SerialPool

    profiler = None
    if profile:
        import cProfile
        profiler = cProfile.Profile()
        profiler.enable()
    begin = _clock()
    error = None
    try:
        exit_code = build.run(build.RunOptions(raw_dir=Path(raw), out_dir=Path(out), jobs=1))
    except Exception as exc:  # the pipeline is being edited by others: record, do not crash the bench
        exit_code, error = None, f"{type(exc).__name__}: {exc}"
    total = _since(begin)
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)

    seconds = {name: {"wall_s": wall, "cpu_s": cpu} for name, (wall, cpu) in totals.items()}
    stages: dict[str, dict] = {}
    for name in ("read", "tables", "locate", "extract"):
        if name in seconds:
            stages[name] = seconds[name]
    if "document" in seconds:
        stages["clean/tidy"] = {key: seconds["document"][key] - sum(seconds.get(n, {}).get(key, 0.0)
                                                                    for n in ("tables", "locate", "extract"))
                                for key in ("wall_s", "cpu_s")}
    for name in ("validate", "publish", "HTML report"):
        if name in seconds:
            stages[name] = seconds[name]
    stages["other"] = {key: total[key] - sum(stage[key] for stage in stages.values()) for key in ("wall_s", "cpu_s")}
    missing = [name for name in ("read", "tables", "locate", "extract", "document", "validate", "publish")
               if name not in seconds]
    if missing and exit_code == 0:
        error = f"no timings for {', '.join(missing)} (the pipeline's functions were renamed or moved?)"
    if exit_code not in (0, None):
        error = f"build.run returned {exit_code}"
    return {"import": imported, "stages": stages, "run": total, "exit_code": exit_code, "error": error}


CHILDREN = {"camelot": child_camelot, "plumber_tables": child_plumber_tables, "plumber_chars": child_plumber_chars,
            "pdfium_chars": child_pdfium_chars, "read": child_read, "stages": child_stages}


def run_child(argv: list[str]) -> int:
    name, result_path, *args = argv
    result = CHILDREN[name](*args)
    Path(result_path).write_text(json.dumps(result), encoding="utf-8")
    return 0



def child_command(name: str, result_file: Path, *args: str) -> list[str]:
    """The command line that runs child `name` in a fresh interpreter, for measure()."""
    return [sys.executable, str(Path(__file__).resolve()), name, str(result_file), *args]


if __name__ == "__main__":
    sys.exit(run_child(sys.argv[1:]))  # a child's failure shows as its exit code
