"""One-page summary of a letter in the person's language: what it asks, where, how, by when, what to keep."""

from __future__ import annotations

from . import i18n
from .catalogue import load_letter
from .context import _deadline, build_context
from .html import document_lang, html_to_pdf, page, render
from .letters import letter_language
from .wording import is_rtl, isolate, local_date


def summary_html(letter_id: str, case=None, evaluation=None, fields: dict | None = None, lang: str = "en") -> str:
    lang = document_lang(lang)
    spec = load_letter(letter_id)
    letter_lang = document_lang(letter_language(spec, case, evaluation, fields))
    ctx = build_context(
        spec, case, evaluation, {k: v for k, v in (fields or {}).items() if spec.field(k)}, letter_lang
    ).values
    m = lambda key, **kw: i18n.message(key, lang, **kw)  # noqa: E731
    # The person reads the title their summary gives the letter; the letter's own title when none.
    title = (
        m(f"letter.{letter_id}.title")
        if i18n.has(f"letter.{letter_id}.title", lang)
        else (spec.title.get(lang) or spec.title.get("en"))
    )
    # The date she is told to send by: never a passed one, nor one from a branch not known to apply.
    deadline, pause = _deadline(spec, evaluation, letter_lang, target=True), ctx["suspension"]
    t = {
        "title": m("summary.title"),
        "asks": m("summary.asks"),
        "letter_asks": m(f"letter.{letter_id}.asks"),
        "letter_language": m("summary.letter_language", language=i18n.message(f"lang.{letter_lang}", lang)),
        "where": m("summary.where"),
        "how": m("summary.how"),
        "dispatch": m(f"dispatch.{spec.dispatch}"),
        "by_when": m("summary.by_when"),
        "no_deadline": m("summary.no_deadline"),
        "deadline_to_verify": m("summary.deadline_to_verify"),
        "proof": m("summary.proof"),
        "proof_text": m(f"proof.{spec.dispatch}"),
        "warning": m("summary.warning"),
        "warning_text": m("warning.oqtf_not_extended"),
    }
    body = render(
        "summary.html",
        t=t,
        lang=lang,
        letter_lang=letter_lang,
        title=title,
        letter_title=i18n.letter_title(letter_id, letter_lang),
        recipient=[isolate(line) if is_rtl(lang) else line for line in ctx["recipient_lines"]],
        due=local_date(deadline["due_iso"][:10], lang) if deadline else "",
        suspended=""
        if deadline or not pause
        else m(
            "summary.deadline_suspended",
            since=local_date(pause["since_iso"], lang),
            days=pause["days_left"],
            count=pause["days_left"],
        ),
        deadline_to_verify=(deadline or pause or {}).get("status") == "to_verify",
        warning=bool(spec.warning),
        not_reviewed=m("checklist.not_reviewed") if i18n.unreviewed(lang) else "",
    )
    return page(body, lang, title)


def summary_pdf(letter_id: str, case=None, evaluation=None, fields: dict | None = None, lang: str = "en") -> bytes:
    return html_to_pdf(summary_html(letter_id, case, evaluation, fields, lang))
