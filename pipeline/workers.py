"""Running the per-document steps: bounded in time and memory, cached by content, in parallel.

Documents go through a `concurrent.futures`-style executor: a local process pool by default,
or a dask.distributed cluster (`--scheduler ADDRESS`, the optional `[distributed]` extra).
A document whose bytes and pipeline code are unchanged since the last run is taken from the
cache instead of being extracted again.
"""
from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
import resource
import signal
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from pipeline.pdf.documents import read_document
from pipeline.pdf.checks import MAX_PAGES, InputError
from pipeline.pdf.string_storage import python_strings
from pipeline.sources import Source
from pipeline.steps import extract_document

log = logging.getLogger("pipeline")
PROGRESS_FROM = 4  # show a progress bar from this many files on


@dataclass(frozen=True)
class Limits:
    """Per-document bounds, so one pathological PDF cannot hang the run or exhaust the machine."""

    seconds: int = 300
    memory_mb: int = 4096
    pages: int = MAX_PAGES


@dataclass(frozen=True)
class DocumentResult:
    file: str
    tables: dict[str, pd.DataFrame] | None = None
    error: str | None = None


class TimeLimitExceeded(BaseException):
    """Raised by the alarm; a BaseException so that no library's `except Exception` swallows it."""


def _on_alarm(signum, frame):
    raise TimeLimitExceeded


@contextlib.contextmanager
def time_limit(seconds: int):
    """SIGALRM after `seconds`; only a process's main thread can take signals (a dask worker
    thread cannot, and relies on the cluster's own limits)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@python_strings
def process_source(path: Path, limits: Limits = Limits()) -> DocumentResult:
    """One document from PDF to tidy tables, within `limits`; an unusable PDF becomes a one-line
    error, never a traceback."""
    try:
        with time_limit(limits.seconds):
            return DocumentResult(path.name, tables=extract_document(read_document(path, limits.pages)))
    except InputError as error:
        return DocumentResult(path.name, error=str(error))
    except TimeLimitExceeded:
        return DocumentResult(path.name, error=f"{path.name}: gave up after {limits.seconds} s "
                                               f"(limit set by --time-limit)")
    except MemoryError:
        return DocumentResult(path.name, error=f"{path.name}: needed more than {limits.memory_mb} MB "
                                               f"(limit set by --memory-limit)")
    except Exception as error:  # a bug or a PDF we did not foresee: still one line, still this file only
        reason = " ".join(str(error).split())[:200]
        return DocumentResult(path.name, error=f"{path.name}: could not be extracted ({type(error).__name__}: {reason})")


def limit_memory(megabytes: int) -> None:
    """Cap this worker process's address space, so a runaway document fails with MemoryError."""
    cap = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of the pipeline's code and reference data: a cached result is only reused by the
    code that made it."""
    digest = hashlib.sha256()
    for package in ("pipeline", "schemas"):
        root = resources.files(package)
        for path in sorted(Path(str(root)).rglob("*")):
            if path.suffix in (".py", ".csv") and "__pycache__" not in path.parts:
                digest.update(path.relative_to(Path(str(root))).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class ResultCache:
    """Extraction results by document sha256, under a folder per code version."""

    def __init__(self, folder: Path | None):
        self.folder = Path(folder) / code_version() if folder else None

    def get(self, source: Source) -> DocumentResult | None:
        path = self.folder / f"{source.sha256}.pickle" if self.folder else None
        if path is None or not path.exists():
            return None
        with open(path, "rb") as handle:
            result = pickle.load(handle)
        return DocumentResult(source.path.name, tables={
            name: frame.assign(source_file=source.path.name) for name, frame in result.tables.items()})

    def put(self, source: Source, result: DocumentResult) -> None:
        """Successful results only: a failure is tried again next time (the limits may differ)."""
        if self.folder is None or result.tables is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            pickle.dump(result, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, self.folder / f"{source.sha256}.pickle")


@contextlib.contextmanager
def executor(jobs: int, limits: Limits, scheduler: str | None):
    """A process pool capped in memory, or the executor of a dask.distributed cluster."""
    if scheduler:
        from dask.distributed import Client
        with Client(scheduler) as client:
            yield client.get_executor()
        return
    with ProcessPoolExecutor(max_workers=max(1, jobs), initializer=limit_memory,
                             initargs=(limits.memory_mb,)) as pool:
        yield pool


def process_all(sources: list[Source], jobs: int, limits: Limits, cache: ResultCache,
                scheduler: str | None = None, while_waiting: Callable[[], object] = lambda: None) -> list[DocumentResult]:
    """Every document's result in input order: from the cache where it can be, otherwise extracted
    in worker processes (never in this one, so the memory cap cannot hit the run itself).
    `while_waiting` runs here once the workers have their documents."""
    cached = {source.path: cache.get(source) for source in sources}
    # the largest files first, so that no worker is left reading a long one while the others idle
    todo = sorted((source for source in sources if cached[source.path] is None),
                  key=lambda source: -source.path.stat().st_size)
    if len(todo) < len(sources):
        log.info(f"{len(sources) - len(todo)} of {len(sources)} document(s) unchanged since the last run (cached)")
    fresh: dict[Path, DocumentResult] = {}
    if todo:
        progress = dict(total=len(todo), unit="pdf", desc="Extracting", disable=len(todo) < PROGRESS_FROM or not log.isEnabledFor(logging.INFO))
        with executor(min(jobs, len(todo)), limits, scheduler) as pool:
            futures = {pool.submit(process_source, source.path, limits): source for source in todo}
            while_waiting()
            for future in tqdm(as_completed(futures), **progress):  # as each is done: the bar moves
                source, result = futures[future], future.result()
                cache.put(source, result)
                fresh[source.path] = result
    return [cached[source.path] or fresh[source.path] for source in sources]
