"""End to end through the real server's REST API: new session, answer the demo interview,
download the generated DOCX and PDF and read their text."""

from __future__ import annotations

import io

import pytest
from docx import Document
from pypdf import PdfReader

DEMO = "docassemble.parcours:data/questions/demo.yml"


@pytest.mark.server
def test_demo_interview_produces_docx_and_pdf(da, artifacts):
    s = da.new_session(DEMO)
    q = s.question()
    assert q["id"] == "identity"
    assert [f["variable_name"] for f in q["fields"]] == ["first_name", "last_name", "birth_date"]
    q = s.set({"first_name": "Yonas", "last_name": "Gebremariam", "birth_date": "1990-07-14"})
    assert q["id"] == "new_address"
    q = s.set({"street": "8 place Fictive", "postal_code": "62100", "city": "Calais"})
    assert q["id"] == "prefecture_file"
    q = s.set({"prefecture": "pas_de_calais", "agdref": "6200000002"})
    assert q["id"] == "letter_ready"

    numbers = q["attachments"][0]["number"]
    docx_bytes = da.download(numbers["docx"], "docx")
    pdf_bytes = da.download(numbers["pdf"], "pdf")
    (artifacts / "demo_letter.pdf").write_bytes(pdf_bytes)

    docx_text = "\n".join(p.text for p in Document(io.BytesIO(docx_bytes)).paragraphs)
    assert "Yonas GEBREMARIAM" in docx_text
    assert "Monsieur le Préfet du Pas-de-Calais" in docx_text
    assert "14 juillet 1990" in docx_text
    assert "8 place Fictive, 62100 Calais" in docx_text
    assert "{{" not in docx_text and "{%" not in docx_text

    reader = PdfReader(io.BytesIO(pdf_bytes))
    assert len(reader.pages) == 1
    pdf_text = reader.pages[0].extract_text()
    assert "GEBREMARIAM" in pdf_text and "Calais" in pdf_text


@pytest.mark.server
def test_saved_answers_survive_going_back_to_the_session(da):
    """A second client that resumes the same session sees the answers already saved."""
    s = da.new_session(DEMO)
    s.set({"first_name": "Amina", "last_name": "Warsame", "birth_date": "1988-01-05"})
    again = type(s)(da, s.interview, s.session, s.secret)
    assert again.question()["id"] == "new_address"
