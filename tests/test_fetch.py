"""`python -m pipeline fetch` against a web server on this machine's loopback address.

The manifest is treated as edited by someone else: each rule that keeps `make fetch` from writing
outside raw/, opening a non-http url, filling the disk or installing a non-PDF has a test here.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import http.server
import json
import threading

import pytest

from conftest import run_cli

GOOD = b"%PDF-1.4 pretend report\n%%EOF\n"
HTML = b"<!doctype html><title>Sign in</title><p>Please sign in to download this report.</p>\n"
BIG = GOOD + b"0" * (2 << 20)  # 2 MB and a bit, with a Content-Length
ENDLESS = 128 << 20  # bytes /endless would send, with no Content-Length, if nobody stopped reading


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Site(http.server.SimpleHTTPRequestHandler):
    """The site folder, plus /redirect (to `server.redirect_to`) and /endless (counts what it sent)."""

    def do_GET(self):
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", self.server.redirect_to)
            self.end_headers()
        elif self.path == "/endless":
            self.send_response(200)
            self.end_headers()
            block = GOOD + b"0" * ((1 << 16) - len(GOOD))
            try:
                while self.server.sent < ENDLESS:
                    self.wfile.write(block)
                    self.server.sent += len(block)
            except OSError:
                pass  # the client hung up, as it should
        else:
            super().do_GET()

    def log_message(self, *args):
        pass


@pytest.fixture
def httpd(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    for name, body in {"report.pdf": GOOD, "page.html": HTML, "big.pdf": BIG}.items():
        (site / name).write_bytes(body)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Site, directory=str(site)))
    httpd.sent, httpd.redirect_to = 0, ""
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()


@pytest.fixture
def server(httpd):
    return f"http://127.0.0.1:{httpd.server_address[1]}"


def write_manifest(raw, *entries: dict) -> None:
    raw.mkdir(exist_ok=True)
    blocks = ["[[source]]\n" + "".join(f"{key} = {json.dumps(value)}\n" for key, value in entry.items())
              for entry in entries]
    (raw / "sources.toml").write_text("\n".join(blocks))


def manifest(raw, url: str, sha256: str, file: str = "report.pdf") -> None:
    write_manifest(raw, {"file": file, "kind": "hmicfrs_report", "sha256": sha256, "url": url})


def errors(result) -> list[str]:
    assert "Traceback" not in result.stderr
    return [line for line in result.stderr.splitlines() if line.startswith("error:")]


def tree(folder) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def test_fetch_downloads_a_missing_file_and_checks_it(server, tmp_path):
    raw = tmp_path / "raw"
    manifest(raw, f"{server}/report.pdf", sha(GOOD))
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


def test_the_reported_escape_is_refused(tmp_path):
    """The issue: `file = "../escaped.txt"` with a file:// url wrote beside raw/ and exited 0."""
    raw, secret = tmp_path / "raw", tmp_path / "secret.pdf"
    secret.write_bytes(GOOD)
    manifest(raw, secret.as_uri(), sha(GOOD), file="../escaped.txt")
    result = run_cli("fetch", "--raw", str(raw))
    assert result.returncode == 1
    assert errors(result)[0] == ("error: ../escaped.txt: refused: `file` has a '..' component; "
                                 f"url '{secret.as_uri()}' is not an http(s) url; only http and https urls are fetched")
    assert tree(tmp_path) == ["raw", "raw/sources.toml", "secret.pdf"]


@pytest.mark.parametrize("file, reason", [("../escaped.pdf", "has a '..' component"),
                                          ("sub/../../escaped.pdf", "has a '..' component"),
                                          ("{tmp}/escaped.pdf", "is an absolute path"),
                                          (".", "names raw/ itself")])
def test_an_entry_may_only_name_a_path_inside_raw(server, tmp_path, file, reason):
    raw = tmp_path / "raw"
    file = file.format(tmp=tmp_path)
    manifest(raw, f"{server}/report.pdf", sha(GOOD), file=file)
    result = run_cli("fetch", "--raw", str(raw))
    assert result.returncode == 1
    assert errors(result)[0].startswith(f"error: {file}: refused: `file` {reason}")
    assert tree(tmp_path) == ["raw", "raw/sources.toml", "site", *(f"site/{name}" for name in tree(tmp_path / "site"))]


