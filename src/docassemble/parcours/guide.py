"""Glue for the rules-driven guide (volunteer mode) and its kiosk mode: the interview asks exactly
the facts the engine lists as missing, one screen per fact, with the question text from the shared
question library (interviews/library/questions.yml, keyed by the fact's stable question id) or,
failing that, the fact's label from the rule catalogue. No question order is written by hand.

Every text is looked up by a stable id in the translation catalogues (parcours.i18n), in the
person's language (parcours.i18n.LANGS). In right-to-left languages, Latin names,
numbers, dates and article numbers are isolated (<bdi>, or FSI/PDI in plain labels).
"""

from __future__ import annotations

import datetime as dt
import html

from markupsafe import Markup, escape

from parcours import CaseFile, evaluate, i18n, load_rules
from parcours.citations import Citation
from parcours.facts import NOT_SENSITIVE
from parcours.offices import offices_for

# docassemble datatype for each fact type; persons are gathered by their own screen. Dates and
# numbers are typed as text so that Eastern Arabic and Persian digits are accepted (the browser's
# own number and date widgets refuse them); check() normalises and validates them.
DATATYPES = {
    "date": "text",
    "datetime": "text",
    "bool": "radio",
    "integer": "text",
    "money": "text",
    "number": "text",
    "enum": "radio",
    "text": "text",
}
UNKNOWN = "unknown"
FSI, PDI = "\u2068", "\u2069"
MARKDOWN_ENTITIES = str.maketrans({c: f"&#{ord(c)};" for c in "[]()*_`\\#!|~"})


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
    # What a person typed is shown as text, never as markup: HTML escaped, and the characters that
    # would make a markdown link or emphasis written as entities.
    safe = html.escape(text, quote=False).translate(MARKDOWN_ENTITIES)
    return f'<bdi dir="ltr">{safe}</bdi>' if i18n.is_rtl(lang) and text else safe


def isolates_to_html(text: str) -> str:
    """Translators isolate Latin runs (addresses, phone numbers) with FSI...PDI; in HTML they become
    left-to-right <bdi> elements, which every browser honours."""
    return (text or "").replace(FSI, '<bdi dir="ltr">').replace(PDI, "</bdi>")


def R(text, lang: str) -> str:
    """A rule text in *lang*, ready for the result's markdown/HTML."""
    return isolates_to_html(i18n.rule_text(text, lang) or "")


def lang_of(value) -> str:
    """The one allow-list of language codes (URL ?lang=, kiosk buttons, hand-over, case files)."""
    return i18n.known_lang(str(value or "").strip())


def language_name(value) -> str:
    """A language's own name, or nothing for a code parcours does not have (from a hand-over, a file)."""
    return i18n.NAMES.get(i18n.known_lang(value, ""), "")


def jurisdictions(lang: str, kiosk: bool = False) -> list[dict]:
    """The first question's choices: France, Belgium and, for volunteers, a kiosk hand-over code."""
    return [{"fr": T("jurisdiction.fr", lang)}, {"be": T("jurisdiction.be", lang)}] + (
        [] if kiosk else [{"handover": T("jurisdiction.handover", lang)}]
    )


def languages() -> list[dict]:
    """The language choices, each written in its own name (no flags)."""
    return [{"value": code, "label": i18n.NAMES[code]} for code in i18n.LANGS]


def procedures(jurisdiction: str, lang: str, kiosk: bool = False, first=()) -> list[dict]:
    """{id: title} of every procedure of the jurisdiction, the proposed ones (*first*) at the top
    (the kiosk offers its own short list)."""
    wanted = i18n.KIOSK_PROCEDURES.get(jurisdiction, ()) if kiosk else None
    found = [p for p in load_rules().procedures_for(jurisdiction) if wanted is None or p.id in wanted]
    if kiosk and any(p.id in first for p in found):  # the kiosk shows only what the orientation proposed
        found = [p for p in found if p.id in first]
    found.sort(key=lambda p: (p.id not in first, list(first).index(p.id) if p.id in first else 0))
    return [{p.id: iso(i18n.rule_text(p.title, lang) if p.title else p.id, lang)} for p in found]


