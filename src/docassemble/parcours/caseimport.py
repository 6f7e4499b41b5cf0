"""The import screen's reading of an uploaded case file: bounded, fully checked against the
jurisdiction's rules, and refused with a message in the volunteer's language that names what to
fix and never repeats a value of the file (docs/security.md, "hostile case files")."""

from __future__ import annotations

from parcours import CaseFile, CaseFileError, i18n
from parcours.bounded import MAX_CHARS

MAX_CASE_FILE_BYTES = MAX_CHARS  # a case file is text: a few kilobytes; 1 MB is generous


def _lang(lang: str | None) -> str:
    """The language "Mes dossiers" passes (the volunteer's); never docassemble's get_language(), which
    may be the browser's while the screen is in another one."""
    return lang if lang in i18n.LANGS else "fr"


def _label(fact_id: str, jurisdiction: str | None, lang: str) -> str:
    """A fact as the person knows it (its question), not its id; an unknown id stays as written."""
    from parcours.loader import load_rules

    try:
        fact = load_rules().catalogue(jurisdiction).get(fact_id) if jurisdiction else None
    except Exception:  # noqa: BLE001 - an unknown jurisdiction: the id is all there is
        fact = None
    if fact is None:
        return fact_id
    text = i18n.rule_text(fact.label, lang) if fact.label else None
    return text or i18n.question(f"{fact.question}.text", lang) or fact_id


def describe(error: CaseFileError, lang: str, jurisdiction: str | None = None) -> str:
    out = []
    for d in error.diagnostics[:3]:
        params = dict(d.params)
        if "fact" in params:
            params["fact"] = _label(params["fact"], jurisdiction, lang)
        out.append(i18n.ui(d.code, lang, **params) if d.code else i18n.ui("casefile.unreadable", lang))
    return " ".join(dict.fromkeys(out))


def read_case_upload(upload, lang: str | None = None) -> tuple[CaseFile | None, str | None]:
    """The uploaded case file, or the message naming what to fix. Nothing is stored either way."""
    lang = _lang(lang)
    try:
        first = upload[0] if hasattr(upload, "__getitem__") else upload
        if first.size_in_bytes() > MAX_CASE_FILE_BYTES:
            return None, i18n.ui("casefile.too_large", lang)
        text = first.slurp()
        if isinstance(text, bytes):  # docassemble decodes text/* and JSON only: a .yaml comes as bytes
            text = text.decode("utf-8-sig")
        source = str(getattr(first, "filename", "") or "case.json")
    except (UnicodeDecodeError, IndexError, AttributeError, TypeError, OSError):
        return None, i18n.ui("casefile.unreadable", lang)
    if not isinstance(text, str) or "\x00" in text:
        return None, i18n.ui("casefile.unreadable", lang)
    from parcours.loader import load_rules

    jurisdiction = None
    try:
        case = CaseFile.from_text(text, source=source)  # bounded before anything is built
        jurisdiction = case.jurisdiction
        case.typed_facts(load_rules().catalogue(jurisdiction))  # as CaseFile.from_outside does
        return case, None
    except CaseFileError as e:
        return None, describe(e, lang, jurisdiction)
    except (ValueError, RecursionError, MemoryError):  # a bound this module missed: refused all the same
        return None, i18n.ui("casefile.unreadable", lang)
