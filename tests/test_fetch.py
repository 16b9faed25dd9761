"""`python -m pipeline fetch` against a web server on this machine's loopback address."""
from __future__ import annotations

import hashlib
import http.server
import threading

import pytest

from conftest import run_cli

GOOD = b"%PDF-1.4 pretend report\n%%EOF\n"


@pytest.fixture
def server(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "report.pdf").write_bytes(GOOD)
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=str(site), **k)  # noqa: E731
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def manifest(raw, url: str, sha256: str) -> None:
    raw.mkdir(exist_ok=True)
    (raw / "sources.toml").write_text(f'[[source]]\nfile = "report.pdf"\nkind = "hmicfrs_report"\n'
                                      f'sha256 = "{sha256}"\nurl = "{url}"\n')


def test_fetch_downloads_a_missing_file_and_checks_it(server, tmp_path):
    raw = tmp_path / "raw"
    manifest(raw, f"{server}/report.pdf", hashlib.sha256(GOOD).hexdigest())
    result = run_cli("fetch", "--raw", str(raw))
    assert result.returncode == 0, result.stderr
    assert (raw / "report.pdf").read_bytes() == GOOD


def test_a_download_with_the_wrong_checksum_is_discarded(server, tmp_path):
    raw = tmp_path / "raw"
    manifest(raw, f"{server}/report.pdf", "0" * 64)
    result = run_cli("fetch", "--raw", str(raw))
    assert result.returncode == 1
    assert "error: report.pdf: sha256 is" in result.stderr and "discarded" in result.stderr
    assert sorted(p.name for p in raw.iterdir()) == ["sources.toml"]


def test_offline_is_said_plainly(tmp_path):
    raw = tmp_path / "raw"
    manifest(raw, "http://127.0.0.1:9/report.pdf", "0" * 64)
    result = run_cli("fetch", "--raw", str(raw))
    assert result.returncode == 1
    assert "could not download" in result.stderr and "offline?" in result.stderr
    assert "Traceback" not in result.stderr
