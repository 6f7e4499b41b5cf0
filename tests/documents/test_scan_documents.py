"""The document scan (issue 14 item 6): every kind of document — checklist, letter summary,
bordereau, packet cover, the letters — in every language parcours writes documents in, scanned
(tests/support/scan.py) for internal ids, raw values, placeholders and English where the person
reads another language.

- Per language, the production path (documents/commands.write_documents, what the interview's
  paperwork uses) writes the checklist and the packet (cover, bordereau, checklist) of three
  representative procedures — a French appeal, French family reunification, Belgian family
  reunification in Dutch — and the summaries of their letters; the PDFs' text is scanned.
- Every procedure's checklist and every letter's summary is also scanned in every language from
  the rendered page (no PDF: the same text, fast), so a rule text missing from a catalogue shows.
- Every letter in each of its languages (French, Dutch: the administration's language, intended)
  is scanned in its DOCX text, with field values that name no field.
"""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser

import pytest
import yaml
from doctools import AS_OF, BE_CASE, FR_CASE
from pdfs import text as pdf_text
from scan import report, scan_text

from parcours import CaseFile, evaluate
from parcours.documents import letter_fields, letter_ids, load_letter, render_letter, summary_pdf
from parcours.documents.checklist import checklist_html
from parcours.documents.commands import write_documents
from parcours.documents.i18n import LANGS
from parcours.documents.summary import summary_html

RF_CASE = {
    "format_version": 1,
    "jurisdiction": "fr",
    "case_id": "essai-rf-003",
    "persons": [
        {
            "id": "sponsor",
            "role": "sponsor",
            "given_name": "Idris",
            "family_name": "Mahamat",
            "birth_date": "1985-03-02",
            "nationality": "TD",
        },
        {"id": "wife", "role": "spouse", "given_name": "Achta", "birth_date": "1990-07-07"},
    ],
    "facts": {
        "sponsor_legal_status": "residence_permit",
        "sponsor_nationality": "TD",
        "sponsor_regular_stay_start": "2023-10-15",
        "filing_date": "2025-11-01",
        "sponsor_average_monthly_resources": "2 100,00",
        "household_size": 2,
        "spouse_joining": True,
    },
}
# (case, as of, procedure, the letters written with it)
REPRESENTATIVE = [
    (FR_CASE, AS_OF, "fr.cnda_appeal", ["fr_cnda_appeal", "fr_cnda_legal_aid_request"]),
    (RF_CASE, "2025-11-02", "fr.regroupement_familial", ["fr_rf_cover_letter_ofii"]),
    (BE_CASE, AS_OF, "be.family_reunification_art10", ["be_family_reunification_cover_letter"]),
]


def neutral_fields(letter_id: str) -> dict:
    """A value for every field a letter declares, naming no field (invented values)."""
    out = {}
    for f in letter_fields(letter_id):
        if f.id in ("sender_name", "sender_birth_date", "sender_nationality", "letter_date", "letter_language"):
            continue  # from the case, the evaluation date, the language rule
        out[f.id] = {
            "date": "2025-01-20",
            "integer": 10,
            "bool": True,
            "list": ["Attestation de l'association"],
            "area": "Ligne un\nLigne deux",
            "enum": f.values[0] if f.values else "",
        }.get(f.type, "Exemple")
    out.update({"sender_address": "12 rue des Lilas\n59000 Lille", "place": "Lille", "sender_birth_place": "Asmara"})
    if load_letter(letter_id).recipient_default:
        out.pop("recipient_address", None)
    return out


class _Text(HTMLParser):
    """A page's text, one block per line (what the PDF shows, without WeasyPrint)."""

    BLOCKS = {"p", "div", "h1", "h2", "h3", "tr", "td", "th", "li", "br", "ul", "table"}

    def __init__(self):
        super().__init__()
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("style", "title", "head")
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        self.skip -= tag in ("style", "title", "head")
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return re.sub(r"\n\s*\n+", "\n", "".join(parser.parts))


