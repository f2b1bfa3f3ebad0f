from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from tests.conftest import SHARED

# ../shared next to the repository; BAOLIAN_SHARED points elsewhere (a git worktree).
CORPUS = Path(os.environ.get("BAOLIAN_SHARED") or SHARED) / "corpora" / "photos"


def corpus_rows() -> list[dict]:
    """The real photos' manifest rows; empty when ../shared is absent (a bare clone)."""
    if not (CORPUS / "manifest.csv").exists():
        return []
    with open(CORPUS / "manifest.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


needs_corpus = pytest.mark.skipif(
    not (CORPUS / "manifest.csv").exists(),
    reason=f"the real photo corpus is not here ({CORPUS}); it ships in ../shared",
)
