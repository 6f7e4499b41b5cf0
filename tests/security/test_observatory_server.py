"""The border observatory on the live server: who reads what, every read and export in the audit
log, every revision kept, nothing in clear in PostgreSQL, consent enforced on export and referral,
and the capture form under hostile input (values no screen offers, HTML, huge text, a forged file)."""

from __future__ import annotations

import re
import uuid

import pytest
import requests
from accounts import database, new_user, signed_in
from stackctl import pg_dump, secrets

from docassemble.parcours.observatory import ATTACHMENTS, AUDIT, RECORDS, open_file, open_record

ROUTE = "/parcours/observatory"
OBSERVER = ("observatrice.a@parcours.example.org", "Observatrice-A-2026!")
OTHER = ("observateur.b@parcours.example.org", "Observateur-B-2026!")
COORDINATOR = ("coordination.observatoire@parcours.example.org", "Coordination-Obs-2026!")
VOLUNTEER = ("benevole.obs@parcours.example.org", "Benevole-Obs-2026!")
PNG = b"\x89PNG\r\n\x1a\n" + b"Photomarker-bytes" + b"\0" * 64

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def base(server, da):
    url, _ = server
    new_user(da, *OBSERVER, "observer")
    new_user(da, *OTHER, "observer")
    new_user(da, *COORDINATOR, "observatory_coordinator")
    new_user(da, *VOLUNTEER, "volunteer")
    return url


@pytest.fixture(scope="module")
def observer(base):
    return signed_in(base, *OBSERVER)


@pytest.fixture(scope="module")
def coordinator(base):
    return signed_in(base, *COORDINATOR)


def token(http, url: str) -> str:
    page = http.get(url)
    assert page.status_code == 200, page.text[:300]
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


