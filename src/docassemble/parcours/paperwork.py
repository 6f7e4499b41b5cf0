"""Glue for the paperwork component: the letters, summaries, checklist and packet of one
procedure, built by the core (parcours.documents) and handed to docassemble as DAFiles.
The fields a letter needs are declared in templates/letters/*.yaml and asked generically."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from docassemble.base.util import DAFile

from docassemble.parcours.guide import languages as language_choices  # noqa: F401  (the person's copy)
from docassemble.parcours.guide import only_offered  # validation code: values a screen offered
from docassemble.parcours.guide import selected as chosen  # noqa: F401  (the interviews call chosen())
from parcours import CaseFile, i18n
from parcours.documents import letter_fields, letter_ids
from parcours.documents.commands import write_documents

# A packet with every letter takes about 20 s in the Celery worker; a task with no result after
# this long is lost (the worker died, hangs, or never took it): the failure screen offers a retry.
ASSEMBLY_LIMIT_SECONDS = 90


def assembly_deadline() -> float:
    return time.time() + ASSEMBLY_LIMIT_SECONDS


def assembly_lost(deadline: float) -> bool:
    return time.time() > deadline


FIELD_TYPES = {
    "date": "date",
    "area": "area",
    "text": "text",
    "integer": "integer",
    "money": "number",
    "number": "number",
    "bool": "yesno",
}


def paperwork_procedures(evaluation, lang: str) -> list[dict]:
    """Procedures of the evaluation that apply (or may apply) and produce documents."""
    out = []
    for proc in evaluation.procedures:
        if proc.status != "not_applicable" and (proc.letters or proc.documents):
            out.append({"value": proc.id, "label": i18n.rule_text(proc.title, lang) if proc.title else proc.id})
    return out


def _letters(evaluation, procedure_id: str) -> list[str]:
    proc = evaluation.procedure(procedure_id)
    available = set(letter_ids())
    return [letter for letter in (proc.letters if proc else []) if letter in available]


def letter_choices(evaluation, procedure_id: str, lang: str) -> list[dict]:
    """The procedure's letters, for the volunteer to pick the ones to prepare."""
    from parcours.documents import load_letter

    return [
        {"value": letter, "label": load_letter(letter).title.get(lang) or letter}
        for letter in _letters(evaluation, procedure_id)
    ]


def letter_field_list(letters: list[str], lang: str) -> list[dict]:
    """One docassemble field per distinct field of the chosen letters."""
    seen, fields = set(), []
    for letter in letters:
        for spec in letter_fields(letter):
            if spec.id in seen:
                continue
            seen.add(spec.id)
            field = {
                "label": spec.label.get(lang) or spec.label.get("en") or spec.id,
                "field": f"letter_answers[{spec.id!r}]",
                "required": bool(spec.required),
            }
            if spec.type == "enum" and spec.values:
                field.update(
                    datatype="radio",
                    choices=[
                        {"value": v, "label": spec.choice_label(v, lang) or i18n.ui("answer.unlabelled", lang)}
                        for v in spec.values
                    ],
                )
            else:
                field["datatype"] = FIELD_TYPES.get(spec.type, "text")
            fields.append(field)
    return fields


def only_offered_letter_answers(letters: list[str], letter_answers) -> None:
    """The choice fields of the letters take only the values their radio buttons offered."""
    for letter in letters:
        for spec in letter_fields(letter):
            value = dict(letter_answers).get(spec.id)
            if spec.type == "enum" and spec.values and value not in (None, ""):
                only_offered(value, list(spec.values), "fr", f"letter_answers[{spec.id!r}]")


def _plain(value):
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    return value


def make_paperwork(
    jurisdiction: str,
    answers: dict,
    people: dict,
    evaluation,
    procedure_id: str,
    letters: list[str],
    letter_answers,
    person_lang: str,
) -> list:
    """Every document of the procedure, as DAFiles, in a stable order: packet first."""
    case = CaseFile.from_dict(
        {
            "format_version": 1,
            "jurisdiction": jurisdiction,
            "language": person_lang,
            "persons": list(people.values()),
            "facts": dict(answers),
        }
    )
    shared = {k: _plain(v) for k, v in dict(letter_answers).items() if v not in (None, "")}
    fields_file = None
    with tempfile.TemporaryDirectory(prefix="parcours-paperwork-") as tmp:
        if shared and letters:
            import yaml

            fields_file = Path(tmp) / "fields.yaml"
            fields_file.write_text(yaml.safe_dump({letter: shared for letter in letters}, allow_unicode=True))
        written = write_documents(
            case, evaluation, procedure_id, person_lang, Path(tmp) / "out", fields_file, letters=letters
        )
        written.sort(key=lambda p: (p.name != "packet.pdf", not p.name.startswith("checklist"), p.name))
        files = []
        for path in written:
            f = DAFile()
            f.set_random_instance_name()
            f.initialize(filename=path.name)
            f.copy_into(str(path))
            f.commit()
            files.append(f)
    return files
