"""Translatable texts.

Every text shown to people (titles, explanations, document labels) has a
stable message id plus default French and English wording written in the rule
file. Interviews translate by message id; the defaults keep the rule file
readable on its own.

Ids are derived by the loaders from where the text is written (rules/README.md, "Text ids"):
the jurisdiction, the procedure, the item (``fr.regroupement_familial.document.passport``,
``be.fact.applicant_birth_date``) and, when a dated version rewords a text, the date that
version starts (``...outcome@2026-01-01``). So two different texts never share an id, and
``parcours lint`` refuses an id written by hand (``id:``) that would.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

LANGUAGES = ("fr", "en")


@dataclass(frozen=True)
class Text:
    id: str
    fr: str | None = None
    en: str | None = None
    # Where it is written (the line of its mapping) and whether `id:` was written by hand: for
    # the lint's messages and the version ids, not part of the text's identity.
    line: int = field(default=0, compare=False)
    explicit: bool = field(default=False, compare=False)

    def get(self, lang: str = "en") -> str:
        first = getattr(self, lang, None) if lang in LANGUAGES else None
        return first or self.en or self.fr or ""

    @property
    def source(self) -> tuple[str | None, str | None]:
        """What a translation is made from: two texts with the same source may share an id."""
        return (_norm(self.fr), _norm(self.en))

    @classmethod
    def from_doc(cls, value, default_id: str) -> Text | None:
        """Accept ``{id?, fr, en}`` or a bare string (taken as English)."""
        if value is None:
            return None
        if isinstance(value, str):
            return cls(default_id, None, value)
        return cls(
            str(value.get("id") or default_id),
            value.get("fr"),
            value.get("en"),
            line=getattr(value, "line", 0) or 0,
            explicit=bool(value.get("id")),
        )

    def to_json(self) -> dict:
        return {"id": self.id, "fr": self.fr, "en": self.en}


def _norm(text: str | None) -> str | None:
    return " ".join(text.split()) if text else None


def texts_in(obj, depth: int = 0):
    """Every Text inside a parsed rule object (dataclasses, lists, tuples, dicts), in order."""
    if depth > 40 or obj is None or isinstance(obj, (str, int, float, bool)):
        return
    if isinstance(obj, Text):
        yield obj
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            yield from texts_in(getattr(obj, f.name), depth + 1)
    elif isinstance(obj, (list, tuple, set)):
        for item in obj:
            yield from texts_in(item, depth + 1)
    elif isinstance(obj, dict):
        for item in obj.values():
            yield from texts_in(item, depth + 1)


def _replace_texts(obj, change, depth: int = 0):
    """*obj* with each Text t replaced by change(t) (in place for dataclasses, lists and dicts)."""
    if depth > 40 or obj is None or isinstance(obj, (str, int, float, bool)):
        return obj
    if isinstance(obj, Text):
        return change(obj)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            old = getattr(obj, f.name)
            new = _replace_texts(old, change, depth + 1)
            if new is not old:
                object.__setattr__(obj, f.name, new)
    elif isinstance(obj, list):
        obj[:] = [_replace_texts(item, change, depth + 1) for item in obj]
    elif isinstance(obj, tuple):
        new = tuple(_replace_texts(item, change, depth + 1) for item in obj)
        return new if any(a is not b for a, b in zip(new, obj)) else obj
    elif isinstance(obj, dict):
        for key, item in obj.items():
            obj[key] = _replace_texts(item, change, depth + 1)
    return obj


def version_ids(versions) -> None:
    """Give a text that a later dated version rewords its own id: ``<id>@<valid_from>``.

    *versions* are one procedure's versions, oldest first. The oldest wording keeps the plain id;
    a version whose wording differs from every earlier one gets the id suffixed with the day it
    starts; a version that repeats an earlier wording shares that wording's id (one translation).
    Ids written by hand are left alone (the lint checks them)."""
    known: dict[str, dict[tuple, str]] = {}  # plain id -> source -> id

    for version in versions:

        def change(text: Text, start=version.valid_from) -> Text:
            if text.explicit:
                return text
            wordings = known.setdefault(text.id, {})
            if text.source not in wordings:
                new_id, n = (f"{text.id}@{start.isoformat()}" if wordings else text.id), 1
                while new_id in wordings.values():  # two wordings under one derived id in one version
                    n += 1
                    new_id = f"{text.id}@{start.isoformat()}.{n}"
                wordings[text.source] = new_id
            new_id = wordings[text.source]
            return text if new_id == text.id else dataclasses.replace(text, id=new_id)

        _replace_texts(version, change)
