"""Three-valued logic and Catala-style exceptions."""

import datetime as dt

import pytest

from parcours.criteria import evaluate_node, parse_node
from parcours.expressions import Compiler, Env, to_engine
from parcours.yamlio import load_text

FACTS = {"a": "bool", "b": "bool", "c": "bool", "n": "integer"}


def node(yaml_text):
    return parse_node(load_text(yaml_text), Compiler(FACTS, {}), "t")


def value(tree, **facts):
    return evaluate_node(tree, Env({k: to_engine(v) for k, v in facts.items()})).value


T, F, U = True, False, None


@pytest.mark.parametrize(
    "a, b, all_, any_",
    [
        (T, T, T, T),
        (T, F, F, T),
        (F, F, F, F),
        (F, U, F, U),
        (U, F, F, U),
        (T, U, U, T),
        (U, T, U, T),
        (U, U, U, U),
    ],
)
def test_kleene_tables(a, b, all_, any_):
    facts = {k: v for k, v in (("a", a), ("b", b)) if v is not None}
    assert value(node("all: [a, b]"), **facts) is all_
    assert value(node("any: [a, b]"), **facts) is any_


def test_not_keeps_unknown():
    assert value(node("not: a")) is None
    assert value(node("not: a"), a=True) is False


def test_missing_facts_only_from_undecided_branches():
    n = node("any: [a, all: [b, c]]")
    result = evaluate_node(n, Env({}))
    assert result.value is None and result.missing == ["a", "b", "c"]
    result = evaluate_node(n, Env({"b": False}))
    assert result.missing == ["a"]  # all: [b, c] is decided false, c does not matter


def test_exception_overrides():
    n = node("""
expr: n >= 18
unless:
  - id: short
    when: {all: [a, "n >= 12"]}
    citations: [{article: x}]
    status: verified
""")
    assert value(n, n=18) is True
    assert value(n, n=12, a=True) is True
    assert value(n, n=12, a=False) is False
    assert value(n, n=11, a=True) is False
    assert value(n, n=20) is True  # exception unknown, but both branches say met
    r = evaluate_node(n, Env({"n": to_engine(12)}))
    assert r.value is None and r.missing == ["a"]


def test_exception_then_not_met_and_order():
    n = node("""
expr: a
unless:
  - {id: first, when: b, then: not_met, citations: [{article: x}], status: verified}
  - {id: second, when: c, then: met, citations: [{article: y}], status: verified}
""")
    assert value(n, a=True, b=True, c=True) is False  # first exception that holds wins
    assert value(n, a=False, b=False, c=True) is True
    r = evaluate_node(n, Env({"a": True, "b": False, "c": True}))
    assert r.value is True and r.applied_exception.id == "second"


def test_leaf_short_circuit_inside_one_expression():
    n = node("expr: a or b")
    assert value(n, a=True) is True
    assert value(n, b=True) is True  # Kleene inside one expression too: unknown or true = true
    r = evaluate_node(n, Env({"b": False}))
    assert r.value is None and r.missing == ["a"]


def test_runtime_error_is_unknown_with_reason():
    comp = Compiler({"d": "date"}, {})
    n = parse_node(load_text('expr: $add_days(d, 1) > d"2024-01-01"'), comp, "t")
    assert evaluate_node(n, Env({"d": to_engine(dt.date(2024, 1, 1))})).value is True
