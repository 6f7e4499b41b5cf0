"""Criteria as trees with three-valued (Kleene) logic and Catala-style exceptions.

A criterion is one of:

- ``expr: <expression>``      a leaf, unknown when a fact it reads is missing;
- ``all: [criteria]``         met when every child is met;
- ``any: [criteria]``         met when one child is met;
- ``not: criterion``.

Any criterion may carry ``unless:`` exceptions. An exception whose ``when``
holds overrides the criterion (``then: met`` by default, or ``not_met``),
exactly like "sauf si ..." / "toutefois ..." in a statute. The first
exception that holds wins; an exception whose condition is unknown leaves
the result unknown unless both possibilities give the same answer.

Unknown is never guessed: ``not met and unknown`` is not met, ``met or
unknown`` is met, anything else with an unknown part is unknown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rule_engine import errors as re_errors

from .citations import Citation, parse_citations
from .expressions import Compiler, Env, Expression, ExpressionError, Unknown
from .messages import Text

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"


def word(value: bool | None) -> str:
    return UNKNOWN if value is None else (MET if value else NOT_MET)


@dataclass
class Node:
    kind: str  # expr / all / any / not
    id: str | None = None
    expr: Expression | None = None
    children: list[Node] = field(default_factory=list)
    exceptions: list[Exception_] = field(default_factory=list)
    explanation: Text | None = None
    citations: tuple[Citation, ...] = ()
    status: str = "verified"
    line: int = 0
    verify_reason: Text | None = None  # status to_verify: why, in words a volunteer reads
    # `if_not_met: at_risk`: a point a lawyer must assess (a family member not declared to OFPRA):
    # not met, it puts the procedure at risk instead of closing it; `next_step` says what to do.
    if_not_met: str | None = None
    next_step: Text | None = None

    def leaves(self):
        if self.expr is not None:
            yield self
        for child in self.children:
            yield from child.leaves()
        for exc in self.exceptions:
            yield from exc.when.leaves()

    def fact_refs(self) -> list[str]:
        out: list[str] = []
        for leaf in self.leaves():
            out.extend(leaf.expr.fact_refs)
        return list(dict.fromkeys(out))


@dataclass
class Exception_:
    id: str
    when: Node
    then: bool
    explanation: Text | None
    citations: tuple[Citation, ...]
    status: str
    line: int
    verify_reason: Text | None = None  # status to_verify: why, in words a volunteer reads


@dataclass
class NodeResult:
    node: Node
    value: bool | None
    missing: list[str] = field(default_factory=list)
    children: list[NodeResult] = field(default_factory=list)
    applied_exception: Exception_ | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def result(self) -> str:
        return word(self.value)


class CriterionSyntaxError(ValueError):
    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.line = line


NODE_KEYS = ("expr", "all", "any", "not")


def parse_node(doc, compiler: Compiler, prefix: str, line: int = 0) -> Node:
    """Build a Node from YAML (a mapping, or a bare string as shorthand for ``expr:``)."""
    if isinstance(doc, (str, bool)):
        return Node("expr", expr=_compile(compiler, doc, line), line=line)
    line = getattr(doc, "line", line)
    kinds = [k for k in NODE_KEYS if k in doc]
    if len(kinds) != 1:
        raise CriterionSyntaxError(
            "a criterion needs exactly one of expr, all, any, not" + (f" (found {', '.join(kinds)})" if kinds else ""),
            line,
        )
    kind = kinds[0]
    node_id = doc.get("id")
    node = Node(
        kind,
        id=node_id,
        line=line,
        status=doc.get("status", "verified"),
        citations=parse_citations(doc.get("citations")),
        explanation=Text.from_doc(doc.get("explanation"), f"{prefix}.{node_id or kind}.explanation"),
        verify_reason=Text.from_doc(doc.get("verify_reason"), f"{prefix}.{node_id or kind}.verify_reason"),
        if_not_met=doc.get("if_not_met"),
        next_step=Text.from_doc(doc.get("next_step"), f"{prefix}.{node_id or kind}.next_step"),
    )
    if kind == "expr":
        node.expr = _compile(compiler, doc["expr"], doc.line_of("expr"))
    elif kind == "not":
        node.children = [parse_node(doc["not"], compiler, prefix, doc.line_of("not"))]
    else:
        items = doc[kind]
        if not items:
            raise CriterionSyntaxError(f"`{kind}:` needs at least one criterion", doc.line_of(kind))
        node.children = [parse_node(item, compiler, prefix, items.line_of(i)) for i, item in enumerate(items)]
    for i, exc in enumerate(doc.get("unless") or ()):
        exc_line = doc["unless"].line_of(i)
        node.exceptions.append(
            Exception_(
                id=exc["id"],
                when=parse_node(exc["when"], compiler, prefix, exc.line_of("when")),
                then=exc.get("then", "met") == "met",
                explanation=Text.from_doc(exc.get("explanation"), f"{prefix}.{exc['id']}.explanation"),
                citations=parse_citations(exc.get("citations")),
                status=exc.get("status", "verified"),
                line=exc_line,
                verify_reason=Text.from_doc(exc.get("verify_reason"), f"{prefix}.{exc['id']}.verify_reason"),
            )
        )
    return node


def _compile(compiler: Compiler, text, line: int) -> Expression:
    try:
        return compiler.compile(text, "BOOLEAN")
    except ExpressionError as exc:
        raise CriterionSyntaxError(str(exc), line) from None


def evaluate_node(node: Node, env: Env) -> NodeResult:
    if node.kind == "expr":
        result = _leaf(node, env)
    elif node.kind == "not":
        child = evaluate_node(node.children[0], env)
        value = None if child.value is None else not child.value
        result = NodeResult(node, value, list(child.missing), [child])
    else:
        children = [evaluate_node(child, env) for child in node.children]
        values = [c.value for c in children]
        decisive = node.kind == "any"  # the value that decides an any (True) or an all (False)
        if decisive in values:
            value = decisive
        elif None in values:
            value = None
        else:
            value = not decisive
        missing = _merge(c.missing for c in children if c.value is None) if value is None else []
        result = NodeResult(node, value, missing, children)
        for child in children:
            result.errors.extend(child.errors)
    if node.exceptions:
        _apply_exceptions(result, node.exceptions, env)
    return result


def _apply_exceptions(result: NodeResult, exceptions: list[Exception_], env: Env) -> None:
    base_value, base_missing = result.value, list(result.missing)
    conditions = [evaluate_node(e.when, env) for e in exceptions]

    def resolve(index: int):
        if index == len(exceptions):
            return base_value, base_missing, None
        cond = conditions[index]
        exc = exceptions[index]
        if cond.value is True:
            return exc.then, [], exc
        rest_value, rest_missing, rest_exc = resolve(index + 1)
        if cond.value is False:
            return rest_value, rest_missing, rest_exc
        if rest_value is exc.then:  # both branches agree, the unknown does not matter
            return rest_value, [], None
        return None, _merge([rest_missing, cond.missing]), None

    value, missing, applied = resolve(0)
    result.value, result.missing, result.applied_exception = value, missing, applied
    result.children.extend(conditions)
    for cond in conditions:
        result.errors.extend(cond.errors)


def _leaf(node: Node, env: Env) -> NodeResult:
    try:
        value = node.expr.value(env)  # three-valued: only the facts that can still change it are missing
    except re_errors.EngineError as exc:
        # A runtime problem (e.g. no parameter value for that date): unknown, and say why.
        detail = getattr(exc, "error", None) or exc.message
        return NodeResult(node, None, [], errors=[f"`{node.expr.text}`: {detail}"])
    if isinstance(value, Unknown):
        return NodeResult(node, None, list(value.missing))
    if not isinstance(value, bool):
        return NodeResult(node, None, [], errors=[f"`{node.expr.text}` did not give true/false"])
    return NodeResult(node, value)


def _merge(lists) -> list[str]:
    out: list[str] = []
    for items in lists:
        out.extend(items)
    return list(dict.fromkeys(out))
