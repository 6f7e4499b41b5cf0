"""Typed, safe expressions (rule-engine), checked against the fact catalogue.

Rule writers write criteria such as::

    $full_months_between(sponsor_regular_stay_start, filing_date, "last_day") >= 18

Expressions are parsed once by the rule-engine library (no Python eval) and
type-checked when the rules load: an unknown fact id, a misspelt builtin, a
date compared with a number, or month arithmetic without an end-of-month
rule are load-time errors.

At evaluation a fact the case does not hold is unknown, and the value is
three-valued (Kleene), inside an expression as between criteria:
``true or unknown`` is true, ``false and unknown`` is false, ``not unknown``
is unknown, and ``x if c else y`` with ``c`` unknown is unknown unless both
branches give the same value. Every other operation (a comparison, a
function call...) is unknown as soon as one of its inputs is. `Expression.value`
returns the value or an `Unknown` naming only the facts that can still change
it; `Expression.evaluate` raises `Missing` instead of returning `Unknown`.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from . import _parser_cache

_parser_cache.install()  # before rule_engine builds its parser (no-op if parcours/__init__ did it)

import rule_engine
from rule_engine import ast as re_ast
from rule_engine import builtins as re_builtins
from rule_engine import errors as re_errors
from rule_engine.types import DataType

_parser_cache.save()

from . import dates
from .functions import PARAMETER_TRACE, from_engine, to_date, to_engine  # noqa: F401
from .functions import Builtins as _Builtins
from .parameters import Parameter
from .suggest import did_you_mean

_DT = DataType.DATETIME
_NUM = DataType.FLOAT
_STR = DataType.STRING
_BOOL = DataType.BOOLEAN

RE_TYPES = {
    "date": _DT,
    "datetime": _DT,
    "bool": _BOOL,
    "integer": _NUM,
    "money": _NUM,
    "number": _NUM,
    "enum": _STR,
    "text": _STR,
    "persons": DataType.ARRAY(DataType.MAPPING(_STR)),
}
TYPE_WORDS = {
    "DATETIME": "a date",
    "FLOAT": "a number",
    "STRING": "text",
    "BOOLEAN": "true/false",
    "ARRAY": "a list",
    "MAPPING": "a record",
    "UNDEFINED": "unknown",
    "NULL": "null",
}


class Missing(Exception):
    """A fact the expression needs is not in the case (*facts*: every fact that can still decide it)."""

    def __init__(self, fact_id: str, facts: tuple[str, ...] | None = None):
        super().__init__(fact_id)
        self.fact_id = fact_id
        self.facts = tuple(facts) if facts else (fact_id,)


@dataclass(frozen=True)
class Unknown:
    """The value of an expression that depends on facts nobody gave; *missing*: the facts that
    can still change it, in the order the expression reads them."""

    missing: tuple[str, ...] = ()

    @staticmethod
    def of(*parts) -> Unknown:
        facts: list[str] = []
        for part in parts:
            if isinstance(part, Unknown):
                facts.extend(part.missing)
        return Unknown(tuple(dict.fromkeys(facts)))


class ExpressionError(ValueError):
    """An expression is invalid; the message is written for a rule writer."""


@dataclass
class Expression:
    text: str
    rule: rule_engine.Rule
    result_type: str  # rule-engine type name, e.g. BOOLEAN
    fact_refs: tuple[str, ...]  # facts read, transitively through computed values, in text order
    parameter_refs: tuple[str, ...] = ()

    def value(self, env) -> object:
        """The value, or `Unknown` when facts that can still change it are missing (Kleene logic)."""
        return _value(self.rule.statement.expression, env)

    def evaluate(self, env) -> object:
        value = self.value(env)
        if isinstance(value, Unknown):
            raise Missing(value.missing[0] if value.missing else "", value.missing)
        return value


@dataclass
class Env:
    """What an expression can read: the case's typed facts, `as_of`, and computed values."""

    values: dict
    computed: dict = field(default_factory=dict)  # name -> Expression
    cache: dict = field(default_factory=dict)

    def resolve(self, name: str):
        value = self.value_of(name)
        if isinstance(value, Unknown):
            raise Missing(name, value.missing)
        return value

    def value_of(self, name: str):
        """A fact's or computed value's value, or `Unknown` (a computed value is three-valued too)."""
        if name in self.values:
            return self.values[name]
        if name in self.cache:
            return self.cache[name]
        expr = self.computed.get(name)
        if expr is None:
            return Unknown((name,))
        value = expr.value(self)
        self.cache[name] = value
        return value


