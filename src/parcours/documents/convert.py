"""DOCX -> PDF through LibreOffice, many documents per start.

LibreOffice takes 1-3 s to start: :func:`to_pdf` converts a whole batch in one
``soffice --headless --convert-to pdf`` call, with a private profile directory
(``-env:UserInstallation``) so it neither clashes with a desktop LibreOffice nor with
another conversion running at the same time.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import DocumentError

TIMEOUT = int(os.environ.get("PARCOURS_SOFFICE_TIMEOUT", "180"))


def soffice() -> str:
    found = os.environ.get("PARCOURS_SOFFICE") or shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise DocumentError.one(
            "soffice",
            "LibreOffice is not installed (needed to turn DOCX into PDF)",
            "install the Debian package libreoffice-writer-nogui (make install does)",
        )
    return found


def to_pdf(documents: list[bytes]) -> list[bytes]:
    """PDF bytes for each DOCX in *documents*, in the same order, with one LibreOffice start."""
    if not documents:
        return []
    with tempfile.TemporaryDirectory(prefix="parcours-pdf-") as tmp:
        tmp = Path(tmp)
        (tmp / "in").mkdir()
        (tmp / "out").mkdir()
        names = []
        for i, data in enumerate(documents):
            name = f"doc{i:03d}"
            (tmp / "in" / f"{name}.docx").write_bytes(data)
            names.append(name)
        cmd = [
            soffice(),
            f"-env:UserInstallation={(tmp / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(tmp / "out"),
            *[str(tmp / "in" / f"{n}.docx") for n in names],
        ]
        env = dict(os.environ, HOME=str(tmp), SAL_USE_VCLPLUGIN="svp")
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, env=env)
        except subprocess.TimeoutExpired:
            raise DocumentError.one("soffice", f"LibreOffice did not finish within {TIMEOUT} s") from None
        out = []
        for name in names:
            pdf = tmp / "out" / f"{name}.pdf"
            if not pdf.is_file():
                raise DocumentError.one(
                    "soffice",
                    f"LibreOffice produced no PDF for document {name} "
                    f"(exit {proc.returncode}): {proc.stderr.strip()[-300:]}",
                )
            out.append(pdf.read_bytes())
        return out
