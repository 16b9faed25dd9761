"""Parallel, distributed and cached runs give the same bytes as a serial one."""
from __future__ import annotations

import hashlib

import pytest

from conftest import RAW
from pipeline import build

PDFS = sorted((RAW / "hmicfrs").glob("*.pdf"))[:6]


def parquet_digests(out):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.glob("*.parquet"))} | \
        {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted((out / "csv").glob("*.csv"))}


@pytest.fixture(scope="module")
def raw(tmp_path_factory):
    folder = tmp_path_factory.mktemp("raw")
    for pdf in PDFS:
        (folder / pdf.name).write_bytes(pdf.read_bytes())
    return folder


@pytest.fixture(scope="module")
def serial(raw, tmp_path_factory):
    out = tmp_path_factory.mktemp("serial") / "out"
    assert build.run(build.RunOptions(raw_dir=raw, out_dir=out, jobs=1)) == 0
    return parquet_digests(out)


def test_parallel_run_is_byte_identical_to_serial(raw, serial, tmp_path):
    assert build.run(build.RunOptions(raw_dir=raw, out_dir=tmp_path / "out", jobs=2)) == 0
    assert parquet_digests(tmp_path / "out") == serial


def test_cached_rerun_is_byte_identical_and_extracts_nothing(raw, serial, tmp_path, monkeypatch, caplog):
    cache = tmp_path / "cache"
    assert build.run(build.RunOptions(raw_dir=raw, out_dir=tmp_path / "a", jobs=2, cache_dir=cache)) == 0
    from pipeline import workers

    def must_not_extract(*args, **kwargs):
        raise AssertionError("a cached document was extracted again")

    monkeypatch.setattr(workers, "extract_document", must_not_extract)
    with caplog.at_level("INFO", logger="pipeline"):
        assert build.run(build.RunOptions(raw_dir=raw, out_dir=tmp_path / "b", jobs=2, cache_dir=cache)) == 0
    assert f"{len(PDFS)} of {len(PDFS)} document(s) unchanged" in caplog.text
    assert parquet_digests(tmp_path / "b") == serial


def test_dask_local_cluster_gives_the_same_outputs(raw, serial, tmp_path):
    distributed = pytest.importorskip("dask.distributed", reason="the [distributed] extra is not installed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        options = build.RunOptions(raw_dir=raw, out_dir=tmp_path / "out", scheduler=cluster.scheduler_address)
        assert build.run(options) == 0
    assert parquet_digests(tmp_path / "out") == serial
