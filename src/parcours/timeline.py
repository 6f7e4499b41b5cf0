"""A case's dated timeline: the steps of each procedure in date order, from the engine's dates only.

    line = timeline(evaluation)            # rules: the ones the evaluation was made with (default: load_rules())
    for proc in line.procedures: proc.steps, proc.undated, proc.next

Every date is one the engine computed (a deadline's start event, its due day) or the evaluation
day itself ("you are here"); nothing here adds a day, counts a delay or reads a typed date. Each
step has a kind from a small closed set (KINDS, each drawn with its own pictogram), a position
against the evaluation day (POSITIONS) and the reasons its date is an assumption (ASSUMPTIONS). A
deadline the engine cannot date yet (its event has not happened, it is stopped) is listed apart,
with the event it will run from. No text here: parcours.views says it in the person's language.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

# The kinds of step, each with its pictogram (parcours.documents.timeline.PICTOGRAMS) and its word
# (ui catalogue timeline.kind.<kind>). "event" is the day a delay runs from (a notification, a filing).
KINDS = ("filing", "decision", "appeal", "hearing", "renewal", "opens", "deadline", "event")
POSITIONS = ("past", "here", "next", "later")  # "here": on the evaluation day
# Why a date is not certain: the start is a date still ahead that the person plans ("if you file
# on"); the legal team has not confirmed how the delay is counted; the deadline applies only if a
# condition not known yet is met; the rules were chosen without knowing the date that picks them.
ASSUMPTIONS = ("planned", "to_verify", "conditional", "provisional")

# Deadline ids and event (fact) ids, read by words: the first pattern that matches gives the kind.
_DUE_KINDS = (
    ("appeal", r"appeal|recours|^ta_|^cnda|^cce_|legal_aid"),
    ("renewal", r"expiry|renew|grace"),
    ("hearing", r"hearing|audience|interview|entretien"),
    ("filing", r"filing|lodging|registration|documents|certificate|request|incomplete|file_"),
)
_EVENT_KINDS = (
    ("decision", r"notification|decision|approval|acceptance|judgment|rejection|refusal"),
    ("hearing", r"hearing|audience|interview|entretien"),
    ("renewal", r"expiry|renewal|issue"),
    ("filing", r"filing|lodging|registration|presentation|request|application"),
)


@dataclass
class Step:
    day: dt.date | dt.datetime  # the engine's date (a datetime for a delay counted in hours)
    kind: str  # one of KINDS
    role: str  # "start": the event a delay runs from; "due": its last day (or a right's first day)
    procedure: str  # the procedure's id
    deadline: str | None = None  # the deadline's id (both roles)
    fact: str | None = None  # the start event's fact id (role "start")
    position: str = "later"  # one of POSITIONS
    assumptions: tuple[str, ...] = ()  # from ASSUMPTIONS: empty when the date is certain
    result: object = None  # the engine's DeadlineResult (role "due"), for its state in words
    authority: bool = False  # a delay the administration keeps, not the person

    @property
    def date(self) -> dt.date:
        return self.day.date() if isinstance(self.day, dt.datetime) else self.day

    @property
    def assumed(self) -> bool:
        return bool(self.assumptions)


@dataclass
class NextDeadline:
    """The next running deadline (the person's own first, else the administration's) and what starts it."""

    procedure: object  # ProcedureResult
    result: object  # DeadlineResult
    start_fact: str
    start: dt.date | dt.datetime | None
    assumptions: tuple[str, ...] = ()


@dataclass
class ProcedureTimeline:
    procedure: object  # ProcedureResult
    steps: list[Step] = field(default_factory=list)
    undated: list = field(default_factory=list)  # DeadlineResults the engine cannot date yet
    next: NextDeadline | None = None


@dataclass
class Timeline:
    as_of: dt.date
    jurisdiction: str
    procedures: list[ProcedureTimeline]
    next: NextDeadline | None = None  # the case's next running deadline, across its procedures


def _matching(word: str, table) -> str | None:
    return next((kind for kind, pattern in table if re.search(pattern, word or "")), None)


def due_kind(deadline_id: str, spec=None) -> str:
    """The kind of a deadline's due day: a right that opens, the administration's decision or
    reply, else by the deadline's words (appeal, renewal, hearing, filing), else "deadline"."""
    if getattr(spec, "opens", False):
        return "opens"
    if getattr(spec, "authority", False):
        return "decision"
    return _matching(deadline_id, _DUE_KINDS) or "deadline"


def event_kind(fact_id: str) -> str:
    """The kind of the event a delay runs from (a notified decision, a filing...), else "event"."""
    return _matching(fact_id, _EVENT_KINDS) or "event"


