"""Deadlines, computed with explicit arithmetic (never typed in by hand).

A deadline states its start event (a date or datetime fact) and its rule:

- ``days``, ``working_days``, ``months``, ``years`` or ``hours``;
- ``counting``: ``ordinary`` — the event day does not count and the period
  ends on its last day (CPC art. 641: notified 1 March + 15 days -> 16 March);
  or ``franc`` — neither the event day nor the day of expiry counts, so the
  last day to act is one day later (notified 1 March + 15 days -> 17 March);
- ``end_of_month`` (months/years only): what 31 January + 1 month is —
  ``last_day`` (28/29 February, CPC art. 641) or ``next_day`` (1 March);
- ``working_week`` (working days only): ``mon_fri`` (jours ouvrés) or
  ``mon_sat`` (jours ouvrables);
- ``extend_to_working_day``: if the last day is a Saturday, Sunday or public
  holiday, move it to the next working day (CPC art. 642);
- hours are counted from hour to hour, never extended.

A delay may stop running (``suspended_by``): between two events (a legal aid
request and the notification of its decision), under an optional condition;
it then ``resumes`` for the ``remaining`` time it had when it stopped, or runs
``anew`` in full from the second event (an interruption); ``if_met: <deadline>``
stops it only if that other deadline was met (the legal aid request made in
time, as that deadline counts it, weekend extension included). A deadline may
be ``met_by`` a date fact: the act was done on that day or before, the
deadline is met (met on its due day is met).

A deadline is shown while the procedure is open (eligible or not yet known);
``also_when_not_eligible: true`` shows it whatever the result (a grace period
that runs after a late renewal). ``once_passed`` says what to do once the
delay has run out (``next_step`` text, and the ``letters`` that ask for it).
``opens: true`` marks a date from which a right can be used (an asylum seeker may ask to work
six months after registration), not a last day to act: it reads "from <date>", never "passed".

Leaving out a rule that the arithmetic needs is a load-time error.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import dates
from .citations import Citation
from .criteria import Node
from .messages import Text

UNITS = ("days", "working_days", "months", "years", "hours")


RESUMES = ("remaining", "anew")


class DeadlineSpecError(ValueError):
    def __init__(self, message: str, line: int, hint: str | None = None):
        super().__init__(message)
        self.line = line
        self.hint = hint


@dataclass(frozen=True)
class Suspension:
    """An exception to the running of a delay: from one event until another."""

    id: str
    label: Text | None
    start: str  # date fact: the delay stops running (e.g. legal aid requested)
    end: str  # date fact: it runs again (e.g. the legal aid decision notified)
    resumes: str  # remaining: the time left when it stopped; anew: the full delay again
    when: Node | None
    citations: tuple[Citation, ...]
    status: str
    verify_reason: Text | None = None  # status to_verify: why, in words a volunteer reads
    if_met: str | None = None  # the id of a deadline of the same version: the delay stops only if that one was met


@dataclass(frozen=True)
class OncePassed:
    """What to do once a delay has run out (a Dublin transfer period: France is now responsible)."""

    next_step: Text
    letters: tuple[str, ...] = ()


@dataclass
class Deadline:
    id: str
    label: Text | None
    start: str  # fact id of the start event
    unit: str
    amount: int
    counting: str | None  # ordinary / franc (None for hours)
    end_of_month: str | None
    working_week: str | None
    extend: bool
    calendar: str
    when: Node | None
    citations: tuple[Citation, ...]
    status: str
    line: int
    suspensions: tuple[Suspension, ...] = ()
    verify_reason: Text | None = None  # status to_verify: why, in words a volunteer reads
    met_by: str | None = None  # date fact: the day the act was done
    # Shown whatever the procedure's result (a grace period that runs after a late renewal);
    # otherwise a deadline is shown only while the procedure is open (eligible or not yet known).
    also_when_not_eligible: bool = False
    once_passed: OncePassed | None = None
    # The date a right opens (the day one may ask to work), not a last day: read "from <date>".
    opens: bool = False
    # A delay the administration or another State must keep (a reply, a decision, a transfer),
    # not the person: once past, it reads "date passed", never "you are late".
    authority: bool = False

    def due(self, start_value):
        """Last moment to act: a date (until 24:00) or, for hours, a datetime."""
        if self.unit == "hours":
            return start_value + dt.timedelta(hours=self.amount), None
        return self.extended(self.last_day(start_value))

    def extended(self, end: dt.date):
        """(last day, the day it was moved from or None) once weekends and holidays are applied."""
        if self.extend:
            moved = dates.next_working_day(end, self.calendar, "mon_fri")
            if moved != end:
                return moved, end
        return end, None

    def resumed(self, last_day: dt.date, stopped: dt.date, restarted: dt.date, how: str) -> dt.date:
        """The last day (before any weekend extension) once a suspension from *stopped* to
        *restarted* is over: the days that were left on *stopped* run again from *restarted*,
        or, for an interruption, the whole delay runs again from *restarted*."""
        if how == "anew":
            return self.last_day(restarted)
        return restarted + (last_day - stopped)

    def last_day(self, start_value) -> dt.date:
        """The last day of the delay, before any weekend or holiday extension."""
        day = start_value.date() if isinstance(start_value, dt.datetime) else start_value
        if self.unit == "days":
            end = day + dt.timedelta(days=self.amount)
        elif self.unit == "working_days":
            end = dates.add_working_days(day, self.amount, self.calendar, self.working_week)
        elif self.unit == "months":
            end = dates.add_months(day, self.amount, self.end_of_month)
        else:
            end = dates.add_years(day, self.amount, self.end_of_month)
        if self.counting == "franc":
            end += dt.timedelta(days=1)
        return end

    def rule_text(self) -> str:
        """The arithmetic in English words (developers, test messages; people read views.rule_words)."""
        w = _WORDS
        unit = w[self.unit][0 if self.amount == 1 else 1]
        parts = [f"{self.amount} {unit} {w['from']} {self.start}"]
        if self.unit == "hours":
            parts.append(w["hour_to_hour"])
            return ", ".join(parts)
        if self.unit == "working_days":
            parts.append(w[self.working_week])
        parts.append(w["franc"] if self.counting == "franc" else w["ordinary"])
        if self.end_of_month:
            parts.append(w[self.end_of_month])
        parts.append(w["extend"].format(self.calendar) if self.extend else w["no_extend"])
        for suspension in self.suspensions:
            parts.append(
                w["suspended"].format(start=suspension.start, end=suspension.end, resumes=w[suspension.resumes])
            )
        if self.met_by:
            parts.append(w["met_by"].format(self.met_by))
        return ", ".join(parts)


# The counting in English words: a trace for developers and the legal team's test messages;
# what a person reads is parcours.views.rule_words, in their language.
_WORDS = {
    "days": ("day", "days"),
    "working_days": ("working day", "working days"),
    "months": ("month", "months"),
    "years": ("year", "years"),
    "hours": ("hour", "hours"),
    "from": "from",
    "hour_to_hour": "counted hour to hour, not extended",
    "mon_fri": "Monday-Friday",
    "mon_sat": "Monday-Saturday",
    "franc": "délai franc (neither the event day nor the last day counts)",
    "ordinary": "ordinary count (the event day does not count, CPC 641)",
    "last_day": "end of month: last day of the month",
    "next_day": "end of month: first day of the next month",
    "extend": "moved to the next working day if it ends on a Saturday, Sunday or public holiday ({} calendar)",
    "no_extend": "not moved past weekends or holidays",
    "suspended": "suspended from {start} until {end}, then {resumes}",
    "remaining": "the days that were left run again",
    "anew": "the whole delay runs again",
    "met_by": "met on the date {}",
}


def _date_fact(doc, key: str, fact_types: dict[str, str], what: str) -> str:
    """The date fact named under *key*, or a load error naming what is wrong."""
    name, role = doc[key], {"from": "start", "until": "end"}.get(key, key)
    if name not in fact_types:
        from .suggest import did_you_mean

        raise DeadlineSpecError(
            f"{what}: unknown {role} fact {name!r}" + did_you_mean(name, fact_types), doc.line_of(key)
        )
    if fact_types[name] not in ("date", "datetime"):
        raise DeadlineSpecError(f"{what}: {role} fact {name} is {fact_types[name]}, not a date", doc.line_of(key))
    return name


def _suspension(doc, fact_types, node, did: str, text_id: str) -> Suspension:
    from .citations import parse_citations

    what = f"{did}, suspension {doc['id']}"
    if doc.get("resumes") not in RESUMES:
        raise DeadlineSpecError(
            f"{what}: say how the delay runs again with `resumes: remaining` (the days that "
            f"were left) or `resumes: anew` (the whole delay, an interruption)",
            doc.line,
        )
    return Suspension(
        id=doc["id"],
        label=Text.from_doc(doc.get("label"), f"{text_id}.suspension.{doc['id']}"),
        start=_date_fact(doc, "from", fact_types, what),
        end=_date_fact(doc, "until", fact_types, what),
        resumes=doc["resumes"],
        when=node(doc.get("when"), doc.line_of("when")) if node else None,
        citations=parse_citations(doc.get("citations")),
        status=doc.get("status", "verified"),
        verify_reason=Text.from_doc(doc.get("verify_reason"), f"{text_id}.suspension.{doc['id']}.verify_reason"),
        if_met=doc.get("if_met"),
    )


def parse_deadline(
    doc, fact_types: dict[str, str], calendar: str, when: Node | None, node=None, text_prefix: str = ""
) -> Deadline:
    """*node* compiles a `when:` condition (for the suspensions); *text_prefix* namespaces the
    labels' ids (the procedure's id and a dot, see parcours.messages)."""
    text_id = f"{text_prefix}deadline.{doc['id']}"
    line = doc.line
    start = _date_fact(doc, "from", fact_types, f"deadline {doc['id']}")
    start_type = fact_types[start]
    duration = doc["duration"]
    units = [u for u in UNITS if u in duration]
    if len(units) != 1:
        raise DeadlineSpecError(
            f"deadline {doc['id']}: duration needs exactly one of {', '.join(UNITS)}", doc.line_of("duration")
        )
    unit = units[0]
    amount = duration[unit]
    counting = doc.get("counting")
    eom = doc.get("end_of_month")
    week = doc.get("working_week")
    extend = doc.get("extend_to_working_day")
    did = f"deadline {doc['id']}"
    if unit == "hours":
        if start_type != "datetime":
            raise DeadlineSpecError(
                f"{did}: an hour deadline needs a date-and-time start fact; {start} is a date",
                doc.line_of("from"),
                "declare the start fact with type: datetime",
            )
        if counting not in (None, "hour_to_hour") or extend:
            raise DeadlineSpecError(f"{did}: hours run from hour to hour; remove counting/extend_to_working_day", line)
        counting, extend = None, False
    else:
        if counting not in ("ordinary", "franc"):
            raise DeadlineSpecError(
                f"{did}: say how days are counted with `counting: franc` or `counting: ordinary`",
                line,
                "franc: neither the event day nor the last day counts",
            )
        if extend is None:
            raise DeadlineSpecError(
                f"{did}: say whether a last day on a Saturday, Sunday or public holiday "
                f"moves to the next working day (`extend_to_working_day: true` or false)",
                line,
            )
    if unit in ("months", "years") and eom not in dates.END_OF_MONTH_RULES:
        raise DeadlineSpecError(
            f"{did}: {amount} {unit} from the 31st (or from 29 February) is ambiguous; "
            f"add `end_of_month: last_day` (31 Jan + 1 month = 28/29 Feb, CPC art. 641) "
            f"or `end_of_month: next_day` (= 1 Mar)",
            doc.line_of("duration"),
        )
    if unit not in ("months", "years") and eom is not None:
        raise DeadlineSpecError(f"{did}: end_of_month only applies to months or years", doc.line_of("end_of_month"))
    suspensions = tuple(_suspension(sdoc, fact_types, node, did, text_id) for sdoc in doc.get("suspended_by") or ())
    if suspensions and unit == "hours":
        raise DeadlineSpecError(f"{did}: an hour deadline cannot be suspended", doc.line_of("suspended_by"))
    met_by = _date_fact(doc, "met_by", fact_types, did) if doc.get("met_by") else None
    if unit == "working_days" and week not in dates.WORKING_WEEKS:
        raise DeadlineSpecError(
            f"{did}: working days need `working_week: mon_fri` (jours ouvrés) or "
            f"`working_week: mon_sat` (jours ouvrables)",
            doc.line_of("duration"),
        )
    from .citations import parse_citations

    return Deadline(
        id=doc["id"],
        label=Text.from_doc(doc.get("label"), text_id),
        start=start,
        unit=unit,
        amount=int(amount),
        counting=counting,
        end_of_month=eom,
        working_week=week,
        extend=bool(extend),
        calendar=doc.get("calendar", calendar),
        when=when,
        citations=parse_citations(doc.get("citations")),
        status=doc.get("status", "verified"),
        line=line,
        suspensions=suspensions,
        met_by=met_by,
        also_when_not_eligible=bool(doc.get("also_when_not_eligible", False)),
        once_passed=_once_passed(doc.get("once_passed"), text_id),
        opens=bool(doc.get("opens", False)),
        authority=bool(doc.get("authority", False)),
        verify_reason=Text.from_doc(doc.get("verify_reason"), f"{text_id}.verify_reason"),
    )


def _once_passed(doc, text_id: str) -> OncePassed | None:
    if not doc:
        return None
    return OncePassed(Text.from_doc(doc["next_step"], f"{text_id}.once_passed"), tuple(doc.get("letters") or ()))
