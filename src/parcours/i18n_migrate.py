"""``parcours i18n migrate``: move the catalogues to the namespaced text ids (issue 14), keeping
every translation. Rerunnable: an entry already under its new id is left as it is, and a rule
text added later under an old-style id (``document.x``, ``fact.x``) is moved on the next run.

* ``translations/rules/<lang>.po``: each new id takes the translation of its old id. When the
  old entry's French source (``#. fr:``) is the new text's French, it is kept as it was
  (reviewed or not); when it differs (one old id carried several wordings), the translation is
  kept but flagged fuzzy, its ``#. fr:`` still the French it was made from, so ``parcours i18n
  status`` reports it stale and unreviewed until a translator checks it.
* ``translations/documents/<lang>.po``: the copies of rule texts (``document.x``, procedure
  titles) leave, since the checklist reads rule texts from the rules catalogue like the screens;
  a copy is moved there only when the rules catalogue had no translation for that text.
  The other entries are rewritten with the one comment form (``#. fr: <source>``).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from .i18n import LANGS, Entry, _cache, _norm, po_path, write_po

_ALTERNATIVE = re.compile(r"^[a-z]+\.[a-z0-9_]+\.document\.[^.@]+\.alternative\.([^.@]+)(\.issued_by)?$")
_DOCUMENT = re.compile(r"^[a-z]+\.[a-z0-9_]+\.document\.([^.@]+)(\.issued_by)?$")
_SUSPENSION = re.compile(r"^[a-z]+\.[a-z0-9_]+\.deadline\.[^.@]+\.suspension\.([^.@]+)$")
_DEADLINE = re.compile(r"^[a-z]+\.[a-z0-9_]+\.deadline\.([^.@]+)$")
_FACT = re.compile(r"^(?:fr|be)\.fact\.([^.@]+)$")


def legacy_id(new_id: str) -> str:
    """The id the same text had before ids were namespaced (parcours.messages)."""
    base = new_id.split("@", 1)[0]
    for pattern, form in (
        (_ALTERNATIVE, "document.{0}{1}"),
        (_DOCUMENT, "document.{0}{1}"),
        (_SUSPENSION, "suspension.{0}"),
        (_DEADLINE, "deadline.{0}"),
        (_FACT, "fact.{0}"),
    ):
        match = pattern.match(base)
        if match:
            return form.format(*(g or "" for g in match.groups()))
    return base


@dataclass
class Counts:
    entries: int = 0
    translated: int = 0
    reviewed: int = 0

    def __str__(self) -> str:
        return f"{self.entries} entries, {self.translated} translated, {self.reviewed} reviewed"


def _read(domain: str, lang: str) -> dict[str, Entry]:
    """The catalogue as written, with a bare ``#. <French>`` comment (the documents catalogues' old
    form) read as the source too."""
    from babel.messages.pofile import read_po

    from .i18n import _source_comment

    path = po_path(domain, lang)
    if not path.exists():
        return {}
    out = {}
    for message in read_po(io.BytesIO(path.read_bytes()), ignore_obsolete=True):
        if not message.id or not isinstance(message.id, str):
            continue
        comments = [c.strip() for c in message.auto_comments]
        if comments and not comments[0].startswith("fr:"):
            comments[0] = "fr: " + comments[0]
        source = _source_comment(comments) if lang != "fr" else None
        out[message.id] = Entry(message.string or "", not message.fuzzy, source)
    return out


def _counts(entries: dict[str, Entry]) -> Counts:
    translated = [e for e in entries.values() if e.text]
    return Counts(len(entries), len(translated), sum(1 for e in translated if e.reviewed))


def _write(domain: str, lang: str, entries: dict[str, Entry]) -> None:
    write_po(po_path(domain, lang), lang, [(k, e.text, e.source, e.reviewed) for k, e in entries.items()])
    _cache.pop((domain, lang), None)


def migrate(rules=None, write: bool = True) -> list[str]:
    """Migrate every catalogue; returns one line of before/after counts per domain and language."""
    from .i18n_coverage import rule_sources

    sources = rule_sources(rules)
    legacy = {legacy_id(new) for new in sources} - set(sources)
    report = []
    for lang in LANGS:
        rules_old, docs_old = _read("rules", lang), _read("documents", lang)
        moved_from_documents = 0
        if rules_old or lang not in ("fr", "en"):
            new: dict[str, Entry] = {}
            used = set()
            for new_id, texts in sources.items():
                french = _norm(texts.get("fr") or "") or None
                if rules_old.get(new_id) is not None:  # already migrated, or an id that did not change
                    new[new_id] = rules_old[new_id]
                    continue
                old_id = legacy_id(new_id)
                entry = rules_old.get(old_id)
                if (entry is None or not entry.text) and docs_old.get(old_id) and docs_old[old_id].text:
                    entry, moved_from_documents = docs_old[old_id], moved_from_documents + 1
                if entry is None or not entry.text:
                    continue
                used.add(old_id)
                if entry.source is not None and entry.source == french:
                    new[new_id] = entry
                else:  # translated from another wording: kept, but to be checked (stale and fuzzy)
                    new[new_id] = Entry(entry.text, False, entry.source if entry.source is not None else french)
            for old_id, entry in rules_old.items():  # texts removed from the rules: `prune` decides
                if old_id not in new and old_id not in used:
                    new[old_id] = entry
            report.append(f"rules/{lang}: before {_counts(rules_old)}; after {_counts(new)}")
            if write and new != rules_old:
                _write("rules", lang, new)
        kept = {k: e for k, e in docs_old.items() if k not in legacy and k not in sources}
        if docs_old:
            report.append(
                f"documents/{lang}: before {_counts(docs_old)}; after {_counts(kept)} "
                f"({len(docs_old) - len(kept)} copies of rule texts left, {moved_from_documents} of them moved "
                f"to rules/{lang})"
            )
            if write and (kept != docs_old or _needs_rewrite("documents", lang)):
                _write("documents", lang, kept)
    return report


def _needs_rewrite(domain: str, lang: str) -> bool:
    """Whether the file still has the old comment form (a bare ``#. <French>``)."""
    text = po_path(domain, lang).read_text(encoding="utf-8")
    return bool(re.search(r"^#\. (?!fr: )", text, flags=re.MULTILINE))
