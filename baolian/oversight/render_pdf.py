"""PDF through LibreOffice, where it is installed (fonts-noto-cjk stand in for the official
fonts a government PC has). Without it there is simply no PDF: the .docx is the document."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: bytes, *, timeout: int = 120) -> bytes | None:
    """The PDF of a .docx, or None when LibreOffice is missing or fails."""
    binary = soffice()
    if binary is None:
        return None
    with tempfile.TemporaryDirectory(prefix="baolian-pdf-") as folder:
        source = Path(folder) / "bulletin.docx"
        source.write_bytes(docx)
        try:
            subprocess.run(
                [
                    binary,
                    # A private profile: a second conversion must not wait for the first's lock.
                    f"-env:UserInstallation=file://{folder}/profile",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    folder,
                    str(source),
                ],
                check=True,
                capture_output=True,
                timeout=timeout,
            )
        except (subprocess.SubprocessError, OSError):
            return None
        target = Path(folder) / "bulletin.pdf"
        return target.read_bytes() if target.exists() else None
