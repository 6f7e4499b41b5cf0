"""evaluate(case, as_of): every procedure of the case's jurisdiction, explained.

For each procedure: pick the version in force on the version date, check
applicability, evaluate the criteria in three-valued logic, and list what is
still missing (in the order the rule file asks for it), the computed
deadlines, documents, fees and anything marked to_verify.
"""

from __future__ import annotations

import datetime as dt
import re

from .casefile import CaseFile
from .criteria import MET, NOT_MET, UNKNOWN, Node, NodeResult, evaluate_node
from .expressions import PARAMETER_TRACE, Env, Missing, from_engine, to_engine
from .facts import planned_dates
from .loader import RuleSet, load_rules
from .numerals import parse_date
from .parameters import NoValue
from .procedures import Procedure, Version
from .results import (
    CriterionResult,
    DeadlineResult,
    DocumentResult,
    Evaluation,
    FeeResult,
    Figure,
    MissingFact,
    NextStep,
    ParameterUse,
    ProcedureResult,
    SuspensionResult,
)

ELIGIBLE, NOT_ELIGIBLE, NOT_APPLICABLE = "eligible", "not_eligible", "not_applicable"
AT_RISK = "at_risk"  # only points a lawyer must assess are not met: not a refusal, see legal help
OPEN = (ELIGIBLE, AT_RISK, UNKNOWN)  # the procedure may be pursued: its letters and paperwork are offered


def evaluate(
    case: CaseFile,
    as_of: dt.date | str | None = None,
    rules: RuleSet | None = None,
    procedures: list[str] | None = None,
) -> Evaluation:
    """Evaluate *case* on date *as_of* (default: today) against *rules* (default: the default rules)."""
    rules = rules or load_rules()
    as_of = parse_date(as_of) if as_of is not None else dt.date.today()
    catalogue = rules.catalogue(case.jurisdiction)
    facts = case.typed_facts(catalogue)
    values = {fact_id: _engine_value(value) for fact_id, value in facts.items()}
    values["as_of"] = to_engine(as_of)
    results = []
    for procedure in rules.procedures_for(case.jurisdiction):
        if procedures and procedure.id not in procedures:
            continue
        if procedure.for_each:
            results.append(_for_each(procedure, values, facts, as_of, catalogue, rules))
        else:
            results.append(_evaluate_procedure(procedure, values, facts, as_of, catalogue, rules))
    for result in results:
        result.rules_version = rules.version
    return Evaluation(
        as_of, case.jurisdiction, results, case.case_id, planned_dates(catalogue, facts, as_of), rules.version
    )


def _engine_value(value):
    if isinstance(value, tuple):  # persons
        return tuple({k: to_engine(v) for k, v in vars(p).items() if v is not None and k != "facts"} for p in value)
    return to_engine(value)


def _for_each(procedure: Procedure, values: dict, facts: dict, as_of, catalogue, rules) -> ProcedureResult:
    """A procedure decided for each person of a list (réunification familiale: one visa application
    per family member). Each person is judged on the case's facts plus their own (`of:` facts);
    the procedure's result gathers the persons': eligible when at least one person is, and
    documents, deadlines and what is still to ask for every person concerned."""
    own = {f.id: f for f in catalogue.of_each(procedure.for_each)}
    listed = facts.get(procedure.for_each)
    if listed is None and any(fact_id in facts for fact_id in own):
        # A case describing one person directly (no list): that person is the list.
        return _evaluate_procedure(procedure, values, facts, as_of, catalogue, rules)
    if listed is None:  # who is concerned comes before anything asked of each of them
        result = _evaluate_procedure(procedure, values, facts, as_of, catalogue, rules)
        asked, list_fact = [], None
        for item in result.missing_facts:
            if item.id not in own:
                asked.append(item)
            elif list_fact is None:
                list_fact = _missing([(procedure.for_each, "for_each")], catalogue)[0]
                asked.append(list_fact)
        result.missing_facts = asked
        return result
    members = []
    for person in listed:
        person_values, person_facts = dict(values), dict(facts)
        for fact_id, spec in own.items():
            value = getattr(person, spec.from_field, None) if spec.from_field else person.facts.get(fact_id)
            person_values.pop(fact_id, None)
            person_facts.pop(fact_id, None)
            if value is not None:
                person_facts[fact_id], person_values[fact_id] = value, _engine_value(value)
        member = _evaluate_procedure(procedure, person_values, person_facts, as_of, catalogue, rules)
        member.person = person.id
        for item in member.missing_facts:
            if item.id in own:
                item.person = person.id
        members.append(member)
    return _gathered(procedure, members)


