"""`make fetch`: download the manifest entries that have a `url` and are missing from raw/.

The manifest may have been edited by someone else, so every entry is checked before anything is
downloaded: its `file` must be a path inside raw/ (no `..`, not absolute, not through a symlink
that leads out), and an entry with a `url` must give an http(s) url and a sha256. If any entry
fails, the whole run is refused, every failure listed on its own line, and nothing is fetched:
a manifest with one hostile entry is not one to trust for the others.

A download streams into a temporary file beside its target (so inside raw/), is stopped as soon
as it passes the size cap, and is moved into place with os.replace only if it starts like a PDF
and matches the manifest's sha256: a failed, oversized or wrong download never replaces or
leaves a file.
"""
from __future__ import annotations

import hashlib
import http.client
import logging
import os
import re
import tempfile
import tomllib
import urllib.error
import urllib.request
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from pipeline.sources import MANIFEST, missing_from_disk, read_manifest

log = logging.getLogger("pipeline")
TIMEOUT = 60  # seconds without an answer before a download is given up
MAX_DOWNLOAD_MB = 200  # default cap on one download (--max-download-mb)
SCHEMES = ("http", "https")
PDF_MAGIC, MAGIC_WINDOW = b"%PDF-", 1024  # a PDF reader accepts the header anywhere in the first 1 KB
BLOCK = 1 << 16


def shown(value) -> str:
    """`value` as printed in a message: quoted when it could break the line or fake another one."""
    return value if isinstance(value, str) and value.isprintable() else repr(value)


def path_problem(raw_dir: Path, name) -> str | None:
    """Why `name` is not a file path inside `raw_dir`, or None; symlinks are followed, so none leads out."""
    if not isinstance(name, str) or not name:
        return "`file` is not a path"
    if os.path.isabs(name):
        return "`file` is an absolute path; it must be relative to raw/"
    if ".." in PurePosixPath(name).parts:
        return "`file` has a '..' component"
    root = raw_dir.resolve()
    try:
        resolved = (root / name).resolve()
    except (OSError, ValueError) as error:
        return f"`file` cannot be resolved ({error})"
    if resolved == root:
        return "`file` names raw/ itself, not a file in it"
    if root not in resolved.parents:
        return f"`file` leads through a symlink to {shown(str(resolved))}, outside raw/"
    return None


def url_problem(url) -> str | None:
    """Why `url` is not one we fetch, or None: only http and https (no file:, ftp:, data: ...)."""
    try:
        parts = urlsplit(url) if isinstance(url, str) else None
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() not in SCHEMES or not parts.hostname:
        return f"url {url!r} is not an http(s) url; only http and https urls are fetched"
    return None


def entry_problems(raw_dir: Path, entries: dict[str, dict]) -> list[str]:
    """One line per unsafe entry, naming it and every reason."""
    lines = []
    for name, entry in entries.items():
        reasons = [path_problem(raw_dir, name)]
        if entry.get("url"):
            reasons.append(url_problem(entry["url"]))
            if not re.fullmatch(r"[0-9a-fA-F]{64}", str(entry.get("sha256", ""))):
                reasons.append("has a url but no sha256 (64 hex digits) to check the download against")
        reasons = [reason for reason in reasons if reason]
        if reasons:
            lines.append(f"error: {shown(name)}: refused: {'; '.join(reasons)}")
    return lines


class HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to another http(s) url: urllib's own handler also follows one to ftp:."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if url_problem(newurl):
            raise urllib.error.HTTPError(newurl, code, f"redirect to {newurl!r} refused, not http(s)", headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def http_only_opener() -> urllib.request.OpenerDirector:
    """An opener that knows no scheme but http and https (urlopen would also open file:, ftp:, data:)."""
    opener = urllib.request.OpenerDirector()
    for handler in (urllib.request.ProxyHandler(), urllib.request.HTTPHandler(), urllib.request.HTTPSHandler(),
                    HttpOnlyRedirects(), urllib.request.HTTPDefaultErrorHandler(),
                    urllib.request.HTTPErrorProcessor()):
        opener.add_handler(handler)
    return opener


def download(url: str, target: Path, sha256: str, max_bytes: int) -> str | None:
    """Fetch `url` into `target`; the reason it failed, or None when the file is in place."""
    cap = f"the {max_bytes / 2**20:g} MB cap (raise it with --max-download-mb)"
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".download-")
    try:
        with os.fdopen(handle, "wb") as out, http_only_opener().open(url, timeout=TIMEOUT) as response:
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                return f"the server gives its size as {int(declared)} bytes, over {cap}; nothing was downloaded"
            digest, head, size = hashlib.sha256(), b"", 0
            while block := response.read(min(BLOCK, max_bytes + 1 - size)):  # never more than the cap + 1 byte
                size += len(block)
                if size > max_bytes:
                    return f"the download passed {cap} and was stopped"
                digest.update(block)
                out.write(block)
                head += block[:MAGIC_WINDOW - len(head)]
        if PDF_MAGIC not in head:
            return f"not a PDF (no {PDF_MAGIC.decode()} in its first {MAGIC_WINDOW} bytes); the download was discarded"
        if digest.hexdigest() != sha256.lower():
            return f"sha256 is {digest.hexdigest()}, the manifest says {sha256}; the download was discarded"
        os.replace(temporary, target)
        return None
    except urllib.error.HTTPError as error:
        return f"could not download {url} (HTTP {error.code}: {error.reason})"
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return f"could not download {url} ({reason}); offline?"
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


def fetch_missing(raw_dir: Path, max_download_mb: float = MAX_DOWNLOAD_MB) -> int:
    """Download every missing manifest entry that has a url; exit code 1 if any was refused or could not be had."""
    try:
        entries = read_manifest(raw_dir)
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError) as error:
        log.error(f"error: {raw_dir / MANIFEST} cannot be read ({type(error).__name__}: {error}); nothing was fetched")
        return 1
    refusals = entry_problems(raw_dir, entries)
    if refusals:
        for line in refusals:
            log.error(line)
        log.error(f"error: nothing was fetched: {raw_dir / MANIFEST} has unsafe entries (listed above)")
        return 1
    failures = 0
    missing = {name: entries[name] for name in missing_from_disk(raw_dir)}
    for name, entry in missing.items():
        if not entry.get("url"):
            log.warning(f"warning: {name} is missing and the manifest gives no url to fetch it from")
            continue
        problem = download(entry["url"], raw_dir / name, entry["sha256"], int(max_download_mb * 2**20))
        if problem:
            failures += 1
            log.error(f"error: {name}: {problem}")
        else:
            log.info(f"Fetched {name}")
    if not missing:
        log.info(f"Nothing to fetch: all {len(entries)} manifest entries are in {raw_dir}")
    return 1 if failures else 0
