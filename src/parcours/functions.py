"""The functions rule writers call in expressions (``$age``, ``$add_months``, ``$param``...).

They are rule-engine "builtins": plain Python functions with declared types,
so calls are type-checked when the rules load. Dates travel through the
engine as UTC-midnight datetimes (the engine needs aware datetimes).
"""

from __future__ import annotations

import contextvars
import datetime as dt
from decimal import Decimal

from rule_engine import builtins as re_builtins
from rule_engine.types import DataType

from . import dates
from .parameters import NoValue, Parameter

UTC = dt.UTC
_DT = DataType.DATETIME
_NUM = DataType.FLOAT
_STR = DataType.STRING
_BOOL = DataType.BOOLEAN

# Which parameters an evaluation used, for explanations and to_verify flags.
PARAMETER_TRACE: contextvars.ContextVar[list | None] = contextvars.ContextVar("parcours_param_trace", default=None)


def to_date(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def to_engine(value):
    """Python value -> rule-engine value (dates become UTC midnights, as the engine needs aware datetimes)."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=UTC)
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    return value


def from_engine(value, fact_type: str | None = None):
    if isinstance(value, dt.datetime) and fact_type != "datetime":
        if fact_type == "date" or (value.hour, value.minute, value.second) == (0, 0, 0):
            return value.date()
    return value


def _func(name, ret, args, minimum=None):
    return DataType.FUNCTION(
        name, return_type=ret, argument_types=tuple(args), minimum_arguments=len(args) if minimum is None else minimum
    )


class Builtins:
    """The functions rule writers may call, as `$name(...)`."""

    # name -> (python function attribute, return type, argument types)
    SIGNATURES = {
        "age": (_NUM, (_DT, _DT, _STR)),
        "add_days": (_DT, (_DT, _NUM)),
        "add_working_days": (_DT, (_DT, _NUM, _STR, _STR)),
        "add_months": (_DT, (_DT, _NUM, _STR)),
        "add_years": (_DT, (_DT, _NUM, _STR)),
        "days_between": (_NUM, (_DT, _DT)),
        "full_months_between": (_NUM, (_DT, _DT, _STR)),
        "full_years_between": (_NUM, (_DT, _DT, _STR)),
        "param": (_NUM, (_STR, _DT)),
        "param_average": (_NUM, (_STR, _DT, _DT)),
        "scale": (_NUM, (_STR, _NUM, _DT)),
        "param_codes": (DataType.ARRAY(_STR), (_STR, _DT)),
        "min": (_NUM, (_NUM, _NUM)),
        "max": (_NUM, (_NUM, _NUM)),
        "abs": (_NUM, (_NUM,)),
        "round": (_NUM, (_NUM, _NUM)),
        "count": (_NUM, (DataType.ARRAY,)),
        "any": (_BOOL, (DataType.ARRAY(_BOOL),)),
        "all": (_BOOL, (DataType.ARRAY(_BOOL),)),
    }
    RULE_ARGUMENT = {"age": 2, "add_months": 2, "add_years": 2, "full_months_between": 2, "full_years_between": 2}
    PARAM_ARGUMENT = {"param": "value", "param_average": "value", "scale": "scale", "param_codes": "codes"}

    def __init__(self, parameters: dict[str, Parameter]):
        self.parameters = parameters

    def _param(self, param_id: str) -> Parameter:
        try:
            return self.parameters[param_id]
        except KeyError:
            raise NoValue(f"unknown parameter {param_id}") from None

    def _trace(self, parameter: Parameter, day: dt.date, end: dt.date | None = None, used=None):
        trace = PARAMETER_TRACE.get()
        if trace is not None:
            entries = parameter.entries_between(day, end) if end else [parameter.entry_at(day)]
            for entry in entries:
                trace.append((parameter, entry, used))

    def mapping(self) -> dict:
        d = to_date
        ret = to_engine
        return {
            "age": lambda b, on, rule: Decimal(dates.age(d(b), d(on), rule)),
            "add_days": lambda x, n: ret(d(x) + dt.timedelta(days=int(n))),
            "add_working_days": lambda x, n, country, week: ret(dates.add_working_days(d(x), int(n), country, week)),
            "add_months": lambda x, n, rule: ret(dates.add_months(d(x), int(n), rule)),
            "add_years": lambda x, n, rule: ret(dates.add_years(d(x), int(n), rule)),
            "days_between": lambda a, b: Decimal(dates.days_between(d(a), d(b))),
            "full_months_between": lambda a, b, rule: Decimal(dates.full_months_between(d(a), d(b), rule)),
            "full_years_between": lambda a, b, rule: Decimal(dates.full_months_between(d(a), d(b), rule) // 12),
            "param": self.param,
            "param_average": self.param_average,
            "scale": self.scale,
            "param_codes": self.param_codes,
            "min": min,
            "max": max,
            "abs": abs,
            "round": lambda x, places: round(x, int(places)),
            "count": lambda xs: Decimal(len(xs)),
            "any": any,
            "all": all,
        }

    def param(self, param_id, day):
        parameter = self._param(param_id)
        self._trace(parameter, d := to_date(day))
        return parameter.value_at(d)

    def param_average(self, param_id, start, end):
        parameter = self._param(param_id)
        start, end = to_date(start), to_date(end)
        self._trace(parameter, start, end)
        return parameter.average(start, end)

    def scale(self, param_id, amount, day):
        parameter = self._param(param_id)
        value = parameter.scale_at(d := to_date(day), amount)
        self._trace(parameter, d, used=value)
        return value

    def param_codes(self, param_id, day):
        parameter = self._param(param_id)
        self._trace(parameter, d := to_date(day))
        return parameter.codes_at(d)

    def engine_builtins(self) -> re_builtins.Builtins:
        # Functions taking an end-of-month rule accept a call without it so that our own check
        # (see Compiler._check_call) can explain what is missing instead of a bare arity error.
        written_out = {name: 1 for name in self.RULE_ARGUMENT} | {"add_working_days": 2}
        types = {
            name: _func(name, ret, args, len(args) - written_out.get(name, 0))
            for name, (ret, args) in self.SIGNATURES.items()
        }
        return re_builtins.Builtins(self.mapping(), value_types=types, timezone=UTC)
