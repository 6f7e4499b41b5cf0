"""What a person reads about an evaluation, in their language: one view per procedure.

`evaluate()` decides; this module says it. Every renderer — the guide's result screen and the kiosk,
`parcours explain`, `to_json(lang)`, "Mes dossiers", the checklist — reads these views and looks up no
wording of its own. A view holds plain text: translated labels, dates written as people write them,
numbers with their units and sources, each deadline's state in words, each "to verify" point with its
reason. Inside right-to-left text, numbers, dates and Latin names are isolated with FSI...PDI, which an
HTML renderer turns into <bdi dir="ltr"> (guide.isolates_to_html). Nothing here is markup, and no
internal id is ever a text: a text that is missing in every language gives a generic phrase instead.
"""

from __future__ import annotations

import contextvars
import datetime as dt
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from . import i18n
from .citations import Citation

FSI, PDI = "\u2068", "\u2069"
MARKS = {"met": "✓", "not_met": "✗"}
STATUSES = ("eligible", "at_risk", "not_eligible", "unknown", "not_applicable")
DURATION_UNITS = ("days", "working_days", "months", "years", "hours")
URGENT_DAYS = 7  # a running deadline this close is shown first and in bold


# ----------------------------------------------------------------------------- the views


@dataclass
class CitationView:
    article: str
    url: str | None = None
    quote: str | None = None


@dataclass
class ReasonView:
    """One condition: met (✓), not met (✗) or not known yet (?), with its articles."""

    result: str  # met / not_met / unknown
    mark: str
    text: str
    citations: list[CitationView] = field(default_factory=list)
    to_verify: bool = False
    exception: str | None = None  # the exception that decided it, in words
    children: list[ReasonView] = field(default_factory=list)


@dataclass
class FigureView:
    """A number a condition compared: a threshold, the person's amount and what it lacks, a date."""

    label: str
    value: str
    type: str
    declared: str | None = None  # "Revenus du foyer : 1 500,00 € par mois"
    shortfall: str | None = None  # "il manque 301,80 € par mois"
    sources: list[CitationView] = field(default_factory=list)


@dataclass
class DeadlineView:
    label: str
    state: str  # due / today / met / passed / suspended / not_started / unknown; opens / open (a right's first day)
    text: str  # the state in words ("avant le 12/01/2027 — 5 jours restants")
    due: str | None = None  # the due date as people write it
    days_left: int | None = None
    urgent: bool = False
    rule: str = ""  # how it is counted, so a volunteer can redo the count by hand
    conditional: bool = False  # applies only if a condition not yet known is met
    citations: list[CitationView] = field(default_factory=list)


@dataclass
class DocumentView:
    label: str
    issued_by: str | None = None
    notes: list[str] = field(default_factory=list)  # sworn translation, apostille, alternatives
    conditional: bool = False


@dataclass
class FeeView:
    label: str
    amount: str | None
    payment: str | None = None


@dataclass
class MissingView:
    label: str
    person: str | None = None  # the person's name when the fact is one person's


@dataclass
class VerifyView:
    """A point the legal team has not confirmed: what it is, and why, in words."""

    what: str
    reason: str


@dataclass
class NextStepView:
    """What to do now that the result implies (a delay has run out; a point a lawyer must assess)."""

    text: str
    at_risk: bool = False
    citations: list[CitationView] = field(default_factory=list)


