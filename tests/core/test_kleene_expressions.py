"""Three-valued (Kleene) logic inside one expression: an unknown fact that cannot change the
result is neither needed nor asked, and a known result holds for every value of the unknown facts."""

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parcours.criteria import evaluate_node, parse_node
from parcours.expressions import Compiler, Env, Unknown, to_engine
from parcours.yamlio import load_text

FACTS = ("a", "b", "c", "d")
COMP = Compiler({**{f: "bool" for f in FACTS}, "n": "integer", "exempt": "bool", "paid": "bool"}, {})


def value(text, **facts):
    return COMP.compile(text, None).value(Env({k: to_engine(v) for k, v in facts.items()}))


@pytest.mark.parametrize(
    "text, facts, want, missing",
    [
        ("exempt or paid", {"exempt": True}, True, ()),
        ("paid or exempt", {"exempt": True}, True, ()),  # the unknown is read first: still true
        ("paid or exempt", {"exempt": False}, None, ("paid",)),
        ("paid and exempt", {"exempt": False}, False, ()),
        ("paid and exempt", {"exempt": True}, None, ("paid",)),
        ("paid or exempt", {}, None, ("paid", "exempt")),
        ("not paid", {}, None, ("paid",)),
        ("not paid", {"paid": False}, True, ()),
        ("paid ? n > 3 : exempt", {"n": 5, "exempt": True}, True, ()),  # both branches agree
        ("paid ? n > 3 : exempt", {"n": 2, "exempt": True}, None, ("paid",)),
        ("paid ? n > 3 : exempt", {"n": 2}, None, ("paid", "exempt")),
        ("paid ? n > 3 : exempt", {"paid": True, "n": 2}, False, ()),  # the other branch is not needed
        ("(paid ? n : n) > 3", {"n": 5}, True, ()),  # a comparison of a value known in three-valued logic
        ("(paid or exempt) == true", {"exempt": True}, True, ()),
        ("n > 3 and paid", {}, None, ("n", "paid")),
        ("n > 3 and paid", {"n": 1}, False, ()),
    ],
)
def test_kleene_inside_one_expression(text, facts, want, missing):
    got = value(text, **facts)
    if want is None:
        assert got == Unknown(missing)
    else:
        assert got is want


def test_a_criterion_asks_only_what_can_change_it():
    tree = parse_node(load_text("expr: exempt or paid"), COMP, "t")
    exempt = evaluate_node(tree, Env({"exempt": True}))
    assert exempt.value is True and exempt.missing == []  # no "paid?" when exempt
    not_exempt = evaluate_node(tree, Env({"exempt": False}))
    assert not_exempt.value is None and not_exempt.missing == ["paid"]  # no "exempt?" once answered


def test_a_computed_value_is_three_valued_too():
    comp = Compiler({"exempt": "bool", "paid": "bool"}, {})
    settled = comp.compile("exempt or paid")
    env = Env({"exempt": to_engine(True)}, {"settled": settled})
    inner = comp.child({"settled": settled}, {"settled": "bool"})
    assert inner.compile("not settled").value(env) is False


# --- property: the Kleene truth table, and soundness against every completion ------------------


def _kleene(tree, known):
    """Reference: the strong Kleene value of *tree* (None = unknown)."""
    kind = tree[0]
    if kind == "fact":
        return known.get(tree[1])
    if kind == "not":
        inner = _kleene(tree[1], known)
        return None if inner is None else not inner
    if kind == "if":
        cond, yes, no = (_kleene(t, known) for t in tree[1:])
        if cond is None:
            return yes if yes is not None and yes == no else None
        return yes if cond else no
    left, right = _kleene(tree[1], known), _kleene(tree[2], known)
    decisive = kind == "or"
    if decisive in (left, right):
        return decisive
    return None if None in (left, right) else not decisive


def _text(tree):
    kind = tree[0]
    if kind == "fact":
        return tree[1]
    if kind == "not":
        return f"not ({_text(tree[1])})"
    if kind == "if":
        return f"(({_text(tree[1])}) ? ({_text(tree[2])}) : ({_text(tree[3])}))"
    return f"(({_text(tree[1])}) {kind} ({_text(tree[2])}))"


def _facts_of(tree):
    if tree[0] == "fact":
        return {tree[1]}
    return set().union(*(_facts_of(t) for t in tree[1:]))


trees = st.recursive(
    st.sampled_from(FACTS).map(lambda f: ("fact", f)),
    lambda inner: st.one_of(
        st.tuples(st.just("not"), inner),
        st.tuples(st.sampled_from(["and", "or"]), inner, inner),
        st.tuples(st.just("if"), inner, inner, inner),
    ),
    max_leaves=8,
)
knowledge = st.fixed_dictionaries({f: st.sampled_from([True, False, None]) for f in FACTS})


@settings(max_examples=300, deadline=None)
@given(trees, knowledge)
def test_random_expressions_follow_kleene_and_every_completion(tree, facts):
    known = {f: v for f, v in facts.items() if v is not None}
    got = value(_text(tree), **known)
    want = _kleene(tree, known)
    if want is None:
        assert isinstance(got, Unknown)
        unknown = [f for f in FACTS if f not in known]
        assert got.missing and set(got.missing) <= set(unknown) & _facts_of(tree)
    else:
        assert got is want
        unknown = [f for f in FACTS if f not in known]
        for values in itertools.product([True, False], repeat=len(unknown)):
            complete = {**known, **dict(zip(unknown, values))}
            assert value(_text(tree), **complete) is want
