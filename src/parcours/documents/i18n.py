"""Document strings in the person's language: the ``documents`` domain of the one catalogue layer
(:mod:`parcours.i18n`, ``translations/documents/<lang>.po``), under short names for the
document builders. Same fallback as every other text: the language, English, then French."""

from __future__ import annotations

from .. import i18n as _layer
from ..i18n import LANGS, NAMES  # noqa: F401  (one list of languages for screens and documents)

DOMAIN = "documents"


def catalogue(lang: str) -> dict:
    """msgid -> entry (``.text``, ``.reviewed``) of the *lang* document catalogue."""
    return _layer.catalogue(DOMAIN, lang).entries


def message(key: str, lang: str, **values) -> str:
    """The string *key* in *lang*, with its ``{name}`` placeholders filled (see parcours.i18n.text)."""
    return _layer.text(DOMAIN, key, lang, **values)


def has(key: str, lang: str) -> bool:
    return _layer.has(DOMAIN, key, lang)


def unreviewed(lang: str) -> list[str]:
    """Ids whose translation in *lang* is flagged fuzzy (not reviewed by a fluent speaker)."""
    return _layer.unreviewed(DOMAIN, lang)


def letter_title(letter_id: str, lang: str) -> str:
    """A letter's own title, as the volunteer and the administration read it: its YAML's title in
    *lang* (fr, en, nl); where the YAML has none in *lang*, the title the person's summary gives the
    letter in *lang* (the catalogue's ``letter.<id>.title``); else French. Never the letter's id."""
    from .catalogue import load_letter

    title = load_letter(letter_id).title
    return (
        title.get(lang)
        or _layer.catalogue(DOMAIN, lang).get(f"letter.{letter_id}.title")
        or title.get("fr")
        or title.get("en")
        or ""
    )