def situations(jurisdiction: str, lang: str) -> list[dict]:
    """The statuses of the legal team's orientation file, then "another situation"."""
    o = load_rules().orientation.get(jurisdiction)
    return [{c.id: iso(i18n.rule_text(c.label, lang), lang)} for c in (o.statuses if o else [])] + [
        {"other": T("orientation.status.other", lang)}
    ]


def needs(jurisdiction: str, lang: str) -> list[dict]:
    o = load_rules().orientation.get(jurisdiction)
    return [{c.id: iso(i18n.rule_text(c.label, lang), lang)} for c in (o.needs if o else [])]


def proposed(jurisdiction: str, status: str, chosen_needs, kiosk: bool = False) -> list[str]:
    """The procedures the orientation proposes for this status and these needs (pre-ticked); at
    the kiosk, only those the kiosk offers."""
    o = load_rules().orientation.get(jurisdiction)
    found = o.propose(status, selected(chosen_needs)) if o else []
    return [p for p in found if p in i18n.KIOSK_PROCEDURES.get(jurisdiction, ())] if kiosk else found


def run(jurisdiction: str, answers: dict, chosen: list[str], persons: list | None = None, as_of=None):
    case = CaseFile.from_dict(
        {
            "format_version": 1,
            "jurisdiction": jurisdiction,
            "persons": list(persons or []),
            "facts": {k: v for k, v in answers.items() if v is not None},
        }
    )
    return evaluate(case, as_of or dt.date.today(), procedures=chosen or None)


def _fact_dict(item, person: str | None = None) -> dict:
    """What a question screen needs to know about a fact (a catalogue fact or a missing one). A fact
    asked of one person of a list (their relationship...) is answered under the key fact@person."""
    person = getattr(item, "person", None) or person
    return {
        "id": item.id,
        "type": item.type,
        "question": item.question,
        "values": list(item.values),
        "sensitivity": item.sensitivity,
        "label": item.label.to_json() if item.label else None,
        "person": person,
        "key": f"{item.id}@{person}" if person else item.id,
    }


def next_fact(evaluation, skipped) -> dict | None:
    """The first fact still worth asking that the person has not said they do not know."""
    for item in evaluation.missing_facts():
        key = f"{item.id}@{item.person}" if item.person else item.id
        if key not in skipped and (item.type in DATATYPES or item.type == "persons"):
            return _fact_dict(item)
    return None


def fact_info(jurisdiction: str, fact_id: str, person: str | None = None) -> dict:
    """The same for a fact of the catalogue by id (e.g. to ask about one person again)."""
    return _fact_dict(load_rules().catalogue(jurisdiction).get(fact_id), person)


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
        choices.append({"value": value, "label": i18n.choice(q, value, lang)})
    return {
        "text": text,
        "help": help_text,
        "datatype": DATATYPES.get(fact["type"], "text"),
        "choices": choices,
        "sensitive": fact["sensitivity"] not in NOT_SENSITIVE,
    }


def status_word(status: str, lang: str) -> str:
    return (
        T(f"status.{status}", lang) if status in ("eligible", "not_eligible", "unknown", "not_applicable") else status
    )


def mark(result: str) -> str:
    return {"met": "✓", "not_met": "✗"}.get(result, "?")


HINTS = {
    "date": "hint.date",
    "datetime": "hint.datetime",
    "money": "hint.money",
    "number": "hint.number",
    "integer": "hint.integer",
}