def _gathered(procedure: Procedure, members: list[ProcedureResult]) -> ProcedureResult:
    statuses = [m.status for m in members]
    status = (
        ELIGIBLE
        if ELIGIBLE in statuses
        else UNKNOWN
        if UNKNOWN in statuses
        else AT_RISK
        if AT_RISK in statuses
        else NOT_APPLICABLE
        if all(s == NOT_APPLICABLE for s in statuses)
        else NOT_ELIGIBLE
    )
    result = ProcedureResult(procedure.id, procedure.title, status, None, members=members)
    if not members:  # nobody on the list: the procedure concerns no one
        result.status = NOT_APPLICABLE
        return result
    concerned = [m for m in members if m.status in OPEN] or members
    first = next((m for m in members if m.status != NOT_APPLICABLE), members[0])
    result.version, result.outcome, result.filing, result.applies = (
        first.version,
        first.outcome,
        first.filing,
        first.applies,
    )
    result.provisional = any(m.provisional for m in members)
    seen: set = set()

    def once(key) -> bool:
        if key in seen:
            return False
        seen.add(key)
        return True

    for m in concerned:
        result.letters += [x for x in m.letters if once(("letter", x))]
        result.documents += [d for d in m.documents if once(("document", d.id))]
        result.deadlines += [d for d in m.deadlines if once(("deadline", d.id, d.due))]
        result.fees += [f for f in m.fees if once(("fee", f.id))]
        result.next_steps += [n for n in m.next_steps if once(("next_step", n.id))]
        result.figures += [f for f in m.figures if once(("figure", f.id, f.value))]
    for m in members:
        result.missing_facts += [f for f in m.missing_facts if once(("missing", f.id, f.person))]
        result.to_verify += [x for x in m.to_verify if once(("to_verify", x))]
        result.parameters += [p for p in m.parameters if once(("parameter", p.id, p.start))]
        result.notes += [x for x in m.notes if once(("note", x))]
        result.errors += [x for x in m.errors if once(("error", x))]
    return result


def _evaluate_procedure(procedure: Procedure, values: dict, facts: dict, as_of, catalogue, rules) -> ProcedureResult:
    result = ProcedureResult(procedure.id, procedure.title, UNKNOWN, None)
    missing: list[tuple[str, str]] = []  # (fact id, needed for), in asking order
    trace: list = []
    token = PARAMETER_TRACE.set(trace)
    try:
        version_day = facts.get(procedure.version_date)
        if version_day is None:
            _no_version_date(procedure, values, result, missing)
            if result.status != NOT_APPLICABLE:
                _provisional(procedure, values, as_of, result, rules)
        else:
            day = _day(version_day)
            version = procedure.version_for(day)
            if version is None and _never_applies(procedure, values):
                result.status, result.applies = NOT_APPLICABLE, NOT_MET
            elif version is None:
                result.notes.append(
                    f"no version of {procedure.id} is in force on {day.isoformat()} "
                    f"({procedure.version_date}); the legal team has not encoded that period"
                )
                result.to_verify.append("version:none")
            else:
                _evaluate_version(procedure, version, values, as_of, result, missing, rules, day)
    finally:
        PARAMETER_TRACE.reset(token)
    _parameters(trace, result)
    result.missing_facts = _missing(missing, catalogue)
    return result


