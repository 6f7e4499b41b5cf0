"""Outreach rounds (maraudes) on the web server: the phone page and its small JSON API.

    GET  /parcours/outreach/                the page (static HTML, script, style, manifest, worker)
    GET  /parcours/outreach/api/settings    what the form offers, in ?lang= (places, needs, flags...)
    GET  /parcours/outreach/api/key         the signed-in volunteer's phone key (never cached)
    POST /parcours/outreach/api/records     one record; idempotent on its id (201 stored, 200 already)

A record may carry the person's card code (with their consent): the code's keyed hash is stored
beside the record (``code_index``), never the code in clear, so that the guide finds the records of
a code typed at the permanence (``open_card``), once: the records are then marked opened, their
personal parts dropped (``outreach.opened_content``), and the opening written to an audit table
(who, when, the code's hash; no content). A later encounter with the same card opens again.

The page itself holds no data and is served to anyone (a phone must be able to open it offline,
from its service worker); every API call needs a signed-in user with the ``outreach`` privilege
(``outreach_coordinator`` too): 401 / 403 otherwise, with a JSON message in the page's language.
docassemble's CSRF token does not fit a record sent days later from an offline queue, so the POST
is exempt from it and guarded instead by what a cross-site form or script cannot send without a
CORS preflight: the ``X-Parcours-Outreach`` header, a JSON body, and (when the browser says)
a same-origin ``Origin`` / ``Sec-Fetch-Site``.

Records are stored in docassemble's PostgreSQL database, in parcours's own table (created when
missing): the id, the volunteer's account number, the place and the day of the round in clear (for
the counts per place and week), everything else (people, languages, needs, flags, procedures,
dates, notes) encrypted with AES-GCM under a key derived from the server's ``secretkey``
(secrets.json), the record id as associated data. The phone key is derived the same way from the
account number: the same volunteer gets the same key on any phone, another volunteer another key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from pathlib import Path
from urllib.parse import urlsplit

from docassemble.parcours import vault
from parcours import i18n, outreach

ROUTE = "/parcours/outreach"
TABLE = "parcours_outreach_record"
AUDIT = "parcours_outreach_opening"
OPEN_ROLES = ("admin", "volunteer", "outreach_coordinator")  # who opens a card at the permanence
MAX_OPEN_TRIES = 20  # per signed-in account per 15 minutes: a code cannot be guessed by trying
__all__ = ["open_card"]  # what the guide interview sees
ROLES = ("outreach", "outreach_coordinator")
HEADER = "X-Parcours-Outreach"
STATIC = Path(__file__).resolve().parent / "data" / "static" / "outreach"
# The page's files, by the name the page asks for: nothing else of the folder is served.
ASSETS = {
    "": ("index.html", "text/html"),
    "app.js": ("app.js", "text/javascript"),
    "qr.js": ("qr.js", "text/javascript"),
    "app.css": ("app.css", "text/css"),
    "sw.js": ("sw.js", "text/javascript"),
    "manifest.webmanifest": ("manifest.webmanifest", "application/manifest+json"),
    "icon.svg": ("icon.svg", "image/svg+xml"),
}
_table_ready = False


# ----------------------------------------------------------------------------- keys (no docassemble)


def _derive(secretkey: str, purpose: str) -> bytes:
    return vault.derive(secretkey, b"parcours-outreach", purpose)


def seal_content(content: dict, record_id: str, secretkey: str) -> bytes:
    return vault.seal_json(content, _derive(secretkey, "records/1"), record_id.encode())


def open_content(blob: bytes, record_id: str, secretkey: str) -> dict:
    return vault.open_json(blob, _derive(secretkey, "records/1"), record_id.encode())


def code_index(code: str, secretkey: str) -> str:
    """Where a card's records are found: a keyed hash of the code (the code itself is not stored)."""
    base = _derive(secretkey, "codes/1")
    return hmac.new(base, outreach.normalise_code(code).encode(), hashlib.sha256).hexdigest()


