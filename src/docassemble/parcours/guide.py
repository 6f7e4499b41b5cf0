"""Glue for the rules-driven guide: the interview asks exactly the facts the engine lists as
missing, one screen per fact, with the question text from the shared question library
(interviews/library/questions.yml, keyed by the fact's stable question id) or, failing that,
the fact's label from the rule catalogue. No question order is written by hand."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from parcours import CaseFile, evaluate, load_rules

LIBRARY = Path(__file__).resolve().parent / "data" / "questions" / "library" / "questions.yml"
# docassemble datatype for each fact type; persons are gathered by their own screen.
DATATYPES = {"date": "date", "datetime": "datetime", "bool": "yesnoradio", "integer": "integer",
             "money": "number", "number": "number", "enum": "radio", "text": "text"}
_library_cache: tuple[float, dict] | None = None


def library() -> dict:
    global _library_cache
    mtime = LIBRARY.stat().st_mtime if LIBRARY.exists() else 0.0
    if _library_cache is None or _library_cache[0] != mtime:
        data = yaml.safe_load(LIBRARY.read_text(encoding="utf-8")) if mtime else {}
        _library_cache = (mtime, data.get("questions", {}))
    return _library_cache[1]


def procedures(jurisdiction: str, lang: str) -> list[dict]:
    """{id: title} of every procedure of the jurisdiction, for the choice screen."""
    return [{p.id: p.title.get(lang) if p.title else p.id} for p in load_rules().procedures_for(jurisdiction)]


def run(jurisdiction: str, answers: dict, chosen: list[str], persons: list | None = None, as_of=None):
    case = CaseFile.from_dict({"format_version": 1, "jurisdiction": jurisdiction, "persons": list(persons or []),
                               "facts": {k: v for k, v in answers.items() if v is not None}})
    return evaluate(case, as_of or dt.date.today(), procedures=chosen or None)


def next_fact(evaluation, skipped) -> dict | None:
    """The first fact still worth asking that the person has not said they do not know."""
    for item in evaluation.missing_facts():
        if item.id not in skipped and (item.type in DATATYPES or item.type == "persons"):
            return {"id": item.id, "type": item.type, "question": item.question,
                    "values": list(item.values), "sensitivity": item.sensitivity, "label": item.label}
    return None


def screen(fact: dict, lang: str) -> dict:
    """What the generic question screen shows for one fact."""
    entry = library().get(fact["question"], {})
    label = fact["label"].get(lang) if fact["label"] else fact["id"]
    text = (entry.get("text") or {}).get(lang) or label
    help_text = (entry.get("help") or {}).get(lang) or ""
    choices = []
    for value in fact["values"]:
        names = (entry.get("choices") or {}).get(value) or {}
        choices.append({"value": value, "label": names.get(lang) or value.replace("_", " ")})
    return {"text": text, "help": help_text, "datatype": DATATYPES.get(fact["type"], "integer"), "choices": choices,
            "sensitive": fact["sensitivity"] not in ("none", "identity")}


def status_word(status: str, lang: str) -> str:
    words = {"eligible": {"fr": "Conditions remplies", "en": "Conditions met"},
             "not_eligible": {"fr": "Conditions non remplies", "en": "Conditions not met"},
             "unknown": {"fr": "Incomplet : il manque des informations", "en": "Incomplete: information missing"},
             "not_applicable": {"fr": "Ne s'applique pas à cette situation", "en": "Does not apply to this situation"}}
    return words.get(status, {}).get(lang, status)


def mark(result: str) -> str:
    return {"met": "✓", "not_met": "✗"}.get(result, "?")


UNKNOWN = "unknown"
HOW_MANY = {"fr": "{} : combien de personnes ?", "en": "{}: how many people?"}
PERSON_FIELDS = {"fr": ("Prénom", "Date de naissance", "Personne {n} sur {total}"),
                 "en": ("First name", "Date of birth", "Person {n} of {total}")}
ROLES = (("child", "child"), ("spouse", "spouse"), ("partner", "partner"), ("parent", "parent"),
         ("sibling", "sibling"), ("sponsor", "sponsor"))
DONT_KNOW = {"fr": "Je ne sais pas", "en": "I don't know"}
YES_NO = {"fr": ("Oui", "Non"), "en": ("Yes", "No")}


def fields(fact: dict, lang: str) -> list[dict]:
    """The docassemble `fields` of the generic screen. Every fact can be left unknown: unknown
    is never taken for false, the result then says what is missing."""
    shown = screen(fact, lang)
    field = {"label": shown["text"], "field": field_name(fact), "required": False}
    if fact["type"] == "bool":
        yes, no = YES_NO.get(lang, YES_NO["en"])
        field.update(datatype="radio", choices=[{"value": "true", "label": yes}, {"value": "false", "label": no},
                                                {"value": UNKNOWN, "label": DONT_KNOW.get(lang)}])
    elif fact["type"] == "persons":
        field.update(datatype="integer", min=0, max=20, required=True)
        field["label"] = HOW_MANY.get(lang, HOW_MANY["en"]).format(shown["text"])
    elif fact["type"] == "enum":
        field.update(datatype="radio", choices=shown["choices"] + [{"value": UNKNOWN, "label": DONT_KNOW.get(lang)}])
    else:
        field["datatype"] = shown["datatype"]
        if fact["type"] in ("money", "integer", "number"):
            field["min"] = 0
    if shown["help"]:
        field["help"] = shown["help"]
    return [field]


def field_name(fact: dict) -> str:
    """The interview variable holding one fact's answer: fact_answers['<fact id>']."""
    return f"fact_answers[{fact['id']!r}]"


