"""The WSGI application parcours serves: docassemble's own Flask app, plus parcours's request hooks.

gunicorn (scripts/stack.py) and the production image load ``docassemble.parcours.webapp:app``
instead of ``docassemble.webapp.server:app``, so the hooks below run in every web process from the
first request on, whatever interview was or was not loaded. Each hook lives in a small module of its
own with an ``install(app)`` function; this file only lists them.
"""

from __future__ import annotations

import importlib

from docassemble.webapp.server import app  # noqa: F401  (re-exported for the WSGI server)

# Each module has install(app): security headers, request limits, the sealed Celery serializer...
HOOKS: tuple[str, ...] = (
    "docassemble.parcours.sealed",
    "docassemble.parcours.headers",
    "docassemble.parcours.session_rotation",
    "docassemble.parcours.file_privacy",
    "docassemble.parcours.limits",
    "docassemble.parcours.form_names",
    "docassemble.parcours.api_keys",  # the REST API's key stretch, remembered for valid keys
    "docassemble.parcours.start_language",
    "docassemble.parcours.kiosk",  # the read-aloud recordings
    "docassemble.parcours.outreach",  # the maraude's phone page and its records API
    "docassemble.parcours.observatory",  # the border observatory: testimonies, audit, referrals
    "docassemble.parcours.paperwork_task",  # "are the documents made?" for the waiting screen
    "docassemble.parcours.reminders",  # reminders' stop link and the SMS provider's STOP webhook
)

for _name in HOOKS:
    importlib.import_module(_name).install(app)

application = app  # the name docassemble's production image (uwsgi) asks for
