"""The deployment settings of parcours: the one place that says how a docassemble server runs it.

``scripts/stack.py`` (``make run``, the tests), the production ``Dockerfile`` and an administrator
of any docassemble server read them from here:

    python -m docassemble.parcours.deploy config           # the config.yml keys parcours needs (YAML)
    python -m docassemble.parcours.deploy roles [CONFIG]   # create the volunteer / legal_team privileges

``config`` prints only parcours's own keys (start-page list, docassemble's words files, security
switches, the Celery modules that seal messages and run the retention purge...), never a path, a
password or a host: those belong to each server. Append the output to a docassemble config.yml
(the YAML reader keeps the last of two equal keys, so appended keys win) or merge it by hand.

What else a server needs comes with the package, not with this file: the security headers and
request limits are hooks of the WSGI application ``WSGI_APP`` (``docassemble.parcours.webapp``),
which must replace ``docassemble.webapp.server:app``; the retention periods are environment
variables read by ``docassemble.parcours.retention`` (PARCOURS_RETENTION_*,
PARCOURS_DOCUMENTS_KEEP_HOURS) and the purge runs every PARCOURS_PURGE_EVERY seconds in the Celery
beat of ``docassemble.parcours.schedule`` (listed in ``celery modules`` below).

This module imports nothing from docassemble at import time (the launcher reads it before any
server exists); ``roles`` loads docassemble's configuration to reach the database.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

PACKAGE = "docassemble.parcours"
DATA = Path(__file__).resolve().parent / "data"

# The WSGI application web servers must serve: docassemble's app plus parcours's request hooks.
WSGI_APP = "docassemble.parcours.webapp:app"

# The start page (/start/<name>/) and the interview each entry runs.
DISPATCH = {
    "guide": f"{PACKAGE}:data/questions/guide.yml",
    "kiosk": f"{PACKAGE}:data/questions/kiosk.yml",
    "cases": f"{PACKAGE}:data/questions/cases.yml",
    "rules": f"{PACKAGE}:data/questions/rules_browser.yml",
    "demo": f"{PACKAGE}:data/questions/demo.yml",
    "statistics": f"{PACKAGE}:data/questions/statistics.yml",
}

# parcours's privileges beside docassemble's own (admin, user...): least rights for each kind of user.
ROLES = {
    "volunteer": "Volunteer: runs the guide with beneficiaries, sees their own cases",
    "coordinator": "Coordinator: sees every case of the association (sealed index), assigns them, reads the audit",
    "legal_team": "Legal team: reads the rules and anonymous statistics, not cases",
    "outreach": "Outreach volunteer: records the needs met on a round (maraude) from a phone",
    "outreach_coordinator": "Outreach coordinator: the association's view of the rounds' needs",
    "observer": "Observer: records testimonies for the border observatory, reads their own",
    "observatory_coordinator": "Observatory coordinator: reads every testimony, exports, drafts referrals",
}

# The worker imports the sealed serializer (tasks and results encrypted and authenticated with a
# key kept in RAM) and the retention purge on a timer (Celery beat).
CELERY_MODULES = [f"{PACKAGE}.sealed", f"{PACKAGE}.schedule", f"{PACKAGE}.paperwork_task"]


def words() -> list[str]:
    """docassemble's own interface phrases: its French file, then ours (translations/words/, packaged
    as data/sources/words/), which override it and add every other language."""
    ours = sorted((DATA / "sources" / "words").glob("*-words.yml"))
    return ["docassemble.base:data/sources/fr-words.yml"] + [
        f"{PACKAGE}:data/sources/words/{path.name}" for path in ours
    ]


def settings() -> dict:
    """The config.yml keys parcours needs on every server (no path, host or secret)."""
    return {
        "dispatch": dict(DISPATCH),
        "words": words(),
        "celery modules": list(CELERY_MODULES),
        # No package installs, playground or configuration edits from the web: the service user
        # cannot write the code, and the configuration holds the secrets.
        "enable playground": False,
        "allow updates": False,
        "allow configuration editing": False,
        "developer can install": False,
        # Only the variables of the screen being answered can be set by a form post
        # (docassemble's strict mode: no _save_as, _datatypes or _event fields trusted from the browser).
        "restrict input variables": True,
        "allow anonymous access": True,  # the kiosk and the guide need no account
        "allow registration": False,  # accounts are made by an administrator, with a privilege
        # After sign-in, the start page (guide, kiosk, cases) in the volunteer's language, not
        # docassemble's English "Resume an interview" list.
        "page after login": "/",
        "default language": "fr",
        "default locale": "fr_FR.UTF-8",
        "default country": "FR",
        "timezone": "Europe/Paris",
        # docassemble's own deletion of idle sessions, a backstop behind parcours's purge.
        "interview delete days": 90,
        # Requests above this are refused (413) before they reach an interview: uploads are case
        # files of a few kilobytes; a scan of a document stays well under 10 MB.
        "maximum content length": 10 * 1024 * 1024,
        "voicerss": {"enable": False},  # the kiosk reads aloud with espeak-ng on the server
    }


def config_yaml() -> str:
    import yaml

    head = "# parcours: deployment settings (python -m docassemble.parcours.deploy config)\n"
    return head + yaml.safe_dump(settings(), sort_keys=False, allow_unicode=True)


def ensure_roles(config_file: str | None = None) -> list[str]:
    """Create the privileges of ROLES in the server's database (idempotent); returns those added."""
    import docassemble.base.config

    if not docassemble.base.config.loaded:
        docassemble.base.config.load(**({"filename": config_file} if config_file else {}))
    import sqlalchemy
    from docassemble.webapp.database import alchemy_connection_string, dbtableprefix

    engine = sqlalchemy.create_engine(alchemy_connection_string())
    added = []
    try:
        with engine.begin() as db:
            for name, description in ROLES.items():
                row = db.execute(
                    sqlalchemy.text(
                        f"INSERT INTO {dbtableprefix}role (name, description) VALUES (:name, :description) "
                        "ON CONFLICT (name) DO NOTHING RETURNING name"
                    ),
                    {"name": name, "description": description},
                ).first()
                if row:
                    added.append(name)
    finally:
        engine.dispose()
    return added


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else ""
    if command == "config":
        sys.stdout.write(config_yaml())
        return 0
    if command == "roles":
        added = ensure_roles(argv[2] if len(argv) > 2 else None)
        print(f"privileges added: {', '.join(added) or 'none (all present)'}")
        return 0
    print(__doc__.split("\n\n")[1], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