def fields(fact: dict, lang: str, states=None) -> list[dict]:
    """The docassemble `fields` of the generic screen. Every fact can be left unknown: unknown
    is never taken for false, the result then says what is missing. *states* (the interview's
    fact_states) is only named so that docassemble creates it before a date screen posts into it."""
    shown = screen(fact, lang)
    field = {"label": shown["text"], "field": field_name(fact), "required": False}
    if fact["type"] == "bool":
        field.update(
            datatype="radio",
            choices=[
                {"value": "true", "label": T("answer.yes", lang)},
                {"value": "false", "label": T("answer.no", lang)},
                {"value": UNKNOWN, "label": T("answer.dont_know", lang)},
            ],
        )
    elif fact["type"] == "persons":
        field.update(datatype="text", required=True)
        field["label"] = T("person.how_many", lang, label=shown["text"])
    elif fact["type"] == "enum":
        field.update(
            datatype="radio",
            choices=[dict(c, label=iso(c["label"], lang)) for c in shown["choices"]]
            + [{"value": UNKNOWN, "label": T("answer.dont_know", lang)}],
        )
    else:
        field["datatype"] = "text"
        if fact["type"] in HINTS:
            field["hint"] = T(HINTS[fact["type"]], lang)
    if shown["help"]:
        field["help"] = shown["help"]
    # docassemble shows the question text as the heading already: the label is read by screen readers.
    field["label above field"] = True
    if fact["type"] in DATE_TYPES:  # a date the person does not have: say so rather than leave it blank
        return [
            field,
            {
                "label": T("answer.no_date", lang),
                "field": state_name(fact),
                "required": False,
                "datatype": "radio",
                "choices": date_states(lang),
                "label above field": True,
            },
        ]
    return [field]


DATE_TYPES = ("date", "datetime")
NOT_YET = "not_yet"


def date_states(lang: str) -> list[dict]:
    """The choices under every date: the event has not happened yet, or the person does not know."""
    return [
        {"value": NOT_YET, "label": T("answer.not_yet", lang)},
        {"value": UNKNOWN, "label": T("answer.dont_know", lang)},
    ]


def state_name(fact: dict) -> str:
    """The interview variable holding "not yet" / "I don't know" for a date: fact_states['<fact id>']."""
    return f"fact_states[{fact.get('key', fact['id'])!r}]"


def date_left_unknown(fact: dict, states, lang: str) -> bool:
    """Whether the person chose "not yet" or "I don't know" under a date (the date then stays unknown,
    never guessed); a value the screen did not offer is refused."""
    if fact["type"] not in DATE_TYPES or states is None or not hasattr(states, "get"):
        return False
    key = fact.get("key", fact["id"])
    chosen = states.get(key)
    if key in states:  # used once: asked again later (an edit), the screen starts blank
        del states[key]
    if chosen in (None, ""):
        return False
    if not offered(chosen, date_states(lang)):
        only_offered(chosen, date_states(lang), lang, state_name(fact))  # refused on the screen
    return True


def field_name(fact: dict) -> str:
    """The interview variable holding one fact's answer: fact_answers['<fact id>'] (or '<fact id>@<person>')."""
    return f"fact_answers[{fact.get('key', fact['id'])!r}]"


def _cite(citations: list, lang: str) -> str:
    parts = []
    for c in citations:
        if not isinstance(c, Citation):  # a saved result holds plain dicts
            if not c.get("article"):
                continue
            c = Citation.from_doc(c)
        article, url = c.article, c.href  # rendered from the fields: the article, linked to its source
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


def _criterion(proc, criterion_id: str):
    """A criterion of the result, or of one of its persons' results (ProcedureResult.criterion)."""
    for result in [proc] + list(proc.members):
        found = result.criterion(criterion_id)
        if found is not None:
            return found
    return None


