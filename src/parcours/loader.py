"""Loading a rules directory: facts, parameters, procedures, tests.

Every YAML file has a `kind`. Facts and parameters load first (procedures'
expressions are type-checked against them). All problems are collected, so
`parcours lint` shows them all at once; `load_rules()` raises `RulesError`
if there is any error. Loaded rule sets are cached per directory and
invalidated when a file changes.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from .doccache import DocCache
from .errors import Collector, Diagnostic, RulesError, diag
from .expressions import Compiler
from .facts import Fact, FactCatalogue, parse_facts
from .orientation import Orientation, parse_orientation
from .parameters import Parameter, parse_parameter
from .procedures import Procedure, parse_procedure
from .schema import validate
from .suggest import did_you_mean
from .yamlio import YamlError, load_text

KINDS = ("facts", "parameter", "procedure", "tests", "offices", "orientation")
SCHEMA = "rules.schema.json"


@dataclass
class RuleSet:
    root: Path
    facts: dict[str, FactCatalogue] = field(default_factory=dict)
    parameters: dict[str, Parameter] = field(default_factory=dict)
    procedures: dict[str, Procedure] = field(default_factory=dict)
    offices: dict[str, list] = field(default_factory=dict)  # the competent-office directory, per jurisdiction
    orientation: dict[str, Orientation] = field(default_factory=dict)  # status + need -> procedures
    test_files: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    compilers: dict[str, Compiler] = field(default_factory=dict)
    # Which rules decided: the latest review date and a digest of every rule file ("2026-11-23.3f9a1c2e07"),
    # stamped on every evaluation (JSON, checklist, packet) so a result can be traced to its rules.
    version: str = ""

    def procedures_for(self, jurisdiction: str) -> list[Procedure]:
        return [p for p in self.procedures.values() if p.jurisdiction == jurisdiction]

    def catalogue(self, jurisdiction: str) -> FactCatalogue:
        return self.facts.setdefault(jurisdiction, FactCatalogue(jurisdiction))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]


def rule_files(paths) -> list[Path]:
    out = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()))
        else:
            out.append(path)
    return out


def _jurisdiction_of(file: Path, root: Path) -> str | None:
    try:
        first = file.resolve().relative_to(root.resolve()).parts[0]
    except (ValueError, IndexError):
        return None
    return first if first in ("fr", "be") else None


def read_rules(root: str | Path, files: list[Path] | None = None) -> RuleSet:
    """Load everything under *root*, collecting diagnostics instead of stopping at the first."""
    root = Path(root)
    rules = RuleSet(root)
    out = Collector()
    if not root.exists():
        out.error(root, None, "rules directory not found", "pass --rules DIR or set PARCOURS_RULES_DIR")
        rules.diagnostics = out.items
        return rules
    docs: dict[str, list] = {kind: [] for kind in KINDS}
    cache = DocCache(root)
    digest = hashlib.sha256()
    for file in files if files is not None else rule_files([root]):
        name = str(file)
        try:
            raw = file.read_bytes()
        except OSError as exc:
            out.error(name, None, f"cannot read the file: {exc.strerror}")
            continue
        digest.update(str(Path(name).relative_to(root) if Path(name).is_relative_to(root) else name).encode())
        digest.update(raw)
        doc = cache.get(name, raw)
        if doc is not None:  # unchanged since it last passed the schema: no need to parse and check again
            docs[doc["kind"]].append((name, doc))
            continue
        try:
            doc = load_text(raw.decode("utf-8"), name)
        except UnicodeDecodeError:
            out.error(name, None, "the file is not UTF-8 text", "save it as UTF-8")
            continue
        except YamlError as exc:
            out.extend(exc.diagnostics)
            continue
        if not isinstance(doc, dict):
            out.error(
                name,
                None,
                "a rule file must be a mapping starting with `kind:`",
                "kind: facts | parameter | procedure | tests | offices | orientation",
            )
            continue
        kind = doc.get("kind")
        if kind not in KINDS:
            out.error(
                name,
                doc.line_of("kind") if "kind" in doc else 1,
                f"unknown or missing kind {kind!r}" + did_you_mean(str(kind), KINDS),
                "kind: facts | parameter | procedure | tests | offices | orientation",
            )
            continue
        problems = validate(doc, name, SCHEMA, f"{kind}_file")
        if problems:
            out.extend(problems)
            continue
        jurisdiction = doc.get("jurisdiction")
        folder = _jurisdiction_of(file, root)
        if jurisdiction and folder and jurisdiction != folder:
            out.error(
                name, doc.line_of("jurisdiction"), f"jurisdiction {jurisdiction} but the file is under rules/{folder}/"
            )
        docs[kind].append((name, doc))
        cache.put(name, raw, doc)
    cache.save()
    for name, doc in docs["facts"]:
        catalogue = rules.catalogue(doc["jurisdiction"])
        for fact_id, fact in parse_facts(doc, doc["jurisdiction"], name, out).items():
            if fact_id in catalogue:
                other = catalogue[fact_id]
                out.error(name, fact.line, f"fact {fact_id} is declared twice (also {other.file}:{other.line})")
            catalogue.facts[fact_id] = fact
    for catalogue in rules.facts.values():  # `after:` names date facts of the same catalogue
        for fact in catalogue.facts.values():
            for other in fact.after:
                if other not in catalogue or catalogue[other].type not in ("date", "datetime"):
                    out.error(
                        fact.file,
                        fact.line,
                        f"fact {fact.id}: after names {other!r}, which is not a date fact"
                        + did_you_mean(other, catalogue.ids()),
                    )
            if fact.of and (fact.of not in catalogue or catalogue[fact.of].type != "persons"):
                out.error(
                    fact.file,
                    fact.line,
                    f"fact {fact.id}: of names {fact.of!r}, which is not a persons fact"
                    + did_you_mean(fact.of, catalogue.ids()),
                )
    for name, doc in docs["parameter"]:
        if doc["id"] in rules.parameters:
            out.error(
                name,
                doc.line_of("id"),
                f"parameter {doc['id']} is declared twice (also {rules.parameters[doc['id']].file})",
            )
            continue
        parameter = parse_parameter(doc, name, out)
        if parameter is not None:
            rules.parameters[parameter.id] = parameter
    for jurisdiction in ("fr", "be"):
        catalogue = rules.catalogue(jurisdiction)
        rules.compilers[jurisdiction] = Compiler(
            {f.id: f.type for f in catalogue.facts.values()},
            rules.parameters,
            enum_values={f.id: f.values for f in catalogue.facts.values() if f.type == "enum"},
        )
    for name, doc in docs["procedure"]:
        if doc["id"] in rules.procedures:
            out.error(
                name,
                doc.line_of("id"),
                f"procedure {doc['id']} is declared twice (also {rules.procedures[doc['id']].file})",
            )
            continue
        procedure = parse_procedure(doc, rules.compilers[doc["jurisdiction"]], name, out)
        listed = procedure.for_each if procedure is not None else None
        if (
            listed
            and rules.catalogue(doc["jurisdiction"]).facts.get(listed, None) is None
            or listed
            and rules.catalogue(doc["jurisdiction"])[listed].type != "persons"
        ):
            out.error(
                name,
                doc.line_of("for_each"),
                f"for_each: {listed!r} is not a persons fact"
                + did_you_mean(listed, rules.catalogue(doc["jurisdiction"]).ids()),
            )
        if procedure is not None:
            rules.procedures[procedure.id] = procedure
    for name, doc in docs["offices"]:
        rules.offices.setdefault(doc["jurisdiction"], []).extend(dict(office, file=name) for office in doc["offices"])
        for i, office in enumerate(doc["offices"]):
            for handle in office["handles"]:  # a prefix ends with "_" or "."; anything else must exist
                if handle != "*" and not handle.endswith(("_", ".")) and handle not in rules.procedures:
                    out.error(
                        name,
                        doc["offices"].line_of(i),
                        f"office {office['id']} handles unknown procedure "
                        f"{handle!r}" + did_you_mean(handle, list(rules.procedures)),
                    )
    for name, doc in docs["orientation"]:
        if doc["jurisdiction"] in rules.orientation:
            out.error(
                name,
                1,
                f"a second orientation file for {doc['jurisdiction']} "
                f"(also {rules.orientation[doc['jurisdiction']].file})",
            )
            continue
        rules.orientation[doc["jurisdiction"]] = parse_orientation(doc, name, rules.procedures, out)
    rules.test_files = [Path(name) for name, _ in docs["tests"]]
    reviewed = [v.reviewed_on for p in rules.procedures.values() for v in p.versions if v.reviewed_on]
    reviewed += [v.reviewed_on for p in rules.parameters.values() for v in p.values if v.reviewed_on]
    rules.version = f"{max(reviewed).isoformat() if reviewed else 'unreviewed'}.{digest.hexdigest()[:10]}"
    rules.diagnostics = out.items
    return rules


_CACHE: dict[Path, tuple[tuple, RuleSet, float]] = {}
_LOCK = threading.Lock()
# A loaded rule set is trusted for this long before the files are looked at again: one guide
# step asks for the rules many times, and each look stats every file (about 0.7 ms). An edit by
# the legal team is picked up within half a second.
RECHECK_SECONDS = 0.5


def _signature(root: Path) -> tuple:
    entries = []
    for dirpath, _dirs, names in os.walk(root):
        for n in names:
            if n.endswith((".yaml", ".yml")):
                st = os.stat(os.path.join(dirpath, n))
                entries.append((dirpath, n, st.st_mtime_ns, st.st_size))
    return tuple(sorted(entries))


def load_rules(path: str | Path | None = None, *, use_cache: bool = True) -> RuleSet:
    """Load and check the rules under *path* (default: see `default_rules_dir`); raise RulesError on errors."""
    from .paths import default_rules_dir

    root = Path(path) if path is not None else default_rules_dir()
    key = root.resolve()
    if use_cache:
        with _LOCK:
            hit = _CACHE.get(key)
        now = time.monotonic()
        if hit and now - hit[2] < RECHECK_SECONDS:
            return hit[1]
    signature = _signature(root) if root.exists() else ()
    if use_cache and hit and hit[0] == signature:
        with _LOCK:
            _CACHE[key] = (signature, hit[1], now)
        return hit[1]
    rules = read_rules(root)
    if rules.errors:
        raise RulesError(rules.errors)
    if use_cache:
        with _LOCK:
            _CACHE[key] = (signature, rules, time.monotonic())
    return rules


__all__ = ["RuleSet", "load_rules", "read_rules", "rule_files", "Fact", "diag"]
