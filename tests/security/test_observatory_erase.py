"""Erasing testimonies on the live server: on request (the coordination, or the observer for their
own), every revision and attachment deleted from PostgreSQL with only "erased, by whom, when" left
in the audit log; automatically past PARCOURS_RETENTION_OBSERVATORY_DAYS by the retention purge
(both sides of the boundary day); consent revoked to internal keeps the record out of every export,
report and referral; hostile posts to the erase route refused with nothing echoed."""

# ruff: noqa: F811 - the server tests' fixtures (base, observer, coordinator) are imported and used by name

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from accounts import database, signed_in
from stackctl import pg_dump, stack
from test_observatory_server import (  # noqa: F401 - fixtures, used by name
    COORDINATOR,
    OBSERVER,
    OTHER,
    PNG,
    ROUTE,
    a_testimony,
    audit_rows,
    base,
    coordinator,
    notice,
    observer,
    post,
    referral,
    revisions,
    token,
    user_id,
)

from docassemble.parcours.observatory import ATTACHMENTS

pytestmark = pytest.mark.server


def files(record_id: str) -> list[bytes]:
    with database() as db, db.cursor() as cur:
        cur.execute(f"SELECT content FROM {ATTACHMENTS} WHERE record_id = %s", (record_id,))
        return [bytes(row[0]) for row in cur.fetchall()]


def erase(http, base: str, record_id: str, **data):
    url = base + f"{ROUTE}/r/{record_id}/erase"
    form = {"confirm": "yes", "csrf_token": token(http, base + ROUTE + "/new")}
    form.update(data)
    return http.post(url, data={k: v for k, v in form.items() if v is not None}, allow_redirects=False)


def recorded(http, base: str, **changes) -> str:
    data = a_testimony(**changes)
    r = post(http, base, data, files={"attachment": ("photo.png", PNG + uuid.uuid4().bytes, "image/png")})
    assert r.status_code == 303, notice(r.text)
    return data["id"]


def test_an_observer_erases_their_testimony_every_revision_and_attachment_goes(base, observer):
    rid = recorded(observer, base)
    edit = {k: v for k, v in a_testimony(summary_fr="Deuxième version du résumé.").items() if k != "id"}
    r = observer.post(
        base + f"{ROUTE}/r/{rid}/edit",
        data=dict(edit, csrf_token=token(observer, base + f"{ROUTE}/r/{rid}/edit")),
        allow_redirects=False,
    )
    assert r.status_code == 303, notice(r.text)
    sealed = [bytes(row[2]) for row in revisions(rid)] + files(rid)
    assert len(sealed) == 3  # two revisions, one attachment: the checks below can fail
    # pg_dump prints bytea in hex: each sealed blob is findable in the dump before, and gone after.
    markers = [blob[12:40].hex().encode() for blob in sealed]
    dump = pg_dump()
    assert all(m in dump for m in markers)

    page = observer.get(base + f"{ROUTE}/r/{rid}")
    assert f"{ROUTE}/r/{rid}/erase" in page.text and "Effacer ce témoignage" in page.text
    confirm = observer.get(base + f"{ROUTE}/r/{rid}/erase")
    assert confirm.status_code == 200 and "ni refaits ni rappelés" in confirm.text and "<script" not in confirm.text
    r = erase(observer, base, rid)
    assert r.status_code == 303 and "erased=1" in r.headers["Location"]
    assert "Témoignage effacé" in observer.get(base + r.headers["Location"]).text

    assert revisions(rid) == [] and files(rid) == []
    dump = pg_dump()
    assert not any(m in dump for m in markers)
    log = audit_rows(rid)
    a = user_id(OBSERVER[0])
    assert log[-1] == (a, "erase") and (a, "create") in log  # who and when; the earlier rows stay
    assert observer.get(base + f"{ROUTE}/r/{rid}").status_code == 404
    assert erase(observer, base, rid).status_code == 403  # nothing left: an observer is told no more


