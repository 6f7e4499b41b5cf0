"""Load profile for `make load`: kiosk visitors and volunteers walking real interviews through
the REST API on loopback. Kiosk users answer the guide with "I don't know" for most facts;
volunteers answer a family-reunification case, or a CNDA appeal whose paperwork (letter, checklist,
packet) the Celery worker makes while they wait, as at the permanence."""

from __future__ import annotations

import json
import os
import random
import re
import time
from pathlib import Path

from locust import HttpUser, between, task
from locust.exception import RescheduleTask

GUIDE = "docassemble.parcours:data/questions/guide.yml"
KEY = json.loads((Path(os.environ["PARCOURS_VAR"]) / "secrets.json").read_text())["admin_api_key"]
RF = {
    "sponsor_legal_status": "residence_permit",
    "filing_date": "2025-11-01",
    "sponsor_nationality": "MA",
    "sponsor_regular_stay_start": "2023-03-01",
    "sponsor_average_monthly_resources": "2400",
    "household_size": "3",
    "children": "1",
}
CNDA = {  # rejected by OFPRA, notified on 10/11/2026 (as tests/journeys/test_letter_from_case.py)
    "ofpra_decision": "rejection",
    "ofpra_decision_notification_date": "2026-11-10",
    "asylum_procedure_type": "normal",
    "ofpra_decision_inadmissible": "false",
}
# The paperwork screens, by their id, answered as a volunteer does (tests/journeys/test_paperwork_speed.py):
# the appeal letter only, the person's explanations in Tigrinya, signed on paper.
PAPERWORK = {
    "paperwork_procedure": {"paperwork_procedure": "fr.cnda_appeal"},
    "person_language": {"person_language": "ti"},
    "chosen_letters": {
        "chosen_letters": {"fr_cnda_appeal": True, "fr_cnda_legal_aid_request": False, "fr_change_of_address": False},
        "signature_mode": "paper",
    },
    "letter_fields": {
        "letter_answers['sender_name']": "Invented Person",
        "letter_answers['sender_address']": "c/o Association Exemple\n1 rue Fictive\n93100 Montreuil",
        "letter_answers['place']": "Montreuil",
        "letter_answers['decision_date']": "02/11/2026",
        "letter_fields_done": True,
    },
    "portal_scans": {"portal_scans_done": True},  # nothing scanned: the inventory says "to scan"
}
POLL_SECONDS = 0.5  # as the waiting screen's own "are they made?" question (parcours.js)
MADE_WITHIN_SECONDS = 120  # past the worker's 90 s deadline the screen has said it failed


class Walker(HttpUser):
    abstract = True

    def new_session(self, interview):
        r = self.client.get("/api/session/new", params={"i": interview, "key": KEY}, name="new session")
        if not r.ok:
            raise RescheduleTask()  # counted as a failure by locust; the user starts over
        data = r.json()
        return {"i": interview, "session": data["session"], "secret": data["secret"], "key": KEY}

    def step(self, ids, variables, name, think=True):
        """One answer. A failed request is sent again after a pause, as a person presses Continue
        again (up to a minute, e.g. while a crashed service restarts during the fault drill)."""
        if think:
            self.wait()  # a person reads the screen before answering
        for attempt in range(12):
            try:
                r = self.client.post("/api/session", json=dict(ids, variables=variables), name=name)
                if r.ok:
                    if attempt:
                        self.report("session resumed after an error", None)
                    return r.json()
            except Exception:  # noqa: BLE001 - counted by locust already
                pass
            time.sleep(5)
        self.report("session resumed after an error", RuntimeError("gave up after 12 attempts"))
        raise RescheduleTask()

    def report(self, name, exception):
        self.environment.events.request.fire(
            request_type="CHECK", name=name, response_time=0, response_length=0, exception=exception, context={}
        )

    def walk_guide(self, procedures, answers, situation=None):
        ids = self.new_session(GUIDE)
        self.step(ids, {"jurisdiction": "fr", "place": "59000"}, "guide step")
        status, need = situation or ("other", None)
        self.step(ids, {"situation": status}, "guide step")
        if need:
            self.step(ids, {"chosen_needs": {need: True}}, "guide step")
        q = self.step(ids, {"chosen_procedures": {p: True for p in procedures}}, "guide step")
        confirmed = set()  # fact variables the server accepted: never asked again unless lost
        for _ in range(30):
            if q.get("id") not in ("fact", "person"):
                break
            asked = {f["variable_name"] for f in q["fields"]}
            if q.get("id") == "fact":
                self.report(
                    "no confirmed answer lost",
                    RuntimeError(f"asked again: {asked & confirmed}") if asked & confirmed else None,
                )
            variables = {}
            for f in q["fields"]:
                v = f["variable_name"]
                fact = v.split("'")[1] if "'" in v else v
                if v.startswith("fact_states") and answers.get(fact, "unknown") != "unknown":
                    continue  # a date was typed: "not yet" / "I don't know" stay unticked, as on screen
                variables[v] = (
                    "2016-04-04"
                    if v.startswith("person_births")
                    else "Invented"
                    if v.startswith("person_names")
                    else answers.get(fact, "unknown")
                )
            q = self.step(ids, variables, "guide step")
            if {f["variable_name"] for f in q.get("fields", [])} != asked:  # accepted, not re-shown
                confirmed |= asked
        return ids, q


