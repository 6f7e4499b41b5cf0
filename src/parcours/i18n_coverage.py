"""Translation coverage: which strings each catalogue must hold (the sources), how many are
translated and reviewed per language, what makes the catalogues unacceptable for `make test`,
and the JSON exchange with translators (`parcours i18n export|import`). Lookups and catalogue
files themselves are in :mod:`parcours.i18n`. Never imports docassemble."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .i18n import (
    COMPLETE,
    KIOSK_PROCEDURES,
    LANGS,
    LEGAL_TERMS,
    SOURCE_CATALOGUES,
    WORDS,
    _cache,
    _norm,
    _read_po,
    catalogue,
    library,
    placeholders,
    plural_variant,
    po_path,
    words,
    words_path,
    write_po,
)

# ----------------------------------------------------------------------------- sources


def ui_source(domain: str = "ui") -> dict[str, str]:
    """id -> French text of every string of a domain whose French catalogue is the source
    (interface, documents)."""
    return {k: e.text for k, e in catalogue(domain, "fr").entries.items()}


def question_sources() -> dict[str, dict]:
    out = {}
    for qid, entry in library().items():
        for part in ("text", "help"):
            if entry.get(part):
                out[f"{qid}.{part}"] = dict(entry[part])
        for value, names in (entry.get("choices") or {}).items():
            out[f"{qid}.choice.{value}"] = dict(names)
    return out


def _texts_of(obj, seen: dict, depth: int = 0) -> None:
    import dataclasses

    from .messages import Text

    if depth > 12 or obj is None:
        return
    if isinstance(obj, Text):
        seen.setdefault(obj.id, obj)
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            _texts_of(getattr(obj, f.name), seen, depth + 1)
    elif isinstance(obj, (list, tuple, set)):
        for item in obj:
            _texts_of(item, seen, depth + 1)
    elif isinstance(obj, dict):
        for item in obj.values():
            _texts_of(item, seen, depth + 1)


def kiosk_facts(rules=None) -> dict[str, list[str]]:
    """jurisdiction -> the fact ids the kiosk procedures can ask (every fact their files name)."""
    from .loader import load_rules

    rules = rules or load_rules()
    out: dict[str, list[str]] = {}
    for jurisdiction, wanted in KIOSK_PROCEDURES.items():
        catalogue_ = rules.catalogue(jurisdiction)
        found: list[str] = []
        for procedure in rules.procedures_for(jurisdiction):
            if procedure.id not in wanted:
                continue
            source = Path(procedure.file).read_text(encoding="utf-8") if procedure.file else ""
            found.extend(f for f in catalogue_.ids() if f not in found and re.search(rf"\b{re.escape(f)}\b", source))
        out[jurisdiction] = found
    return out


def rule_sources(rules=None, kiosk_only: bool = False) -> dict[str, dict]:
    """message id -> {fr, en} of every rule text (or only those the kiosk path can show). The ids are
    the loaders' (parcours.messages): one id never carries two texts (`parcours lint` refuses it)."""
    from .loader import load_rules

    rules = rules or load_rules()
    seen: dict = {}
    for jurisdiction in ("fr", "be"):
        for procedure in rules.procedures_for(jurisdiction):
            _texts_of(procedure, seen)
        _texts_of(rules.catalogue(jurisdiction), seen)
        _texts_of(rules.orientation.get(jurisdiction), seen)
    if kiosk_only == "checklist":
        keep = checklist_ids(rules)
        seen = {k: v for k, v in seen.items() if k in keep}
    elif kiosk_only:
        wanted: dict = {}
        for jurisdiction in ("fr", "be"):
            for procedure in rules.procedures_for(jurisdiction):
                if procedure.id in KIOSK_PROCEDURES.get(jurisdiction, ()):
                    _texts_of(procedure, wanted)
            for fact_id in kiosk_facts(rules)[jurisdiction]:
                _texts_of(rules.catalogue(jurisdiction).get(fact_id), wanted)
            _texts_of(rules.orientation.get(jurisdiction), wanted)  # the kiosk asks status and needs too
        # The kiosk never shows why a point is to verify (it says "ask a volunteer"); a volunteer's
        # screen in a language without the reason shows the general reason (parcours.views).
        seen = {k: seen[k] for k in wanted if not re.search(r"\.(verify_reason|before_first_version)(@|$)", k)}
    return {k: {"fr": t.fr, "en": t.en} for k, t in seen.items()}