def _applicability(procedure, values) -> list:
    return [evaluate_node(v.applies_when, Env(values)) for v in procedure.versions if v.applies_when]


def _never_applies(procedure, values) -> bool:
    """True when every encoded version's applies_when is false: the version does not matter then."""
    applies = _applicability(procedure, values)
    return bool(applies) and len(applies) == len(procedure.versions) and all(a.value is False for a in applies)


def _no_version_date(procedure, values, result, missing):
    """The date that selects the version is unknown: ask for it first; applicability may still decide."""
    if _never_applies(procedure, values):
        result.status, result.applies = NOT_APPLICABLE, NOT_MET
        return
    for a in _applicability(procedure, values):  # "is this procedure for you?" comes before "when?"
        missing.extend((f, "applies_when") for f in a.missing)
    missing.append((procedure.version_date, "version"))


def _provisional(procedure: Procedure, values, as_of, result, rules):
    """The version date is unknown ("not yet", "I don't know"): what is certain anyway is shown
    from the version in force on *as_of* (the latest one if none): where to file, what to bring,
    which deadline will start from which event. Nothing it would need is asked from here: the
    asking order stays the rule file's (the version date first)."""
    version = procedure.version_for(as_of) or max(procedure.versions, key=lambda v: v.valid_from)
    if version is None:
        return
    env = Env(values, {name: c.expr for name, c in version.computed.items()})
    result.provisional = True
    # The version shown is named, so that its deadlines are worded and its points to verify
    # explained from that version, not from the procedure's first one.
    result.version = version.label
    result.outcome = version.outcome
    _details(version, env, values, as_of, result, [], rules, as_of)
    result.filing = _filing(version)


def _evaluate_version(procedure: Procedure, version: Version, values, as_of, result, missing, rules, day):
    result.version = version.label
    result.outcome = version.outcome
    env = Env(values, {name: c.expr for name, c in version.computed.items()})
    if version.status == "to_verify":
        result.to_verify.append("version")
    applies = True
    if version.applies_when is not None:
        applied = evaluate_node(version.applies_when, env)
        result.applies = applied.result
        result.errors.extend(applied.errors)
        applies = applied.value
        if applies is False:
            result.status = NOT_APPLICABLE
            return
        missing.extend((f, "applies_when") for f in applied.missing)
    node_results = [evaluate_node(node, env) for node in version.criteria]
    result.criteria = [_criterion(n, r) for n, r in zip(version.criteria, node_results)]
    for r in node_results:
        result.errors.extend(r.errors)
    values_ = [r.value for r in node_results]
    at_risk = [n for n, r in zip(version.criteria, node_results) if r.value is False and n.if_not_met == AT_RISK]
    if len(at_risk) < values_.count(False):
        result.status = NOT_ELIGIBLE
        missing.clear()  # nothing left to ask can make it eligible
    elif None in values_ or applies is None:
        result.status = UNKNOWN
        for node, r in zip(version.criteria, node_results):
            missing.extend((f, node.id) for f in r.missing)
    else:
        result.status = AT_RISK if at_risk else ELIGIBLE
    if result.status != NOT_ELIGIBLE:
        result.next_steps += [NextStep(n.id, n.next_step, [], list(n.citations), True) for n in at_risk if n.next_step]
    if result.status in OPEN:  # no letter for a procedure that does not apply or is refused
        result.letters = list(version.letters)
    result.to_verify.extend(_to_verify_criteria(version.criteria, node_results))
    result.computed = _computed(version, env)
    result.figures = _figures(version, env, values, result, rules)
    if result.status == NOT_ELIGIBLE:  # only the deadlines that run whatever the result (a grace period)
        _details(version, env, values, as_of, result, [], rules, day, only_deadlines=True)
    else:
        asked = missing if result.status in (ELIGIBLE, AT_RISK) else []
        _details(version, env, values, as_of, result, asked, rules, day)
    result.filing = _filing(version)