def phone_key(user_id: int, secretkey: str) -> tuple[str, bytes]:
    """(tag, key) of a volunteer's phone storage: the tag names the key on the phone (no e-mail,
    no account number), the key encrypts the records there."""
    base = _derive(secretkey, "phone/1")
    tag = hmac.new(base, f"tag:{int(user_id)}".encode(), hashlib.sha256).hexdigest()[:20]
    key = hmac.new(base, f"key:{int(user_id)}".encode(), hashlib.sha256).digest()
    return tag, key


# ----------------------------------------------------------------------------- inside the server


def _secretkey() -> str:
    return vault.secretkey()


def _lang(request) -> str:
    wanted = request.headers.get("X-Parcours-Lang") or request.args.get("lang")
    if wanted:
        return i18n.known_lang(wanted)
    from docassemble.parcours.limits import language

    return language(request)


def _json(body: dict, status: int = 200):
    from flask import Response

    response = Response(json.dumps(body, ensure_ascii=False), status=status, mimetype="application/json")
    response.headers["Cache-Control"] = "no-store"
    return response


def _refuse(request, status: int, code: str):
    lang = _lang(request)
    msgid = {"not_allowed": "outreach.not_allowed"}.get(code, f"outreach.error.{code}")
    return _json({"error": code, "message": i18n.ui(msgid, lang)}, status)


def _user(request):
    """(user, None) for a signed-in outreach volunteer, else (None, refusal)."""
    user, status = vault.user_with(ROLES)
    if status:
        return None, _refuse(request, status, "sign_in" if status == 401 else "not_allowed")
    return user, None


def _same_origin(request) -> bool:
    """What a page of another site cannot send without a CORS preflight this server never answers."""
    if request.headers.get(HEADER) != "1":
        return False
    if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
        return False
    origin = request.headers.get("Origin")
    return not origin or urlsplit(origin).netloc == request.host


def _log(message: str) -> None:
    try:
        from docassemble.base.logger import logmessage

        logmessage("parcours: " + message)
    except Exception:  # noqa: BLE001
        pass


