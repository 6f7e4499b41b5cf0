"""A new session cookie at every sign-in (against session fixation).

docassemble keeps its Flask session server-side (docassemblekvsession, in Redis) and keeps the
same session id across sign-in: someone who planted a session id in a shared kiosk browser before
a volunteer signed in would then share the volunteer's signed-in session. At sign-in the session is
moved to a fresh id (its content is kept, so docassemble's own sign-in steps go on) and the old
id is deleted from Redis.
"""

from __future__ import annotations

from docassemble_flask_user import user_logged_in
from flask import session


def _rotate(sender, user, **extra) -> None:  # noqa: ARG001 - blinker signal signature
    regenerate = getattr(session, "regenerate", None)
    if regenerate is not None:
        regenerate()


def install(app) -> None:
    user_logged_in.connect(_rotate, app, weak=False)
