"""The letter catalogue: ``templates/letters/<letter_id>.yaml`` declares each letter.

A declaration names the letter, its jurisdiction, its recipient, the language rule, the
dispatch mode, the deadlines (ids of the engine's deadlines, never typed dates), the fields
the interview must ask beyond the case's facts, and the proof-keeping advice. Fields common
to every letter (sender identity, address, foreign-national number, place of signature...)
are declared once in ``templates/letters/_common.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import yaml

from ..suggest import did_you_mean
from .errors import DocumentError
from .paths import templates_dir

FIELD_TYPES = ("text", "area", "date", "integer", "bool", "list", "enum")
DISPATCH_MODES = ("lrar", "recommande", "deposit", "fax_post_deposit", "court", "none")


@dataclass(frozen=True)
class FieldSpec:
    id: str
    type: str
    label: dict
    required: bool = False
    default: object = None
    note: dict | None = None
    values: tuple = ()  # enum: the allowed values
    choices: dict | None = None  # enum: value -> {lang: label} shown on the screen
    # Where the case holds the value (see templates/letters/README.md, "Fields from the case"):
    facts: tuple = ()  # fact ids, the first one the case knows wins
    person: str | None = None  # "<role>.<attribute>", role "main" = the letter's sender
    computed: str | None = None  # "<deadline id>.start|.due", a procedure's computed value, person_language
    editable: bool = False  # True: the form shows the case's value and may change it; False: never asked
    wording: dict | None = None  # the case's value (an enum fact) -> {lang: words in the letter}

    @property
    def from_case(self) -> bool:
        return bool(self.facts or self.person or self.computed)

    def choice_label(self, value, lang: str) -> str | None:
        """A value's label in *lang*, else English, else French; None when the YAML has none."""
        names = (self.choices or {}).get(value) or {}
        return names.get(lang) or names.get("en") or names.get("fr")

    def to_json(self, lang: str = "en") -> dict:
        out = {
            "id": self.id,
            "type": self.type,
            "label": self.label.get(lang) or self.label.get("en"),
            "required": self.required,
            "default": self.default,
        }
        if self.values:
            out["values"] = list(self.values)
        return out


@dataclass(frozen=True)
class LetterSpec:
    id: str
    jurisdiction: str
    title: dict
    recipient_kind: str
    recipient_default: dict  # lang -> address block (may be empty: then the field is required)
    language: str  # "fr" or "procedure" (Belgium: fr or nl from the case)
    languages: tuple[str, ...]  # template variants that exist
    dispatch: str
    deadlines: tuple[str, ...]
    computed_deadline: str | None
    annexes: tuple[dict, ...]
    annex_documents: bool
    fields: tuple[FieldSpec, ...]
    proof: dict
    warning: dict | None
    file: Path = field(compare=False, default=None)

    def template(self, lang: str) -> Path:
        base = self.file.with_suffix("")
        return base.with_name(f"{base.name}.{lang}.docx") if lang != "fr" else base.with_suffix(".docx")

    def field(self, field_id: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.id == field_id), None)


PERSON_ATTRIBUTES = ("name", "given_name", "family_name", "birth_date", "nationality")


def _field(doc: dict, where, jurisdiction: str | None = None) -> FieldSpec:
    # _common.yaml words a field per jurisdiction (a Belgian case never reads "AGDREF/ANEF").
    doc = {**doc, **((doc.get("jurisdictions") or {}).get(jurisdiction) or {})}
    if doc.get("type", "text") not in FIELD_TYPES:
        raise DocumentError.one(
            where, f"field {doc.get('id')!r}: unknown type {doc.get('type')!r}", f"use one of {', '.join(FIELD_TYPES)}"
        )
    person = doc.get("person")
    if person is not None and (str(person).count(".") != 1 or str(person).split(".")[1] not in PERSON_ATTRIBUTES):
        raise DocumentError.one(
            where,
            f"field {doc.get('id')!r}: person: {person!r} is not <role>.<attribute>",
            f"e.g. main.name, sponsor.birth_date (attributes: {', '.join(PERSON_ATTRIBUTES)})",
        )
    facts = doc.get("fact") or ()
    return FieldSpec(
        doc["id"],
        doc.get("type", "text"),
        dict(doc.get("label") or {}),
        bool(doc.get("required")),
        doc.get("default"),
        doc.get("note"),
        tuple(doc.get("values") or ()),
        {str(k): dict(v or {}) for k, v in (doc.get("choices") or {}).items()} or None,
        tuple([facts] if isinstance(facts, str) else facts),
        person,
        doc.get("computed"),
        bool(doc.get("editable")),
        {str(k): dict(v or {}) for k, v in (doc.get("wording") or {}).items()} or None,
    )


