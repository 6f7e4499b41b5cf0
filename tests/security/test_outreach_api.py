"""The maraude's records API under attack: who may post, what a post may hold, and that a record
sent twice is stored once, encrypted."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path

import pytest
from accounts import database, new_user, signed_in
from stackctl import TEST_ENV, secrets

from docassemble.parcours.outreach import TABLE, open_content

API = "/parcours/outreach/api/"
HEADERS = {"X-Parcours-Outreach": "1", "Content-Type": "application/json"}
OUTREACH = ("maraude.api@parcours.example.org", "Maraude-Api-2026!")
OTHER = ("maraude.autre@parcours.example.org", "Maraude-Autre-2026!")
VOLUNTEER = ("benevole.api@parcours.example.org", "Benevole-Api-2026!")

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def base(server, da):
    url, _ = server
    new_user(da, *OUTREACH, "outreach")
    new_user(da, *OTHER, "outreach")
    new_user(da, *VOLUNTEER, "volunteer")
    return url


@pytest.fixture(scope="module")
def phone(base):
    return signed_in(base, *OUTREACH)


def record(**changes) -> dict:
    data = {
        "id": str(uuid.uuid4()),
        "round": {"date": dt.date.today().isoformat(), "team": "Équipe test", "place": "calais_marck"},
        "people": 2,
        "languages": ["ps"],
        "needs": ["asylum"],
        "flags": ["medical"],
        "procedures": [{"id": "fr.cnda_appeal", "date": None}],
        "notes": "Notemarker-" + uuid.uuid4().hex[:8],
    }
    data.update(changes)
    return data


def rows(record_id: str) -> list[tuple]:
    with database() as db, db.cursor() as cur:
        cur.execute(f"SELECT to_regclass('{TABLE}')")
        if cur.fetchone()[0] is None:
            return []
        cur.execute(f"SELECT id::text, place, round_date, content FROM {TABLE} WHERE id = %s", (record_id,))
        return cur.fetchall()


def test_nobody_but_an_outreach_volunteer_posts_or_gets_a_key(base):
    import requests

    data = record()
    anonymous = requests.post(base + API + "records", data=json.dumps(data), headers=HEADERS, timeout=30)
    assert anonymous.status_code == 401 and "Connectez-vous" in anonymous.json()["message"]
    assert requests.get(base + API + "key", headers=HEADERS, timeout=30).status_code == 401
    words = requests.get(base + API + "settings?lang=nl", timeout=30)
    assert words.status_code == 401 and words.json()["places"] == [] and words.json()["texts"]["outreach.sign_in"]
    volunteer = signed_in(base, *VOLUNTEER)
    refused = volunteer.post(
        base + API + "records", data=json.dumps(data), headers=dict(HEADERS, **{"X-Parcours-Lang": "nl"})
    )
    assert refused.status_code == 403 and "outreach" in refused.json()["message"]
    assert volunteer.get(base + API + "key", headers=HEADERS).status_code == 403
    assert rows(data["id"]) == []


def test_a_record_sent_twice_is_stored_once_and_encrypted(base, phone):
    data = record(notes="<b>Notemarker</b> <img src=x onerror=alert(1)> rendez-vous mardi")
    first = phone.post(base + API + "records", data=json.dumps(data), headers=HEADERS)
    assert first.status_code == 201 and first.json()["stored"] is True
    again = phone.post(base + API + "records", data=json.dumps(data), headers=HEADERS)
    assert again.status_code == 200 and again.json()["stored"] is False and "deux fois" in again.json()["message"]
    assert "<img" not in again.text
    (row,) = rows(data["id"])
    assert row[1] == "calais_marck" and row[2] == dt.date.fromisoformat(data["round"]["date"])
    blob = bytes(row[3])
    assert b"Notemarker" not in blob and b"asylum" not in blob and b"medical" not in blob
    content = open_content(blob, data["id"], secrets()["secretkey"])
    assert content["notes"] == data["notes"] and content["needs"] == ["asylum"] and content["people"] == 2


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"needs": ["asylum", "<script>alert(1)</script>"]}, "needs"),
        ({"flags": ["vip"]}, "flags"),
        ({"languages": ["tlh"]}, "languages"),
        ({"round": {"date": "2026-12-06", "place": "<b>the_moon</b>"}}, "place"),
        ({"procedures": [{"id": "be.dublin_appeal"}]}, "procedures"),
        ({"people": -3}, "people"),
        ({"notes": {"nested": {"deeper": ["x"]}}}, "notes"),
        ({"name": "Invented Person", "photo": "data:image/png;base64,AAAA"}, "record"),
        ({"id": "../../etc/passwd"}, "id"),
    ],
)
def test_what_no_screen_offers_is_refused_naming_the_field_in_the_phone_language(base, phone, changes, field):
    data = record(**changes)
    r = phone.post(base + API + "records", data=json.dumps(data), headers=dict(HEADERS, **{"X-Parcours-Lang": "nl"}))
    assert r.status_code == 400, r.text
    body = r.json()
    assert (
        body["field"] == field and body["message"] and "<" not in body["message"] and "outreach." not in body["message"]
    )
    if isinstance(data.get("id"), str) and len(data["id"]) == 36:
        assert rows(data["id"]) == []


def test_a_megabyte_of_notes_and_deep_nesting_are_refused_before_parsing(base, phone):
    data = record(notes="x" * 1_000_000)
    r = phone.post(base + API + "records", data=json.dumps(data), headers=HEADERS)
    assert r.status_code == 413 and r.json()["field"] == "record" and "Ko" in r.json()["message"]
    assert rows(data["id"]) == []
    deep = '{"id": "' + str(uuid.uuid4()) + '", "notes": ' + "[" * 5000 + "]" * 5000 + "}"
    r = phone.post(base + API + "records", data=deep, headers=HEADERS)
    assert r.status_code == 400 and r.json()["error"] == "bad_format"


def test_a_post_from_another_site_is_refused(base, phone):
    """What a cross-site form or script can send without a preflight: no custom header, a form body."""
    data = record()
    for headers, body in (
        ({"Content-Type": "application/json"}, json.dumps(data)),  # no X-Parcours-Outreach
        ({"X-Parcours-Outreach": "1", "Content-Type": "text/plain"}, json.dumps(data)),
        (dict(HEADERS, Origin="https://evil.example"), json.dumps(data)),
        (dict(HEADERS, **{"Sec-Fetch-Site": "cross-site"}), json.dumps(data)),
    ):
        r = phone.post(base + API + "records", data=body, headers=headers)
        assert r.status_code == 400 and r.json()["error"] == "bad_request", headers
    assert rows(data["id"]) == []


def test_each_volunteer_has_a_key_of_their_own(base, phone):
    mine = phone.get(base + API + "key", headers={"X-Parcours-Outreach": "1"})
    assert mine.status_code == 200 and mine.headers["Cache-Control"] == "no-store"
    assert phone.get(base + API + "key", headers={"X-Parcours-Outreach": "1"}).json() == mine.json()
    other = signed_in(base, *OTHER).get(base + API + "key", headers={"X-Parcours-Outreach": "1"}).json()
    assert other["key"] != mine.json()["key"] and other["user"] != mine.json()["user"]
    assert OUTREACH[0] not in mine.text


def test_refused_values_never_reach_a_log(base, phone):
    marker = "Logmarker" + uuid.uuid4().hex[:8]
    phone.post(base + API + "records", data=json.dumps(record(needs=[marker])), headers=HEADERS)
    phone.post(base + API + "records", data=json.dumps(record(notes=marker * 5000)), headers=HEADERS)
    for log in (Path(TEST_ENV["PARCOURS_VAR"]) / "log").glob("*.log"):
        try:
            assert marker not in log.read_text(errors="replace"), log.name
        except PermissionError:
            pass


COORDINATOR = ("coordination.maraude@parcours.example.org", "Coordination-2026!")
LAWYER = ("juriste.maraude@parcours.example.org", "Juriste-Maraude-2026!")


def test_the_needs_view_shows_counts_only_and_only_to_coordinators_and_the_legal_team(base, phone, da):
    import requests

    new_user(da, *COORDINATOR, "outreach_coordinator")
    new_user(da, *LAWYER, "legal_team")
    marker = "Countmarker" + uuid.uuid4().hex[:8]
    for _ in range(6):
        data = record(notes=marker, needs=["asylum"], flags=["medical"])
        data["round"]["team"] = marker
        assert phone.post(base + API + "records", data=json.dumps(data), headers=HEADERS).status_code == 201
    needs = "/parcours/outreach-needs"
    anonymous = requests.get(base + needs, allow_redirects=False, timeout=30)
    assert anonymous.status_code in (302, 303) and "/user/sign-in" in anonymous.headers["Location"]
    assert phone.get(base + needs).status_code == 403  # a volunteer of the round: not the association's view
    assert signed_in(base, *VOLUNTEER).get(base + needs).status_code == 403
    for account in (COORDINATOR, LAWYER):
        http = signed_in(base, *account)
        page = http.get(base + needs + "?lang=fr")
        assert page.status_code == 200 and "Calais — Marck, zone industrielle" in page.text
        assert "Content-Security-Policy" in page.headers and "<script" not in page.text
        assert marker not in page.text and "Notemarker" not in page.text and "Équipe test" not in page.text
        assert "&lt; 5" in page.text and "Semaine du" in page.text
        csv = http.get(base + needs + "?lang=nl&format=csv")
        assert csv.headers["Content-Type"].startswith("text/csv") and "Week van" in csv.text
        assert marker not in csv.text and "Notemarker" not in csv.text


# ----------------------------------------------------------------------------- the person's card


def _card() -> str:
    from parcours.outreach import new_code

    return new_code()


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"code": "CARD"}, "consent", "toestemming"),  # a card without consent (and a bad code)
        ({"consent": True, "code": "<img src=x onerror=alert(1)>"}, "code", "8 tekens"),
        ({"consent": True, "code": "' OR 1=1 --"}, "code", "8 tekens"),
        ({"consent": True, "code": "K" * 100_000}, "record", "kB"),
        ({"consent": True, "code": {"$ne": None}}, "code", "8 tekens"),
        ({"consent": "oui", "code": None}, "consent", "toestemming"),
    ],
)
def test_a_card_code_no_phone_makes_is_refused_naming_the_field(base, phone, changes, field, words):
    if changes.get("code") == "CARD":
        changes = {"code": _card()}
    data = record(**changes)
    r = phone.post(base + API + "records", data=json.dumps(data), headers=dict(HEADERS, **{"X-Parcours-Lang": "nl"}))
    assert r.status_code in (400, 413), r.text
    body = r.json()
    assert body["field"] == field and words.lower() in body["message"].lower()
    assert "<" not in body["message"] and "OR 1=1" not in body["message"] and "KKKK" not in body["message"]
    assert rows(data["id"]) == []


def test_a_mistyped_card_is_refused_and_a_card_is_stored_as_a_keyed_hash(base, phone):
    code = _card()
    wrong = code[:2] + ("A" if code[2] != "A" else "B") + code[3:]
    r = phone.post(base + API + "records", data=json.dumps(record(consent=True, code=wrong)), headers=HEADERS)
    assert r.status_code == 400 and r.json()["field"] == "code" and "mal recopié" in r.json()["message"]
    data = record(consent=True, code=code)
    assert phone.post(base + API + "records", data=json.dumps(data), headers=HEADERS).status_code == 201
    with database() as db, db.cursor() as cur:
        cur.execute(f"SELECT code_index, opened_at, content FROM {TABLE} WHERE id = %s", (data["id"],))
        index, opened, blob = cur.fetchone()
    from docassemble.parcours.outreach import code_index

    assert index == code_index(code, secrets()["secretkey"]) and opened is None
    assert code.encode() not in bytes(blob) and code.replace("-", "").encode() not in bytes(blob)


FOLLOW = ("coordination.suivi@parcours.example.org", "Coordination-Suivi-2026!")
LAWYER2 = ("juriste.suivi@parcours.example.org", "Juriste-Suivi-2026!")


def test_open_follow_ups_urgent_first_for_coordinators_counts_only_for_the_legal_team(base, phone, da):
    new_user(da, *FOLLOW, "outreach_coordinator")
    new_user(da, *LAWYER2, "legal_team")
    calm, urgent = _card(), _card()
    old_day = (dt.date.today() - dt.timedelta(days=20)).isoformat()
    calm_record = record(consent=True, code=calm, flags=[])
    calm_record["round"]["date"] = old_day
    for data in (calm_record, record(consent=True, code=urgent, flags=["unaccompanied_minor", "medical"])):
        assert phone.post(base + API + "records", data=json.dumps(data), headers=HEADERS).status_code == 201
    page = signed_in(base, *FOLLOW).get(base + "/parcours/outreach-needs?lang=fr").text
    section = page[page.index('id="followups"') :]
    assert "Suivis ouverts" in section and urgent in section and calm in section
    assert section.index(urgent) < section.index(calm)  # urgent first, however recent
    assert "Mineur" in section or "mineur" in section
    lawyer = signed_in(base, *LAWYER2).get(base + "/parcours/outreach-needs?lang=fr").text
    assert "Cartes en attente" in lawyer and urgent not in lawyer and calm not in lawyer


def test_the_purge_deletes_outreach_records_past_their_period(base, phone):
    import os

    from stackctl import stack

    if os.environ.get("PARCOURS_TEST_URL"):
        pytest.skip("needs the test stack's own database")
    old, recent = record(), record()
    old["round"]["date"] = (dt.date.today() - dt.timedelta(days=91)).isoformat()
    recent["round"]["date"] = (dt.date.today() - dt.timedelta(days=89)).isoformat()
    for data in (old, recent):
        assert phone.post(base + API + "records", data=json.dumps(data), headers=HEADERS).status_code == 201
    r = stack("purge")
    assert r.returncode == 0, r.stderr
    assert rows(old["id"]) == [] and len(rows(recent["id"])) == 1
    assert '"outreach":' in r.stdout