def _criterion(node: Node, res: NodeResult) -> CriterionResult:
    citations = list(node.citations)
    exception = None
    if res.applied_exception is not None:
        exception = res.applied_exception.id
        citations.extend(res.applied_exception.citations)
    children = []
    for child_node, child in zip(node.children, res.children):
        children.append(_criterion(child_node, child))
    for exc, cond in zip(node.exceptions, res.children[len(node.children) :]):
        item = _criterion(exc.when, cond)
        item.id = item.id or exc.id
        item.explanation = item.explanation or exc.explanation
        item.citations = item.citations or list(exc.citations)
        item.status = exc.status
        children.append(item)
    return CriterionResult(
        node.id,
        res.result,
        citations,
        node.explanation,
        node.status,
        list(res.missing),
        exception,
        node.expr.text if node.expr else None,
        children,
        list(res.errors),
    )


def _to_verify_criteria(nodes, results) -> list[str]:
    out = []

    def visit(node: Node, res: NodeResult, top_id):
        label = node.id or top_id
        if node.status == "to_verify":
            out.append(f"criterion:{label}")
        for child_node, child in zip(node.children, res.children):
            visit(child_node, child, label)
        for exc, cond in zip(node.exceptions, res.children[len(node.children) :]):
            if exc.status == "to_verify" and cond.value is not False:
                out.append(f"exception:{exc.id}")
            visit(exc.when, cond, exc.id)

    for node, res in zip(nodes, results):
        visit(node, res, node.id)
    return list(dict.fromkeys(out))


def _computed(version: Version, env: Env) -> dict:
    out = {}
    for name, item in version.computed.items():
        try:
            value = env.resolve(name)
        except Missing:
            value = None
        except Exception:  # a runtime problem is already reported by the criterion that uses it
            value = None
        if value is not None and item.type == "date":
            value = value.date()
        out[name] = value
    return out


FIGURE_TYPES = ("money", "number", "integer", "date")
_COMPARISON = re.compile(r"^\s*([a-z_][a-z0-9_]*)\s*(>=|>|<=|<)\s*([a-z_][a-z0-9_]*)\s*$")


def _figures(version: Version, env: Env, values, result: ProcedureResult, rules) -> list[Figure]:
    """Every computed number or date a criterion (or one of its exceptions) reads, with its unit and
    the references of the parameters it was read from; beside a money fact it was compared with
    (`income >= threshold`), what that fact lacks."""
    from .expressions import PARAMETER_TRACE as trace_var

    leaves = [leaf for node in version.criteria for leaf in node.leaves()]
    wanted: list[str] = []
    for leaf in leaves:
        for name in _names(leaf.expr.text):
            if name in version.computed and version.computed[name].type in FIGURE_TYPES and name not in wanted:
                wanted.append(name)
    out = []
    for name in wanted:
        item = version.computed[name]
        trace: list = []
        token = trace_var.set(trace)
        try:
            value = Env(env.values, env.computed).resolve(name)  # fresh cache: trace its parameters
        except Exception:  # missing facts, or a runtime problem reported by the criterion
            value = None
        finally:
            trace_var.reset(token)
        if value is None:
            continue
        value = value.date() if item.type == "date" and hasattr(value, "date") else value
        sources, units = [], []
        for parameter, entry, *_ in trace:
            sources.extend(c for c in entry.references if c not in sources)
            if parameter.unit and parameter.unit not in units:
                units.append(parameter.unit)
        figure = Figure(name, item.label, item.type, value, units[0] if units else None, sources)
        for leaf in leaves:
            found = _COMPARISON.match(leaf.expr.text)
            if not found:
                continue
            left, op, right = found.groups()
            fact = left if right == name else right if left == name else None
            if fact is None or fact not in values or fact in version.computed:
                continue
            given = _day(from_engine(values[fact])) if item.type == "date" else from_engine(values[fact])
            figure.compared_with, figure.fact_value = fact, given
            if item.type != "date":
                needs_more = (right == name and op in (">=", ">")) or (left == name and op in ("<=", "<"))
                if needs_more and given < value:
                    figure.shortfall = value - given
            break
        out.append(figure)
    return out


