"""Glue for what a person answers in the guide: reading an answer as a case-file value (digits
typed on Arabic or Persian keyboards included), checking it (format, impossible dates), the
persons of a list (children...), the review screen, the case file, and what a kiosk hand-over
may carry. Screens and the result are in :mod:`docassemble.parcours.guide`."""

from __future__ import annotations

import dataclasses
import datetime as dt

from parcours import i18n, load_rules
from parcours.facts import check_dates
from parcours.numerals import parse_date, parse_datetime, parse_decimal, parse_integer

from .guide import UNKNOWN, T, bdi, fact_info, fields, iso, offered

ROLES = (
    ("child", "child"),
    ("spouse", "spouse"),
    ("partner", "partner"),
    ("parent", "parent"),
    ("sibling", "sibling"),
    ("sponsor", "sponsor"),
)


def as_case_value(fact: dict, value):
    """A screen's answer as a case-file value; None when the person does not know. Digits typed
    on Arabic or Persian keyboards are normalised; an answer that does not parse raises ValueError
    (check() reports it before this is called)."""
    if value is None or value == "" or value == UNKNOWN:
        return None
    kind = fact["type"]
    if kind == "date":
        return parse_date(value).strftime("%Y-%m-%d")
    if kind == "datetime":
        return parse_datetime(value).strftime("%Y-%m-%dT%H:%M")
    if kind in ("money", "number"):
        return str(parse_decimal(value))
    if kind == "integer":
        return parse_integer(value)
    if kind == "bool" and isinstance(value, str) and value in ("true", "false"):
        return value == "true"
    return value


def check(
    jurisdiction: str,
    fact: dict,
    value,
    lang: str = "fr",
    answers: dict | None = None,
    people: dict | None = None,
    today: dt.date | None = None,
) -> str | None:
    """None when the answer fits the fact, else the message (in *lang*) naming what to fix: a value
    that does not parse, a negative amount, a date in the future where that is impossible, or a
    date on the wrong side of one already given (a child born before its parent)."""
    kind = fact["type"]
    if kind == "persons":  # the screen asks how many people; each is then asked in turn
        try:
            number = parse_integer(str(value))
        except ValueError:
            return T("check.count", lang)
        return None if 0 <= number <= MAX_PERSONS else T("check.count", lang)
    if (
        kind in ("bool", "enum")
        and value not in (None, "", True, False)
        and not offered(value, fields(fact, lang)[0]["choices"])
    ):
        return T("check.not_offered", lang)  # a form post can carry a value no button offered
    try:
        case_value = as_case_value(fact, value)
    except ValueError:
        return T(
            {"date": "check.date", "datetime": "check.datetime", "integer": "check.integer"}.get(kind, "check.number"),
            lang,
        )
    if case_value is None:
        return None
    catalogue = load_rules().catalogue(jurisdiction)
    try:
        typed = catalogue.get(fact["id"]).coerce(case_value)
    except (ValueError, AttributeError):
        if kind in ("money", "number", "integer"):
            return T("check.negative", lang)
        # The engine's reason is for developers ("'x' is not one of ..."): the person reads what to fix.
        return T("check.not_offered" if kind in ("bool", "enum") else "check.invalid", lang)
    if kind in ("date", "datetime"):
        return date_problem(catalogue, catalogue.get(fact["id"]), typed, answers, people, lang, today)
    return None


def check_birth(
    jurisdiction: str, fact: dict, value, lang: str = "fr", answers: dict | None = None, today: dt.date | None = None
) -> str | None:
    """A person's birth date (children...): a date, not in the future, after the birth dates the
    persons fact names in `after:` (the parents')."""
    if not value:
        return None
    try:
        day = parse_date(value.strftime("%Y-%m-%d") if hasattr(value, "strftime") else str(value))
    except ValueError:
        return T("check.date", lang)
    catalogue = load_rules().catalogue(jurisdiction)
    spec = catalogue.get(fact["id"])
    if spec is None:
        return None
    return date_problem(catalogue, dataclasses.replace(spec, past=True), day, answers, None, lang, today)


