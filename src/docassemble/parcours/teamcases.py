"""The association's cases, still encrypted: the coordinator's view, reassignment, take-over, audit.

docassemble encrypts a signed-in volunteer's guide session with a key derived from their password,
so no one else can read it. The team view is therefore a case index of its own:

- ``parcours_case``: one row per case. In clear: a random id; ``holder``, a keyed hash of the guide
  session that holds the case now (never the session id) and ``retired``, the hashes of sessions
  that held it before (they no longer write to the row, nor make a new one); the account numbers of
  the volunteer who started it (``owner_id``) and of the one in charge now (``assigned_id``);
  created/updated times. Sealed: ``content``, the case snapshot (CaseFile JSON, the chosen
  procedures) under the case's own random 32-byte data key (AES-256-GCM, the row id as associated
  data); ``wrapped_key``, that data key sealed under the association key of version
  ``key_version`` (the row id and version as associated data).
- ``parcours_case_audit``: one row per opening, assignment, take-over and list of a case by someone
  other than its volunteer in charge, and by a coordinator: when, which case, who, what — never content.
- The association key is a keyring file (``case-keys.json``, mode 600; PARCOURS_CASE_KEYRING or the
  ``parcours case keyring`` config key, else beside the data folder's ``files``), never in the
  database. Rotation adds a key version, re-wraps every row's data key, then drops the old version:

      python -m docassemble.parcours.teamcases rotate [CONFIG]

Procedures, statuses and deadlines are never stored: the views run the engine on the snapshot.
The sealing functions import nothing from docassemble (the unit tests call them directly).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
import sys
import uuid
from pathlib import Path

from docassemble.parcours import vault
from parcours.i18n import ui as T  # the screens' texts by id, as the guide's T

TABLE = "parcours_case"
AUDIT = "parcours_case_audit"
SALT = b"parcours-cases"
GUIDE = "docassemble.parcours:data/questions/guide.yml"
COORDINATOR = "coordinator"
IN_CHARGE = ("volunteer", COORDINATOR)  # who may be put in charge of a case, and whose sessions are indexed
__all__ = [  # what the interviews see (modules: imports every public name otherwise)
    "sync_case",
    "is_coordinator",
    "team_cases",
    "team_case",
    "assign",
    "assign_all",
    "cases_of",
    "label_of",
    "assign_refusal",
    "assigned_to_me",
    "take_over",
    "openings_of_my_cases",
    "team_table",
    "volunteer_filter",
    "volunteers",
    "bullet_list",
    "T",
]
SHOWN_TO_HOLDER = ("opened", "assigned", "taken_over")  # what the volunteer in charge sees of the log
_ready = False


# ----------------------------------------------------------------------------- keyring (no docassemble)


class Keyring:
    """Numbered association keys; the newest wraps, any present one unwraps."""

    def __init__(self, versions: dict[int, bytes]):
        self.versions = dict(versions)

    @property
    def current(self) -> int:
        return max(self.versions)

    def key(self, version: int) -> bytes:
        if version not in self.versions:
            raise KeyError("this case was wrapped with a key that is no longer in the keyring")
        return self.versions[version]

    def with_new_version(self) -> Keyring:
        return Keyring({**self.versions, (self.current + 1 if self.versions else 1): secrets.token_bytes(32)})

    def only(self, version: int) -> Keyring:
        return Keyring({version: self.key(version)})

    def to_json(self) -> str:
        return json.dumps(
            {"versions": {str(v): base64.b64encode(k).decode() for v, k in sorted(self.versions.items())}}, indent=1
        )

    @classmethod
    def from_json(cls, text: str) -> Keyring:
        data = json.loads(text)
        versions = {int(v): base64.b64decode(k) for v, k in data["versions"].items()}
        if not versions or any(len(k) != 32 for k in versions.values()):
            raise ValueError("the case keyring holds no usable key")
        return cls(versions)


def load_keyring(path: Path, create: bool = True) -> Keyring:
    """The keyring at *path*, made (mode 600) with a first key on first use. Two server processes
    starting at once make one keyring, never two (the second link fails and reads the first's)."""
    path = Path(path)
    if not path.exists():
        if not create:
            raise FileNotFoundError(f"no case keyring at {path}")
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.{secrets.token_hex(4)}.new")
        _write_private(tmp, Keyring({}).with_new_version().to_json())
        try:
            os.link(tmp, path)  # atomic, and refused when the keyring exists
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return Keyring.from_json(path.read_text())


def _write_private(path: Path, text: str, owner: tuple[int, int] | None = None) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.chmod(path, 0o600)
    if owner and os.geteuid() == 0:
        os.chown(path, *owner)


def save_keyring(path: Path, ring: Keyring) -> None:
    """Written whole, then renamed over the old one (a crash leaves one keyring or the other), kept
    by the owner of the old one (the rotation command runs as root, the server as its service user)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    owner = (path.stat().st_uid, path.stat().st_gid) if path.exists() else None
    tmp = path.with_name(path.name + ".tmp")
    _write_private(tmp, ring.to_json(), owner)
    os.replace(tmp, path)


def wrap(data_key: bytes, rid: str, ring: Keyring) -> tuple[int, bytes]:
    version = ring.current
    return version, vault.seal(data_key, ring.key(version), f"{rid}/key/{version}".encode())


def unwrap(version: int, wrapped: bytes, rid: str, ring: Keyring) -> bytes:
    return vault.unseal(wrapped, ring.key(int(version)), f"{rid}/key/{int(version)}".encode())


def seal_snapshot(snapshot: dict, rid: str, data_key: bytes) -> bytes:
    return vault.seal_json(snapshot, data_key, rid.encode())


def open_snapshot(blob: bytes, rid: str, data_key: bytes) -> dict:
    return vault.open_json(blob, data_key, rid.encode())


def holder_index(filename: str, session: str, secretkey: str) -> str:
    key = vault.derive(secretkey, SALT, "holder/1")
    return hmac.new(key, f"{filename}|{session}".encode(), hashlib.sha256).hexdigest()


def digest(snapshot: dict) -> str:
    """What the session keeps to know the row is up to date (so that most screens write nothing)."""
    return hashlib.sha256(json.dumps(snapshot, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def rewrap_all(rows, old: Keyring, new: Keyring) -> list[tuple[str, int, bytes]]:
    """(id, version, wrapped) of every row's data key wrapped under *new*'s current key. The
    content is untouched: its data key does not change."""
    return [(rid, *wrap(unwrap(version, wrapped, rid, old), rid, new)) for rid, version, wrapped in rows]


# ----------------------------------------------------------------------------- server: where things are


def keyring_path() -> Path:
    configured = os.environ.get("PARCOURS_CASE_KEYRING", "").strip()
    if not configured:
        from docassemble.base.config import daconfig

        configured = str(daconfig.get("parcours case keyring") or "")
        if not configured:  # beside secrets.json in a parcours data folder (uploads = <data>/files)
            configured = str(
                Path(str(daconfig.get("uploads") or "/usr/share/docassemble/files")).parent / "case-keys.json"
            )
    return Path(configured)


_ring: tuple[float, Keyring] | None = None


def keyring() -> Keyring:
    """The keyring, read again when the file changed (a rotation by the command)."""
    global _ring
    path = keyring_path()
    try:
        mtime = path.stat().st_mtime
    except FileNotFoundError:
        mtime = None
    if _ring is None or mtime is None or _ring[0] != mtime:
        ring = load_keyring(path)
        _ring = (path.stat().st_mtime, ring)
    return _ring[1]


def _log(message: str) -> None:
    try:
        from docassemble.base.logger import logmessage

        logmessage("parcours: " + message)
    except Exception:  # noqa: BLE001
        pass


def _create(execute) -> None:
    execute(
        f"CREATE TABLE IF NOT EXISTS {TABLE} ("
        " id uuid PRIMARY KEY,"
        " holder text NOT NULL UNIQUE,"
        " retired text[] NOT NULL DEFAULT '{}',"
        " owner_id integer NOT NULL,"
        " assigned_id integer NOT NULL,"
        " created_at timestamptz NOT NULL DEFAULT now(),"
        " updated_at timestamptz NOT NULL DEFAULT now(),"
        " key_version integer NOT NULL,"
        " wrapped_key bytea NOT NULL,"
        " content bytea NOT NULL)"
    )
    execute(f"CREATE INDEX IF NOT EXISTS {TABLE}_assigned ON {TABLE} (assigned_id)")
    execute(f"CREATE INDEX IF NOT EXISTS {TABLE}_retired ON {TABLE} USING gin (retired)")
    execute(
        f"CREATE TABLE IF NOT EXISTS {AUDIT} ("
        " n bigserial PRIMARY KEY,"
        " at timestamptz NOT NULL DEFAULT now(),"
        " case_id uuid NOT NULL,"
        " user_id integer NOT NULL,"
        " action text NOT NULL)"
    )
    execute(f"CREATE INDEX IF NOT EXISTS {AUDIT}_case ON {AUDIT} (case_id)")


def _db():
    from docassemble.webapp.extensions import db
    from sqlalchemy import text

    global _ready
    if not _ready:
        db.session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:name))"), {"name": TABLE})
        _create(lambda s: db.session.execute(text(s)))
        db.session.commit()
        _ready = True
    return db


def _sql(statement: str, **values):
    from sqlalchemy import text

    db = _db()
    return db, db.session.execute(text(statement), values)


def audit(case_id: str, user_id: int, action: str) -> None:
    db, _ = _sql(f"INSERT INTO {AUDIT} (case_id, user_id, action) VALUES (:c, :u, :a)", c=case_id, u=user_id, a=action)
    db.session.commit()


def _uuid(value) -> str | None:
    """A case id as a link gives it, or None (anything else: forged, HTML, huge)."""
    text = str(value or "")
    if len(text) > 40:
        return None
    try:
        return str(uuid.UUID(text))
    except ValueError:
        return None


# ----------------------------------------------------------------------------- who is who


def _me():
    from docassemble.base.util import user_has_privilege, user_info, user_logged_in

    if not user_logged_in():
        return None, False
    return int(user_info().id), bool(user_has_privilege([COORDINATOR]))


def is_coordinator() -> bool:
    return _me()[1]


def accounts() -> dict[int, dict]:
    """Every account that may hold a case: id -> name, e-mail, active, may be put in charge."""
    from docassemble.webapp.database import dbtableprefix as p

    _, result = _sql(
        f'SELECT u.id, u.first_name, u.last_name, u.email, u.active, '
        f"bool_or(r.name = ANY(:roles)) FROM \"{p}user\" u "
        f"LEFT JOIN {p}user_roles ur ON ur.user_id = u.id LEFT JOIN {p}role r ON r.id = ur.role_id "
        "GROUP BY u.id",
        roles=list(IN_CHARGE),
    )
    out = {}
    for uid, first, last, email, active, eligible in result.all():
        name = " ".join(x for x in (first, last) if x) or str(email or "")
        out[int(uid)] = {"name": name, "email": str(email or ""), "active": bool(active), "eligible": bool(eligible)}
    return out


def person_label(uid: int, people: dict, lang: str) -> str:
    from parcours import i18n

    # In right-to-left text a Latin name or address is isolated (FSI...PDI), or its dots, hyphens and
    # brackets are laid out right to left around it.
    iso = (lambda t: f"\u2068{t}\u2069") if i18n.is_rtl(lang) else (lambda t: t)  # noqa: E731
    who = people.get(int(uid))
    if who is None or not who["active"]:
        return i18n.ui("teamcases.departed", lang) + (f" ({iso(who['name'])})" if who else "")
    if who["name"] == who["email"]:
        return iso(who["name"])
    return f"{iso(who['name'])} ({iso(who['email'])})"


def volunteers(lang: str) -> list[dict]:
    """The active accounts a case can be assigned to, as choices (label by name, never a number shown)."""
    people = accounts()
    return [
        {str(uid): person_label(uid, people, lang)}
        for uid, who in sorted(people.items(), key=lambda kv: kv[1]["name"].lower())
        if who["active"] and who["eligible"]
    ]


# ----------------------------------------------------------------------------- the guide's sync


def _snapshot(jurisdiction, answers, people, procedures, label, note, skipped=()) -> dict:
    """The case file, the chosen procedures and the questions answered "I don't know" (so that
    whoever takes the case over is not asked them again)."""
    from .cases import _case_file

    d = {
        "jurisdiction": jurisdiction,
        "answers": answers,
        "people": people,
        "case_label": label,
        "volunteer_note": note,
    }
    return {"case": _case_file(d, "").to_dict(), "procedures": list(procedures), "skipped": [str(x) for x in skipped]}


def sync_case() -> bool:
    """Index this guide session's case (sealed) for the association, when a volunteer or a
    coordinator is signed in and the case changed since the last pass; True when a row was written.
    The guide calls it on each pass (not at the kiosk): most passes compare a digest and stop."""
    from docassemble.base.util import current_context, define, defined, user_has_privilege, user_info, user_logged_in
    from docassemble.base.util import value as value_of

    from .guide import selected

    if not user_logged_in() or not user_has_privilege(list(IN_CHARGE)):
        return False  # anonymous (public guide, kiosk) sessions are never indexed
    jurisdiction = value_of("jurisdiction") if defined("jurisdiction") else None
    if jurisdiction not in ("fr", "be"):
        return False

    def var(name, default):
        return value_of(name) if defined(name) else default

    try:
        snapshot = _snapshot(
            jurisdiction,
            dict(var("answers", {})),
            dict(var("people", {})),
            selected(var("chosen_procedures", {})),
            var("case_label", "") or "",
            var("volunteer_note", "") or "",
            list(var("skipped", [])),
        )
    except Exception:  # noqa: BLE001 - a half-made case the case format refuses: indexed on a later pass
        return False
    seen = digest(snapshot)
    if var("case_digest", None) == seen:
        return False
    context = current_context()
    written = write_snapshot(
        holder_index(context.filename, context.session, vault.secretkey()), snapshot, int(user_info().id)
    )
    define("case_digest", seen)
    return written


def write_snapshot(holder: str, snapshot: dict, user_id: int) -> bool:
    db, result = _sql(f"SELECT id::text, key_version, wrapped_key FROM {TABLE} WHERE holder = :h FOR UPDATE", h=holder)
    row = result.first()
    ring = keyring()
    if row is None:
        _, retired = _sql(f"SELECT 1 FROM {TABLE} WHERE retired @> ARRAY[:h]::text[]", h=holder)
        if retired.first():  # a session whose case was taken over: it writes nowhere
            db.session.commit()
            return False
        rid, data_key = str(uuid.uuid4()), secrets.token_bytes(32)
        version, wrapped = wrap(data_key, rid, ring)
        _sql(
            f"INSERT INTO {TABLE} (id, holder, owner_id, assigned_id, key_version, wrapped_key, content) "
            "VALUES (:id, :h, :u, :u, :v, :w, :c)",
            id=rid, h=holder, u=user_id, v=version, w=wrapped, c=seal_snapshot(snapshot, rid, data_key),
        )  # fmt: skip
    else:
        rid, version, wrapped = row
        data_key = unwrap(version, bytes(wrapped), rid, ring)
        _sql(
            f"UPDATE {TABLE} SET content = :c, updated_at = now() WHERE id = :id",
            id=rid,
            c=seal_snapshot(snapshot, rid, data_key),
        )
    db.session.commit()
    return True


def _open_row(rid: str, version, wrapped, content) -> dict:
    data_key = unwrap(version, bytes(wrapped), rid, keyring())
    return open_snapshot(bytes(content), rid, data_key)


def forget_case(key: str, filename: str) -> int:
    """Erase the association's copy of a case (its session is being erased)."""
    db, result = _sql(f"DELETE FROM {TABLE} WHERE holder = :h", h=holder_index(filename, key, vault.secretkey()))
    db.session.commit()
    return int(result.rowcount or 0)


def sweep(sessions) -> int:
    """Erase the rows whose holder session no longer exists (the idle purge removed it)."""
    secretkey = vault.secretkey()
    live = {holder_index(filename or "", key, secretkey) for key, filename in sessions}
    db, result = _sql(f"SELECT id::text, holder FROM {TABLE}")
    gone = [rid for rid, holder in result.all() if holder not in live]
    if gone:
        _sql(f"DELETE FROM {TABLE} WHERE id::text = ANY(:ids)", ids=gone)
    db.session.commit()
    return len(gone)


# ----------------------------------------------------------------------------- views


def _row_view(rid, snapshot, assigned_id, updated, people, lang, today) -> dict:
    from parcours import CaseFile, evaluate, i18n
    from parcours.documents.wording import local_date

    from .cases import _next_deadline, _stopped, _text

    case = CaseFile.from_dict(snapshot["case"])
    try:
        evaluation = evaluate(case, today, procedures=snapshot.get("procedures") or None)
    except Exception:  # noqa: BLE001 - a case the rules in force cannot read: shown without procedures
        evaluation = None
    procedures = [
        f"{_text(p.title, lang)} — {i18n.ui('status.' + p.status, lang)}" for p in getattr(evaluation, "procedures", [])
    ]
    nearest = _next_deadline(evaluation, today, lang)
    updated_day = updated.astimezone(_zone()).date() if isinstance(updated, dt.datetime) else updated
    return {
        "case": rid,
        "label": case.case_id or i18n.ui("teamcases.unnamed", lang),
        "jurisdiction": i18n.ui(f"jurisdiction.{case.jurisdiction}", lang),
        "procedures": procedures,
        "deadline": i18n.ui(
            "cases.deadline", lang, deadline=nearest[1], procedure=nearest[2], date=local_date(nearest[3], lang)
        )
        if nearest
        else (_stopped(evaluation, lang) if evaluation else ""),
        "days_left": nearest[0] if nearest else None,
        "in_charge": person_label(assigned_id, people, lang),
        "assigned_id": int(assigned_id),
        "updated": local_date(updated_day, lang) if updated_day else "",
        "note": case.notes or "",
    }


def team_cases(lang: str = "fr", volunteer=None, today: dt.date | None = None) -> list[dict] | None:
    """Every case of the association (coordinators only; None for anyone else), most urgent first;
    *volunteer*: only the cases of that account (e.g. a departed volunteer's). Logged per case."""
    me, coordinator = _me()
    if me is None or not coordinator:
        return None
    today, people = today or dt.date.today(), accounts()
    wanted = _account_number(volunteer)
    db, result = _sql(
        f"SELECT id::text, key_version, wrapped_key, content, assigned_id, updated_at FROM {TABLE}"
        + (" WHERE assigned_id = :a" if wanted is not None else "")
        + " ORDER BY updated_at DESC",
        a=wanted,
    )
    rows = []
    for rid, version, wrapped, content, assigned_id, updated in result.all():
        try:
            rows.append(
                _row_view(rid, _open_row(rid, version, wrapped, content), assigned_id, updated, people, lang, today)
            )
        except Exception:  # noqa: BLE001 - a row no key opens (keyring lost or altered): counted, never shown
            _log("cases: a case could not be opened with the keyring")
    db.session.commit()
    listed = [r["case"] for r in rows if r["assigned_id"] != me]
    if listed:  # one statement for the whole list: an association's hundreds of cases, one commit
        db, _ = _sql(
            f"INSERT INTO {AUDIT} (case_id, user_id, action) SELECT unnest(CAST(:ids AS uuid[])), :u, 'listed'",
            ids=listed,
            u=me,
        )
        db.session.commit()
    rows.sort(key=lambda r: (r["days_left"] is None, r["days_left"] or 0))
    return rows


def _account_number(value) -> int | None:
    text = str(value or "")
    return int(text) if text.isdigit() and len(text) < 10 else None


def team_case(case_id, lang: str = "fr", today: dt.date | None = None) -> dict | None:
    """One case for a coordinator (logged as opened), or None: not a coordinator, or no such case."""
    me, coordinator = _me()
    rid = _uuid(case_id)
    if me is None or not coordinator or rid is None:
        return None
    db, result = _sql(
        f"SELECT key_version, wrapped_key, content, assigned_id, updated_at FROM {TABLE} WHERE id = :id", id=rid
    )
    row = result.first()
    db.session.commit()
    if row is None:
        return None
    version, wrapped, content, assigned_id, updated = row
    view = _row_view(
        rid, _open_row(rid, version, wrapped, content), assigned_id, updated, accounts(), lang, today or dt.date.today()
    )
    if assigned_id != me:
        audit(rid, me, "opened")
    view["history"] = history(rid, lang)
    return view


def assign(case_id, to, lang: str = "fr") -> str | None:
    """Put another active volunteer (or oneself) in charge of a case; None when done, else the
    translated refusal (not a coordinator, no such case, not someone who can be in charge)."""
    from parcours import i18n

    rid = _uuid(case_id)
    moved, refused = _reassign("id = :which", rid or str(uuid.UUID(int=0)), to, lang)
    return refused or (None if moved else i18n.ui("teamcases.not_found", lang))


def assign_all(from_volunteer, to, lang: str = "fr") -> tuple[int, str | None]:
    """Put every case in the charge of *from_volunteer* (say, a departed one) in *to*'s charge, in
    one transaction, each case logged as assigned. (number of cases moved, None) when done, else
    (0, the translated refusal): not a coordinator, not someone who can be in charge, the same person."""
    from parcours import i18n

    source = _account_number(from_volunteer)
    if source is not None and source == _account_number(to):
        return 0, i18n.ui("teamcases.handover.same", lang)
    return _reassign("assigned_id = :which", -1 if source is None else source, to, lang)


def _reassign(where: str, which, to, lang: str) -> tuple[int, str | None]:
    """The one way a case changes hands: a coordinator, an account that may be in charge, every row
    *where* matches moved and logged together. (rows moved, None) or (0, the translated refusal)."""
    from parcours import i18n

    me, coordinator = _me()
    if me is None or not coordinator:
        return 0, i18n.ui("teamcases.not_allowed", lang)
    refused = assign_refusal(to, lang)
    if refused:
        return 0, refused
    db, result = _sql(
        f"UPDATE {TABLE} SET assigned_id = :to WHERE {where} RETURNING id::text", to=_account_number(to), which=which
    )
    moved = [rid for (rid,) in result.all()]
    if moved:
        _sql(
            f"INSERT INTO {AUDIT} (case_id, user_id, action) SELECT unnest(CAST(:ids AS uuid[])), :u, 'assigned'",
            ids=moved,
            u=me,
        )
    db.session.commit()
    return len(moved), None


def cases_of(volunteer, lang: str = "fr") -> dict | None:
    """The account whose cases a coordinator is about to hand over: its number, its label and how
    many cases are in its charge; None for anyone but a coordinator, or an account with no case."""
    me, coordinator = _me()
    source = _account_number(volunteer)
    if me is None or not coordinator or source is None:
        return None
    db, result = _sql(f"SELECT count(*) FROM {TABLE} WHERE assigned_id = :a", a=source)
    count = int(result.scalar() or 0)
    db.session.commit()
    return {"id": source, "who": label_of(source, lang), "count": count} if count else None


def label_of(account, lang: str = "fr") -> str:
    """How the screens name an account: name and e-mail, or that it has left."""
    return person_label(_account_number(account) or 0, accounts(), lang)


def assign_refusal(to, lang: str = "fr") -> str | None:
    """Why *to* cannot be put in charge (not an active volunteer or coordinator), or None."""
    from parcours import i18n

    target = _account_number(to)
    who = accounts().get(target) if target is not None else None
    if who is None or not who["active"] or not who["eligible"]:
        return i18n.ui("teamcases.not_a_volunteer", lang)
    return None


def assigned_to_me(my_sessions, lang: str = "fr", today: dt.date | None = None) -> list[dict]:
    """The cases a coordinator put in my charge that are held by someone else's session (to take
    over); those held by one of *my_sessions* are already in "Mes dossiers"."""
    me, _ = _me()
    if me is None:
        return []
    secretkey = vault.secretkey()
    mine = {holder_index(GUIDE, s, secretkey) for s in my_sessions}
    db, result = _sql(
        f"SELECT id::text, key_version, wrapped_key, content, assigned_id, updated_at, holder FROM {TABLE} "
        "WHERE assigned_id = :me ORDER BY updated_at DESC",
        me=me,
    )
    found = [r for r in result.all() if r[6] not in mine]
    db.session.commit()
    people, today = accounts(), today or dt.date.today()
    rows = []
    for rid, version, wrapped, content, assigned_id, updated, _ in found:
        try:
            rows.append(
                _row_view(rid, _open_row(rid, version, wrapped, content), assigned_id, updated, people, lang, today)
            )
        except Exception:  # noqa: BLE001
            _log("cases: a case could not be opened with the keyring")
    return rows


def take_over(case_id) -> str | None:
    """Open a case put in my charge: a new guide session of mine made from its snapshot, which
    holds the row from now on (the former holder's session no longer writes to it). Returns the
    session id, or None when the case is not in my charge (whatever the link says)."""
    from parcours import CaseFile

    from .cases import start_case_from

    me, _ = _me()
    rid = _uuid(case_id)
    if me is None or rid is None:
        return None
    db, result = _sql(
        f"SELECT key_version, wrapped_key, content, assigned_id, holder FROM {TABLE} WHERE id = :id FOR UPDATE", id=rid
    )
    row = result.first()
    if row is None or row[3] != me:
        db.session.commit()
        return None
    version, wrapped, content, _, holder = row
    snapshot = _open_row(rid, version, wrapped, content)
    session = start_case_from(
        CaseFile.from_dict(snapshot["case"]),
        snapshot.get("procedures") or [],
        digest(snapshot),
        snapshot.get("skipped"),
    )
    _sql(
        f"UPDATE {TABLE} SET holder = :new, retired = array_append(retired, :old), updated_at = now() WHERE id = :id",
        new=holder_index(GUIDE, session, vault.secretkey()),
        old=holder,
        id=rid,
    )
    db.session.commit()
    audit(rid, me, "taken_over")
    return session


def _runs(where: str, limit: int, **values) -> list[tuple]:
    """The audit lines *where* selects (a: the log, c: its case), newest first, each run of one
    person doing the same thing to the same case in a row (a coordinator's lists, say) as one line:
    (last time, account, action, case id, how many times). A hundred lists never push the openings
    out of sight."""
    db, result = _sql(
        "SELECT max(at), user_id, action, case_id::text, count(*) FROM ("
        " SELECT a.n, a.at, a.user_id, a.action, a.case_id, row_number() OVER (ORDER BY a.n)"
        " - row_number() OVER (PARTITION BY a.case_id, a.user_id, a.action ORDER BY a.n) AS run"
        f" FROM {AUDIT} a JOIN {TABLE} c ON c.id = a.case_id WHERE {where}) t"
        f" GROUP BY case_id, user_id, action, run ORDER BY max(n) DESC LIMIT {int(limit)}",
        **values,
    )
    rows = result.all()
    db.session.commit()
    return rows


def _audit_line(at, uid, action: str, times: int, people: dict, lang: str) -> str:
    """One line of a case's log as a sentence in *lang*: who did what, when (the association's day
    and time, not UTC's), and how many times in a row."""
    from parcours import i18n
    from parcours.documents.wording import local_date

    local = at.astimezone(_zone())
    line = i18n.ui(
        f"teamcases.audit.{action}",
        lang,
        who=person_label(uid, people, lang),
        date=local_date(local.date(), lang),
        time=local.strftime("%H:%M"),
    )
    return line + (" " + i18n.ui("teamcases.audit.times", lang, count=times) if times > 1 else "")


def history(case_id: str, lang: str) -> list[str]:
    """The audit lines of a case, newest first, as sentences in *lang*."""
    people = accounts()
    return [
        _audit_line(at, uid, action, times, people, lang)
        for at, uid, action, _, times in _runs("a.case_id = :c", 50, c=case_id)
    ]


def _zone():
    from zoneinfo import ZoneInfo

    try:
        from docassemble.base.config import daconfig

        return ZoneInfo(str(daconfig.get("timezone") or "Europe/Paris"))
    except Exception:  # noqa: BLE001
        return ZoneInfo("Europe/Paris")


def openings_of_my_cases(lang: str = "fr") -> list[str]:
    """For the volunteer in charge: who else opened, assigned or took over their cases, and when."""
    from parcours import i18n

    me, _ = _me()
    if me is None:
        return []
    rows = _runs(
        "(c.assigned_id = :me OR c.owner_id = :me) AND a.user_id <> :me AND a.action = ANY(:shown)",
        30,
        me=me,
        shown=list(SHOWN_TO_HOLDER),
    )
    db, result = _sql(
        f"SELECT id::text, key_version, wrapped_key, content FROM {TABLE} WHERE id = ANY(CAST(:ids AS uuid[]))",
        ids=sorted({r[3] for r in rows}),
    )
    names = {}
    for rid, version, wrapped, content in result.all():
        try:
            names[rid] = _open_row(rid, version, wrapped, content)["case"].get("case_id")
        except Exception:  # noqa: BLE001 - a row no key opens: named as unnamed
            names[rid] = None
    db.session.commit()
    people = accounts()
    return [
        _audit_line(at, uid, action, times, people, lang) + f" — {names.get(rid) or i18n.ui('teamcases.unnamed', lang)}"
        for at, uid, action, rid, times in rows
    ]


# ----------------------------------------------------------------------------- screens (HTML)


def team_table(rows: list[dict], open_url, lang: str, action: str = "teamcases.open") -> str:
    from html import escape

    from parcours import i18n

    def ui(msgid: str) -> str:
        return escape(i18n.ui(msgid, lang))

    head = (
        f'<table class="table table-sm pc-team-cases"><caption>{ui("teamcases.caption")}</caption><thead><tr>'
        f'<th scope="col">{ui("teamcases.col.case")}</th><th scope="col">{ui("teamcases.col.procedures")}</th>'
        f'<th scope="col">{ui("teamcases.col.deadline")}</th><th scope="col">{ui("teamcases.col.in_charge")}</th>'
        f'<th scope="col">{ui("teamcases.col.updated")}</th><th scope="col">{ui("teamcases.col.actions")}</th>'
        "</tr></thead><tbody>"
    )
    body = []
    for r in rows:
        procs = "<br>".join(escape(p) for p in r["procedures"]) or "—"
        body.append(
            f'<tr><th scope="row">{escape(r["label"])}<br><small>{escape(r["jurisdiction"])}</small></th>'
            f"<td>{procs}</td><td>{escape(r['deadline']) or '—'}</td>"
            f'<td class="text-break">{escape(r["in_charge"])}</td>'
            f"<td>{escape(r['updated'])}</td>"
            f'<td><a href="{escape(open_url(r["case"]))}">{ui(action)}</a></td></tr>'
        )
    return head + "".join(body) + "</tbody></table>"


def volunteer_filter(filter_url, lang: str) -> str:
    """Links that show the cases of one volunteer (active or departed) or of everyone."""
    from html import escape

    from parcours import i18n

    people = accounts()
    db, result = _sql(f"SELECT DISTINCT assigned_id FROM {TABLE}")
    holders = sorted({int(a) for (a,) in result.all()}, key=lambda a: person_label(a, people, lang).lower())
    db.session.commit()
    links = [f'<a href="{escape(filter_url(""))}">{escape(i18n.ui("teamcases.filter.all", lang))}</a>']
    links += [f'<a href="{escape(filter_url(str(a)))}">{escape(person_label(a, people, lang))}</a>' for a in holders]
    return f'<p class="pc-team-filter">{escape(i18n.ui("teamcases.filter", lang))} ' + " · ".join(links) + "</p>"


def bullet_list(items: list[str]) -> str:
    from html import escape

    return "<ul>" + "".join(f"<li>{escape(x)}</li>" for x in items) + "</ul>" if items else ""


# ----------------------------------------------------------------------------- rotation (command)


def rotate(config_file: str | None = None, path: Path | None = None) -> int:
    """Add a key version, re-wrap every row's data key under it (one transaction), then drop the
    old versions from the keyring. Returns the number of rows re-wrapped."""
    import docassemble.base.config

    if not docassemble.base.config.loaded:
        docassemble.base.config.load(**({"filename": config_file} if config_file else {}))
    import sqlalchemy
    from docassemble.webapp.database import alchemy_connection_string

    path = Path(path or keyring_path())
    old = load_keyring(path)
    both = old.with_new_version()
    save_keyring(path, both)  # first both versions: a crash here leaves every row readable
    engine = sqlalchemy.create_engine(alchemy_connection_string())
    try:
        with engine.begin() as db:
            _create(lambda s: db.execute(sqlalchemy.text(s)))
            rows = db.execute(
                sqlalchemy.text(f"SELECT id::text, key_version, wrapped_key FROM {TABLE} FOR UPDATE")
            ).all()
            for rid, version, wrapped in rewrap_all([(r, v, bytes(w)) for r, v, w in rows], both, both):
                db.execute(
                    sqlalchemy.text(f"UPDATE {TABLE} SET key_version = :v, wrapped_key = :w WHERE id = :id"),
                    {"v": version, "w": wrapped, "id": rid},
                )
    finally:
        engine.dispose()
    save_keyring(path, both.only(both.current))  # then the old key goes: it opens nothing any more
    return len(rows)


def main(argv: list[str]) -> int:
    if len(argv) > 1 and argv[1] == "rotate":
        count = rotate(argv[2] if len(argv) > 2 else None)
        print(f"case keys re-wrapped under a new association key: {count}")
        return 0
    print("usage: python -m docassemble.parcours.teamcases rotate [CONFIG]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