def as_case_value(fact: dict, value):
    """A screen's answer as a case-file value; None when the person does not know."""
    if value is None or value == "" or value == UNKNOWN:
        return None
    if fact["type"] == "date" and hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    if fact["type"] == "datetime" and hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%dT%H:%M")
    if fact["type"] in ("money", "number"):
        return str(value)
    return value


def check(jurisdiction: str, fact: dict, value) -> str | None:
    """None when the answer fits the fact, else the message naming what to fix."""
    case_value = as_case_value(fact, value)
    if case_value is None:
        return None
    try:
        load_rules().catalogue(jurisdiction).get(fact["id"]).coerce(case_value)
    except (ValueError, AttributeError) as e:
        return str(e)
    return None


LABELS = {
    "fr": {"reasons": "Pourquoi", "missing": "Ce qui pourrait changer le résultat", "deadlines": "Délais",
           "documents": "Documents à réunir", "fees": "Frais", "to_verify": "À vérifier par l'équipe juridique",
           "due": "avant le", "days_left": "jours restants", "overdue": "dépassé", "filing": "Où déposer"},
    "en": {"reasons": "Why", "missing": "What could change the result", "deadlines": "Deadlines",
           "documents": "Documents to gather", "fees": "Fees", "to_verify": "To be checked by the legal team",
           "due": "by", "days_left": "days left", "overdue": "overdue", "filing": "Where to file"},
}


def _cite(citations: list) -> str:
    parts = []
    for c in citations:
        article = c.article if hasattr(c, "article") else c.get("article")
        url = c.url if hasattr(c, "url") else c.get("url")
        parts.append(f"[{article}]({url})" if url else article)
    return "; ".join(p for p in parts if p)


