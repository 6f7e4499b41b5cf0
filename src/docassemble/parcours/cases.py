"""Glue for volunteer mode: the signed-in volunteer's cases, most urgent first, and the export
and import of a case as a case file (docs/case-file.md), e.g. after a kiosk hand-over."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from parcours import CaseFile, i18n, load_rules
from parcours.documents.wording import local_date

from . import caseimport

if TYPE_CHECKING:
    from docassemble.base.util import DAFile

GUIDE = "docassemble.parcours:data/questions/guide.yml"


def _text(text, lang: str) -> str:
    """A rule text (label, title) in *lang*, never an internal id."""
    return (i18n.rule_text(text, lang) or "") if text else ""


def _next_deadline(evaluation, today: dt.date, lang: str = "fr"):
    """(days left, label, procedure title, due) of the nearest deadline still running, or None."""
    best = None
    for proc in getattr(evaluation, "procedures", []) or []:
        for d in proc.deadlines:
            if not d.running:  # no date yet, stopped, or already done
                continue
            due = d.due.date() if isinstance(d.due, dt.datetime) else d.due
            left = (due - today).days
            if left >= 0 and (best is None or left < best[0]):
                best = (left, _text(d.label, lang), _text(proc.title, lang), due)
    return best


def _stopped(evaluation, lang: str = "fr") -> str:
    """A delay that is suspended (e.g. while legal aid is decided): not urgent, but not to forget."""
    for proc in getattr(evaluation, "procedures", []) or []:
        for d in proc.deadlines:
            pause = d.stopped
            if pause:
                return i18n.ui(
                    "cases.suspended",
                    lang,
                    deadline=_text(d.label, lang),
                    procedure=_text(proc.title, lang),
                    date=local_date(pause.since, lang),
                    days=pause.days_left_then,
                    count=pause.days_left_then,
                )
    return ""


def volunteer_lang(url_lang=None) -> str:
    """The language of "Mes dossiers": ?lang= when given, else the volunteer's profile language, else French."""
    from docassemble.base.util import user_info

    for candidate in (url_lang, getattr(user_info(), "language", None)):
        code = i18n.known_lang(str(candidate or "").strip(), "")
        if code:
            return code
    return "fr"


def _worth_listing(d: dict) -> bool:
    """A guide opened and left at its first screen is not a case: list only what holds an answer
    (a fact, a person, a chosen procedure) or a name or note the volunteer wrote."""
    from .guide import selected

    return bool(
        d.get("answers")
        or d.get("people")
        or selected(d.get("chosen_procedures"))
        or d.get("case_label")
        or d.get("volunteer_note")
    )


def _untitled(d: dict, started, lang: str) -> str:
    """A case without a name, as a person recognises it: its procedure and the day it was started
    (never a session id)."""
    from .guide import selected

    titles = {}
    jurisdiction = d.get("jurisdiction")
    if jurisdiction in ("fr", "be"):
        titles = {p.id: p.title for p in load_rules().procedures_for(jurisdiction)}
    chosen = [_text(titles.get(p), lang) for p in selected(d.get("chosen_procedures")) if titles.get(p)]
    day = local_date(started, lang) if started else ""
    if chosen:
        return i18n.ui("cases.untitled", lang, procedure=chosen[0], date=day) if day else chosen[0]
    return i18n.ui("cases.untitled.noproc", lang, date=day) if day else i18n.ui("cases.untitled.nodate", lang)


def my_cases(today: dt.date | None = None, lang: str = "fr") -> list[dict]:
    """The current user's guide sessions, sorted by urgency (nearest running deadline first)."""
    # docassemble is imported where it is used: the table's HTML is tested without a server.
    from docassemble.base.util import interview_list

    today = today or dt.date.today()
    rows, next_id = [], None
    while True:
        items, next_id = interview_list(filename=GUIDE, next_id=next_id)
        for item in items:
            d = item.get("dict") or {}
            if not _worth_listing(d):
                continue
            nearest = _next_deadline(d.get("evaluation"), today, lang)
            jurisdiction = d.get("jurisdiction")
            rows.append(
                {
                    "session": item["session"],
                    "label": d.get("case_label") or _untitled(d, item.get("utc_starttime"), lang),
                    "jurisdiction": i18n.ui(f"jurisdiction.{jurisdiction}", lang)
                    if jurisdiction in ("fr", "be")
                    else "",
                    "updated": item.get("modtime"),
                    "days_left": nearest[0] if nearest else None,
                    "deadline": i18n.ui(
                        "cases.deadline",
                        lang,
                        deadline=nearest[1],
                        procedure=nearest[2],
                        date=local_date(nearest[3], lang),
                    )
                    if nearest
                    else _stopped(d.get("evaluation"), lang),
                    "note": d.get("volunteer_note") or "",
                }
            )
        if not next_id:
            break
    rows.sort(key=lambda r: (r["days_left"] is None, r["days_left"] if r["days_left"] is not None else 0))
    return rows


def _own_session(session_id: str) -> dict:
    """The signed-in volunteer's own guide session (interview_list only lists the current user's
    sessions): anyone else's session id is refused, whatever the link says."""
    from docassemble.base.util import interview_list

    items, _ = interview_list(filename=GUIDE, session=session_id)
    if not items or items[0].get("session") != session_id:
        raise PermissionError("not one of your cases")
    return items[0]


def case_file_of(session_id: str) -> CaseFile:
    return _case_file(_own_session(session_id)["dict"], session_id)