@pytest.mark.parametrize("link, file", [("sub", "sub/report.pdf"),  # a folder in raw/ that leads out
                                        ("sub", "sub/new/report.pdf"),  # ... and a folder fetch would create there
                                        ("report.pdf", "report.pdf")])  # the target itself, a dangling link
def test_a_symlink_does_not_lead_a_download_out_of_raw(server, tmp_path, link, file):
    raw, outside = tmp_path / "raw", tmp_path / "outside"
    outside.mkdir()
    manifest(raw, f"{server}/report.pdf", sha(GOOD), file=file)
    (raw / link).symlink_to(outside if link == "sub" else outside / "report.pdf")
    result = run_cli("fetch", "--raw", str(raw))
    assert result.returncode == 1
    assert errors(result)[0].startswith(f"error: {file}: refused: `file` leads through a symlink to {outside}")
    assert list(outside.iterdir()) == []


def test_paths_inside_raw_are_fetched_through_folders_and_links_that_stay_inside(server, tmp_path):
    raw = tmp_path / "raw"
    write_manifest(raw, {"file": "hmicfrs/report.pdf", "sha256": sha(GOOD), "url": f"{server}/report.pdf"},
                   {"file": "alias/copy.pdf", "sha256": sha(GOOD), "url": f"{server}/report.pdf"})
    (raw / "real").mkdir()
    (raw / "alias").symlink_to(raw / "real")
    result = run_cli("fetch", "--raw", str(raw))
    assert result.returncode == 0, result.stderr
    assert (raw / "hmicfrs" / "report.pdf").read_bytes() == GOOD
    assert (raw / "real" / "copy.pdf").read_bytes() == GOOD


@pytest.mark.parametrize("url", ["{file}", "ftp://127.0.0.1/report.pdf", "http:///report.pdf",
                                 "data:application/pdf;base64," + base64.b64encode(GOOD).decode()])
def test_only_http_and_https_urls_are_fetched(tmp_path, url):
    raw, local = tmp_path / "raw", tmp_path / "local.pdf"
    local.write_bytes(GOOD)
    url = url.format(file=local.as_uri())
    manifest(raw, url, sha(GOOD))
    result = run_cli("fetch", "--raw", str(raw))
    assert result.returncode == 1
    assert errors(result)[0] == (f"error: report.pdf: refused: url '{url}' is not an http(s) url; "
                                 "only http and https urls are fetched")
    assert tree(raw) == ["sources.toml"]


@pytest.mark.parametrize("to", ["{file}", "ftp://127.0.0.1/report.pdf"])
def test_a_redirect_away_from_http_is_not_followed(httpd, server, tmp_path, to):
    raw, local = tmp_path / "raw", tmp_path / "local.pdf"
    local.write_bytes(GOOD)
    httpd.redirect_to = to.format(file=local.as_uri())
    manifest(raw, f"{server}/redirect", sha(GOOD))
    result = run_cli("fetch", "--raw", str(raw))
    assert result.returncode == 1
    [error] = errors(result)
    assert error.startswith(f"error: report.pdf: could not download {server}/redirect (HTTP 302: ")
    assert httpd.redirect_to in error
    assert tree(raw) == ["sources.toml"]


@pytest.mark.parametrize("path, said", [("/big.pdf", "the server gives its size as"),
                                        ("/endless", "the download passed the 1 MB cap")])
def test_a_download_over_the_size_cap_is_stopped(httpd, server, tmp_path, path, said):
    raw = tmp_path / "raw"
    manifest(raw, f"{server}{path}", "0" * 64)
    result = run_cli("fetch", "--raw", str(raw), "--max-download-mb", "1")
    assert result.returncode == 1
    [error] = errors(result)
    assert error.startswith(f"error: report.pdf: {said}") and "--max-download-mb" in error
    assert tree(raw) == ["sources.toml"]
    assert httpd.sent < ENDLESS // 4  # it stopped reading; nothing was taken in whole


