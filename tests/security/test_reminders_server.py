"""Issue 20 item 3 on the real server: a volunteer opts a person in to reminders from the guide's
result; the worker's daily task delivers them to a local mail server and a local SMS endpoint with
the date, the place and the association only; a moved deadline moves its reminder; after opt-out
(the link, a "STOP" reply) nothing is sent and the contact is gone; hostile opt-ins are refused
naming the field; no address or number in clear in the database or in any log.

The stack sends every 10 s in the tests (PARCOURS_REMINDERS_EVERY, tests/support/stackctl.py) to
the ports this module listens on."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
import re
import threading
import time
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from accounts import database
from daclient import cnda_guide_case
from stackctl import TEST_ENV, pg_dump, secrets

from docassemble.parcours.reminders import TABLE, case_index, open_content
from parcours import reminders as rm
from parcours.casefile import CaseFile
from parcours.evaluate import evaluate

pytestmark = pytest.mark.server
RUN = f"{uuid.uuid4().int % 10**6:06d}"  # each run its own addresses and numbers (the stack's data stays)
EMAIL = f"zerihun.{RUN}@example.org"
PHONE, PHONE_E164 = f"06 98 {RUN[:2]} {RUN[2:4]} {RUN[4:]}", f"+33698{RUN}"
STOPPED_PHONE, STOPPED_E164 = f"07 11 {RUN[:2]} {RUN[2:4]} {RUN[4:]}", f"+33711{RUN}"
MOVED, STOPPED = f"moved.{RUN}@example.org", f"stopped.{RUN}@example.org"
PERSON = "Zerihunmarker Invented"  # the case's name, never in a message
WAIT = 45  # seconds: the worker sends every 10 s


# ----------------------------------------------------------------------------- local mail and SMS


class Inbox:
    def __init__(self):
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(
            {"to": list(envelope.rcpt_tos), "subject": str(message["Subject"]), "body": message.get_content()}
        )
        return "250 OK"


@pytest.fixture(scope="module")
def inbox():
    from aiosmtpd.controller import Controller

    box = Inbox()
    controller = Controller(box, hostname="127.0.0.1", port=int(TEST_ENV["PARCOURS_MAIL_PORT"]))
    controller.start()
    yield box
    controller.stop()


@pytest.fixture(scope="module")
def texts():
    received: list = []

    class Provider(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            received.append({"auth": self.headers.get("Authorization"), **json.loads(body)})
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'{"status":"queued"}')

        def log_message(self, *args):  # quiet
            pass

    port = int(TEST_ENV["PARCOURS_SMS_URL"].split(":")[2].split("/")[0])
    httpd = ThreadingHTTPServer(("127.0.0.1", port), Provider)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield received
    httpd.shutdown()


# ----------------------------------------------------------------------------- the guide


def notified_for(wanted: bool = True) -> tuple[str, dt.date | None]:
    """A notification date whose CNDA deadlines put exactly one reminder today (7 or 2 days before
    a due day: one of them falls on a working day whatever today is), and that reminder's due day;
    or (*wanted* False) a date with deadlines ahead and no reminder today."""
    today = dt.date.today()
    for back in range(1, 60):
        notified = today - dt.timedelta(days=back)
        case = CaseFile.from_dict(
            {
                "format_version": 1,
                "jurisdiction": "fr",
                "facts": {"ofpra_decision": "rejection", "ofpra_decision_notification_date": notified.isoformat()},
            }
        )
        evaluation = evaluate(case, today, procedures=["fr.cnda_appeal"])
        found = rm.due(evaluation, today, (7, 2))
        if not wanted and not found and rm.own_deadlines(evaluation):
            return notified.isoformat(), None
        if wanted and len(found) == 1:
            return notified.isoformat(), found[0].due
    raise AssertionError("no notification date fits")


def guide_case(da, notified: str):
    return cnda_guide_case(da, notified, PERSON)  # the case's name (Mes dossiers)


def opt_in(da, s, channel: str, contact: str, lang: str = "fr", consent: bool = True) -> dict:
    q = s.action("reminder_optin", persistent=False)
    assert q["id"] == "reminder_optin", q.get("id")
    return s.set(
        {
            "reminder_channel": channel,
            "reminder_contact": contact,
            "reminder_language": lang,
            "reminder_consent": consent,
        }
    )


def change_notification(da, s, notified: str) -> dict:
    """The notification date corrected, as the review screen's "change" does (parcours.answers.reask):
    the answer leaves the case and comes back typed anew."""
    return da.post(
        "/api/session",
        {
            "i": s.interview,
            "session": s.session,
            "secret": s.secret,
            "delete_variables": ["answers['ofpra_decision_notification_date']"],
            "variables": {"fact_answers['ofpra_decision_notification_date']": notified},
        },
    )


def row_of(s) -> tuple | None:
    ix = case_index(s.interview, s.session, secrets()["secretkey"])
    with database() as db, db.cursor() as cur:
        cur.execute(f"SELECT to_regclass('{TABLE}')")
        if cur.fetchone()[0] is None:
            return None
        cur.execute(f"SELECT id::text, content, phone_index FROM {TABLE} WHERE case_index = %s", (ix,))
        return cur.fetchone()


def wait_for(found, timeout: float = WAIT):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = found()
        if value:
            return value
        time.sleep(1)
    return found()


def for_address(inbox, address):
    return [m for m in inbox.messages if address in m["to"]]


def when(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


# ----------------------------------------------------------------------------- the tests


def test_an_email_reminder_says_the_date_place_and_association_only(da, inbox, texts):
    notified, due = notified_for()
    s = guide_case(da, notified)
    q = opt_in(da, s, "email", EMAIL, lang="fr")
    assert q["id"] == "guide_result" and "pc-reminders-saved" in q["subquestionText"]
    (message,) = wait_for(lambda: for_address(inbox, EMAIL))
    text = message["subject"] + "\n" + message["body"]
    assert when(due) in text
    assert "Permanence Invented, 3 rue Fictive" in text and "Accueil Invented" in text
    for secret in ("CNDA", "Cour nationale", "recours", "OFPRA", "rejet", "Zerihunmarker", PERSON):
        assert secret not in text, secret
    assert re.search(r"/parcours/reminders/stop/[\w-]{22}\.[\w-]{16}", text)

    # The session does not keep the address; the row is sealed.
    def sealed():
        rid, content, phone = row_of(s)
        assert EMAIL.encode() not in bytes(content) and phone is None
        return open_content(bytes(content), rid, secrets()["secretkey"])

    assert wait_for(lambda: sealed()["sent"], 10) == [f"{due.isoformat()}|{(due - dt.date.today()).days}"]
    assert sealed()["contact"] == EMAIL
    time.sleep(15)  # a later run the same day sends nothing more
    assert len(for_address(inbox, EMAIL)) == 1


def test_an_sms_reminder_reaches_the_provider_in_the_persons_language(da, inbox, texts):
    notified, due = notified_for()
    s = guide_case(da, notified)
    opt_in(da, s, "sms", PHONE, lang="ar")
    (sms,) = wait_for(lambda: [t for t in texts if t["to"] == PHONE_E164])
    assert sms["auth"] == "Bearer test-sms-token"
    assert when(due) in sms["text"] and "تذكير" in sms["text"] and "STOP" in sms["text"]
    for secret in ("CNDA", "Cour nationale", "recours", "OFPRA", "Zerihunmarker"):
        assert secret not in sms["text"], secret
    assert rm.sms_length(sms["text"])[2] <= 4  # UCS-2, with a 92-character stop link and a long place


def test_a_moved_deadline_moves_the_reminder(da, inbox, texts):
    address = MOVED
    notified, _ = notified_for(False)
    s = guide_case(da, notified)
    opt_in(da, s, "email", address)
    time.sleep(15)
    assert for_address(inbox, address) == []  # no reminder is due for this date
    notified, due = notified_for()
    q = change_notification(da, s, notified)  # the notification date was mistyped
    assert q["id"] == "guide_result"
    (message,) = wait_for(lambda: for_address(inbox, address))
    assert when(due) in message["body"]


def test_after_the_stop_link_nothing_is_sent_and_the_contact_is_deleted(da, inbox, server):
    address = STOPPED
    notified, _ = notified_for(False)
    s = guide_case(da, notified)
    opt_in(da, s, "email", address)
    rid, _, _ = row_of(s)
    from docassemble.parcours.reminders import stop_token

    url = f"{server[0]}/parcours/reminders/stop/{stop_token(rid, secrets()['secretkey'])}"
    page = urllib.request.urlopen(url).read().decode()  # a mail scanner's visit changes nothing
    assert "<form" in page and row_of(s) is not None
    page = urllib.request.urlopen(urllib.request.Request(url, data=b"", method="POST")).read().decode()
    assert "vos coordonnées sont effacées" in page
    assert row_of(s) is None
    change_notification(da, s, notified_for()[0])  # a reminder would be due now
    time.sleep(25)
    assert for_address(inbox, address) == []
    forged = url[:-4] + "0000"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(forged)
    assert refused.value.code == 404


def test_after_a_stop_reply_nothing_is_sent_and_the_contact_is_deleted(da, texts, server):
    number, e164 = STOPPED_PHONE, STOPPED_E164
    notified, _ = notified_for(False)
    s = guide_case(da, notified)
    opt_in(da, s, "sms", number)
    assert row_of(s)[2]  # found again by a keyed hash of the number

    def inbound(body: dict, token: str):
        request = urllib.request.Request(
            f"{server[0]}/parcours/reminders/sms-inbound",
            data=json.dumps(body).encode(),
            method="POST",
            headers={"Content-Type": "application/json", "X-Parcours-Token": token},
        )
        return urllib.request.urlopen(request)

    with pytest.raises(urllib.error.HTTPError) as refused:
        inbound({"from": e164, "text": "STOP"}, "forged")
    assert refused.value.code == 403 and row_of(s) is not None
    inbound({"from": e164, "text": "bonjour"}, "test-sms-token")
    assert row_of(s) is not None  # only a stop word stops
    inbound({"from": e164, "text": "Stop"}, "test-sms-token")
    assert row_of(s) is None
    change_notification(da, s, notified_for()[0])
    time.sleep(25)
    assert [t for t in texts if t["to"] == e164] == []


@pytest.mark.parametrize(
    ("channel", "contact", "consent", "field", "words"),
    [
        ("email", "a@example.org\nBcc: victim@example.org", True, "reminder_contact", "Adresse e-mail invalide"),
        ("email", "<script>alert(1)</script>@example.org", True, "reminder_contact", "Adresse e-mail invalide"),
        ("email", "a" * 5000 + "@example.org", True, "reminder_contact", "trop long"),
        ("sms", "06 CALL ME NOW", True, "reminder_contact", "Numéro de téléphone invalide"),
        ("sms", "0612345678", False, "reminder_consent", "Cochez l'accord"),
        ("pigeon", "0612345678", True, "reminder_channel", "Choisissez un moyen"),
    ],
)
def test_a_hostile_opt_in_is_refused_naming_the_field_and_nothing_is_stored(
    da, channel, contact, consent, field, words
):
    """Through the REST API, which sets variables without the screen's check: the guard of the
    storage refuses too, and the result says why. (The screen's own check: tests/journeys.)"""
    s = guide_case(da, notified_for(False)[0])
    q = opt_in(da, s, channel, contact, consent=consent)
    assert q["id"] == "guide_result", q.get("id")
    shown = q["subquestionText"]
    assert "pc-reminders-refused" in shown and "pc-reminders-saved" not in shown
    assert words in shown, shown[-600:]
    assert "<script>" not in shown and "CALL ME" not in shown and "victim" not in shown
    assert row_of(s) is None


def test_no_address_or_number_in_clear_in_the_database_or_any_log(inbox, texts):
    dump = pg_dump().decode("utf-8", "replace")
    assert TABLE in dump
    values = [EMAIL, MOVED, STOPPED, PHONE_E164, PHONE_E164[3:], STOPPED_E164, STOPPED_E164[3:]]
    for value in values:
        assert value not in dump, f"{value!r} is in clear in PostgreSQL"
    logs = Path(TEST_ENV["PARCOURS_VAR"]) / "log"
    for path in logs.rglob("*"):
        if path.is_file():
            content = path.read_text(errors="replace")
            for value in values + ["Accueil Invented:"]:
                assert value not in content, f"{value!r} is in {path.name}"
    assert "reminders sent" in "".join(p.read_text(errors="replace") for p in logs.rglob("*") if p.is_file())
