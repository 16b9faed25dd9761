"""A short run of the mutation fuzzer (`make fuzz` runs the long one): a couple of hundred broken
variants of the stand-in PDFs in one command-line run, each ending as rows or one error line."""
from __future__ import annotations

import fuzz

CASES = 200  # about half a minute on two cores
SEED = 1  # fixed, so a failure here reproduces with `python tests/fuzz.py --cases 200 --seed 1 --keep DIR`


def test_mutated_pdfs_end_in_rows_or_one_error_line():
    outcome = fuzz.fuzz(CASES, SEED)
    problems = {"tracebacks": outcome.tracebacks, "hangs": outcome.hangs, "several error lines": outcome.repeated,
                "unexpected output": outcome.stray[:5], "exit": outcome.exit_code}
    assert not outcome.failed, f"{outcome.summary()}: {problems}"
    assert outcome.errors, "no case was rejected: the mutations did not reach the parser"
