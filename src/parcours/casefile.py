"""The case file: one person's situation, saved, exchanged and evaluated anywhere.

A case file (JSON or YAML, see docs/case-file.md) holds the jurisdiction,
the persons involved, and facts by id. Values are checked against the fact
catalogue when a case is evaluated; a bad value is an error naming the file,
the field and the fix — never silently dropped.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from . import bounded
from .errors import CaseFileError, diag
from .i18n import known_lang
from .numerals import parse_date
from .schema import validate
from .suggest import did_you_mean
from .yamlio import LDict, YamlError, load_text

FORMAT_VERSION = 1
SCHEMA = "case-file.schema.json"


@dataclass
class Person:
    id: str
    role: str
    given_name: str | None = None
    family_name: str | None = None
    birth_date: dt.date | None = None
    nationality: str | None = None
    sex: str | None = None
    note: str | None = None
    facts: dict = field(default_factory=dict)  # facts of this person (relationship, union date...)

    def to_dict(self) -> dict:
        out = {"id": self.id, "role": self.role}
        for key in ("given_name", "family_name", "nationality", "sex", "note"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if self.birth_date:
            out["birth_date"] = self.birth_date.isoformat()
        if self.facts:
            out["facts"] = {k: _plain(v) for k, v in self.facts.items()}
        return out


@dataclass
class CaseFile:
    jurisdiction: str
    facts: dict = field(default_factory=dict)  # fact id -> raw value (None = not known)
    persons: list[Person] = field(default_factory=list)
    case_id: str | None = None
    format_version: int = FORMAT_VERSION
    source: str = "<case>"
    lines: dict = field(default_factory=dict)  # fact id -> line in the source file
    extra: dict = field(default_factory=dict)  # created/updated/language/notes, kept on save

    @property
    def notes(self) -> str:
        """The team's note on the case ("notes"): kept through export, import and hand-over."""
        return str(self.extra.get("notes") or "")

    # -- reading -------------------------------------------------------
    @classmethod
    def load(cls, path: str | Path) -> CaseFile:
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise CaseFileError([diag(path, None, "case file not found")]) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise CaseFileError([diag(path, None, f"cannot read the case file: {exc}")]) from None
        return cls.from_text(text, str(path))

    @classmethod
    def from_text(cls, text: str, source: str = "<case>") -> CaseFile:
        # Bounds first, on the flat text and event stream: nothing is built before they pass.
        bounded.check_size(text, source)
        if source.endswith(".json"):
            bounded.check_json(text, source)
            try:
                json.loads(text)  # only for its clear message; depth and numbers are bounded now
            except json.JSONDecodeError as exc:
                raise CaseFileError(
                    [
                        diag(
                            source,
                            exc.lineno,
                            f"this is not valid JSON: {exc.msg}",
                            code="casefile.not_json",
                            at_line=exc.lineno,
                        )
                    ]
                ) from None
        bounded.check_yaml(text, source)
        try:
            doc = load_text(text, source)
        except YamlError as exc:
            line = exc.diagnostics[0].line if exc.diagnostics else None
            raise CaseFileError(
                [
                    dataclasses.replace(
                        d, code=d.code or "casefile.not_yaml", params=d.params or (("at_line", line or "?"),)
                    )
                    for d in exc.diagnostics
                ]
            ) from None
        return cls.from_dict(doc, source)

    @classmethod
    def from_outside(cls, text: str, source: str = "<case>", rules=None) -> CaseFile:
        """A case file from outside (an import), fully checked: bounds, format, persons, and every
        fact against the jurisdiction's catalogue, so nothing that cannot be evaluated gets in."""
        from .loader import load_rules

        case = cls.from_text(text, source)
        case.typed_facts((rules or load_rules()).catalogue(case.jurisdiction))
        return case

    @classmethod
    def from_dict(cls, doc, source: str = "<case>") -> CaseFile:
        if not isinstance(doc, dict):
            raise CaseFileError(
                [
                    diag(
                        source,
                        None,
                        "a case file must be a mapping with format_version, jurisdiction and facts",
                        code="casefile.not_mapping",
                    )
                ]
            )
        version = doc.get("format_version")
        line = doc.line_of("format_version") if isinstance(doc, LDict) else None
        if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
            raise CaseFileError(
                [
                    diag(
                        source,
                        line,
                        f"format_version {version} is newer than this parcours understands "
                        f"(it reads format {FORMAT_VERSION})",
                        "update parcours, or ask the sender to export the case in format 1",
                        code="casefile.newer_version",
                        version=version,
                        supported=FORMAT_VERSION,
                    )
                ]
            )
        problems = validate(doc, source, SCHEMA, quote=False)
        if problems:
            raise CaseFileError([dataclasses.replace(p, code="casefile.schema") for p in problems])
        persons, errors = [], []
        seen = set()
        for i, p in enumerate(doc.get("persons") or ()):
            pline = doc["persons"].line_of(i) if isinstance(doc, LDict) else None
            if p["id"] in seen:
                errors.append(
                    diag(
                        source,
                        pline,
                        f"persons[{i}].id: this person id is used twice",
                        "give each person its own id",
                        code="casefile.bad_person",
                        index=i + 1,
                    )
                )
            seen.add(p["id"])
            birth = None
            if p.get("birth_date") is not None:
                try:
                    birth = parse_date(p["birth_date"])
                except ValueError:  # the message would quote the date: personal, and it reaches logs
                    errors.append(
                        diag(
                            source,
                            p.line_of("birth_date") if isinstance(p, LDict) else pline,
                            f"persons[{i}].birth_date: not a real date",
                            "write it as YYYY-MM-DD",
                            code="casefile.bad_person",
                            index=i + 1,
                        )
                    )
            persons.append(
                Person(
                    p["id"],
                    p["role"],
                    p.get("given_name"),
                    p.get("family_name"),
                    birth,
                    p.get("nationality"),
                    p.get("sex"),
                    p.get("note"),
                    dict(p.get("facts") or {}),
                )
            )
        if errors:
            raise CaseFileError(errors)
        facts = doc.get("facts") or {}
        lines = dict(facts.lines) if isinstance(facts, LDict) else {}
        extra = {k: doc[k] for k in ("created", "updated", "language", "notes") if k in doc}
        if "language" in extra:  # only a language parcours has travels on (hand-over, documents)
            extra["language"] = known_lang(extra["language"], "")
            if not extra["language"]:
                del extra["language"]
        return cls(
            jurisdiction=doc["jurisdiction"],
            facts=dict(facts),
            persons=persons,
            case_id=doc.get("case_id"),
            format_version=version,
            source=source,
            lines=lines,
            extra=extra,
        )

    # -- typing against the catalogue -----------------------------------
    def typed_facts(self, catalogue) -> dict:
        """Fact id -> typed Python value, for the facts the case knows. Raises CaseFileError."""
        out, errors = {}, []
        persons = {p.id: self._typed_person(p, catalogue, errors) for p in self.persons}
        for fact_id, raw in self.facts.items():
            line = self.lines.get(fact_id)
            fact = catalogue.get(fact_id)
            if fact is None:
                errors.append(
                    diag(
                        self.source,
                        line,
                        f"facts.{fact_id}: unknown fact" + did_you_mean(fact_id, catalogue.ids()),
                        f"see the fact catalogue in rules/{self.jurisdiction}/facts.yaml",
                        code="casefile.unknown_fact",
                        fact=fact_id,
                    )
                )
                continue
            if raw is None:  # "asked, not known": stays unknown
                continue
            try:
                value = fact.coerce(raw)
            except (ValueError, ArithmeticError, TypeError) as exc:
                errors.append(
                    diag(
                        self.source,
                        line,
                        f"facts.{fact_id}: {_without(str(exc), raw)}",
                        _fix(fact),
                        code="casefile.bad_value",
                        fact=fact_id,
                    )
                )
                continue
            if fact.type == "persons":
                unknown = [pid for pid in value if pid not in persons]
                if unknown:
                    errors.append(
                        diag(
                            self.source,
                            line,
                            f"facts.{fact_id}: names a person id not declared under persons:",
                            "add the person under persons:",
                            code="casefile.unknown_person",
                            fact=fact_id,
                        )
                    )
                    continue
                value = tuple(persons[pid] for pid in value)
            out[fact_id] = value
        if errors:
            raise CaseFileError(errors)
        return out

    def _typed_person(self, person: Person, catalogue, errors: list) -> Person:
        """The person with their own facts typed; only facts asked of each person of a list belong there."""
        typed = {}
        for fact_id, raw in person.facts.items():
            fact = catalogue.get(fact_id)
            if fact is None or not fact.of:
                errors.append(
                    diag(
                        self.source,
                        None,
                        f"persons.{person.id}.facts.{fact_id}: not a fact of a person"
                        + did_you_mean(fact_id, [f.id for f in catalogue.facts.values() if f.of]),
                        "keep the case's own facts under facts:",
                        code="casefile.unknown_fact",
                        fact=fact_id,
                    )
                )
                continue
            if raw is None:
                continue
            try:
                typed[fact_id] = fact.coerce(raw)
            except (ValueError, ArithmeticError, TypeError) as exc:
                errors.append(
                    diag(
                        self.source,
                        None,
                        f"persons.{person.id}.facts.{fact_id}: {_without(str(exc), raw)}",
                        _fix(fact),
                        code="casefile.bad_value",
                        fact=fact_id,
                    )
                )
        return dataclasses.replace(person, facts=typed)

    # -- writing -------------------------------------------------------
    def to_dict(self) -> dict:
        out = {"format_version": FORMAT_VERSION, "jurisdiction": self.jurisdiction}
        if self.case_id:
            out["case_id"] = self.case_id
        out.update(self.extra)
        if self.persons:
            out["persons"] = [p.to_dict() for p in self.persons]
        out["facts"] = {k: _plain(v) for k, v in self.facts.items()}
        return out

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def save(self, path: str | Path) -> None:
        Path(path).write_text(self.to_json() + "\n", encoding="utf-8")


def _plain(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    if isinstance(value, tuple):
        return [getattr(v, "id", v) for v in value]
    return value


def _without(reason: str, raw) -> str:
    """The reason a value was refused, without the value: it is personal data, and error texts
    reach logs (docassemble logs every exception an interview raises)."""
    for shown in {repr(raw), str(raw)}:
        if len(shown) >= 2:
            reason = reason.replace(shown, "the value")
    return reason


def _fix(fact) -> str:
    return {
        "date": "write a real date as YYYY-MM-DD",
        "datetime": "write a date and time as YYYY-MM-DDTHH:MM",
        "money": "write an amount like 1801.80 (no negative amounts)",
        "integer": "write a whole number",
        "number": "write a number",
        "bool": "write true or false",
        "enum": "use one of: " + ", ".join(fact.values),
        "persons": "list person ids declared under persons:",
    }.get(fact.type, "see docs/case-file.md")
