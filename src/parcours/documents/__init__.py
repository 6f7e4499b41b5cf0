"""Documents: letters (DOCX from templates), their one-page summaries in the person's language,
the required-documents checklist (PDF), DOCX -> PDF conversion and the form packet.

Pure Python; never imports docassemble. The docassemble glue calls:

    from parcours.documents import (render_letter, letter_fields, letter_language, missing_fields,
                                    to_pdf, checklist_pdf, summary_pdf, packet_pdf, Packet, fill_form)

Templates live in templates/letters/ (see templates/letters/README.md); document strings in
translations/documents/<lang>.po.
"""

from .catalogue import FieldSpec, LetterSpec, letter_fields, letter_ids, load_letter
from .errors import DocumentError
from .letters import form_fields, letter_language, missing_fields, render_context, render_letter


def to_pdf(documents):
    from .convert import to_pdf as _to_pdf

    return _to_pdf(documents)


def checklist_pdf(procedure, person_lang, admin_lang="fr", as_of=None, case_id=None):
    from .checklist import checklist_pdf as _checklist_pdf

    return _checklist_pdf(procedure, person_lang, admin_lang, as_of, case_id)


def summary_pdf(letter_id, case=None, evaluation=None, fields=None, lang="en"):
    from .summary import summary_pdf as _summary_pdf

    return _summary_pdf(letter_id, case, evaluation, fields, lang)


def packet_pdf(packet):
    from .packet import packet_pdf as _packet_pdf

    return _packet_pdf(packet)


def fill_form(form_id, values, root=None):
    from .forms import fill_form as _fill_form

    return _fill_form(form_id, values, root)


from .packet import Packet  # noqa: E402  (light: weasyprint/pypdf are imported when used)

__all__ = [
    "render_letter",
    "render_context",
    "letter_fields",
    "form_fields",
    "letter_ids",
    "letter_language",
    "missing_fields",
    "load_letter",
    "LetterSpec",
    "FieldSpec",
    "DocumentError",
    "to_pdf",
    "checklist_pdf",
    "summary_pdf",
    "packet_pdf",
    "Packet",
    "fill_form",
]
