"""A small client for docassemble's REST API and a story-table runner.

A story states answers by variable name, in any order; the runner answers whatever screen the
interview asks next from the story until it reaches the expected screen id. A screen that asks
for a variable the story does not have fails with its id and the missing names, so a story
never silently depends on the order of the questions.
"""

from __future__ import annotations

import json
import re
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field


class APIError(AssertionError):
    pass


@dataclass
class Session:
    client: DAClient
    interview: str
    session: str
    secret: str
    trail: list[str] = field(default_factory=list)  # screen ids seen, for failure messages

    def _ids(self) -> dict:
        return {"i": self.interview, "session": self.session, "secret": self.secret}

    def question(self) -> dict:
        return self.client.get("/api/session/question", self._ids())

    def set(self, variables: dict) -> dict:
        return self.client.post("/api/session", dict(self._ids(), variables=variables))

    def action(self, name: str, persistent: bool = True, **arguments) -> dict:
        """Run the interview's event *name* (what a url_action link does), then read the screen.
        *persistent*: the screen the event asks for stays the session's current one."""
        body = dict(self._ids(), action=name, arguments=arguments, persistent=persistent)
        self.client.post("/api/session/action", body)
        return self.question()

    def _poll(self, q: dict, screen: str, timeout: float = 90) -> dict:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            time.sleep(0.5)
            q = self.question()
            if (q.get("id") or q.get("questionName")) != screen:
                return q
        raise APIError(f"screen {screen!r} was still waiting after {timeout:.0f} s; trail: {self.trail}")

    def run_story(self, answers: dict, until: str, max_steps: int = 40) -> dict:
        q = self.question()
        for _ in range(max_steps):
            screen = q.get("id") or q.get("questionName")
            self.trail.append(screen)
            if screen == until:
                return q
            if q.get("reload_after") and not q.get("fields"):  # a progress screen: wait for the work
                q = self._poll(q, screen)
                continue
            if q.get("questionType") in ("deadend", "restart", "exit") or not q.get("fields"):
                raise APIError(
                    f"stuck on screen {screen!r} ({q.get('questionType')}) before {until!r}; trail: {self.trail}"
                )
            wanted = {
                f["variable_name"]: story_key(f["variable_name"], answers)
                for f in q["fields"]
                if f.get("variable_name")
            }
            required_missing = [
                f["variable_name"]
                for f in q["fields"]
                if f.get("variable_name") and wanted[f["variable_name"]] is None and f.get("required", True)
            ]
            if required_missing:
                raise APIError(
                    f"screen {screen!r} asks {required_missing} but the story has no answer for it; trail: {self.trail}"
                )
            # The variable the screen is asked for (e.g. a `continue button field`) when the story has it:
            # enough on a screen of optional fields (files to join) the story leaves empty.
            for v in q.get("event_list", []):
                if v in answers and v not in wanted:
                    wanted[v] = v
            if not any(wanted.values()):
                raise APIError(
                    f"screen {screen!r} asks {list(wanted)} and the story answers none of them; trail: {self.trail}"
                )
            q = self.set({v: answers[k] for v, k in wanted.items() if k is not None})
        raise APIError(f"did not reach {until!r} in {max_steps} steps; trail: {self.trail}")


FACT_VARIABLE = re.compile(r"^fact_answers\[['\"](.+)['\"]\]$")


def story_key(variable: str, answers: dict) -> str | None:
    """The story's key for a screen variable: the variable itself, or, for the rules-driven
    guide's fact_answers['<fact id>'], just the fact id (stories are written in fact ids)."""
    if variable in answers:
        return variable
    m = FACT_VARIABLE.match(variable)
    if m and m.group(1) in answers:
        return m.group(1)
    if m and "__default__" in answers:  # e.g. "unknown": the person does not know
        return "__default__"
    return None


class DAClient:
    def __init__(self, base_url: str, api_key: str):
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key

    def _open(self, req) -> bytes:
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                return r.read()
        except urllib.error.HTTPError as e:
            raise APIError(
                f"{req.get_method()} {req.full_url.split('?')[0]} -> {e.code}: {e.read()[:3000]!r}"
            ) from None

    def get(self, path: str, params: dict | None = None) -> dict:
        q = urllib.parse.urlencode(dict(params or {}, key=self.api_key))
        return json.loads(self._open(urllib.request.Request(f"{self.base_url}{path}?{q}")))

    def post(self, path: str, body: dict) -> dict:
        data = json.dumps(dict(body, key=self.api_key)).encode()
        req = urllib.request.Request(
            f"{self.base_url}{path}", data=data, method="POST", headers={"Content-Type": "application/json"}
        )
        body = self._open(req)
        return json.loads(body) if body.strip() else {}  # some endpoints answer 204

    def new_session(self, interview: str) -> Session:
        r = self.get("/api/session/new", {"i": interview})
        return Session(self, interview, r["session"], r["secret"])

    def download(self, number: int, extension: str) -> bytes:
        q = urllib.parse.urlencode({"key": self.api_key, "extension": extension})
        return self._open(urllib.request.Request(f"{self.base_url}/api/file/{number}?{q}"))


def timed(fn, *args, **kwargs):
    t = time.perf_counter()
    r = fn(*args, **kwargs)
    return r, time.perf_counter() - t


GUIDE = "docassemble.parcours:data/questions/guide.yml"


def cnda_guide_case(client: DAClient, notified: str, label: str, note: str = "") -> Session:
    """A guide session through the REST API: a CNDA appeal after an OFPRA rejection notified on
    *notified* (ISO date), every other fact unknown, named *label* (an invented person), with *note*."""
    s = client.new_session(GUIDE)
    s.run_story(
        {
            "jurisdiction": "fr",
            "place": "75011",
            "situation": "other",
            "chosen_procedures": {"fr.cnda_appeal": True},
            "ofpra_decision": "rejection",
            "ofpra_decision_notification_date": notified,
            "__default__": "unknown",
        },
        until="guide_result",
    )
    s.set({"case_label": label, "volunteer_note": note})
    return s
