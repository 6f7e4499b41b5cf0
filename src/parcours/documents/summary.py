"""One-page summary of a letter in the person's language: what it asks, where, how, by when, what to keep."""
from __future__ import annotations

from . import i18n
from .catalogue import load_letter
from .context import build_context
from .html import esc, html_to_pdf, lang_attrs, page
from .letters import letter_language
from .wording import is_rtl, isolate, local_date


def summary_html(letter_id: str, case=None, evaluation=None, fields: dict | None = None, lang: str = "en") -> str:
    spec = load_letter(letter_id)
    letter_lang = letter_language(spec, case, evaluation, fields)
    ctx = build_context(spec, case, evaluation, {k: v for k, v in (fields or {}).items() if spec.field(k)},
                        letter_lang).values
    t = lambda key, **kw: esc(i18n.message(key, lang, **kw))  # noqa: E731
    title = i18n.message(f"letter.{letter_id}.title", lang) if i18n.has(f"letter.{letter_id}.title", lang) \
        else (spec.title.get(lang) or spec.title.get("en"))
    recipient = "<br>".join(esc(isolate(line) if is_rtl(lang) else line) for line in ctx["recipient_lines"])
    parts = [f"<h1>{esc(title)}</h1>",
             f'<p class="muted" lang="{letter_lang}" dir="ltr">{esc(spec.title.get(letter_lang) or spec.title.get("fr"))}</p>',
             f"<h2>{t('summary.asks')}</h2><p>{t(f'letter.{letter_id}.asks')}</p>",
             f"<p>{t('summary.letter_language', language=i18n.message(f'lang.{letter_lang}', lang))}</p>"]
    if recipient:
        parts.append(f"<h2>{t('summary.where')}</h2><p dir=\"ltr\" lang=\"{letter_lang}\" style=\"text-align:start\">"
                     f"{recipient}</p>")
    parts.append(f"<h2>{t('summary.how')}</h2><p>{t(f'dispatch.{spec.dispatch}')}</p>")
    deadline = ctx["deadline"]
    parts.append(f"<h2>{t('summary.by_when')}</h2>")
    if deadline:
        parts.append(f"<p><b style=\"font-size:14pt\">{esc(local_date(deadline['due_iso'][:10], lang))}</b></p>")
        if deadline.get("status") == "to_verify":
            parts.append(f'<p class="warn">{t("summary.deadline_to_verify")}</p>')
    elif ctx["suspension"]:
        pause = ctx["suspension"]
        since = local_date(pause["since_iso"], lang)
        parts.append(f"<p><b>{t('summary.deadline_suspended', since=since, days=pause['days_left'])}</b></p>")
        if pause["status"] == "to_verify":
            parts.append(f'<p class="warn">{t("summary.deadline_to_verify")}</p>')
    else:
        parts.append(f"<p>{t('summary.no_deadline')}</p>")
    parts.append(f"<h2>{t('summary.proof')}</h2><p>{t(f'proof.{spec.dispatch}')}</p>")
    if spec.warning:
        parts.append(f'<h2 class="warn">{t("summary.warning")}</h2><p class="warn">{t("warning.oqtf_not_extended")}</p>')
    if i18n.unreviewed(lang):
        parts.append(f'<p class="muted">{t("checklist.not_reviewed")}</p>')
    body = f'<div {lang_attrs(lang)}><p class="muted">{t("summary.title")}</p>{"".join(parts)}</div>'
    return page(body, lang, title)


def summary_pdf(letter_id: str, case=None, evaluation=None, fields: dict | None = None, lang: str = "en") -> bytes:
    return html_to_pdf(summary_html(letter_id, case, evaluation, fields, lang))
