"""Writes the first version of every letter template (DOCX) and declaration (YAML).

Run once by a developer:  .venv/bin/python templates/letters/_seed/make_templates.py [--force] [ids...]

After that the DOCX files in templates/letters/ are the source: the legal team edits them in
Word or LibreOffice. This script refuses to overwrite an existing file unless --force is
given, so edits made in Word are never lost by accident.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

sys.path.insert(0, str(Path(__file__).parent))
from letters_be import LETTERS as BE  # noqa: E402
from letters_fr import LETTERS as FR  # noqa: E402

OUT = Path(__file__).resolve().parents[1]
WORDS = {
    "fr": {"subject": "Objet : ", "dispatch": "Envoi : ", "date": "{{ place }}, le {{ date }}",
           "signature": "Signature :", "annexes": "Bordereau des pièces jointes",
           "annex": "Pièce n° {{ a.number }} : {{ a.label }}"},
    "nl": {"subject": "Betreft: ", "dispatch": "Verzending: ", "date": "{{ place }}, {{ date }}",
           "signature": "Handtekening:", "annexes": "Inventaris van de bijlagen",
           "annex": "Stuk nr. {{ a.number }}: {{ a.label }}"},
}
SECTION = re.compile(r"^((I|II|III|IV|V)\. |\d\. [A-ZÉÀ]|PAR CES MOTIFS|POUR :|CONTRE :)")


def _doc():
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.2))
    section.top_margin = section.bottom_margin = Cm(2.0)
    style = doc.styles["Normal"]
    style.font.name = "Noto Sans"
    style.font.size = Pt(10.5)
    style.paragraph_format.space_after = Pt(3)
    return doc


def _para(doc, text, bold=False, indent=False, align=None, space_before=0):
    p = doc.add_paragraph()
    run = p.add_run(text)
    run.bold = bold
    if indent:
        p.paragraph_format.left_indent = Cm(9)
    if align:
        p.alignment = align
    if space_before:
        p.paragraph_format.space_before = Pt(space_before)
    return p


def build_docx(letter: dict, lang: str, path: Path):
    w = WORDS[lang]
    pick = (lambda v: v[lang] if isinstance(v, dict) else v)
    doc = _doc()
    if not letter.get("no_header"):
        _para(doc, "{%p for line in sender.lines %}")
        _para(doc, "{{ line }}")
        _para(doc, "{%p endfor %}")
        _para(doc, "{%p for line in recipient_lines %}", indent=True)
        _para(doc, "{{ line }}", indent=True)
        _para(doc, "{%p endfor %}", indent=True)
        _para(doc, w["date"], indent=True, space_before=12)
    for i, line in enumerate((letter.get("heading") or "").splitlines()):
        _para(doc, line, bold=(i == 0), align=WD_ALIGN_PARAGRAPH.CENTER, space_before=12 if i == 0 else 0)
    subject = pick(letter.get("subject") or "")
    if subject:
        p = _para(doc, "", space_before=12)
        p.add_run(w["subject"]).bold = True
        p.add_run(subject)
    if letter.get("dispatch", "none") != "none":
        _para(doc, "{%p if dispatch %}")
        p = _para(doc, "")
        p.add_run(w["dispatch"]).bold = True
        p.add_run("{{ dispatch }}")
        _para(doc, "{%p endif %}")
    first = True
    for text in pick(letter["body"]):
        if text.startswith("{%p"):
            _para(doc, text)
            continue
        p = _para(doc, text, bold=bool(SECTION.match(text)), space_before=12 if first else 6)
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if len(text) > 90 else None
        first = False
    _para(doc, "{{ sender.name }}", indent=True, space_before=18)
    _para(doc, w["signature"], indent=True)
    _para(doc, "{%p if annexes %}", space_before=24)
    _para(doc, w["annexes"], bold=True, space_before=24)
    _para(doc, "{%p for a in annexes %}")
    _para(doc, w["annex"])
    _para(doc, "{%p endfor %}")
    _para(doc, "{%p endif %}")
    doc.core_properties.title = letter["title"]["fr"]
    doc.core_properties.author = "parcours"
    doc.save(path)


def declaration(letter_id: str, letter: dict, jurisdiction: str) -> dict:
    langs = ["fr", "nl"] if isinstance(letter["body"], dict) else ["fr"]
    out = {"id": letter_id, "jurisdiction": jurisdiction, "title": letter["title"],
           "recipient": letter["recipient"],
           "language": "procedure" if jurisdiction == "be" else "fr", "languages": langs,
           "dispatch": letter["dispatch"], "deadlines": letter.get("deadlines") or []}
    if letter.get("computed_deadline"):
        out["computed_deadline"] = letter["computed_deadline"]
    out["procedures"] = letter.get("procedures") or []
    out["annex_documents"] = bool(letter.get("annex_documents"))
    out["annexes"] = letter.get("annexes") or []
    out["fields"] = letter.get("fields") or []
    out["proof"] = letter["proof"]
    if letter.get("warning"):
        out["warning"] = letter["warning"]
    return out


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(str, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", v, style="|" if "\n" in v else None))


HEADER = """# Letter declaration (see templates/letters/README.md). Template: {id}.docx{nl}
# language: fr = always French; procedure = Belgium, fr or nl from the case (engine's letter_language).
# deadlines: ids of deadlines the rules engine computes (the most urgent one found is shown); never type a date.
"""


def main(argv):
    force = "--force" in argv
    wanted = [a for a in argv if not a.startswith("--")]
    for jurisdiction, letters in (("fr", FR), ("be", BE)):
        for letter_id, letter in letters.items():
            if wanted and letter_id not in wanted:
                continue
            decl = declaration(letter_id, letter, jurisdiction)
            targets = [(OUT / f"{letter_id}.yaml", None)] + [
                (OUT / (f"{letter_id}.docx" if lang == "fr" else f"{letter_id}.{lang}.docx"), lang)
                for lang in decl["languages"]]
            for path, lang in targets:
                if path.exists() and not force:
                    print(f"kept {path.name} (exists; --force to overwrite)")
                    continue
                if lang is None:
                    text = HEADER.format(id=letter_id, nl=f", {letter_id}.nl.docx" if "nl" in decl["languages"] else "")
                    text += yaml.dump(decl, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=110)
                    path.write_text(text, encoding="utf-8")
                else:
                    build_docx(letter, lang, path)
                print(f"wrote {path.name}")


if __name__ == "__main__":
    main(sys.argv[1:])
