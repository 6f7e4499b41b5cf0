"""Typed, safe expressions (rule-engine), checked against the fact catalogue.

Rule writers write criteria such as::

    $full_months_between(sponsor_regular_stay_start, filing_date, "last_day") >= 18

Expressions are parsed once by the rule-engine library (no Python eval) and
type-checked when the rules load: an unknown fact id, a misspelt builtin, a
date compared with a number, or month arithmetic without an end-of-month
rule are load-time errors. At evaluation, reading a fact the case does not
hold raises `Missing`, which the criteria layer turns into "unknown".
"""
from __future__ import annotations

import contextvars
import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from . import _parser_cache

_parser_cache.install()  # before rule_engine builds its parser (no-op if parcours/__init__ did it)

import rule_engine  # noqa: E402
from rule_engine import ast as re_ast
from rule_engine import builtins as re_builtins  # noqa: E402
from rule_engine import errors as re_errors  # noqa: E402
from rule_engine.types import DataType  # noqa: E402

_parser_cache.save()

from . import dates
from .parameters import NoValue, Parameter
from .suggest import did_you_mean

UTC = dt.timezone.utc
_DT = DataType.DATETIME
_NUM = DataType.FLOAT
_STR = DataType.STRING
_BOOL = DataType.BOOLEAN

RE_TYPES = {
    "date": _DT, "datetime": _DT, "bool": _BOOL, "integer": _NUM, "money": _NUM, "number": _NUM,
    "enum": _STR, "text": _STR, "persons": DataType.ARRAY(DataType.MAPPING(_STR)),
}
TYPE_WORDS = {"DATETIME": "a date", "FLOAT": "a number", "STRING": "text", "BOOLEAN": "true/false",
              "ARRAY": "a list", "MAPPING": "a record", "UNDEFINED": "unknown", "NULL": "null"}


class Missing(Exception):
    """A fact the expression needs is not in the case."""

    def __init__(self, fact_id: str):
        super().__init__(fact_id)
        self.fact_id = fact_id


class ExpressionError(ValueError):
    """An expression is invalid; the message is written for a rule writer."""


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
    return DataType.FUNCTION(name, return_type=ret, argument_types=tuple(args),
                             minimum_arguments=len(args) if minimum is None else minimum)


