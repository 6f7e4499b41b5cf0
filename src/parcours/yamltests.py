"""YAML tests written by the legal team, run by ``parcours test``.

A test file (``kind: tests``) lists cases with an evaluation date and the
expected results, matched partially: only what is written is checked.
Failures read like "expected eligible, got not_eligible, because criterion
length_of_stay is not met (CESEDA art. L.434-2)", with file and line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .casefile import FORMAT_VERSION, CaseFile
from .errors import ParcoursError, diag
from .evaluate import evaluate
from .loader import RuleSet, rule_files
from .numerals import parse_date, parse_datetime, parse_decimal
from .schema import validate
from .suggest import did_you_mean
from .yamlio import LDict, YamlError, load_file


@dataclass
class Failure:
    file: str
    line: int | None
    test: str
    message: str

    def format(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: FAILED {self.test!r}: {self.message}"


@dataclass
class Report:
    passed: int = 0
    failed: int = 0
    failures: list[Failure] = field(default_factory=list)

    def summary(self) -> str:
        return f"{self.passed} passed, {self.failed} failed"


def find_test_files(paths) -> list[Path]:
    out = []
    for file in rule_files(paths):
        try:
            head = file.read_text(encoding="utf-8")[:4000]
        except OSError:
            continue
        if re.search(r"^kind:\s*tests\s*$", head, re.M):
            out.append(file)
    return out


def run_files(files, rules: RuleSet) -> Report:
    report = Report()
    for file in files:
        _run_file(Path(file), rules, report)
    return report


def _run_file(file: Path, rules: RuleSet, report: Report) -> None:
    name = str(file)
    try:
        doc = load_file(file)
    except YamlError as exc:
        for d in exc.diagnostics:
            report.failures.append(Failure(d.file, d.line, "(file)", d.message))
        report.failed += 1
        return
    problems = (
        validate(doc, name, "rules.schema.json", "tests_file")
        if isinstance(doc, dict)
        else [diag(name, None, "a test file must be a mapping with kind: tests")]
    )
    if problems:
        for d in problems:
            report.failures.append(Failure(d.file, d.line, "(file)", d.message + (f" ({d.hint})" if d.hint else "")))
        report.failed += 1
        return
    default_jurisdiction = doc.get("jurisdiction") or next((p for p in file.parts if p in ("fr", "be")), None)
    for index, test in enumerate(doc["tests"]):
        failures = _run_test(file, test, doc["tests"].line_of(index), rules, default_jurisdiction)
        if failures:
            report.failed += 1
            report.failures.extend(failures)
        else:
            report.passed += 1


def _run_test(file: Path, test, line: int, rules: RuleSet, jurisdiction) -> list[Failure]:
    name, fname = test["name"], str(file)

    def fail(message, at=None):
        return Failure(fname, at or line, name, message)

    try:
        case = _case(file, test, jurisdiction)
        as_of = parse_date(test["as_of"])
        result = evaluate(case, as_of, rules=rules, procedures=list(test["expect"]))
    except ParcoursError as exc:
        return [
            fail(d.message + (f" ({d.hint})" if d.hint else ""), d.line if d.file == fname else None)
            for d in exc.diagnostics
        ]
    except ValueError as exc:
        return [fail(str(exc), test.line_of("as_of"))]
    failures = []
    for proc_id, expected in test["expect"].items():
        at = test["expect"].line_of(proc_id)
        proc = result.procedure(proc_id)
        if proc is None:
            failures.append(
                fail(
                    f"no procedure {proc_id!r} for jurisdiction {case.jurisdiction}"
                    + did_you_mean(proc_id, rules.procedures),
                    at,
                )
            )
            continue
        for message, key in _compare(proc, expected):
            failures.append(fail(f"{proc_id} {message}", expected.line_of(key) if isinstance(expected, LDict) else at))
    return failures


def _case(file: Path, test, jurisdiction) -> CaseFile:
    if "case_file" in test:
        return CaseFile.load(file.parent / test["case_file"])
    raw = test["case"]
    doc = LDict(raw)
    doc.lines = dict(getattr(raw, "lines", {}))
    doc.line = getattr(raw, "line", 0)
    doc.setdefault("format_version", FORMAT_VERSION)
    if "jurisdiction" not in doc and jurisdiction:
        doc["jurisdiction"] = jurisdiction
    doc.setdefault("facts", LDict())
    return CaseFile.from_dict(doc, str(file))


def _compare(proc, expected):
    """Yield (message, key) for each expectation that does not hold."""
    for person, wanted in (expected.get("members") or {}).items():
        member = next((m for m in proc.members if m.person == person), None)
        if member is None:
            yield f"members: no result for {person} (got {[m.person for m in proc.members]})", "members"
            continue
        for message, _key in _compare(member, wanted):
            yield f"[{person}] {message}", "members"
    if "status" in expected and proc.status != expected["status"]:
        yield f"status: expected {expected['status']}, got {proc.status}{_because(proc)}", "status"
    if "version" in expected and proc.version != expected["version"]:
        yield f"version: expected {expected['version']}, got {proc.version}", "version"
    for cid, want in (expected.get("criteria") or {}).items():
        crit = proc.criterion(cid)
        if crit is None:
            names = [c.id for c in proc.criteria]
            yield f"criterion {cid}: not evaluated" + did_you_mean(cid, names), "criteria"
        elif crit.result != want:
            yield f"criterion {cid}: expected {want}, got {crit.result}{_why(crit, proc)}", "criteria"
    if "missing_facts" in expected:  # a fact asked of one person of a list reads fact@person
        got = [m.id + (f"@{m.person}" if m.person else "") for m in proc.missing_facts]
        if got != list(expected["missing_facts"]):
            yield f"missing_facts: expected {list(expected['missing_facts'])}, got {got}", "missing_facts"
    for did, want in (expected.get("deadlines") or {}).items():
        deadline = next((d for d in proc.deadlines if d.id == did), None)
        if want is None:
            if deadline is not None:
                yield f"deadline {did}: expected none, got {_iso(deadline.due)}", "deadlines"
            continue
        if deadline is None:
            yield f"deadline {did}: expected {want}, but it was not computed", "deadlines"
            continue
        if want in ("open", "not_open"):  # a right's first day (opens: true): reached on as_of, or not yet
            state = "open" if deadline.days_left is not None and deadline.days_left <= 0 else "not_open"
            if deadline.due is None:
                state = "no date"
            if state != want:
                yield (
                    f"deadline {did}: expected {want}, got {state} ({_iso(deadline.due)}, {deadline.rule})",
                    "deadlines",
                )
            continue
        if want in ("suspended", "met", "passed"):  # stopped / the act was done in time / the delay ran out
            state = (
                "suspended"
                if deadline.stopped
                else "met"
                if deadline.met_on
                else "passed"
                if deadline.days_left is not None and deadline.days_left < 0
                else _iso(deadline.due)
            )
            if state != want:
                yield f"deadline {did}: expected {want}, got {state} ({deadline.rule})", "deadlines"
            continue
        if deadline.due is None or _iso(deadline.due) != _iso(_parse_due(want)):
            because = f" ({deadline.rule})" if deadline.due else f" (missing {deadline.start_fact})"
            yield f"deadline {did}: expected {want}, got {_iso(deadline.due)}{because}", "deadlines"
    got_docs = [d.id for d in proc.documents]
    for doc_id in expected.get("documents") or ():
        if doc_id not in got_docs:
            yield f"document {doc_id}: expected in the list, got {got_docs}", "documents"
    for doc_id in expected.get("documents_absent") or ():
        if doc_id in got_docs:
            yield f"document {doc_id}: expected absent, but it is required", "documents_absent"
    for doc_id, recipient in (expected.get("recipients") or {}).items():
        doc = next((d for d in proc.documents if d.id == doc_id), None)
        if doc is None or doc.recipient != recipient:
            got = doc.recipient if doc else "not in the list"
            yield f"document {doc_id}: expected to go to {recipient}, got {got}", "recipients"
    for fee_id, amount in (expected.get("fees") or {}).items():
        fee = next((f for f in proc.fees if f.id == fee_id), None)
        if fee is None or fee.amount is None or fee.amount != parse_decimal(amount):
            yield f"fee {fee_id}: expected {amount}, got {fee.amount if fee else 'no such fee'}", "fees"
    for fee_id in expected.get("fees_absent") or ():
        fee = next((f for f in proc.fees if f.id == fee_id), None)
        if fee is not None:
            yield f"fee {fee_id}: expected none, got {fee.amount} {fee.currency}", "fees_absent"
    got_steps = [n.id for n in proc.next_steps]
    if "next_steps" in expected and got_steps != list(expected["next_steps"]):  # exact list, in order
        yield f"next_steps: expected {list(expected['next_steps'])}, got {got_steps}", "next_steps"
    for letter in expected.get("letters") or ():
        if letter not in proc.letters:
            yield f"letter {letter}: expected to be offered, got {proc.letters}", "letters"
    for letter in expected.get("letters_absent") or ():
        if letter in proc.letters:
            yield f"letter {letter}: expected not offered (the result is {proc.status})", "letters_absent"
    for flag in expected.get("to_verify") or ():
        if flag not in proc.to_verify:
            yield f"to_verify: expected {flag!r} in {proc.to_verify}", "to_verify"
    for name, want in (expected.get("computed") or {}).items():
        got = proc.computed.get(name, "not computed")
        if not _same(got, want):
            yield f"computed {name}: expected {want}, got {got}", "computed"


def _because(proc) -> str:
    if proc.status == "not_applicable":
        return ", because the procedure does not apply (applies_when not met)"
    if proc.status == "unknown":
        missing = [m.id for m in proc.missing_facts]
        if missing:
            return f", because these facts are missing: {', '.join(missing)}"
        return "" if not proc.notes and not proc.errors else f", because {'; '.join(proc.notes + proc.errors)}"
    parts = [
        f"criterion {c.id} is {c.result.replace('_', ' ')}{_cite(c)}"
        for c in proc.criteria
        if c.result == ("not_met" if proc.status == "not_eligible" else "met")
    ]
    return f", because {'; '.join(parts)}" if parts else ""


def _why(crit, proc) -> str:
    parts = []
    if crit.expression:
        used = [f"{k} = {v}" for k, v in proc.computed.items() if k in crit.expression and v is not None]
        parts.append(f"`{crit.expression}`" + (f" with {', '.join(used)}" if used else ""))
    if crit.missing_facts:
        parts.append(f"missing {', '.join(crit.missing_facts)}")
    if crit.exception:
        parts.append(f"exception {crit.exception} applied")
    return f", because {'; '.join(parts)}{_cite(crit)}" if parts else _cite(crit)


def _cite(crit) -> str:
    return f" ({crit.citations[0].article})" if crit.citations else ""


def _parse_due(value):
    text = str(value)
    return parse_datetime(text) if "T" in text or ":" in text else parse_date(text)


def _iso(value):
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    return value.isoformat()


def _same(got, want) -> bool:
    if isinstance(got, Decimal):
        try:
            return got == parse_decimal(want)
        except ValueError:
            return False
    if isinstance(got, dt.date):
        return got.isoformat() == str(want)
    return got == want