def a_testimony(**changes) -> dict:
    mark = uuid.uuid4().hex[:8]
    data = {
        "id": str(uuid.uuid4()),
        "date": "2026-11-12",
        "time": "06:30",
        "place": "calais_marck",
        "authorities": ["crs"],
        "acts": ["eviction", "tents_taken"],
        "people": "12",
        "witnesses": "1",
        "witness_named": "yes",
        "witness_names": "Witnessmarker" + mark,
        "testimony_language": "ti",
        "testimony": "Testimonymarker" + mark,
        "summary_fr": "Summarymarker" + mark + " : évacuation à l'aube, tentes emportées.",
        "consent": "anonymised_publication",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def notice(page: str) -> str:
    found = re.search(r'<p class="notice bad"[^>]*>(.*?)</p>', page)
    return found.group(1) if found else page[:300]


def post(http, base: str, data: dict, files=None, path: str = "/new"):
    """The capture form as a browser posts it (its token; the file kind's select sends its first choice)."""
    return http.post(
        base + ROUTE + path,
        data=dict(data, csrf_token=token(http, base + ROUTE + "/new"), attachment_kind=data.get("kind", "photo")),
        files=files,
        allow_redirects=False,
    )


def revisions(record_id: str) -> list[tuple]:
    with database() as db, db.cursor() as cur:
        cur.execute(f"SELECT revision, owner, content FROM {RECORDS} WHERE id = %s ORDER BY revision", (record_id,))
        return cur.fetchall()


def audit_rows(record_id: str) -> list[tuple[int, str]]:
    with database() as db, db.cursor() as cur:
        cur.execute(f"SELECT user_id, action FROM {AUDIT} WHERE record_id = %s ORDER BY n", (record_id,))
        return cur.fetchall()


def user_id(email: str) -> int:
    with database() as db, db.cursor() as cur:
        cur.execute("SELECT id FROM public.user WHERE email = %s", (email,))
        return cur.fetchone()[0]


def test_only_observers_and_coordinators_get_in(base):
    anonymous = requests.get(base + ROUTE + "/", allow_redirects=False, timeout=30)
    assert anonymous.status_code in (302, 303) and "/user/sign-in" in anonymous.headers["Location"]
    volunteer = signed_in(base, *VOLUNTEER)
    for path in ("/", "/new", "/export.csv", "/referral"):
        r = volunteer.get(base + ROUTE + path)
        assert r.status_code == 403 and "observatoire" in r.text, path
    observer = signed_in(base, *OBSERVER)
    for path in ("/export.csv", "/referral"):  # an observer captures; exports and referrals are the coordination's
        assert observer.get(base + ROUTE + path).status_code == 403


def test_an_observer_records_a_testimony_read_back_by_them_and_the_coordination_only(base, observer, coordinator):
    data = a_testimony()
    r = post(observer, base, data, files={"attachment": ("photo.png", PNG, "image/png")})
    assert r.status_code == 303, notice(r.text)
    rid = data["id"]
    page = observer.get(base + r.headers["Location"])
    assert page.status_code == 200 and data["summary_fr"].split(" ")[0] in page.text and "Photographie" in page.text
    assert "Content-Security-Policy" in page.headers and "<script" not in page.text
    other = signed_in(base, *OTHER)
    assert other.get(base + f"{ROUTE}/r/{rid}").status_code == 404
    assert rid not in other.get(base + ROUTE + "/").text
    assert coordinator.get(base + f"{ROUTE}/r/{rid}").status_code == 200
    (attachment,) = re.findall(rf"{ROUTE}/a/{rid}/([0-9a-f-]{{36}})", page.text)
    assert other.get(base + f"{ROUTE}/a/{rid}/{attachment}").status_code == 404
    got = coordinator.get(base + f"{ROUTE}/a/{rid}/{attachment}")
    assert got.content == PNG and got.headers["X-Content-Type-Options"] == "nosniff"
    a, c = user_id(OBSERVER[0]), user_id(COORDINATOR[0])
    log = audit_rows(rid)
    assert (a, "create") in log and (a, "read") in log and (c, "read") in log and (c, "file_read") in log
    assert (user_id(OTHER[0]), "read") not in log  # refused, so nothing was read


def test_every_revision_is_kept_and_a_revocation_is_a_new_consent_entry(base, observer):
    data = a_testimony(consent="identified_referral", person_name="Personmarker Invented", person_address="1 rue")
    assert post(observer, base, data).status_code == 303
    rid = data["id"]
    edit = dict(data, consent="internal")
    edit.pop("id")
    r = observer.post(
        base + f"{ROUTE}/r/{rid}/edit",
        data=dict(edit, csrf_token=token(observer, base + f"{ROUTE}/r/{rid}/edit")),
        allow_redirects=False,
    )
    assert r.status_code == 303, notice(r.text)
    rows = revisions(rid)
    assert [row[0] for row in rows] == [1, 2]
    key = secrets()["secretkey"]
    first, second = (open_record(row[2], rid, row[0], key) for row in rows)
    assert first.consent == "identified_referral" and second.consent == "internal"
    assert [c.scope for c in second.consents] == ["identified_referral", "internal"]
    assert second.consents[-1].by == OBSERVER[0]
    assert "Usage interne" in observer.get(base + f"{ROUTE}/r/{rid}").text


def test_no_testimony_name_or_attachment_in_clear_in_the_database(base, observer):
    data = a_testimony(consent="identified_referral", person_name="Namemarker Invented", person_address="Addrmarker")
    photo = b"\xff\xd8\xff\xe0" + b"Jpegmarker-bytes" * 10
    assert post(observer, base, data, files={"attachment": ("p.jpg", photo, "image/jpeg")}).status_code == 303
    markers = [data["testimony"], data["witness_names"], "Namemarker", "Addrmarker", "Summarymarker", "Jpegmarker"]
    with database() as db, db.cursor() as cur:
        cur.execute(f"SELECT content FROM {RECORDS} WHERE id = %s", (data["id"],))
        (blob,) = cur.fetchone()
        cur.execute(f"SELECT id::text, content FROM {ATTACHMENTS} WHERE record_id = %s", (data["id"],))
        ((attachment_id, file_blob),) = cur.fetchall()
    for marker in markers:
        assert marker.encode() not in bytes(blob) and marker.encode() not in bytes(file_blob)
    assert open_file(file_blob, data["id"], attachment_id, secrets()["secretkey"]) == photo
    dump = pg_dump()
    assert RECORDS.encode() in dump and AUDIT.encode() in dump
    for marker in markers:
        assert marker.encode() not in dump, marker


@pytest.fixture(scope="module")
def by_scope(base, observer):
    out = {}
    for scope in ("internal", "anonymised_publication", "identified_referral"):
        named = scope == "identified_referral"
        data = a_testimony(
            consent=scope,
            person_name="Scopemarker Invented" if named else None,
            person_address="2 rue Invented\n62100 Calais" if named else None,
        )
        data["summary_fr"] = f"Scope-{scope}-{uuid.uuid4().hex[:6]}"
        assert post(observer, base, data).status_code == 303
        out[scope] = data
    return out


PARTY = {
    "party_name": "Association Invented du Littoral",
    "party_address": "1 rue de la Mer\n62100 Calais",
    "signatory": "Jeanne Invented, coordinatrice",
    "place_signed": "Calais",
}


def referral(http, base: str, ids: list[str], kind: str, fmt: str = "pdf", **changes):
    data = dict(PARTY, kind=kind, format=fmt, records=ids, **changes)
    data["csrf_token"] = token(http, base + ROUTE + "/referral")
    return http.post(base + ROUTE + "/referral", data=data)


def test_export_holds_only_what_consent_allows_and_is_audited(base, coordinator, by_scope):
    csv = coordinator.get(base + ROUTE + "/export.csv")
    assert csv.status_code == 200 and csv.headers["Content-Type"].startswith("text/csv")
    assert by_scope["internal"]["summary_fr"] not in csv.text
    assert by_scope["anonymised_publication"]["summary_fr"] in csv.text
    assert by_scope["identified_referral"]["summary_fr"] in csv.text
    assert "Scopemarker" not in csv.text and "Witnessmarker" not in csv.text and "06:30" not in csv.text
    c = user_id(COORDINATOR[0])
    assert (c, "export") not in audit_rows(by_scope["internal"]["id"])
    for scope in ("anonymised_publication", "identified_referral"):
        assert (c, "export") in audit_rows(by_scope[scope]["id"])


def test_an_internal_testimony_goes_in_no_referral(base, coordinator, by_scope):
    rid = by_scope["internal"]["id"]
    for kind in ("collective", "individual"):
        r = referral(coordinator, base, [rid], kind)
        assert r.status_code == 400 and "usage interne" in r.text
    assert (user_id(COORDINATOR[0]), "referral") not in audit_rows(rid)


def test_an_anonymised_testimony_is_refused_by_name_and_the_collective_route_proposed(base, coordinator, by_scope):
    rid = by_scope["anonymised_publication"]["id"]
    r = referral(coordinator, base, [rid], "individual")
    assert r.status_code == 400 and "saisine collective" in r.text and "Summarymarker" not in r.text.split("<form")[0]
    ok = referral(coordinator, base, [rid, by_scope["identified_referral"]["id"]], "collective")
    assert ok.status_code == 200 and ok.content[:5] == b"%PDF-", ok.text[:300]
    assert (user_id(COORDINATOR[0]), "referral") in audit_rows(rid)


def test_an_identified_testimony_gives_an_individual_referral(base, coordinator, by_scope):
    rid = by_scope["identified_referral"]["id"]
    r = referral(coordinator, base, [rid], "individual", fmt="docx")
    assert r.status_code == 200 and r.content[:2] == b"PK", notice(r.text)
    import io
    import zipfile

    text = zipfile.ZipFile(io.BytesIO(r.content)).read("word/document.xml").decode()
    assert "Scopemarker Invented" in text and "06:30" in text


def test_a_referral_missing_an_element_is_refused_naming_it_and_keeps_what_was_typed(base, coordinator, by_scope):
    rid = by_scope["anonymised_publication"]["id"]
    r = referral(coordinator, base, [rid], "collective", party_address="")
    assert r.status_code == 400 and "il manque l&#39;adresse" in r.text
    assert "Jeanne Invented, coordinatrice" in r.text  # nothing typed is lost


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"place": "<b>the_moon</b>"}, "Lieu"),
        ({"acts": ["eviction", "<script>alert(1)</script>"]}, "Actes constatés"),
        ({"authorities": "army"}, "Forces ou services"),
        ({"people": "-3"}, "Personnes concernées"),
        ({"consent": "everything"}, "Consentement"),
        ({"date": "2999-01-01"}, "Date des faits"),
        ({"testimony": "x" * 2_000_000}, "trop long"),
        ({"gps": "50.95,1.85"}, "Le témoignage"),
        ({"summary_fr": ["one", "two"]}, "Résumé en français"),
    ],
)
def test_what_no_screen_offers_is_refused_naming_the_field_and_nothing_is_stored(base, observer, changes, words):
    data = a_testimony(**changes)
    r = post(observer, base, data)
    assert r.status_code == 400 and words in r.text, notice(r.text)
    assert "<script>alert" not in r.text and "<b>the_moon" not in r.text
    assert revisions(data["id"]) == []
    if "summary_fr" not in changes:
        assert data["summary_fr"].split(" ")[0] in r.text  # what was typed is shown again