def checklist_ids(rules=None) -> set[str]:
    """Message ids of every rule text a checklist can print: procedure titles, documents and their
    alternatives, where to file, fees."""
    from .loader import load_rules

    rules = rules or load_rules()
    found: dict = {}
    for jurisdiction in ("fr", "be"):
        for procedure in rules.procedures_for(jurisdiction):
            parts: list = [procedure.title]
            for version in procedure.versions:
                parts += [d.label for d in version.documents]
                parts += [a.label for d in version.documents for a in d.alternatives]
                parts += [f.label for f in version.fees]
                parts.append(version.filing.where if version.filing else None)
            _texts_of(parts, found)
    return set(found)


def kiosk_question_ids(rules=None) -> list[str]:
    """Question-library ids (q_x.text...) that the kiosk path can show."""
    from .loader import load_rules

    rules = rules or load_rules()
    wanted = set()
    for jurisdiction, facts in kiosk_facts(rules).items():
        for fact_id in facts:
            wanted.add(rules.catalogue(jurisdiction).get(fact_id).question)
    return [k for k in question_sources() if k.split(".")[0] in wanted]


def sources(domain: str, kiosk_only: bool = False) -> dict[str, dict]:
    """msgid -> {lang: text} of the source texts of a domain."""
    if domain in SOURCE_CATALOGUES:
        return {k: {"fr": v} for k, v in ui_source(domain).items()}
    if domain == "questions":
        everything = question_sources()
        if kiosk_only:
            keep = set(kiosk_question_ids())
            return {k: v for k, v in everything.items() if k in keep}
        return everything
    if domain == "rules":
        return rule_sources(kiosk_only=kiosk_only)
    raise ValueError(f"unknown domain {domain!r}")


# ----------------------------------------------------------------------------- status


@dataclass
class Coverage:
    domain: str
    lang: str
    scope: str  # "all" or "kiosk"
    total: int = 0
    translated: int = 0
    reviewed: int = 0
    missing: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    placeholder_errors: list[str] = field(default_factory=list)
    legal_term_errors: list[str] = field(default_factory=list)

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


# The words of letters to the administration (documents catalogue, ids admin.*) exist in the
# languages letters are written in, and in English for reading.
ADMIN_LANGS = ("fr", "nl", "en")


def coverage(domain: str, lang: str, kiosk_only: bool | str = False) -> Coverage:
    """Coverage of a domain in *lang*: everything, the kiosk path (kiosk_only=True) or, for the
    rules, what a checklist prints (kiosk_only="checklist")."""
    src = sources(domain, kiosk_only)
    if domain == "documents" and lang not in ADMIN_LANGS:  # letters are written in French or Dutch
        src = {k: v for k, v in src.items() if not k.startswith("admin.")}
    scope = kiosk_only if isinstance(kiosk_only, str) else ("kiosk" if kiosk_only else "all")
    cov = Coverage(domain, lang, scope, total=len(src))
    cat = catalogue(domain, lang)
    for msgid, texts in src.items():
        source_fr = texts.get("fr") or ""
        if domain not in SOURCE_CATALOGUES and lang in ("fr", "en") and texts.get(lang):
            text, reviewed, stale = texts[lang], True, False  # written in the source files themselves
        elif domain in SOURCE_CATALOGUES and lang == "fr":
            text, reviewed, stale = source_fr, True, False
        else:
            entry = cat.entries.get(msgid)
            if entry is None or not entry.text:
                cov.missing.append(msgid)
                continue
            text, reviewed = entry.text, entry.reviewed
            stale = entry.source is not None and entry.source != _norm(source_fr)
        cov.translated += 1
        if reviewed and not stale:
            cov.reviewed += 1
        if stale:
            cov.stale.append(msgid)
        reference = source_fr or texts.get("en") or ""
        if placeholders(reference) != placeholders(text):
            cov.placeholder_errors.append(f"{msgid}: {placeholders(reference)} != {placeholders(text)}")
        if lang not in COMPLETE:
            for term in LEGAL_TERMS:
                if term.lower() in reference.lower() and term.lower() not in text.lower():
                    cov.legal_term_errors.append(f"{msgid}: keeps no «{term}»")
    for msgid, entry in cat.entries.items():
        base = plural_variant(msgid)
        if base in src and msgid not in src and entry.text:
            # A plural form may leave the number out ("يومان", two days), never add a placeholder.
            reference = src[base].get("fr") or src[base].get("en") or ""
            extra = set(placeholders(entry.text)) - set(placeholders(reference))
            if extra:
                cov.placeholder_errors.append(f"{msgid}: {sorted(extra)} is not in {placeholders(reference)}")
    return cov


