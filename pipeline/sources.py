"""The input folder: which PDFs there are, and whether they match the manifest `sources.toml`."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from pipeline.pdf.documents import file_sha256

MANIFEST = "sources.toml"
REVIEW_FILE = "review.toml"  # the reviewer's decisions on findings (`pipeline.review`)


@dataclass(frozen=True)
class Source:
    path: Path
    sha256: str
    listed: dict | None  # the manifest entry, if the file is listed


@dataclass(frozen=True)
class ChecksumMismatch:
    file: str
    expected: str
    actual: str


def read_manifest(raw_dir: Path) -> dict[str, dict]:
    """Manifest entries by file path relative to `raw_dir` (empty when there is no manifest)."""
    path = raw_dir / MANIFEST
    if not path.exists():
        return {}
    with open(path, "rb") as handle:
        entries = tomllib.load(handle).get("source", [])
    return {entry["file"]: entry for entry in entries}


def discover(raw_dir: Path) -> list[Source]:
    """Every PDF under `raw_dir`, in a stable order, whether or not the manifest lists it."""
    manifest = read_manifest(raw_dir)
    paths = sorted(p for p in raw_dir.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf")
    return [Source(p, file_sha256(p), manifest.get(p.relative_to(raw_dir).as_posix())) for p in paths]


def checksum_mismatches(sources: list[Source]) -> list[ChecksumMismatch]:
    """Listed files whose content is not what the manifest says it is."""
    return [ChecksumMismatch(s.path.name, s.listed["sha256"], s.sha256)
            for s in sources if s.listed and s.listed.get("sha256") and s.listed["sha256"] != s.sha256]


def missing_from_disk(raw_dir: Path) -> list[str]:
    """Manifest entries with no file (run `make fetch` for those with a url)."""
    return sorted(name for name in read_manifest(raw_dir) if not (raw_dir / name).exists())