@lru_cache(maxsize=8)
def _common(root: str, jurisdiction: str, mtime: float) -> tuple[FieldSpec, ...]:
    path = Path(root) / "letters" / "_common.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return tuple(_field(f, path, jurisdiction) for f in doc.get("fields") or ())


@lru_cache(maxsize=64)
def _load(root: str, letter_id: str, mtime: float) -> LetterSpec:
    path = Path(root) / "letters" / f"{letter_id}.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if doc.get("id") != letter_id:
        raise DocumentError.one(path, f"id {doc.get('id')!r} differs from the file name", f"write id: {letter_id}")
    if "procedures" in doc:
        raise DocumentError.one(
            path,
            "procedures: is not written in a letter: the rules say which procedures use it",
            f"remove procedures: from {letter_id}.yaml; list {letter_id} under letters: of the rule "
            "(or once_passed: letters: of its deadline)",
        )
    if doc.get("dispatch", "lrar") not in DISPATCH_MODES:
        raise DocumentError.one(
            path, f"unknown dispatch {doc.get('dispatch')!r}", f"use one of {', '.join(DISPATCH_MODES)}"
        )
    recipient = doc.get("recipient") or {}
    default = recipient.get("default") or {}
    if isinstance(default, str):
        default = {"fr": default}
    jurisdiction = doc.get("jurisdiction", "fr")
    own = [_field(f, path, jurisdiction) for f in doc.get("fields") or ()]
    own_ids = {f.id for f in own}
    common = Path(root) / "letters" / "_common.yaml"
    fields = [
        f for f in _common(root, jurisdiction, common.stat().st_mtime) if f.id not in own_ids
    ] + own  # a letter may redefine a common field
    deadlines = doc.get("deadlines") or ()
    return LetterSpec(
        id=letter_id,
        jurisdiction=jurisdiction,
        title=dict(doc.get("title") or {}),
        recipient_kind=recipient.get("kind", "any"),
        recipient_default=dict(default),
        language=str(doc.get("language", "fr")),
        languages=tuple(doc.get("languages") or ("fr",)),
        dispatch=doc.get("dispatch", "lrar"),
        deadlines=tuple(deadlines),
        computed_deadline=doc.get("computed_deadline"),
        annexes=tuple(doc.get("annexes") or ()),
        annex_documents=bool(doc.get("annex_documents")),
        fields=tuple(fields),
        proof=dict(doc.get("proof") or {}),
        warning=doc.get("warning"),
        file=path,
    )


def letter_ids(root: str | Path | None = None) -> list[str]:
    """Every letter declared under templates/letters/ (sorted)."""
    folder = Path(root or templates_dir()) / "letters"
    return sorted(p.stem for p in folder.glob("*.yaml") if not p.name.startswith("_"))


def load_letter(letter_id: str, root: str | Path | None = None) -> LetterSpec:
    root = Path(root or templates_dir())
    path = root / "letters" / f"{letter_id}.yaml"
    if not path.is_file():
        raise DocumentError.one(
            path,
            f"no letter {letter_id!r}" + did_you_mean(letter_id, letter_ids(root)),
            "letters are declared in templates/letters/<letter_id>.yaml",
        )
    return _load(str(root), letter_id, path.stat().st_mtime)


def letter_fields(letter_id: str, root: str | Path | None = None) -> list[FieldSpec]:
    """The fields an interview must ask for this letter, beyond the case's facts (common ones first)."""
    spec = load_letter(letter_id, root)
    out = list(spec.fields)
    if not spec.recipient_default and not spec.field("recipient_address"):
        raise DocumentError.one(spec.file, "no recipient: give recipient.default or a recipient_address field")
    if spec.recipient_default:
        out = [replace(f, required=False) if f.id == "recipient_address" else f for f in out]
    return out


def letter_procedures(letter_id: str, rules=None) -> tuple[str, ...]:
    """The procedures whose rules name the letter (``letters:`` of a version, ``once_passed.letters``
    of a deadline). The link is declared on that side only, since the rules decide when a letter
    applies; the letter's YAML does not repeat it."""
    if rules is None:
        from ..loader import load_rules

        rules = load_rules()
    return tuple(
        procedure.id
        for procedure in rules.procedures.values()
        if any(
            letter_id in version.letters
            or any(d.once_passed and letter_id in d.once_passed.letters for d in version.deadlines)
            for version in procedure.versions
        )
    )
