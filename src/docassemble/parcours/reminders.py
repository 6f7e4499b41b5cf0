"""Reminders of a case's deadlines on the server: the opt-in's storage, the daily sending, opt-out.

    GET/POST /parcours/reminders/stop/<token>   the link in every message: a page, then a button
    POST     /parcours/reminders/sms-inbound      the SMS provider's webhook: a reply "STOP"

Storage: parcours's own table ``parcours_reminder``, one row per case, keyed by a random id. In
clear: the id, a keyed hash of the case's session (``case_index``, so that erasing the case erases
its reminders; the session id itself is not kept), a keyed hash of the phone number for an SMS
(``phone_index``, so that a "STOP" reply finds its row) and the times of creation and update.
Everything else is sealed (AES-256-GCM, key derived from the server's ``secretkey``, the row's id
as associated data, docassemble.parcours.vault): the channel, the address or number, the language,
the case file (CaseFile JSON) and the procedures, and which reminders were already sent. The sender
re-evaluates the case file with the rules in force each day (parcours.reminders.due), so a deadline
moved by a changed answer (the guide re-seals the case file each time its result is shown) or a
changed rule takes its reminders with it.

Sending: the Celery beat of docassemble.parcours.schedule runs ``send_due`` once a day; e-mail
through docassemble's ``mail:`` settings (SMTP), SMS through a provider (``SmsProvider``: one
method ``send(number, text)``; ``HttpSmsProvider`` posts JSON to PARCOURS_SMS_URL with the token
PARCOURS_SMS_TOKEN). Logs carry counts only: never an address, a number or a message.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import os
import uuid

from docassemble.parcours import vault
from parcours import i18n
from parcours import reminders as core

TABLE = "parcours_reminder"
ROUTE = "/parcours/reminders"
STOP_WORDS = ("STOP", "STOPP", "ARRET", "ARRÊT", "UNSUBSCRIBE")
__all__ = ["reminder_problem", "save_reminders", "refresh_reminders", "reminder_languages"]
_table_ready = False


# ----------------------------------------------------------------------------- keys (no docassemble)


def _derive(secretkey: str, purpose: str) -> bytes:
    return vault.derive(secretkey, b"parcours-reminders", purpose)


def seal_content(content: dict, rid: str, secretkey: str) -> bytes:
    return vault.seal_json(content, _derive(secretkey, "records/1"), rid.encode())


def open_content(blob: bytes, rid: str, secretkey: str) -> dict:
    return vault.open_json(blob, _derive(secretkey, "records/1"), rid.encode())


def case_index(filename: str, session: str, secretkey: str) -> str:
    return hmac.new(_derive(secretkey, "case/1"), f"{filename}|{session}".encode(), hashlib.sha256).hexdigest()


def phone_index(number: str, secretkey: str) -> str:
    return hmac.new(_derive(secretkey, "phone/1"), number.encode(), hashlib.sha256).hexdigest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def stop_token(rid: str, secretkey: str) -> str:
    """The stop link's token: the reminder id and a 96-bit signature, short enough for an SMS."""
    mac = hmac.new(_derive(secretkey, "stop/1"), rid.encode(), hashlib.sha256).digest()[:12]
    return f"{_b64(uuid.UUID(rid).bytes)}.{_b64(mac)}"


def token_id(token: str, secretkey: str) -> str | None:
    """The reminder id a stop link names, when its signature holds."""
    head, _, _ = str(token or "")[:80].partition(".")
    try:
        rid = str(uuid.UUID(bytes=base64.urlsafe_b64decode(head + "==")))
    except (ValueError, TypeError):
        return None
    return rid if hmac.compare_digest(stop_token(rid, secretkey), str(token)[:80]) else None


# ----------------------------------------------------------------------------- database


def _log(message: str) -> None:
    try:
        from docassemble.base.logger import logmessage

        logmessage("parcours: " + message)
    except Exception:  # noqa: BLE001
        pass


def _db():
    from docassemble.webapp.extensions import db

    _ensure_table(db)
    return db


def _ensure_table(db) -> None:
    global _table_ready
    if _table_ready:
        return
    from sqlalchemy import text

    db.session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:name))"), {"name": TABLE})
    db.session.execute(
        text(
            f"CREATE TABLE IF NOT EXISTS {TABLE} ("
            " id uuid PRIMARY KEY,"
            " case_index text NOT NULL UNIQUE,"
            " phone_index text,"
            " created_at timestamptz NOT NULL DEFAULT now(),"
            " updated_at timestamptz NOT NULL DEFAULT now(),"
            " content bytea NOT NULL)"
        )
    )
    db.session.execute(text(f"CREATE INDEX IF NOT EXISTS {TABLE}_phone ON {TABLE} (phone_index)"))
    db.session.commit()
    _table_ready = True