def _names(text: str) -> list[str]:
    return re.findall(r"(?<![\w$\"])([a-z_][a-z0-9_]*)(?![\w\"(])", text or "")


def _condition(node: Node | None, env: Env, missing, needed_for, result) -> str | None:
    """met / unknown for an optional `when:`; None means the item does not apply."""
    if node is None:
        return MET
    res = evaluate_node(node, env)
    result.errors.extend(res.errors)
    if res.value is False:
        return None
    if res.value is None:
        missing.extend((f, needed_for) for f in res.missing)
        return UNKNOWN
    return MET


def _day(value) -> dt.date | None:
    return value.date() if isinstance(value, dt.datetime) else value


def _met_on(deadline, values) -> dt.date | None:
    """The day *deadline*'s act was done if it was done in time (on its due day or before), else None."""
    start, done = _day(values.get(deadline.start)), _day(values.get(deadline.met_by)) if deadline.met_by else None
    if start is None or done is None or deadline.unit == "hours":
        return None
    due, _ = deadline.due(start)
    return done if done <= due else None


def _suspended(deadline, start, due, extended, env, values, as_of, missing, result, siblings=()):
    """(due, extended_from, SuspensionResult or None) once the deadline's suspensions are applied.

    A suspension counts when its first event is known, fell before the delay ran out, and its
    condition holds. Until its second event is known the delay is stopped: no due date. When the
    first event is unknown and the delay has run out, it is asked: it may still be running.
    """
    from .dates import days_between

    last = deadline.last_day(start)
    applied = None
    for rule in deadline.suspensions:
        stopped = _day(values.get(rule.start))
        if stopped is None:
            if days_between(as_of, _day(due)) < 0:
                missing.append((rule.start, f"deadline:{deadline.id}"))
            continue
        if stopped > last or _condition(rule.when, env, missing, f"deadline:{deadline.id}", result) != MET:
            continue
        if rule.if_met and _met_on(next(d for d in siblings if d.id == rule.if_met), values) is None:
            continue  # the act that stops the delay was not done in time, as its own deadline counts it
        restarted = _day(values.get(rule.end))
        applied = SuspensionResult(
            rule.id,
            rule.label,
            stopped,
            restarted,
            rule.end,
            (last - stopped).days,
            rule.resumes,
            list(rule.citations),
            rule.status,
        )
        if rule.status == "to_verify":
            result.to_verify.append(f"suspension:{rule.id}")
        if restarted is None:
            missing.append((rule.end, f"deadline:{deadline.id}"))
            return None, None, applied
        last = deadline.resumed(last, stopped, restarted, rule.resumes)
        due, extended = deadline.extended(last)
    return due, extended, applied