def words_coverage(lang: str) -> Coverage:
    have = words(lang)
    cov = Coverage("words", lang, "all", total=len(WORDS))
    for key in WORDS:
        if not have.get(key):
            cov.missing.append(key)
            continue
        cov.translated += 1
        if placeholders(key) != placeholders(have[key]):
            cov.placeholder_errors.append(f"{key}: {placeholders(key)} != {placeholders(have[key])}")
    reviewed = _words_reviewed(lang)
    cov.reviewed = cov.translated if reviewed else 0
    return cov


def _words_reviewed(lang: str) -> bool:
    """A words file is reviewed when its first line says '# status: reviewed'."""
    path = words_path(lang)
    return path.exists() and path.read_text(encoding="utf-8").startswith("# status: reviewed")


def status() -> list[Coverage]:
    """Coverage of every domain and language: full scope, and kiosk scope for the rules."""
    out = []
    for lang in LANGS:
        out.append(coverage("ui", lang))
        out.append(coverage("documents", lang))
        out.append(coverage("questions", lang))
        out.append(coverage("questions", lang, kiosk_only=True))
        out.append(coverage("rules", lang))
        out.append(coverage("rules", lang, kiosk_only=True))
        out.append(coverage("rules", lang, kiosk_only="checklist"))
        if lang != "en":
            out.append(words_coverage(lang))
    return out


def choice_problems(rules=None) -> list[str]:
    """Every value of an enum fact needs a label (questions library, `<question>.choice.<value>`)
    in every complete language, and in every language when the kiosk can ask the fact: otherwise
    a screen would have nothing to show but the raw value."""
    from .loader import load_rules

    rules = rules or load_rules()
    kiosk = kiosk_facts(rules)
    out = []
    for jurisdiction in ("fr", "be"):
        catalogue_ = rules.catalogue(jurisdiction)
        for fact_id in catalogue_.ids():
            fact = catalogue_.get(fact_id)
            if fact.type != "enum":
                continue
            langs = LANGS if fact_id in kiosk.get(jurisdiction, ()) else COMPLETE
            for value in fact.values:
                msgid = f"{fact.question}.choice.{value}"
                source = (library().get(fact.question) or {}).get("choices") or {}
                for lang in langs:
                    have = (
                        (source.get(value) or {}).get(lang)
                        if lang in ("fr", "en")
                        else catalogue("questions", lang).get(msgid)
                    )
                    if not have:
                        where = (
                            "interviews/library/questions.yml"
                            if lang in ("fr", "en")
                            else f"translations/questions/{lang}.po"
                        )
                        out.append(f"{jurisdiction}.{fact_id} = {value}: no label ({lang}) — add {msgid} to {where}")
    from .documents import letter_fields, letter_ids

    seen = set()
    for letter in letter_ids():  # the choice fields of the letters (templates/letters/*.yaml, `choices:`)
        for spec in letter_fields(letter):
            for value in spec.values if spec.type == "enum" and spec.id not in seen else ():
                for lang in COMPLETE:
                    if not ((spec.choices or {}).get(value) or {}).get(lang):
                        out.append(
                            f"letter field {spec.id} = {value}: no label ({lang}) — add it under `choices:` "
                            f"in templates/letters/"
                        )
            seen.add(spec.id)
    return out


def problems() -> list[str]:
    """What makes the translations unacceptable: missing strings in fr/nl/en, missing kiosk-path or
    checklist strings in any language, an enum value without label, placeholder mismatches, legal
    terms dropped."""
    out = choice_problems()
    for cov in status():
        required = (
            cov.lang in COMPLETE or cov.scope in ("kiosk", "checklist") or cov.domain in (*SOURCE_CATALOGUES, "words")
        )
        if required and cov.missing:
            out.append(f"{cov.domain}/{cov.lang} ({cov.scope}): {len(cov.missing)} missing, e.g. {cov.missing[:5]}")
        out.extend(f"{cov.domain}/{cov.lang}: placeholder differs: {p}" for p in cov.placeholder_errors)
        out.extend(f"{cov.domain}/{cov.lang}: {p}" for p in cov.legal_term_errors)
    return sorted(set(out))


