"""One entry to every format of the bulletin."""

from __future__ import annotations

from baolian.oversight.documents import BulletinDocument
from baolian.oversight.render_docx import render_docx
from baolian.oversight.render_pdf import docx_to_pdf
from baolian.oversight.render_text import render_html, render_md

FORMATS = ("docx", "md", "html", "pdf")
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}


class PdfUnavailable(Exception):
    """LibreOffice is not installed (or failed): there is no PDF, the .docx is the document."""


def render(doc: BulletinDocument, fmt: str, *, template: bytes | None = None) -> bytes:
    if fmt == "docx":
        return render_docx(doc, template=template)
    if fmt == "md":
        return render_md(doc).encode("utf-8")
    if fmt == "html":
        return render_html(doc).encode("utf-8")
    if fmt == "pdf":
        pdf = docx_to_pdf(render_docx(doc, template=template))
        if pdf is None:
            raise PdfUnavailable
        return pdf
    raise ValueError(fmt)