def _case_file(d: dict, session_id: str) -> CaseFile:
    # The case's name only: a session id means nothing to a person and would come back as a row's name.
    doc = {
        "format_version": 1,
        "jurisdiction": d["jurisdiction"],
        "persons": list((d.get("people") or {}).values()),
        "facts": dict(d.get("answers") or {}),
    }
    if d.get("case_label"):
        doc["case_id"] = str(d["case_label"])
    if d.get("volunteer_note"):
        doc["notes"] = str(d["volunteer_note"])
    return CaseFile.from_dict(doc)


def export_case(session_id: str) -> DAFile:
    from docassemble.base.functions import secure_filename_unicode_ok
    from docassemble.base.util import DAFile

    from .retention import remember_copy

    case = case_file_of(session_id)
    f = DAFile()
    f.set_random_instance_name()
    # The file store's database row keeps its file name in clear: a neutral one there; the person
    # still downloads "dossier-<case name>.json", a name only the (encrypted) answers and the link hold.
    f.initialize(filename="dossier.json")
    f.write(case.to_json())
    f.commit()
    # As docassemble cleans a name it is given ("/" would break the link's route).
    f.filename = (secure_filename_unicode_ok(f"dossier-{case.case_id}.json") if case.case_id else "") or "dossier.json"
    remember_copy(session_id, GUIDE, file_number=f.number)  # erasing the case removes this copy
    return f


def pass_on(session_id: str) -> str:
    """A single-use hand-over code (72 h) that gives a colleague a copy of this case: answers are
    encrypted per user, so a case is shared by handing it over, never by opening another's session."""
    from .guide import selected
    from .kiosk import create_handover, handover_key
    from .retention import remember_copy

    d = _own_session(session_id)["dict"]  # read (and decrypted) once
    code = create_handover(_case_file(d, session_id).to_dict(), selected(d.get("chosen_procedures")))
    remember_copy(session_id, GUIDE, handover=handover_key(code))  # erasing the case revokes it
    return code


def erase_case(session_id: str) -> int:
    """Erase one case on the person's request: answers, generated documents, uploads, exported
    case files and the hand-over codes made for it."""
    from .retention import erase_session

    _own_session(session_id)
    return erase_session(session_id, GUIDE)


def read_case_upload(upload, lang: str = "fr") -> tuple[CaseFile | None, str | None]:
    """The uploaded case file, or the message naming what to fix. docassemble stores an upload
    before the screen's validation runs: the file is removed here whatever the outcome (a refused
    file must not stay; an accepted one lives on as the new case's encrypted answers)."""
    try:
        return caseimport.read_case_upload(upload, lang)  # bounded, checked against the rules, translated
    finally:
        _drop_upload(upload)


def _drop_upload(upload) -> None:
    from .retention import remove_file

    for f in getattr(upload, "elements", None) or [upload]:
        number = getattr(f, "number", None)
        if number is not None:
            remove_file(int(number))


def start_case_from(case: CaseFile, procedures=(), case_digest: str | None = None, skipped=None) -> str:
    """A new guide session holding the imported facts and persons; returns its session id. With
    *procedures* (a case taken over from a colleague, teamcases.take_over) the chosen procedures
    come along and the guide does not ask the situation again; *case_digest* tells the guide the
    association's copy is already up to date; *skipped*, the questions answered "I don't know"."""
    from docassemble.base.util import create_session, set_session_variables

    session_id = create_session(GUIDE)
    data = case.to_dict()
    variables = {
        "jurisdiction": data["jurisdiction"],
        "answers": dict(data.get("facts") or {}),
        "people": {p["id"]: p for p in data.get("persons") or []},
        "case_label": data.get("case_id") or "",
        "volunteer_note": case.notes,  # the team's note travels with the case
        "place": "",
        "skipped": list(skipped or []),
    }
    if procedures:
        variables.update(chosen_procedures={p: True for p in procedures}, taken_over=True)
    if case_digest:
        variables["case_digest"] = case_digest
    set_session_variables(GUIDE, session_id, variables, overwrite=True)
    return session_id


def cases_table(rows: list[dict], resume_url, export_url, pass_url=None, erase_url=None, lang: str = "fr") -> str:
    """The cases as an accessible HTML table (header cells with scope; short deadlines in bold),
    its caption, headers and links in *lang*."""
    from html import escape

    def t(msgid: str) -> str:
        return escape(i18n.ui(msgid, lang))

    cols = ("case", "country", "deadline", "days_left", "note", "actions")
    head = (
        f'<table class="table table-sm"><caption>{t("cases.table.caption")}</caption><thead><tr>'
        + "".join(f'<th scope="col">{t(f"cases.col.{c}")}</th>' for c in cols)
        + "</tr></thead><tbody>"
    )
    body = []
    for r in rows:
        left = "—" if r["days_left"] is None else str(r["days_left"])
        if r["days_left"] is not None and r["days_left"] <= 7:
            left = f"<strong>{left}</strong>"
        body.append(
            f"<tr><th scope=\"row\">{escape(str(r['label']))}</th><td>{escape(r['jurisdiction']) or '—'}</td>"
            f"<td>{escape(r['deadline']) or '—'}</td><td>{left}</td><td>{escape(str(r['note'] or ''))}</td>"
            f"<td><a href=\"{escape(resume_url(r['session']))}\">{t('cases.resume')}</a> · "
            f"<a href=\"{escape(export_url(r['session']))}\">{t('cases.export')}</a>"
            + (f" · <a href=\"{escape(pass_url(r['session']))}\">{t('cases.pass')}</a>" if pass_url else "")
            + (f" · <a href=\"{escape(erase_url(r['session']))}\">{t('cases.erase')}</a>" if erase_url else "")
            + "</td></tr>"
        )
    return head + "".join(body) + "</tbody></table>"
