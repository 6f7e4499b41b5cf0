"""The fact catalogue: what a case can know, with types.

A fact has a stable id (used in expressions, case files and interviews), a
type, an optional unit, the id of the interview question that asks it, and a
sensitivity tag used for data protection (what may be stored, shown, shared).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from .messages import Text
from .numerals import normalise_digits, parse_date, parse_datetime, parse_decimal, parse_integer

FACT_TYPES = ("date", "datetime", "bool", "integer", "money", "number", "enum", "text", "persons")
SENSITIVITIES = (
    "none",
    "identity",
    "civil_status",
    "family",
    "financial",
    "residence",
    "nationality",
    "health",
    "asylum_account",
    "criminal_record",
    "religion_or_belief",
    "sexual_orientation",
    "political_opinion",
    "ethnic_origin",
    "biometric",
    "location",
)
# Sensitivity tags that are not sensitive: anything else (health, asylum account, family, residence...)
# is marked on the question and review screens and leaves the kiosk only with the person's consent.
NOT_SENSITIVE = ("none", "identity")
RESERVED_IDS = ("as_of", "true", "false", "null", "for", "in", "if", "and", "or", "not")


@dataclass(frozen=True)
class Fact:
    id: str
    type: str
    question: str
    sensitivity: str
    label: Text | None = None
    unit: str | None = None
    values: tuple[str, ...] = ()  # for enums
    minimum: Decimal | None = None  # for numbers and money (money defaults to 0)
    past: bool = False  # a date that cannot be later than the day it is entered
    planned: bool = False  # a date that may still be ahead (a filing being prepared)
    after: tuple[str, ...] = ()  # date facts this date (for persons: each birth date) cannot precede
    of: str | None = None  # a fact of each person of this persons fact (asked per person)
    from_field: str | None = None  # ...read from the person's own field (birth_date), never asked
    file: str = ""
    line: int = 0

    @property
    def sensitive(self) -> bool:
        return self.sensitivity not in NOT_SENSITIVE

    def coerce(self, raw):
        """Turn a value from a case file into its typed Python value or raise ValueError."""
        kind = self.type
        if kind == "date":
            return parse_date(raw)
        if kind == "datetime":
            if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
                raise ValueError(f"{self.id} needs a date and a time (e.g. 2024-07-15T14:30), not only a date")
            return parse_datetime(raw)
        if kind == "bool":
            if isinstance(raw, bool):
                return raw
            text = normalise_digits(str(raw)).strip().lower()
            if text in ("true", "yes", "oui", "1"):
                return True
            if text in ("false", "no", "non", "0"):
                return False
            raise ValueError(f"{raw!r} is not yes/no (write true or false)")
        if kind in ("integer", "money", "number"):
            number = parse_integer(raw) if kind == "integer" else parse_decimal(raw)
            floor = self.minimum if self.minimum is not None else (Decimal(0) if kind == "money" else None)
            if floor is not None and number < floor:
                raise ValueError(
                    f"{raw!r} is below the minimum {floor} for {self.id}"
                    + (" (an amount cannot be negative)" if kind == "money" else "")
                )
            return number
        if kind == "enum":
            text = str(raw).strip() if not isinstance(raw, bool) else str(raw).lower()
            if text not in self.values:
                from .suggest import did_you_mean

                raise ValueError(f"{raw!r} is not one of {', '.join(self.values)}" + did_you_mean(text, self.values))
            return text
        if kind == "text":
            if not isinstance(raw, (str, int, Decimal)) or isinstance(raw, bool):
                raise ValueError(f"expected text, got {raw!r}")
            return str(raw)
        if kind == "persons":
            if not isinstance(raw, list) or not all(isinstance(p, str) for p in raw):
                raise ValueError("expected a list of person ids, e.g. [child1, child2]")
            return tuple(raw)
        raise ValueError(f"unknown fact type {kind}")  # pragma: no cover - schema forbids it


@dataclass
class FactCatalogue:
    jurisdiction: str
    facts: dict[str, Fact] = field(default_factory=dict)

    def __contains__(self, fact_id: str) -> bool:
        return fact_id in self.facts

    def __getitem__(self, fact_id: str) -> Fact:
        return self.facts[fact_id]

    def get(self, fact_id: str) -> Fact | None:
        return self.facts.get(fact_id)

    def ids(self) -> list[str]:
        return list(self.facts)

    def of_each(self, persons_fact: str) -> list[Fact]:
        """The facts asked for each person of *persons_fact* (relationship, union date...)."""
        return [f for f in self.facts.values() if f.of == persons_fact]


def parse_facts(doc, jurisdiction: str, file: str, collector) -> dict[str, Fact]:
    """Build Fact objects from a validated `kind: facts` document."""
    out: dict[str, Fact] = {}
    block = doc.get("facts") or {}
    for fact_id, spec in block.items():
        line = block.line_of(fact_id)
        if fact_id in RESERVED_IDS:
            collector.error(file, line, f"fact id {fact_id!r} is reserved", "choose another id")
            continue
        minimum = spec.get("minimum")
        values = tuple(str(v) for v in spec.get("values", ()))
        if spec["type"] == "enum" and not values:
            collector.error(file, line, f"fact {fact_id} is an enum but lists no values", "add values: [a, b]")
        if spec["type"] != "enum" and values:
            collector.error(
                file,
                spec.line_of("values"),
                f"fact {fact_id} has values but is of type {spec['type']}",
                "use type: enum, or remove values",
            )
        out[fact_id] = Fact(
            id=fact_id,
            type=spec["type"],
            question=spec["question"],
            sensitivity=spec["sensitivity"],
            label=Text.from_doc(spec.get("label"), f"{jurisdiction}.fact.{fact_id}"),
            unit=spec.get("unit"),
            values=values,
            minimum=parse_decimal(minimum) if minimum is not None else None,
            past=bool(spec.get("past")),
            planned=bool(spec.get("planned")),
            after=tuple(spec.get("after", ())),
            of=spec.get("of"),
            from_field=spec.get("from"),
            file=file,
            line=line,
        )
        if spec.get("from") and not spec.get("of"):
            collector.error(
                file,
                line,
                f"fact {fact_id}: from: reads a person's field, so it needs of: <persons fact>",
                "add of: <the persons fact>, or remove from:",
            )
        if spec.get("planned") and (spec["type"] not in ("date", "datetime") or spec.get("past")):
            collector.error(
                file,
                line,
                f"fact {fact_id}: planned applies to a date that is not past: true",
                "keep either past: true (already happened) or planned: true (may be ahead)",
            )
        if (spec.get("past") or spec.get("after")) and spec["type"] not in ("date", "datetime", "persons"):
            collector.error(
                file,
                line,
                f"fact {fact_id}: past/after only apply to dates and persons",
                "remove them, or use type: date",
            )
    return out


PLANNING_DAYS = 366  # a filing is prepared months ahead, not years: later is a typing mistake


def planning_limit(today: dt.date) -> dt.date:
    """The last day a planned date (a filing being prepared) may fall on."""
    return today + dt.timedelta(days=PLANNING_DAYS)


def planned_dates(catalogue: FactCatalogue, facts: dict, today: dt.date) -> dict[str, dt.date]:
    """The planned facts of a case whose date is still ahead: the result then reads "if you file on ..."."""
    out = {}
    for fact_id, raw in facts.items():
        fact = catalogue.get(fact_id)
        if fact is None or not fact.planned or raw is None:
            continue
        try:
            day = _day(fact.coerce(raw))
        except (ValueError, TypeError):
            continue
        if day > today:
            out[fact_id] = day
    return out


def _day(value):
    return value.date() if isinstance(value, dt.datetime) else value


def check_dates(
    fact: Fact, value, known: dict, catalogue: FactCatalogue, today: dt.date, births: dict | None = None
) -> tuple[str, str | None, dt.date | None] | None:
    """Plausibility of a date the person gives, in both directions of every `after:` link.

    *known* holds the case's other facts; *births* maps a persons fact (e.g. children) to the birth
    dates already given for its persons. Returns None when plausible, else (problem, other fact,
    its date): ("future", None, None) for a date after *today* where that is impossible,
    ("before", id, date) for a date earlier than one it must follow (a child born before its
    parent), ("after", id, date) for one later than a date that must follow it."""
    day = _day(value)
    if fact.past and day > today:
        return ("future", None, None)
    if fact.planned and day > planning_limit(today):
        return ("too_far", None, planning_limit(today))

    def typed(fact_id):
        other, raw = catalogue.get(fact_id), known.get(fact_id)
        try:
            return _day(other.coerce(raw)) if other is not None and raw is not None else None
        except ValueError:
            return None

    for other_id in fact.after:  # this date cannot precede those
        earlier = typed(other_id)
        if earlier is not None and day < earlier:
            return ("before", other_id, earlier)
    for other in catalogue.facts.values():  # nor follow the dates that must come after it
        if fact.id not in other.after:
            continue
        laters = [typed(other.id)] if other.type != "persons" else list((births or {}).get(other.id, ()))
        for later in laters:
            if later is not None and day > _day(later):
                return ("after", other.id, _day(later))
    return None
