"""Translatable texts.

Every text shown to people (titles, explanations, document labels) has a
stable message id plus default French and English wording written in the rule
file. Interviews translate by message id; the defaults keep the rule file
readable on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = ("fr", "en")


@dataclass(frozen=True)
class Text:
    id: str
    fr: str | None = None
    en: str | None = None

    def get(self, lang: str = "en") -> str:
        first = getattr(self, lang, None) if lang in LANGUAGES else None
        return first or self.en or self.fr or self.id

    @classmethod
    def from_doc(cls, value, default_id: str) -> Text | None:
        """Accept ``{id?, fr, en}`` or a bare string (taken as English)."""
        if value is None:
            return None
        if isinstance(value, str):
            return cls(default_id, None, value)
        return cls(str(value.get("id") or default_id), value.get("fr"), value.get("en"))

    def to_json(self) -> dict:
        return {"id": self.id, "fr": self.fr, "en": self.en}