@dataclass
class ProcedureView:
    id: str
    status: str
    title: str
    status_text: str
    person: str | None = None  # for one person of a family: their name
    rules_in_force: str | None = None  # "Règles en vigueur du 18/08/2025 au …"
    outcome: str | None = None
    provisional: bool = False
    next_steps: list[NextStepView] = field(default_factory=list)
    reasons: list[ReasonView] = field(default_factory=list)
    members: list[ProcedureView] = field(default_factory=list)
    figures: list[FigureView] = field(default_factory=list)
    missing: list[MissingView] = field(default_factory=list)
    deadlines: list[DeadlineView] = field(default_factory=list)
    documents: list[DocumentView] = field(default_factory=list)
    fees: list[FeeView] = field(default_factory=list)
    filing_where: str | None = None
    filing_how: str | None = None
    verify: list[VerifyView] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class EvaluationView:
    lang: str
    direction: str
    as_of: str
    planned: list[str]  # "Si vous déposez le 15/01/2027 : ..."
    procedures: list[ProcedureView]
    rules_version: str = ""  # "Règles de parcours relues le 06/12/2026 (réf. 664df577bb)"

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class TimelineStepView:
    """One dated step of a procedure (parcours.timeline.Step) in words."""

    date: str  # the engine's date as people write it (isolated inside right-to-left text)
    kind: str  # parcours.timeline.KINDS: picks the pictogram
    kind_text: str  # "Recours"
    label: str  # what happens that day: the deadline's label, or the event's
    position: str  # past / here / next / later
    text: str = ""  # the deadline's state in words ("avant le 12/01/2027 — 5 jours restants")
    assumed: str = ""  # why the date is an assumption, in words ("" when it is certain)


@dataclass
class TimelineProcedureView:
    title: str
    person: str | None = None
    steps: list[TimelineStepView] = field(default_factory=list)
    undated: list[str] = field(default_factory=list)  # "<deadline> — 1 mois à compter de <event>"


@dataclass
class TimelineView:
    """A case's timeline (parcours.timeline) in the person's language: each procedure's steps in date
    order, where the person is today, the next running deadline and the event it runs from."""

    lang: str
    direction: str
    title: str
    here: str  # "Vous êtes ici — aujourd'hui, 06/12/2026"
    next: str  # "Prochain délai : ..., avant le ..."; "" when none runs
    starts: str  # "Il court à partir de : ... (03/11/2026)"
    assumed_legend: str  # what the assumption mark means
    procedures: list[TimelineProcedureView] = field(default_factory=list)
    kinds: dict = field(default_factory=dict)  # kind -> its word, for a legend of the pictograms shown

    def to_json(self) -> dict:
        return asdict(self)


# ----------------------------------------------------------------------------- words


def T(msgid: str, lang: str, **values) -> str:
    return i18n.ui(msgid, lang, **values)


def text(value, lang: str) -> str:
    """A rule text (parcours.messages.Text or its JSON) in *lang*; '' when there is none."""
    return (i18n.rule_text(value, lang) or "") if value is not None else ""


def iso(value, lang: str) -> str:
    """A number, a date or a Latin name inside right-to-left text, isolated so it keeps its order."""
    value = "" if value is None else str(value)
    return f"{FSI}{value}{PDI}" if value and i18n.is_rtl(lang) else value