def verify_items(proc, lang: str) -> list[str]:
    """The points the legal team still has to verify, in words: the condition, document, deadline,
    fee or amount concerned, never its internal id."""
    named = {
        "document": {d.id: d.label for d in proc.documents},
        "deadline": {d.id: d.label for d in proc.deadlines},
        "fee": {f.id: f.label for f in proc.fees},
    }
    for member in proc.members:
        for kind, items in (("document", member.documents), ("deadline", member.deadlines), ("fee", member.fees)):
            named[kind].update({i.id: i.label for i in items if i.id not in named[kind]})
    rules = load_rules()
    out = []
    for item in proc.to_verify:
        kind, _, rest = item.partition(":")
        text = None
        criterion = _criterion(proc, rest) if kind in ("criterion", "exception") else None
        if criterion is not None and criterion.explanation:
            text = R(criterion.explanation, lang)
        elif kind in named and named[kind].get(rest):
            text = R(named[kind][rest], lang)
        elif kind == "parameter":
            parameter = rules.parameters.get(rest.partition("@")[0])
            used = next((p for p in proc.parameters if p.id == rest.partition("@")[0]), None)
            if parameter is not None and parameter.label and _has_text(parameter.label, lang):
                text = T("verify.amount", lang, label=R(parameter.label, lang))
            elif used is not None and used.value is not None:  # no wording in this language: the figure
                text = T("verify.amount", lang, label=bdi(f"{used.value} {parameter.unit or ''}".strip(), lang))
        elif kind == "version":
            text = T("verify.version_none" if rest == "none" else "verify.version", lang)
        text = text or T("verify.other", lang)
        if text not in out:
            out.append(text)
    return out


def _has_text(text, lang: str) -> bool:
    """Whether a rule text has its own wording in *lang* (not the English or French fallback)."""
    return lang in ("fr", "en") or bool(text.id and i18n.catalogue("rules", lang).get(text.id))


def _reasons(proc, lang: str, kiosk: bool, brief: bool = False) -> list[str]:
    """One line per criterion; *brief* (one person of a family) keeps what decided: for a condition
    met, the way it was met (spouse, child...); every condition not met or not known yet."""
    out = []
    for c in proc.criteria:
        if brief and c.result == "met":
            c = next((child for child in c.children if child.result == "met" and child.explanation), None)
            if c is None:
                continue
        flag = " ⚠" if c.status == "to_verify" else ""
        text = R(c.explanation, lang) if c.explanation else c.id
        cite = "" if kiosk else f" ({_cite(c.citations, lang)})"
        out.append(f"- {mark(c.result)} {text}{cite}{flag}")
    return out


def _person_name(key: str | None, people: dict | None, lang: str) -> str:
    record = (people or {}).get(key) or {}
    return bdi(record.get("given_name") or T("person.unnamed", lang), lang)


def _members(proc, lang: str, kiosk: bool, people: dict | None) -> list[str]:
    """A procedure decided for each person of a list: each person's status and reasons."""
    out = [f"**{T('result.members', lang)}**\n"]
    for member in proc.members:
        out.append(f"#### {_person_name(member.person, people, lang)} — {status_word(member.status, lang)}\n")
        if member.status != "not_applicable":
            out.extend(_reasons(member, lang, kiosk, brief=True) + [""])
    return out


def _missing_label(m, people: dict | None, lang: str) -> str:
    label = R(m.label, lang) if m.label else m.id
    return f"{label} ({_person_name(m.person, people, lang)})" if m.person else label


