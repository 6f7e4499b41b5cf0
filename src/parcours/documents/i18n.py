"""Document strings in the person's language: ``translations/documents/<lang>.po``.

The catalogues are gettext PO files keyed by stable ids (``msgid "checklist.title"``), with
the French source text in a ``#.`` comment for the translator. A ``#, fuzzy`` flag marks a
translation that no fluent speaker has reviewed yet: it is still used (better than nothing
for the person), and :func:`unreviewed` lists it so the association can have it checked.
A missing string falls back to English, then to the id itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..i18n import LANGS, NAMES  # noqa: F401  (one list of languages for screens and documents)
from .paths import translations_dir


@dataclass(frozen=True)
class Message:
    text: str
    reviewed: bool


def _unquote(line: str) -> str:
    body = line.strip()
    if not (body.startswith('"') and body.endswith('"')):
        raise ValueError(f"expected a quoted string, got {line!r}")
    body = body[1:-1]
    out, i = [], 0
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            out.append(escapes.get(body[i + 1], body[i + 1]))
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def parse_po(text: str) -> dict[str, Message]:
    """msgid -> Message, for the simple PO files written here (no plurals, no msgctxt)."""
    out: dict[str, Message] = {}
    msgid = msgstr = None
    fuzzy = False
    target = None

    def flush():
        nonlocal msgid, msgstr, fuzzy
        if msgid:  # the header (msgid "") is skipped
            if msgstr:
                out[msgid] = Message(msgstr, not fuzzy)
        msgid = msgstr = None
        fuzzy = False

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            flush()
            target = None
        elif line.startswith("#,"):
            if msgid is not None:
                flush()
            fuzzy = "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif line.startswith("msgid "):
            if msgid is not None:
                flush()
            msgid, target = _unquote(line[6:]), "id"
        elif line.startswith("msgstr "):
            msgstr, target = _unquote(line[7:]), "str"
        elif line.startswith('"'):
            if target == "id":
                msgid += _unquote(line)
            elif target == "str":
                msgstr += _unquote(line)
    flush()
    return out


@lru_cache(maxsize=32)
def _catalogue(folder: str, lang: str, mtime: float) -> dict[str, Message]:
    return parse_po((Path(folder) / f"{lang}.po").read_text(encoding="utf-8"))


def catalogue(lang: str, folder: str | Path | None = None) -> dict[str, Message]:
    folder = Path(folder or translations_dir())
    path = folder / f"{lang}.po"
    if not path.is_file():
        return {}
    return _catalogue(str(folder), lang, path.stat().st_mtime)


def message(key: str, lang: str, **values) -> str:
    """The string *key* in *lang* (else English, else the key), with ``{name}`` placeholders filled."""
    for candidate in (lang, "en"):
        found = catalogue(candidate).get(key)
        if found:
            return found.text.format(**values) if values else found.text
    return key


def has(key: str, lang: str) -> bool:
    return key in catalogue(lang)


def unreviewed(lang: str) -> list[str]:
    """Ids whose translation in *lang* is flagged fuzzy (not reviewed by a fluent speaker)."""
    return sorted(k for k, m in catalogue(lang).items() if not m.reviewed)