def deadline_spec(rules, proc, deadline):
    """The rule of one deadline of a result: in the version that decided, else any version."""
    procedure = rules.procedures.get(proc.id) if rules is not None else None
    if procedure is None:
        return None
    versions = sorted(procedure.versions, key=lambda v: v.label != proc.version)  # the deciding one first
    for version in versions:
        for spec in version.deadlines:
            if spec.id == deadline.id and spec.start == deadline.start_fact:
                return spec
    return None


def _assumptions(evaluation, proc, deadline) -> tuple[str, ...]:
    out = []
    if deadline.start_fact in (getattr(evaluation, "planned", None) or {}):
        out.append("planned")
    if deadline.status == "to_verify":
        out.append("to_verify")
    if deadline.condition == "unknown":
        out.append("conditional")
    if proc.provisional:
        out.append("provisional")
    return tuple(out)


def _running(d, as_of) -> bool:
    """Still to act on and not past: the engine's `running`, with a due day not before today."""
    return d.running and (d.days_left is None or d.days_left >= 0)


def _next(evaluation, candidates, specs) -> NextDeadline | None:
    """The earliest running deadline: the person's own first; the administration's when none is left."""
    running = [(proc, d) for proc, d in candidates if _running(d, evaluation.as_of)]
    own = [(proc, d) for proc, d in running if not getattr(specs.get(id(d)), "authority", False)]
    pool = own or running
    if not pool:
        return None
    proc, d = min(pool, key=lambda pair: _sort_key(pair[1].due))
    return NextDeadline(proc, d, d.start_fact, d.start, _assumptions(evaluation, proc, d))


def _sort_key(day):
    if isinstance(day, dt.datetime):
        return (day.date(), day.time())
    return (day, dt.time.min)


def procedure_timeline(evaluation, proc, rules=None) -> ProcedureTimeline:
    """One procedure's steps in date order, its undated deadlines and its next running deadline."""
    out = ProcedureTimeline(proc)
    if proc.status == "not_applicable":
        return out
    as_of, seen, specs = evaluation.as_of, set(), {}
    for d in proc.deadlines:
        spec = specs[id(d)] = deadline_spec(rules, proc, d)
        assumed = _assumptions(evaluation, proc, d)
        if d.start is not None:
            key = ("start", d.start_fact, d.start)
            if key not in seen:
                seen.add(key)
                planned = ("planned",) if "planned" in assumed else ()
                out.steps.append(
                    Step(d.start, event_kind(d.start_fact), "start", proc.id, d.id, d.start_fact, assumptions=planned)
                )
        if d.due is None:
            if ("undated", d.id) not in seen:
                seen.add(("undated", d.id))
                out.undated.append(d)
            continue
        key = ("due", d.id, d.due)
        if key in seen:  # a procedure decided per person gathers its members' deadlines
            continue
        seen.add(key)
        out.steps.append(
            Step(
                d.due,
                due_kind(d.id, spec),
                "due",
                proc.id,
                d.id,
                assumptions=assumed,
                result=d,
                authority=bool(getattr(spec, "authority", False)),
            )
        )
    out.steps.sort(key=lambda s: (_sort_key(s.day), s.role != "start"))
    out.next = _next(evaluation, [(proc, d) for d in proc.deadlines], specs)
    for step in out.steps:
        if step.date < as_of:
            step.position = "past"
        elif out.next is not None and step.role == "due" and step.result is out.next.result:
            step.position = "next"
        elif step.date == as_of:
            step.position = "here"
        else:
            step.position = "later"
    return out


def timeline(evaluation, rules=None, procedures=None) -> Timeline:
    """The case's timeline: one per procedure that has a deadline (dated or not), and the case's
    next running deadline. *rules*: those the evaluation used (default: parcours.load_rules());
    *procedures*: only these procedure ids (a procedure's own handout)."""
    if rules is None:
        from .loader import load_rules

        rules = load_rules()
    chosen = [p for p in evaluation.procedures if procedures is None or p.id in procedures]
    procedures = [procedure_timeline(evaluation, proc, rules) for proc in chosen]
    procedures = [p for p in procedures if p.steps or p.undated]
    found = [p.next for p in procedures if p.next is not None]
    own = [n for n in found if not any(s.authority for s in _steps_of(procedures, n))]
    pool = own or found
    first = min(pool, key=lambda n: _sort_key(n.result.due)) if pool else None
    return Timeline(evaluation.as_of, evaluation.jurisdiction, procedures, first)


def _steps_of(procedures, next_deadline):
    return [s for p in procedures for s in p.steps if s.result is next_deadline.result]
