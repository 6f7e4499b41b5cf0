"""The warm DOCX -> PDF converter (unoserver, started as scripts/stack.py starts it): its PDF is a
real PDF carrying the letter's text; a stopped converter sends the letters to a cold LibreOffice;
what is not a DOCX, or is too large, is refused with a message naming the document, and the
converter still converts the next letter. Invented people only."""

from __future__ import annotations

import io
import logging
import os
import signal
import subprocess
import sys
import time
import xmlrpc.client
import zipfile
from pathlib import Path

import pytest
from doctools import sample_fields

from parcours import CaseFile, evaluate
from parcours.documents import DocumentError, render_letter, to_pdf
from parcours.documents.convert import MAX_DOCX_BYTES, ConverterUnavailable, warm_convert

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import stack  # noqa: E402  (the stack's own command line for the converter)

LETTER = "fr_ta_oqtf"
CASE = {
    "format_version": 1,
    "jurisdiction": "fr",
    "case_id": "essai-conv-001",
    "persons": [{"id": "me", "role": "beneficiary", "given_name": "Amanuel", "family_name": "Tesfay"}],
    "facts": {"oqtf_notification_date": "2026-11-18"},
}


def pdftotext(pdf: bytes) -> str:
    r = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(r.stdout.decode("utf-8").split())


@pytest.fixture(scope="module")
def letter() -> bytes:
    case = CaseFile.from_dict(dict(CASE))
    return render_letter(LETTER, case, evaluate(case, "2026-11-25"), sample_fields(LETTER), "fr")


@pytest.fixture(scope="module")
def converter(tmp_path_factory):
    """One converter for the module, on free loopback ports, stopped (its whole group) at the end."""
    port, uno_port = stack.free_port(), stack.free_port()
    home = tmp_path_factory.mktemp("converter")
    cmd, extra = stack.converter_command(port, uno_port, home / "profile")
    log = open(home / "converter.log", "wb")
    proc = subprocess.Popen(
        cmd,
        env={**os.environ, **extra, "HOME": str(home), "TMPDIR": str(home)},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    address = f"127.0.0.1:{port}"
    proxy = xmlrpc.client.ServerProxy(f"http://{address}")
    end = time.monotonic() + 90
    while True:
        try:
            proxy.info()
            break
        except OSError:
            assert proc.poll() is None, (home / "converter.log").read_text()
            assert time.monotonic() < end, "the converter did not answer within 90 s"
            time.sleep(0.3)
    yield address
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(10)
    log.close()


def test_the_warm_converter_makes_a_real_pdf_with_the_letters_text(converter, letter, monkeypatch, caplog):
    monkeypatch.setenv("PARCOURS_CONVERTER", converter)
    with caplog.at_level(logging.INFO, logger="parcours.documents.convert"):
        (pdf,) = to_pdf([letter])
    assert "through the warm converter" in caplog.text
    assert pdf.startswith(b"%PDF")
    text = pdftotext(pdf)
    assert "Amanuel" in text and "TESFAY" in text.upper()
    assert "REQUÊTE SOMMAIRE EN ANNULATION" in text and "notifié le 18 novembre 2026" in text
    assert "Tesfay" not in caplog.text and "Amanuel" not in caplog.text  # the log line names no one


def test_a_stopped_converter_sends_the_letters_to_a_cold_libreoffice(letter, monkeypatch, caplog):
    monkeypatch.setenv("PARCOURS_CONVERTER", f"127.0.0.1:{stack.free_port()}")  # nobody listens there
    with caplog.at_level(logging.INFO, logger="parcours.documents.convert"):
        (pdf,) = to_pdf([letter])
    assert "through a cold LibreOffice" in caplog.text and "unavailable" in caplog.text
    assert "Amanuel" in pdftotext(pdf)


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


HOSTILE = {
    "plain text": b"Ceci n'est pas une lettre.",
    "a PDF named .docx": b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF",
    "a zip that is no Word file": _zip({"hello.txt": b"hello"}),
    "a zip bomb": _zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"0" * (120 * 1024 * 1024)}),
    "a huge file": b"PK" + b"\0" * (MAX_DOCX_BYTES + 1),
    "nothing": b"",
}


@pytest.mark.parametrize("what", list(HOSTILE))
def test_what_is_not_a_docx_is_refused_clearly_and_the_converter_converts_the_next_letter(
    what, converter, letter, monkeypatch
):
    monkeypatch.setenv("PARCOURS_CONVERTER", converter)
    with pytest.raises(DocumentError) as refused:
        to_pdf([letter, HOSTILE[what]])
    message = str(refused.value)
    assert message.startswith("document 2:"), message  # names which document
    assert any(w in message for w in ("not a Word (DOCX) file", "too large", "unpacks to more", "empty")), message
    assert "Traceback" not in message
    (pdf,) = to_pdf([letter])
    assert "Amanuel" in pdftotext(pdf)


def test_a_broken_docx_that_reaches_the_converter_does_not_bring_it_down(converter, letter):
    broken = _zip({"[Content_Types].xml": b"<not xml", "word/document.xml": b"\x00\xff garbage"})
    with pytest.raises(ConverterUnavailable):
        warm_convert(broken, converter)
    assert warm_convert(letter, converter).startswith(b"%PDF")
