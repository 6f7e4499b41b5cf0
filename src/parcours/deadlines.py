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


class DeadlineSpecError(ValueError):
    def __init__(self, message: str, line: int, hint: str | None = None):
        super().__init__(message)
        self.line = line
        self.hint = hint


@dataclass
class Deadline:
    id: str
    label: Text | None
    start: str                 # fact id of the start event
    unit: str
    amount: int
    counting: str | None       # ordinary / franc (None for hours)
    end_of_month: str | None
    working_week: str | None
    extend: bool
    calendar: str
    when: Node | None
    citations: tuple[Citation, ...]
    status: str
    line: int

    def due(self, start_value):
        """Last moment to act: a date (until 24:00) or, for hours, a datetime."""
        if self.unit == "hours":
            return start_value + dt.timedelta(hours=self.amount), None
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
        extended_from = None
        if self.extend:
            moved = dates.next_working_day(end, self.calendar, "mon_fri")
            if moved != end:
                extended_from = end
                end = moved
        return end, extended_from

    def rule_text(self, lang: str = "en") -> str:
        """The arithmetic in words, so a volunteer can redo the count by hand."""
        w = _WORDS["fr" if lang == "fr" else "en"]
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
        return ", ".join(parts)


_WORDS = {
    "en": {"days": ("day", "days"), "working_days": ("working day", "working days"), "months": ("month", "months"),
           "years": ("year", "years"), "hours": ("hour", "hours"), "from": "from",
           "hour_to_hour": "counted hour to hour, not extended", "mon_fri": "Monday-Friday",
           "mon_sat": "Monday-Saturday", "franc": "délai franc (neither the event day nor the last day counts)",
           "ordinary": "ordinary count (the event day does not count, CPC 641)",
           "last_day": "end of month: last day of the month", "next_day": "end of month: first day of the next month",
           "extend": "moved to the next working day if it ends on a Saturday, Sunday or public holiday ({} calendar)",
           "no_extend": "not moved past weekends or holidays"},
    "fr": {"days": ("jour", "jours"), "working_days": ("jour ouvré", "jours ouvrés"), "months": ("mois", "mois"),
           "years": ("an", "ans"), "hours": ("heure", "heures"), "from": "à compter de",
           "hour_to_hour": "décompté d'heure à heure, sans report", "mon_fri": "du lundi au vendredi",
           "mon_sat": "du lundi au samedi", "franc": "délai franc (ni le jour de l'événement ni le dernier jour ne comptent)",
           "ordinary": "décompte ordinaire (le jour de l'événement ne compte pas, CPC 641)",
           "last_day": "fin de mois : dernier jour du mois", "next_day": "fin de mois : premier jour du mois suivant",
           "extend": "reporté au premier jour ouvrable s'il tombe un samedi, un dimanche ou un jour férié (calendrier {})",
           "no_extend": "sans report en cas de week-end ou de jour férié"},
}


def parse_deadline(doc, fact_types: dict[str, str], calendar: str, when: Node | None) -> Deadline:
    line = doc.line
    start = doc["from"]
    if start not in fact_types:
        from .suggest import did_you_mean
        raise DeadlineSpecError(f"deadline {doc['id']}: unknown start fact {start!r}"
                                + did_you_mean(start, fact_types), doc.line_of("from"))
    start_type = fact_types[start]
    if start_type not in ("date", "datetime"):
        raise DeadlineSpecError(f"deadline {doc['id']}: start fact {start} is {start_type}, not a date",
                                doc.line_of("from"))
    duration = doc["duration"]
    units = [u for u in UNITS if u in duration]
    if len(units) != 1:
        raise DeadlineSpecError(f"deadline {doc['id']}: duration needs exactly one of {', '.join(UNITS)}",
                                doc.line_of("duration"))
    unit = units[0]
    amount = duration[unit]
    counting = doc.get("counting")
    eom = doc.get("end_of_month")
    week = doc.get("working_week")
    extend = doc.get("extend_to_working_day")
    did = f"deadline {doc['id']}"
    if unit == "hours":
        if start_type != "datetime":
            raise DeadlineSpecError(f"{did}: an hour deadline needs a date-and-time start fact; {start} is a date",
                                    doc.line_of("from"), "declare the start fact with type: datetime")
        if counting not in (None, "hour_to_hour") or extend:
            raise DeadlineSpecError(f"{did}: hours run from hour to hour; remove counting/extend_to_working_day",
                                    line)
        counting, extend = None, False
    else:
        if counting not in ("ordinary", "franc"):
            raise DeadlineSpecError(f"{did}: say how days are counted with `counting: franc` or "
                                    f"`counting: ordinary`", line,
                                    "franc: neither the event day nor the last day counts")
        if extend is None:
            raise DeadlineSpecError(f"{did}: say whether a last day on a Saturday, Sunday or public holiday "
                                    f"moves to the next working day (`extend_to_working_day: true` or false)", line)
    if unit in ("months", "years") and eom not in dates.END_OF_MONTH_RULES:
        raise DeadlineSpecError(
            f"{did}: {amount} {unit} from the 31st (or from 29 February) is ambiguous; "
            f"add `end_of_month: last_day` (31 Jan + 1 month = 28/29 Feb, CPC art. 641) "
            f"or `end_of_month: next_day` (= 1 Mar)", doc.line_of("duration"))
    if unit not in ("months", "years") and eom is not None:
        raise DeadlineSpecError(f"{did}: end_of_month only applies to months or years", doc.line_of("end_of_month"))
    if unit == "working_days" and week not in dates.WORKING_WEEKS:
        raise DeadlineSpecError(f"{did}: working days need `working_week: mon_fri` (jours ouvrés) or "
                                f"`working_week: mon_sat` (jours ouvrables)", doc.line_of("duration"))
    from .citations import parse_citations
    return Deadline(
        id=doc["id"], label=Text.from_doc(doc.get("label"), f"deadline.{doc['id']}"), start=start, unit=unit,
        amount=int(amount), counting=counting, end_of_month=eom, working_week=week, extend=bool(extend),
        calendar=doc.get("calendar", calendar), when=when, citations=parse_citations(doc.get("citations")),
        status=doc.get("status", "verified"), line=line)