def date_problem(catalogue, spec, day, answers, people, lang, today) -> str | None:
    births: dict[str, list] = {}
    for fact_id, keys in (answers or {}).items():  # birth dates of the persons facts' persons
        if isinstance(keys, (list, tuple)):
            births[fact_id] = [
                dt.date.fromisoformat(people[k]["birth_date"])
                for k in keys
                if k in (people or {}) and people[k].get("birth_date")
            ]
    problem = check_dates(spec, day, answers or {}, catalogue, today or dt.date.today(), births)
    if problem is None:
        return None
    what, other_id, other_day = problem
    if what == "future":
        return T("check.future", lang)
    if what == "too_far":  # a planned date years ahead is a typing mistake: name the last day allowed
        return T("check.too_far", lang, date=iso(other_day.strftime("%d/%m/%Y"), lang))
    other = catalogue.get(other_id)
    label = i18n.rule_text(other.label, lang) if other and other.label else other_id
    return T(f"check.{what}", lang, other=iso(label, lang), date=iso(other_day.strftime("%d/%m/%Y"), lang))


MAX_PERSONS = 20  # a family on one case; more is a typing mistake


def person_keys(fact: dict, count) -> list[str] | None:
    """Stable person ids for a persons fact (children_1, children_2...); None when the number
    is not known, which leaves the fact unknown rather than taking it for 'nobody'."""
    try:
        number = parse_integer(str(count))
    except ValueError:
        return None
    return [f"{fact['id']}_{n}" for n in range(1, min(number, MAX_PERSONS) + 1)] if number >= 0 else None


def keep_answer(jurisdiction: str, fact: dict, value, answers: dict, people: dict) -> None:
    """Keep one answer in the case: a fact of one person of a list (relationship, union date...)
    goes to that person's record, their birth date to the record's own field."""
    person = fact.get("person")
    if not person:
        answers[fact["id"]] = value
        return
    record = people.setdefault(person, {"id": person, "role": "other"})
    own_field = load_rules().catalogue(jurisdiction).get(fact["id"]).from_field
    if own_field:
        record[own_field] = value
    else:
        record.setdefault("facts", {})[fact["id"]] = value


def about_person(fact: dict, people: dict, answers: dict, lang: str) -> str:
    """ " — Amina (2 of 3)" after a question asked of one person of a list; nothing otherwise."""
    person = fact.get("person")
    if not person:
        return ""
    record = (people or {}).get(person) or {}
    title = person_title(person, answers, [], lang)
    name = record.get("given_name")
    return " — " + (f"{bdi(name, lang)} ({title})" if name else title)


def person_fields(key: str, total: int, lang: str, people: dict | None = None) -> list[dict]:
    """One person's screen: first name and birth date, filled in with what is known of them (a
    person edited from the review screen, or one from a case passed on)."""
    record = (people or {}).get(key) or {}
    name = {"label": T("person.first_name", lang), "field": f"person_names[{key!r}]", "required": False}
    birth = {
        "label": T("person.birth_date", lang),
        "field": f"person_births[{key!r}]",
        "datatype": "text",
        "hint": T("hint.date", lang),
        "required": False,
    }
    if record.get("given_name"):
        name["default"] = record["given_name"]
    if record.get("birth_date"):
        birth["default"] = screen_value({"type": "date"}, record["birth_date"])
    return [name, birth]


def person_fact(jurisdiction: str, key: str) -> dict:
    """The persons fact a person belongs to (children_2 -> children)."""
    return fact_info(jurisdiction, key.rsplit("_", 1)[0])


def person_title(key: str, answers: dict, loop_keys, lang: str) -> str:
    """ "2 of 3": the person's place in the list already kept, or in the list being gathered."""
    keys = (
        answers.get(key.rsplit("_", 1)[0])
        or next((v for v in answers.values() if isinstance(v, list) and key in v), None)
        or list(loop_keys or [])
    )
    tail = key.rsplit("_", 1)[-1]
    n = keys.index(key) + 1 if key in keys else int(tail) if tail.isdigit() else 1
    return T("person.n_of_total", lang, n=n, total=max(len(keys), n))


# Editing one person from the review screen. Person ids never change (children_3 stays children_3
# when children_1 is removed), so a saved case and the documents keep pointing at the same person.


def refresh_people(jurisdiction: str, answers: dict, people: dict, names, births) -> None:
    """Rebuild each listed person's record from their screen answers (after an edit or an add)."""
    for fact_id, keys in answers.items():
        if not isinstance(keys, list):
            continue
        for key in keys:
            if key in names:
                keep_person(
                    people,
                    person_record(
                        fact_info(jurisdiction, fact_id), key, names[key], births[key] if key in births else None
                    ),
                )