def _sql(statement: str, **values):
    from sqlalchemy import text

    db = _db()
    result = db.session.execute(text(statement), values)
    return db, result


def delete(rid: str) -> bool:
    db, result = _sql(f"DELETE FROM {TABLE} WHERE id = :id", id=rid)
    db.session.commit()
    return bool(result.rowcount)


def forget_case(key: str, filename: str) -> int:
    """Erase a case's reminders (the case itself is being erased)."""
    db, result = _sql(f"DELETE FROM {TABLE} WHERE case_index = :ix", ix=case_index(filename, key, vault.secretkey()))
    db.session.commit()
    return int(result.rowcount or 0)


def sweep(sessions) -> int:
    """Erase the reminders of every case that no longer exists (*sessions*: (key, filename) pairs
    of the sessions still stored): a purged case sends nothing more."""
    secretkey = vault.secretkey()
    live = {case_index(filename or "", key, secretkey) for key, filename in sessions}
    db, result = _sql(f"SELECT id::text, case_index FROM {TABLE}")
    gone = [rid for rid, ix in result.all() if ix not in live]
    if gone:
        from sqlalchemy import text

        db.session.execute(text(f"DELETE FROM {TABLE} WHERE id::text = ANY(:ids)"), {"ids": gone})
    db.session.commit()
    return len(gone)


# ----------------------------------------------------------------------------- the guide's opt-in


def reminder_languages() -> list[dict]:
    return [{code: i18n.NAMES[code]} for code in i18n.LANGS]


def reminder_problem(channel, contact, consent, language, lang: str) -> None:
    """Refuse an opt-in that cannot be sent, on the screen, naming the field; nothing is stored."""
    from docassemble.base.util import validation_error

    found = _problem(channel, contact, consent, language)
    if found:
        field, msgid = found
        validation_error(i18n.ui(msgid, lang), field="reminder_" + field)


def _case(jurisdiction: str, answers: dict, persons) -> dict:
    return {
        "format_version": 1,
        "jurisdiction": jurisdiction,
        "persons": list(persons or []),
        "facts": {k: v for k, v in dict(answers).items() if v is not None},
    }


def _this_case() -> str:
    from docassemble.base.util import current_context

    context = current_context()
    return case_index(context.filename, context.session, vault.secretkey())


def _problem(channel, contact, consent, language) -> tuple[str, str] | None:
    found = core.contact_problem(channel, contact, consent)
    if found is None and channel != "none" and i18n.known_lang(language, "") != language:
        found = ("language", "check.not_offered")
    return found


def save_reminders(channel, contact, consent, language, jurisdiction, answers, persons, procedures) -> str:
    """Store the opt-in of this case (sealed), or drop it for "none". Returns "saved", "off" or,
    for an opt-in the screen's check did not see (the REST API sets variables without it), the ui
    id of the refusal; nothing is stored then."""
    found = _problem(channel, contact, consent, language)
    if found:
        _log(f"reminders: opt-in refused ({found[0]})")  # the field, never the value
        return found[1]
    ix, secretkey = _this_case(), vault.secretkey()
    db, row = _sql(f"SELECT id::text FROM {TABLE} WHERE case_index = :ix", ix=ix)
    existing = row.scalar()
    if channel not in ("email", "sms"):
        if existing:
            delete(existing)
        db.session.commit()
        return "off"
    contact = contact.strip() if channel == "email" else core.e164(contact, jurisdiction)
    rid = existing or str(uuid.uuid4())
    content = {
        "channel": channel,
        "contact": contact,
        "lang": i18n.known_lang(language),
        "case": _case(jurisdiction, answers, persons),
        "procedures": list(procedures),
        "sent": [],
    }
    values = {
        "id": rid,
        "ix": ix,
        "phone": phone_index(contact, secretkey) if channel == "sms" else None,
        "content": seal_content(content, rid, secretkey),
    }
    from sqlalchemy import text

    db.session.execute(
        text(
            f"INSERT INTO {TABLE} (id, case_index, phone_index, content) VALUES (:id, :ix, :phone, :content) "
            "ON CONFLICT (id) DO UPDATE SET phone_index = :phone, content = :content, updated_at = now()"
        ),
        values,
    )
    db.session.commit()
    _log(f"reminders: opt-in saved ({channel})")
    return "saved"


def refresh_reminders(jurisdiction, answers, persons, procedures) -> bool:
    """The case file of this case's reminders, as the answers are now (the guide calls it when it
    shows the result): a changed answer moves the reminders. False when the case has none."""
    ix, secretkey = _this_case(), vault.secretkey()
    db, row = _sql(f"SELECT id::text, content FROM {TABLE} WHERE case_index = :ix FOR UPDATE", ix=ix)
    found = row.first()
    if found is None:
        db.session.commit()
        return False
    rid, blob = found
    content = open_content(blob, rid, secretkey)
    case = _case(jurisdiction, answers, persons)
    if content["case"] != case or content["procedures"] != list(procedures):
        content.update(case=case, procedures=list(procedures))
        from sqlalchemy import text

        db.session.execute(
            text(f"UPDATE {TABLE} SET content = :content, updated_at = now() WHERE id = :id"),
            {"id": rid, "content": seal_content(content, rid, secretkey)},
        )
    db.session.commit()
    return True