def result_markdown(evaluation, lang: str) -> str:
    """The result screen: per procedure its status, reasons with articles, what is missing,
    the running deadlines (short ones in bold), documents, fees and the to-verify warnings."""
    words = LABELS.get(lang, LABELS["en"])
    out = []
    for proc in evaluation.procedures:
        data = proc.to_json(lang)
        out.append(f"### {data['title']}\n\n**{status_word(proc.status, lang)}**\n")
        if proc.status == "not_applicable":
            continue
        if data["criteria"]:
            out.append(f"**{words['reasons']}**\n")
            for c in data["criteria"]:
                flag = " ⚠" if c["status"] == "to_verify" else ""
                out.append(f"- {mark(c['result'])} {c['explanation_text'] or c['id']} "
                           f"({_cite(c['citations'])}){flag}")
            out.append("")
        if data["missing_facts"]:
            out.append(f"**{words['missing']}**: " + ", ".join(m["label"] or m["id"] for m in data["missing_facts"]) + "\n")
        if data["deadlines"]:
            out.append(f"**{words['deadlines']}**\n")
            for d in data["deadlines"]:
                left = d["days_left"]
                when = f"{words['due']} {d['due']}" if d["due"] else "?"
                if left is not None:
                    when += f" — {left} {words['days_left']}" if left >= 0 else f" — {words['overdue']}"
                line = f"- {d['label']}: {when} ({_cite(d['citations'])})"
                out.append(f"- **{line[2:]}**" if left is not None and left <= 7 else line)
            out.append("")
        if data["documents"]:
            out.append(f"**{words['documents']}**\n")
            out.extend(f"- {d['label']}" for d in data["documents"])
            out.append("")
        if data["fees"]:
            out.append(f"**{words['fees']}**: " + ", ".join(
                f"{f['label']} {f['amount']} {f['currency']}" for f in data["fees"] if f["amount"] is not None) + "\n")
        if data["filing"] and data["filing"].get("where"):
            where = data["filing"]["where"]
            out.append(f"**{words['filing']}**: {where.get(lang) if isinstance(where, dict) else where}\n")
        if data["to_verify"]:
            out.append(f"> ⚠ {words['to_verify']}: " + ", ".join(data["to_verify"]) + "\n")
    return "\n".join(out)


def selected(checkboxes) -> list[str]:
    """The ticked keys of a checkboxes answer (a DADict from the page, a dict from the API)."""
    items = checkboxes.items() if hasattr(checkboxes, "items") else []
    return [key for key, ticked in items if ticked]


def person_keys(fact: dict, count) -> list[str] | None:
    """Stable person ids for a persons fact (children_1, children_2...); None when the number
    is not known, which leaves the fact unknown rather than taking it for 'nobody'."""
    try:
        number = int(str(count))
    except ValueError:
        return None
    return [f"{fact['id']}_{n}" for n in range(1, number + 1)] if number >= 0 else None


def person_fields(key: str, total: int, lang: str) -> list[dict]:
    name, birth, _ = PERSON_FIELDS.get(lang, PERSON_FIELDS["en"])
    return [{"label": name, "field": f"person_names[{key!r}]", "required": False},
            {"label": birth, "field": f"person_births[{key!r}]", "datatype": "date", "required": False}]


def person_title(key: str, total: int, lang: str) -> str:
    return PERSON_FIELDS.get(lang, PERSON_FIELDS["en"])[2].format(n=key.rsplit("_", 1)[1], total=total)


def person_record(fact: dict, key: str, name, birth) -> dict:
    """One entry of the case file's `persons`, its role guessed from the fact id (children -> child)."""
    role = next((r for word, r in ROLES if word in fact["id"]), "other")
    record = {"id": key, "role": role}
    if name:
        record["given_name"] = str(name)
    if birth:
        record["birth_date"] = birth.strftime("%Y-%m-%d") if hasattr(birth, "strftime") else str(birth)
    return record


def review_rows(jurisdiction: str, answers: dict, skipped: list, lang: str) -> list[dict]:
    """Every answer given so far (and every 'I don't know'), with its question, for the review screen."""
    catalogue = load_rules().catalogue(jurisdiction)
    rows = []
    for fact_id in list(answers) + [s for s in skipped if s not in answers]:
        fact = catalogue.get(fact_id)
        label = fact.label.get(lang) if fact and fact.label else fact_id
        value = answers.get(fact_id)
        if value is None:
            shown = DONT_KNOW.get(lang)
        elif isinstance(value, list):
            shown = str(len(value))
        else:
            shown = str(value)
        rows.append({"id": fact_id, "label": label, "value": shown,
                     "sensitive": bool(fact and fact.sensitivity not in ("none", "identity"))})
    return rows


def forget(fact_id: str, answers: dict, skipped: list, fact_answers, people: dict) -> None:
    """Drop one answer so that the guide asks it again (and whatever depends on it)."""
    answers.pop(fact_id, None)
    while fact_id in skipped:
        skipped.remove(fact_id)
    if fact_id in fact_answers:
        del fact_answers[fact_id]
    for key in [k for k in people if k.startswith(fact_id + "_")]:
        del people[key]