def result_markdown(
    evaluation, lang: str, kiosk: bool = False, place: str | None = None, people: dict | None = None
) -> str:
    """The result screen: per procedure its status, reasons with articles, what is missing,
    the running deadlines (short ones in bold), documents, fees and the to-verify warnings;
    a procedure decided for each family member shows each person's status and reasons.
    The kiosk shows the same in fewer words (no articles, no to-verify codes)."""
    out = []
    for day in sorted(set(getattr(evaluation, "planned", {}).values())):  # a filing still ahead
        out.append(f"> {T('result.if_filed_on', lang, date=bdi(day.strftime('%d/%m/%Y'), lang))}\n")
    for proc in evaluation.procedures:
        title = R(proc.title, lang)
        out.append(f"### {title}\n\n**{status_word(proc.status, lang)}**\n")
        if proc.status == "not_applicable":
            continue
        if proc.members:
            out.extend(_members(proc, lang, kiosk, people))
        elif proc.criteria:
            out.append(f"**{T('result.reasons', lang)}**\n")
            out.extend(_reasons(proc, lang, kiosk) + [""])
        out.extend(_figure_lines(proc, evaluation.jurisdiction, lang, kiosk))
        if proc.provisional:
            out.append(f"> {T('result.provisional', lang)}\n")
        if proc.missing_facts:
            out.append(
                f"**{T('result.missing', lang)}**: "
                + ", ".join(_missing_label(m, people, lang) for m in proc.missing_facts)
                + "\n"
            )
        if proc.deadlines:
            out.append(f"**{T('result.deadlines', lang)}**\n")
            for d in proc.deadlines:
                label = R(d.label, lang) if d.label else d.id
                cite = "" if kiosk else f" ({_cite(d.citations, lang)})"
                line = f"{label}: {_deadline_state(d, evaluation.jurisdiction, lang)}{cite}"
                urgent = d.running and d.days_left is not None and d.days_left <= 7
                out.append(f"- **{line}**" if urgent else f"- {line}")
            out.append("")
        if proc.documents:
            out.append(f"**{T('result.documents', lang)}**\n")
            out.extend(f"- {R(d.label, lang)}" for d in proc.documents)
            out.append("")
        if proc.fees:
            shown = [
                f"{R(f.label, lang)} {bdi(f'{f.amount} {f.currency}', lang)}" for f in proc.fees if f.amount is not None
            ]
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
                out.append(
                    f"> ⚠ {T('result.to_verify', lang)}:\n>\n"
                    + "\n".join(f"> - {text}" for text in verify_items(proc, lang))
                    + "\n"
                )
    return "\n".join(out)


def _money(value, lang: str, unit: str | None) -> str:
    amount = f"{value:,.2f}".replace(",", "\u202f").replace(".", "," if lang not in ("en",) else ".")
    key = "result.amount_per_month" if unit and "month" in unit else "result.amount"
    return T(key, lang, amount=bdi(amount, lang))


def _figure_lines(proc, jurisdiction: str, lang: str, kiosk: bool = False) -> list[str]:
    """The numbers the criteria compared: the threshold (with its unit and the parameter's
    references), the person's amount and what it lacks; a date a wait ends."""
    if not proc.figures:
        return []
    facts = load_rules().catalogue(jurisdiction).facts
    out = [f"**{T('result.figures', lang)}**\n"]
    for f in proc.figures:
        label = R(f.label, lang) if f.label else f.id
        if f.type == "money":
            shown = _money(f.value, lang, f.unit)
        elif f.type == "date":
            shown = bdi(_when(f.value), lang)
        else:
            shown = bdi(f.value, lang)
        line = f"- {label}: **{shown}**"
        if f.compared_with and f.type == "money":
            fact = facts.get(f.compared_with)
            line += " — " + T(
                "result.figure.declared",
                lang,
                label=R(fact.label, lang) if fact and fact.label else f.compared_with,
                amount=_money(f.fact_value, lang, f.unit),
            )
            if f.shortfall:
                line += " — **" + T("result.figure.shortfall", lang, amount=_money(f.shortfall, lang, f.unit)) + "**"
        if f.sources:
            line += f" ({T('result.figure.source', lang)}: {_cite(f.sources, lang)})"
        out.append(line)
    out.append("")
    return out


DURATION_UNITS = ("days", "working_days", "months", "years", "hours")