# ----------------------------------------------------------------------------- sending


class SmsProvider:
    """What the sender needs of an SMS company: one message to one number. Raises on failure."""

    def send(self, number: str, text: str) -> None:  # pragma: no cover - an interface
        raise NotImplementedError


class HttpSmsProvider(SmsProvider):
    """POST {"to": number, "text": text} as JSON to *url*, the token in *header* ("Bearer <token>"
    for Authorization). Any 2xx is sent; the answer's body is not read into any log."""

    def __init__(self, url: str, token: str = "", header: str = "Authorization", timeout: float = 15):
        self.url, self.token, self.header, self.timeout = url, token, header, timeout

    def send(self, number: str, text: str) -> None:
        import urllib.request

        value = f"Bearer {self.token}" if self.header.lower() == "authorization" else self.token
        request = urllib.request.Request(
            self.url,
            data=json.dumps({"to": number, "text": text}, ensure_ascii=False).encode(),
            method="POST",
            headers={"Content-Type": "application/json", self.header: value},
        )
        with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (configured URL)
            if not 200 <= response.status < 300:
                raise OSError("the SMS provider refused the message")


def sms_provider() -> SmsProvider | None:
    """The configured provider (PARCOURS_SMS_URL, PARCOURS_SMS_TOKEN, PARCOURS_SMS_TOKEN_HEADER), or None."""
    url = os.environ.get("PARCOURS_SMS_URL", "").strip()
    if not url:
        return None
    return HttpSmsProvider(
        url, os.environ.get("PARCOURS_SMS_TOKEN", ""), os.environ.get("PARCOURS_SMS_TOKEN_HEADER", "Authorization")
    )


class SmtpMailer:
    """docassemble's mail settings (config.yml ``mail:``: server, port, username, password, use ssl,
    use tls, default sender), by SMTP."""

    def __init__(self, settings: dict):
        self.settings = dict(settings or {})

    def send(self, to: str, subject: str, body: str) -> None:
        import smtplib
        from email.message import EmailMessage
        from email.utils import make_msgid

        s = self.settings
        message = EmailMessage()  # refuses a header with a line break: no header injection
        message["From"] = s.get("default sender") or "no-reply@localhost"
        message["To"] = to
        message["Subject"] = subject
        message["Message-ID"] = make_msgid(domain="parcours")
        message.set_content(body)
        host, port = s.get("server") or "localhost", int(s.get("port") or (465 if s.get("use ssl") else 25))
        smtp = smtplib.SMTP_SSL(host, port, timeout=30) if s.get("use ssl") else smtplib.SMTP(host, port, timeout=30)
        with smtp:
            if s.get("use tls") and not s.get("use ssl"):
                smtp.starttls()
            if s.get("username"):
                smtp.login(str(s["username"]), str(s.get("password") or ""))
            smtp.send_message(message)


def mailer() -> SmtpMailer:
    from docassemble.base.config import daconfig

    settings = daconfig.get("mail") or {}
    if isinstance(settings, list):  # docassemble keeps a list of named mail settings: the default one
        settings = next((m for m in settings if m.get("name") == "default"), settings[0] if settings else {})
    return SmtpMailer(settings)


def stop_url(rid: str, secretkey: str) -> str:
    from docassemble.base.config import daconfig

    root = str(daconfig.get("url root") or "").rstrip("/")
    return f"{root}{ROUTE}/stop/{stop_token(rid, secretkey)}"


