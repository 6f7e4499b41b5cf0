"""DOCX -> PDF through LibreOffice: a warm converter when the stack runs one, a cold start otherwise.

The stack (scripts/stack.py) keeps one LibreOffice running behind unoserver on loopback and
gives its address in ``PARCOURS_CONVERTER`` (``127.0.0.1:PORT``): a letter then takes about
0.1 s instead of the 1-3 s LibreOffice needs to start. When that variable is unset or the
converter does not answer (stopped, restarting), :func:`to_pdf` falls back to one
``soffice --headless --convert-to pdf`` call for the whole batch, with a private profile
directory (``-env:UserInstallation``) so it clashes neither with a desktop LibreOffice nor with
another conversion running at the same time. A log line says which path was taken (counts and
timings only: never a name or a file).

Every document is checked first: what is not a Word document, or too large, is refused with a
message naming the document, and never reaches LibreOffice.
"""

from __future__ import annotations

import http.client
import io
import logging
import os
import shutil
import subprocess
import tempfile
import time
import xmlrpc.client
import zipfile
from pathlib import Path

from .errors import DocumentError

TIMEOUT = int(os.environ.get("PARCOURS_SOFFICE_TIMEOUT", "180"))
# A letter is 20-60 kB; a DOCX with scanned images stays well under this.
MAX_DOCX_BYTES = 20 * 1024 * 1024
MAX_DOCX_UNPACKED = 100 * 1024 * 1024  # a "zip bomb" unpacks to far more than it weighs
CONVERTER_ENV = "PARCOURS_CONVERTER"
WARM_TIMEOUT = 60  # seconds for one letter; the stack's converter gives up at the same time
DOCX_FILTER = "MS Word 2007 XML"  # import as Word only: anything else is refused, not read as text

_log = logging.getLogger(__name__)


def soffice() -> str:
    found = os.environ.get("PARCOURS_SOFFICE") or shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise DocumentError.one(
            "soffice",
            "LibreOffice is not installed (needed to turn DOCX into PDF)",
            "install the Debian package libreoffice-writer-nogui (make install does)",
        )
    return found


def check_docx(data, where: str) -> None:
    """Refuse what is not a Word document of a sensible size, naming the document."""
    hint = "make the letter again from its template in templates/letters/"
    if not isinstance(data, (bytes, bytearray)) or not data:
        raise DocumentError.one(where, "the document is empty", hint)
    if len(data) > MAX_DOCX_BYTES:
        raise DocumentError.one(
            where, f"the document is too large ({len(data) // 2**20} MB; at most {MAX_DOCX_BYTES // 2**20} MB)", hint
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            unpacked = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise DocumentError.one(where, "the document is not a Word (DOCX) file", hint) from None
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        raise DocumentError.one(where, "the document is not a Word (DOCX) file", hint)
    if unpacked > MAX_DOCX_UNPACKED:
        raise DocumentError.one(where, f"the document unpacks to more than {MAX_DOCX_UNPACKED // 2**20} MB", hint)


class _Transport(xmlrpc.client.Transport):
    """XML-RPC over loopback with a time limit (the standard transport waits forever)."""

    def __init__(self, timeout: float):
        super().__init__()
        self._timeout = timeout

    def make_connection(self, host):
        conn = super().make_connection(host)
        conn.timeout = self._timeout
        return conn


class ConverterUnavailable(Exception):
    """The warm converter is not configured or did not answer: the cold path is taken."""


def converter_address() -> str | None:
    """host:port of the stack's warm converter, loopback only; None when there is none."""
    raw = os.environ.get(CONVERTER_ENV, "").strip()
    host, _, port = raw.rpartition(":")
    if host not in ("127.0.0.1", "localhost") or not port.isdigit():
        return None
    return f"127.0.0.1:{int(port)}"


def warm_convert(data: bytes, address: str, timeout: float = WARM_TIMEOUT) -> bytes:
    """One DOCX through unoserver's XML-RPC API (version 3: ``convert(inpath, indata, outpath,
    convert_to, filtername, filter_options, update_index, infiltername, password)``).

    unoserver's own client is not used: it retries a refused connection for 50 s, where a
    stopped converter must send the letter to the cold path at once."""
    proxy = xmlrpc.client.ServerProxy(f"http://{address}", transport=_Transport(timeout), allow_none=True)
    try:
        result = proxy.convert(
            None, xmlrpc.client.Binary(data), None, "pdf", "writer_pdf_Export", [], True, DOCX_FILTER, None
        )
    except (OSError, http.client.HTTPException, xmlrpc.client.ProtocolError) as e:
        raise ConverterUnavailable(type(e).__name__) from None
    except xmlrpc.client.Fault:
        # LibreOffice could not read it although it looked like a DOCX: the cold path tries once more.
        raise ConverterUnavailable("refused by the converter") from None
    pdf = getattr(result, "data", None)
    if not isinstance(pdf, bytes) or not pdf.startswith(b"%PDF"):
        raise ConverterUnavailable("no PDF from the converter")
    return pdf


def to_pdf(documents: list[bytes]) -> list[bytes]:
    """PDF bytes for each DOCX in *documents*, in the same order."""
    if not documents:
        return []
    for i, data in enumerate(documents):
        check_docx(data, f"document {i + 1}")
    address = converter_address()
    reason = f"{CONVERTER_ENV} not set"
    if address:
        t0 = time.perf_counter()
        try:
            out = [warm_convert(data, address) for data in documents]
        except ConverterUnavailable as e:
            reason = f"warm converter at {address} unavailable: {e}"
        else:
            _log.info(
                "DOCX->PDF: %d document(s) through the warm converter in %.2f s", len(out), time.perf_counter() - t0
            )
            return out
    t0 = time.perf_counter()
    out = cold_to_pdf(documents)
    # A warning when the stack has a converter that failed; plain information outside a stack.
    _log.log(
        logging.WARNING if address else logging.INFO,
        "DOCX->PDF: %d document(s) through a cold LibreOffice in %.2f s (%s)",
        len(out),
        time.perf_counter() - t0,
        reason,
    )
    return out


def cold_to_pdf(documents: list[bytes]) -> list[bytes]:
    """PDF bytes for each DOCX, with one LibreOffice start for the whole batch."""
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
            f"--infilter={DOCX_FILTER}",
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
        for i, name in enumerate(names):
            pdf = tmp / "out" / f"{name}.pdf"
            if not pdf.is_file():
                raise DocumentError.one(
                    f"document {i + 1}",
                    f"LibreOffice produced no PDF (exit {proc.returncode}): {proc.stderr.strip()[-300:]}",
                )
            out.append(pdf.read_bytes())
        return out
