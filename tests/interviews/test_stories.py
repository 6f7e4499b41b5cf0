"""Runs every story table in tests/interviews/stories/ through the live server's REST API."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

STORIES = Path(__file__).parent / "stories"


def load_stories():
    for f in sorted(STORIES.glob("*.yml")):
        doc = yaml.safe_load(f.read_text())
        for story in doc["stories"]:
            yield pytest.param(doc["interview"], story, id=f"{f.stem}: {story['name']}")


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.server
@pytest.mark.parametrize("interview,story", list(load_stories()))
def test_story(da, interview, story):
    session = da.new_session(interview)
    expect = story["expect"]
    q = session.run_story(story["answers"], until=expect["screen"])
    if "result_text" in expect:
        text = q.get("subquestionText") or ""
        for wanted in expect["result_text"]:
            assert wanted in text, f"{wanted!r} not on the result screen:\n{text[:3000]}"
    if "files" in expect:
        text = q.get("subquestionText") or ""
        for name in expect["files"]:
            assert f"/{name}" in text, f"{name} is not offered for download"
    if "packet" in expect:  # download the packet and read its outline and annex list
        number = re.search(r"/uploadedfiledownload/(\d+)/packet\.pdf", q.get("subquestionText") or "").group(1)
        reader = PdfReader(io.BytesIO(da.download(int(number), "pdf")))
        titles = [item.title for item in reader.outline if hasattr(item, "title")]
        for wanted in expect["packet"].get("bookmarks", []):
            assert any(wanted in title for title in titles), f"no bookmark {wanted!r} in {titles}"
        assert len(reader.pages) >= expect["packet"].get("min_pages", 1)
        text = " ".join(page.extract_text() for page in reader.pages)
        for wanted in expect["packet"].get("text", []):
            assert wanted in text, f"{wanted!r} not in the packet"
    if "document_text" in expect or "document_text_absent" in expect:
        attachment = q["attachments"][0]
        text = re.sub(r"\s+", " ", pdf_text(da.download(attachment["number"]["pdf"], "pdf")))
        for wanted in expect.get("document_text", []):
            assert any(alt in text for alt in wanted.split("|")), f"{wanted!r} not in the letter: {text[:400]}"
        for unwanted in expect.get("document_text_absent", []):
            assert unwanted not in text