def _details(
    version: Version, env: Env, values, as_of, result: ProcedureResult, missing, rules, day, only_deadlines=False
):
    from .dates import days_between

    for deadline in version.deadlines:
        if only_deadlines and not deadline.also_when_not_eligible:
            continue
        condition = _condition(deadline.when, env, missing, f"deadline:{deadline.id}", result)
        if condition is None:
            continue
        start = values.get(deadline.start)
        due = extended = days_left = suspension = met_on = None
        if start is None:
            if condition == MET:  # ask the start date once the deadline is known to apply
                missing.append((deadline.start, f"deadline:{deadline.id}"))
        else:
            start = start if deadline.unit == "hours" else start.date()
            if deadline.unit == "hours":
                start = start.replace(tzinfo=None)
            due, extended = deadline.due(start)
            if deadline.suspensions:
                due, extended, suspension = _suspended(
                    deadline, start, due, extended, env, values, as_of, missing, result, version.deadlines
                )
            if due is not None:
                due_day = _day(due)
                days_left = days_between(as_of, due_day)
                done = _day(values.get(deadline.met_by)) if deadline.met_by else None
                met_on = done if done is not None and done <= due_day else None  # met on the due day is met
                passed = deadline.once_passed
                # The delay ran out: what to do now — only for a delay known to apply (a branch still
                # unknown, e.g. whether there was a Eurodac hit, says nothing yet).
                if passed and met_on is None and days_left < 0 and condition == MET:
                    result.next_steps.append(
                        NextStep(deadline.id, passed.next_step, list(passed.letters), list(deadline.citations))
                    )
                    result.letters += [x for x in passed.letters if x not in result.letters]
        result.deadlines.append(
            DeadlineResult(
                deadline.id,
                deadline.label,
                due,
                deadline.rule_text(),  # a trace for developers; people read parcours.views.rule_words
                deadline.start,
                start,
                extended,
                days_left,
                condition,
                list(deadline.citations),
                deadline.status,
                suspension,
                met_on,
                opens=deadline.opens,
            )
        )
        if deadline.status == "to_verify":
            result.to_verify.append(f"deadline:{deadline.id}")
    if only_deadlines:
        return
    for doc in version.documents:
        condition = _condition(doc.when, env, missing, f"document:{doc.id}", result)
        if condition is None:
            continue
        result.documents.append(
            DocumentResult(
                doc.id,
                doc.label,
                doc.issued_by,
                doc.sworn_translation,
                doc.apostille,
                [(a.id, a.label) for a in doc.alternatives],
                condition,
                list(doc.citations),
                doc.status,
                doc.recipient,
                doc.confidential,
            )
        )
        if doc.status == "to_verify":
            result.to_verify.append(f"document:{doc.id}")
    for fee in version.fees:
        condition = _condition(fee.when, env, missing, f"fee:{fee.id}", result)
        if condition is None:
            continue
        amount = fee.amount
        if fee.amount_parameter:
            parameter = rules.parameters[fee.amount_parameter]
            try:
                entry = parameter.entry_at(day)  # the fee in force on the version date (e.g. filing date)
                amount = entry.value
                PARAMETER_TRACE.get().append((parameter, entry))
            except NoValue as exc:
                result.errors.append(str(exc))
                amount = None
        result.fees.append(
            FeeResult(fee.id, fee.label, amount, fee.currency, condition, fee.payment, list(fee.citations), fee.status)
        )
        if fee.status == "to_verify":
            result.to_verify.append(f"fee:{fee.id}")


def _filing(version: Version) -> dict | None:
    if version.filing is None:
        return None
    f = version.filing
    return {
        "where": f.where.to_json() if f.where else None,
        "how": f.how.to_json() if f.how else None,
        "forms": list(f.forms),
        "citations": [c.to_json() for c in f.citations],
    }


def _parameters(trace, result: ProcedureResult):
    seen = set()
    for item in trace:
        parameter, entry = item[0], item[1]
        used = item[2] if len(item) > 2 else None  # e.g. the bracket of a scale
        key = (parameter.id, entry.start)
        if key in seen:
            continue
        seen.add(key)
        result.parameters.append(
            ParameterUse(
                parameter.id,
                entry.start,
                used if used is not None else entry.value,
                list(entry.references),
                entry.status,
            )
        )
        if entry.status == "to_verify":
            result.to_verify.append(f"parameter:{parameter.id}@{entry.start.isoformat()}")


def _missing(pairs, catalogue) -> list[MissingFact]:
    out: dict[str, MissingFact] = {}
    for fact_id, needed_for in pairs:
        fact = catalogue.get(fact_id)
        if fact is None:
            continue
        if fact_id not in out:
            out[fact_id] = MissingFact(fact.id, fact.type, fact.question, fact.label, fact.sensitivity, fact.values)
        if needed_for not in out[fact_id].needed_for:
            out[fact_id].needed_for.append(needed_for)
    return list(out.values())
