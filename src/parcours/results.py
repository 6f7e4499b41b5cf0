"""Evaluation results: plain dataclasses with a stable `to_json()`.

The JSON shape is a contract (docs/rules-engine.md) used by the CLI, the
docassemble glue and the interviews; add keys, never rename or remove them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from .citations import Citation
from .messages import Text


def _text(text: Text | None, lang: str):
    """A rule text in *lang*: the rule file's French or English, else the translation catalogue."""
    from . import i18n

    return i18n.rule_text(text, lang) if text else None


def _number(value: Decimal | None):
    if value is None:
        return None
    value = value.quantize(Decimal("0.01")) if value != value.to_integral_value() else value
    return float(value) if value != value.to_integral_value() else int(value)


def _json_value(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return _number(value)
    return value


@dataclass
class CriterionResult:
    id: str | None
    result: str  # met / not_met / unknown
    citations: list[Citation]
    explanation: Text | None
    status: str
    missing_facts: list[str] = field(default_factory=list)
    exception: str | None = None  # id of the exception that decided the result
    expression: str | None = None
    children: list[CriterionResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def to_json(self, lang: str = "en") -> dict:
        out = {
            "id": self.id,
            "result": self.result,
            "citations": [c.to_json() for c in self.citations],
            "explanation": self.explanation.id if self.explanation else None,
            "explanation_text": _text(self.explanation, lang),
            "status": self.status,
            "missing_facts": list(self.missing_facts),
            "exception": self.exception,
        }
        if self.expression:
            out["expression"] = self.expression
        if self.children:
            out["children"] = [c.to_json(lang) for c in self.children]
        if self.errors:
            out["errors"] = list(self.errors)
        return out


@dataclass
class MissingFact:
    id: str
    type: str
    question: str
    label: Text | None
    sensitivity: str
    values: tuple[str, ...] = ()
    needed_for: list[str] = field(default_factory=list)
    person: str | None = None  # a fact of this person of a list (asked once per person)

    def to_json(self, lang: str = "en") -> dict:
        out = {
            "id": self.id,
            "type": self.type,
            "question": self.question,
            "label": _text(self.label, lang),
            "sensitivity": self.sensitivity,
            "needed_for": list(self.needed_for),
        }
        if self.values:
            out["values"] = list(self.values)
        if self.person:
            out["person"] = self.person
        return out


@dataclass
class SuspensionResult:
    """A delay that stopped running on *since*; it runs again from *until* (None: not yet)."""

    id: str
    label: Text | None
    since: dt.date
    until: dt.date | None
    until_fact: str  # the fact that gives *until*
    days_left_then: int  # the days the delay still had on *since* (resumes: remaining)
    resumes: str  # remaining / anew
    citations: list[Citation]
    status: str

    def to_json(self, lang: str = "en") -> dict:
        return {
            "id": self.id,
            "label": _text(self.label, lang),
            "since": _json_value(self.since),
            "until": _json_value(self.until),
            "until_fact": self.until_fact,
            "days_left_then": self.days_left_then,
            "resumes": self.resumes,
            "citations": [c.to_json() for c in self.citations],
            "status": self.status,
        }


@dataclass
class DeadlineResult:
    id: str
    label: Text | None
    due: dt.date | dt.datetime | None
    rule: str
    start_fact: str
    start: dt.date | dt.datetime | None
    extended_from: dt.date | None
    days_left: int | None
    condition: str  # met / unknown (deadlines whose condition is not met are left out)
    citations: list[Citation]
    status: str
    suspension: SuspensionResult | None = None  # the delay stopped running (due is None while it is stopped)
    met_on: dt.date | None = None  # the act was done on this day, in time
    opens: bool = False  # the day a right opens (asking to work), not a last day to act

    def to_json(self, lang: str = "en") -> dict:
        extra = {"opens": True} if self.opens else {}
        return extra | {
            "id": self.id,
            "label": _text(self.label, lang),
            "due": _json_value(self.due),
            "rule": self.rule,
            "from": self.start_fact,
            "start": _json_value(self.start),
            "extended_from": _json_value(self.extended_from),
            "days_left": self.days_left,
            "condition": self.condition,
            "citations": [c.to_json() for c in self.citations],
            "status": self.status,
            "suspension": self.suspension.to_json(lang) if self.suspension else None,
            "met_on": _json_value(self.met_on),
        }

    @property
    def running(self) -> bool:
        """Still to act on: a due date, not yet met, not stopped (a right's first day is not a delay)."""
        return self.due is not None and self.met_on is None and not self.opens

    @property
    def stopped(self) -> SuspensionResult | None:
        """The suspension holding the delay now (its restarting event not known yet), else None."""
        return self.suspension if self.suspension is not None and self.suspension.until is None else None


@dataclass
class DocumentResult:
    id: str
    label: Text
    issued_by: Text | None
    sworn_translation: str
    apostille: str
    alternatives: list[tuple[str, Text]]
    condition: str
    citations: list[Citation]
    status: str
    recipient: str | None = None  # who receives it (parcours.recipients)
    confidential: str | None = None  # "medical": only the medical recipient may receive it

    def to_json(self, lang: str = "en") -> dict:
        return {
            "id": self.id,
            "label": _text(self.label, lang),
            "recipient": self.recipient,
            "issued_by": _text(self.issued_by, lang),
            "sworn_translation": self.sworn_translation,
            "apostille": self.apostille,
            "alternatives": [{"id": i, "label": _text(t, lang)} for i, t in self.alternatives],
            "condition": self.condition,
            "citations": [c.to_json() for c in self.citations],
            "status": self.status,
        }


@dataclass
class FeeResult:
    id: str
    label: Text
    amount: Decimal | None
    currency: str
    condition: str
    payment: Text | None
    citations: list[Citation]
    status: str

    def to_json(self, lang: str = "en") -> dict:
        return {
            "id": self.id,
            "label": _text(self.label, lang),
            "amount": _number(self.amount),
            "currency": self.currency,
            "condition": self.condition,
            "payment": _text(self.payment, lang),
            "citations": [c.to_json() for c in self.citations],
            "status": self.status,
        }


@dataclass
class ParameterUse:
    id: str
    start: dt.date
    value: Decimal | tuple[str, ...] | None  # a tuple for a list of codes
    references: list[Citation]
    status: str

    def to_json(self, lang: str = "en") -> dict:
        return {
            "id": self.id,
            "from": self.start.isoformat(),
            "value": list(self.value) if isinstance(self.value, tuple) else _number(self.value),
            "references": [c.to_json() for c in self.references],
            "status": self.status,
        }


@dataclass
class Figure:
    """A number a criterion compared (a threshold, a date a wait ends), with where it comes from.

    *compared_with* is the fact it was compared to and *shortfall* how much that fact lacks
    (money/numbers, when the criterion is not met), so a result can say "threshold 1 801.80 EUR,
    you declared 1 500 EUR: 301.80 EUR short"."""

    id: str
    label: Text | None
    type: str  # money / number / integer / date
    value: object
    unit: str | None  # the unit of the parameter it was read from (e.g. "EUR per month")
    sources: list[Citation]  # the references of the parameters that fed it
    compared_with: str | None = None
    fact_value: object = None
    shortfall: object = None

    def to_json(self, lang: str = "en") -> dict:
        return {
            "id": self.id,
            "label": _text(self.label, lang),
            "type": self.type,
            "value": _json_value(self.value),
            "unit": self.unit,
            "sources": [c.to_json() for c in self.sources],
            "compared_with": self.compared_with,
            "fact_value": _json_value(self.fact_value),
            "shortfall": _json_value(self.shortfall),
        }


@dataclass
class NextStep:
    """What to do next that the result itself implies: a delay has run out (the Dublin transfer
    period: France is now responsible), or a point a lawyer must assess (*at_risk*)."""

    id: str  # the deadline or criterion it comes from
    text: Text
    letters: list[str] = field(default_factory=list)  # the letters that ask for it
    citations: list[Citation] = field(default_factory=list)
    at_risk: bool = False  # a lawyer must assess the point: see legal help

    def to_json(self, lang: str = "en") -> dict:
        return {
            "id": self.id,
            "text": _text(self.text, lang),
            "letters": list(self.letters),
            "citations": [c.to_json() for c in self.citations],
            "at_risk": self.at_risk,
        }


@dataclass
class ProcedureResult:
    id: str
    title: Text
    status: str  # eligible / not_eligible / at_risk / unknown / not_applicable
    version: str | None
    criteria: list[CriterionResult] = field(default_factory=list)
    missing_facts: list[MissingFact] = field(default_factory=list)
    deadlines: list[DeadlineResult] = field(default_factory=list)
    documents: list[DocumentResult] = field(default_factory=list)
    fees: list[FeeResult] = field(default_factory=list)
    to_verify: list[str] = field(default_factory=list)
    computed: dict = field(default_factory=dict)
    parameters: list[ParameterUse] = field(default_factory=list)
    outcome: Text | None = None
    filing: dict | None = None
    letters: list[str] = field(default_factory=list)
    applies: str | None = None
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    # The date that picks the version is unknown: documents, deadlines and filing are those of the
    # version in force on the evaluation date, shown so that a person who does not know still learns
    # where to go and what to bring.
    provisional: bool = False
    # A procedure decided for each person of a list (`for_each:`): one result per person, in the
    # list's order; the procedure's own status, documents and deadlines gather theirs.
    person: str | None = None
    members: list[ProcedureResult] = field(default_factory=list)
    rules_version: str = ""  # the rules that decided (RuleSet.version), for documents built from one result
    next_steps: list[NextStep] = field(default_factory=list)

    def criterion(self, criterion_id: str) -> CriterionResult | None:
        stack = list(self.criteria)
        while stack:
            item = stack.pop(0)
            if item.id == criterion_id:
                return item
            stack.extend(item.children)
        return None

    def to_json(self, lang: str = "en") -> dict:
        return {
            "id": self.id,
            "title": _text(self.title, lang),
            "status": self.status,
            "version": self.version,
            "applies": self.applies,
            "criteria": [c.to_json(lang) for c in self.criteria],
            "missing_facts": [m.to_json(lang) for m in self.missing_facts],
            "deadlines": [d.to_json(lang) for d in self.deadlines],
            "documents": [d.to_json(lang) for d in self.documents],
            "fees": [f.to_json(lang) for f in self.fees],
            "to_verify": list(self.to_verify),
            "computed": {k: _json_value(v) for k, v in self.computed.items()},
            "parameters": [p.to_json(lang) for p in self.parameters],
            "outcome": _text(self.outcome, lang),
            "filing": self.filing,
            "letters": list(self.letters),
            "notes": list(self.notes),
            "errors": list(self.errors),
            "figures": [f.to_json(lang) for f in self.figures],
            "provisional": self.provisional,
            "next_steps": [n.to_json(lang) for n in self.next_steps],
            **({"person": self.person} if self.person else {}),
            **({"members": [m.to_json(lang) for m in self.members]} if self.members else {}),
        }


@dataclass
class Evaluation:
    as_of: dt.date
    jurisdiction: str
    procedures: list[ProcedureResult]
    case_id: str | None = None
    planned: dict = field(default_factory=dict)  # planned facts still ahead: fact id -> date ("if you file on")
    rules_version: str = ""  # the rules that decided (RuleSet.version)

    def procedure(self, procedure_id: str) -> ProcedureResult | None:
        return next((p for p in self.procedures if p.id == procedure_id), None)

    def missing_facts(self) -> list[MissingFact]:
        """Every fact still worth asking, across procedures, first-needed first (for interviews)."""
        seen: dict[tuple, MissingFact] = {}
        for proc in self.procedures:
            for item in proc.missing_facts:
                key = (item.id, item.person)
                if key in seen:
                    seen[key].needed_for.extend(n for n in item.needed_for if n not in seen[key].needed_for)
                else:
                    seen[key] = MissingFact(
                        item.id,
                        item.type,
                        item.question,
                        item.label,
                        item.sensitivity,
                        item.values,
                        list(item.needed_for),
                        item.person,
                    )
        return list(seen.values())

    def to_json(self, lang: str = "en", people: dict | None = None, rules=None) -> dict:
        """The result as data, its texts in *lang*; each procedure carries its "view": what a person
        reads (parcours.views), and each deadline's "rule" says in *lang* how the delay is counted."""
        from .views import evaluation_view

        view = evaluation_view(self, lang, people, rules)
        procedures = []
        for result, shown in zip(self.procedures, view.procedures):
            data = result.to_json(view.lang)
            for deadline, words in zip(data["deadlines"], shown.deadlines):
                deadline["rule"] = words.rule
            data["view"] = shown.to_json()
            procedures.append(data)
        return {
            "format": "parcours.evaluation/1",
            "as_of": self.as_of.isoformat(),
            "rules_version": self.rules_version,
            "jurisdiction": self.jurisdiction,
            "case_id": self.case_id,
            "lang": view.lang,
            "procedures": procedures,
        }
