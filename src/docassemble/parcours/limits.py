"""Request limits of the web server: new anonymous interview sessions per client address, and the
size of any single answer.

Without them, a script started 400 anonymous sessions in 8 seconds (each a database row and a
Redis entry), and an 8.6 MiB answer was accepted and then copied into the encrypted answers at
every later step. Figures (docs/security.md):

* at most ``PARCOURS_NEW_SESSIONS_PER_MINUTE`` (default 60) new interview sessions per client
  address per minute for visitors who are not signed in; a person at a kiosk starts a few an
  hour, so a whole association behind one address stays far below it. Counted in docassemble's
  Redis per address (a hash of it) and per minute: one address is slowed, never everyone;
* at most ``MAX_ANSWER_CHARS`` (20,000) characters in any answer of a form, and
  ``MAX_INTERNAL_CHARS`` in docassemble's own hidden fields; the whole request stays under
  docassemble's ``maximum content length``.

A refusal is a short page in the visitor's language (from the browser's Accept-Language, among
parcours's languages; French otherwise) with status 429 or 413; nothing of the request is kept.
The client address is the connection's, or behind a TLS proxy (docassemble's ``behind https load
balancer``) the proxy's ``X-Real-Ip`` header, else the last address of ``X-Forwarded-For`` (the
one the proxy added; the ones before it are written by the client and could be forged).
"""

from __future__ import annotations

import hashlib
import os
import time
from html import escape

from parcours import i18n

NEW_SESSIONS_PER_MINUTE = int(os.environ.get("PARCOURS_NEW_SESSIONS_PER_MINUTE", "60"))
MAX_ANSWER_CHARS = 20_000
MAX_INTERNAL_CHARS = 200_000  # _varnames, _checkboxes...: base64 lists of a screen's fields
INTERNAL = frozenset({"csrf_token", "ajax", "json", "informed"})


def _behind_proxy() -> bool:
    from docassemble.base.config import daconfig

    return bool(daconfig.get("behind https load balancer", False))


def client_address(request) -> str:
    if _behind_proxy():
        real = request.headers.get("X-Real-Ip", "").strip()
        if real:
            return real
        forwarded = [a.strip() for a in request.headers.get("X-Forwarded-For", "").split(",") if a.strip()]
        if forwarded:
            return forwarded[-1]
    return request.remote_addr or "unknown"


def _flag(value) -> bool:
    try:
        return int(value or 0) != 0
    except ValueError:
        return True  # docassemble would fail on it; count it as a new session all the same


def starts_a_session(request, flask_session) -> bool:
    """Would docassemble's /interview start a new session for this request? (interview.views.index:
    no session of this interview in the browser's session, or reset / new_session asked.)"""
    args = request.args
    if _flag(args.get("reset")) or _flag(args.get("new_session")):
        return True
    if args.get("session"):
        return False  # an existing session, opened by its id (its secret is checked by docassemble)
    known = set((flask_session.get("sessions") or {}).keys())
    if flask_session.get("i"):
        known.add(flask_session["i"])
    interview = args.get("i")
    return not known if interview is None else interview not in known


def over_session_limit(redis, address: str, now: float | None = None) -> bool:
    """Count one new session for *address* in this minute; True past the limit."""
    minute = int((now if now is not None else time.time()) // 60)
    digest = hashlib.sha256(address.encode()).hexdigest()[:24]  # no address in clear in Redis
    key = f"parcours:new_sessions:{digest}:{minute}"
    pipe = redis.pipeline()
    pipe.incr(key)
    pipe.expire(key, 120)
    count = pipe.execute()[0]
    return int(count) > NEW_SESSIONS_PER_MINUTE


def oversize_field(form) -> bool:
    for name, value in form.items(multi=True):
        limit = MAX_INTERNAL_CHARS if name.startswith("_") or name in INTERNAL else MAX_ANSWER_CHARS
        if len(name) > MAX_INTERNAL_CHARS or len(value) > limit:
            return True
    return False


def language(request) -> str:
    return request.accept_languages.best_match(list(i18n.LANGS)) or "fr"


def page(lang: str, title_id: str, text_id: str, back: str | None = None, **values) -> str:
    title, text = i18n.ui(title_id, lang), i18n.ui(text_id, lang, **values)
    direction = "rtl" if lang in i18n.RTL else "ltr"
    link = f'<p><a href="{escape(back)}">{escape(i18n.ui("limits.back", lang))}</a></p>' if back else ""
    return (
        f'<!doctype html><html lang="{escape(lang)}" dir="{direction}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{escape(title)}</title>'
        f'</head><body><main><h1>{escape(title)}</h1><p>{escape(text)}</p>{link}</main></body></html>'
    )


def install(app) -> None:
    from docassemble.webapp.daredis import r
    from flask import request, session

    @app.before_request
    def parcours_limits():
        endpoint = request.endpoint or ""
        if not endpoint.startswith("interview."):
            return None
        if request.method == "POST" and oversize_field(request.form):
            lang = language(request)
            back = request.full_path.rstrip("?")
            return (
                page(
                    lang,
                    "limits.answer.title",
                    "limits.answer.text",
                    back=back,
                    max=f"{MAX_ANSWER_CHARS:,}".replace(",", " "),
                ),
                413,
                {"Content-Type": "text/html; charset=utf-8"},
            )
        if endpoint != "interview.index" or not starts_a_session(request, session):
            return None
        from flask_login import current_user

        if not current_user.is_anonymous:
            return None  # signed-in staff: accountable, and the tests' story tables run as them
        try:
            refused = over_session_limit(r, client_address(request))
        except Exception:  # noqa: BLE001 - Redis down: docassemble fails on its own; never block here
            return None
        if refused:
            lang = language(request)
            return (
                page(lang, "limits.sessions.title", "limits.sessions.text"),
                429,
                {"Content-Type": "text/html; charset=utf-8", "Retry-After": "60"},
            )
        return None
