"""The required-documents checklist: a PDF with tick boxes, the person's language beside French or Dutch.

    pdf = checklist_pdf(evaluation.procedure("fr.regroupement_familial"), "ar", "fr", as_of=..., case_id=...)

Built from the engine's ``ProcedureResult`` (documents, filing, fees): label, who issues the
document, sworn translation and apostille notes, alternatives, official forms and where to get
them. Rendered as HTML by WeasyPrint so Arabic-script text is shaped and ordered by HarfBuzz and
the bidi algorithm; Latin names and numbers inside right-to-left text are isolated (FSI/PDI).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import yaml

from .. import i18n as rules_i18n
from .. import views
from ..messages import Text
from . import i18n
from .html import document_lang, html_to_pdf, page, render
from .paths import templates_dir
from .wording import is_rtl, isolate, local_date


def _t(key: str, lang: str, **values) -> str:
    return i18n.message(key, lang, **values)


def text_in(text_obj, lang: str) -> str:
    """A rule text in *lang*, as the screens show it (parcours.i18n.rule_text); a Latin fallback
    inside a right-to-left column is isolated so it keeps its own direction."""
    if text_obj is None:
        return ""
    found = rules_i18n.rule_text(text_obj, lang)
    translated = lang in ("fr", "en") or rules_i18n.has("rules", text_obj.id, lang)
    return isolate(found) if found and is_rtl(lang) and not translated else found


@lru_cache(maxsize=4)
def official_forms(root: str | None = None) -> dict:
    path = (templates_dir() if root is None else root) / "forms" / "official_forms.yaml"
    if not path.is_file():
        return {}
    return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("forms") or {}


def _notes(doc, lang: str) -> list[str]:
    from ..recipients import goes_to

    notes = [goes_to(doc, lang)] if doc.recipient else []
    if doc.issued_by is not None:
        notes.append(f"{_t('checklist.issued_by', lang)}: {text_in(doc.issued_by, lang)}")
    if doc.sworn_translation and doc.sworn_translation != "no":
        notes.append(_t(f"checklist.sworn_translation.{doc.sworn_translation}", lang))
    if doc.apostille and doc.apostille != "no":
        notes.append(_t(f"checklist.apostille.{doc.apostille}", lang))
    if doc.condition == "unknown":
        notes.append(_t("checklist.condition_unknown", lang))
    if doc.status == "to_verify":
        notes.append(_t("checklist.to_verify", lang))
    return notes


def _cell(doc, lang: str) -> dict:
    return {
        "lang": lang,
        "label": text_in(doc.label, lang),
        "notes": _notes(doc, lang),
        "alternatives_head": _t("checklist.alternatives", lang),
        "alternatives": [text_in(t, lang) for _i, t in doc.alternatives or ()],
    }


def _form_where(entry: dict, lang: str) -> str:
    """Where a person gets an official form, in *lang*: the documents catalogue (form.<key>.where) in
    every language, else the forms file's own wording (so never English beside an Arabic label)."""
    key = f"form.{entry.get('key')}.where"
    if entry.get("key") and i18n.has(key, lang):
        return i18n.message(key, lang)
    place = entry.get("where") or {}
    return place.get(lang) or (place.get("fr") if lang == "nl" else place.get("en")) or ""


def checklist_html(
    procedure, person_lang: str, admin_lang: str = "fr", as_of=None, case_id: str | None = None, recipient=None
) -> str:
    """*recipient*: only the documents that recipient may receive (the checklist inside its packet)."""
    from ..recipients import may_receive

    documents = [d for d in procedure.documents if recipient is None or may_receive(recipient, d)]
    person_lang, admin_lang = document_lang(person_lang), document_lang(admin_lang)
    langs = [person_lang] if person_lang == admin_lang else [person_lang, admin_lang]
    as_of = as_of or dt.date.today()
    filing = procedure.filing or {}
    where = filing.get("where")
    columns = [
        {
            "lang": lang,
            "title": _t("checklist.title", lang),
            "procedure": text_in(procedure.title, lang),
            "prepared": _t("checklist.prepared", lang, date=local_date(as_of, lang)),
            "rules_version": views.rules_version(getattr(procedure, "rules_version", ""), lang, "documents"),
            "case_id": isolate(case_id) if case_id else "",
            "intro": _t("checklist.intro", lang),
            "document_head": _t("checklist.document", lang),
            "forms_head": _t("checklist.forms", lang),
            "where_to_file": _t("checklist.where_to_file", lang),
            "filing_where": text_in(Text.from_doc(where, str(where.get("id", ""))), lang) if where else "",
            "fees_head": _t("checklist.fees", lang),
            "fees": [
                {
                    "label": text_in(f.label, lang),
                    "amount": isolate(f"{f.amount} {f.currency}") if f.amount is not None else "?",
                }
                for f in procedure.fees or ()
            ],
            "translation_note": _t("checklist.translation_note", lang),
        }
        for lang in langs
    ]
    known = official_forms() if filing.get("forms") else {}
    forms = []
    for form in filing.get("forms") or ():
        entry = known.get(form) or {}
        forms.append(
            [
                {
                    "lang": lang,
                    "name": isolate(form) if is_rtl(lang) else form,
                    "where_head": _t("checklist.where_to_get", lang),
                    "where": _form_where(entry, lang),
                }
                for lang in langs
            ]
        )
    body = render(
        "checklist.html",
        columns=columns,
        person_lang=person_lang,
        forms=forms,
        documents=[[_cell(doc, lang) for lang in langs] for doc in documents],
        filing_where=bool(where),
        fees=bool(procedure.fees),
        not_reviewed=_t("checklist.not_reviewed", person_lang) if i18n.unreviewed(person_lang) else "",
    )
    return page(body, admin_lang, _t("checklist.title", admin_lang))


def checklist_pdf(
    procedure, person_lang: str, admin_lang: str = "fr", as_of=None, case_id: str | None = None, recipient=None
) -> bytes:
    """The checklist as PDF bytes (person's language beside the administration's language)."""
    return html_to_pdf(checklist_html(procedure, person_lang, admin_lang, as_of, case_id, recipient))