def _deadline_state(d, jurisdiction: str, lang: str) -> str:
    """Due date and days left; done; or stopped (suspended) and for how many days once it runs again.
    Its start event not known yet: how long, from which event ("21 days from the day you receive …")."""
    if d.start is None and d.due is None and not d.stopped:
        return _deadline_from(d, jurisdiction, lang)
    pause = d.stopped
    if pause:
        event = load_rules().catalogue(jurisdiction).facts.get(pause.until_fact)
        return T(
            "result.suspended",
            lang,
            since=bdi(_when(pause.since), lang),
            label=R(pause.label, lang),
            days=bdi(pause.days_left_then, lang),
            event=R(event.label, lang) if event and event.label else pause.until_fact,
        )
    if d.due is None:
        return "?"
    when = f"{T('result.due', lang)} {bdi(_when(d.due), lang)}"
    if d.met_on is not None:
        when += " — " + T("result.met", lang, date=bdi(_when(d.met_on), lang))
    elif d.days_left is not None:
        when += " — " + (
            T("result.days_left", lang, days=bdi(d.days_left, lang)) if d.days_left >= 0 else T("result.overdue", lang)
        )
    if d.suspension:
        when += " — " + T(
            "result.resumed",
            lang,
            since=bdi(_when(d.suspension.since), lang),
            until=bdi(_when(d.suspension.until), lang),
        )
    return when


def _deadline_from(d, jurisdiction: str, lang: str) -> str:
    rules = load_rules()
    spec = next(
        (
            x
            for p in rules.procedures_for(jurisdiction)
            for v in p.versions
            for x in v.deadlines
            if x.id == d.id and x.start == d.start_fact
        ),
        None,
    )
    event = rules.catalogue(jurisdiction).facts.get(d.start_fact)
    label = R(event.label, lang) if event and event.label else ""
    if spec is None or spec.unit not in DURATION_UNITS or not label:
        return T("result.deadline_not_started", lang)
    return T(
        "result.deadline_from",
        lang,
        duration=T(f"result.duration.{spec.unit}", lang, n=bdi(spec.amount, lang)),
        event=label,
    )


def _plain(text: str) -> str:
    """A result line without its isolating markup: FSI/PDI instead of <bdi>."""
    return html.unescape(text.replace('<bdi dir="ltr">', FSI).replace("</bdi>", PDI))


def checklist(evaluation, lang: str) -> list[dict]:
    """The documents to gather, per procedure, for the printable list."""
    out = []
    for proc in evaluation.procedures:
        if proc.status == "not_applicable" or not proc.documents:
            continue
        docs = []
        for d in proc.documents:
            item = {
                "label": i18n.rule_text(d.label, lang),
                "issued_by": i18n.rule_text(d.issued_by, lang) if d.issued_by else None,
            }
            docs.append(item)
        deadlines = [
            {"label": i18n.rule_text(d.label, lang) if d.label else d.id, "due": _when(d.due)}
            for d in proc.deadlines
            if d.running
        ]
        # Not started yet: how long, from which event (plain text: the markup of _deadline_from removed).
        waiting = [
            {
                "label": i18n.rule_text(d.label, lang) if d.label else d.id,
                "rule": _plain(_deadline_from(d, evaluation.jurisdiction, lang)),
            }
            for d in proc.deadlines
            if d.start is None and d.due is None and not d.stopped
        ]
        where = i18n.rule_text(proc.filing["where"], lang) if proc.filing and proc.filing.get("where") else ""
        out.append(
            {
                "title": i18n.rule_text(proc.title, lang),
                "documents": docs,
                "deadlines": deadlines,
                "waiting": waiting,
                "where": where,
            }
        )
    return out


def _text_html(text) -> Markup:
    """Plain text escaped, its FSI...PDI isolates turned into <bdi> (only after escaping)."""
    return Markup(isolates_to_html(str(escape(text))))