def docx_text(data: bytes) -> str:
    """Every paragraph of a DOCX (body, tables, headers, footers), one per line."""
    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in sorted(n for n in z.namelist() if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", n)):
            xml = z.read(name).decode("utf-8")
            for para in re.findall(r"<w:p[ >].*?</w:p>", xml, re.S):
                runs = re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>|<w:(br|cr)/>|<w:(tab)/>", para)
                out.append("".join(t or ("\n" if br else " ") for t, br, _tab in runs))
    return "\n".join(out)


@pytest.fixture(scope="module")
def cases(rules):
    out = {}
    for case_doc, as_of, proc_id, letters in REPRESENTATIVE:
        case = CaseFile.from_dict(dict(case_doc))
        out[proc_id] = (case, evaluate(case, as_of, rules=rules), letters)
    return out


def _fail_on(found: list[str]) -> None:
    assert not found, f"{len(found)} thing(s) a person must never read in the documents:\n" + "\n".join(found)


@pytest.mark.parametrize("lang", LANGS)
def test_the_documents_of_a_procedure_in_every_language(cases, lang, tmp_path):
    """Checklist, summaries, bordereau and packet cover as PDFs, through the production path."""
    found = []
    for proc_id, (case, ev, letters) in cases.items():
        out = tmp_path / proc_id
        fields = out / "fields.yaml"
        out.mkdir()
        fields.write_text(yaml.safe_dump({letter: neutral_fields(letter) for letter in letters}, allow_unicode=True))
        # letters=[]: no LibreOffice; the letters themselves are scanned below, once per language they exist in
        written = write_documents(case, ev, proc_id, lang, out, fields, letters=[])
        admin = "nl" if proc_id.startswith("be.") else "fr"
        pdfs = {p.name: p.read_bytes() for p in written if p.suffix == ".pdf"}
        for letter in letters:
            pdfs[f"{letter}.summary.{lang}.pdf"] = summary_pdf(letter, case, ev, neutral_fields(letter), lang)
        assert {f"checklist.{lang}.pdf", "packet.pdf"} <= set(pdfs), sorted(pdfs)
        for name, pdf in pdfs.items():
            # the person's language beside the administration's (checklist, packet cover), or alone (summary)
            findings = scan_text(pdf_text(pdf), lang, admin)
            found += [report(f"{proc_id} {name}", findings)] if findings else []
    _fail_on(found)


@pytest.mark.parametrize("lang", LANGS)
def test_every_checklist_and_summary_in_every_language(cases, lang):
    """Every procedure's checklist and every letter's summary, as rendered pages."""
    found = []
    seen = set()
    for case, ev, _ in cases.values():
        admin = "nl" if case.jurisdiction == "be" else "fr"
        for proc in ev.procedures:
            if proc.documents and proc.id not in seen:
                seen.add(proc.id)
                findings = scan_text(html_text(checklist_html(proc, lang, admin, ev.as_of, case.case_id)), lang, admin)
                found += [report(f"checklist {proc.id}", findings)] if findings else []
    for letter in letter_ids():
        spec = load_letter(letter)
        case, ev, _ = next(v for k, v in cases.items() if k.startswith(spec.jurisdiction + "."))
        admin = "nl" if spec.jurisdiction == "be" else "fr"
        findings = scan_text(html_text(summary_html(letter, case, ev, neutral_fields(letter), lang)), lang, admin)
        found += [report(f"summary {letter}", findings)] if findings else []
    _fail_on(found)


def test_every_letter_in_each_of_its_languages(cases):
    """The letters are in the administration's language (French, Dutch): that is intended; they must
    name no id, no raw value, no placeholder and hold no English."""
    found = []
    for letter in letter_ids():
        spec = load_letter(letter)
        case, ev, _ = next(v for k, v in cases.items() if k.startswith(spec.jurisdiction + "."))
        for lang in spec.languages:
            fields = (
                {**neutral_fields(letter), "letter_language": lang}
                if spec.language == "procedure"
                else neutral_fields(letter)
            )
            findings = scan_text(docx_text(render_letter(letter, case, ev, fields, lang)), lang)
            found += [report(f"letter {letter} [{lang}]", findings)] if findings else []
    _fail_on(found)
