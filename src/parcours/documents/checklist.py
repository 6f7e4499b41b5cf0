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

from . import i18n
from .. import i18n as rules_i18n
from ..messages import Text
from .html import esc, html_to_pdf, lang_attrs, page
from .paths import templates_dir
from .wording import isolate, is_rtl, local_date


def _t(key: str, lang: str, **values) -> str:
    return i18n.message(key, lang, **values)


def text_in(text_obj, lang: str, key: str | None = None) -> str:
    """A rule text (fr/en) in *lang*: the translation catalogue first, then the rule file's own wording."""
    key = key or (text_obj.id if text_obj is not None else None)
    if key and i18n.has(key, lang):
        return i18n.message(key, lang)
    translated = rules_i18n.catalogue("rules", lang).get(key) if key and lang not in ("fr", "en") else None
    if translated:  # the rule texts' catalogue (translations/rules), the same the screens use
        return translated
    if text_obj is None:
        return ""
    value = text_obj.fr if lang == "fr" else (text_obj.en if lang == "en" else None)
    if value:
        return value
    fallback = text_obj.fr if lang == "nl" else (text_obj.en or text_obj.fr or "")   # nl: French; others: English
    return isolate(fallback) if is_rtl(lang) else fallback


@lru_cache(maxsize=4)
def official_forms(root: str | None = None) -> dict:
    path = (templates_dir() if root is None else root) / "forms" / "official_forms.yaml"
    if not path.is_file():
        return {}
    return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("forms") or {}


def _notes(doc, lang: str) -> list[str]:
    notes = []
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


def _cell(doc, lang: str) -> str:
    label = text_in(doc.label, lang, f"document.{doc.id}")
    out = [f"<div><b>{esc(label)}</b></div>"]
    for note in _notes(doc, lang):
        out.append(f'<div class="note">{esc(note)}</div>')
    if doc.alternatives:
        items = "".join(f"<li>{esc(text_in(t, lang, f'document.{i}'))}</li>" for i, t in doc.alternatives)
        out.append(f'<div class="note">{esc(_t("checklist.alternatives", lang))}<ul>{items}</ul></div>')
    return "".join(out)


def checklist_html(procedure, person_lang: str, admin_lang: str = "fr", as_of=None, case_id: str | None = None) -> str:
    langs = [person_lang] if person_lang == admin_lang else [person_lang, admin_lang]

    def row(make) -> str:
        return "".join(f"<td {lang_attrs(lang)}>{make(lang)}</td>" for lang in langs)

    def head(make) -> str:
        return "".join(f"<th {lang_attrs(lang)}>{make(lang)}</th>" for lang in langs)

    as_of = as_of or dt.date.today()
    title = "".join(f"<h1 {lang_attrs(lang)}>{esc(_t('checklist.title', lang))} — "
                    f"{esc(text_in(procedure.title, lang, procedure.title.id if procedure.title else None))}</h1>"
                    for lang in langs)
    meta = "".join(f'<p class="muted" {lang_attrs(lang)}>{esc(_t("checklist.prepared", lang, date=local_date(as_of, lang)))}'
                   f"{esc(' — ' + isolate(case_id) if case_id else '')}</p>" for lang in langs)
    intro = "<table class='pair'><tr>" + row(lambda lang: esc(_t("checklist.intro", lang))) + "</tr></table>"
    rows = [f'<tr><th class="tick"></th>{head(lambda lang: esc(_t("checklist.document", lang)))}</tr>']
    for doc in procedure.documents:
        rows.append(f'<tr><td class="tick"><span class="box"></span></td>{row(lambda lang, d=doc: _cell(d, lang))}</tr>')
    body = [title, meta, intro, "<h2></h2><table>" + "".join(rows) + "</table>"]
    filing = procedure.filing or {}
    forms = list(filing.get("forms") or ())
    if forms:
        known = official_forms()
        frows = [f'<tr><th class="tick"></th>{head(lambda lang: esc(_t("checklist.forms", lang)))}</tr>']
        for form in forms:
            where = (known.get(form) or {}).get("where") or {}

            def cell(lang, form=form, where=where):
                text = where.get(lang) or (where.get("fr") if lang == "nl" else where.get("en")) or ""
                return (f"<b>{esc(isolate(form) if is_rtl(lang) else form)}</b>"
                        + (f'<div class="note">{esc(_t("checklist.where_to_get", lang))}: {esc(text)}</div>' if text else ""))
            frows.append(f'<tr><td class="tick"><span class="box"></span></td>{row(cell)}</tr>')
        body.append("<h2></h2><table>" + "".join(frows) + "</table>")
    if filing.get("where"):
        where = filing["where"]
        body.append("<h2></h2><table class='pair'><tr>" + row(
            lambda lang: f"<b>{esc(_t('checklist.where_to_file', lang))}</b><div>"
                         f"{esc(text_in(Text.from_doc(where, str(where.get('id', ''))), lang))}</div>") + "</tr></table>")
    if procedure.fees:
        def fees(lang):
            items = "".join(f"<li>{esc(text_in(f.label, lang))}: {esc(isolate(f'{f.amount} {f.currency}') if f.amount is not None else '?')}</li>"
                            for f in procedure.fees)
            return f"<b>{esc(_t('checklist.fees', lang))}</b><ul>{items}</ul>"
        body.append("<table class='pair'><tr>" + row(fees) + "</tr></table>")
    body.append("<h2></h2><table class='pair'><tr>" + row(lambda lang: f'<span class="note">{esc(_t("checklist.translation_note", lang))}</span>')
                + "</tr></table>")
    if i18n.unreviewed(person_lang):
        body.append(f'<p class="muted" {lang_attrs(person_lang)}>{esc(_t("checklist.not_reviewed", person_lang))}</p>')
    return page("".join(body), admin_lang, _t("checklist.title", admin_lang))


def checklist_pdf(procedure, person_lang: str, admin_lang: str = "fr", as_of=None, case_id: str | None = None) -> bytes:
    """The checklist as PDF bytes (person's language beside the administration's language)."""
    return html_to_pdf(checklist_html(procedure, person_lang, admin_lang, as_of, case_id))