def when(value) -> str:
    """A date as people write it here (15/07/2024), a time with its hour (15/07/2024 14:30)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def status_text(status: str, lang: str) -> str:
    return T(f"status.{status}" if status in STATUSES else "status.unknown", lang)


def _number(value, lang: str) -> str:
    """A number as people write it in *lang*: thin spaces between thousands, a decimal comma
    except in English; at most two decimals."""
    number = Decimal(str(value))
    shown = f"{number:,.2f}" if number != number.to_integral_value() else f"{number:,.0f}"
    shown = shown.replace(",", "\u202f")
    return shown if lang == "en" else shown.replace(".", ",")


def money(value, lang: str, unit: str | None = None) -> str:
    amount = f"{Decimal(str(value)):,.2f}".replace(",", "\u202f")
    if lang != "en":
        amount = amount.replace(".", ",")
    key = "result.amount_per_month" if unit and "month" in unit else "result.amount"
    return T(key, lang, amount=iso(amount, lang))


def rules_version(version: str, lang: str, domain: str = "ui") -> str:
    """Which rules decided, in words: their latest review date and the reference of the rule files."""
    day, _, ref = (version or "").partition(".")
    try:
        day = when(dt.date.fromisoformat(day))
    except ValueError:
        return ""
    msgid = "result.rules_version" if domain == "ui" else "checklist.rules_version"
    return i18n.text(domain, msgid, lang, date=iso(day, lang), ref=iso(ref, lang))


def duration(unit: str, amount: int, lang: str) -> str:
    """ "21 jours", "1 mois", "3 дня": in the plural form of the number (parcours.i18n.lookup)."""
    return T(f"result.duration.{unit}", lang, count=amount, n=iso(amount, lang))


def _join(parts: list[str], lang: str) -> str:
    """A list in a sentence: the Arabic comma in Arabic-script languages (the registry's script)."""
    return ("، " if _script(lang) == "Arab" else ", ").join(parts)


def _script(lang: str) -> str:
    from . import languages

    found = next((x for x in languages.languages() if x.code == lang), None)
    return getattr(getattr(found, "script", None), "code", "") or ""


def citations(items) -> list[CitationView]:
    out = []
    for c in items or ():
        if not isinstance(c, Citation):  # a saved result holds plain dicts
            if not isinstance(c, dict) or not c.get("article"):
                continue
            c = Citation.from_doc(c)
        if c.article:
            out.append(CitationView(c.article, c.href, c.text or None))
    return out


# ----------------------------------------------------------------------------- the rules behind a result


_RULES: contextvars.ContextVar = contextvars.ContextVar("parcours_view_rules", default=None)


def _rules():
    """The rules the evaluation was made with (evaluation_view(rules=...)), else the default ones."""
    rules = _RULES.get()
    if rules is not None:
        return rules
    from .loader import load_rules

    return load_rules()


def _fact_label(jurisdiction: str, fact_id: str, lang: str) -> str:
    fact = _rules().catalogue(jurisdiction).facts.get(fact_id) if fact_id else None
    return text(fact.label, lang) if fact is not None and fact.label else ""


def version_spec(proc):
    """The rule version a result was decided with (None: no version in force, or a saved result)."""
    procedure = _rules().procedures.get(proc.id)
    if procedure is None or not proc.version:
        return None
    return next((v for v in procedure.versions if v.label == proc.version), None)


def deadline_spec(proc, deadline_id: str, start_fact: str | None = None):
    """The rule of one deadline of a result: in its own version, else any version of the procedure."""
    version = version_spec(proc)
    candidates = list(version.deadlines) if version else []
    procedure = _rules().procedures.get(proc.id)
    if procedure is not None:
        candidates += [d for v in procedure.versions for d in v.deadlines]
    for d in candidates:
        if d.id == deadline_id and (start_fact is None or d.start == start_fact):
            return d
    return None


# ----------------------------------------------------------------------------- deadlines


def rule_words(spec, jurisdiction: str, lang: str) -> str:
    """How a delay is counted, in words: its length, the event it runs from (by its label), how the
    days are counted, whether it moves past a weekend or a holiday, and what stops it."""
    if spec is None or spec.unit not in DURATION_UNITS:
        return ""
    event = _fact_label(jurisdiction, spec.start, lang) or T("deadline.rule.event", lang)
    parts = [T("deadline.rule.from", lang, duration=duration(spec.unit, spec.amount, lang), event=event)]
    if spec.unit == "hours":
        parts.append(T("deadline.rule.hour_to_hour", lang))
        return _join(parts, lang)
    if spec.unit == "working_days" and spec.working_week:
        parts.append(T(f"deadline.rule.{spec.working_week}", lang))
    parts.append(T("deadline.rule.franc" if spec.counting == "franc" else "deadline.rule.ordinary", lang))
    if spec.end_of_month:
        parts.append(T(f"deadline.rule.{spec.end_of_month}", lang))
    parts.append(T("deadline.rule.extend" if spec.extend else "deadline.rule.no_extend", lang))
    for pause in spec.suspensions:
        parts.append(
            T(
                "deadline.rule.suspended",
                lang,
                start=_fact_label(jurisdiction, pause.start, lang) or T("deadline.rule.event", lang),
                end=_fact_label(jurisdiction, pause.end, lang) or T("deadline.rule.event", lang),
                resumes=T(f"deadline.rule.{pause.resumes}", lang),
            )
        )
    if getattr(spec, "met_by", None):
        parts.append(T("deadline.rule.met_by", lang, event=_fact_label(jurisdiction, spec.met_by, lang) or "…"))
    return _join([p for p in parts if p], lang)


def deadline_view(d, proc, jurisdiction: str, lang: str) -> DeadlineView:
    spec = deadline_spec(proc, d.id, d.start_fact)
    view = DeadlineView(
        label=text(d.label, lang) or T("verify.other", lang),
        state="unknown",
        text="",
        due=when(d.due) or None,
        days_left=d.days_left,
        rule=rule_words(spec, jurisdiction, lang),
        conditional=d.condition == "unknown",
        citations=citations(d.citations),
    )
    pause = d.stopped
    if d.start is None and d.due is None and not pause:
        view.state = "not_started"
        event = _fact_label(jurisdiction, d.start_fact, lang)
        if spec is not None and spec.unit in DURATION_UNITS and event:
            # A right that opens (ask to work) is "possible N months after", never "you will have N months".
            key = "result.opens_from" if getattr(spec, "opens", False) else "result.deadline_from"
            view.text = T(key, lang, duration=duration(spec.unit, spec.amount, lang), event=event)
        else:
            view.text = T("result.deadline_not_started", lang)
        return view
    if pause:
        view.state = "suspended"
        view.text = T(
            "result.suspended",
            lang,
            since=iso(when(pause.since), lang),
            label=text(pause.label, lang),
            days=iso(pause.days_left_then, lang),
            count=pause.days_left_then,
            event=_fact_label(jurisdiction, pause.until_fact, lang) or T("deadline.rule.event", lang),
        )
        return view
    if d.due is None:
        view.text = T("result.deadline_unknown", lang)
        return view
    if getattr(spec, "opens", False):  # a right opens that day (ask to work): "from", never "passed"
        view.state = "opens" if d.days_left is not None and d.days_left > 0 else "open"
        words = T("result.opens", lang, date=iso(when(d.due), lang))
        if view.state == "opens":
            words += " — " + T("result.opens_in", lang, count=d.days_left, days=iso(d.days_left, lang))
        else:
            words += " — " + T("result.open_now", lang)
        view.text = words
        return view
    words = f"{T('result.due', lang)} {iso(when(d.due), lang)}"
    if d.met_on is not None:
        view.state = "met"
        words += " — " + T("result.met", lang, date=iso(when(d.met_on), lang))
    elif d.days_left is not None and d.days_left < 0:
        view.state = "passed"
        authority = getattr(spec, "authority", False)  # the administration's delay, not the person's
        words += " — " + T("result.elapsed" if authority else "result.overdue", lang)
    elif d.days_left == 0:
        view.state = "today"
        words += " — " + T("result.today", lang)
    else:
        view.state = "due"
        if d.days_left is not None:
            words += " — " + T("result.days_left", lang, count=d.days_left, days=iso(d.days_left, lang))
    if d.suspension is not None and d.suspension.until is not None:
        words += " — " + T(
            "result.resumed",
            lang,
            since=iso(when(d.suspension.since), lang),
            until=iso(when(d.suspension.until), lang),
        )
    view.text = words
    view.urgent = (
        view.state in ("due", "today")
        and d.days_left is not None
        and d.days_left <= URGENT_DAYS
        and not getattr(spec, "authority", False)  # nothing the person must do by then
    )
    return view


# ----------------------------------------------------------------------------- conditions, figures


def reason_view(c, lang: str, version=None) -> ReasonView:
    exception = None
    if c.exception and version is not None:
        exc = next((e for node in _walk(version.criteria) for e in node.exceptions if e.id == c.exception), None)
        exception = text(exc.explanation, lang) or None if exc is not None else None
    return ReasonView(
        result=c.result,
        mark=MARKS.get(c.result, "?"),
        text=text(c.explanation, lang) or T("verify.other", lang),
        citations=citations(c.citations),
        to_verify=c.status == "to_verify",
        exception=exception,
        children=[reason_view(child, lang, version) for child in c.children if child.explanation],
    )


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node.children)
        for exc in node.exceptions:
            yield from _walk([exc.when])


