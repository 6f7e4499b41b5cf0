"""The screen and document scan (issue 14 item 6): what a person reads must never show an internal
id, a raw value, a developer message or English on a screen in another language.

    findings = scan_text(text, "fr")      # [Finding(kind, found, context), ...]

Used by the journeys (every screen the walk helpers see, tests/journeys/conftest.py) and by
tests/documents/test_scan_documents.py (every document kind in every language).

Kinds and how each is recognised (URLs, e-mail addresses and domain names are taken out first):

- ``id``: ``criterion:…``, ``document:…``, ``parameter:…``, ``fact:…``, ``procedure:…``,
  ``question:…``, ``deadline:…`` — the engine's references.
- ``key``: a dotted id whose first part is a namespace of the translation catalogues or a
  jurisdiction (``fr.cnda_appeal``, ``result.title``, ``document.birth_certificate``) — an
  untranslated message key or a procedure id.
- ``snake_case``: a lower-case word with an underscore (``filing_date``) — a fact id or enum value.
- ``tag``: a research-note tag such as ``[S12]`` or ``[B14]``.
- ``raw_value``: ``None``, ``True``, ``False`` standing alone (not starting an English phrase such
  as "None of these", which the English check handles).
- ``placeholder``: a template field left unfilled: ``{name}``, ``{{ x }}``, ``${ x }``, ``%(x)s``.
- ``developer``: ``Traceback``, ``KeyError``-style exception names, ``undefined``.
- ``english``: English in a screen or document whose language is not English, by two rules:

  1. a line with a sentence (or a labelled part, split at ``: ; . ! ?`` and dashes) holding at
     least 2 English function words (list ``ENGLISH`` below, minus the words
     that are also words of the page's language, ``SHARED``) that make at least a fifth of the
     line's Latin-letter words. Function words, not content words, so proper names
     ("Noto Sans"), article references ("CESEDA art. L.561-2"), acronyms and language names
     ("English" on the kiosk's first screen) never count; the fifth keeps one English phrase
     quoted in a long French paragraph from counting;
  2. a line that is exactly one of docassemble's own English button words (``Continue``,
     ``Back``, …): an untranslated word of the platform.

Every finding carries the words around it, so a failure says where to look.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Finding:
    kind: str
    found: str
    context: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.found!r} in …{self.context}…"


# Links are text a person may read and copy, never ids: taken out before the id checks.
URL = re.compile(
    r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[\w-]+(?:\.[\w-]+)*\.(?:fr|be|org|info|eu|int|gouv|com|net)\b(?:/\S*)?"
)
REFERENCE = re.compile(r"\b(?:criterion|document|parameter|fact|procedure|question|deadline):[^\s,;)]+")
SNAKE = re.compile(r"(?<![\w.@/-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?:@[\w-]+)?(?![\w@/-])")
DOTTED = re.compile(r"(?<![\w.@/-])([a-z][a-z0-9_]*)(?:\.[a-z0-9_]+)+(?![\w/-])")
TAG = re.compile(r"\[[A-Z]{1,2}\d{1,3}\]")
RAW_VALUE = re.compile(r"(?<![\w'’-])(None|True|False)(?![\w'’-])(?! (?:of|or|and|is|are|the)\b)")
PLACEHOLDER = re.compile(r"\{\{.*?\}\}|\$\{.*?\}|%\([a-z_]+\)[sd]|\{[a-z_][a-z0-9_]*\}")
DEVELOPER = re.compile(r"Traceback \(most recent call last\)|\b(?:[A-Z][a-z]+)+Error\b|\bDAError\b|\bundefined\b")

# English function words: frequent in any English sentence, rare in French and Dutch text.
ENGLISH = frozenset(
    """
