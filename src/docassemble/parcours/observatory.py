"""The border observatory on the web server: capture on a phone, restricted reading, audit, referrals.

    GET       /parcours/observatory/                      the testimonies the user may read
    GET/POST  /parcours/observatory/new                   capture form (a phone in about five minutes)
    GET       /parcours/observatory/r/<id>                one testimony, with its consent history
    GET/POST  /parcours/observatory/r/<id>/edit           a new revision (the earlier ones are kept)
    GET       /parcours/observatory/a/<id>/<attachment>   an attached file (photo, medical certificate)
    GET       /parcours/observatory/export.csv            coordinators: anonymised CSV (consent enforced)
    GET/POST  /parcours/observatory/referral              coordinators: Défenseur des droits referral (PDF, DOCX)
    GET       /parcours/observatory/report                coordinators: monthly counts (?format=pdf|docx|csv|trace)
    GET/POST  /parcours/observatory/r/<id>/erase          erase a testimony: every revision and attachment

Plain server-made pages (forms posted with docassemble's CSRF token, no script: the strict CSP of
``headers`` holds), in French or English (``?lang=en``) for the association's volunteers, styled
by the outreach page's stylesheet. Privileges (``deploy.ROLES``): ``observer`` captures and reads
their own testimonies; ``observatory_coordinator`` reads all, exports and drafts referrals.

Storage (``vault``: AES-256-GCM, keys derived from ``secretkey``): every revision of a testimony
is a row of ``parcours_observatory_record`` (id, revision, owner, time, sealed content with the id
and revision as associated data); attachments are rows of ``parcours_observatory_attachment``
(sealed bytes, the record and attachment ids as associated data; kind, type and size sit in the
sealed record). ``parcours_observatory_audit`` gets one row per read, list, edit, export, file
read and referral: who (account number), when, which record, what action — never content.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid

from docassemble.parcours import vault
from parcours import i18n, observatory
from parcours.observatory import charts as chart
from parcours.observatory import referral, report

ROUTE = "/parcours/observatory"
OBSERVER = "observer"
COORDINATOR = "observatory_coordinator"
ROLES = (OBSERVER, COORDINATOR)
RECORDS = "parcours_observatory_record"
ATTACHMENTS = "parcours_observatory_attachment"
AUDIT = "parcours_observatory_audit"
SALT = b"parcours-observatory"
STYLE = "/parcours/outreach/app.css"  # one stylesheet for the association's phone pages
LANGS = ("fr", "en")
_ready = False


# ----------------------------------------------------------------------------- sealing (no docassemble)


def seal_record(record: observatory.Testimony, revision: int, secretkey: str) -> bytes:
    key = vault.derive(secretkey, SALT, "records/1")
    return vault.seal_json(record.content(), key, f"{record.id}/{revision}".encode())


def open_record(blob: bytes, record_id: str, revision: int, secretkey: str) -> observatory.Testimony:
    key = vault.derive(secretkey, SALT, "records/1")
    content = vault.open_json(blob, key, f"{record_id}/{revision}".encode())
    return observatory.Testimony.from_content(record_id, content)


def seal_file(data: bytes, record_id: str, attachment_id: str, secretkey: str) -> bytes:
    return vault.seal(data, vault.derive(secretkey, SALT, "attachments/1"), f"{record_id}/{attachment_id}".encode())


def open_file(blob: bytes, record_id: str, attachment_id: str, secretkey: str) -> bytes:
    return vault.unseal(blob, vault.derive(secretkey, SALT, "attachments/1"), f"{record_id}/{attachment_id}".encode())


# ----------------------------------------------------------------------------- database


def _db():
    from docassemble.webapp.extensions import db
    from sqlalchemy import text

    global _ready
    if not _ready:
        db.session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:name))"), {"name": RECORDS})
        db.session.execute(
            text(
                f"CREATE TABLE IF NOT EXISTS {RECORDS} ("
                " id uuid NOT NULL, revision integer NOT NULL, owner integer NOT NULL,"
                " saved_by integer NOT NULL, saved_at timestamptz NOT NULL DEFAULT now(),"
                " content bytea NOT NULL, PRIMARY KEY (id, revision))"
            )
        )
        db.session.execute(
            text(
                f"CREATE TABLE IF NOT EXISTS {ATTACHMENTS} ("
                " id uuid PRIMARY KEY, record_id uuid NOT NULL, owner integer NOT NULL,"
                " saved_at timestamptz NOT NULL DEFAULT now(), content bytea NOT NULL)"
            )
        )
        db.session.execute(
            text(
                f"CREATE TABLE IF NOT EXISTS {AUDIT} ("
                " n bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(),"
                " user_id integer NOT NULL, record_id uuid, action text NOT NULL)"
            )
        )
        db.session.commit()
        _ready = True
    return db, text


def audit(user_id: int, action: str, record_ids=(None,)) -> None:
    """One row per record touched: who, when (the database's clock), which record, what action."""
    db, text = _db()
    for record_id in record_ids:
        db.session.execute(
            text(f"INSERT INTO {AUDIT} (user_id, record_id, action) VALUES (:u, :r, :a)"),
            {"u": int(user_id), "r": record_id, "a": action},
        )
    db.session.commit()


def _latest(record_id: str | None = None) -> list[tuple[observatory.Testimony, int, int]]:
    """(testimony, owner, revision) of the latest revision of every record (or of one)."""
    db, text = _db()
    where = "WHERE id = :id" if record_id else ""
    rows = db.session.execute(
        text(
            f"SELECT DISTINCT ON (id) id::text, revision, owner, content FROM {RECORDS} {where} "
            "ORDER BY id, revision DESC"
        ),
        {"id": record_id} if record_id else {},
    ).all()
    db.session.commit()
    key = vault.secretkey()
    return [(open_record(content, rid, revision, key), owner, revision) for rid, revision, owner, content in rows]


def save(record: observatory.Testimony, owner: int, by: int, revision: int) -> None:
    db, text = _db()
    db.session.execute(
        text(
            f"INSERT INTO {RECORDS} (id, revision, owner, saved_by, content) VALUES (:id, :rev, :owner, :by, :content)"
        ),
        {
            "id": record.id,
            "rev": revision,
            "owner": int(owner),
            "by": int(by),
            "content": seal_record(record, revision, vault.secretkey()),
        },
    )
    db.session.commit()


def save_file(record_id: str, attachment_id: str, owner: int, data: bytes) -> None:
    db, text = _db()
    db.session.execute(
        text(f"INSERT INTO {ATTACHMENTS} (id, record_id, owner, content) VALUES (:id, :rid, :owner, :content)"),
        {
            "id": attachment_id,
            "rid": record_id,
            "owner": int(owner),
            "content": seal_file(data, record_id, attachment_id, vault.secretkey()),
        },
    )
    db.session.commit()


def load_file(record_id: str, attachment_id: str) -> bytes | None:
    db, text = _db()
    row = db.session.execute(
        text(f"SELECT content FROM {ATTACHMENTS} WHERE id = :id AND record_id = :rid"),
        {"id": attachment_id, "rid": record_id},
    ).first()
    db.session.commit()
    return open_file(row[0], record_id, attachment_id, vault.secretkey()) if row else None


SYSTEM = 0  # the audit log's account for the retention purge (no account has number 0)


def erase(record_id: str, by: int, action: str = "erase") -> int:
    """Delete every revision and every attachment of a testimony (rows deleted, not flagged), in one
    transaction with the audit row that keeps who erased it and when, never what. Returns the
    number of revisions deleted. Referrals and reports already made are not touched: they left."""
    db, text = _db()
    db.session.execute(text(f"DELETE FROM {ATTACHMENTS} WHERE record_id = :id"), {"id": record_id})
    count = db.session.execute(text(f"DELETE FROM {RECORDS} WHERE id = :id"), {"id": record_id}).rowcount
    db.session.execute(
        text(f"INSERT INTO {AUDIT} (user_id, record_id, action) VALUES (:u, :r, :a)"),
        {"u": int(by), "r": record_id, "a": action},
    )
    db.session.commit()
    return int(count or 0)


def retention_days() -> float:
    """PARCOURS_RETENTION_OBSERVATORY_DAYS, counted from the event's last day (default 1826: five
    years, for reports and referrals covering several years; see docs/security.md)."""
    import os

    try:
        return float(os.environ.get("PARCOURS_RETENTION_OBSERVATORY_DAYS", "1826"))
    except ValueError:
        return 1826.0


def purge_records(today: dt.date | None = None) -> int:
    """Erase the testimonies whose event ended more than retention_days() ago (the day itself at
    the limit is kept); run by the retention purge. Returns how many testimonies went."""
    db, text = _db()
    rows = db.session.execute(
        text(f"SELECT DISTINCT ON (id) id::text, revision, content FROM {RECORDS} ORDER BY id, revision DESC")
    ).all()
    db.session.commit()
    limit = (today or dt.date.today()) - dt.timedelta(days=retention_days())
    key, erased = vault.secretkey(), 0
    for record_id, revision, content in rows:
        try:
            record = open_record(content, record_id, revision, key)
        except Exception:  # noqa: BLE001 - unreadable (another key): kept for a person to look at
            continue
        if (record.end_date or record.date) < limit:
            erase(record_id, SYSTEM, "purge")
            erased += 1
    return erased


def readable(user) -> list[tuple[observatory.Testimony, int, int]]:
    """What *user* may read: a coordinator everything, an observer their own testimonies."""
    rows = _latest()
    if user.has_role(COORDINATOR):
        return rows
    return [row for row in rows if row[1] == user.id]


def _uuid(value: str) -> str | None:
    try:
        return str(uuid.UUID(value)) if len(value) == 36 else None
    except ValueError:
        return None


# ----------------------------------------------------------------------------- pages


def _lang(request) -> str:
    wanted = request.args.get("lang")
    return wanted if wanted in LANGS else "fr"


def _page(lang: str, title: str, body, status: int = 200):
    from flask import Response
    from markupsafe import Markup

    html = Markup(
        '<!doctype html><html lang="{lang}" dir="ltr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title>'
        '<link rel="stylesheet" href="{style}"></head><body>'
        '<header class="bar"><h1><a class="link" href="{route}/?lang={lang}">{app}</a></h1></header>'
        "<main>{body}</main></body></html>"
    ).format(lang=lang, title=title, style=STYLE, route=ROUTE, app=i18n.ui("observatory.title", lang), body=body)
    response = Response(str(html), status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response


def _refusal(request, status: int):
    from flask import redirect

    if status == 401:
        return redirect("/user/sign-in?next=" + request.path)
    lang = _lang(request)
    from markupsafe import Markup

    body = Markup('<section class="screen"><p class="notice bad">{}</p></section>').format(
        i18n.ui("observatory.not_allowed" if status == 403 else "observatory.not_found", lang)
    )
    return _page(lang, i18n.ui("observatory.title", lang), body, status)


def _csrf():
    from flask_wtf.csrf import generate_csrf
    from markupsafe import Markup

    return Markup('<input type="hidden" name="csrf_token" value="{}">').format(generate_csrf())


def _form_data(form) -> dict:
    """The posted fields the record knows (lists for the multiple choices; a field sent twice
    that is not one stays a list and is refused); the token, buttons and file kind are not kept."""
    out = {}
    for key in form.keys():
        if key in ("csrf_token", "attachment_kind", "save"):
            continue
        values = form.getlist(key)
        out[key] = values if key in observatory.MULTI or len(values) != 1 else values[0]
    return out


def capture_form(lang: str, values: dict, error: observatory.ObservatoryError | None, action: str, title: str):
    from markupsafe import Markup, escape

    def ui(msgid: str, **kw) -> str:
        return i18n.ui(msgid, lang, **kw)

    def label(name: str, required: bool = False) -> Markup:
        return Markup("<span>{}{}</span>").format(ui(f"observatory.field.{name}"), " *" if required else "")

    def value(name: str) -> str:
        v = values.get(name)
        return v if isinstance(v, str) else ""

    def text_input(name: str, kind: str = "text", required: bool = False, extra: str = "") -> Markup:
        return Markup('<label class="field">{}<input type="{}" name="{}" value="{}"{}{}></label>').format(
            label(name, required), kind, name, value(name), Markup(" required") if required else "", Markup(extra)
        )

    def area(name: str, rows: int, required: bool = False, hint: str = "") -> Markup:
        return Markup('<label class="field">{}{}<textarea name="{}" rows="{}">{}</textarea></label>').format(
            label(name, required),
            Markup('<small class="muted">{}</small>').format(hint) if hint else "",
            name,
            rows,
            value(name),
        )

    def select(name: str, options: list[tuple[str, str]], required: bool = False) -> Markup:
        chosen = value(name)
        opts = Markup('<option value="">{}</option>').format(ui("observatory.form.choose"))
        opts += Markup("").join(
            Markup('<option value="{}"{}>{}</option>').format(code, Markup(" selected") if code == chosen else "", text)
            for code, text in options
        )
        return Markup('<label class="field">{}<select name="{}">{}</select></label>').format(
            label(name, required), name, opts
        )

    def chips(name: str, section: str) -> Markup:
        chosen = values.get(name) if isinstance(values.get(name), list) else []
        boxes = Markup("").join(
            Markup('<label><input type="checkbox" name="{}" value="{}"{}> {}</label>').format(
                name, t.id, Markup(" checked") if t.id in chosen else "", t.label(lang)
            )
            for t in observatory.vocabulary()[section].values()
        )
        return Markup('<fieldset class="field"><legend>{} *</legend><div class="chips">{}</div></fieldset>').format(
            ui(f"observatory.field.{name}"), boxes
        )

    place_options = [(p.id, p.name) for p in observatory.places().values()]
    language_options = [(lg.code, lg.name) for lg in observatory.languages.languages()] + [
        (observatory.OTHER_LANGUAGE, ui("outreach.language.other"))
    ]
    consent_options = [(c, ui(f"observatory.consent.{c}")) for c in observatory.CONSENTS]
    yes_no = [("no", ui("observatory.form.no")), ("yes", ui("observatory.form.yes"))]
    kinds = [(k, ui(f"observatory.attachment.{k}")) for k in observatory.ATTACHMENT_KINDS]
    today = dt.date.today().isoformat()
    parts = [
        Markup('<section class="screen"><h2>{}</h2><p class="muted">{}</p>').format(
            title, ui("observatory.form.intro")
        ),
        Markup('<p class="notice bad" role="alert">{}</p>').format(error.message(lang)) if error else "",
        Markup('<form method="post" action="{}" enctype="multipart/form-data">{}').format(action, _csrf()),
        Markup('<input type="hidden" name="id" value="{}">').format(value("id")) if value("id") else "",
        Markup("<h3>{}</h3>").format(ui("observatory.form.when")),
        text_input("date", "date", True, f' max="{today}"'),
        text_input("time", "time"),
        text_input("end_date", "date", extra=f' max="{today}"'),
        text_input("end_time", "time"),
        select("place", place_options, True),
        Markup("<h3>{}</h3>").format(ui("observatory.form.who_what")),
        chips("authorities", "authorities"),
        chips("acts", "acts"),
        text_input("people", "number", True, f' min="1" max="{observatory.MAX_PEOPLE}" inputmode="numeric"'),
        Markup("<h3>{}</h3>").format(ui("observatory.form.witnesses")),
        text_input("witnesses", "number", extra=f' min="0" max="{observatory.MAX_WITNESSES}" inputmode="numeric"'),
        select("witness_named", yes_no),
        area("witness_names", 2),
        Markup("<h3>{}</h3>").format(ui("observatory.form.words")),
        select("testimony_language", language_options),
        area("testimony", 6),
        area("summary_fr", 4, True, ui("observatory.form.summary_help")),
        Markup("<h3>{}</h3>").format(ui("observatory.form.identity")),
        text_input("person_name"),
        area("person_address", 2),
        Markup("<h3>{}</h3><p class=\"muted\">{}</p>").format(
            ui("observatory.field.consent"), ui("observatory.form.consent_help")
        ),
        select("consent", consent_options, True),
        Markup("<h3>{}</h3>").format(ui("observatory.field.attachment")),
        Markup('<label class="field">{}<select name="attachment_kind">{}</select></label>').format(
            label("attachment_kind"),
            Markup("").join(Markup('<option value="{}">{}</option>').format(k, t) for k, t in kinds),
        ),
        Markup(
            '<label class="field">{}<input type="file" name="attachment" accept="image/jpeg,image/png,application/pdf">'
            "</label>"
        ).format(label("attachment")),
        Markup('<p><button type="submit" name="save" value="1" class="button primary big">{}</button></p>').format(
            ui("observatory.form.save")
        ),
        Markup("</form></section>"),
    ]
    return escape("").join(parts)


def record_view(lang: str, record: observatory.Testimony, may_edit: bool):
    from markupsafe import Markup, escape

    def ui(msgid: str, **kw) -> str:
        return i18n.ui(msgid, lang, **kw)

    none = ui("observatory.view.none")

    def row(name: str, shown) -> Markup:
        return Markup("<tr><th scope=\"row\">{}</th><td>{}</td></tr>").format(
            ui(f"observatory.field.{name}"), shown or none
        )

    language = next((lg.name for lg in observatory.languages.languages() if lg.code == record.testimony_language), "")
    if record.testimony_language == observatory.OTHER_LANGUAGE:
        language = ui("outreach.language.other")
    files = Markup("").join(
        Markup('<li><a href="{}/a/{}/{}">{} ({} Ko)</a></li>').format(
            ROUTE, record.id, a.id, ui(f"observatory.attachment.{a.kind}"), max(1, a.size // 1024)
        )
        for a in record.attachments
    )
    history = Markup("").join(
        Markup("<li>{}</li>").format(
            # <wbr> before the @: a long address breaks there on a phone instead of overflowing
            Markup(escape(ui("observatory.view.consent_entry", date=_day(c.date), scope="\0", by="\1")))
            .replace("\0", escape(ui(f"observatory.consent.{c.scope}")))
            .replace("\1", Markup("<wbr>@").join(escape(part) for part in c.by.split("@")))
        )
        for c in record.consents
    )
    rows = [
        row("date", observatory.when(record)),
        row("place", observatory.place_name(record.place)),
        row("authorities", ", ".join(observatory.label("authorities", a, lang) for a in record.authorities)),
        row("acts", ", ".join(observatory.label("acts", a, lang) for a in record.acts)),
        row("people", str(record.people)),
        row("witnesses", str(record.witnesses)),
        row("witness_names", record.witness_names),
        row("testimony_language", language),
        row("testimony", record.testimony),
        row("summary_fr", record.summary_fr),
        row("person_name", record.person_name),
        row("person_address", record.person_address),
        row("consent", ui(f"observatory.consent.{record.consent}")),
    ]
    parts = [
        Markup('<section class="screen"><h2>{}</h2>').format(
            ui("observatory.view.title", date=record.date.strftime("%d/%m/%Y"))
        ),
        Markup('<div class="scroll"><table class="counts"><tbody>{}</tbody></table></div>').format(
            Markup("").join(rows)
        ),
        Markup("<h3>{}</h3><ul>{}</ul>").format(ui("observatory.field.attachment"), files or none),
        Markup("<h3>{}</h3><ul>{}</ul>").format(ui("observatory.view.consent_history"), history),
        Markup(
            '<p><a class="button primary" href="{r}/r/{}/edit?lang={l}">{}</a> '
            '<a class="button" href="{r}/r/{}/erase?lang={l}">{}</a></p>'
        ).format(record.id, ui("observatory.view.edit"), record.id, ui("observatory.view.erase"), r=ROUTE, l=lang)
        if may_edit
        else "",
        Markup('<p><a class="link" href="{}/?lang={}">{}</a></p></section>').format(
            ROUTE, lang, ui("observatory.view.back")
        ),
    ]
    return escape("").join(parts)


def erase_page(lang: str, record: observatory.Testimony, bad: bool = False):
    """The confirmation before erasing: which testimony (its day and place, nothing more), what goes."""
    from markupsafe import Markup

    def ui(msgid: str, **kw) -> str:
        return i18n.ui(msgid, lang, **kw)

    return Markup(
        '<section class="screen"><h2>{}</h2>{}<p><strong>{} — {}</strong></p><p>{}</p><p>{}</p>'
        '<form method="post" action="{r}/r/{id}/erase?lang={l}">{}'
        '<p><button type="submit" name="confirm" value="yes" class="button primary">{}</button> '
        '<a class="link" href="{r}/r/{id}?lang={l}">{}</a></p></form></section>'
    ).format(
        ui("observatory.erase.title"),
        Markup('<p class="notice bad" role="alert">{}</p>').format(ui("observatory.erase.bad")) if bad else "",
        observatory.when(record, exact=False),
        observatory.place_name(record.place),
        ui("observatory.erase.intro"),
        ui("observatory.erase.referrals"),
        _csrf(),
        ui("observatory.erase.confirm"),
        ui("observatory.erase.cancel"),
        r=ROUTE,
        id=record.id,
        l=lang,
    )


def list_view(lang: str, rows, coordinator: bool, notice: str = ""):
    from markupsafe import Markup, escape

    def ui(msgid: str, **kw) -> str:
        return i18n.ui(msgid, lang, **kw)

    items = Markup("").join(
        Markup('<li><a href="{}/r/{}?lang={}">{} — {}</a><br><span class="muted">{} · {}</span></li>').format(
            ROUTE,
            r.id,
            lang,
            observatory.when(r, exact=False),
            observatory.place_name(r.place),
            ", ".join(observatory.label("acts", a, lang) for a in r.acts),
            ui(f"observatory.consent.{r.consent}"),
        )
        for r, _, _ in sorted(rows, key=lambda row: row[0].date, reverse=True)
    )
    tools = (
        Markup(
            '<p><a class="button" href="{r}/export.csv">{}</a> <a class="button" href="{r}/referral?lang={l}">{}</a>'
            ' <a class="button" href="{r}/report?lang={l}">{}</a></p>'
        ).format(
            ui("observatory.list.export"),
            ui("observatory.list.referral"),
            ui("observatory.list.report"),
            r=ROUTE,
            l=lang,
        )
        if coordinator
        else ""
    )
    return escape("").join(
        [
            Markup('<section class="screen">{}<h2>{}</h2>').format(
                Markup('<p class="notice" role="status">{}</p>').format(notice) if notice else "",
                ui("observatory.list.title"),
            ),
            Markup('<p><a class="button primary big" href="{}/new?lang={}">{}</a></p>{}').format(
                ROUTE, lang, ui("observatory.list.new"), tools
            ),
            Markup('<ul class="records">{}</ul>').format(items)
            if items
            else Markup('<p class="muted">{}</p>').format(ui("observatory.list.empty")),
            Markup("</section>"),
        ]
    )


def verify_notice(lang: str, chosen: str = "dd_deontologie"):
    """What a lawyer must check before a referral is sent: each body's legal basis marked to verify,
    in French with why (``reason_fr``); the chosen body's list open, the others folded (no script)."""
    from markupsafe import Markup

    def ui(msgid: str, **kw) -> str:
        return i18n.ui(msgid, lang, **kw)

    blocks = []
    for body_id in referral.body_ids():
        try:
            body, marks = referral.load_body(body_id), referral.verify_marks(body_id)
        except (OSError, ValueError, KeyError, TypeError):
            continue  # a body file being written: the lint says what is wrong with it
        if not marks:
            continue
        items = Markup("").join(
            Markup("<li>{}{}{}</li>").format(
                m.text,
                Markup("<br><small>{}</small>").format(ui("observatory.referral.why", reason=m.reason))
                if m.reason
                else "",
                Markup(
                    ' <small>(<a class="link" href="{}" rel="noreferrer noopener" target="_blank">{}</a>)</small>'
                ).format(m.source, ui("observatory.referral.source"))
                if m.source.startswith("https://")
                else "",
            )
            for m in marks
        )
        blocks.append(
            Markup("<details{}><summary>⚠ {}</summary><p>{}</p><ul>{}</ul></details>").format(
                Markup(" open") if body_id == chosen else "",
                body.title,
                ui("observatory.referral.to_verify_intro", title=body.title),
                items,
            )
        )
    if not blocks:
        return Markup("")
    return Markup('<section class="notice" role="note"><h3>{}</h3>{}</section>').format(
        ui("observatory.referral.to_verify"), Markup("").join(blocks)
    )


def referral_form(lang: str, rows, values: dict, error: observatory.ObservatoryError | None):
    from markupsafe import Markup, escape

    def ui(msgid: str, **kw) -> str:
        return i18n.ui(msgid, lang, **kw)

    chosen = values.get("records") if isinstance(values.get("records"), list) else []

    def value(name: str) -> str:
        v = values.get(name)
        return v if isinstance(v, str) else ""

    def box(r: observatory.Testimony) -> Markup:
        # What tells testimonies apart: the day, the place, the start of the French summary; an
        # internal one is shown (the coordination knows it exists) but cannot be ticked.
        summary = r.summary_fr if len(r.summary_fr) <= 90 else r.summary_fr[:90] + "…"
        return Markup(
            '<label><input type="checkbox" name="records" value="{}"{}{}> <span>{} — {}<br>'
            '<span class="muted">{} · {}</span></span></label>'
        ).format(
            r.id,
            Markup(" checked") if r.id in chosen else "",
            Markup(" disabled") if r.consent == "internal" else "",
            observatory.when(r, exact=False),
            observatory.place_name(r.place),
            summary,
            ui(f"observatory.consent.{r.consent}"),
        )

    boxes = Markup("").join(box(r) for r, _, _ in sorted(rows, key=lambda row: row[0].date))
    body = chosen_body(value("body"))
    needs = {e.path for e in referral.load_body(body).elements}
    source = referral.load_body(body).individual_party == "association"
    # The body is chosen first (a GET form, no script): the referral form then asks for what it requires.
    bodies = Markup("").join(
        Markup('<option value="{}"{}>{}</option>').format(
            b, Markup(" selected") if b == body else "", ui(f"observatory.referral.body.{b}")
        )
        for b in referral.body_ids()
    )
    choose = Markup(
        '<form method="get" action="{}/referral"><input type="hidden" name="lang" value="{}">'
        '<label class="field"><span>{}</span><select name="body">{}</select></label>'
        '<p><button type="submit" class="button">{}</button></p></form>'
    ).format(ROUTE, lang, ui("observatory.field.referral_body"), bodies, ui("observatory.referral.choose"))
    kind = value("kind") or "collective"
    kinds = Markup("").join(
        Markup('<label><input type="radio" name="kind" value="{}"{}> {}</label>').format(
            k, Markup(" checked") if k == kind else "", ui(f"observatory.referral.kind.{k}")
        )
        for k in referral.KINDS
    )

    def text_input(name: str) -> Markup:
        return Markup('<label class="field"><span>{}</span><input type="text" name="{}" value="{}"></label>').format(
            ui(f"observatory.field.{name}"), name, value(name)
        )

    def area(name: str) -> Markup:
        # A body may word a field its own way (the UN asks for the remedies sought in France).
        own = f"observatory.field.{name}.{body}"
        words = ui(own) if i18n.lookup("ui", own, lang) else ui(f"observatory.field.{name}")
        return Markup('<label class="field"><span>{}</span><textarea name="{}" rows="3">{}</textarea></label>').format(
            words, name, value(name)
        )

    return escape("").join(
        [
            Markup('<section class="screen"><h2>{}</h2><p class="muted">{}</p>').format(
                ui("observatory.referral.heading"), ui("observatory.referral.choose_body")
            ),
            Markup('<p class="notice bad" role="alert">{}</p>').format(error.message(lang)) if error else "",
            choose,
            Markup('<h3>{}</h3><p class="muted">{}</p>').format(
                ui(f"observatory.referral.body.{body}"),
                # who refers on the individual route: the person, or the association as the source (UN)
                ui("observatory.referral.intro_source" if source else "observatory.referral.intro"),
            ),
            Markup(
                '<form method="post" action="{}/referral?lang={}">{}<input type="hidden" name="body" value="{}">'
            ).format(ROUTE, lang, _csrf(), body),
            Markup('<fieldset class="field"><legend>{}</legend><div class="chips">{}</div></fieldset>').format(
                ui("observatory.field.records"), boxes
            ),
            Markup('<fieldset class="field"><legend>{}</legend><div class="chips">{}</div></fieldset>').format(
                ui("observatory.field.referral_kind"), kinds
            ),
            text_input("party_name"),
            area("party_address"),
            text_input("signatory"),
            text_input("place_signed"),
            area("earlier_steps"),
            *(
                (text_input(name) if name != "steps_answer" else area(name))
                for name, path in REFERRAL_DETAILS.items()
                if path in needs
            ),
            verify_notice(lang, body),
            Markup(
                '<p><button type="submit" name="format" value="pdf" class="button primary">{}</button> '
                '<button type="submit" name="format" value="docx" class="button">{}</button></p></form></section>'
            ).format(ui("observatory.referral.pdf"), ui("observatory.referral.docx")),
        ]
    )


def report_page(lang: str, rep: report.Report):
    from markupsafe import Markup, escape

    def ui(msgid: str, **kw) -> str:
        return i18n.ui(msgid, lang, **kw)

    def grid(title: str, rows, chart_svg) -> Markup:
        head = Markup("").join(Markup('<th scope="col">{}</th>').format(report.month_label(m)) for m in rep.months)
        head += Markup('<th scope="col">{}</th>').format(ui("observatory.report.total"))
        body = Markup("").join(
            Markup('<tr><th scope="row">{}</th>{}</tr>').format(
                text, Markup("").join(Markup("<td>{}</td>").format(c.shown(rep.k, lang)) for c in cells + [whole])
            )
            for text, cells, whole in rows
        )
        return Markup(
            '<h3>{}</h3>{}<div class="scroll"><table class="counts"><thead><tr><th></th>{}</tr></thead>'
            "<tbody>{}</tbody></table></div>"
        ).format(title, chart_svg, head, body)

    parts = [
        Markup('<section class="screen"><h2>{}</h2><p class="muted">{}</p>').format(
            ui("observatory.report.title"), ui("observatory.report.intro", k=rep.k, small=rep.k - 1)
        ),
        Markup(
            '<p><a class="button" href="{r}/report?format=pdf">{}</a> <a class="button" href="{r}/report?format=docx">{}</a>'
            ' <a class="button" href="{r}/report?format=csv">{}</a> <a class="link" href="{r}/report?format=trace">{}</a></p>'
        ).format(
            ui("observatory.report.pdf"),
            ui("observatory.report.docx"),
            ui("observatory.report.csv"),
            ui("observatory.report.trace"),
            r=ROUTE,
        ),
    ]
    if not rep.months:
        parts.append(Markup('<p class="muted">{}</p>').format(ui("observatory.report.empty")))
    else:
        charts = {s.dimension: chart.bar_chart_svg(s, rep.k, lang, fluid=True) for s in report.series(rep, lang)}
        parts.append(Markup('<p class="muted">{}</p>').format(ui("observatory.report.totals_note", k=rep.k)))
        testimonies = ui("observatory.report.testimonies")
        parts.append(grid(testimonies, [(testimonies, rep.testimonies, rep.testimonies_total)], charts["month"]))
        for t in rep.tables:
            rows = [(text, cells, whole) for (text, cells), whole in zip(t.rows, t.totals, strict=True)]
            parts.append(grid(t.title, rows, charts[t.dimension]))
    parts.append(Markup("</section>"))
    return escape("").join(parts)


# What a body may ask beyond the common fields: the form field and the referral's path it fills
# (shown only for a body whose YAML requires that path).
REFERRAL_DETAILS = {
    "steps_dates": "steps.dates",
    "steps_answer": "steps.answer",
    "deprivation_place": "deprivation.place",
}
REFERRAL_KEYS = {"csrf_token", "records", "kind", "party_name", "party_address", "signatory", "place_signed"}
REFERRAL_KEYS |= {"earlier_steps", "format", "body", *REFERRAL_DETAILS}


def chosen_body(value) -> str:
    """The body asked for when it is one of templates/referrals/, else the first one (never echoed)."""
    return value if isinstance(value, str) and value in referral.body_ids() else referral.DEFAULT_BODY


def make_referral(form, rows) -> tuple[bytes, str, list[str], str]:
    """(file, mimetype, record ids, file name without extension) of the referral a coordinator asked
    for, or ObservatoryError."""
    for key in form.keys():
        if key not in REFERRAL_KEYS or (key != "records" and len(form.getlist(key)) != 1):
            raise observatory.ObservatoryError("referral", "bad_format")
    by_id = {r.id: r for r, _, _ in rows}
    wanted = form.getlist("records")
    if len(wanted) > referral.MAX_RECORDS:
        raise observatory.ObservatoryError("records", "too_many", max=referral.MAX_RECORDS)
    if any(w not in by_id for w in wanted):
        raise observatory.ObservatoryError("records", "not_offered")
    records = [by_id[w] for w in dict.fromkeys(wanted)]
    body = form.get("body") or referral.DEFAULT_BODY
    if body not in referral.body_ids():
        raise observatory.ObservatoryError("referral_body", "not_offered")
    limits = {"party_name": 200, "party_address": 400, "signatory": 200, "place_signed": 100, "earlier_steps": 3000}
    limits |= {"steps_dates": 300, "steps_answer": 1000, "deprivation_place": 200}
    fields = {k: observatory._text(form.get(k), k, n) for k, n in limits.items()}
    fmt = form.get("format") or "pdf"
    if fmt not in ("pdf", "docx"):
        raise observatory.ObservatoryError("referral", "bad_format")
    context = referral.draft(
        body,
        records,
        form.get("kind") or "",
        party={"name": fields["party_name"], "address": fields["party_address"]},
        signatory=fields["signatory"],
        place_signed=fields["place_signed"],
        earlier_steps=fields["earlier_steps"],
        **{name: fields[name] for name in REFERRAL_DETAILS},
    )
    docx = referral.render_docx(context)
    ids, name = [r.id for r in records], referral.load_body(body).file_name
    if fmt == "docx":
        return docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ids, name
    from parcours.documents import to_pdf

    return to_pdf([docx])[0], "application/pdf", ids, name


def _download(data, mimetype: str, filename: str):
    """A file for the coordination or the observer: saved, never cached, never sniffed as another type."""
    from flask import Response

    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f"attachment; filename={filename}"
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def install(app) -> None:
    from flask import Response, redirect, request

    def ui(msgid: str, **kw) -> str:
        return i18n.ui(msgid, _lang(request), **kw)

    @app.route(ROUTE, methods=["GET"])
    def parcours_observatory_root():
        return redirect(ROUTE + "/", code=301)

    @app.route(ROUTE + "/", methods=["GET"])
    def parcours_observatory_list():
        user, status = vault.user_with(ROLES)
        if status:
            return _refusal(request, status)
        rows = readable(user)
        if rows:
            audit(user.id, "list", [r.id for r, _, _ in rows])
        notice = ui("observatory.saved") if request.args.get("saved") == "1" else ""
        notice = ui("observatory.erased") if request.args.get("erased") == "1" else notice
        lang = _lang(request)
        return _page(lang, ui("observatory.list.title"), list_view(lang, rows, user.has_role(COORDINATOR), notice))

    def _capture(user, previous=None, owner=None, revision=0):
        lang = _lang(request)
        if previous is None:
            action, title = f"{ROUTE}/new?lang={lang}", ui("observatory.form.title")
        else:
            action, title = f"{ROUTE}/r/{previous.id}/edit?lang={lang}", ui("observatory.form.edit")
        if request.method == "GET":
            values = {"id": str(uuid.uuid4()), "consent": "internal"} if previous is None else _as_values(previous)
            return _page(lang, title, capture_form(lang, values, None, action, title))
        values = _form_data(request.form)
        try:
            record = observatory.validate(values, by=user.email, previous=previous)
            upload = request.files.get("attachment")
            data = upload.read(observatory.MAX_ATTACHMENT + 1) if upload and upload.filename else b""
            attachment = None
            if data:
                attachment = observatory.check_attachment(data, request.form.get("attachment_kind") or "")
                record = record.with_attachment(attachment)
            if previous is None:
                existing = _latest(record.id)
                if existing and existing[0][1] == user.id:  # the same form sent twice: stored once
                    return redirect(f"{ROUTE}/r/{record.id}?lang={lang}&saved=1", code=303)
                if existing:
                    raise observatory.ObservatoryError("record", "bad_format")
        except observatory.ObservatoryError as error:
            return _page(lang, title, capture_form(lang, values, error, action, title), 400)
        if attachment:
            save_file(record.id, attachment.id, owner if owner is not None else user.id, data)
        save(record, owner if owner is not None else user.id, user.id, revision + 1)
        audit(user.id, "create" if previous is None else "edit", [record.id])
        return redirect(f"{ROUTE}/r/{record.id}?lang={lang}&saved=1", code=303)

    @app.route(ROUTE + "/new", methods=["GET", "POST"])
    def parcours_observatory_new():
        user, status = vault.user_with(ROLES)
        if status:
            return _refusal(request, status)
        return _capture(user)

    def _mine(user, record_id: str):
        rid = _uuid(record_id)
        rows = _latest(rid) if rid else []
        if not rows or not (user.has_role(COORDINATOR) or rows[0][1] == user.id):
            return None
        return rows[0]

    @app.route(ROUTE + "/r/<record_id>", methods=["GET"])
    def parcours_observatory_record(record_id):
        user, status = vault.user_with(ROLES)
        if status:
            return _refusal(request, status)
        row = _mine(user, record_id)
        if row is None:
            return _refusal(request, 404)
        audit(user.id, "read", [row[0].id])
        lang = _lang(request)
        body = record_view(lang, row[0], True)
        if request.args.get("saved") == "1":
            from markupsafe import Markup

            body = Markup('<p class="notice" role="status">{}</p>').format(ui("observatory.saved")) + body
        return _page(lang, ui("observatory.view.title", date=row[0].date.strftime("%d/%m/%Y")), body)

    @app.route(ROUTE + "/r/<record_id>/edit", methods=["GET", "POST"])
    def parcours_observatory_edit(record_id):
        user, status = vault.user_with(ROLES)
        if status:
            return _refusal(request, status)
        row = _mine(user, record_id)
        if row is None:
            return _refusal(request, 404)
        if request.method == "GET":
            audit(user.id, "read", [row[0].id])
        return _capture(user, row[0], row[1], row[2])

    @app.route(ROUTE + "/r/<record_id>/erase", methods=["GET", "POST"])
    def parcours_observatory_erase(record_id):
        user, status = vault.user_with(ROLES)
        if status:
            return _refusal(request, status)
        rid = _uuid(record_id)
        if rid is None:
            return _refusal(request, 404)
        rows = _latest(rid)
        if not user.has_role(COORDINATOR) and (not rows or rows[0][1] != user.id):
            return _refusal(request, 403)  # an observer erases their own testimonies only
        if not rows:
            return _refusal(request, 404)
        lang, record = _lang(request), rows[0][0]
        if request.method == "GET":
            audit(user.id, "read", [record.id])
            return _page(lang, ui("observatory.erase.title"), erase_page(lang, record))
        # Only what the button sends: the form's token and confirm=yes (nothing posted is shown back).
        if set(request.form.keys()) != {"csrf_token", "confirm"} or request.form.getlist("confirm") != ["yes"]:
            return _page(lang, ui("observatory.erase.title"), erase_page(lang, record, bad=True), 400)
        erase(record.id, user.id)
        return redirect(f"{ROUTE}/?lang={lang}&erased=1", code=303)

    @app.route(ROUTE + "/a/<record_id>/<attachment_id>", methods=["GET"])
    def parcours_observatory_file(record_id, attachment_id):
        user, status = vault.user_with(ROLES)
        if status:
            return _refusal(request, status)
        row = _mine(user, record_id)
        wanted = _uuid(attachment_id)
        meta = next((a for a in row[0].attachments if a.id == wanted), None) if row else None
        data = load_file(row[0].id, meta.id) if meta else None
        if data is None:
            return _refusal(request, 404)
        audit(user.id, "file_read", [row[0].id])
        extension = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}[meta.type]
        return _download(data, meta.type, f"piece-{meta.kind}.{extension}")

    @app.route(ROUTE + "/export.csv", methods=["GET"])
    def parcours_observatory_export():
        user, status = vault.user_with((COORDINATOR,))
        if status:
            return _refusal(request, status)
        text, ids = observatory.export_csv([r for r, _, _ in readable(user)])
        audit(user.id, "export", ids or [None])
        return _download(text, "text/csv", "observatoire-anonymise.csv")

    @app.route(ROUTE + "/report", methods=["GET"])
    def parcours_observatory_report():
        user, status = vault.user_with((COORDINATOR,))
        if status:
            return _refusal(request, status)
        lang = _lang(request)
        fmt = request.args.get("format") or "html"
        if fmt not in ("html", "csv", "docx", "pdf", "trace"):
            return _refusal(request, 404)
        rep = report.monthly_report([r for r, _, _ in readable(user)], lang=lang if fmt == "html" else "fr")
        counted = [rid for cell in rep.testimonies for rid in cell.ids]
        audit(user.id, "report" if fmt != "trace" else "report_trace", counted or [None])
        if fmt == "html":
            return _page(lang, ui("observatory.report.title"), report_page(lang, rep))
        stamp = dt.date.today().isoformat()
        if fmt in ("docx", "pdf"):
            data = report.report_docx(rep, i18n.ui("observatory.report.title", "fr"))
            mimetype, name = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"
            if fmt == "pdf":  # the same DOCX, charts included, through the stack's converter
                from parcours.documents import to_pdf

                data, mimetype, name = to_pdf([data])[0], "application/pdf", "pdf"
        else:
            data = report.report_csv(rep) if fmt == "csv" else report.trace_csv(rep)
            mimetype, name = "text/csv", "csv"
        kind = "tracabilite" if fmt == "trace" else "rapport"
        return _download(data, mimetype, f"observatoire-{kind}-{stamp}.{name}")

    @app.route(ROUTE + "/referral", methods=["GET", "POST"])
    def parcours_observatory_referral():
        user, status = vault.user_with((COORDINATOR,))
        if status:
            return _refusal(request, status)
        lang = _lang(request)
        rows = readable(user)
        title = ui("observatory.referral.heading")
        if request.method == "GET":
            if rows:
                audit(user.id, "list", [r.id for r, _, _ in rows])
            return _page(lang, title, referral_form(lang, rows, {"body": request.args.get("body")}, None))
        try:
            data, mimetype, ids, name = make_referral(request.form, rows)
        except observatory.ObservatoryError as error:
            # what was typed is shown again, except a value over any field's limit (never echoed)
            values = {k: request.form.get(k) for k in REFERRAL_KEYS if k != "records"}
            values = {k: v for k, v in values.items() if isinstance(v, str) and len(v) <= 3000}
            values["records"] = request.form.getlist("records")
            return _page(lang, title, referral_form(lang, rows, values, error), 400)
        audit(user.id, "referral", ids)
        extension = "pdf" if mimetype == "application/pdf" else "docx"
        return _download(data, mimetype, f"{name}-{dt.date.today().isoformat()}.{extension}")


def _as_values(record: observatory.Testimony) -> dict:
    """The form's values for an edit (what validate() reads back)."""
    c = record.content()
    out = {k: ("" if c.get(k) is None else str(c[k])) for k in observatory.FORM_KEYS if k in c}
    out["authorities"] = list(record.authorities)
    out["acts"] = list(record.acts)
    out["witness_named"] = "yes" if record.witness_named else "no"
    out["consent"] = record.consent
    out.pop("id", None)
    return out


def _day(iso: str) -> str:
    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")
