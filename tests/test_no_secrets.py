"""No secrets in the repository: keys, API tokens and cloud credentials live in the
environment (or files it names), never in tracked files."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PATTERNS = {
    "private key": re.compile(rb"-----BEGIN (?:RSA |EC |OPENSSH |DSA )?PRIVATE KEY-----"),
    "Baolian API token": re.compile(rb"\bbl_[A-Za-z0-9_-]{40,}"),
    "AWS access key": re.compile(rb"\bAKIA[0-9A-Z]{16}\b"),
    "Django secret key literal": re.compile(rb"SECRET_KEY\s*=\s*['\"]"),
}


def test_no_tracked_file_holds_a_secret():
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    found = []
    for name in filter(None, listed.decode().split("\0")):
        path = ROOT / name
        if not path.is_file() or path.stat().st_size > 5_000_000 or "/vendor/" in name:
            continue
        content = path.read_bytes()
        found += [f"{name}: {what}" for what, rx in PATTERNS.items() if rx.search(content)]
    assert not found, "secrets in tracked files:\n" + "\n".join(found)