class KioskVisitor(Walker):
    weight = 3
    wait_time = between(2, 6)  # people read and think on every screen

    @task
    def guide(self):
        self.walk_guide(
            random.sample(
                [
                    "fr.regroupement_familial",
                    "fr.reunification_familiale",
                    "fr.cnda_appeal",
                    "fr.refusal_litigation",
                    "fr.dublin_transfer_appeal",
                ],
                2,
            ),
            {},
        )


class Volunteer(Walker):
    weight = 1
    wait_time = between(2, 6)

    @task(3)
    def family_case(self):
        self.walk_guide(["fr.regroupement_familial"], RF, situation=("worker", "family"))

    @task(1)
    def cnda_paperwork(self):
        """The guide's result, "Préparer les documents", the paperwork questions, then the waiting
        screen until the worker has made the documents; the volunteer prints the packet."""
        ids, q = self.walk_guide(["fr.cnda_appeal"], CNDA)
        if q.get("id") != "guide_result":
            self.report("documents made (Celery)", RuntimeError(f"the guide ended on {q.get('id')!r}"))
            return
        self.wait()
        self.client.post("/api/session/action", json=dict(ids, action="prepare_paperwork"), name="paperwork: start")
        r = self.client.get("/api/session/question", params=ids, name="paperwork step")
        q = r.json() if r.ok else {}
        started = time.perf_counter()
        for _ in range(len(PAPERWORK)):
            if q.get("id") not in PAPERWORK:
                break
            asked = q["id"]
            self.wait()
            started = time.perf_counter()  # the answer that starts the work is the last one posted
            q = self.step(
                ids,
                PAPERWORK[asked],
                "paperwork: letter form" if asked == "letter_fields" else "paperwork step",
                think=False,
            )
        for attempt in range(2):  # the failure screen offers a retry, which a volunteer presses once
            q = self.wait_for_documents(ids, q)
            made = q.get("id") == "paperwork_ready"
            self.environment.events.request.fire(
                request_type="CELERY",
                name="documents made (Celery)",
                response_time=(time.perf_counter() - started) * 1000,
                response_length=0,
                exception=None if made else RuntimeError(f"the volunteer saw {q.get('id')!r}"),
                context={},
            )
            if made or q.get("id") != "paperwork_failed" or attempt:
                break
            self.client.post("/api/session/action", json=dict(ids, action="retry_paperwork"), name="paperwork: start")
            started, q = time.perf_counter(), {"id": "paperwork_waiting"}
        if not made:
            return
        packet = re.search(r"/uploadedfiledownload/(\d+)/packet\.pdf", q.get("subquestionText", ""))
        with self.client.get(
            f"/api/file/{packet.group(1) if packet else 0}",
            params={"key": KEY, "extension": "pdf"},
            name="paperwork: packet PDF",
            catch_response=True,
        ) as r:
            if not packet or not r.content.startswith(b"%PDF"):
                r.failure("no packet PDF on the ready screen" if not packet else "not a PDF")

    def wait_for_documents(self, ids, q):
        """The waiting screen, asked again every POLL_SECONDS until it moves on."""
        end = time.monotonic() + MADE_WITHIN_SECONDS
        while q.get("id") == "paperwork_waiting" and time.monotonic() < end:
            time.sleep(POLL_SECONDS)
            r = self.client.get("/api/session/question", params=ids, name="paperwork: waiting")
            if r.ok:
                q = r.json()
        return q
