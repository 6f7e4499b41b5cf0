"""Signature (issue 16 item 5): on paper (default: the blank line stays), typed ("Signé : <name>"),
or drawn on the touch screen (the drawing sits in the letter's signature block). A tampered drawing —
not an image, too heavy, absurd dimensions — is refused with a message. Invented people only."""

from __future__ import annotations

import io
import subprocess
import zipfile

import pytest
from doctools import ARTIFACTS
from pdfs import text as pdf_text
from PIL import Image, ImageDraw

from parcours.documents import DocumentError, render_letter, to_pdf
from parcours.documents.signature import MAX_BYTES, checked_image


def drawing() -> bytes:
    """A scribble like a finger's on a 600x200 canvas, transparent background."""
    image = Image.new("RGBA", (600, 200), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.line(
        [(30, 150), (90, 40), (150, 160), (230, 50), (300, 150), (380, 60), (450, 140), (560, 70)],
        fill="black",
        width=8,
    )
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def docx_text(docx: bytes) -> str:
    import re

    xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode("utf-8")
    return " ".join(re.sub(r"<[^>]+>", "", xml.replace("</w:p>", "\n")).split())


def media(docx: bytes) -> list[str]:
    return [n for n in zipfile.ZipFile(io.BytesIO(docx)).namelist() if n.startswith("word/media/")]


FIELDS = {"sender_name": "Amanuel TESFAY", "place": "Lille"}


def test_on_paper_by_default_the_blank_signature_line_stays(fr_case, fr_eval):
    docx = render_letter("fr_recours_gracieux", fr_case, fr_eval, FIELDS)
    text = docx_text(docx)
    assert "Signature :" in text and "Signé" not in text and "{{" not in text and not media(docx)


def test_typed_signature_reads_signe_and_the_name_in_french_and_ondertekend_in_dutch(
    fr_case, fr_eval, be_case, be_eval
):
    text = docx_text(render_letter("fr_recours_gracieux", fr_case, fr_eval, FIELDS, signature={"mode": "typed"}))
    assert "Signé : Amanuel TESFAY" in text and "Signature :" not in text
    nl = render_letter(
        "be_9bis_request", be_case, be_eval, {}, "nl", signature={"mode": "typed", "name": "Amina Diallo"}
    )
    assert "Ondertekend: Amina Diallo" in docx_text(nl)


def test_a_drawn_signature_sits_in_the_signature_block_of_the_pdf(fr_case, fr_eval):
    docx = render_letter(
        "fr_recours_gracieux", fr_case, fr_eval, FIELDS, signature={"mode": "drawn", "image": drawing()}
    )
    assert len(media(docx)) == 1
    pdf = to_pdf([docx])[0]
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(pdf)).pages
    signed = [i for i, page in enumerate(pages) if page.images]
    assert signed, "the drawing is not in the PDF"
    # The drawing is on the page that carries the signature line, right after the sender's name.
    assert "Signature :" in pages[signed[0]].extract_text() and "Amanuel TESFAY" in pdf_text(pdf)
    out = ARTIFACTS / "letter_signed_drawn.pdf"
    out.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-f", str(signed[0] + 1), "-l", str(signed[0] + 1), out, out.with_suffix("")],
        check=True,
    )


@pytest.mark.parametrize(
    "data, message",
    [
        (b"<script>alert(1)</script>", "not an image"),
        (b"GIF89a" + b"\0" * 100, "not an image"),
        (b"\x89PNG\r\n\x1a\n" + b"A" * (MAX_BYTES + 1), "larger than"),
        (None, "empty"),
    ],
    ids=["html", "truncated-gif", "too-heavy", "empty"],
)
def test_a_tampered_drawing_is_refused_with_a_message(data, message):
    with pytest.raises(DocumentError, match=message):
        checked_image(data)


def test_a_drawing_of_absurd_dimensions_is_refused(fr_case, fr_eval):
    out = io.BytesIO()
    Image.new("1", (20000, 10)).save(out, "PNG")  # light in bytes, absurd in pixels
    with pytest.raises(DocumentError, match="20000x10 pixels"):
        render_letter(
            "fr_recours_gracieux", fr_case, fr_eval, FIELDS, signature={"mode": "drawn", "image": out.getvalue()}
        )
    with pytest.raises(DocumentError, match="unknown way to sign"):
        render_letter("fr_recours_gracieux", fr_case, fr_eval, FIELDS, signature={"mode": "stamp"})
