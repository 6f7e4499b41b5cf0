"""``parcours lint``: every problem in the rule files, in plain words, with file:line.

On top of what loading already checks (schema, unknown facts, expression
types, ambiguous date arithmetic, version gaps/overlaps...), lint reports
parameter values without a legal reference, test files that name unknown
procedures or facts, and warns when a rule or a parameter value was last
reviewed longer ago than the review horizon.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from .errors import Collector, Diagnostic
from .loader import RuleSet, read_rules, rule_files
from .schema import validate
from .suggest import did_you_mean
from .yamlio import YamlError, load_file


def lint(root: str | Path, paths=None, review_horizon_days: int = 365,
         today: dt.date | None = None) -> tuple[RuleSet, list[Diagnostic]]:
    """Lint the rules under *root*; report only files under *paths* when given."""
    today = today or dt.date.today()
    rules = read_rules(root)
    out = Collector(list(rules.diagnostics))
    horizon = today - dt.timedelta(days=review_horizon_days)
    _parameters(rules, out, horizon, review_horizon_days)
    _procedures(rules, out, horizon, review_horizon_days)
    _tests(rules, out)
    items = out.items
    if paths:
        wanted = [Path(p).resolve() for p in paths]
        items = [d for d in items if _under(Path(d.file), wanted)]
    items.sort(key=lambda d: (d.file, d.line or 0))
    return rules, items


def _under(file: Path, wanted) -> bool:
    file = file.resolve()
    return any(file == w or w in file.parents for w in wanted)


def _parameters(rules: RuleSet, out: Collector, horizon: dt.date, days: int) -> None:
    for parameter in rules.parameters.values():
        for entry in parameter.values:
            if not entry.references:
                out.error(parameter.file, entry.line,
                          f"parameter {parameter.id}: the value from {entry.start} has no legal reference",
                          "add references: [{article: ..., url: ...}]")
        latest = parameter.values[-1]
        if latest.reviewed_on and latest.reviewed_on < horizon:
            out.warning(parameter.file, latest.line,
                        f"parameter {parameter.id}: current value last reviewed on {latest.reviewed_on} "
                        f"(review horizon: {days} days)",
                        "check it against the official text and update reviewed_on")


def _procedures(rules: RuleSet, out: Collector, horizon: dt.date, days: int) -> None:
    for procedure in rules.procedures.values():
        for version in procedure.versions:
            current = version.valid_until is None or version is procedure.versions[-1]
            if current and version.reviewed_on and version.reviewed_on < horizon:
                out.warning(procedure.file, version.line,
                            f"{procedure.id}: version from {version.valid_from} last reviewed on "
                            f"{version.reviewed_on} (review horizon: {days} days)",
                            "re-read the articles cited and update reviewed_on")


def _tests(rules: RuleSet, out: Collector) -> None:
    for file in rules.test_files:
        try:
            doc = load_file(file)
        except YamlError:
            continue  # already reported by the loader
        for index, test in enumerate(doc.get("tests") or ()):
            if not isinstance(test, dict):
                continue
            jurisdiction = (test.get("case") or {}).get("jurisdiction") or doc.get("jurisdiction") \
                or next((p for p in Path(file).parts if p in ("fr", "be")), None)
            catalogue = rules.facts.get(jurisdiction)
            facts = (test.get("case") or {}).get("facts") or {}
            if catalogue is not None and hasattr(facts, "items"):
                for fact_id in facts:
                    if fact_id not in catalogue:
                        out.error(file, facts.line_of(fact_id), f"test {test.get('name')!r}: unknown fact {fact_id!r}"
                                  + did_you_mean(fact_id, catalogue.ids()))
            for proc_id in (test.get("expect") or {}):
                if proc_id not in rules.procedures:
                    out.error(file, test["expect"].line_of(proc_id),
                              f"test {test.get('name')!r}: unknown procedure {proc_id!r}"
                              + did_you_mean(proc_id, rules.procedures))


__all__ = ["lint", "rule_files", "validate"]
