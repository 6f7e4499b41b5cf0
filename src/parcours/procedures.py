"""Procedures and their dated versions.

A procedure (e.g. fr.regroupement_familial) has one or more versions, each in
force from `valid_from` to `valid_until` (inclusive). The date that selects a
version is a fact named by `version_date` (filing date, notification date...).
Sections written at the procedure level (criteria, documents, deadlines,
fees, filing, letters, outcome, computed, applies_when) are shared by all
versions; a version that writes a section replaces it for that version.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from .citations import Citation, parse_citations
from .criteria import CriterionSyntaxError, Node, parse_node
from .deadlines import Deadline, DeadlineSpecError, parse_deadline
from .expressions import _IDENT, Compiler, Expression, ExpressionError, _strip_strings
from .messages import Text, version_ids
from .numerals import parse_date, parse_decimal
from .suggest import did_you_mean as suggestion

SECTIONS = (
    "applies_when",
    "computed",
    "criteria",
    "outcome",
    "documents",
    "deadlines",
    "fees",
    "filing",
    "letters",
    "recipient",
)
COMPUTED_RESULT = {
    "date": "DATETIME",
    "bool": "BOOLEAN",
    "integer": "FLOAT",
    "money": "FLOAT",
    "number": "FLOAT",
    "text": "STRING",
}


class SpecError(ValueError):
    def __init__(self, message: str, line: int, hint: str | None = None):
        super().__init__(message)
        self.line = line
        self.hint = hint


@dataclass
class Computed:
    name: str
    type: str
    expr: Expression
    label: Text | None


@dataclass
class Alternative:
    id: str
    label: Text
    issued_by: Text | None


@dataclass
class Document:
    id: str
    label: Text
    when: Node | None
    issued_by: Text | None
    sworn_translation: str
    apostille: str
    alternatives: list[Alternative]
    copies: int | None
    citations: tuple[Citation, ...]
    status: str
    line: int
    verify_reason: Text | None = None  # status to_verify: why, in words a volunteer reads
    recipient: str | None = None  # who receives it (parcours.recipients); the procedure's by default
    confidential: str | None = None  # "medical": only the country's medical recipient may receive it


@dataclass
class Fee:
    id: str
    label: Text
    amount: Decimal | None
    amount_parameter: str | None
    currency: str
    when: Node | None
    payment: Text | None
    citations: tuple[Citation, ...]
    status: str
    line: int
    verify_reason: Text | None = None  # status to_verify: why, in words a volunteer reads


@dataclass
class Filing:
    where: Text | None
    how: Text | None
    forms: list[str]
    citations: tuple[Citation, ...]


@dataclass
class Version:
    valid_from: dt.date
    valid_until: dt.date | None
    reviewed_on: dt.date
    status: str
    citations: tuple[Citation, ...]
    applies_when: Node | None
    computed: dict[str, Computed]
    criteria: list[Node]
    outcome: Text | None
    documents: list[Document]
    deadlines: list[Deadline]
    fees: list[Fee]
    filing: Filing | None
    letters: list[str]
    line: int
    verify_reason: Text | None = None  # status to_verify: why, in words a volunteer reads

    @property
    def label(self) -> str:
        end = self.valid_until.isoformat() if self.valid_until else "…"
        return f"{self.valid_from.isoformat()}..{end}"

    def covers(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


@dataclass
class Procedure:
    id: str
    jurisdiction: str
    title: Text
    summary: Text | None
    version_date: str
    reviewed_on: dt.date
    versions: list[Version] = field(default_factory=list)
    for_each: str | None = None  # a persons fact: decided for each person (one application each)
    file: str = ""
    line: int = 0
    # Why no rule is encoded before the first version (the procedure did not exist; earlier law not
    # encoded): the reason a person reads for a date before it.
    before_first_version: Text | None = None

    def version_for(self, day: dt.date) -> Version | None:
        for version in self.versions:
            if version.covers(day):
                return version
        return None


def parse_procedure(doc, compiler: Compiler, file: str, collector) -> Procedure | None:
    """Build a Procedure; each problem is reported to *collector* with its line."""
    pid = doc["id"]
    if not pid.startswith(doc["jurisdiction"] + "."):
        collector.error(file, doc.line_of("id"), f"procedure id {pid} must start with '{doc['jurisdiction']}.'")
    if doc["version_date"] not in compiler.fact_types:
        from .suggest import did_you_mean

        collector.error(
            file,
            doc.line_of("version_date"),
            f"version_date: unknown fact {doc['version_date']!r}"
            + did_you_mean(doc["version_date"], compiler.fact_types),
        )
        return None
    if compiler.fact_types[doc["version_date"]] not in ("date", "datetime"):
        collector.error(file, doc.line_of("version_date"), f"version_date {doc['version_date']} is not a date fact")
        return None
    reviewed = _date(doc, "reviewed_on", file, collector)
    procedure = Procedure(
        id=pid,
        jurisdiction=doc["jurisdiction"],
        title=Text.from_doc(doc["title"], f"{pid}.title"),
        summary=Text.from_doc(doc.get("summary"), f"{pid}.summary"),
        version_date=doc["version_date"],
        reviewed_on=reviewed,
        for_each=doc.get("for_each"),
        file=file,
        line=doc.line,
        before_first_version=Text.from_doc(doc.get("before_first_version"), f"{pid}.before_first_version"),
    )
    for _index, vdoc in enumerate(doc["versions"]):
        merged = {key: doc[key] for key in SECTIONS if key in doc}
        merged.update({key: vdoc[key] for key in SECTIONS if key in vdoc})
        lines = {key: (vdoc.line_of(key) if key in vdoc else doc.line_of(key)) for key in merged}
        version = _parse_version(procedure, vdoc, merged, lines, compiler, file, collector)
        if version is not None:
            procedure.versions.append(version)
    procedure.versions.sort(key=lambda v: v.valid_from)
    version_ids(procedure.versions)  # a version that rewords a text gets its own id for it
    _check_versions(procedure, file, collector)
    return procedure


def _date(doc, key, file, collector):
    try:
        return parse_date(doc[key]) if doc.get(key) is not None else None
    except ValueError as exc:
        collector.error(file, doc.line_of(key), f"{key}: {exc}")
        return None


def _parse_version(procedure, vdoc, sections, lines, compiler, file, collector) -> Version | None:
    valid_from = _date(vdoc, "valid_from", file, collector)
    valid_until = _date(vdoc, "valid_until", file, collector)
    if valid_from is None:
        return None
    if valid_until is not None and valid_until < valid_from:
        collector.error(
            file,
            vdoc.line_of("valid_until"),
            f"{procedure.id}: version ends ({valid_until}) before it starts ({valid_from})",
        )
    prefix = procedure.id
    try:
        computed = _parse_computed(sections.get("computed") or {}, compiler, prefix)
    except SpecError as exc:
        collector.error(file, exc.line, f"{procedure.id}: {exc}", exc.hint)
        return None
    scoped = compiler.child({n: c.expr for n, c in computed.items()}, {n: c.type for n, c in computed.items()})

    def node(doc_, line, pfx=prefix):
        if doc_ is None:
            return None
        try:
            return parse_node(doc_, scoped, pfx, line)
        except CriterionSyntaxError as exc:
            collector.error(file, exc.line, f"{procedure.id}: {exc}")
            return None

    criteria = []
    for i, cdoc in enumerate(sections.get("criteria") or ()):
        parsed = node(cdoc, sections["criteria"].line_of(i))
        if parsed is not None:
            criteria.append(parsed)
    _check_unique(procedure.id, "criterion", criteria, file, collector)
    deadlines = []
    for ddoc in sections.get("deadlines") or ():
        try:
            deadlines.append(
                parse_deadline(
                    ddoc,
                    scoped.fact_types,
                    procedure.jurisdiction,
                    node(ddoc.get("when"), ddoc.line_of("when")),
                    node,
                    text_prefix=f"{prefix}.",
                )
            )
        except DeadlineSpecError as exc:
            collector.error(file, exc.line, f"{procedure.id}: {exc}", exc.hint)
    ids = {d.id for d in deadlines}
    for deadline in deadlines:  # a suspension that depends on another deadline being met names one of this version
        for rule in deadline.suspensions:
            if rule.if_met and rule.if_met not in ids:
                collector.error(
                    file,
                    deadline.line,
                    f"{procedure.id}: suspension {rule.id}: if_met names no deadline of this "
                    f"version: {rule.if_met!r}" + suggestion(rule.if_met, sorted(ids)),
                )
    documents = [_document(d, node, prefix, sections.get("recipient")) for d in sections.get("documents") or ()]
    fees = []
    for fdoc in sections.get("fees") or ():
        param = fdoc.get("amount_parameter")
        if param and param not in compiler.parameters:
            from .suggest import did_you_mean

            collector.error(
                file,
                fdoc.line_of("amount_parameter"),
                f"fee {fdoc['id']}: unknown parameter {param!r}" + did_you_mean(param, compiler.parameters),
            )
            continue
        fees.append(
            Fee(
                id=fdoc["id"],
                label=Text.from_doc(fdoc["label"], f"{prefix}.fee.{fdoc['id']}"),
                amount=parse_decimal(fdoc["amount"]) if "amount" in fdoc else None,
                amount_parameter=param,
                currency=fdoc["currency"],
                when=node(fdoc.get("when"), fdoc.line_of("when")),
                payment=Text.from_doc(fdoc.get("payment"), f"{prefix}.fee.{fdoc['id']}.payment"),
                citations=parse_citations(fdoc["citations"]),
                status=fdoc["status"],
                line=fdoc.line,
                verify_reason=Text.from_doc(fdoc.get("verify_reason"), f"{prefix}.fee.{fdoc['id']}.verify_reason"),
            )
        )
    filing_doc = sections.get("filing")
    filing = None
    if filing_doc:
        filing = Filing(
            where=Text.from_doc(filing_doc.get("where"), f"{prefix}.filing.where"),
            how=Text.from_doc(filing_doc.get("how"), f"{prefix}.filing.how"),
            forms=list(filing_doc.get("forms", ())),
            citations=parse_citations(filing_doc.get("citations")),
        )
    return Version(
        valid_from=valid_from,
        valid_until=valid_until,
        reviewed_on=_date(vdoc, "reviewed_on", file, collector) or procedure.reviewed_on,
        status=vdoc.get("status", "verified"),
        citations=parse_citations(vdoc.get("citations")),
        applies_when=node(sections.get("applies_when"), lines.get("applies_when", 0)),
        computed=computed,
        criteria=criteria,
        outcome=Text.from_doc(sections.get("outcome"), f"{prefix}.outcome"),
        documents=documents,
        deadlines=deadlines,
        fees=fees,
        filing=filing,
        letters=list(sections.get("letters") or ()),
        line=vdoc.line,
        verify_reason=Text.from_doc(vdoc.get("verify_reason"), f"{prefix}.verify_reason"),
    )


def _document(ddoc, node, procedure_id: str, recipient: str | None = None) -> Document:
    prefix = f"{procedure_id}.document.{ddoc['id']}"
    return Document(
        id=ddoc["id"],
        label=Text.from_doc(ddoc["label"], prefix),
        when=node(ddoc.get("when"), ddoc.line_of("when")),
        issued_by=Text.from_doc(ddoc.get("issued_by"), f"{prefix}.issued_by"),
        sworn_translation=ddoc.get("sworn_translation", "no"),
        apostille=ddoc.get("apostille", "no"),
        alternatives=[
            Alternative(
                a["id"],
                Text.from_doc(a["label"], f"{prefix}.alternative.{a['id']}"),
                Text.from_doc(a.get("issued_by"), f"{prefix}.alternative.{a['id']}.issued_by"),
            )
            for a in ddoc.get("alternatives", ())
        ],
        copies=ddoc.get("copies"),
        citations=parse_citations(ddoc["citations"]),
        status=ddoc["status"],
        line=ddoc.line,
        verify_reason=Text.from_doc(ddoc.get("verify_reason"), f"{prefix}.verify_reason"),
        recipient=ddoc.get("recipient") or recipient,
        confidential=ddoc.get("confidential"),
    )


def _parse_computed(block, compiler: Compiler, prefix: str) -> dict[str, Computed]:
    clashes = [n for n in block if n in compiler.fact_types]
    if clashes:
        raise SpecError(
            f"computed value {clashes[0]!r} has the same name as a fact",
            block.line_of(clashes[0]),
            "rename the computed value",
        )
    types = {name: spec["type"] for name, spec in block.items()}
    bare = compiler.child({}, types)
    out: dict[str, Computed] = {}
    direct: dict[str, list[str]] = {}
    for name, spec in block.items():
        try:
            expr = bare.compile(spec["expr"], COMPUTED_RESULT[spec["type"]])
        except ExpressionError as exc:
            raise SpecError(f"computed value {name}: {exc}", spec.line_of("expr")) from None
        direct[name] = [m.group(1) for m in _IDENT.finditer(_strip_strings(str(spec["expr"]))) if m.group(1) in block]
        out[name] = Computed(name, spec["type"], expr, Text.from_doc(spec.get("label"), f"{prefix}.{name}"))

    def expand(name, trail):
        if name in trail:
            raise SpecError(
                f"computed values refer to each other in a loop: {' -> '.join(trail + [name])}", block.line_of(name)
            )
        refs = []
        for other in direct[name]:
            refs.extend(expand(other, trail + [name]))
        return refs + list(out[name].expr.fact_refs)

    for name in out:
        out[name].expr.fact_refs = tuple(dict.fromkeys(expand(name, [])))
    return out


def _check_unique(pid, what, items, file, collector):
    seen = {}
    for item in items:
        if item.id in seen:
            collector.error(file, item.line, f"{pid}: {what} id {item.id!r} is used twice (also line {seen[item.id]})")
        seen[item.id] = item.line


def _check_versions(procedure: Procedure, file: str, collector) -> None:
    """Versions must tile time: no overlap (two laws at once) and no gap (no law at all)."""
    versions = procedure.versions
    for before, after in zip(versions, versions[1:]):
        if before.valid_until is None or before.valid_until >= after.valid_from:
            until = before.valid_until.isoformat() if before.valid_until else "open-ended"
            collector.error(
                file,
                after.line,
                f"{procedure.id}: version from {after.valid_from} overlaps the version {before.valid_from}..{until}",
                f"set valid_until: {after.valid_from - dt.timedelta(days=1)} on the earlier version",
            )
        elif before.valid_until + dt.timedelta(days=1) < after.valid_from:
            collector.error(
                file,
                after.line,
                f"{procedure.id}: gap between versions: nothing applies from "
                f"{before.valid_until + dt.timedelta(days=1)} to {after.valid_from - dt.timedelta(days=1)}",
                "make valid_until of the earlier version the day before valid_from of this one",
            )