def keep_person(people: dict, record: dict) -> None:
    """Put a person's rebuilt record (name, birth date) in the case; what was answered about them
    (relationship, union date...) stays."""
    kept = (people.get(record["id"]) or {}).get("facts")
    people[record["id"]] = dict(record, facts=kept) if kept else record


def drop_person_answers(key: str, names, births) -> None:
    """Forget one person's name and birth date so that their screen is shown again."""
    for store in (names, births):
        if key in store:
            del store[key]


def remove_person(fact_id: str, key: str, answers: dict, people: dict, names, births, fact_answers) -> None:
    keys = [k for k in answers.get(fact_id) or [] if k != key]
    answers[fact_id] = keys
    fact_answers[fact_id] = str(len(keys))
    people.pop(key, None)
    drop_person_answers(key, names, births)


def add_person(fact_id: str, answers: dict, fact_answers) -> str:
    """A new person at the end of the list; returns their id (children_4 after children_3)."""
    keys = list(answers.get(fact_id) or [])
    last = max((int(k.rsplit("_", 1)[1]) for k in keys), default=0)
    key = f"{fact_id}_{last + 1}"
    answers[fact_id] = keys + [key]
    fact_answers[fact_id] = str(len(keys) + 1)
    return key


def person_record(fact: dict, key: str, name, birth) -> dict:
    """One entry of the case file's `persons`, its role guessed from the fact id (children -> child)."""
    role = next((r for word, r in ROLES if word in fact["id"]), "other")
    record = {"id": key, "role": role}
    if name:
        record["given_name"] = str(name)
    if birth:
        try:
            record["birth_date"] = parse_date(
                birth.strftime("%Y-%m-%d") if hasattr(birth, "strftime") else str(birth)
            ).isoformat()
        except ValueError:
            pass
    return record


def review_rows(jurisdiction: str, answers: dict, skipped: list, lang: str, people: dict | None = None) -> list[dict]:
    """Every answer given so far (and every 'I don't know'), with its question, for the review
    screen; a list of persons comes with each person (name, birth date, and what was answered
    about them: relationship, union date...) to edit or remove."""
    catalogue = load_rules().catalogue(jurisdiction)
    people = people or {}
    rows = []
    for fact_id in list(answers) + [s for s in skipped if s not in answers and "@" not in s]:
        fact = catalogue.get(fact_id)
        label = i18n.rule_text(fact.label, lang) if fact and fact.label else fact_id
        value = answers.get(fact_id)
        persons = None
        if isinstance(value, list):
            persons = [_person_row(catalogue, fact_id, k, people.get(k, {}), skipped, lang) for k in value]
        rows.append(
            {
                "id": fact_id,
                "label": label,
                "value": _shown(fact, value, lang),
                "persons": persons,
                "sensitive": bool(fact and fact.sensitive),
            }
        )
    return rows


def _shown(fact, value, lang: str) -> str:
    """An answer as the review screen writes it: in words, dates as people type them."""
    if value is None:
        return T("answer.dont_know", lang)
    if isinstance(value, bool):
        return T("answer.yes" if value else "answer.no", lang)
    if isinstance(value, list):
        return str(len(value))
    if fact is not None and fact.type in ("date", "datetime"):  # as the person typed it
        return bdi(screen_value({"type": fact.type}, value), lang)
    if fact is not None and fact.type == "enum":
        return i18n.choice(fact.question, value, lang)
    return bdi(value, lang)


def _person_row(catalogue, list_fact: str, key: str, record: dict, skipped: list, lang: str) -> dict:
    answered = []
    for spec in catalogue.of_each(list_fact):
        if spec.from_field:
            continue  # the birth date is shown beside the name
        value = (record.get("facts") or {}).get(spec.id)
        if value is None and f"{spec.id}@{key}" not in skipped:
            continue
        answered.append(
            {
                "key": f"{spec.id}@{key}",
                "value": _shown(spec, value, lang),
                "label": i18n.rule_text(spec.label, lang) if spec.label else spec.id,
            }
        )
    birth = record.get("birth_date")
    return {
        "id": key,
        "name": bdi(record.get("given_name") or T("person.unnamed", lang), lang),
        "birth": bdi(screen_value({"type": "date"}, birth), lang) if birth else "",
        "facts": answered,
    }


