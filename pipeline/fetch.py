"""`make fetch`: download the manifest entries that have a `url` and are missing from raw/.

A download goes to a temporary file, is checked against the manifest's sha256, and only then
is moved into place: a failed or wrong download never replaces or leaves a file.
"""
from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from pipeline.sources import missing_from_disk, read_manifest

log = logging.getLogger("pipeline")
TIMEOUT = 60  # seconds without an answer before a download is given up


def download(url: str, target: Path, sha256: str | None) -> str | None:
    """Fetch `url` into `target`; the reason it failed, or None when the file is in place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".download-")
    try:
        digest = hashlib.sha256()
        with os.fdopen(handle, "wb") as out, urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            for block in iter(lambda: response.read(1 << 20), b""):
                digest.update(block)
                out.write(block)
        if sha256 and digest.hexdigest() != sha256:
            return f"sha256 is {digest.hexdigest()}, the manifest says {sha256}; the download was discarded"
        os.replace(temporary, target)
        return None
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return f"could not download {url} ({reason}); offline?"
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


def fetch_missing(raw_dir: Path) -> int:
    """Download every missing manifest entry that has a url; exit code 1 if any could not be had."""
    failures = 0
    entries = read_manifest(raw_dir)
    missing = {name: entries[name] for name in missing_from_disk(raw_dir)}
    for name, entry in missing.items():
        if not entry.get("url"):
            log.warning(f"warning: {name} is missing and the manifest gives no url to fetch it from")
            continue
        problem = download(entry["url"], raw_dir / name, entry.get("sha256"))
        if problem:
            failures += 1
            log.error(f"error: {name}: {problem}")
        else:
            log.info(f"Fetched {name}")
    if not missing:
        log.info(f"Nothing to fetch: all {len(entries)} manifest entries are in {raw_dir}")
    return 1 if failures else 0
