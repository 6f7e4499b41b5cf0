"""The retention purge on a timer, wherever the server runs.

The Celery worker runs with its beat embedded (``celery worker -B``, see ``scripts/stack.py``; the
production image starts the same), so ``make run``, ``make start``, the tests' stack and the image
all purge every ``PARCOURS_PURGE_EVERY`` seconds (default 900, 15 minutes), with nothing else to
schedule. The worker imports this module through docassemble's ``celery modules`` setting.
The same beat sends the day's deadline reminders (docassemble.parcours.reminders).
"""

from __future__ import annotations

import json
import logging
import os

from docassemble.webapp.tasks.app import celery_app

TASK = "parcours.retention_purge"
log = logging.getLogger("parcours.retention")


def every() -> float:
    try:
        return max(5.0, float(os.environ.get("PARCOURS_PURGE_EVERY", "900")))
    except ValueError:
        return 900.0


@celery_app.task(name=TASK, ignore_result=True)
def retention_purge() -> dict:
    from docassemble.webapp.flask_app import flaskapp

    from .retention import purge

    with flaskapp.app_context():
        counts = purge()
    log.warning("retention purge: %s", json.dumps(counts))  # counts only, never a session or a name
    return counts


REMINDERS = "parcours.reminders_send"
rlog = logging.getLogger("parcours.reminders")


def reminders_schedule():
    """Once a day at PARCOURS_REMINDERS_HOUR (default 10, the server's time zone), or every
    PARCOURS_REMINDERS_EVERY seconds when set (the tests); sending twice the same day sends nothing
    more (each reminder is remembered as sent)."""
    from celery.schedules import crontab

    try:
        if os.environ.get("PARCOURS_REMINDERS_EVERY"):
            return max(5.0, float(os.environ["PARCOURS_REMINDERS_EVERY"]))
        return crontab(hour=int(os.environ.get("PARCOURS_REMINDERS_HOUR", "10")), minute=0)
    except ValueError:
        return crontab(hour=10, minute=0)


@celery_app.task(name=REMINDERS, ignore_result=True)
def reminders_send() -> dict:
    from docassemble.webapp.flask_app import flaskapp

    from .reminders import send_due

    with flaskapp.app_context():
        counts = send_due()
    rlog.warning("reminders sent: %s", json.dumps(counts))  # counts only: no address, number or text
    return counts


celery_app.conf.beat_schedule = {
    TASK: {"task": TASK, "schedule": every()},
    REMINDERS: {"task": REMINDERS, "schedule": reminders_schedule()},
}