def test_a_forged_file_and_html_in_the_text_are_refused_or_kept_as_text(base, observer):
    data = a_testimony()
    r = post(observer, base, data, files={"attachment": ("photo.png", b"<html><script>alert(1)</script>", "image/png")})
    assert r.status_code == 400 and "JPEG, PNG" in r.text and revisions(data["id"]) == []
    data = a_testimony(summary_fr="<img src=x onerror=alert(1)> évacuation")
    assert post(observer, base, data).status_code == 303
    page = observer.get(base + f"{ROUTE}/r/{data['id']}")
    assert "<img src=x" not in page.text and "&lt;img src=x onerror=alert(1)&gt;" in page.text


def test_a_post_without_the_forms_token_stores_nothing(base, observer):
    data = a_testimony()
    r = observer.post(base + ROUTE + "/new", data=data, allow_redirects=False)
    assert r.status_code == 400 and revisions(data["id"]) == []


def test_the_monthly_report_is_the_coordinations_counts_only_and_is_audited(base, observer, coordinator, by_scope):
    assert observer.get(base + ROUTE + "/report").status_code == 403
    page = coordinator.get(base + ROUTE + "/report")
    assert page.status_code == 200 and "<svg" in page.text and "novembre 2026" in page.text
    assert "<script" not in page.text and "Summarymarker" not in page.text and "Witnessmarker" not in page.text
    csv = coordinator.get(base + ROUTE + "/report?format=csv")
    assert (
        csv.headers["Content-Type"].startswith("text/csv") and by_scope["anonymised_publication"]["id"] not in csv.text
    )
    trace = coordinator.get(base + ROUTE + "/report?format=trace").text
    assert by_scope["anonymised_publication"]["id"] in trace and by_scope["internal"]["id"] not in trace
    assert coordinator.get(base + ROUTE + "/report?format=docx").content[:2] == b"PK"
    assert coordinator.get(base + ROUTE + "/report?format=<b>").status_code == 404
    c = user_id(COORDINATOR[0])
    assert (c, "report") in audit_rows(by_scope["identified_referral"]["id"])
    assert (c, "report_trace") in audit_rows(by_scope["anonymised_publication"]["id"])
    assert (c, "report") not in audit_rows(by_scope["internal"]["id"])
