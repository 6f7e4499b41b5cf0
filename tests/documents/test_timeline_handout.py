"""Issue 20 item 2, the handout and the SVG: one A4 page in the person's language beside French,
every character drawn by a font that has it (Arabic, Tigrinya), and hostile names or labels
(markup, huge strings) written as text, never as markup, in the screen's SVG and in the PDF."""

from __future__ import annotations

import dataclasses
import io
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from parcours import CaseFile, evaluate, load_rules, views
from parcours import timeline as tl
from parcours.documents.commands import write_documents
from parcours.documents.html import FONT_FILES, font_file
from parcours.documents.timeline import timeline_html, timeline_pdf, timeline_svg
from parcours.messages import Text
from parcours.numerals import parse_date
from parcours.yamltests import _case

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))
from test_timeline import _legal_team_cases  # noqa: E402

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def crowded():
    """The legal team's cases with the most dated steps (the hardest to fit on one page)."""
    rules = load_rules()
    found = []
    for file, test, jurisdiction in _legal_team_cases():
        evaluation = evaluate(
            _case(file, test, jurisdiction), parse_date(test["as_of"]), rules=rules, procedures=list(test["expect"])
        )
        steps = sum(len(p.steps) + len(p.undated) for p in tl.timeline(evaluation, rules).procedures)
        found.append((steps, test["name"], evaluation))
    found.sort(key=lambda x: -x[0])
    return found[:3]


def _pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def _text(pdf: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


@pytest.mark.parametrize("lang", ["ar", "ti"])
def test_the_handout_fits_one_page_with_every_glyph(crowded, lang):
    script = TTFont(font_file(lang)).getBestCmap()
    latin = TTFont(FONT_FILES["latin"]).getBestCmap()
    for steps, name, evaluation in crowded:
        assert steps >= 10, name
        pdf = timeline_pdf(evaluation, lang, "fr")
        assert _pages(pdf) == 1, (name, lang)
        text = _text(pdf)
        words = views.T("timeline.title", lang).replace("،", " ").replace("፣", " ").split()
        assert all(w in text for w in words) and views.T("timeline.title", "fr") in text, text[:300]
        missing = {
            ch
            for ch in text
            if not ch.isspace()
            and unicodedata.category(ch) != "Cf"
            and ord(ch) not in script
            and (ord(ch) not in latin or unicodedata.name(ch, "").split()[0] in ("ARABIC", "ETHIOPIC"))
        }
        assert not missing, (name, sorted(missing))


def test_the_handout_is_rendered_for_the_issue_note(crowded):
    """French, Arabic and Tigrinya, as PNG at 60 dpi under tests/artifacts (looked at by a person)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    evaluation = crowded[0][2]
    for lang in ("fr", "ar", "ti"):
        path = ARTIFACTS / f"timeline_{lang}.pdf"
        path.write_bytes(timeline_pdf(evaluation, lang, "fr"))
        subprocess.run(
            ["pdftoppm", "-r", "60", "-png", "-singlefile", str(path), str(ARTIFACTS / f"timeline_{lang}")], check=True
        )
        assert (ARTIFACTS / f"timeline_{lang}.png").stat().st_size > 10_000


def _cnda():
    case = CaseFile.from_dict(
        {
            "format_version": 1,
            "jurisdiction": "fr",
            "case_id": "demo-timeline",
            "facts": {"ofpra_decision": "rejection", "ofpra_decision_notification_date": "2025-01-31"},
        }
    )
    return case, evaluate(case, "2025-02-03", procedures=["fr.cnda_appeal"])


def test_the_paperwork_makes_the_timeline_handout(tmp_path):
    case, evaluation = _cnda()
    written = write_documents(case, evaluation, "fr.cnda_appeal", "prs", tmp_path, letters=[])
    handout = tmp_path / "timeline.prs.pdf"
    assert handout in written and _pages(handout.read_bytes()) == 1
    assert "17/02/2025" in _text(handout.read_bytes())  # the next deadline: the legal aid request


HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)">&amp;</text></svg>'


def _hostile(evaluation):
    """A saved result whose texts were tampered with: markup and a huge string in the title and in a
    deadline's label, and in the name of the person it is decided for."""
    proc = evaluation.procedures[0]
    words = Text.from_doc({"fr": HOSTILE + "A" * 200_000, "en": HOSTILE}, "hostile")
    deadlines = [dataclasses.replace(d, label=words) for d in proc.deadlines]
    proc = dataclasses.replace(proc, title=words, deadlines=deadlines, person="p1")
    evaluation = dataclasses.replace(evaluation, procedures=[proc])
    people = {"p1": {"given_name": HOSTILE + "B" * 200_000}}
    return evaluation, people


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_hostile_names_and_labels_never_reach_the_svg_as_markup(lang):
    evaluation, people = _hostile(_cnda()[1])
    svg = str(timeline_svg(views.timeline_view(evaluation, lang, people)))
    root = ET.fromstring(svg)  # well-formed: nothing closed the SVG early
    tags = {el.tag.replace(SVG, "") for el in root.iter()}
    assert tags <= {"svg", "title", "desc", "g", "path", "circle", "rect", "line", "text"}, tags
    assert "<script" not in svg and "<img" not in svg and "&lt;script&gt;" in svg
    assert len(svg) < 60_000  # a huge string is cut, the drawing stays small
    html = timeline_html(evaluation, lang, "fr", people=people)
    assert "<script" not in html and "<img" not in html and "&lt;script&gt;" in html
    assert _pages(timeline_pdf(evaluation, lang, "fr", people=people)) >= 1