def _ensure_table(db) -> None:
    global _table_ready
    if _table_ready:
        return
    from sqlalchemy import text

    # One web process creates it; the others wait on the lock, then find it there.
    db.session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:name))"), {"name": TABLE})
    db.session.execute(
        text(
            f"CREATE TABLE IF NOT EXISTS {TABLE} ("
            " id uuid PRIMARY KEY,"
            " owner integer NOT NULL,"
            " place text NOT NULL,"
            " round_date date NOT NULL,"
            " received_at timestamptz NOT NULL DEFAULT now(),"
            " content bytea NOT NULL)"
        )
    )
    # Added with the person's card (stacks made before keep their rows).
    db.session.execute(text(f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS code_index text"))
    db.session.execute(text(f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS opened_at timestamptz"))
    db.session.execute(text(f"CREATE INDEX IF NOT EXISTS {TABLE}_code ON {TABLE} (code_index)"))
    db.session.execute(
        text(
            f"CREATE TABLE IF NOT EXISTS {AUDIT} ("
            " id serial PRIMARY KEY,"
            " opened_at timestamptz NOT NULL DEFAULT now(),"
            " user_id integer NOT NULL,"
            " code_index text NOT NULL,"
            " records integer NOT NULL)"
        )
    )
    db.session.commit()
    _table_ready = True


def store_record(record: outreach.Record, owner: int) -> bool:
    """True when stored now, False when a record with this id was already there."""
    from docassemble.webapp.extensions import db
    from sqlalchemy import text

    _ensure_table(db)
    row = db.session.execute(
        text(
            f"INSERT INTO {TABLE} (id, owner, place, round_date, content, code_index) "
            "VALUES (:id, :owner, :place, :day, :content, :code) ON CONFLICT (id) DO NOTHING RETURNING id"
        ),
        {
            "id": record.id,
            "code": code_index(record.code, _secretkey()) if record.code else None,
            "owner": int(owner),
            "place": record.place,
            "day": record.round_date,
            "content": seal_content(record.content(), record.id, _secretkey()),
        },
    ).first()
    db.session.commit()
    return row is not None


NEEDS_ROUTE = "/parcours/outreach-needs"  # outside the phone page's folder: never in its worker's cache
NEEDS_ROLES = ("outreach_coordinator", "legal_team")


def stored_contents(waiting_only: bool = False) -> list[dict]:
    """Every stored record, decrypted (for the counts), or only those whose card code waits to be
    opened at the permanence (for the coordinators' follow-ups)."""
    from docassemble.webapp.extensions import db
    from sqlalchemy import text

    _ensure_table(db)
    key = _secretkey()
    where = " WHERE code_index IS NOT NULL AND opened_at IS NULL" if waiting_only else ""
    rows = db.session.execute(text(f"SELECT id::text, content FROM {TABLE}{where}")).all()
    db.session.commit()
    return [open_content(content, record_id, key) for record_id, content in rows]


def _too_many_tries(user_id: int) -> bool:
    from docassemble.parcours.retention import server_redis

    r = server_redis()
    name = f"parcours:outreach:open-tries:{int(user_id)}"
    tries = r.incr(name)
    if tries == 1:
        r.expire(name, 15 * 60)
    return tries > MAX_OPEN_TRIES


def open_card(typed, lang: str = "fr") -> dict:
    """The guide's start from a card code typed at the permanence: {'ok': True, 'start': ...}
    (outreach.guide_start) or {'ok': False, 'error': ...}, the error one of the
    ``outreach.open.*`` texts. Only a signed-in volunteer opens a card; each code's records open
    once (a later encounter with the same card opens again); the opening is audited."""
    from docassemble.webapp.extensions import db
    from sqlalchemy import text

    user, status = vault.user_with(OPEN_ROLES)
    if status:
        return {"ok": False, "error": "sign_in" if status == 401 else "not_allowed"}
    if _too_many_tries(user.id):
        return {"ok": False, "error": "too_many"}
    typed = str(typed or "")[:40]
    problem = outreach.code_problem(typed)
    if problem:
        return {"ok": False, "error": "mistyped" if problem == "code_mistyped" else "format"}
    _ensure_table(db)
    key, index = _secretkey(), code_index(typed, _secretkey())
    rows = db.session.execute(
        text(f"SELECT id::text, content, opened_at FROM {TABLE} WHERE code_index = :ix FOR UPDATE"), {"ix": index}
    ).all()
    waiting = [(rid, open_content(blob, rid, key)) for rid, blob, opened in rows if opened is None]
    if not waiting:
        db.session.commit()
        return {"ok": False, "error": "opened" if rows else "unknown"}
    start = outreach.guide_start([c for _, c in waiting], lang)
    for rid, content in waiting:
        db.session.execute(
            text(f"UPDATE {TABLE} SET opened_at = now(), content = :content WHERE id = :id"),
            {"id": rid, "content": seal_content(outreach.opened_content(content), rid, key)},
        )
    db.session.execute(
        text(f"INSERT INTO {AUDIT} (user_id, code_index, records) VALUES (:user, :ix, :n)"),
        {"user": int(user.id), "ix": index, "n": len(waiting)},
    )
    db.session.commit()
    _log(f"outreach card opened ({len(waiting)} records)")
    return {"ok": True, "start": start}


def retention_days() -> float:
    import os

    return float(os.environ.get("PARCOURS_RETENTION_OUTREACH_DAYS", "90"))


def purge_records(today=None) -> int:
    """Delete the records whose round is older than the outreach retention period; returns how many."""
    import datetime as dt

    from docassemble.webapp.extensions import db
    from sqlalchemy import text

    _ensure_table(db)
    limit = (today or dt.date.today()) - dt.timedelta(days=retention_days())
    count = db.session.execute(text(f"DELETE FROM {TABLE} WHERE round_date < :limit"), {"limit": limit}).rowcount
    db.session.commit()
    return int(count or 0)


def needs_page(tables: list[dict], lang: str, followups: list[dict] | None = None, counts=None) -> str:
    """The needs view, then the open follow-ups: the list for coordinators (*followups*), the
    counts only for the legal team (*counts*)."""
    from markupsafe import Markup, escape

    def ui(msgid: str, **values) -> str:
        return i18n.ui(msgid, lang, **values)

    parts = [
        Markup('<!doctype html><html lang="{}" dir="{}"><head><meta charset="utf-8">').format(
            lang, "rtl" if i18n.is_rtl(lang) else "ltr"
        ),
        Markup('<meta name="viewport" content="width=device-width, initial-scale=1"><title>{}</title>').format(
            ui("outreach.needs.title")
        ),
        Markup('<link rel="stylesheet" href="{}/app.css"></head><body><main class="wide">').format(ROUTE),
        Markup('<section class="screen"><h2>{}</h2><p class="muted">{}</p>').format(
            ui("outreach.needs.title"), ui("outreach.needs.protection")
        ),
        Markup('<p><a class="button" href="{}?lang={}&amp;format=csv">{}</a></p></section>').format(
            NEEDS_ROUTE, lang, ui("outreach.needs.csv")
        ),
    ]
    if not tables:
        parts.append(Markup('<section class="screen"><p>{}</p></section>').format(ui("outreach.needs.empty")))
    for table in tables:
        head = Markup("").join(Markup('<th scope="col">{}</th>').format(c) for c in table["columns"])
        body = Markup("").join(
            Markup("<tr>{}</tr>").format(Markup("").join(Markup("<td>{}</td>").format(v) for v in row))
            for row in table["rows"]
        )
        parts.append(
            Markup(
                '<section class="screen"><h3>{}</h3><div class="scroll"><table class="counts">'
                "<thead><tr>{}</tr></thead><tbody>{}</tbody></table></div></section>"
            ).format(table["title"], head, body)
        )
    parts.append(Markup('<section class="screen" id="followups"><h3>{}</h3>').format(ui("outreach.followups.title")))
    if counts is not None:
        rows = Markup("").join(Markup("<tr><th scope=\"row\">{}</th><td>{}</td></tr>").format(k, v) for k, v in counts)
        parts.append(Markup('<table class="counts">{}</table>').format(rows))
    elif not followups:
        parts.append(Markup("<p>{}</p>").format(ui("outreach.followups.empty")))
    else:
        columns = ("code", "place", "first", "age", "encounters", "flags")
        head = Markup("").join(Markup('<th scope="col">{}</th>').format(ui(f"outreach.followups.{c}")) for c in columns)
        body = Markup("").join(
            Markup(
                '<tr{}><th scope="row"><bdi>{}</bdi></th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>'
            ).format(
                Markup(' class="urgent"') if f["urgency"] else "",
                f["code"],
                f["place"],
                f["first"],
                ui("outreach.followups.days", days=f["age"], count=f["age"]),
                f["encounters"],
                ", ".join(f["flags"]) or "—",
            )
            for f in followups
        )
        parts.append(
            Markup(
                '<div class="scroll"><table class="counts"><thead><tr>{}</tr></thead><tbody>{}</tbody></table></div>'
            ).format(head, body)
        )
    parts.append(Markup("</section></main></body></html>"))
    return str(escape("").join(parts))


def install(app) -> None:
    """The page's files and the API (docassemble.parcours.webapp lists this hook)."""
    from docassemble.webapp.extensions import csrf
    from flask import redirect, request, send_file

    @app.route(ROUTE, methods=["GET"])
    def parcours_outreach_root():
        # The service worker's scope is the folder: the page must be under it.
        return redirect(ROUTE + "/", code=301)

    @app.route(ROUTE + "/", methods=["GET"], defaults={"name": ""})
    @app.route(ROUTE + "/<name>", methods=["GET"])
    def parcours_outreach_page(name):
        if name not in ASSETS:
            return _json({"error": "not_found"}, 404)
        filename, mimetype = ASSETS[name]
        response = send_file(str(STATIC / filename), mimetype=mimetype, max_age=0)
        # The worker checks for a new page at each visit; the page works from its cache offline.
        response.headers["Cache-Control"] = "no-cache"
        if name == "sw.js":
            response.headers["Service-Worker-Allowed"] = ROUTE + "/"
        return response

    @app.route(ROUTE + "/api/settings", methods=["GET"])
    def parcours_outreach_settings():
        # Signed out or without the privilege: the page's words only (to say so in the person's
        # language), not the association's places.
        _, refusal = _user(request)
        settings = outreach.form_settings(_lang(request))
        if refusal:
            settings = {k: settings[k] for k in ("lang", "dir", "texts", "languages", "limits")}
            settings.update(places=[], jurisdictions={}, flags=[], access=json.loads(refusal.get_data())["error"])
            return _json(settings, refusal.status_code)
        response = _json(dict(settings, access="ok"))
        response.headers["Cache-Control"] = "private, no-cache"  # kept by the worker for offline use
        return response

    @app.route(ROUTE + "/api/key", methods=["GET"])
    def parcours_outreach_key():
        user, refusal = _user(request)
        if refusal:
            return refusal
        if not _same_origin(request):
            return _refuse(request, 400, "bad_request")
        tag, key = phone_key(user.id, _secretkey())
        return _json({"user": tag, "key": base64.b64encode(key).decode()})

    @app.route(NEEDS_ROUTE, methods=["GET"])
    def parcours_outreach_needs():
        from flask import Response
        from flask_login import current_user

        lang = _lang(request)
        if not current_user.is_authenticated:
            return redirect("/user/sign-in?next=" + NEEDS_ROUTE)
        if not current_user.has_role(*NEEDS_ROLES):
            return Response(i18n.ui("outreach.needs.not_allowed", lang), 403, mimetype="text/plain")
        tables = outreach.needs_view(stored_contents(), lang)
        if request.args.get("format") == "csv":
            response = Response(outreach.needs_csv(tables), mimetype="text/csv")
            response.headers["Content-Disposition"] = "attachment; filename=parcours-outreach-needs.csv"
        else:
            items = outreach.follow_ups(stored_contents(waiting_only=True), lang)
            if current_user.has_role("outreach_coordinator"):
                page = needs_page(tables, lang, followups=items)
            else:  # the legal team: counts only
                page = needs_page(tables, lang, counts=outreach.follow_up_counts(items, lang))
            response = Response(page, mimetype="text/html")
        response.headers["Cache-Control"] = "no-store"
        return response

    @csrf.exempt
    @app.route(ROUTE + "/api/records", methods=["POST"])
    def parcours_outreach_records():
        user, refusal = _user(request)
        if refusal:
            return refusal
        if not _same_origin(request) or not (request.mimetype or "").endswith("json"):
            return _refuse(request, 400, "bad_request")
        lang = _lang(request)
        if (request.content_length or 0) > outreach.MAX_BODY:
            error = outreach.OutreachError("record", "too_large", max_kb=outreach.MAX_BODY // 1024)
            return _json(error.as_json(lang), 413)
        try:
            record = outreach.validate(outreach.parse_body(request.stream.read(outreach.MAX_BODY + 1)))
        except outreach.OutreachError as e:
            _log(f"outreach record refused: {e.field} {e.code}")  # never the value
            return _json(e.as_json(lang), 413 if e.code == "too_large" else 400)
        stored = store_record(record, user.id)
        message = i18n.ui("outreach.record.stored" if stored else "outreach.record.already", lang)
        return _json({"ok": True, "id": record.id, "stored": stored, "message": message}, 201 if stored else 200)