def figure_view(f, jurisdiction: str, lang: str) -> FigureView:
    if f.type == "money":
        shown = money(f.value, lang, f.unit)
    elif f.type == "date":
        shown = iso(when(f.value), lang)
    else:
        shown = iso(f.value, lang)
    view = FigureView(
        label=text(f.label, lang) or T("verify.other", lang), value=shown, type=f.type, sources=citations(f.sources)
    )
    if f.compared_with and f.type == "money" and f.fact_value is not None:
        label = _fact_label(jurisdiction, f.compared_with, lang) or T("result.figure.yours", lang)
        view.declared = T("result.figure.declared", lang, label=label, amount=money(f.fact_value, lang, f.unit))
        if f.shortfall:
            view.shortfall = T("result.figure.shortfall", lang, amount=money(f.shortfall, lang, f.unit))
    return view


def document_view(d, lang: str) -> DocumentView:
    from .documents import i18n as documents_i18n  # the checklist's own wording of these notes

    notes = []
    if d.sworn_translation not in ("no", None):
        notes.append(documents_i18n.message(f"checklist.sworn_translation.{d.sworn_translation}", lang))
    if d.apostille not in ("no", None):
        notes.append(documents_i18n.message(f"checklist.apostille.{d.apostille}", lang))
    if d.alternatives:
        alternatives = " / ".join(text(t, lang) for _, t in d.alternatives)
        notes.append(f"{documents_i18n.message('checklist.alternatives', lang)} {alternatives}")
    return DocumentView(
        label=text(d.label, lang),
        issued_by=text(d.issued_by, lang) or None,
        notes=[n for n in notes if n],
        conditional=d.condition == "unknown",
    )


