"""The retention purge on a timer, wherever the server runs.

The Celery worker runs with its beat embedded (``celery worker -B``, see ``scripts/stack.py``; the
production image starts the same), so ``make run``, ``make start``, the tests' stack and the image
all purge every ``PARCOURS_PURGE_EVERY`` seconds (default 900, 15 minutes), with nothing else to
schedule. The worker imports this module through docassemble's ``celery modules`` setting.
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


celery_app.conf.beat_schedule = {TASK: {"task": TASK, "schedule": every()}}