the and to of in is for with your you this that these those are be been will would should must have has
from not can which what when where who there their they it its if by into about after before please our
any each only also than because until within without does do were how why may need here we was had over
at
a an on or as no
""".split()
)
# Words of ENGLISH that are also ordinary words of a page's language (French "a", "on", "or", "an",
# "as"; Dutch "of", "in", "is", "was", "we", "had", "over", "been"; Somali "in", "ka"...). Every page
# may quote French (the administration's names), so the French ones never count.
FRENCH_SHARED = {"a", "an", "on", "or", "as", "no", "plus"}
SHARED = {
    "nl": FRENCH_SHARED | {"of", "in", "is", "was", "we", "had", "over", "been", "door", "have", "here"},
    "so": FRENCH_SHARED | {"in", "is", "of", "we", "had", "been", "over", "was"},
}
# Docassemble's own button words, untranslated, as a whole line.
PLATFORM_ENGLISH = frozenset(
    {
        "Continue",
        "Back",
        "Exit",
        "Restart",
        "Sign in",
        "Sign out",
        "Log in",
        "Log out",
        "Undo",
        "Submit",
        "Next",
        "Previous",
        "Yes",
        "No",
        "Save",
        "Cancel",
        "Delete",
        "Edit",
        "Add another",
        "Download",
        "Close",
        "Review your answers",
        "Help me",
    }
)
# Sentences and labelled parts of a line ("Where to get it: Given by the commune."), each judged alone.
SENTENCE = re.compile(r"(?<=[:;.!?؟።—])\s+")
LATIN_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'’]*")


@lru_cache(maxsize=1)
def namespaces() -> frozenset[str]:
    """The first parts of the translation catalogues' dotted keys (result., kiosk., document., fr., be., …)."""
    found = {"fr", "be"}
    for po in (ROOT / "translations").glob("*/*.po"):
        found |= set(re.findall(r'^msgid "([a-z_]+)\.[a-z0-9_.]', po.read_text(encoding="utf-8"), re.M))
    return frozenset(found)


def _context(text: str, start: int, end: int, width: int = 40) -> str:
    return " ".join(text[max(0, start - width) : end + width].split())


def english_lines(text: str, lang: str, admin: str | None = None) -> list[tuple[str, int]]:
    """(line, offset) of every line that reads as English on a page in *lang* that may also carry
    the administration's language *admin* (rules in the module doc)."""
    if lang == "en":
        return []
    markers = ENGLISH - SHARED.get(lang, FRENCH_SHARED) - SHARED.get(admin or lang, FRENCH_SHARED)
    out, offset = [], 0
    for line in text.split("\n"):
        for part in SENTENCE.split(URL.sub(" ", line)):
            words = [w.lower().strip("'’") for w in LATIN_WORD.findall(part)]
            count = sum(w in markers for w in words)
            if count >= 2 and count * 5 >= len(words):
                out.append((line, offset))
                break
        else:
            if line.strip() in PLATFORM_ENGLISH:
                out.append((line, offset))
        offset += len(line) + 1
    return out


def scan_text(text: str, lang: str, admin: str | None = None) -> list[Finding]:
    """Everything in *text* (a screen or a document in *lang*) a person must never read. A document
    in the person's language beside the administration's (a checklist: Arabic and Dutch) names the
    latter as *admin*, so that its words are not taken for English."""
    bare = URL.sub(lambda m: " " * len(m.group(0)), text)  # same offsets, links blanked
    findings: list[Finding] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, start: int, end: int) -> None:
        if any(s <= start and end <= e for s, e in taken):
            return  # already reported as part of a longer finding (criterion:x_y is one finding)
        taken.append((start, end))
        findings.append(Finding(kind, text[start:end], _context(text, start, end)))

    for m in REFERENCE.finditer(bare):
        add("id", m.start(), m.end())
    for m in DOTTED.finditer(bare):
        if m.group(1) in namespaces() or "_" in m.group(0):
            add("key", m.start(), m.end())
    for m in SNAKE.finditer(bare):
        add("snake_case", m.start(), m.end())
    for kind, pattern in (
        ("tag", TAG),
        ("raw_value", RAW_VALUE),
        ("placeholder", PLACEHOLDER),
        ("developer", DEVELOPER),
    ):
        for m in pattern.finditer(bare):
            add(kind, m.start(), m.end())
    # An id is one finding, not English words ("be.family_reunification_in_belgium": "be", "in").
    plain = "".join(" " if any(s <= i < e for s, e in taken) else c for i, c in enumerate(bare))
    for line, offset in english_lines(plain, lang, admin):
        line = text[offset : offset + len(line)]
        findings.append(Finding("english", line.strip(), _context(text, offset, offset + len(line), 0)))
    return findings


def report(where: str, findings: list[Finding]) -> str:
    return "\n".join(f"  {where}: {f}" for f in findings)
