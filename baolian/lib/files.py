"""Files only the account running Baolian may read: its data folder, database, uploads."""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def private_dir(path: Path) -> None:
    """Create `path` (and missing parents) as 0700. An existing folder keeps its mode: an
    administrator who shared it on purpose is not overruled at every start."""
    if not path.exists():
        path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
        path.chmod(PRIVATE_DIR)  # mkdir's mode passes through the umask


def private_file(path: Path) -> None:
    """Create an empty `path` as 0600 unless it exists. SQLite then keeps that mode and gives
    it to its -wal and -shm files, instead of the 0644 it would choose on first connect."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    except FileExistsError:
        pass
