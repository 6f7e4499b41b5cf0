"""The documents of a case, made in the Celery worker as soon as they are asked for.

docassemble's ``background_action`` costs a person about 1.4 s before any work starts: the task
sleeps 1 s so the web request can let go of the session, then opens the session (its lock is
polled every 3 s), runs the interview to reach the code, and runs it again to store the files.
The work itself needs none of that: the screen gathers everything the documents are made from as
plain values (``paperwork.paperwork_inputs``), and this task makes them at once:

- the message carries the inputs, sealed like every Celery message (``sealed``): no session
  secret travels, and the worker never takes the session's lock;
- the made files come back in one Redis key, sealed too, that expires by itself a few minutes
  after the screen would give up on them (``paperwork.ASSEMBLY_LIMIT_SECONDS``), and is deleted as
  soon as the session has copied them into its file store;
- the web request that starts the work waits for it a little (most packets are ready within a
  second, the person then sees the links at once); past that, the waiting screen asks
  ``/parcours/paperwork/<id>`` (ready or not, nothing else) and moves on the moment they are.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import time
import uuid

from celery.signals import worker_process_init
from docassemble.webapp.tasks.app import celery_app

from . import sealed

TASK = "parcours.paperwork"
ROUTE = "/parcours/paperwork/"
TASK_ID = re.compile(r"^[0-9a-f]{32}$")
log = logging.getLogger("parcours.paperwork")


def _key(task_id: str) -> str:
    return f"parcours:paperwork:{task_id}"


def _keep_seconds() -> int:
    from .paperwork import ASSEMBLY_LIMIT_SECONDS

    return ASSEMBLY_LIMIT_SECONDS + 300


def _redis():
    from docassemble.webapp.daredis import r

    return r


@celery_app.task(name=TASK, ignore_result=True)
def make(task_id: str, inputs: dict) -> None:
    from .paperwork import build_paperwork

    started = time.monotonic()
    try:
        outcome = {"ok": True, "files": build_paperwork(inputs)}
    except Exception as e:  # noqa: BLE001 - the screen offers a retry; the log names no one
        log.warning("paperwork %s failed: %s", task_id, type(e).__name__)
        outcome = {"ok": False}
    _redis().setex(_key(task_id), _keep_seconds(), sealed.seal(outcome))
    log.info("paperwork %s made in %.0f ms", task_id, (time.monotonic() - started) * 1000)


def warm_up() -> float:
    """Make one invented case's documents, letters aside (no converter needed), and throw them
    away: the worker's first packet after a start otherwise pays for loading the rules, the
    templates, WeasyPrint and the fonts of every script (2-4 s more). Seconds it took."""
    import tempfile

    from parcours import CaseFile, evaluate
    from parcours.documents.commands import write_documents

    started = time.monotonic()
    case = CaseFile.from_dict(
        {
            "format_version": 1,
            "jurisdiction": "fr",
            "case_id": "warm-up",
            "persons": [{"id": "p", "role": "beneficiary", "given_name": "Exemple", "family_name": "Inventé"}],
            "facts": {"ofpra_decision": "rejection", "ofpra_decision_notification_date": "2026-01-05"},
        }
    )
    evaluation = evaluate(case, "2026-01-10")
    with tempfile.TemporaryDirectory(prefix="parcours-warm-") as tmp:
        for lang in ("ar", "ti"):  # the Arabic and Ethiopic fonts, with the Latin ones beside them
            write_documents(case, evaluation, "fr.cnda_appeal", lang, tmp, letters=[])
    return time.monotonic() - started


@worker_process_init.connect(weak=False)
def _warm_in_background(**_) -> None:
    # In a thread: Celery gives a new worker process 4 s to report ready, a loaded machine may need more.
    def run():
        try:
            log.warning("paperwork worker warmed up in %.1f s", warm_up())  # shown at the default level
        except Exception as e:  # noqa: BLE001 - a cold first packet is slower, never wrong
            log.warning("paperwork worker warm-up failed: %s", type(e).__name__)

    threading.Thread(target=run, name="parcours-warm-up", daemon=True).start()


def start(inputs: dict) -> str:
    """Send the work to the worker; the id the screen checks it by."""
    task_id = uuid.uuid4().hex
    celery_app.send_task(TASK, args=[task_id, inputs])
    return task_id


def ready(task_id: str) -> bool:
    return bool(TASK_ID.match(task_id or "")) and bool(_redis().exists(_key(task_id)))


def wait(task_id: str, seconds: float) -> bool:
    """Ready within `seconds`? Checked every 40 ms: the web thread sleeps, the worker works."""
    until = time.monotonic() + seconds
    while not ready(task_id):
        if time.monotonic() >= until:
            return False
        time.sleep(0.04)
    return True


def take(task_id: str) -> dict | None:
    """The outcome ({"ok": True, "files": [(name, bytes)...]} or {"ok": False}), removed from Redis."""
    if not TASK_ID.match(task_id or ""):
        return None
    r = _redis()
    pipe = r.pipeline()
    pipe.get(_key(task_id))
    pipe.delete(_key(task_id))
    data, _ = pipe.execute()
    return sealed.unseal(data) if data else None


def first_wait_seconds() -> float:
    """How long the request that starts the work waits before showing the waiting screen."""
    try:
        return max(0.0, float(os.environ.get("PARCOURS_PAPERWORK_WAIT", "2")))
    except ValueError:
        return 2.0


def install(app) -> None:
    """The waiting screen's question: are the documents made? Yes or no, for a task id of our own
    form only; nothing of the documents or of the case."""
    from flask import jsonify

    @app.route(ROUTE + "<task_id>", methods=["GET"])
    def parcours_paperwork_ready(task_id):
        response = jsonify({"ready": ready(task_id)})
        response.headers["Cache-Control"] = "no-store"
        return response