class _Builtins:
    """The functions rule writers may call, as `$name(...)`."""

    # name -> (python function attribute, return type, argument types)
    SIGNATURES = {
        "age": (_NUM, (_DT, _DT, _STR)),
        "add_days": (_DT, (_DT, _NUM)),
        "add_months": (_DT, (_DT, _NUM, _STR)),
        "add_years": (_DT, (_DT, _NUM, _STR)),
        "days_between": (_NUM, (_DT, _DT)),
        "full_months_between": (_NUM, (_DT, _DT, _STR)),
        "full_years_between": (_NUM, (_DT, _DT, _STR)),
        "param": (_NUM, (_STR, _DT)),
        "param_average": (_NUM, (_STR, _DT, _DT)),
        "scale": (_NUM, (_STR, _NUM, _DT)),
        "min": (_NUM, (_NUM, _NUM)),
        "max": (_NUM, (_NUM, _NUM)),
        "abs": (_NUM, (_NUM,)),
        "round": (_NUM, (_NUM, _NUM)),
        "count": (_NUM, (DataType.ARRAY,)),
        "any": (_BOOL, (DataType.ARRAY(_BOOL),)),
        "all": (_BOOL, (DataType.ARRAY(_BOOL),)),
    }
    RULE_ARGUMENT = {"age": 2, "add_months": 2, "add_years": 2, "full_months_between": 2, "full_years_between": 2}
    PARAM_ARGUMENT = {"param": "value", "param_average": "value", "scale": "scale"}

    def __init__(self, parameters: dict[str, Parameter]):
        self.parameters = parameters

    def _param(self, param_id: str) -> Parameter:
        try:
            return self.parameters[param_id]
        except KeyError:
            raise NoValue(f"unknown parameter {param_id}") from None

    def _trace(self, parameter: Parameter, day: dt.date, end: dt.date | None = None):
        trace = PARAMETER_TRACE.get()
        if trace is not None:
            entries = parameter.entries_between(day, end) if end else [parameter.entry_at(day)]
            for entry in entries:
                trace.append((parameter, entry))

    def mapping(self) -> dict:
        d = to_date
        ret = to_engine
        return {
            "age": lambda b, on, rule: Decimal(dates.age(d(b), d(on), rule)),
            "add_days": lambda x, n: ret(d(x) + dt.timedelta(days=int(n))),
            "add_months": lambda x, n, rule: ret(dates.add_months(d(x), int(n), rule)),
            "add_years": lambda x, n, rule: ret(dates.add_years(d(x), int(n), rule)),
            "days_between": lambda a, b: Decimal(dates.days_between(d(a), d(b))),
            "full_months_between": lambda a, b, rule: Decimal(dates.full_months_between(d(a), d(b), rule)),
            "full_years_between": lambda a, b, rule: Decimal(dates.full_months_between(d(a), d(b), rule) // 12),
            "param": self.param,
            "param_average": self.param_average,
            "scale": self.scale,
            "min": min, "max": max, "abs": abs,
            "round": lambda x, places: round(x, int(places)),
            "count": lambda xs: Decimal(len(xs)),
            "any": any, "all": all,
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
        self._trace(parameter, d := to_date(day))
        return parameter.scale_at(d, amount)

    def engine_builtins(self) -> re_builtins.Builtins:
        # Functions taking an end-of-month rule accept a call without it so that our own check
        # (see Compiler._check_call) can explain what is missing instead of a bare arity error.
        types = {name: _func(name, ret, args, len(args) - (name in self.RULE_ARGUMENT))
                 for name, (ret, args) in self.SIGNATURES.items()}
        return re_builtins.Builtins(self.mapping(), value_types=types, timezone=UTC)


@dataclass
class Expression:
    text: str
    rule: rule_engine.Rule
    result_type: str                  # rule-engine type name, e.g. BOOLEAN
    fact_refs: tuple[str, ...]        # facts read, transitively through computed values, in text order
    parameter_refs: tuple[str, ...] = ()

    def evaluate(self, env) -> object:
        return self.rule.evaluate(env)


@dataclass
class Env:
    """What an expression can read: the case's typed facts, `as_of`, and computed values."""

    values: dict
    computed: dict = field(default_factory=dict)   # name -> Expression
    cache: dict = field(default_factory=dict)

    def resolve(self, name: str):
        if name in self.values:
            return self.values[name]
        if name in self.cache:
            return self.cache[name]
        expr = self.computed.get(name)
        if expr is None:
            raise Missing(name)
        value = expr.evaluate(self)
        self.cache[name] = value
        return value


def _resolver(thing, name):
    return thing.resolve(name)


def _walk(node):
    """Yield every AST node below *node* (rule-engine nodes keep children in slots)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        for slot in _slots(current):
            child = getattr(current, slot, None)
            if isinstance(child, (list, tuple)):
                stack.extend(c for c in child if isinstance(c, re_ast.ExpressionBase))
            elif isinstance(child, re_ast.ExpressionBase):
                stack.append(child)


def _slots(node):
    names = []
    for cls in type(node).__mro__:
        names.extend(getattr(cls, "__slots__", ()))
    if hasattr(node, "__dict__"):
        names.extend(vars(node))
    return names


_IDENT = re.compile(r"(?<![$\w\"'])([A-Za-z_][A-Za-z0-9_]*)")


class Compiler:
    """Compiles expressions for one scope (jurisdiction facts + computed values), with a cache."""

    def __init__(self, fact_types: dict[str, str], parameters: dict[str, Parameter],
                 computed: dict[str, "Expression"] | None = None, computed_types: dict[str, str] | None = None,
                 enum_values: dict[str, tuple] | None = None):
        self.enum_values = enum_values or {}
        self.fact_types = dict(fact_types)
        self.fact_types["as_of"] = "date"
        self.parameters = parameters
        self.computed = computed or {}
        self.computed_types = computed_types or {}
        self.builtins = _Builtins(parameters)
        self.context = rule_engine.Context(resolver=_resolver, type_resolver=self._resolve_type,
                                           default_timezone="utc")
        self.context.builtins = self.builtins.engine_builtins()
        self.cache: dict[str, Expression] = {}

    def child(self, computed: dict[str, "Expression"], computed_types: dict[str, str]) -> "Compiler":
        other = Compiler.__new__(Compiler)
        other.__dict__.update(self.__dict__)
        other.computed = {**self.computed, **computed}
        other.computed_types = {**self.computed_types, **computed_types}
        other.context = rule_engine.Context(resolver=_resolver, type_resolver=other._resolve_type,
                                            default_timezone="utc")
        other.context.builtins = self.context.builtins
        other.cache = {}
        return other

    def names(self) -> list[str]:
        return list(self.fact_types) + list(self.computed_types)

    def _resolve_type(self, name: str):
        kind = self.computed_types.get(name) or self.fact_types.get(name)
        if kind is None:
            raise ExpressionError(f"unknown fact {name!r}" + did_you_mean(name, self.names()))
        return RE_TYPES[kind]

    def type_of(self, name: str) -> str | None:
        return self.computed_types.get(name) or self.fact_types.get(name)

    def compile(self, text, expect: str | None = "BOOLEAN") -> Expression:
        if not isinstance(text, str):
            text = str(text).lower() if isinstance(text, bool) else str(text)
        key = (text, expect)
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        try:
            rule = rule_engine.Rule(text, context=self.context)
        except ExpressionError:
            raise
        except re_errors.RuleSyntaxError as exc:
            near = f" near {exc.token.value!r}" if getattr(exc, "token", None) is not None else ""
            raise ExpressionError(f"syntax error in `{text}`{near}") from None
        except re_errors.FunctionCallError as exc:
            inner = f": {exc.error}" if exc.error else ""
            raise ExpressionError(f"in `{text}`: ${exc.function_name} {exc.message}{inner}") from None
        except re_errors.EngineError as exc:
            raise ExpressionError(self._type_message(text, exc)) from None
        expression = rule.statement.expression
        self._check_tree(text, expression)
        result = expression.result_type.name
        if expect and result not in (expect, "UNDEFINED") and not (expect == "FLOAT" and result == "FLOAT"):
            raise ExpressionError(f"`{text}` gives {TYPE_WORDS.get(result, result)}, "
                                  f"but {TYPE_WORDS.get(expect, expect)} is needed here")
        symbols = [m.group(1) for m in _IDENT.finditer(_strip_strings(text))]
        facts: list[str] = []
        for name in symbols:
            if name in self.computed:
                facts.extend(self.computed[name].fact_refs)
            elif name in self.fact_types and name != "as_of":
                facts.append(name)
        params = tuple(n.value for n in _walk(expression) if isinstance(n, re_ast.StringExpression)
                       and n.value in self.parameters)
        compiled = Expression(text, rule, result, tuple(dict.fromkeys(facts)), params)
        self.cache[key] = compiled
        return compiled

    def _type_message(self, text: str, exc) -> str:
        used = [m.group(1) for m in _IDENT.finditer(_strip_strings(text))]
        kinds = [f"{n} is {self.type_of(n)}" for n in dict.fromkeys(used) if self.type_of(n)]
        detail = f" ({'; '.join(kinds)})" if kinds else ""
        return f"type error in `{text}`: {exc.message}{detail}"

    def _check_tree(self, text: str, expression) -> None:
        for node in _walk(expression):
            self._check_enum(text, node)
            if isinstance(node, re_ast.SymbolExpression) and node.scope == re_builtins.Builtins.scope_name:
                if node.name not in _Builtins.SIGNATURES:
                    raise ExpressionError(f"unknown function ${node.name} in `{text}`"
                                          + did_you_mean(node.name, _Builtins.SIGNATURES).replace("mean '", "mean '$"))
            if isinstance(node, re_ast.FunctionCallExpression) and isinstance(node.function, re_ast.SymbolExpression):
                self._check_call(text, node.function.name, node.arguments)

    def _check_enum(self, text, node):
        """`status == "refugee"`: the text must be one of the enum's values (catches typos at load time)."""
        pairs = []
        if isinstance(node, re_ast.ComparisonExpression):
            pairs = [(node.left, [node.right]), (node.right, [node.left])]
        elif isinstance(node, re_ast.ContainsExpression) and isinstance(node.container, re_ast.ArrayExpression):
            pairs = [(node.member, list(node.container.value))]
        for symbol, others in pairs:
            if not isinstance(symbol, re_ast.SymbolExpression) or symbol.name not in self.enum_values:
                continue
            allowed = self.enum_values[symbol.name]
            for other in others:
                if isinstance(other, re_ast.StringExpression) and other.value not in allowed:
                    raise ExpressionError(f"{other.value!r} is not a value of {symbol.name} in `{text}` "
                                          f"(values: {', '.join(allowed)})" + did_you_mean(other.value, allowed))

    def _check_call(self, text, name, arguments):
        position = _Builtins.RULE_ARGUMENT.get(name)
        if position is not None:
            arg = arguments[position] if len(arguments) > position else None
            if not isinstance(arg, re_ast.StringExpression) or arg.value not in dates.END_OF_MONTH_RULES:
                raise ExpressionError(
                    f"${name} in `{text}` needs its end-of-month rule written out as \"last_day\" "
                    f"(31 Jan + 1 month = 28/29 Feb) or \"next_day\" (= 1 Mar)")
        kind = _Builtins.PARAM_ARGUMENT.get(name)
        if kind is not None:
            arg = arguments[0] if arguments else None
            if not isinstance(arg, re_ast.StringExpression):
                raise ExpressionError(f"${name} in `{text}` needs the parameter id as a quoted text")
            parameter = self.parameters.get(arg.value)
            if parameter is None:
                raise ExpressionError(f"unknown parameter {arg.value!r} in `{text}`"
                                      + did_you_mean(arg.value, self.parameters))
            if (parameter.type == "scale") != (kind == "scale"):
                use = "$scale" if parameter.type == "scale" else "$param"
                raise ExpressionError(f"parameter {arg.value} is of type {parameter.type}: use {use}(...)")


def _strip_strings(text: str) -> str:
    """Remove quoted strings (and d"..." literals) so identifiers are found only in code."""
    return re.sub(r"[a-z]?\"(?:[^\"\\]|\\.)*\"|[a-z]?'(?:[^'\\]|\\.)*'", " ", text)
