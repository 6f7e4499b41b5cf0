"""Legal citations: article, URL, short quote and official identifiers.

A citation is rendered from its fields only (never from free text carrying
research-note tags): the article reference, the public source a lawyer can
open, and the Légifrance / ELI identifier when known.
"""

from __future__ import annotations

from dataclasses import dataclass

STATUSES = ("verified", "to_verify")

LEGIFRANCE_ARTICLE = "https://www.legifrance.gouv.fr/codes/article_lc/"


@dataclass(frozen=True)
class Citation:
    article: str
    url: str | None = None
    legiarti: str | None = None  # Légifrance article id, e.g. LEGIARTI000042776300
    eli: str | None = None  # Belgian / EU European Legislation Identifier
    note: str | None = None
    text: str | None = None  # short quote of the provision, as read in the source

    @classmethod
    def from_doc(cls, doc) -> Citation:
        return cls(
            article=str(doc["article"]),
            url=doc.get("url"),
            legiarti=doc.get("legiarti"),
            eli=doc.get("eli"),
            note=doc.get("note"),
            text=doc.get("text"),
        )

    def to_json(self) -> dict:
        out = {"article": self.article}
        for key in ("url", "text", "legiarti", "eli", "note"):
            value = getattr(self, key)
            if value:
                out[key] = value
        return out

    def short(self) -> str:
        return self.article

    @property
    def href(self) -> str | None:
        """The page to open: the cited source, else the official text from its identifier."""
        if self.url:
            return self.url
        if self.legiarti:
            return LEGIFRANCE_ARTICLE + self.legiarti
        if self.eli and self.eli.startswith("http"):
            return self.eli
        return None

    def plain(self) -> str:
        """One line for text output: article, quote, then the address to open."""
        quote = f" “{self.text}”" if self.text else ""
        where = f" <{self.href}>" if self.href else ""
        return f"{self.article}{quote}{where}"

    def markdown(self) -> str:
        """The article linked to its source; the official identifier as a second link when it differs."""
        shown = f"[{self.article}]({self.href})" if self.href else self.article
        if self.text:
            shown += f" — “{self.text}”"
        official = (
            (LEGIFRANCE_ARTICLE + self.legiarti)
            if self.legiarti
            else (self.eli if self.eli and self.eli.startswith("http") else None)
        )
        if official and official != self.href:
            shown += f" ([{self.legiarti or 'ELI'}]({official}))"
        return shown


def parse_citations(docs) -> tuple[Citation, ...]:
    return tuple(Citation.from_doc(d) for d in (docs or ()))