def checklist_html(evaluation, lang: str) -> str:
    """A printable HTML list (the PDF checklist comes from the documents engine later)."""
    lang = lang_of(lang)
    items = checklist(evaluation, lang)
    parts = [
        Markup('<section class="pc-checklist" lang="{}" dir="{}">').format(lang, direction(lang)),
        Markup("<h2>{}</h2>").format(T("checklist.title", lang)),
    ]
    if not items:
        # "Nothing to bring" only when no procedure has documents at all; conditions not met is said as such.
        refused = any(p.status == "not_eligible" for p in evaluation.procedures)
        parts.append(Markup("<p>{}</p>").format(T("checklist.not_eligible" if refused else "checklist.none", lang)))
    for proc in items:
        parts.append(Markup("<h3>{}</h3><ul>").format(_text_html(proc["title"])))
        for d in proc["documents"]:
            by = Markup(" <small>({})</small>").format(_text_html(d["issued_by"])) if d["issued_by"] else ""
            parts.append(
                Markup('<li><span class="pc-box" aria-hidden="true">☐</span> {}{}</li>').format(
                    _text_html(d["label"]), by
                )
            )
        parts.append(Markup("</ul>"))
        if proc["where"]:
            parts.append(
                Markup("<p><strong>{}</strong>: {}</p>").format(T("result.filing", lang), _text_html(proc["where"]))
            )
        if proc["waiting"]:
            parts.append(
                Markup("<ul>{}</ul>").format(
                    Markup("").join(
                        Markup("<li>{}: {}</li>").format(_text_html(d["label"]), _text_html(d["rule"]))
                        for d in proc["waiting"]
                    )
                )
            )
        if proc["deadlines"]:
            parts.append(
                Markup("<ul>{}</ul>").format(
                    Markup("").join(
                        Markup('<li>{}: <bdi dir="ltr">{}</bdi></li>').format(_text_html(d["label"]), d["due"])
                        for d in proc["deadlines"]
                    )
                )
            )
    parts.append(Markup("</section>"))
    return str(Markup("").join(parts))


def selected(checkboxes) -> list[str]:
    """The ticked keys of a checkboxes answer (a DADict from the page, a dict from the API)."""
    items = checkboxes.items() if hasattr(checkboxes, "items") else []
    return [key for key, ticked in items if ticked]


def language_heading() -> str:
    """The first kiosk screen's heading: 'Choose your language' in every language, each marked up
    with its own lang and dir so that screen readers and fonts follow."""
    return str(
        Markup(" · ").join(
            Markup('<span lang="{}" dir="{}">{}</span>').format(
                code, direction(code), T("kiosk.language.question", code)
            )
            for code in i18n.LANGS
        )
    )


def language_buttons() -> list[dict]:
    """One button per language, written in its own name (no flags)."""
    return [
        {
            "label": str(Markup('<span lang="{}" dir="{}">{}</span>').format(code, direction(code), i18n.NAMES[code])),
            "value": code,
        }
        for code in i18n.LANGS
    ]


def offered(value, choices) -> bool:
    """Whether a posted choice is one the screen offered: *choices* as docassemble takes them
    ([{value: label}], [{'value': v, 'label': l}] or plain values). A form post can carry any value."""
    keys = set()
    for choice in choices:
        if isinstance(choice, dict):
            keys.update([choice["value"]] if "value" in choice else choice.keys())
        else:
            keys.add(choice)
    try:
        return value in keys
    except TypeError:  # a list or a dict posted through the API is no choice
        return False


def only_offered(value, choices, lang: str, field: str | None = None) -> None:
    """Refuse (on the screen, in the person's language) a value the screen did not offer; nothing is stored."""
    from docassemble.base.util import validation_error

    if hasattr(value, "keys"):  # checkboxes: every key posted, ticked or not, must be offered
        values = list(value.keys())
        field = None  # the box named by the post is not on the screen: the message goes on top
    else:
        values = list(value) if isinstance(value, (list, tuple, set)) else [value]
    bad = [v for v in values if not offered(v, choices)]
    if bad:
        validation_error(T("check.not_offered", lang_of(lang)), field=field)
