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
from parcours.documents import letter_fields, letter_ids, load_letter
from parcours.documents.commands import write_documents
from parcours.documents.i18n import letter_title

# A packet with every letter takes about 20 s in the Celery worker; a task with no result after
# this long is lost (the worker died, hangs, or never took it): the failure screen offers a retry.
ASSEMBLY_LIMIT_SECONDS = 90


def assembly_deadline() -> float:
    return time.time() + ASSEMBLY_LIMIT_SECONDS


def assembly_lost(deadline: float) -> bool:
    return time.time() > deadline


# Dates and numbers are typed as text (dd/mm/yyyy whatever the browser's locale; Eastern Arabic
# digits accepted) and checked by only_offered_letter_answers(), which names the field to fix.
FIELD_TYPES = {"area": "area", "list": "area", "bool": "yesno"}
HINTS = {"date": "hint.date", "integer": "hint.integer"}
# A one-line answer longer than this is not a name, a number or a town: said on the screen.
MAX_LINE_CHARS = 500
EMPTY = (None, "", "None")  # docassemble posts the text 'None' for a radio left unanswered


def paperwork_case(jurisdiction: str, answers: dict, people: dict, person_lang: str = "fr") -> CaseFile:
    """The case the guide holds, as the documents read it."""
    return CaseFile.from_dict(
        {
            "format_version": 1,
            "jurisdiction": jurisdiction,
            "language": person_lang,
            "persons": list(dict(people or {}).values()),
            "facts": dict(answers or {}),
        }
    )


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
    return [{"value": letter, "label": letter_title(letter, lang)} for letter in _letters(evaluation, procedure_id)]


def _shown(spec, value) -> str | None:
    """A value of the case as the form shows it (dates dd/mm/yyyy, a country by its name)."""
    from parcours.documents.context import country_name

    if value in EMPTY:
        return None
    if spec.type == "date" and hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    if spec.id == "sender_nationality":
        return country_name(value, "fr")
    if isinstance(value, (list, tuple)):
        return "\n".join(map(str, value))
    return str(value)


def _asked(letters: list[str], case=None, evaluation=None):
    """(letter field, value shown) for each distinct field the chosen letters still need."""
    from parcours.documents import form_fields

    seen = set()
    for letter in letters:
        for spec, value in form_fields(letter, case, evaluation):
            if spec.id not in seen:
                seen.add(spec.id)
                yield spec, value