def send_due(today: dt.date | None = None, mail=None, sms=None) -> dict:
    """Send every reminder due today; returns counts (never who, where or what)."""
    from sqlalchemy import text

    from parcours import CaseFile, evaluate, load_rules

    today = today or dt.date.today()
    settings = core.Settings.from_env()
    mail = mail or mailer()
    sms = sms if sms is not None else sms_provider()
    secretkey, rules = vault.secretkey(), load_rules()
    counts = {"cases": 0, "email": 0, "sms": 0, "failed": 0, "unreadable": 0}
    db, result = _sql(f"SELECT id::text FROM {TABLE}")
    for (rid,) in result.all():
        row = db.session.execute(
            text(f"SELECT content FROM {TABLE} WHERE id = :id FOR UPDATE SKIP LOCKED"), {"id": rid}
        ).first()
        if row is None:  # taken by another sender, or stopped meanwhile
            db.session.commit()
            continue
        counts["cases"] += 1
        try:
            content = open_content(row[0], rid, secretkey)
            case = CaseFile.from_dict(content["case"])
            evaluation = evaluate(case, today, rules=rules, procedures=content["procedures"] or None)
            due = core.due(evaluation, today, settings.offsets, rules)
        except Exception:  # noqa: BLE001 - a case the current rules cannot read: counted, never shown
            counts["unreadable"] += 1
            db.session.commit()
            continue
        sent = list(content.get("sent") or [])
        for reminder in [r for r in due if r.key not in sent]:
            url, lang = stop_url(rid, secretkey), content["lang"]
            try:
                if content["channel"] == "email":  # the stop page in the message's language (an SMS stays short)
                    mail.send(content["contact"], *core.email(reminder, lang, settings, f"{url}?lang={lang}"))
                elif sms is not None:
                    sms.send(content["contact"], core.sms(reminder, lang, settings, url))
                else:
                    raise OSError("no SMS provider")
            except Exception:  # noqa: BLE001 - the error may quote the address: counted only
                counts["failed"] += 1
                continue
            counts[content["channel"]] += 1
            sent.append(reminder.key)
        if sent != content.get("sent"):
            content["sent"] = sent[-50:]
            db.session.execute(
                text(f"UPDATE {TABLE} SET content = :content WHERE id = :id"),
                {"id": rid, "content": seal_content(content, rid, secretkey)},
            )
        db.session.commit()
    return counts


# ----------------------------------------------------------------------------- opt-out


def stop_by_phone(number: str) -> int:
    secretkey = vault.secretkey()
    try:
        ix = phone_index(core.e164(number), secretkey)
    except Exception:  # noqa: BLE001
        return 0
    db, result = _sql(f"DELETE FROM {TABLE} WHERE phone_index = :ix", ix=ix)
    db.session.commit()
    return int(result.rowcount or 0)


def _page(lang: str, title: str, body: str, form: str = "") -> str:
    from markupsafe import escape

    direction = "rtl" if i18n.is_rtl(lang) else "ltr"
    return (
        f'<!doctype html><html lang="{lang}" dir="{direction}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title></head><body style=\"font-family:sans-serif;max-width:36em;margin:2em auto\">"
        f"<h1>{escape(title)}</h1><p>{escape(body)}</p>{form}</body></html>"
    )


def install(app) -> None:
    """The stop link and the SMS provider's webhook (docassemble.parcours.webapp lists this hook)."""
    from docassemble.webapp.extensions import csrf
    from flask import Response, request

    def lang_of_request() -> str:
        wanted = request.args.get("lang")
        if wanted:
            return i18n.known_lang(wanted)
        from docassemble.parcours.limits import language

        return language(request)

    def html(page: str, status: int = 200):
        response = Response(page, status=status, mimetype="text/html")
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "no-referrer"  # the token stays off other sites' logs
        return response

    @csrf.exempt  # the signed token is the authority; a mail scanner's GET changes nothing
    @app.route(ROUTE + "/stop/<token>", methods=["GET", "POST"])
    def parcours_reminders_stop(token):
        lang = lang_of_request()
        rid = token_id(token, vault.secretkey())
        if rid is None:
            return html(_page(lang, i18n.ui("reminder.optin.title", lang), i18n.ui("reminder.stop.unknown", lang)), 404)
        if request.method == "GET":
            form = (
                f'<form method="post"><button type="submit" style="font-size:1.2em;padding:.5em 1em">'
                f"{i18n.ui('reminder.stop.button', lang)}</button></form>"
            )
            return html(_page(lang, i18n.ui("reminder.stop.question", lang), "", form))
        removed = delete(rid)
        _log(f"reminders: stopped by link ({int(removed)})")
        return html(_page(lang, i18n.ui("reminder.optin.title", lang), i18n.ui("reminder.stopped", lang)))

    @csrf.exempt  # called by the provider, authenticated by its token
    @app.route(ROUTE + "/sms-inbound", methods=["POST"])
    def parcours_reminders_sms_inbound():
        expected = os.environ.get("PARCOURS_SMS_INBOUND_TOKEN") or os.environ.get("PARCOURS_SMS_TOKEN") or ""
        given = request.headers.get("X-Parcours-Token", "")
        if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
            return Response('{"error":"forbidden"}', 403, mimetype="application/json")
        if (request.content_length or 0) > 4096:
            return Response('{"error":"too_large"}', 413, mimetype="application/json")
        body = request.get_json(silent=True) or {}
        number, words = str(body.get("from") or "")[:40], str(body.get("text") or "")[:200].strip().upper().split()
        stopped = 0
        if words and words[0] in STOP_WORDS:
            stopped = stop_by_phone(number)
        _log(f"reminders: SMS reply received ({stopped} stopped)")
        return Response('{"ok":true}', 200, mimetype="application/json")