def _truth(value) -> bool:
    return bool(value)  # as rule-engine reads a value in `and`, `or`, `not` and `if`


def _value(node, env):
    """Kleene evaluation of a rule-engine AST node. Logic operators and conditionals are decided
    here, so that an unknown operand that cannot change the result is not needed; any other node
    is evaluated by rule-engine and is unknown when one of its inputs is."""
    if isinstance(node, re_ast.LogicExpression):
        decisive = node.type == "or"  # true decides an `or`, false decides an `and`
        left = _value(node.left, env)
        if not isinstance(left, Unknown) and _truth(left) is decisive:
            return decisive
        right = _value(node.right, env)
        if not isinstance(right, Unknown) and _truth(right) is decisive:
            return decisive
        if isinstance(left, Unknown) or isinstance(right, Unknown):
            return Unknown.of(left, right)
        return not decisive
    if isinstance(node, re_ast.UnaryExpression) and node.type == "not":
        inner = _value(node.right, env)
        return inner if isinstance(inner, Unknown) else not _truth(inner)
    if isinstance(node, re_ast.TernaryExpression):
        condition = _value(node.condition, env)
        if not isinstance(condition, Unknown):
            return _value(node.case_true if _truth(condition) else node.case_false, env)
        cases = [_branch(node.case_true, env), _branch(node.case_false, env)]
        if not any(isinstance(c, Unknown) for c in cases) and cases[0] == cases[1]:
            return cases[0]  # both branches agree: the unknown condition does not matter
        return Unknown.of(condition, *cases)
    if isinstance(node, re_ast.SymbolExpression) and node.scope is None:
        value = env.value_of(node.name)
        if isinstance(value, Unknown):
            return value
    try:
        return node.evaluate(env)
    except Missing as exc:
        children = _children(node)
        values = [_child_value(child, env) for child in children]
        found = Unknown.of(*values)
        if found.missing:
            return found
        if children and all(v is not None for v in values):
            # every input is known once read in three-valued logic (`(a or b) == c`): use those values
            return _with_values(node, dict(zip(map(id, children), values))).evaluate(env)
        return Unknown(exc.facts)


def _with_values(node, values: dict):
    """A copy of *node* whose sub-expressions (by id) are replaced by literals of the given values."""
    copied = copy.copy(node)
    for slot in dict.fromkeys(_slots(node)):
        child = getattr(node, slot, None)
        if isinstance(child, (list, tuple)):
            setattr(copied, slot, type(child)(_literal(node, c, values) for c in child))
        elif isinstance(child, re_ast.ExpressionBase):
            setattr(copied, slot, _literal(node, child, values))
    if "_evaluator" in getattr(node, "__dict__", {}):  # an operator method bound to the original node
        copied._evaluator = getattr(copied, "_op_" + node.type)
    return copied


def _literal(node, child, values):
    if id(child) not in values:
        return child
    return re_ast.LiteralExpressionBase.from_value(node.context, values[id(child)])


def _branch(node, env):
    """A branch of a conditional whose condition is unknown: a runtime problem in it (a
    parameter with no value on that date) leaves it unknown rather than failing the whole."""
    try:
        return _value(node, env)
    except re_errors.EngineError:
        return Unknown()


def _child_value(node, env):
    try:
        return _value(node, env)
    except re_errors.EngineError:
        return None