def forget(fact_id: str, answers: dict, skipped: list, people: dict) -> None:
    """Drop one answer from the case so that the guide asks it again (and whatever depends on it).
    The screen's answer (fact_answers) is kept: the question comes back with it filled in."""
    listed = answers.pop(fact_id, None)
    while fact_id in skipped:
        skipped.remove(fact_id)
    for key in listed if isinstance(listed, list) else []:  # its persons are rebuilt from their screens
        people.pop(key, None)


def screen_value(fact: dict, value, unknown: bool = False):
    """A case-file value as its screen shows it (an imported or handed-over case has no screen
    answers yet): dates as people type them, yes/no as the radio values."""
    if unknown or value is None:
        return UNKNOWN if fact["type"] in ("bool", "enum") else ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return str(len(value))
    if fact["type"] in ("date", "datetime"):
        try:
            day = dt.datetime.fromisoformat(str(value))
        except ValueError:
            return str(value)
        return day.strftime("%d/%m/%Y %H:%M" if fact["type"] == "datetime" else "%d/%m/%Y")
    return str(value)


def reask(jurisdiction: str, fact_id, answers: dict, skipped: list, fact_answers, people: dict) -> dict | None:
    """Get one answer of the review screen ready to be asked again: returns the fact to show, with
    its screen answer filled in, after dropping it from the case (so that the guide recomputes
    everything after it). None when the case holds no such answer (a link made by hand)."""
    if isinstance(fact_id, str) and "@" in fact_id:
        return _reask_person(jurisdiction, fact_id, skipped, fact_answers, people)
    if not isinstance(fact_id, str) or (fact_id not in answers and fact_id not in skipped):
        return None
    spec = load_rules().catalogue(jurisdiction).get(fact_id)
    if spec is None:
        return None
    fact = fact_info(jurisdiction, fact_id)
    if fact_id not in fact_answers:
        fact_answers[fact_id] = screen_value(fact, answers.get(fact_id), fact_id in skipped)
    forget(fact_id, answers, skipped, people)
    return fact


def _reask_person(jurisdiction: str, key: str, skipped: list, fact_answers, people: dict) -> dict | None:
    """The same for an answer about one person of a list (key fact@person)."""
    fact_id, _, person = key.partition("@")
    spec = load_rules().catalogue(jurisdiction).get(fact_id)
    record = (people or {}).get(person)
    if spec is None or not spec.of or record is None:
        return None
    held = record.get(spec.from_field) if spec.from_field else (record.get("facts") or {}).get(fact_id)
    if held is None and key not in skipped:
        return None
    fact = fact_info(jurisdiction, fact_id, person)
    if key not in fact_answers:
        fact_answers[key] = screen_value(fact, held, key in skipped)
    if spec.from_field:
        record.pop(spec.from_field, None)
    else:
        (record.get("facts") or {}).pop(fact_id, None)
    while key in skipped:
        skipped.remove(key)
    return fact


def progress(answers: dict, skipped: list, evaluation) -> int:
    """A progress figure for the kiosk's bar: answered / (answered + still missing)."""
    done = len(answers) + len(skipped)
    left = len([m for m in evaluation.missing_facts() if m.id not in skipped]) if evaluation is not None else 3
    return max(5, min(95, int(100 * done / max(1, done + left + 1))))


def case_file(jurisdiction: str, answers: dict, people: dict, lang: str) -> dict:
    """The case as a case-file (docs/case-file.md), format 1."""
    return {
        "format_version": 1,
        "jurisdiction": jurisdiction,
        "language": lang,
        "created": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "persons": list(people.values()),
        "facts": {k: v for k, v in answers.items() if v is not None},
    }


def sensitive_answers(jurisdiction: str, answers: dict, lang: str) -> list[str]:
    """Labels (in *lang*) of the sensitive facts answered: what the hand-over would carry."""
    catalogue = load_rules().catalogue(jurisdiction)
    out = []
    for fact_id, value in answers.items():
        fact = catalogue.get(fact_id)
        if value is not None and fact is not None and fact.sensitive:
            out.append(i18n.rule_text(fact.label, lang) if fact.label else fact_id)
    return out


def shareable(jurisdiction: str, answers: dict, consent: bool) -> dict:
    """The answers a kiosk hand-over may carry: all with the person's consent, else the
    non-sensitive ones only (the volunteer asks the rest again, face to face)."""
    catalogue = load_rules().catalogue(jurisdiction)
    return {
        k: v for k, v in answers.items() if consent or (catalogue.get(k) is not None and not catalogue.get(k).sensitive)
    }