# ----------------------------------------------------------------------------- to verify


def _flagged(proc, kind: str, rest: str):
    """The rule element behind one "to verify" flag (kind:id) of a result, or None."""
    version = version_spec(proc)
    if kind == "version":
        return version if rest != "none" else None
    if kind == "parameter":
        pid, _, start = rest.partition("@")
        parameter = _rules().parameters.get(pid)
        if parameter is None:
            return None
        return next((v for v in parameter.values if v.start.isoformat() == start), None)
    if version is None:
        return None
    if kind in ("criterion", "exception"):
        for node in _walk(version.criteria):
            if kind == "criterion" and node.id == rest:
                return node
            for exc in node.exceptions:
                if kind == "exception" and exc.id == rest:
                    return exc
        return None
    if kind == "suspension":
        return next((s for d in version.deadlines for s in d.suspensions if s.id == rest), None)
    items = {"document": version.documents, "deadline": version.deadlines, "fee": version.fees}.get(kind, ())
    return next((x for x in items if x.id == rest), None)


def _named(proc, kind: str, rest: str, lang: str) -> str:
    """What a flag is about, in words: the condition, document, deadline, fee or amount."""
    results = [proc] + list(proc.members)
    if kind in ("criterion", "exception"):
        for result in results:
            found = result.criterion(rest)
            if found is not None and found.explanation:
                return text(found.explanation, lang)
        element = _flagged(proc, kind, rest)
        return text(getattr(element, "explanation", None), lang)
    if kind in ("document", "deadline", "fee"):
        for result in results:
            items = {"document": result.documents, "deadline": result.deadlines, "fee": result.fees}[kind]
            item = next((x for x in items if x.id == rest and x.label), None)
            if item is not None:
                return text(item.label, lang)
        element = _flagged(proc, kind, rest)
        return text(getattr(element, "label", None), lang)
    if kind == "suspension":
        element = _flagged(proc, kind, rest)
        return text(getattr(element, "label", None), lang)
    if kind == "parameter":
        pid = rest.partition("@")[0]
        parameter = _rules().parameters.get(pid)
        if parameter is not None and parameter.label and _own_text(parameter.label, lang):
            return T("verify.amount", lang, label=text(parameter.label, lang))
        used = next((p for p in proc.parameters if p.id == pid), None)
        if used is not None and used.value is not None:  # no wording in this language: the figure
            unit = (parameter.unit if parameter is not None else "") or ""
            if isinstance(used.value, tuple):  # a list of codes (type codes)
                shown = ", ".join(used.value)
            else:
                shown = money(used.value, lang, unit) if "EUR" in unit.upper() else iso(_number(used.value, lang), lang)
            return T("verify.amount", lang, label=shown)
        return ""
    if kind == "version":
        return T("verify.version_none" if rest == "none" else "verify.version", lang)
    return ""