def _children(node):
    """The direct sub-expressions of *node*, in reading order (of a comprehension, only the list it
    runs over: its variable is not a fact)."""
    if isinstance(node, re_ast.ComprehensionExpression):
        return [node.iterable]
    out: dict[int, object] = {}
    for slot in dict.fromkeys(_slots(node)):
        child = getattr(node, slot, None)
        for item in child if isinstance(child, (list, tuple)) else (child,):
            if isinstance(item, re_ast.ExpressionBase):
                out.setdefault(id(item), item)
    return list(out.values())


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

    def __init__(
        self,
        fact_types: dict[str, str],
        parameters: dict[str, Parameter],
        computed: dict[str, Expression] | None = None,
        computed_types: dict[str, str] | None = None,
        enum_values: dict[str, tuple] | None = None,
    ):
        self.enum_values = enum_values or {}
        self.fact_types = dict(fact_types)
        self.fact_types["as_of"] = "date"
        self.parameters = parameters
        self.computed = computed or {}
        self.computed_types = computed_types or {}
        self.builtins = _Builtins(parameters)
        self.context = rule_engine.Context(resolver=_resolver, type_resolver=self._resolve_type, default_timezone="utc")
        self.context.builtins = self.builtins.engine_builtins()
        self.cache: dict[str, Expression] = {}

    def child(self, computed: dict[str, Expression], computed_types: dict[str, str]) -> Compiler:
        other = Compiler.__new__(Compiler)
        other.__dict__.update(self.__dict__)
        other.computed = {**self.computed, **computed}
        other.computed_types = {**self.computed_types, **computed_types}
        other.context = rule_engine.Context(
            resolver=_resolver, type_resolver=other._resolve_type, default_timezone="utc"
        )
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
            raise ExpressionError(
                f"`{text}` gives {TYPE_WORDS.get(result, result)}, but {TYPE_WORDS.get(expect, expect)} is needed here"
            )
        symbols = [m.group(1) for m in _IDENT.finditer(_strip_strings(text))]
        facts: list[str] = []
        for name in symbols:
            if name in self.computed:
                facts.extend(self.computed[name].fact_refs)
            elif name in self.fact_types and name != "as_of":
                facts.append(name)
        params = tuple(
            n.value for n in _walk(expression) if isinstance(n, re_ast.StringExpression) and n.value in self.parameters
        )
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
                    raise ExpressionError(
                        f"unknown function ${node.name} in `{text}`"
                        + did_you_mean(node.name, _Builtins.SIGNATURES).replace("mean '", "mean '$")
                    )
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
                    raise ExpressionError(
                        f"{other.value!r} is not a value of {symbol.name} in `{text}` "
                        f"(values: {', '.join(allowed)})" + did_you_mean(other.value, allowed)
                    )

    def _check_call(self, text, name, arguments):
        position = _Builtins.RULE_ARGUMENT.get(name)
        if position is not None:
            arg = arguments[position] if len(arguments) > position else None
            if not isinstance(arg, re_ast.StringExpression) or arg.value not in dates.END_OF_MONTH_RULES:
                raise ExpressionError(
                    f"${name} in `{text}` needs its end-of-month rule written out as \"last_day\" "
                    f"(31 Jan + 1 month = 28/29 Feb) or \"next_day\" (= 1 Mar)"
                )
        if name == "add_working_days":  # the calendar and the working week, written out (CPC 642)
            country, week = (arguments[i] if len(arguments) > i else None for i in (2, 3))
            if not isinstance(country, re_ast.StringExpression) or country.value not in dates.CALENDARS:
                raise ExpressionError(
                    f"$add_working_days in `{text}` needs the public-holiday calendar as "
                    f"\"fr\" or \"be\" (third argument)"
                )
            if not isinstance(week, re_ast.StringExpression) or week.value not in dates.WORKING_WEEKS:
                raise ExpressionError(
                    f"$add_working_days in `{text}` needs the working week as \"mon_fri\" "
                    f"(jours ouvrés) or \"mon_sat\" (jours ouvrables) (fourth argument)"
                )
        kind = _Builtins.PARAM_ARGUMENT.get(name)
        if kind is not None:
            arg = arguments[0] if arguments else None
            if not isinstance(arg, re_ast.StringExpression):
                raise ExpressionError(f"${name} in `{text}` needs the parameter id as a quoted text")
            parameter = self.parameters.get(arg.value)
            if parameter is None:
                raise ExpressionError(
                    f"unknown parameter {arg.value!r} in `{text}`" + did_you_mean(arg.value, self.parameters)
                )
            wanted = {"scale": "scale", "codes": "codes"}.get(parameter.type, "value")
            if wanted != kind:
                use = {"scale": "$scale", "codes": "$param_codes"}.get(parameter.type, "$param")
                raise ExpressionError(f"parameter {arg.value} is of type {parameter.type}: use {use}(...)")


def _strip_strings(text: str) -> str:
    """Remove quoted strings (and d"..." literals) so identifiers are found only in code."""
    return re.sub(r"[a-z]?\"(?:[^\"\\]|\\.)*\"|[a-z]?'(?:[^'\\]|\\.)*'", " ", text)