def format_status(rows: list[Coverage] | None = None) -> str:
    rows = rows if rows is not None else status()
    lines = [
        f"{'domain':<10} {'scope':<9} {'lang':<4} {'strings':>7} {'translated':>11} {'reviewed':>9} "
        f"{'stale':>5} {'problems':>8}"
    ]
    for c in rows:
        lines.append(
            f"{c.domain:<10} {c.scope:<9} {c.lang:<4} {c.total:>7} {c.translated:>5} {c.percent:>4.0f}% "
            f"{c.reviewed:>9} {len(c.stale):>5} {len(c.placeholder_errors) + len(c.legal_term_errors):>8}"
        )
    lines.append(
        "reviewed = checked by a fluent speaker (PO entries without '#, fuzzy'); "
        "fr/en rule and question texts are the legal team's own."
    )
    return "\n".join(lines)


def unused(domain: str, lang: str) -> list[str]:
    """Ids in the *lang* catalogue that no source text has any more (a rule or question removed):
    a translator would spend time on them for nothing."""
    if domain in SOURCE_CATALOGUES and lang == "fr":
        return []  # the French interface and document catalogues are the source themselves
    known = set(sources(domain))
    # A plural form of a source text (`<id>.few` in Russian, `.two` in Arabic) is used.
    return sorted(k for k in set(catalogue(domain, lang).entries) - known if plural_variant(k) not in known)


def prune(domain: str, lang: str) -> list[str]:
    """Remove the unused ids from the *lang* catalogue; returns them."""
    gone = unused(domain, lang)
    if gone:
        cat = _read_po(po_path(domain, lang), domain, lang)
        write_po(
            po_path(domain, lang),
            lang,
            [(k, e.text, e.source, e.reviewed) for k, e in cat.entries.items() if k not in gone],
        )
        _cache.pop((domain, lang), None)
    return gone


# ----------------------------------------------------------------------------- translator exchange


def export_entries(domain: str, lang: str, only_missing: bool = True) -> dict[str, dict]:
    """msgid -> {fr, en, translation, legal_terms} for a translator (or a translation tool) to fill in.
    ``legal_terms`` lists the French terms the translation must keep beside it. A translation made
    from an older French wording (stale) comes with ``translation`` empty, and the old translation
    and its French under ``earlier`` / ``earlier_fr``: importing the file back unchanged must not
    pass it off as a translation of the new wording."""
    cat = catalogue(domain, lang)
    out: dict[str, dict] = {}
    for msgid, texts in sources(domain).items():
        entry = cat.entries.get(msgid)
        stale = entry is not None and entry.source is not None and entry.source != _norm(texts.get("fr") or "")
        if only_missing and entry is not None and entry.text and not stale:
            continue  # a translation of an older wording (stale) goes back to the translator
        reference = texts.get("fr") or texts.get("en") or ""
        keep = [t for t in LEGAL_TERMS if t.lower() in reference.lower()] if lang not in COMPLETE else []
        out[msgid] = {
            "fr": texts.get("fr"),
            "en": texts.get("en"),
            "translation": entry.text if entry and not stale else "",
            "legal_terms": keep,
        }
        if stale:
            out[msgid].update(earlier=entry.text, earlier_fr=entry.source)
    return out


def import_entries(domain: str, lang: str, translated: dict[str, str], reviewed: bool = False) -> list[str]:
    """Merge msgid -> translation into the catalogue of *lang*, keeping the file's order and adding
    new ids at the end. Returns what was refused (unknown id, placeholder differs, legal term lost)."""
    src = sources(domain)
    cat = _read_po(po_path(domain, lang), domain, lang)
    refused: list[str] = []
    entries = {k: (e.text, e.source, e.reviewed) for k, e in cat.entries.items()}
    for msgid, text in translated.items():
        text = (text or "").strip()
        if not text:
            continue
        if msgid not in src:
            refused.append(f"{msgid}: unknown id")
            continue
        reference = src[msgid].get("fr") or src[msgid].get("en") or ""
        if placeholders(reference) != placeholders(text):
            refused.append(f"{msgid}: placeholders {placeholders(text)} should be {placeholders(reference)}")
            continue
        lost = [
            t
            for t in LEGAL_TERMS
            if lang not in COMPLETE and t.lower() in reference.lower() and t.lower() not in text.lower()
        ]
        if lost:
            refused.append(f"{msgid}: keep the French term(s) {lost} beside the translation")
            continue
        entries[msgid] = (text, _norm(src[msgid].get("fr") or ""), reviewed)
    write_po(po_path(domain, lang), lang, [(k, text, source, rev) for k, (text, source, rev) in entries.items()])
    _cache.pop((domain, lang), None)
    return refused
