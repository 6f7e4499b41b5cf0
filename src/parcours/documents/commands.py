"""`parcours documents CASE PROCEDURE --lang ar --out DIR`: every document of a procedure for a case."""

from __future__ import annotations

from pathlib import Path

import yaml

from ..errors import ParcoursError, diag
from ..suggest import did_you_mean
from .catalogue import letter_ids, load_letter
from .context import main_person, person_name
from .html import document_lang
from .letters import letter_language, render_letter


def write_documents(
    case,
    evaluation,
    procedure_id: str,
    lang: str,
    out: str | Path,
    fields_file=None,
    letters: list[str] | None = None,
    signature: dict | None = None,
    scans: dict | None = None,
) -> list[Path]:
    """Write the procedure's documents to *out*; *letters* restricts which letters (default: all);
    *signature* says how every letter is signed (documents.signature; default: on paper); *scans*:
    document id -> the bytes of the person's scan, for a portal-ready pack (documents.portal)."""
    from .checklist import checklist_pdf
    from .convert import to_pdf
    from .packet import Packet, packet_pdf
    from .summary import summary_pdf

    lang = document_lang(lang)  # it also names files: only a known code
    proc = evaluation.procedure(procedure_id)
    if proc is None:
        known = [p.id for p in evaluation.procedures]
        raise ParcoursError(
            [diag(procedure_id, None, f"no procedure {procedure_id!r}" + did_you_mean(procedure_id, known))]
        )
    fields = {}
    if fields_file:
        fields = yaml.safe_load(Path(fields_file).read_text(encoding="utf-8")) or {}
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    admin = "fr"
    written, docx, names = [], [], []
    available = set(letter_ids())
    for letter_id in proc.letters:
        if letter_id not in available or (letters is not None and letter_id not in letters):
            continue
        spec = load_letter(letter_id)
        letter_fields = fields.get(letter_id) or {}
        language = letter_language(spec, case, evaluation, letter_fields)
        admin = language if spec.jurisdiction == "be" else admin
        data = render_letter(letter_id, case, evaluation, letter_fields, language, signature)
        path = out / f"{letter_id}.docx"
        path.write_bytes(data)
        written.append(path)
        docx.append(data)
        names.append(letter_id)
        summary = out / f"{letter_id}.summary.{lang}.pdf"
        summary.write_bytes(summary_pdf(letter_id, case, evaluation, letter_fields, lang))
        written.append(summary)
    pdfs = to_pdf(docx)
    # The packet is prepared for whoever signs the letters; failing that, the case's main person.
    sender = next((f.get("sender_name") for f in fields.values() if isinstance(f, dict) and f.get("sender_name")), None)
    person = main_person(case)
    # One packet per recipient, each with its own bordereau (in the administration's language, each
    # document once): the letters and the checklist go with the procedure's main recipient, the one
    # of its first document that is not confidential.
    from .. import i18n as texts

    documents = list({d.id: d for d in proc.documents}.values())
    groups: dict = {}
    for doc in documents:
        groups.setdefault(doc.recipient, []).append(doc)
    main = next((d.recipient for d in documents if not d.confidential), None)
    if main not in groups:
        groups = {main: [], **groups}
    else:
        groups = {main: groups.pop(main), **groups}
    packets = {}
    for recipient, docs in groups.items():
        packet = Packet(
            title=proc.title.get(admin if admin in ("fr", "en") else "fr"),
            person_lang=lang,
            admin_lang=admin,
            prepared_for=sender or (person_name(person) if person else (case.case_id or "")),
            as_of=evaluation.as_of,
            recipient=recipient,
        )
        seen = set()
        for doc in docs:
            label = texts.rule_text(doc.label, admin) or doc.id
            if label not in seen:
                seen.add(label)
                packet.add_annex(doc, label)
        packets[recipient] = packet
    for letter_id, pdf in zip(names, pdfs):
        path = out / f"{letter_id}.pdf"
        path.write_bytes(pdf)
        written.append(path)
        spec = load_letter(letter_id)
        packets[main].add(
            "statements" if letter_id.endswith("sworn_statement") else "letters", spec.title.get("fr"), pdf
        )
    checklist = checklist_pdf(proc, lang, admin, evaluation.as_of, case.case_id)
    path = out / f"checklist.{lang}.pdf"
    path.write_bytes(checklist)
    written.append(path)
    # The person's dated timeline of this procedure: one page, their language beside French.
    from .timeline import timeline_pdf

    path = out / f"timeline.{lang}.pdf"
    path.write_bytes(timeline_pdf(evaluation, lang, "fr", [procedure_id], case.case_id))
    written.append(path)
    # Inside the packet, the checklist lists only what this recipient receives (never the medical
    # certificate in the prefecture's packet); the checklist file above is the person's whole list.
    inside = checklist if len(packets) == 1 else checklist_pdf(proc, lang, admin, evaluation.as_of, case.case_id, main)
    packets[main].add("checklist", proc.title.get("fr"), inside)
    for recipient, packet in packets.items():
        path = out / ("packet.pdf" if recipient == main else f"packet.{recipient}.pdf")
        path.write_bytes(packet_pdf(packet))
        written.append(path)
    # Filed online: the portal's pack (one PDF per piece and the inventory) or the form's data sheet,
    # with the main recipient's documents only (a medical certificate goes its own way).
    from .portal import datasheet_pdf, make_pack, pack_zip, portal_for

    found = portal_for(procedure_id)
    if found:
        portal_id, portal = found
        if portal.get("kind") == "datasheet":
            from .. import load_rules

            path = out / f"datasheet.{portal_id}.pdf"
            path.write_bytes(datasheet_pdf(portal_id, case, load_rules(), admin))
        else:
            titles = [load_letter(letter_id).title.get("fr") for letter_id in names]
            pack = make_pack(portal_id, list(zip(titles, pdfs)), groups.get(main, []), admin, scans)
            path = out / f"portal.{portal_id}.zip"
            path.write_bytes(pack_zip(pack, admin, packets[main].prepared_for))
        written.append(path)
    return written
