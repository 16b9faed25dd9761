"""The command line: help, bad input, and outputs left intact when a run fails."""
from __future__ import annotations

import hashlib

from conftest import run_cli


def digest_tree(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_help_lists_the_run_command():
    result = run_cli("--help")
    assert result.returncode == 0
    assert "run" in result.stdout


def test_a_file_that_is_not_a_pdf_fails_with_one_line_and_leaves_outputs_intact(tmp_path, ruled_out):
    out = tmp_path / "out"
    out.mkdir()
    for item in ruled_out.rglob("*"):
        if item.is_file():
            target = out / item.relative_to(ruled_out)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(item.read_bytes())
    before = digest_tree(out)
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "notes.pdf").write_text("these are meeting notes, not a PDF")
    result = run_cli("run", "--raw", str(raw), "--out", str(out), "--quiet")
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == ["error: notes.pdf: not a PDF (no %PDF header)"]
    assert "Traceback" not in result.stderr
    assert digest_tree(out) == before


def test_a_file_that_differs_from_the_manifest_is_named(tmp_path):
    from conftest import RAW
    raw = tmp_path / "raw"
    raw.mkdir()
    pdf = sorted((RAW / "hmicfrs").glob("*.pdf"))[0]
    (raw / pdf.name).write_bytes(pdf.read_bytes())
    (raw / "sources.toml").write_text(f'[[source]]\nfile = "{pdf.name}"\nkind = "hmicfrs_report"\nsha256 = "{"0" * 64}"\n')
    result = run_cli("run", "--raw", str(raw), "--out", str(tmp_path / "out"))
    assert result.returncode == 0
    assert f"warning: {pdf.name} differs from the sha256" in result.stderr
    import json
    checks = {c["name"]: c for c in json.loads((tmp_path / "out" / "validation" / "summary.json").read_text())["checks"]}
    assert checks["source_checksum"]["count"] == 1