def _own_text(value, lang: str) -> bool:
    """Whether a rule text has its own wording in *lang* (not the English or French fallback)."""
    return lang in ("fr", "en") or bool(value.id and i18n.catalogue("rules", lang).get(value.id))


def verify_views(proc, lang: str) -> list[VerifyView]:
    """Each point the legal team still has to verify: what it is, and why it is unsure."""
    out: list[VerifyView] = []
    for flag in proc.to_verify:
        kind, _, rest = flag.partition(":")
        what = _named(proc, kind, rest, lang) or T("verify.other", lang)
        element = _flagged(proc, kind, rest)
        why = getattr(element, "verify_reason", None)
        if kind == "version" and rest == "none":
            declared = getattr(_rules().procedures.get(proc.id), "before_first_version", None)
            own = declared is not None and _own_text(declared, lang)
            reason = text(declared, lang) if own else T("verify.reason.version_none", lang)
        else:
            # A reason not yet translated into this language: the general one, never English on the screen.
            own = why is not None and _own_text(why, lang)
            reason = text(why, lang) if own else T("verify.reason.unconfirmed", lang)
        item = VerifyView(what, reason)
        if item not in out:
            out.append(item)
    return out


# ----------------------------------------------------------------------------- procedures


def person_name(key: str | None, people: dict | None, lang: str) -> str:
    record = (people or {}).get(key) or {}
    name = record.get("given_name") if isinstance(record, dict) else getattr(record, "given_name", None)
    return name or T("person.unnamed", lang)


def _rules_in_force(version: str | None, lang: str) -> str | None:
    if not version:
        return None
    start, _, end = version.partition("..")
    try:
        since = when(dt.date.fromisoformat(start))
        until = when(dt.date.fromisoformat(end)) if end and end != "…" else None
    except ValueError:
        return None
    if until:
        return T("result.rules_between", lang, since=iso(since, lang), until=iso(until, lang))
    return T("result.rules_since", lang, since=iso(since, lang))


def procedure_view(proc, jurisdiction: str, lang: str, people: dict | None = None) -> ProcedureView:
    view = ProcedureView(
        id=proc.id,
        status=proc.status,
        title=text(proc.title, lang) or T("verify.other", lang),
        status_text=status_text(proc.status, lang),
        person=person_name(proc.person, people, lang) if proc.person else None,
        rules_in_force=_rules_in_force(proc.version, lang),
        outcome=text(proc.outcome, lang) or None,
        provisional=bool(proc.provisional),
    )
    if proc.status == "not_applicable":
        return view
    version = version_spec(proc)
    view.next_steps = [
        NextStepView(text(n.text, lang), n.at_risk, citations(n.citations))
        for n in getattr(proc, "next_steps", ())
        if text(n.text, lang)
    ]
    view.reasons = [reason_view(c, lang, version) for c in proc.criteria]
    view.members = [procedure_view(m, jurisdiction, lang, people) for m in proc.members]
    view.figures = [figure_view(f, jurisdiction, lang) for f in proc.figures]
    view.missing = [
        MissingView(
            text(m.label, lang) or _fact_label(jurisdiction, m.id, lang) or T("verify.other", lang),
            person_name(m.person, people, lang) if m.person else None,
        )
        for m in proc.missing_facts
    ]
    view.deadlines = [deadline_view(d, proc, jurisdiction, lang) for d in proc.deadlines]
    view.documents = [document_view(d, lang) for d in proc.documents]
    view.fees = [
        FeeView(
            text(f.label, lang),
            money(f.amount, lang) if f.amount is not None else None,
            text(f.payment, lang) or None,
        )
        for f in proc.fees
    ]
    filing = proc.filing or {}
    view.filing_where = text(filing.get("where"), lang) or None
    view.filing_how = text(filing.get("how"), lang) or None
    view.verify = verify_views(proc, lang)
    return view


