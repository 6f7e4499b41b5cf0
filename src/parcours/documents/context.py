"""The values a letter template sees: case facts, interview fields and the engine's results.

Template variables (see templates/letters/README.md):

``sender.name``, ``sender.lines`` (identity block, one line each), ``recipient_lines``,
``place``, ``date`` (today, in words), ``f.<field>`` (every declared field, dates in words,
an unanswered required field as a visible "[à compléter : ...]"), ``facts.<fact>``,
``deadline`` (``label``, ``due``, ``rule``: the engine's computed deadline, never typed),
``persons`` (``name``, ``birth_date``, ``role``, ``nationality``), ``annexes`` (``number``,
``label``: the bordereau), ``dispatch`` (the sending mode), ``procedure`` (its title).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field

from ..suggest import did_you_mean
from . import i18n
from .catalogue import LetterSpec, letter_procedures
from .errors import DocumentError
from .wording import as_date, date_words, isolate

# Letter wording (placeholder, dispatch, sender lines, numbers, roles) is in the documents catalogue,
# translations/documents/<lang>.po, ids admin.*: letters are written in the administration's language
# (French or Dutch), so these ids are only in the French, Dutch and English catalogues.


def _w(key: str, lang: str, **values) -> str:
    return i18n.message(f"admin.{key}", lang, **values)


def has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in str(text))


def bidi_safe(text) -> str:
    """A value for a left-to-right letter: right-to-left text (a name in Arabic script) is isolated."""
    text = "" if text is None else str(text)
    return isolate(text) if has_rtl(text) else text


def person_name(person) -> str:
    return " ".join(p for p in (person.given_name, (person.family_name or "").upper() or None) if p)


def main_person(case):
    for role in ("beneficiary", "sponsor"):
        for person in case.persons:
            if person.role == role:
                return person
    return case.persons[0] if case.persons else None


@dataclass
class LetterContext:
    values: dict
    missing: list = field(default_factory=list)  # FieldSpec of required fields left empty


def country_name(code, lang: str) -> str:
    """'ER' -> 'Érythrée' (fr) / 'Eritrea' (nl); anything else is returned as written."""
    text = "" if code is None else str(code)
    if len(text) == 2 and text.isalpha() and text.isupper():
        try:
            from babel import Locale

            return Locale.parse(lang).territories.get(text, text)
        except Exception:  # noqa: BLE001 - unknown locale: keep the code
            return text
    return text


def field_label(spec_field, lang: str) -> str:
    return spec_field.label.get(lang) or spec_field.label.get("fr") or spec_field.id


def placeholder(spec_field, lang: str) -> str:
    """'[à compléter : Lieu de naissance]' (fr) / '[in te vullen: Geboorteplaats]' (nl)."""
    return _w("placeholder", lang, label=field_label(spec_field, lang))


def _format(spec_field, value, lang):
    if spec_field.id == "sender_nationality":
        return bidi_safe(country_name(value, lang))
    if spec_field.type == "date":
        return date_words(value, lang)
    if spec_field.type == "bool":
        return bool(value)
    if spec_field.type == "list":
        return [bidi_safe(v) for v in (value or ())]
    return bidi_safe(value)


def _deadline(spec: LetterSpec, evaluation, lang, target: bool = False):
    """The most urgent of the letter's deadlines that the engine computed (procedures of the letter first).

    A deadline already passed on the evaluation date is left out (the letters say "presented within
    the time limit"), unless the act was done in time (``met_on``). *target*: the date the person's
    summary tells her to send by: never passed, and only from a deadline whose branch is known to
    apply to her (condition met).
    """
    if evaluation is None:
        return None
    procs = _linked(spec, evaluation) or list(evaluation.procedures)
    today = as_date(evaluation.as_of)
    found = [
        d
        for p in procs
        for d in p.deadlines
        if d.id in spec.deadlines
        and d.due is not None
        and (as_date(d.due) >= today or (d.met_on is not None and not target))
        and (d.condition == "met" or not target)
    ]
    if found:
        best = min(found, key=lambda d: (d.condition != "met", as_date(d.due), d.id))
        from .. import i18n as texts

        return {
            "id": best.id,
            "label": texts.rule_text(best.label, lang) if best.label else "",  # in the letter's language
            "due": date_words(best.due, lang),
            "due_iso": best.due.isoformat(),
            "rule": best.rule,
            "days_left": best.days_left,
            "status": best.status,
            "condition": best.condition,
        }
    if spec.computed_deadline:
        for p in procs:
            value = p.computed.get(spec.computed_deadline)
            if isinstance(value, (dt.date, dt.datetime)) and as_date(value) >= today:
                return {
                    "id": spec.computed_deadline,
                    "label": _computed_label(p, spec.computed_deadline, lang),
                    "due": date_words(value, lang),
                    "due_iso": value.isoformat(),
                    "rule": "",
                    "days_left": None,
                    "status": "computed",
                    "condition": "met",
                }
    return None


def _computed_label(proc, name: str, lang: str) -> str:
    """The label of a procedure's computed value in *lang* (never its id)."""
    from .. import i18n as texts
    from ..loader import load_rules

    procedure = load_rules().procedures.get(proc.id)
    for version in reversed(procedure.versions if procedure else ()):
        item = version.computed.get(name)
        if item is not None and item.label:
            return texts.rule_text(item.label, lang) or ""
    return ""


def _suspension(spec: LetterSpec, evaluation):
    """The letter's deadline that is stopped (no due date until an event), for the person's summary."""
    if evaluation is None:
        return None
    for proc in evaluation.procedures:
        for d in proc.deadlines:
            pause = d.stopped
            if d.id in spec.deadlines and pause:
                return {
                    "id": d.id,
                    "since_iso": pause.since.isoformat(),
                    "days_left": pause.days_left_then,
                    "status": pause.status,
                }
    return None


def _procedure(spec, evaluation):
    """The procedure the letter is written for, among the evaluated ones whose rules name it: first
    one that computes the letter's deadlines, then one whose evaluated letters hold it, then the one
    naming the fewest letters (the most specific: a 9bis request before the rule giving the
    language of every Belgian letter)."""
    if evaluation is None:
        return None
    linked = _linked(spec, evaluation)
    if not linked:
        return None
    from ..loader import load_rules

    procedures = load_rules().procedures

    def rank(p):
        rule = procedures.get(p.id)
        named = {x for v in rule.versions for x in v.letters} if rule else set()
        return (not any(d.id in spec.deadlines for d in p.deadlines), spec.id not in p.letters, len(named))

    return min(linked, key=rank)


def _linked(spec: LetterSpec, evaluation) -> list:
    """The evaluated procedures the letter belongs to (catalogue.letter_procedures: the rules' side)."""
    linked = set(letter_procedures(spec.id))
    return [p for p in evaluation.procedures if spec.id in p.letters or p.id in linked]


def _text(value, lang):
    if isinstance(value, dict):
        return value.get(lang) or value.get("fr") or next(iter(value.values()), "")
    return "" if value is None else str(value)


def annexes(spec: LetterSpec, evaluation, fields: dict, lang: str) -> list[dict]:
    """The numbered bordereau: the letter's standard exhibits, the procedure's documents, then the user's own.

    Each piece appears once: a standard exhibit that names a procedure document (``document: passport``)
    stands for it, and a document is listed by its identity, whatever its wording. Labels are in the
    letter's language (a Dutch letter lists its annexes in Dutch).
    """
    from .. import i18n as texts

    labels, seen = [], set()

    def add(label, identity=None):
        label = " ".join(str(label or "").split())
        key = identity or label.casefold()
        if label and key not in seen and label.casefold() not in seen:
            seen.update({key, label.casefold()})
            labels.append(label)

    for annex in spec.annexes:
        add(_text({k: v for k, v in annex.items() if k != "document"}, lang), annex.get("document"))
    proc = _procedure(spec, evaluation)
    if spec.annex_documents and proc is not None:
        for doc in proc.documents:
            if doc.confidential and doc.recipient != spec.recipient_kind:
                continue  # a medical certificate goes to its own recipient, never with this letter
            add(texts.rule_text(doc.label, lang) or doc.id, doc.id)
    for annex in fields.get("annexes") or ():
        add(annex)
    return [{"number": i, "label": bidi_safe(label)} for i, label in enumerate(labels, 1)]


def _fact_value(case, fact_id):
    """A fact of the case; a fact asked per person (joining_relationship...) gives every person's value."""
    value = case.facts.get(fact_id)
    if value not in (None, ""):
        return value
    values = [p.facts[fact_id] for p in case.persons if p.facts.get(fact_id) not in (None, "")]
    return values or None


def _person_value(case, source: str):
    role, attribute = source.split(".")
    # "main": the person who signs (beneficiary, else sponsor), never a child listed first.
    roles = ("beneficiary", "sponsor") if role == "main" else (role,)
    person = next((p for r in roles for p in case.persons if p.role == r), None)
    if person is None:
        return None
    return person_name(person) or None if attribute == "name" else getattr(person, attribute, None)


def _computed_value(spec: LetterSpec, case, evaluation, name: str, lang: str):
    if name == "person_language":
        code = (case.extra.get("language") if case is not None else None) or None
        if not code:
            return None
        try:
            from babel import Locale

            return Locale.parse(lang).languages.get(code) or None
        except Exception:  # noqa: BLE001 - unknown locale: the field is asked
            return None
    if evaluation is None:
        return None
    procs = _linked(spec, evaluation)
    deadline_id, _, part = name.rpartition(".")
    if part in ("start", "due"):
        for proc in procs:
            for d in proc.deadlines:
                if d.id == deadline_id and getattr(d, part) is not None:
                    return getattr(d, part)
        return None
    return next((p.computed[name] for p in procs if p.computed.get(name) not in (None, "")), None)


def _fits(spec_field, value, lang):
    """The case's value as the field holds it, or None when the field cannot take it (then it is asked)."""
    values = value if isinstance(value, list) else [value]
    if spec_field.wording:  # an enum fact worded in the letter's language
        words = []
        for v in values:
            names = spec_field.wording.get(str(v).lower() if isinstance(v, bool) else str(v)) or {}
            word = names.get(lang) or names.get("fr")
            if not word:
                return None
            if word not in words:
                words.append(word)
        return ", ".join(words)
    value = values[0]
    if spec_field.type == "enum":
        return value if value in spec_field.values else None
    if spec_field.type == "date":
        try:
            return as_date(value)
        except (TypeError, ValueError):
            return None
    if isinstance(value, (dt.date, dt.datetime)) or spec_field.type in ("bool", "integer", "list"):
        return value
    return str(value)


def case_values(spec: LetterSpec, case, evaluation, lang: str) -> dict:
    """The fields the case already holds, from their declared source (fact, person, computed value).

    Fields without a source are absent. The recipient's address comes from the letter's default.
    """
    out = {}
    if case is not None:
        for spec_field in spec.fields:
            value = _person_value(case, spec_field.person) if spec_field.person else None
            for fact_id in spec_field.facts if value is None else ():
                value = _fact_value(case, fact_id)
                if value is not None:
                    break
            if value is None and spec_field.computed:
                value = _computed_value(spec, case, evaluation, spec_field.computed, lang)
            if value not in (None, "", []):
                value = _fits(spec_field, value, lang)
                if value not in (None, "", []):
                    out[spec_field.id] = value
    if spec.recipient_default:
        out["recipient_address"] = _text(spec.recipient_default, lang)
    return out


def fixed_by_case(spec_field) -> bool:
    """A field the case fills and the form never asks (a date the engine counted a deadline from)."""
    return spec_field.from_case and not spec_field.editable


def _blank(value) -> bool:
    return value is None or value == "" or value == [] or (isinstance(value, str) and not value.strip())


def build_context(spec: LetterSpec, case, evaluation, fields: dict | None, lang: str) -> LetterContext:
    fields = dict(fields or {})
    known = {f.id for f in spec.fields}
    unknown = [k for k in fields if k not in known]
    if unknown:
        raise DocumentError.one(
            spec.file,
            f"{spec.id}: unknown field {unknown[0]!r}" + did_you_mean(unknown[0], known),
            "the fields of a letter are listed by letter_fields(letter_id)",
        )
    person = main_person(case) if case is not None else None
    from_case = case_values(spec, case, evaluation, lang)
    raw, f, missing = {}, {}, []
    for spec_field in spec.fields:
        value = fields.get(spec_field.id)
        if spec_field.type == "list" and isinstance(value, str):  # a text area: one enclosure a line
            value = [line.strip() for line in value.splitlines() if line.strip()]
        if spec_field.id in from_case and (fixed_by_case(spec_field) or _blank(value)):
            value = from_case[spec_field.id]  # the case's value: a typed one never contradicts it
        if _blank(value):
            value = spec_field.default
        if spec_field.type == "enum" and not _blank(value) and spec_field.values and value not in spec_field.values:
            raise DocumentError.one(
                spec.file,
                f"{spec.id}: field {spec_field.id}: {value!r} is not one of {', '.join(map(str, spec_field.values))}",
            )
        raw[spec_field.id] = value
        if _blank(value):
            if spec_field.required:
                missing.append(spec_field)
                f[spec_field.id] = placeholder(spec_field, lang)
            else:
                f[spec_field.id] = [] if spec_field.type == "list" else ("" if spec_field.type != "bool" else False)
        else:
            f[spec_field.id] = _format(spec_field, value, lang)
    lines = [f["sender_name"]]
    if raw.get("sender_birth_date"):
        # A required place of birth left empty shows its "[à compléter]" rather than vanish.
        born = "sender.born_at" if f.get("sender_birth_place") else "sender.born"
        lines.append(_w(born, lang, date=f["sender_birth_date"], place=f.get("sender_birth_place")))
    if raw.get("sender_nationality"):
        lines.append(_w("sender.nationality", lang, value=f["sender_nationality"]))
    lines += str(f["sender_address"]).splitlines()
    if raw.get("foreign_number"):
        kind = raw.get("foreign_number_kind") or "other"
        kind = _w(f"foreign_number.{kind}", lang) or _w("foreign_number.other", lang)
        lines.append(_w("foreign_number.line", lang, kind=kind, number=f["foreign_number"]))
    for key in ("phone", "email"):
        if raw.get(f"sender_{key}"):
            lines.append(_w(f"sender.{key}", lang, value=f[f"sender_{key}"]))
    facts = {}
    if case is not None:
        for key, value in case.facts.items():
            facts[key] = (
                date_words(value, lang)
                if isinstance(value, (dt.date, dt.datetime)) or _looks_like_date(value)
                else value
            )
    proc = _procedure(spec, evaluation)
    today = raw.get("letter_date") or (evaluation.as_of if evaluation is not None else dt.date.today())
    persons = [
        {
            "name": bidi_safe(person_name(p) or p.id),
            "birth_date": date_words(p.birth_date, lang),
            "role": _w(f"role.{p.role}", lang) or _w("role.other", lang),
            "nationality": country_name(p.nationality, lang),
            "id": p.id,
        }
        for p in (case.persons if case is not None else ())
    ]
    values = {
        "letter": {"id": spec.id, "title": _text(spec.title, lang)},
        "lang": lang,
        "sender": {"name": f["sender_name"], "lines": [line for line in lines if line]},
        "recipient_lines": [line for line in str(f.get("recipient_address") or "").splitlines() if line.strip()],
        "place": f.get("place") or "",
        "date": date_words(today, lang),
        "date_iso": as_date(today).isoformat(),
        "f": f,
        "facts": facts,
        "persons": persons,
        "family": [p for p in persons if p["id"] != (person.id if person else None)],
        "deadline": _deadline(spec, evaluation, lang),
        "suspension": _suspension(spec, evaluation),
        "annexes": annexes(spec, evaluation, raw, lang),
        "dispatch": _w(f"dispatch.{spec.dispatch}", lang) if spec.dispatch != "none" else "",
        "procedure": _text(proc.title.to_json(), lang) if proc is not None and proc.title else "",
    }
    return LetterContext(values, missing)


def _looks_like_date(value) -> bool:
    if not isinstance(value, str) or len(value) != 10 or value[4:5] != "-":
        return False
    try:
        as_date(value)
        return True
    except ValueError:
        return False
