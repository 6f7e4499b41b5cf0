"""Retention: sessions (answers and the documents made from them) are deleted once idle for
longer than their interview's retention period. Kiosk sessions go within hours; volunteer
cases after a configurable period of inactivity. Run by `scripts/stack.py purge` (every 15
minutes while `make run` runs) inside the web app's context, with docassemble's own deletion
(`reset_user_dict`), then the session's files are removed from the file store.

Periods, by environment variable: PARCOURS_RETENTION_KIOSK_HOURS (default 4) for interviews
whose file name contains "kiosk"; PARCOURS_RETENTION_CASE_DAYS (default 90) for all others;
PARCOURS_RETENTION_OUTREACH_DAYS (default 90, from the round's day) for the maraudes' records;
PARCOURS_RETENTION_OBSERVATORY_DAYS (default 1826, five years from the event) for the testimonies.
Per procedure, PARCOURS_RETENTION_PROCEDURE_DAYS overrides the case period, e.g.
"fr.cnda_appeal=30,be.=120" (an id, or a prefix ending in "." or "_"): a guide session keeps the
longest period of the procedures it checks, so no case goes early for one of them. The session
then carries a hint in Redis (its id and a number of days, never the procedure: the answers are
encrypted, and the purge must not need to read them).

Documents (letters, checklists, packets) and uploaded files are kept for a much shorter time than
the answers they come from: PARCOURS_DOCUMENTS_KEEP_HOURS (default 2). docassemble's file store
does not encrypt files, so a document lives in plaintext on disk only long enough to be
downloaded; it can be made again from the (encrypted) answers with "Préparer les documents".

Copies of a case made outside its session (an exported case file, which lives in the "Mes
dossiers" session, and the hand-over codes made by *Transmettre*) are remembered in Redis under
a keyed hash of the case's session, so that erasing the case removes them too.

Files that no database row points to (docassemble's own "Delete" and ``reset=1`` remove the rows
and leave the files) are swept from the file store once older than ORPHAN_GRACE, so a file whose
row is not yet committed is never taken."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import time
from pathlib import Path

__all__ = ["remember_procedures"]  # what interviews see; the purge is run by the stack


def periods() -> list[tuple[str, dt.timedelta]]:
    """(interview file-name fragment, retention) pairs; the first that matches applies."""
    return [
        ("kiosk", dt.timedelta(hours=float(os.environ.get("PARCOURS_RETENTION_KIOSK_HOURS", "4")))),
        ("", dt.timedelta(days=float(os.environ.get("PARCOURS_RETENTION_CASE_DAYS", "90")))),
    ]


def documents_keep() -> dt.timedelta:
    return dt.timedelta(hours=float(os.environ.get("PARCOURS_DOCUMENTS_KEEP_HOURS", "2")))


def retention_of(filename: str) -> dt.timedelta:
    return next(period for fragment, period in periods() if fragment in filename)


HINTS = "parcours:retention-days"  # Redis hash: "<interview file>|<session id>" -> days


def procedure_days() -> list[tuple[str, float]]:
    out = []
    for item in os.environ.get("PARCOURS_RETENTION_PROCEDURE_DAYS", "").split(","):
        name, _, days = item.strip().partition("=")
        if name and days.strip():
            out.append((name.strip(), float(days)))
    return out


def days_for(procedures) -> float | None:
    """The longest configured period among these procedures, or None (the interview's period)."""
    found = [
        days
        for pid in procedures
        for name, days in procedure_days()
        if pid == name or (name.endswith((".", "_")) and pid.startswith(name))
    ]
    return max(found) if found else None


def server_redis():
    """The server's Redis (docassemble's DARedis), for every glue module. Named: an unnamed
    DAObject walks the call stack with inspect.stack() to find its name, reading the source of
    every frame (a third of a guide step's time under load, `make load`)."""
    from docassemble.base.util import DARedis

    return DARedis("parcours_redis")


_redis = server_redis


def remember_procedures(procedures) -> None:
    """Called by the guide when the procedures are chosen: the session's retention hint."""
    from docassemble.base.util import current_context

    days = days_for(procedures)
    context = current_context()
    field = f"{context.filename}|{context.session}"
    if days is None:
        _redis().hdel(HINTS, field)
    else:
        _redis().hset(HINTS, field, str(days))


def file_directory(uploads: str, number: int) -> Path:
    """Where docassemble's local file store keeps file *number*: 12 hex digits in groups of 3."""
    digits = f"{int(number):012x}"
    return Path(uploads).joinpath(*(digits[i : i + 3] for i in range(0, 12, 3)))


def purge(now: dt.datetime | None = None) -> dict:
    """Delete every idle session past its retention; returns counts (no personal data)."""
    from docassemble.webapp.extensions import db
    from docassemble.webapp.interview.models import UserDict
    from sqlalchemy import func, select

    now = now or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    rows = db.session.execute(
        select(UserDict.key, UserDict.filename, func.max(UserDict.modtime)).group_by(UserDict.key, UserDict.filename)
    ).all()
    hints = {(k.decode() if isinstance(k, bytes) else k): float(v) for k, v in _redis().hgetall(HINTS).items()}
    sessions = files = 0
    for key, filename, last in rows:
        hint = hints.get(f"{filename}|{key}")
        period = dt.timedelta(days=hint) if hint is not None else retention_of(filename or "")
        if last is None or now - last <= period:
            continue
        files += erase_session(key, filename)
        sessions += 1
    from . import teamcases
    from .observatory import purge_records as purge_testimonies  # PARCOURS_RETENTION_OBSERVATORY_DAYS
    from .outreach import purge_records  # the maraudes' records: PARCOURS_RETENTION_OUTREACH_DAYS
    from .reminders import sweep  # a purged case's reminders go with it

    live = [(key, filename) for key, filename, _ in rows]
    return {
        "reminders": sweep(live),
        "team_cases": teamcases.sweep(live),
        "sessions": sessions,
        "files": files,
        "documents": purge_documents(now),
        "orphans": sweep_orphans(),
        "outreach": purge_records(now.date()),
        "observatory": purge_testimonies(now.date()),
    }


def purge_documents(now: dt.datetime | None = None) -> int:
    """Remove every stored file (generated or uploaded) older than documents_keep(), whatever its
    session; the session's answers stay. Returns the number of files removed."""
    from docassemble.base.config import daconfig
    from docassemble.webapp.extensions import db
    from docassemble.webapp.main.models import Uploads
    from sqlalchemy import select

    limit = (now or dt.datetime.now(dt.UTC).replace(tzinfo=None)) - documents_keep()
    removed = 0
    for upload in db.session.execute(select(Uploads)).scalars().all():
        folder = file_directory(daconfig["uploads"], upload.indexno)
        made = (
            dt.datetime.fromtimestamp(folder.stat().st_mtime, dt.UTC).replace(tzinfo=None) if folder.exists() else None
        )
        if made is not None and made > limit:
            continue
        remove_file(upload.indexno, commit=False)
        removed += 1
    db.session.commit()
    return removed


ORPHAN_GRACE = dt.timedelta(hours=1)  # far longer than writing a file and committing its row
_LEAF = re.compile(r"^[0-9a-f]{3}$")


def sweep_orphans(grace: dt.timedelta = ORPHAN_GRACE) -> int:
    """Remove every file folder of the file store that no `uploads` row points to and that nothing
    has touched for *grace*. Returns the number of folders removed."""
    from docassemble.base.config import daconfig
    from docassemble.webapp.extensions import db
    from docassemble.webapp.main.models import Uploads
    from sqlalchemy import select

    root = Path(daconfig["uploads"])
    # Read the rows after listing the folders: a file made meanwhile has a row by then, or is young.
    folders = [
        f for f in root.glob("*/*/*/*") if f.is_dir() and all(_LEAF.match(part) for part in f.relative_to(root).parts)
    ]
    known = set(db.session.execute(select(Uploads.indexno)).scalars())
    limit = time.time() - grace.total_seconds()
    removed = 0
    for folder in folders:
        if int("".join(folder.relative_to(root).parts), 16) in known:
            continue
        try:
            newest = max([folder.lstat().st_mtime] + [e.lstat().st_mtime for e in folder.rglob("*")])
        except FileNotFoundError:  # removed meanwhile
            continue
        if newest < limit:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def remove_file(number: int, commit: bool = True) -> None:
    """One stored file gone for good: its folder in the file store and its database rows."""
    from docassemble.base.config import daconfig
    from docassemble.webapp.extensions import db
    from docassemble.webapp.main.models import Uploads, UploadsRoleAuth, UploadsUserAuth
    from sqlalchemy import delete

    shutil.rmtree(file_directory(daconfig["uploads"], number), ignore_errors=True)
    for model, column in (
        (UploadsUserAuth, UploadsUserAuth.uploads_indexno),
        (UploadsRoleAuth, UploadsRoleAuth.uploads_indexno),
        (Uploads, Uploads.indexno),
    ):
        db.session.execute(delete(model).where(column == int(number)))
    if commit:
        db.session.commit()


COPIES = "parcours:case-copies:"
COPIES_TTL = 4 * 24 * 3600  # longer than a hand-over code (72 h) and a document (hours) live


def _copies_key(key: str, filename: str) -> str:
    from docassemble.base.util import get_config

    pepper = str(get_config("secretkey"))
    return COPIES + hashlib.sha256(f"{pepper}|{filename}|{key}".encode()).hexdigest()


def remember_copy(key: str, filename: str, *, file_number: int | None = None, handover: str | None = None) -> None:
    """Record a copy of session *key* made elsewhere: a stored file, or a hand-over code's storage
    key (an HMAC of the code, which cannot open the case), so that erasing the case removes it."""
    name = _copies_key(key, filename)
    member = f"file:{int(file_number)}" if file_number is not None else f"code:{handover}"
    r = _redis()
    r.sadd(name, member)
    r.expire(name, COPIES_TTL)


def _erase_copies(key: str, filename: str) -> int:
    name = _copies_key(key, filename)
    r = _redis()
    files = 0
    for member in r.smembers(name):
        kind, _, value = (member.decode() if isinstance(member, bytes) else member).partition(":")
        if kind == "file" and value.isdigit():
            remove_file(int(value))
            files += 1
        elif kind == "code" and value:
            r.delete(value)  # the hand-over code no longer opens anything
    r.delete(name)
    return files


def erase_session(key: str, filename: str) -> int:
    """Delete one session for good: its answers (docassemble's reset_user_dict) and every file made
    or uploaded in it, from the database and the file store. Returns the number of files removed.
    Used by the retention purge and by the erasure of a person's data on request."""
    from docassemble.webapp.extensions import db
    from docassemble.webapp.interview.helpers import reset_user_dict
    from docassemble.webapp.main.models import Uploads
    from sqlalchemy import select

    files = 0
    for upload in db.session.execute(select(Uploads).filter_by(key=key, yamlfile=filename)).scalars().all():
        remove_file(upload.indexno, commit=False)
        files += 1
    db.session.commit()
    reset_user_dict(key, filename, force=True)
    _redis().hdel(HINTS, f"{filename}|{key}")
    from . import teamcases
    from .reminders import forget_case

    forget_case(key, filename)
    teamcases.forget_case(key, filename)  # the association's sealed copy goes with the case
    return files + _erase_copies(key, filename)
