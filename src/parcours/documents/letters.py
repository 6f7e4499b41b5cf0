"""Letters: a DOCX template per letter (and per language), filled from the case and the evaluation.

    from parcours.documents.letters import render_letter, letter_fields, letter_language
    docx = render_letter("fr_cnda_appeal", case, evaluation, {"sender_address": "...", ...})

The template is ``templates/letters/<letter_id>.docx`` (French) or ``<letter_id>.nl.docx``
(Dutch), written with docxtpl/Jinja2 tags a non-developer can edit in Word or LibreOffice.
"""

from __future__ import annotations

import io

from .catalogue import FieldSpec, LetterSpec, letter_fields, letter_ids, letter_procedures, load_letter
from .context import build_context, case_values, fixed_by_case
from .errors import DocumentError

__all__ = [
    "render_letter",
    "letter_fields",
    "letter_ids",
    "letter_language",
    "missing_fields",
    "load_letter",
    "form_fields",
]

LANGUAGE_FACTS = ("letter_language", "procedure_language", "administrative_language_choice", "brussels_language_choice")


def letter_language(letter_id: str | LetterSpec, case=None, evaluation=None, fields: dict | None = None) -> str:
    """The language the letter must be written in.

    France: French. Belgium (``language: procedure``): the ``letter_language`` field when the
    interview set it, else the ``letter_language`` the engine computed for a procedure that
    lists this letter (9bis: the commune's language; 9ter: the asylum-procedure language
    within 6 months...), else the case's ``procedure_language`` / language choices, else French.
    """
    spec = letter_id if isinstance(letter_id, LetterSpec) else load_letter(letter_id)
    if spec.language != "procedure":
        return spec.language
    chosen = (fields or {}).get("letter_language")
    if not chosen and evaluation is not None:
        linked = set(letter_procedures(spec.id))
        for proc in evaluation.procedures:
            if spec.id in proc.letters or proc.id in linked:
                value = proc.computed.get("letter_language")
                if value:
                    chosen = value
                    break
    if not chosen and case is not None:
        chosen = next((case.facts[k] for k in LANGUAGE_FACTS if case.facts.get(k)), None)
    chosen = str(chosen or "fr")
    if chosen not in spec.languages:
        raise DocumentError.one(
            spec.file,
            f"{spec.id}: no template in {chosen!r} (available: {', '.join(spec.languages)})",
            "write the letter by hand in that language, or add the template variant "
            f"templates/letters/{spec.id}.{chosen}.docx and list it under languages:",
        )
    return chosen


def missing_fields(letter_id: str, case=None, evaluation=None, fields: dict | None = None) -> list[FieldSpec]:
    """Required fields still empty once the case's own data is used (the interview asks these)."""
    spec = load_letter(letter_id)
    lang = letter_language(spec, case, evaluation, fields)
    return build_context(spec, case, evaluation, _declared(spec, fields), lang).missing


def form_fields(letter_id: str, case=None, evaluation=None) -> list[tuple[FieldSpec, object]]:
    """What the letter form asks, with the value it shows: the case's value for an editable field
    (the sender's name...), nothing for a field the case does not hold. A field the case fills and
    that is not editable (a notification date the engine counted a deadline from) is not asked."""
    spec = load_letter(letter_id)
    try:
        lang = letter_language(spec, case, evaluation)
    except DocumentError:
        lang = "fr"
    known = case_values(spec, case, evaluation, lang)
    return [(f, known.get(f.id)) for f in letter_fields(letter_id) if not (fixed_by_case(f) and f.id in known)]


def _declared(spec: LetterSpec, fields):
    fields = dict(fields or {})
    if not spec.field("letter_language"):
        fields.pop("letter_language", None)  # a language choice, not a field of the template
    return fields


def render_context(
    letter_id: str, case=None, evaluation=None, fields: dict | None = None, lang: str | None = None
) -> dict:
    spec = load_letter(letter_id)
    lang = lang or letter_language(spec, case, evaluation, fields)
    return build_context(spec, case, evaluation, _declared(spec, fields), lang).values


def render_letter(
    letter_id: str,
    case=None,
    evaluation=None,
    fields: dict | None = None,
    lang: str | None = None,
    signature: dict | None = None,
) -> bytes:
    """The filled letter as DOCX bytes. *lang* forces the letter language (default: the language rule).
    *signature*: ``{"mode": "paper"|"typed"|"drawn", "name": ..., "image": PNG bytes}`` (documents.signature).

    Required fields left empty appear as "[à compléter : ...]" so a draft can still be printed;
    :func:`missing_fields` lists them.
    """
    from docxtpl import DocxTemplate

    spec = load_letter(letter_id)
    lang = lang or letter_language(spec, case, evaluation, fields)
    if lang not in spec.languages:
        raise DocumentError.one(spec.file, f"{spec.id}: no template in {lang!r}")
    path = spec.template(lang)
    if not path.is_file():
        raise DocumentError.one(path, f"{spec.id}: template file missing", "create it in Word or LibreOffice")
    context = build_context(spec, case, evaluation, _declared(spec, fields), lang).values
    template = DocxTemplate(str(path))
    from .signature import signature_block

    context["signature"] = signature_block(template, signature, (context.get("sender") or {}).get("name", ""))
    template.render(context, autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()