def test_the_size_cap_can_be_raised(server, tmp_path):
    raw = tmp_path / "raw"
    manifest(raw, f"{server}/big.pdf", sha(BIG))
    result = run_cli("fetch", "--raw", str(raw), "--max-download-mb", "3")
    assert result.returncode == 0, result.stderr
    assert (raw / "report.pdf").read_bytes() == BIG


@pytest.mark.parametrize("cap", ["0", "-1", "nan", "inf", "lots"])
def test_the_size_cap_must_be_a_positive_number(tmp_path, cap):
    result = run_cli("fetch", "--raw", str(tmp_path), "--max-download-mb", cap)
    assert result.returncode == 2
    assert "is not a positive number of MB" in result.stderr


@pytest.mark.parametrize("body, is_pdf", [(HTML, False), (b" " * 1019 + GOOD, True), (b" " * 1020 + GOOD, False)])
def test_the_download_must_look_like_a_pdf_as_well_as_match(server, tmp_path, body, is_pdf):
    """An HTML sign-in page whose sha256 someone copied into the manifest is still not a PDF."""
    raw = tmp_path / "raw"
    (tmp_path / "site" / "served").write_bytes(body)
    manifest(raw, f"{server}/served", sha(body))
    result = run_cli("fetch", "--raw", str(raw))
    if is_pdf:
        assert result.returncode == 0, result.stderr
        assert (raw / "report.pdf").read_bytes() == body
    else:
        assert result.returncode == 1
        assert errors(result) == ["error: report.pdf: not a PDF (no %PDF- in its first 1024 bytes); "
                                  "the download was discarded"]
        assert tree(raw) == ["sources.toml"]


def test_an_entry_with_a_url_needs_a_sha256(server, tmp_path):
    raw = tmp_path / "raw"
    write_manifest(raw, {"file": "report.pdf", "url": f"{server}/report.pdf"})
    result = run_cli("fetch", "--raw", str(raw))
    assert result.returncode == 1
    assert "error: report.pdf: refused: has a url but no sha256" in result.stderr
    assert tree(raw) == ["sources.toml"]


def test_every_unsafe_entry_is_listed_and_nothing_is_fetched(server, tmp_path):
    """One hostile entry makes the manifest untrusted: the good entries wait until it is fixed."""
    raw = tmp_path / "raw"
    write_manifest(raw, {"file": "good.pdf", "sha256": sha(GOOD), "url": f"{server}/report.pdf"},
                   {"file": "../up.pdf", "sha256": sha(GOOD), "url": f"{server}/report.pdf"},
                   {"file": "ftp.pdf", "sha256": sha(GOOD), "url": "ftp://127.0.0.1/report.pdf"},
                   {"file": "../line\nbreak.pdf", "sha256": sha(GOOD), "url": f"{server}/report.pdf"})
    result = run_cli("fetch", "--raw", str(raw))
    assert result.returncode == 1
    assert [line.split(": refused: ")[0] for line in errors(result)] == [
        "error: ../up.pdf", "error: ftp.pdf", "error: '../line\\nbreak.pdf'",
        f"error: nothing was fetched: {raw / 'sources.toml'} has unsafe entries (listed above)"]
    assert tree(raw) == ["sources.toml"]


def test_a_file_already_in_raw_is_never_replaced(server, tmp_path):
    raw = tmp_path / "raw"
    manifest(raw, f"{server}/page.html", sha(HTML))
    (raw / "report.pdf").write_bytes(GOOD)
    result = run_cli("fetch", "--raw", str(raw))
    assert result.returncode == 0, result.stderr
    assert (raw / "report.pdf").read_bytes() == GOOD


def test_a_manifest_entry_without_a_file_is_one_line_not_a_traceback(tmp_path):
    raw = tmp_path / "raw"
    write_manifest(raw, {"url": "https://example.org/report.pdf"})
    result = run_cli("fetch", "--raw", str(raw))
    assert result.returncode == 1
    assert errors(result) == [f"error: {raw / 'sources.toml'} cannot be read (KeyError: 'file'); nothing was fetched"]
