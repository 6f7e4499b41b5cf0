"""What a PDF carries besides its pages: the hostile-input tests assert a document has none."""

from __future__ import annotations

import io
import subprocess

from pypdf import PdfReader


def attachments(pdf: bytes) -> list[str]:
    """Every embedded file and file-attachment annotation of a PDF."""
    reader = PdfReader(io.BytesIO(pdf))
    found = list(reader.attachments)
    names = reader.trailer["/Root"].get("/Names")
    if names is not None and "/EmbeddedFiles" in names.get_object():
        found.append("/EmbeddedFiles")
    found += [
        "/FileAttachment"
        for p in reader.pages
        for a in (p.get("/Annots") or [])
        if a.get_object().get("/Subtype") == "/FileAttachment"
    ]
    return found


def text(pdf: bytes) -> str:
    """The text a person reads in a PDF, in logical order (poppler's pdftotext: Arabic is not reversed)."""
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode("utf-8")