def test_an_observer_cannot_erase_anothers_testimony_the_coordination_can(base, observer, coordinator):
    rid = recorded(observer, base)
    other = signed_in(base, *OTHER)
    assert other.get(base + f"{ROUTE}/r/{rid}/erase").status_code == 403
    assert erase(other, base, rid).status_code == 403
    assert len(revisions(rid)) == 1 and len(files(rid)) == 1
    assert (user_id(OTHER[0]), "erase") not in audit_rows(rid)
    r = erase(coordinator, base, rid)
    assert r.status_code == 303 and revisions(rid) == [] and files(rid) == []
    assert audit_rows(rid)[-1] == (user_id(COORDINATOR[0]), "erase")


@pytest.mark.parametrize(
    ("who", "path", "data", "status"),
    [
        ("observer", "forged", {}, 404),
        ("coordinator", "unknown", {}, 404),
        ("observer", "own", {"confirm": "<script>alert('erase')</script>"}, 400),
        ("observer", "own", {"confirm": "yes", "extra": "<b>Hostilemarker</b>"}, 400),
        ("observer", "own", {"confirm": "Hostilemarker" * 200_000}, 400),
        ("observer", "own", {"confirm": None}, 400),
        ("observer", "own", {"csrf_token": None}, 400),
    ],
)
def test_a_hostile_erase_is_refused_with_nothing_echoed(base, observer, coordinator, who, path, data, status):
    rid = recorded(observer, base)
    target = {"own": rid, "forged": "..%2F..%2Fetc<b>", "unknown": str(uuid.uuid4())}[path]
    http = observer if who == "observer" else coordinator
    r = erase(http, base, target, **data)
    assert r.status_code == status, r.text[:300]
    assert "Hostilemarker" not in r.text and "<script>alert" not in r.text and "<b>" not in r.text
    assert len(revisions(rid)) == 1 and len(files(rid)) == 1
    if status == 400 and "csrf_token" not in data:
        assert "rien n&#39;a été effacé" in r.text


def test_the_retention_purge_erases_a_testimony_past_its_period_and_keeps_one_on_the_boundary(base, observer):
    # PARCOURS_RETENTION_OBSERVATORY_DAYS is not set in the test stack: the default, 1826 days.
    limit = dt.date.today() - dt.timedelta(days=1826)
    old = recorded(observer, base, date=(limit - dt.timedelta(days=1)).isoformat(), time=None)
    kept = recorded(observer, base, date=limit.isoformat(), time=None)
    recent = recorded(observer, base)
    r = stack("purge")
    assert r.returncode == 0, r.stderr
    assert re.search(r'"observatory": \d+', r.stdout), r.stdout
    assert revisions(old) == [] and files(old) == []
    assert audit_rows(old)[-1] == (0, "purge")  # the purge's own account number, never a person
    for rid in (kept, recent):
        assert len(revisions(rid)) == 1 and len(files(rid)) == 1


def test_consent_revoked_to_internal_keeps_the_record_out_of_exports_reports_and_referrals(base, observer, coordinator):
    data = a_testimony(consent="anonymised_publication")
    assert post(observer, base, data).status_code == 303
    rid = data["id"]
    assert data["summary_fr"] in coordinator.get(base + ROUTE + "/export.csv").text  # the check below can fail
    assert rid in coordinator.get(base + ROUTE + "/report?format=trace").text
    edit = {k: v for k, v in data.items() if k != "id"}
    edit["consent"] = "internal"
    r = observer.post(
        base + f"{ROUTE}/r/{rid}/edit",
        data=dict(edit, csrf_token=token(observer, base + f"{ROUTE}/r/{rid}/edit")),
        allow_redirects=False,
    )
    assert r.status_code == 303, notice(r.text)
    assert len(revisions(rid)) == 2  # the record stays
    assert data["summary_fr"] not in coordinator.get(base + ROUTE + "/export.csv").text
    assert rid not in coordinator.get(base + ROUTE + "/report?format=trace").text
    refused = referral(coordinator, base, [rid], "collective")
    assert refused.status_code == 400 and "usage interne" in refused.text
