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

from parcours import CaseFile, evaluate, i18n, load_rules, views
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
    """The first question's choices: France, Belgium and, for volunteers, a kiosk hand-over code
    or an outreach round's card code."""
    return [{"fr": T("jurisdiction.fr", lang)}, {"be": T("jurisdiction.be", lang)}] + (
        []
        if kiosk
        else [{"handover": T("jurisdiction.handover", lang)}, {"outreach": T("jurisdiction.outreach", lang)}]
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
    return views.status_text(status, lang)


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


def _offices(procedure_id: str, jurisdiction: str, place, lang: str) -> list[str]:
    """The competent offices for the person's place, from the directory in rules/ (⚠ when unconfirmed)."""
    lines = []
    for office in offices_for(load_rules(), jurisdiction, place or None, procedure_id):
        name = office["name"].get(lang) or office["name"].get("fr")
        flag = " ⚠" if office["status"] == "to_verify" else ""
        address = f" — {bdi(office['address'], lang)}" if office.get("address") else ""
        lines.append(f"- {iso(name, lang)}{address}{flag}")
    return lines


def _md(text) -> str:
    """A view's plain text (parcours.views) in the result's markdown: its FSI...PDI isolates as <bdi>."""
    return isolates_to_html(text or "")


def _cites_md(citations, lang: str) -> str:
    """Articles linked to their sources (parcours.views.CitationView)."""
    parts = []
    for c in citations:
        shown = bdi(c.article, lang)
        parts.append(f"[{shown}]({c.url})" if c.url else shown)
    return "; ".join(parts)


def verify_items(proc, lang: str) -> list[str]:
    """The points the legal team still has to verify, in words: what it is, and why it is unsure."""
    return [f"{item.what} — {item.reason}" for item in views.verify_views(proc, lang)]


def _reasons(reasons, lang: str, kiosk: bool, brief: bool = False) -> list[str]:
    """One line per condition; *brief* (one person of a family) keeps what decided: for a condition
    met, the way it was met (spouse, child...); every condition not met or not known yet."""
    out = []
    for r in reasons:
        if brief and r.result == "met":
            r = next((child for child in r.children if child.result == "met"), None)
            if r is None:
                continue
        flag = " ⚠" if r.to_verify else ""
        cite = "" if kiosk or not r.citations else f" ({_cites_md(r.citations, lang)})"
        out.append(f"- {r.mark} {_md(r.text)}{cite}{flag}")
    return out


def result_markdown(
    evaluation, lang: str, kiosk: bool = False, place: str | None = None, people: dict | None = None
) -> str:
    """The result screen, rendered from the evaluation's views (parcours.views): per procedure its
    status, reasons with articles, what is missing, the running deadlines (short ones in bold),
    documents, fees and the points to verify with their reasons; a procedure decided for each family
    member shows each person's status and reasons. The kiosk says the same in fewer words (no
    articles; "ask a volunteer" instead of the points to verify)."""
    view = views.evaluation_view(evaluation, lang, people)
    out = [f"> {_md(line)}\n" for line in view.planned]  # a filing still ahead
    for proc in view.procedures:
        out.append(f"### {_md(proc.title)}\n\n**{proc.status_text}**\n")
        if proc.status == "not_applicable":
            continue
        for step in proc.next_steps:  # what to do now: first, before the reasons
            cite = "" if kiosk or not step.citations else f" ({_cites_md(step.citations, lang)})"
            out.append(f"> {'⚠ ' if step.at_risk else ''}**{T('result.next_step', lang)}**: {_md(step.text)}{cite}\n")
        if proc.members:
            out.append(f"**{T('result.members', lang)}**\n")
            for member in proc.members:
                out.append(f"#### {bdi(member.person, lang)} — {member.status_text}\n")
                if member.status != "not_applicable":
                    out.extend(_reasons(member.reasons, lang, kiosk, brief=True) + [""])
        elif proc.reasons:
            out.append(f"**{T('result.reasons', lang)}**\n")
            out.extend(_reasons(proc.reasons, lang, kiosk) + [""])
        if proc.figures:
            out.append(f"**{T('result.figures', lang)}**\n")
            for f in proc.figures:
                line = f"- {_md(f.label)}: **{_md(f.value)}**"
                if f.declared:
                    line += f" — {_md(f.declared)}"
                if f.shortfall:
                    line += f" — **{_md(f.shortfall)}**"
                if f.sources:
                    line += f" ({T('result.figure.source', lang)}: {_cites_md(f.sources, lang)})"
                out.append(line)
            out.append("")
        if proc.provisional:
            out.append(f"> {T('result.provisional', lang)}\n")
        if proc.missing:
            shown = [f"{_md(m.label)} ({bdi(m.person, lang)})" if m.person else _md(m.label) for m in proc.missing]
            out.append(f"**{T('result.missing', lang)}**: " + ", ".join(shown) + "\n")
        if proc.deadlines:
            out.append(f"**{T('result.deadlines', lang)}**\n")
            for d in proc.deadlines:
                cite = "" if kiosk or not d.citations else f" ({_cites_md(d.citations, lang)})"
                line = f"{_md(d.label)}: {_md(d.text)}{cite}"
                out.append(f"- **{line}**" if d.urgent else f"- {line}")
            out.append("")
        if proc.documents:
            out.append(f"**{T('result.documents', lang)}**\n")
            out.extend(f"- {_md(d.label)}" for d in proc.documents)
            out.append("")
        shown = [f"{_md(f.label)} {_md(f.amount)}" for f in proc.fees if f.amount]
        if shown:
            out.append(f"**{T('result.fees', lang)}**: " + ", ".join(shown) + "\n")
        offices = _offices(proc.id, evaluation.jurisdiction, place, lang) if place else []
        if proc.filing_where:
            out.append(f"**{T('result.filing', lang)}**: {_md(proc.filing_where)}\n")
        if offices:
            if not proc.filing_where:
                out.append(f"**{T('result.filing', lang)}**:\n")
            out.extend(offices + [""])
        if proc.verify:
            if kiosk:
                out.append(f"> ⚠ {T('result.ask_volunteer', lang)}\n")
            else:
                out.append(
                    f"> ⚠ {T('result.to_verify', lang)}:\n>\n"
                    + "\n".join(f"> - {_md(item.what)} — {_md(item.reason)}" for item in proc.verify)
                    + "\n"
                )
    if view.rules_version and not kiosk:  # which rules decided, for the volunteer and the legal team
        out.append(f"<small>{_md(view.rules_version)}</small>\n")
    return "\n".join(out)


def result_timeline(evaluation, lang: str, kiosk: bool = False, people: dict | None = None) -> str:
    """The case's dated timeline on the result screen (guide and kiosk): the next deadline and the
    event it runs from, the steps drawn as an inline SVG (mirrored in right-to-left languages), the
    deadlines not dated yet; at the kiosk, the read-aloud where a voice exists. One HTML block (no
    blank line: markdown leaves it whole); nothing when no procedure has a deadline."""
    from parcours.documents.timeline import timeline_svg

    view = views.timeline_view(evaluation, lang, people)
    if not view.procedures:
        return ""

    def words(text) -> Markup:  # a view's text, escaped, its FSI...PDI isolates as <bdi> (HTML only, not SVG)
        return Markup(isolates_to_html(str(escape(text or ""))))

    parts = [
        Markup('<h3 class="pc-tl-title">{}</h3>').format(view.title),
        Markup('<p class="pc-tl-summary"><strong>{}</strong>{}</p>').format(
            words(view.next or T("timeline.none", lang)), Markup("<br>") + words(view.starts) if view.starts else ""
        ),
    ]
    if kiosk:
        from .kiosk import _said, has_voice, listen_html

        if has_voice(lang):
            spoken = " ".join(_said(x) for x in (view.here, view.next, view.starts) if x)
            parts.append(Markup(listen_html(spoken, lang, T("kiosk.listen", lang))))
    parts.append(timeline_svg(view))
    undated = [u for proc in view.procedures for u in proc.undated]
    if undated:
        parts.append(
            Markup('<p class="pc-tl-undated"><strong>{}</strong></p><ul class="pc-tl-undated">{}</ul>').format(
                T("timeline.undated", lang), Markup("").join(Markup("<li>{}</li>").format(words(u)) for u in undated)
            )
        )
    body = Markup("").join(parts)
    return str(Markup('<div class="pc-timeline" dir="{}" lang="{}">{}</div>').format(view.direction, view.lang, body))


def _deadline_state(d, jurisdiction: str, lang: str, proc=None) -> str:
    """One deadline's state in words, for the result's markdown (parcours.views.deadline_view)."""
    from types import SimpleNamespace

    owner = proc or SimpleNamespace(id="", version=None)
    return _md(views.deadline_view(d, owner, jurisdiction, lang).text)


def checklist(evaluation, lang: str) -> list[dict]:
    """The documents to gather, per procedure, for the printable list (from the views)."""
    out = []
    view = views.evaluation_view(evaluation, lang)
    for proc in view.procedures:
        if proc.status == "not_applicable" or not proc.documents:
            continue
        out.append(
            {
                "title": proc.title,
                "documents": [{"label": d.label, "issued_by": d.issued_by} for d in proc.documents],
                "deadlines": [
                    {"label": d.label, "due": d.due} for d in proc.deadlines if d.state in ("due", "today", "passed")
                ],
                # Not started yet: how long, from which event.
                "waiting": [{"label": d.label, "rule": d.text} for d in proc.deadlines if d.state == "not_started"],
                "where": proc.filing_where or "",
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
