"""Parameters: values that change over time (SMIC, thresholds, fees...).

Modelled on OpenFisca-France: one small YAML file per parameter, values keyed
by the date they take effect, each value with its legal reference and the
date a person last checked it (`reviewed_on`). A value stays in force until
the next dated value.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from .citations import Citation, parse_citations
from .messages import Text
from .numerals import parse_date, parse_decimal

PARAMETER_TYPES = ("money", "number", "integer", "scale", "codes")
# `codes`: a list of short codes (e.g. ISO 3166-1 alpha-2 country codes: a list of safe countries), read
# with `$param_codes(id, date)` and tested with `x in $param_codes(...)`.
CODE_PATTERN = re.compile(r"^[A-Za-z0-9_-]+$")


class NoValue(LookupError):
    """The parameter has no value in force on the requested date."""


@dataclass(frozen=True)
class Bracket:
    threshold: Decimal  # applies when the input is >= threshold
    value: Decimal


@dataclass(frozen=True)
class ParameterValue:
    start: dt.date
    value: Decimal | tuple[str, ...] | None  # a tuple of codes for type `codes`
    brackets: tuple[Bracket, ...]
    references: tuple[Citation, ...]
    reviewed_on: dt.date | None
    status: str
    line: int
    verify_reason: Text | None = None  # status to_verify: why, in words a volunteer reads


@dataclass
class Parameter:
    id: str
    type: str
    unit: str | None
    label: Text | None
    values: list[ParameterValue] = field(default_factory=list)  # sorted by start
    file: str = ""
    line: int = 0

    def __post_init__(self):
        self._starts = [v.start for v in self.values]

    def entry_at(self, day: dt.date) -> ParameterValue:
        index = bisect.bisect_right(self._starts, day) - 1
        if index < 0:
            raise NoValue(
                f"parameter {self.id} has no value on {day.isoformat()} "
                f"(its first value starts on {self.values[0].start.isoformat()})"
            )
        return self.values[index]

    def value_at(self, day: dt.date) -> Decimal:
        entry = self.entry_at(day)
        if entry.value is None:
            raise NoValue(f"parameter {self.id} is a scale; use $scale(...)")
        if isinstance(entry.value, tuple):
            raise NoValue(f"parameter {self.id} is a list of codes; use $param_codes(...)")
        return entry.value

    def codes_at(self, day: dt.date) -> tuple[str, ...]:
        """The list of codes in force on *day* (type `codes`)."""
        entry = self.entry_at(day)
        if not isinstance(entry.value, tuple):
            raise NoValue(f"parameter {self.id} is not a list of codes; use $param(...)")
        return entry.value

    def scale_at(self, day: dt.date, amount: Decimal) -> Decimal:
        entry = self.entry_at(day)
        if not entry.brackets:
            raise NoValue(f"parameter {self.id} is not a scale; use $param(...)")
        chosen = None
        for bracket in entry.brackets:
            if amount >= bracket.threshold:
                chosen = bracket.value
        if chosen is None:
            raise NoValue(f"parameter {self.id} has no bracket for {amount} on {day.isoformat()}")
        return chosen

    def average(self, start: dt.date, end: dt.date) -> Decimal:
        """Day-weighted average of the value over [start, end) — e.g. the SMIC over 12 months."""
        if end <= start:
            raise NoValue(f"empty period {start.isoformat()} .. {end.isoformat()} for {self.id}")
        self.entry_at(start)  # raises if the period starts before the first value
        total = Decimal(0)
        cursor = start
        index = bisect.bisect_right(self._starts, start) - 1
        while cursor < end:
            entry = self.values[index]
            if entry.value is None or isinstance(entry.value, tuple):
                raise NoValue(f"parameter {self.id} is a {self.type}; it has no average")
            next_start = self.values[index + 1].start if index + 1 < len(self.values) else end
            stop = min(next_start, end)
            total += entry.value * (stop - cursor).days
            cursor = stop
            index += 1
        return total / (end - start).days

    def entries_between(self, start: dt.date, end: dt.date) -> list[ParameterValue]:
        lo = max(bisect.bisect_right(self._starts, start) - 1, 0)
        hi = bisect.bisect_left(self._starts, end)
        return self.values[lo : max(hi, lo + 1)]


def _codes(raw) -> tuple[str, ...] | None:
    """A YAML list of codes as a tuple of texts, or None if it is not one (a number, a bare word...)."""
    if not isinstance(raw, (list, tuple)) or not raw:
        return None
    codes = tuple(str(item) for item in raw if isinstance(item, str) and CODE_PATTERN.match(item))
    return codes if len(codes) == len(raw) else None


def parse_parameter(doc, file: str, collector) -> Parameter | None:
    values = []
    block = doc["values"]
    for key, spec in block.items():
        line = block.line_of(key)
        try:
            start = parse_date(key)
        except ValueError as exc:
            collector.error(file, line, f"parameter {doc['id']}: {exc}", "the key of each value is its start date")
            continue
        brackets = tuple(Bracket(parse_decimal(b["from"]), parse_decimal(b["value"])) for b in spec.get("brackets", ()))
        if doc["type"] == "scale" and not brackets:
            collector.error(file, line, f"parameter {doc['id']} is a scale: the value from {key} needs brackets")
            continue
        if doc["type"] != "scale" and "value" not in spec:
            collector.error(file, line, f"parameter {doc['id']}: the value from {key} has no `value:`")
            continue
        if doc["type"] == "codes":
            value = _codes(spec["value"])
            if value is None:
                collector.error(
                    file,
                    line,
                    f"parameter {doc['id']}: the value from {key} must be a list of codes",
                    "write it as a YAML list of short codes, e.g. [AL, BA, XK]",
                )
                continue
        else:
            value = parse_decimal(spec["value"]) if "value" in spec else None
        reviewed = None
        if "reviewed_on" in spec:
            try:
                reviewed = parse_date(spec["reviewed_on"])
            except ValueError as exc:
                collector.error(file, spec.line_of("reviewed_on"), f"reviewed_on: {exc}")
        refs = parse_citations(spec.get("references"))
        why = Text.from_doc(spec.get("verify_reason"), f"parameter.{doc['id']}.{start.isoformat()}.verify_reason")
        values.append(ParameterValue(start, value, brackets, refs, reviewed, spec.get("status", "verified"), line, why))
    values.sort(key=lambda v: v.start)
    if not values:
        return None
    return Parameter(
        id=doc["id"],
        type=doc["type"],
        unit=doc.get("unit"),
        label=Text.from_doc(doc.get("label"), f"parameter.{doc['id']}"),
        values=values,
        file=file,
        line=doc.line,
    )
