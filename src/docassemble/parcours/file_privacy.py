"""Staff accounts read only the files of their own sessions.

docassemble lets the roles admin, developer, advocate and trainer download *every* stored file by
its number (``/uploadedfile/<n>/...``, ``/uploadedpage/<n>/...``, ``/storedfile/<uid>/<n>/...``,
``/api/file/<n>``): the numbers are sequential, so an admin account could read every volunteer's
letters and case files. This hook applies to those roles the rule docassemble applies to everyone
else (``can_access_file_number``): a private file is served only to a browser that holds its
session, to the user who owns that session, or to a user or role the file was shared with
(``DAFile.user_access`` / ``role_access``). Anyone else gets the same 404 as for a missing file.
"""

from __future__ import annotations

import re

# The roles docassemble lets read any file (docassemble.webapp.files.common/file_access).
PRIVILEGED = ("admin", "developer", "advocate", "trainer")
FILE_ROUTES = re.compile(
    r"^/(?:uploadedfile|uploadedpage|uploadedpagescreen)(?:download)?/(\d+)(?:[/.]|$)"
    r"|^/storedfile(?:download)?/[^/]+/(\d+)/"
    r"|^/api/file/(\d+)$"
)


def file_number(path: str) -> int | None:
    m = FILE_ROUTES.match(path)
    return int(next(g for g in m.groups() if g)) if m else None


def _may_read(number: int, user) -> bool:
    from docassemble.webapp.extensions import db
    from docassemble.webapp.interview.models import UserDictKeys
    from docassemble.webapp.main.models import Uploads, UploadsRoleAuth, UploadsUserAuth
    from docassemble.webapp.sessions import get_session_uids
    from docassemble.webapp.users.models import UserRoles
    from sqlalchemy import and_, select

    upload = db.session.execute(select(Uploads).filter_by(indexno=number)).scalar()
    if upload is None or not upload.private or upload.key in get_session_uids():
        return True  # missing: docassemble answers 404 itself; public files are public
    owned = select(UserDictKeys.indexno).filter_by(key=upload.key, user_id=user.id)
    shared = select(UploadsUserAuth.id).filter_by(uploads_indexno=number, user_id=user.id)
    by_role = (
        select(UploadsRoleAuth.id)
        .join(UserRoles, and_(UserRoles.user_id == user.id, UploadsRoleAuth.role_id == UserRoles.role_id))
        .where(UploadsRoleAuth.uploads_indexno == number)
    )
    return any(db.session.execute(q).first() for q in (owned, shared, by_role))


def check_file_request():
    from flask import request
    from flask_login import current_user

    number = file_number(request.path)
    if number is None:
        return None
    if request.path.startswith("/api/") and not current_user.is_authenticated:
        from docassemble.webapp.api.helpers import api_verify

        if not api_verify():
            return None  # docassemble refuses it itself (403)
    if current_user.is_authenticated and current_user.has_role(*PRIVILEGED) and not _may_read(number, current_user):
        return ("File not found", 404)
    return None


def install(app) -> None:
    app.before_request(check_file_request)
