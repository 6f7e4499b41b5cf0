"""Legal citations: article, URL and official identifier."""
from __future__ import annotations

from dataclasses import dataclass

STATUSES = ("verified", "to_verify")


@dataclass(frozen=True)
class Citation:
    article: str
    url: str | None = None
    legiarti: str | None = None   # Légifrance article id, e.g. LEGIARTI000042776300
    eli: str | None = None        # Belgian / EU European Legislation Identifier
    note: str | None = None

    @classmethod
    def from_doc(cls, doc) -> "Citation":
        return cls(article=str(doc["article"]), url=doc.get("url"), legiarti=doc.get("legiarti"),
                   eli=doc.get("eli"), note=doc.get("note"))

    def to_json(self) -> dict:
        out = {"article": self.article}
        for key in ("url", "legiarti", "eli", "note"):
            value = getattr(self, key)
            if value:
                out[key] = value
        return out

    def short(self) -> str:
        return self.article


def parse_citations(docs) -> tuple[Citation, ...]:
    return tuple(Citation.from_doc(d) for d in (docs or ()))
