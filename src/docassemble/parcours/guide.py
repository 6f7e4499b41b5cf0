"""Glue for the rules-driven guide (volunteer mode) and its kiosk mode: the interview asks exactly
the facts the engine lists as missing, one screen per fact, with the question text from the shared
question library (interviews/library/questions.yml, keyed by the fact's stable question id) or,
failing that, the fact's label from the rule catalogue. No question order is written by hand.

Every text is looked up by a stable id in the translation catalogues (parcours.i18n), in the
person's language: fr, nl, en, ar, prs, ps, ti, so. In right-to-left languages, Latin names,
numbers, dates and article numbers are isolated (<bdi>, or FSI/PDI in plain labels).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import html

from parcours.facts import NOT_SENSITIVE, check_dates
from parcours.offices import offices_for
from parcours import CaseFile, evaluate, i18n, load_rules
from parcours.numerals import parse_date, parse_datetime, parse_decimal, parse_integer

# docassemble datatype for each fact type; persons are gathered by their own screen. Dates and
# numbers are typed as text so that Eastern Arabic and Persian digits are accepted (the browser's
# own number and date widgets refuse them); check() normalises and validates them.
DATATYPES = {"date": "text", "datetime": "text", "bool": "radio", "integer": "text", "money": "text",
             "number": "text", "enum": "radio", "text": "text"}
UNKNOWN = "unknown"
ROLES = (("child", "child"), ("spouse", "spouse"), ("partner", "partner"), ("parent", "parent"),
         ("sibling", "sibling"), ("sponsor", "sponsor"))
FSI, PDI = "\u2068", "\u2069"


def T(msgid: str, lang: str, **values) -> str:
    """An interface string by id, in *lang*."""
    return i18n.ui(msgid, lang, **values)


def direction(lang: str) -> str:
    return "rtl" if i18n.is_rtl(lang) else "ltr"


def iso(text, lang: str) -> str:
    """Plain text (labels, choices) isolated by FSI/PDI inside right-to-left text."""
    text = "" if text is None else str(text)
    return f"{FSI}{text}{PDI}" if i18n.is_rtl(lang) and text else text


def bdi(text, lang: str) -> str:
    """Markdown/HTML: Latin names, numbers and dates isolated left-to-right inside right-to-left text
    (a bare <bdi> around digits alone would take the paragraph's direction and reverse '01 42 500')."""
    text = "" if text is None else str(text)
    safe = html.escape(text, quote=False)  # what a person typed is shown as text, never as markup
    return f'<bdi dir="ltr">{safe}</bdi>' if i18n.is_rtl(lang) and text else safe


def isolates_to_html(text: str) -> str:
    """Translators isolate Latin runs (addresses, phone numbers) with FSI...PDI; in HTML they become
    left-to-right <bdi> elements, which every browser honours."""
    return (text or "").replace(FSI, '<bdi dir="ltr">').replace(PDI, "</bdi>")


def R(text, lang: str) -> str:
    """A rule text in *lang*, ready for the result's markdown/HTML."""
    return isolates_to_html(i18n.rule_text(text, lang) or "")


def lang_of(value) -> str:
    value = str(value or "").strip()
    return value if value in i18n.LANGS else "fr"


def languages() -> list[dict]:
    """The language choices, each written in its own name (no flags)."""
    return [{"value": code, "label": i18n.NAMES[code]} for code in i18n.LANGS]


def procedures(jurisdiction: str, lang: str, kiosk: bool = False, first=()) -> list[dict]:
    """{id: title} of every procedure of the jurisdiction, the proposed ones (*first*) at the top
    (the kiosk offers its own short list)."""
    wanted = i18n.KIOSK_PROCEDURES.get(jurisdiction, ()) if kiosk else None
    found = [p for p in load_rules().procedures_for(jurisdiction) if wanted is None or p.id in wanted]
    found.sort(key=lambda p: (p.id not in first, list(first).index(p.id) if p.id in first else 0))
    return [{p.id: iso(i18n.rule_text(p.title, lang) if p.title else p.id, lang)} for p in found]


def situations(jurisdiction: str, lang: str) -> list[dict]:
    """The statuses of the legal team's orientation file, then "another situation"."""
    o = load_rules().orientation.get(jurisdiction)
    return [{c.id: iso(i18n.rule_text(c.label, lang), lang)} for c in (o.statuses if o else [])] + \
        [{"other": T("orientation.status.other", lang)}]


def needs(jurisdiction: str, lang: str) -> list[dict]:
    o = load_rules().orientation.get(jurisdiction)
    return [{c.id: iso(i18n.rule_text(c.label, lang), lang)} for c in (o.needs if o else [])]


def proposed(jurisdiction: str, status: str, chosen_needs) -> list[str]:
    """The procedures the orientation proposes for this status and these needs (pre-ticked)."""
    o = load_rules().orientation.get(jurisdiction)
    return o.propose(status, selected(chosen_needs)) if o else []


def run(jurisdiction: str, answers: dict, chosen: list[str], persons: list | None = None, as_of=None):
    case = CaseFile.from_dict({"format_version": 1, "jurisdiction": jurisdiction, "persons": list(persons or []),
                               "facts": {k: v for k, v in answers.items() if v is not None}})
    return evaluate(case, as_of or dt.date.today(), procedures=chosen or None)


def next_fact(evaluation, skipped) -> dict | None:
    """The first fact still worth asking that the person has not said they do not know."""
    for item in evaluation.missing_facts():
        if item.id not in skipped and (item.type in DATATYPES or item.type == "persons"):
            return {"id": item.id, "type": item.type, "question": item.question,
                    "values": list(item.values), "sensitivity": item.sensitivity,
                    "label": item.label.to_json() if item.label else None}
    return None


def _label(fact: dict, lang: str) -> str:
    label = fact.get("label")
    return i18n.rule_text(label, lang) if label else fact["id"]


def screen(fact: dict, lang: str) -> dict:
    """What the generic question screen shows for one fact."""
    q = fact["question"]
    text = i18n.question(f"{q}.text", lang) or _label(fact, lang)
    help_text = i18n.question(f"{q}.help", lang) or ""
    choices = []
    for value in fact["values"]:
        name = i18n.question(f"{q}.choice.{value}", lang) or value.replace("_", " ")
        choices.append({"value": value, "label": name})
    return {"text": text, "help": help_text, "datatype": DATATYPES.get(fact["type"], "text"), "choices": choices,
            "sensitive": fact["sensitivity"] not in NOT_SENSITIVE}


def status_word(status: str, lang: str) -> str:
    return T(f"status.{status}", lang) if status in ("eligible", "not_eligible", "unknown", "not_applicable") \
        else status


def mark(result: str) -> str:
    return {"met": "✓", "not_met": "✗"}.get(result, "?")


HINTS = {"date": "hint.date", "datetime": "hint.datetime", "money": "hint.money", "number": "hint.number",
         "integer": "hint.integer"}


def fields(fact: dict, lang: str) -> list[dict]:
    """The docassemble `fields` of the generic screen. Every fact can be left unknown: unknown
    is never taken for false, the result then says what is missing."""
    shown = screen(fact, lang)
    field = {"label": shown["text"], "field": field_name(fact), "required": False}
    if fact["type"] == "bool":
        field.update(datatype="radio", choices=[{"value": "true", "label": T("answer.yes", lang)},
                                                {"value": "false", "label": T("answer.no", lang)},
                                                {"value": UNKNOWN, "label": T("answer.dont_know", lang)}])
    elif fact["type"] == "persons":
        field.update(datatype="text", required=True)
        field["label"] = T("person.how_many", lang, label=shown["text"])
    elif fact["type"] == "enum":
        field.update(datatype="radio", choices=[dict(c, label=iso(c["label"], lang)) for c in shown["choices"]]
                     + [{"value": UNKNOWN, "label": T("answer.dont_know", lang)}])
    else:
        field["datatype"] = "text"
        if fact["type"] in HINTS:
            field["hint"] = T(HINTS[fact["type"]], lang)
    if shown["help"]:
        field["help"] = shown["help"]
    # docassemble shows the question text as the heading already: the label is read by screen readers.
    field["label above field"] = True
    return [field]


def field_name(fact: dict) -> str:
    """The interview variable holding one fact's answer: fact_answers['<fact id>']."""
    return f"fact_answers[{fact['id']!r}]"


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


def check(jurisdiction: str, fact: dict, value, lang: str = "fr", answers: dict | None = None,
          people: dict | None = None, today: dt.date | None = None) -> str | None:
    """None when the answer fits the fact, else the message (in *lang*) naming what to fix: a value
    that does not parse, a negative amount, a date in the future where that is impossible, or a
    date on the wrong side of one already given (a child born before its parent)."""
    kind = fact["type"]
    try:
        case_value = as_case_value(fact, value)
    except ValueError:
        return T({"date": "check.date", "datetime": "check.datetime", "integer": "check.integer"}
                 .get(kind, "check.number"), lang)
    if case_value is None:
        return None
    catalogue = load_rules().catalogue(jurisdiction)
    try:
        typed = catalogue.get(fact["id"]).coerce(case_value)
    except (ValueError, AttributeError) as e:
        if kind in ("money", "number", "integer"):
            return T("check.negative", lang)
        return T("check.invalid", lang, detail=str(e))
    if kind in ("date", "datetime"):
        return date_problem(catalogue, catalogue.get(fact["id"]), typed, answers, people, lang, today)
    return None


def check_birth(jurisdiction: str, fact: dict, value, lang: str = "fr", answers: dict | None = None,
                today: dt.date | None = None) -> str | None:
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
            births[fact_id] = [dt.date.fromisoformat(people[k]["birth_date"]) for k in keys
                               if k in (people or {}) and people[k].get("birth_date")]
    problem = check_dates(spec, day, answers or {}, catalogue, today or dt.date.today(), births)
    if problem is None:
        return None
    what, other_id, other_day = problem
    if what == "future":
        return T("check.future", lang)
    other = catalogue.get(other_id)
    label = i18n.rule_text(other.label, lang) if other and other.label else other_id
    return T(f"check.{what}", lang, other=iso(label, lang), date=iso(other_day.strftime("%d/%m/%Y"), lang))


def _cite(citations: list, lang: str) -> str:
    parts = []
    for c in citations:
        article = c.article if hasattr(c, "article") else c.get("article")
        url = c.url if hasattr(c, "url") else c.get("url")
        if article:
            shown = bdi(article, lang)
            parts.append(f"[{shown}]({url})" if url else shown)
    return "; ".join(parts)


def _when(value) -> str:
    if value is None:
        return "?"
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _offices(procedure_id: str, jurisdiction: str, place, lang: str) -> list[str]:
    """The competent offices for the person's place, from the directory in rules/ (⚠ when unconfirmed)."""
    lines = []
    for office in offices_for(load_rules(), jurisdiction, place or None, procedure_id):
        name = office["name"].get(lang) or office["name"].get("fr")
        flag = " ⚠" if office["status"] == "to_verify" else ""
        address = f" — {bdi(office['address'], lang)}" if office.get("address") else ""
        lines.append(f"- {iso(name, lang)}{address}{flag}")
    return lines


def result_markdown(evaluation, lang: str, kiosk: bool = False, place: str | None = None) -> str:
    """The result screen: per procedure its status, reasons with articles, what is missing,
    the running deadlines (short ones in bold), documents, fees and the to-verify warnings.
    The kiosk shows the same in fewer words (no articles, no to-verify codes)."""
    out = []
    for proc in evaluation.procedures:
        title = R(proc.title, lang)
        out.append(f"### {title}\n\n**{status_word(proc.status, lang)}**\n")
        if proc.status == "not_applicable":
            continue
        if proc.criteria:
            out.append(f"**{T('result.reasons', lang)}**\n")
            for c in proc.criteria:
                flag = " ⚠" if c.status == "to_verify" else ""
                text = R(c.explanation, lang) if c.explanation else c.id
                cite = "" if kiosk else f" ({_cite(c.citations, lang)})"
                out.append(f"- {mark(c.result)} {text}{cite}{flag}")
            out.append("")
        if proc.missing_facts:
            out.append(f"**{T('result.missing', lang)}**: " + ", ".join(
                (R(m.label, lang) if m.label else m.id) for m in proc.missing_facts) + "\n")
        if proc.deadlines:
            out.append(f"**{T('result.deadlines', lang)}**\n")
            for d in proc.deadlines:
                left = d.days_left
                when = f"{T('result.due', lang)} {bdi(_when(d.due), lang)}" if d.due else "?"
                if left is not None:
                    when += " — " + (T("result.days_left", lang, days=bdi(left, lang)) if left >= 0
                                     else T("result.overdue", lang))
                label = R(d.label, lang) if d.label else d.id
                cite = "" if kiosk else f" ({_cite(d.citations, lang)})"
                line = f"{label}: {when}{cite}"
                out.append(f"- **{line}**" if left is not None and left <= 7 else f"- {line}")
            out.append("")
        if proc.documents:
            out.append(f"**{T('result.documents', lang)}**\n")
            out.extend(f"- {R(d.label, lang)}" for d in proc.documents)
            out.append("")
        if proc.fees:
            shown = [f"{R(f.label, lang)} {bdi(f'{f.amount} {f.currency}', lang)}"
                     for f in proc.fees if f.amount is not None]
            if shown:
                out.append(f"**{T('result.fees', lang)}**: " + ", ".join(shown) + "\n")
        offices = _offices(proc.id, evaluation.jurisdiction, place, lang) if place else []
        if proc.filing and proc.filing.get("where"):
            out.append(f"**{T('result.filing', lang)}**: {R(proc.filing['where'], lang)}\n")
        if offices:
            if not (proc.filing and proc.filing.get("where")):
                out.append(f"**{T('result.filing', lang)}**:\n")
            out.extend(offices + [""])
        if proc.to_verify:
            if kiosk:
                out.append(f"> ⚠ {T('result.ask_volunteer', lang)}\n")
            else:
                out.append(f"> ⚠ {T('result.to_verify', lang)}: " + ", ".join(proc.to_verify) + "\n")
    return "\n".join(out)


def checklist(evaluation, lang: str) -> list[dict]:
    """The documents to gather, per procedure, for the printable list."""
    out = []
    for proc in evaluation.procedures:
        if proc.status == "not_applicable" or not proc.documents:
            continue
        docs = []
        for d in proc.documents:
            item = {"label": i18n.rule_text(d.label, lang),
                    "issued_by": i18n.rule_text(d.issued_by, lang) if d.issued_by else None}
            docs.append(item)
        deadlines = [{"label": i18n.rule_text(d.label, lang) if d.label else d.id, "due": _when(d.due)}
                     for d in proc.deadlines if d.due]
        out.append({"title": i18n.rule_text(proc.title, lang), "documents": docs, "deadlines": deadlines})
    return out


def checklist_html(evaluation, lang: str) -> str:
    """A printable HTML list (the PDF checklist comes from the documents engine later)."""
    parts = [f'<section class="pc-checklist" lang="{lang}" dir="{direction(lang)}">',
             f"<h2>{html.escape(T('checklist.title', lang))}</h2>"]
    items = checklist(evaluation, lang)
    if not items:
        parts.append(f"<p>{html.escape(T('checklist.none', lang))}</p>")
    for proc in items:
        parts.append(f"<h3>{isolates_to_html(html.escape(proc['title']))}</h3><ul>")
        for d in proc["documents"]:
            by = f" <small>({html.escape(d['issued_by'])})</small>" if d["issued_by"] else ""
            parts.append(f'<li><span class="pc-box" aria-hidden="true">☐</span> '
                         f'{isolates_to_html(html.escape(d["label"]))}{isolates_to_html(by)}</li>')
        parts.append("</ul>")
        if proc["deadlines"]:
            parts.append("<ul>")
            for d in proc["deadlines"]:
                parts.append(f"<li>{isolates_to_html(html.escape(d['label']))}: "
                             f"<bdi dir=\"ltr\">{html.escape(d['due'])}</bdi></li>")
            parts.append("</ul>")
    parts.append("</section>")
    return "".join(parts)


def selected(checkboxes) -> list[str]:
    """The ticked keys of a checkboxes answer (a DADict from the page, a dict from the API)."""
    items = checkboxes.items() if hasattr(checkboxes, "items") else []
    return [key for key, ticked in items if ticked]


def person_keys(fact: dict, count) -> list[str] | None:
    """Stable person ids for a persons fact (children_1, children_2...); None when the number
    is not known, which leaves the fact unknown rather than taking it for 'nobody'."""
    try:
        number = parse_integer(str(count))
    except ValueError:
        return None
    return [f"{fact['id']}_{n}" for n in range(1, min(number, 20) + 1)] if number >= 0 else None


def person_fields(key: str, total: int, lang: str) -> list[dict]:
    return [{"label": T("person.first_name", lang), "field": f"person_names[{key!r}]", "required": False},
            {"label": T("person.birth_date", lang), "field": f"person_births[{key!r}]", "datatype": "text",
             "hint": T("hint.date", lang), "required": False}]


def person_title(key: str, total: int, lang: str) -> str:
    return T("person.n_of_total", lang, n=key.rsplit("_", 1)[1], total=total)


def person_record(fact: dict, key: str, name, birth) -> dict:
    """One entry of the case file's `persons`, its role guessed from the fact id (children -> child)."""
    role = next((r for word, r in ROLES if word in fact["id"]), "other")
    record = {"id": key, "role": role}
    if name:
        record["given_name"] = str(name)
    if birth:
        try:
            record["birth_date"] = parse_date(birth.strftime("%Y-%m-%d") if hasattr(birth, "strftime")
                                              else str(birth)).isoformat()
        except ValueError:
            pass
    return record


def review_rows(jurisdiction: str, answers: dict, skipped: list, lang: str) -> list[dict]:
    """Every answer given so far (and every 'I don't know'), with its question, for the review screen."""
    catalogue = load_rules().catalogue(jurisdiction)
    rows = []
    for fact_id in list(answers) + [s for s in skipped if s not in answers]:
        fact = catalogue.get(fact_id)
        label = i18n.rule_text(fact.label, lang) if fact and fact.label else fact_id
        value = answers.get(fact_id)
        if value is None:
            shown = T("answer.dont_know", lang)
        elif isinstance(value, bool):
            shown = T("answer.yes" if value else "answer.no", lang)
        elif isinstance(value, list):
            shown = str(len(value))
        elif fact is not None and fact.type == "enum":
            shown = i18n.question(f"{fact.question}.choice.{value}", lang) or str(value)
        else:
            shown = bdi(value, lang)
        rows.append({"id": fact_id, "label": label, "value": shown,
                     "sensitive": bool(fact and fact.sensitive)})
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


def progress(answers: dict, skipped: list, evaluation) -> int:
    """A progress figure for the kiosk's bar: answered / (answered + still missing)."""
    done = len(answers) + len(skipped)
    left = len([m for m in evaluation.missing_facts() if m.id not in skipped]) if evaluation is not None else 3
    return max(5, min(95, int(100 * done / max(1, done + left + 1))))


def case_file(jurisdiction: str, answers: dict, people: dict, lang: str) -> dict:
    """The case as a case-file (docs/case-file.md), format 1."""
    return {"format_version": 1, "jurisdiction": jurisdiction, "language": lang,
            "created": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "persons": list(people.values()), "facts": {k: v for k, v in answers.items() if v is not None}}


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
    return {k: v for k, v in answers.items()
            if consent or (catalogue.get(k) is not None and not catalogue.get(k).sensitive)}


def language_heading() -> str:
    """The first kiosk screen's heading: 'Choose your language' in every language, each marked up
    with its own lang and dir so that screen readers and fonts follow."""
    parts = []
    for code in i18n.LANGS:
        parts.append(f'<span lang="{code}" dir="{direction(code)}">{html.escape(T("kiosk.language.question", code))}</span>')
    return " · ".join(parts)


def language_buttons() -> list[dict]:
    """One button per language, written in its own name (no flags)."""
    return [{"label": f'<span lang="{code}" dir="{direction(code)}">{i18n.NAMES[code]}</span>', "value": code}
            for code in i18n.LANGS]