def letter_field_list(letters: list[str], lang: str, case=None, evaluation=None) -> list[dict]:
    """One docassemble field per distinct field of the chosen letters that the case does not hold.

    Nothing is mandatory on the screen: what a letter needs and stays empty prints
    "[à compléter : ...]" in the letter, to be completed by hand (the screen says so)."""
    fields = []
    for spec, value in _asked(letters, case, evaluation):
        field = {
            "label": spec.label.get(lang) or spec.label.get("en") or spec.id,
            "field": f"letter_answers[{spec.id!r}]",
            "required": False,
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
            if spec.type in HINTS:
                field["hint"] = i18n.ui(HINTS[spec.type], lang)
        if spec.required:
            field["label"] += " *"
        shown = _shown(spec, value)
        if shown is not None:
            field["default"] = shown
        fields.append(field)
    return fields


def only_offered_letter_answers(letters: list[str], letter_answers, lang: str = "fr") -> None:
    """Refuse, on the screen and naming the field, what the letter form never offers: a choice not in
    its list, a date that is not one, a number that is not one, a line of thousands of characters.
    Everything typed stays on the screen to be corrected."""
    from docassemble.base.util import validation_error

    from parcours.numerals import parse_date, parse_integer

    answers = dict(letter_answers)
    for spec in {s.id: s for letter in letters for s in letter_fields(letter)}.values():
        value = answers.get(spec.id)
        if value in EMPTY:
            continue
        label = spec.label.get(lang) or spec.label.get("en") or spec.id
        name = f"letter_answers[{spec.id!r}]"
        problem = None
        if spec.type == "enum" and spec.values:
            problem = None if value in spec.values else i18n.ui("check.not_offered", lang)
        elif spec.type == "date":
            try:
                parse_date(value.strftime("%Y-%m-%d") if hasattr(value, "strftime") else str(value))
            except ValueError:
                problem = i18n.ui("check.date", lang)
        elif spec.type == "integer":
            try:
                parse_integer(str(value))
            except ValueError:
                problem = i18n.ui("check.integer", lang)
        elif spec.type == "text" and len(str(value)) > MAX_LINE_CHARS:
            problem = i18n.ui("check.too_long", lang, max=MAX_LINE_CHARS)
        if problem:
            validation_error(f"{label} : {problem}", field=name)


def signature_choices(lang: str = "fr") -> list[dict]:
    """How the person signs the packet's letters (parcours.documents.signature), in words."""
    from parcours.documents.signature import MODES

    return [{"value": mode, "label": i18n.ui(f"paperwork.signature.{mode}", lang)} for mode in MODES]


def signature_ok(drawing, lang: str = "fr") -> bool:
    """Refuse, on the signature screen, a post that is not a usable drawing (tampered, not an image,
    too large): the person signs again. Nothing about the drawing is logged."""
    from docassemble.base.util import validation_error

    from parcours.documents import DocumentError
    from parcours.documents.signature import checked_image

    try:
        checked_image(_drawing_bytes(drawing))
    except DocumentError:
        validation_error(i18n.ui("paperwork.signature.refused", lang))
    return True


def _drawing_bytes(drawing) -> bytes | None:
    """The bytes docassemble saved for a signature field (None when nothing was drawn)."""
    try:
        path = drawing.path() if drawing is not None and drawing.ok else None
    except Exception:  # noqa: BLE001 - a DAFile without content: nothing was drawn
        path = None
    return Path(path).read_bytes() if path and Path(path).is_file() else None


def portal_of(procedure_id: str):
    """The online portal a procedure is filed on, when it takes one file per piece: its entry, else None."""
    from parcours.documents.portal import portal_for

    found = portal_for(procedure_id)
    return found[1] if found and found[1].get("kind") == "pieces" else None


def scan_field_list(evaluation, procedure_id: str, lang: str = "fr") -> list[dict]:
    """One optional file field per document the portal receives (the main recipient's: a medical
    certificate that goes elsewhere is never asked here)."""
    proc = evaluation.procedure(procedure_id)
    if proc is None or portal_of(procedure_id) is None:
        return []
    portal = portal_of(procedure_id)
    documents = list({d.id: d for d in proc.documents}.values())
    main = next((d.recipient for d in documents if not d.confidential), None)
    fields = []
    for d in documents:
        if d.recipient != main or d.confidential:
            continue
        label = i18n.rule_text(d.label, lang) or i18n.ui("answer.unlabelled", lang)
        # Over the server's limit the browser refuses the file before sending it: say so naming
        # the piece and the portal's own limit (docassemble's message is English and names neither).
        too_large = i18n.ui(
            "paperwork.portal.upload_too_large", lang, piece=label, portal=portal["name"], limit=portal["max_file_mb"]
        )
        fields.append(
            {
                "label": label,
                "field": f"portal_scans[{d.id!r}]",
                "datatype": "file",
                "required": False,
                "validation messages": {"maxuploadsize": too_large},
            }
        )
    return fields


def _scans(portal_scans) -> dict:
    """document id -> the bytes of the file the person gave (the first one of a field)."""
    out = {}
    for doc_id, value in dict(portal_scans or {}).items():
        try:
            path = value.path() if value is not None else None  # a DAFileList: its first file
        except Exception:  # noqa: BLE001 - a field left empty: nothing was given
            path = None
        if path and Path(path).is_file():  # a scan removed with the case's uploads: to scan again
            out[doc_id] = Path(path).read_bytes()
    return out


def portal_problems(files, lang: str = "fr") -> list[str]:
    """What the portal would refuse in the pack just made, each naming the piece and the limit."""
    from parcours.documents.portal import problems_in_zip

    out = []
    for f in files or ():
        name = f.filename
        if name.startswith("portal.") and name.endswith(".zip"):
            out.extend(problems_in_zip(Path(f.path()).read_bytes(), name.split(".")[1], lang))
    return out


def _plain(value):
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    return value


def paperwork_file_label(filename: str, lang: str) -> str:
    """What a made file is, in words: a download link never shows a file name built from ids."""
    name = filename.rsplit("/", 1)[-1]
    if name == "packet.pdf":
        return i18n.ui("paperwork.file.packet", lang)
    if name.startswith("packet.") and name.count(".") == 2:  # packet.<recipient>.pdf
        from parcours.recipients import label

        return i18n.ui("paperwork.file.packet_for", lang, recipient=label(name.split(".")[1], lang))
    if name.startswith("portal.") or name.startswith("datasheet."):  # portal.<id>.zip, datasheet.<id>.pdf
        from parcours.documents.portal import portals

        portal = portals().get(name.split(".")[1], {}).get("name", "")
        return i18n.ui(
            "paperwork.file.portal" if name.startswith("portal.") else "paperwork.file.datasheet", lang, portal=portal
        )
    if name.startswith("checklist."):
        return i18n.ui("paperwork.file.checklist", lang)
    if name.startswith("timeline."):
        return i18n.ui("paperwork.file.timeline", lang)
    stem, _, kind = name.partition(".")
    if stem in letter_ids():
        title = letter_title(stem, lang)
        key = "summary" if kind.startswith("summary.") else "letter_docx" if kind == "docx" else "letter_pdf"
        return i18n.ui(f"paperwork.file.{key}", lang, title=title)
    return i18n.ui("paperwork.file.other", lang)


def paperwork_inputs(
    jurisdiction: str,
    answers: dict,
    people: dict,
    evaluation,
    procedure_id: str,
    letters: list[str],
    letter_answers,
    person_lang: str,
    signature_mode: str = "paper",
    drawing=None,
    portal_scans=None,
) -> dict:
    """Everything the documents are made from, as plain values: the worker that makes them never
    opens the session (no session lock, no second run of the interview, no session secret sent)."""
    from parcours.numerals import parse_date

    kinds = {s.id: s.type for letter in letters for s in letter_fields(letter)}
    shared = {}
    for key, value in dict(letter_answers or {}).items():
        if value in EMPTY or key not in kinds:
            continue  # an unanswered optional choice is simply not in the letter
        if kinds[key] == "date":
            value = parse_date(_plain(value) if hasattr(value, "strftime") else str(value)).isoformat()
        shared[key] = _plain(value)
    signature = {"mode": signature_mode or "paper"}
    if signature["mode"] == "drawn":
        # The drawing goes with the case's other uploads (retention: PARCOURS_DOCUMENTS_KEEP_HOURS);
        # once removed, the letters made again keep the blank line to sign by hand.
        signature["image"] = _drawing_bytes(drawing)
        if not signature["image"]:
            signature = {"mode": "paper"}
    return {
        "jurisdiction": jurisdiction,
        "answers": _plain_tree(answers),
        "people": _plain_tree(people),
        "evaluation": evaluation,
        "procedure_id": procedure_id,
        "letters": list(letters),
        "fields": shared,
        "person_lang": person_lang,
        "signature": signature,
        "scans": _scans(portal_scans),
    }


def _plain_tree(value):
    """docassemble's DADict/DAList (and their pickled session references) as dicts and lists."""
    if hasattr(value, "items"):
        return {k: _plain_tree(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)) or type(value).__name__ == "DAList":
        return [_plain_tree(v) for v in value]
    return value


def build_paperwork(inputs: dict) -> list[tuple[str, bytes]]:
    """Every document of the procedure as (file name, content), in a stable order: packet first."""
    case = paperwork_case(inputs["jurisdiction"], inputs["answers"], inputs["people"], inputs["person_lang"])
    letters, shared = inputs["letters"], inputs["fields"]
    with tempfile.TemporaryDirectory(prefix="parcours-paperwork-") as tmp:
        fields_file = None
        if shared and letters:
            import yaml

            fields_file = Path(tmp) / "fields.yaml"
            # Each letter gets the answers to its own fields (a field of another letter is unknown to it).
            own = {letter: {k: v for k, v in shared.items() if load_letter(letter).field(k)} for letter in letters}
            fields_file.write_text(yaml.safe_dump(own, allow_unicode=True))
        written = write_documents(
            case,
            inputs["evaluation"],
            inputs["procedure_id"],
            inputs["person_lang"],
            Path(tmp) / "out",
            fields_file,
            letters=letters,
            signature=inputs["signature"],
            scans=inputs["scans"],
        )
        written.sort(
            key=lambda p: (
                p.name != "packet.pdf",
                not p.name.startswith("packet."),
                not p.name.startswith("checklist"),
                p.name,
            )
        )
        return [(path.name, path.read_bytes()) for path in written]


def as_files(made: list[tuple[str, bytes]]) -> list:
    """The made documents in the session's file store, as DAFiles (their links are the person's)."""
    files = []
    for name, content in made:
        f = DAFile()
        f.set_random_instance_name()
        f.initialize(filename=name)
        f.write(content, binary=True)
        f.commit()
        files.append(f)
    return files


def start_paperwork(*args, **kwargs) -> str:
    """Send the documents' work to the Celery worker (paperwork_task); the id to check it by."""
    from docassemble.parcours import paperwork_task

    return paperwork_task.start(paperwork_inputs(*args, **kwargs))


def paperwork_made(task_id: str, first: bool = False) -> bool:
    """Are the documents made? The request that started the work waits for them a little, so a
    person usually goes straight to the links; a later check only looks."""
    from docassemble.parcours import paperwork_task

    if first:
        return paperwork_task.wait(task_id, paperwork_task.first_wait_seconds())
    return paperwork_task.ready(task_id)


def collect_paperwork(task_id: str):
    """The made documents as the session's DAFiles, or None when the worker could not make them."""
    from docassemble.parcours import paperwork_task

    outcome = paperwork_task.take(task_id)
    if not outcome or not outcome.get("ok"):
        return None
    return as_files(outcome["files"])


def paperwork_ready_url(task_id: str) -> str:
    from docassemble.parcours.paperwork_task import ROUTE

    return ROUTE + task_id
