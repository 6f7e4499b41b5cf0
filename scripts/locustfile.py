"""Load profile for `make load`: kiosk visitors and volunteers walking real interviews through
the REST API on loopback. Kiosk users answer the guide with "I don't know" for most facts;
volunteers answer a family-reunification case and assemble the demo letter."""

from __future__ import annotations

import json
import os
import random
import time
from pathlib import Path

from locust import HttpUser, between, task
from locust.exception import RescheduleTask

GUIDE = "docassemble.parcours:data/questions/guide.yml"
DEMO = "docassemble.parcours:data/questions/demo.yml"
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


class Walker(HttpUser):
    abstract = True

    def new_session(self, interview):
        r = self.client.get("/api/session/new", params={"i": interview, "key": KEY}, name="new session")
        if not r.ok:
            raise RescheduleTask()  # counted as a failure by locust; the user starts over
        data = r.json()
        return {"i": interview, "session": data["session"], "secret": data["secret"], "key": KEY}

    def step(self, ids, variables, name):
        """One answer. A failed request is sent again after a pause, as a person presses Continue
        again (up to a minute, e.g. while a crashed service restarts during the fault drill)."""
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
    def letter(self):
        ids = self.new_session(DEMO)
        self.step(ids, {"first_name": "Invented", "last_name": "Person", "birth_date": "1990-01-01"}, "demo step")
        self.step(ids, {"street": "1 rue Fictive", "postal_code": "59000", "city": "Lille"}, "demo step")
        self.step(ids, {"prefecture": "nord", "agdref": ""}, "letter assembly (DOCX+PDF)")