def evaluation_view(evaluation, lang: str, people: dict | None = None, rules=None) -> EvaluationView:
    """The views of every procedure of *evaluation* in *lang*; *people* names the persons of a
    family ({person id: record with given_name}); *rules* are those the evaluation used (default:
    parcours.load_rules())."""
    token = _RULES.set(rules) if rules is not None else None
    try:
        return _evaluation_view(evaluation, i18n.known_lang(lang, "en"), people)
    finally:
        if token is not None:
            _RULES.reset(token)


def _evaluation_view(evaluation, lang: str, people: dict | None) -> EvaluationView:
    planned = [
        T("result.if_filed_on", lang, date=iso(when(day), lang))
        for day in sorted(set((getattr(evaluation, "planned", None) or {}).values()))
    ]
    return EvaluationView(
        lang=lang,
        direction="rtl" if i18n.is_rtl(lang) else "ltr",
        as_of=when(evaluation.as_of),
        planned=planned,
        procedures=[procedure_view(p, evaluation.jurisdiction, lang, people) for p in evaluation.procedures],
        rules_version=rules_version(getattr(evaluation, "rules_version", ""), lang),
    )


# ----------------------------------------------------------------------------- the timeline


def _assumed_text(assumptions, lang: str) -> str:
    return _join([T(f"timeline.assumed.{a}", lang) for a in assumptions], lang)


def timeline_view(evaluation, lang: str, people: dict | None = None, rules=None, procedures=None) -> TimelineView:
    """The case's timeline (parcours.timeline) in *lang*; *procedures*: only these procedure ids."""
    from . import timeline as tl

    token = _RULES.set(rules) if rules is not None else None
    try:
        lang = i18n.known_lang(lang, "en")
        line = tl.timeline(evaluation, _rules(), procedures)
        return _timeline_view(line, evaluation, lang, people)
    finally:
        if token is not None:
            _RULES.reset(token)


def _timeline_view(line, evaluation, lang: str, people: dict | None) -> TimelineView:
    today = iso(when(evaluation.as_of), lang)
    view = TimelineView(
        lang=lang,
        direction="rtl" if i18n.is_rtl(lang) else "ltr",
        title=T("timeline.title", lang),
        here=T("timeline.here", lang, date=today),
        next="",
        starts="",
        assumed_legend=T("timeline.assumed", lang),
    )
    for proc_line in line.procedures:
        proc = proc_line.procedure
        shown = TimelineProcedureView(
            title=text(proc.title, lang) or T("verify.other", lang),
            person=person_name(proc.person, people, lang) if proc.person else None,
        )
        for step in proc_line.steps:
            if step.role == "start":
                label = _fact_label(evaluation.jurisdiction, step.fact, lang) or T("deadline.rule.event", lang)
                words = ""
            else:
                deadline = deadline_view(step.result, proc, evaluation.jurisdiction, lang)
                label, words = deadline.label, deadline.text
            shown.steps.append(
                TimelineStepView(
                    date=iso(when(step.day), lang),
                    kind=step.kind,
                    kind_text=T(f"timeline.kind.{step.kind}", lang),
                    label=label,
                    position=step.position,
                    text=words,
                    assumed=_assumed_text(step.assumptions, lang),
                )
            )
            view.kinds.setdefault(step.kind, T(f"timeline.kind.{step.kind}", lang))
        for d in proc_line.undated:
            deadline = deadline_view(d, proc, evaluation.jurisdiction, lang)
            shown.undated.append(f"{deadline.label} — {deadline.text}" if deadline.text else deadline.label)
        view.procedures.append(shown)
    found = line.next
    if found is not None:
        deadline = deadline_view(found.result, found.procedure, evaluation.jurisdiction, lang)
        view.next = T("timeline.next", lang, label=deadline.label, date=iso(when(found.result.due), lang))
        event = _fact_label(evaluation.jurisdiction, found.start_fact, lang) or T("deadline.rule.event", lang)
        view.starts = T("timeline.starts", lang, event=event, date=iso(when(found.start), lang))
        if found.assumptions:
            view.next += f" ({_assumed_text(found.assumptions, lang)})"
    return view
