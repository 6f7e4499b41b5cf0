"""Issue 20 item 1 on the real server: the association's cases, still encrypted. A coordinator sees
the cases of two volunteers (name, procedure, next deadline, volunteer in charge), reassigns A's
case to B; B finds it in "Mes dossiers", takes it over and edits it, and the coordinator sees the
edit; C (and A, once it is B's) cannot list nor open it, whatever id, HTML or huge value the link
carries; the audit log holds the coordinator's opening and B's take-over, and the volunteer in
charge reads who opened their case; no answer, case name or note in clear in the database or logs.

Each volunteer drives the guide through the REST API with an API key of their own account, so
that the sessions are theirs (docassemble encrypts each with its own secret)."""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import stat
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from accounts import database, new_user
from daclient import DAClient, cnda_guide_case
from stackctl import TEST_ENV, pg_dump, secrets

from docassemble.parcours.teamcases import AUDIT, TABLE, holder_index

pytestmark = pytest.mark.server

GUIDE = "docassemble.parcours:data/questions/guide.yml"
CASES = "docassemble.parcours:data/questions/cases.yml"
RUN = uuid.uuid4().hex[:6]
A = (f"tc.alice.{RUN}@parcours.example.org", "Benevole-Alice-2026!")
B = (f"tc.bruno.{RUN}@parcours.example.org", "Benevole-Bruno-2026!")
C = (f"tc.chloe.{RUN}@parcours.example.org", "Benevole-Chloe-2026!")
K = (f"tc.coord.{RUN}@parcours.example.org", "Coordination-Cas-2026!")
D = (f"tc.dounia.{RUN}@parcours.example.org", "Benevole-Dounia-2026!")  # leaves the association
E = (f"tc.emile.{RUN}@parcours.example.org", "Benevole-Emile-2026!")
NAME_A, NAME_B = f"Famille Aliceinvented{RUN}", f"Famille Brunoinvented{RUN}"
NOTE = f"Notemarker{RUN} rendez-vous préfecture"
EDIT = f"Editmarker{RUN} pièces reçues"


def user_id(email: str) -> int:
    with database() as db, db.cursor() as cur:
        cur.execute("SELECT id FROM public.user WHERE email = %s", (email,))
        return cur.fetchone()[0]


@pytest.fixture(scope="module")
def base(server, da):
    url, _ = server
    for who, role in (
        (A, "volunteer"),
        (B, "volunteer"),
        (C, "volunteer"),
        (K, "coordinator"),
        (D, "volunteer"),
        (E, "volunteer"),
    ):
        new_user(da, *who, role)
    return url


def client(base, da, who) -> DAClient:
    """A REST client acting as *who* (an API key of their own account, made by the administrator)."""
    key = da.post(f"/api/user/{user_id(who[0])}/api", {"name": f"tc{RUN}"})
    return DAClient(base, key if isinstance(key, str) else key["key"])


def guide_case(api: DAClient, label: str, note: str = "", notified: str | None = None):
    notified = notified or (dt.date.today() - dt.timedelta(days=3)).isoformat()
    s = cnda_guide_case(api, notified, label, note)
    s.question()  # the pass after the name: the association's copy follows
    return s


def screen_text(q: dict) -> str:
    return html.unescape(" ".join(str(q.get(k) or "") for k in ("questionText", "subquestionText")))


def row_of(s) -> tuple | None:
    ix = holder_index(GUIDE, s.session, secrets()["secretkey"])
    with database() as db, db.cursor() as cur:
        cur.execute(f"SELECT id::text, owner_id, assigned_id FROM {TABLE} WHERE holder = %s", (ix,))
        return cur.fetchone()


def audit_of(case_id: str) -> list[tuple[int, str]]:
    with database() as db, db.cursor() as cur:
        cur.execute(f"SELECT user_id, action FROM {AUDIT} WHERE case_id = %s ORDER BY n", (case_id,))
        return cur.fetchall()


def post_past_the_screen(api: DAClient, s, variable: str, value: str, inactive: int | None = None) -> dict:
    """Set *variable* straight through the REST API, past the screen's list and validation, while
    account *inactive* (if any) is deactivated; docassemble's own refusal comes back as {"refused"}."""
    if inactive is not None:  # an account that exists but is not active
        with database() as db, db.cursor() as cur:
            cur.execute("UPDATE public.user SET active = false WHERE id = %s", (inactive,))
            db.commit()
    try:
        return api.post(
            "/api/session", {"i": CASES, "session": s.session, "secret": s.secret, "variables": {variable: value}}
        )
    except AssertionError as refused:  # docassemble refuses the value itself: fine too
        return {"refused": str(refused)}
    finally:
        if inactive is not None:
            with database() as db, db.cursor() as cur:
                cur.execute("UPDATE public.user SET active = true WHERE id = %s", (inactive,))
                db.commit()


@pytest.fixture(scope="module")
def world(base, da):
    apis = {name: client(base, da, who) for name, who in (("A", A), ("B", B), ("C", C), ("K", K), ("E", E))}
    case_a = guide_case(apis["A"], NAME_A, NOTE)
    case_b = guide_case(apis["B"], NAME_B)
    return apis, case_a, case_b


def test_each_volunteers_case_gets_one_sealed_row_and_anonymous_sessions_none(world, da):
    apis, case_a, case_b = world
    ra, rb = row_of(case_a), row_of(case_b)
    assert ra and rb and ra[0] != rb[0]
    assert ra[1:] == (user_id(A[0]), user_id(A[0])) and rb[2] == user_id(B[0])
    case_a.question()  # another pass with nothing changed: still one row, same id
    assert row_of(case_a)[0] == ra[0]
    with database() as db, db.cursor() as cur:
        cur.execute(f"SELECT count(*) FROM {TABLE} WHERE id = %s", (ra[0],))
        assert cur.fetchone()[0] == 1
    # An account that is neither volunteer nor coordinator (here the administrator's API key) is not
    # indexed, like the anonymous public guide and the kiosk (no one signed in).
    assert row_of(guide_case(da, f"Famille Admininvented{RUN}")) is None


def test_the_coordinator_sees_both_cases_with_procedure_deadline_and_volunteer(world):
    apis, case_a, case_b = world
    k = apis["K"].new_session(CASES)
    q = k.action("team")
    assert q.get("id") == "team_list", q.get("id")
    text = screen_text(q)
    for expected in (NAME_A, NAME_B, "CNDA", A[0], B[0], "Prochain délai"):
        assert expected in text, expected
    assert "jours" in text or "2026" in text or "20" in text  # a dated deadline
    # the coordinator's list is logged for each case
    assert (user_id(K[0]), "listed") in audit_of(row_of(case_a)[0])


def test_reassign_take_over_edit_and_audit(world, base):
    apis, case_a, case_b = world
    rid = row_of(case_a)[0]
    kapi = apis["K"]
    k = kapi.new_session(CASES)
    q = k.action("open_team_case", case=rid)
    assert q.get("id") == "assign_to", q.get("id")
    assert NAME_A in screen_text(q) and NOTE in screen_text(q)
    assert (user_id(K[0]), "opened") in audit_of(rid)
    done = k.set({"assign_to": str(user_id(B[0]))})
    assert done.get("id") == "assign_done", done
    with database() as db, db.cursor() as cur:
        cur.execute(f"SELECT assigned_id FROM {TABLE} WHERE id = %s", (rid,))
        assert cur.fetchone()[0] == user_id(B[0])

    # B: the case is in "Mes dossiers", under the cases put in their charge; A's opening line shows
    bapi = apis["B"]
    bs = bapi.new_session(CASES)
    home = screen_text(bs.question())
    assert NAME_A in home and "confiés" in home
    q = bs.action("take_over_case", case=rid)
    assert q.get("id") == "taken_over_ready", q.get("id")
    taken = bapi.get("/api/session", {"i": CASES, "session": bs.session, "secret": bs.secret})["taken_session"]
    assert (user_id(B[0]), "taken_over") in audit_of(rid)

    from daclient import Session

    guide_b = Session(bapi, GUIDE, taken, bs.secret)
    result = guide_b.question()
    assert result.get("id") == "guide_result", result.get("id")  # facts and procedure came along
    assert row_of(guide_b)[0] == rid  # the row follows B's session
    guide_b.set({"case_label": NAME_A, "volunteer_note": EDIT})
    guide_b.question()

    # the coordinator sees B's edit; A's old session no longer writes to the row, nor makes another
    q = k.action("open_team_case", case=rid)
    assert EDIT in screen_text(q) and B[0] in screen_text(q)
    case_a.set({"volunteer_note": "Stalemarker " + RUN})
    case_a.question()
    assert row_of(case_a) is None
    with database() as db, db.cursor() as cur:
        cur.execute(f"SELECT count(*) FROM {TABLE} WHERE owner_id = %s", (user_id(A[0]),))
        assert cur.fetchone()[0] == 1
    q = k.action("open_team_case", case=rid)
    assert "Stalemarker" not in screen_text(q)

    # B, now in charge, reads who opened the case and when
    home = screen_text(bapi.new_session(CASES).question())
    assert "Qui a consulté vos dossiers" in home and "a ouvert le dossier" in home and K[0] in home


@pytest.mark.parametrize(
    "forged",
    ["", "0", str(uuid.uuid4()), "<script>alert(1)</script>", "' OR 1=1 --", "x" * 100_000, "../../etc/passwd"],
)
def test_another_volunteer_cannot_list_or_open_a_case_not_in_their_charge(world, forged):
    apis, case_a, case_b = world
    capi = apis["C"]
    c = capi.new_session(CASES)
    home = screen_text(c.question())
    assert NAME_A not in home and NAME_B not in home
    q = c.action("team")
    text = screen_text(q)
    assert NAME_B not in text and "réservée à la coordination" in text
    rid_b = row_of(case_b)[0]
    for case in (rid_b, forged):
        before = audit_of(rid_b)
        for name in ("open_team_case", "take_over_case"):
            q = c.action(name, case=case)
            text = screen_text(q)
            assert q.get("id") == "case_refused" and "ne vous est pas confié" in text, (name, q.get("id"))
            assert NAME_B not in text and "<script>" not in text and "xxxxxxxx" not in text
        assert audit_of(rid_b) == before
    assert row_of(case_b)[2] == user_id(B[0])


@pytest.mark.parametrize("target", ["0", "999999", "<b>1</b>", "1" * 100_000, "C"])
def test_the_coordinator_cannot_assign_to_someone_no_list_offers(world, target):
    apis, case_a, case_b = world
    kapi = apis["K"]
    k = kapi.new_session(CASES)
    rid = row_of(case_b)[0]
    k.action("open_team_case", case=rid)
    value = str(user_id(C[0])) if target == "C" else target
    q = post_past_the_screen(kapi, k, "assign_to", value, inactive=user_id(C[0]) if target == "C" else None)
    # The REST API skips the screen's validation: the server's own check still refuses, in French,
    # naming what to do, and echoes nothing.
    text = screen_text(q)
    assert "refused" in q or "Choisissez dans la liste" in text, text[:300]
    assert "<b>" not in text and "1111111111" not in text
    assert row_of(case_b)[2] == user_id(B[0])


def test_no_case_name_note_or_answer_in_clear_in_the_database_or_logs(world):
    dump = pg_dump()
    for marker in (NAME_A, NAME_B, "Aliceinvented", "Notemarker" + RUN, "Editmarker" + RUN):
        assert marker.encode() not in dump, marker
    logs = Path(TEST_ENV["PARCOURS_VAR"]) / "log"
    for path in logs.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for marker in ("Aliceinvented", "Notemarker" + RUN, "Editmarker" + RUN):
                assert marker.encode() not in data, (marker, path.name)


def test_rotation_on_the_live_index(world):
    """The rotation command re-wraps every row under a new association key and drops the old one;
    the coordinator still reads every case (the server reads the changed keyring)."""
    apis, case_a, case_b = world
    var = Path(TEST_ENV["PARCOURS_VAR"])
    keys = var / "case-keys.json"
    before, owner = json.loads(keys.read_text())["versions"], (keys.stat().st_uid, keys.stat().st_gid)
    r = subprocess.run(
        [sys.executable, "-m", "docassemble.parcours.teamcases", "rotate", str(var / "config" / "config.yml")],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "DA_CONFIG_FILE": str(var / "config" / "config.yml")},
    )
    assert r.returncode == 0, r.stderr[-2000:]
    after = json.loads(keys.read_text())["versions"]
    assert len(after) == 1 and not set(after) & set(before) and not set(after.values()) & set(before.values())
    assert (keys.stat().st_uid, keys.stat().st_gid) == owner and stat.S_IMODE(keys.stat().st_mode) == 0o600
    with database() as db, db.cursor() as cur:
        cur.execute(f"SELECT DISTINCT key_version FROM {TABLE}")
        assert {v for (v,) in cur.fetchall()} == {int(next(iter(after)))}
    k = apis["K"].new_session(CASES)
    text = screen_text(k.action("team"))
    assert NAME_A in text and NAME_B in text


def test_erasing_a_case_erases_the_associations_copy(world):
    apis, _, _ = world
    s = guide_case(apis["C"], f"Famille Erasedinvented{RUN}")
    assert row_of(s) is not None
    from daclient import Session

    # "Mes dossiers" with the guide session's secret (as a browser holds one secret for both)
    c = Session(
        apis["C"], CASES, apis["C"].get("/api/session/new", {"i": CASES, "secret": s.secret})["session"], s.secret
    )
    q = c.action("erase_request", session=s.session)
    assert q.get("id") == "erase_confirmed", q.get("id")
    c.set({"erase_confirmed": True})
    assert row_of(s) is None


@pytest.mark.parametrize("volunteer", ["<script>alert(1)</script>", "9" * 100_000, "-1", "1 OR 1=1", "C"])
def test_the_coordinators_filter_takes_only_an_account_number(world, volunteer):
    """A filter no link offers shows the whole list or nothing, never an error nor the value."""
    apis, _, case_b = world
    value = str(user_id(C[0])) if volunteer == "C" else volunteer
    k = apis["K"].new_session(CASES)
    q = k.action("team", volunteer=value)
    assert q.get("id") == "team_list", q.get("id")
    text = screen_text(q)
    assert "<script>" not in text and "99999999" not in text and "Traceback" not in text
    if volunteer == "C":  # C is in charge of none of these cases
        assert NAME_B not in text
    else:  # not an account number: the whole list
        assert NAME_B in text


@pytest.fixture(scope="module")
def departed(base, da):
    """D leaves two cases behind: their account is then made inactive, as an administrator does."""
    dapi = client(base, da, D)
    cases = [guide_case(dapi, f"Famille Douniainvented{RUN} {n}") for n in (1, 2)]
    rows = [row_of(s)[0] for s in cases]
    with database() as db, db.cursor() as cur:
        cur.execute("UPDATE public.user SET active = false WHERE id = %s", (user_id(D[0]),))
        db.commit()
    return rows


def assigned(rows) -> set[int]:
    with database() as db, db.cursor() as cur:
        cur.execute(f"SELECT assigned_id FROM {TABLE} WHERE id = ANY(%s::uuid[])", (rows,))
        return {r[0] for r in cur.fetchall()}


@pytest.mark.parametrize(
    "forged", ["<script>alert(1)</script>", "9" * 100_000, "-1", "1 OR 1=1", "", str(uuid.uuid4()), "B"]
)
def test_no_handover_of_a_volunteer_no_list_offers_nor_by_anyone_but_a_coordinator(world, departed, forged):
    """The handover screen opens only for a coordinator and an account that has cases; anything
    else (HTML, huge, SQL, an account with none of these cases) gets the refusal, echoing nothing."""
    apis, *_ = world
    value = str(user_id(D[0])) if forged == "B" else forged
    for who in ("K", "C"):
        if who == "K" and forged == "B":
            continue  # the coordinator may hand over D's cases: the next test does
        api = apis[who]
        s = api.new_session(CASES)
        q = s.action("hand_over", volunteer=value)
        text = screen_text(q)
        assert q.get("id") == "case_refused", (who, q.get("id"))
        assert "<script>" not in text and "99999999" not in text and "Traceback" not in text
        # A value posted straight to the REST API, past the screens: no case changes hands.
        post_past_the_screen(api, s, "handover_to", str(user_id(C[0])))
    assert assigned(departed) == {user_id(D[0])}


@pytest.mark.parametrize("target", ["0", "<b>1</b>", "1" * 100_000, "D", "C"])
def test_the_coordinator_cannot_hand_over_to_someone_no_list_offers(world, departed, target):
    """Not an account, HTML, huge, the departed account itself, an inactive one: refused in
    French, naming what to do, and no case changes hands."""
    apis, *_ = world
    kapi = apis["K"]
    k = kapi.new_session(CASES)
    q = k.action("hand_over", volunteer=str(user_id(D[0])))
    assert q.get("id") == "handover_to", q.get("id")
    value = {"D": str(user_id(D[0])), "C": str(user_id(C[0]))}.get(target, target)
    q = post_past_the_screen(kapi, k, "handover_to", value, inactive=user_id(C[0]) if target == "C" else None)
    text = screen_text(q)
    assert "refused" in q or "Choisissez" in text, text[:300]
    assert "<b>" not in text and "1111111111" not in text
    assert assigned(departed) == {user_id(D[0])}


def test_the_coordinator_hands_over_every_case_of_a_departed_volunteer_at_once(world, departed):
    apis, *_ = world
    kapi = apis["K"]
    k = kapi.new_session(CASES)
    d = str(user_id(D[0]))
    q = k.action("team", volunteer=d)
    text = screen_text(q)
    assert "Confier ces 2 dossiers à un autre bénévole" in text and D[0] in text, text[:600]
    assert "Confier ces" not in screen_text(k.action("team"))  # only on one volunteer's list
    q = k.action("hand_over", volunteer=d)
    assert q.get("id") == "handover_to", q.get("id")
    text = screen_text(q)
    assert "Dossiers à confier — ancien compte" in text and "Les 2 dossiers seront confiés" in text
    offered = json.dumps(q.get("fields"))
    assert E[0] in offered and D[0] not in offered  # the departed account is not offered
    done = k.set({"handover_to": str(user_id(E[0]))})
    assert done.get("id") == "handover_done", done
    assert "2 dossiers sont maintenant confiés à" in screen_text(done) and E[0] in screen_text(done)
    assert assigned(departed) == {user_id(E[0])}
    for rid in departed:  # each case's log names the coordinator's assignment
        assert (user_id(K[0]), "assigned") in audit_of(rid)
    # E finds both among the cases put in their charge, and takes one over
    eapi = apis["E"]
    es = eapi.new_session(CASES)
    home = screen_text(es.question())
    assert f"Douniainvented{RUN} 1" in home and f"Douniainvented{RUN} 2" in home and "confiés" in home
    assert "a changé la personne en charge" in home  # and reads who handed them over
    q = es.action("take_over_case", case=departed[0])
    assert q.get("id") == "taken_over_ready", q.get("id")
    assert (user_id(E[0]), "taken_over") in audit_of(departed[0])


def test_a_coordinators_repeated_lists_are_one_line_and_never_hide_an_opening(world):
    """Listing the association's cases again and again makes one line of the case's history, with
    how many times; even 60 more (as a busy month leaves) keep the coordinator's opening in sight."""
    apis, _, case_b = world
    kapi = apis["K"]
    k = kapi.new_session(CASES)
    rid = row_of(case_b)[0]
    k.action("open_team_case", case=rid)
    k.action("team")
    k.action("team")
    history = screen_text(k.action("open_team_case", case=rid))
    assert "a vu le dossier dans la liste de l'association" in history and "(2 fois de suite)" in history, history
    with database() as db, db.cursor() as cur:  # a month of lists, as the log holds them
        cur.execute(
            f"INSERT INTO {AUDIT} (case_id, user_id, action) SELECT %s, %s, 'listed' FROM generate_series(1, 60)",
            (rid, user_id(K[0])),
        )
        db.commit()
    history = screen_text(k.action("open_team_case", case=rid))
    assert "(60 fois de suite)" in history and history.count("a ouvert le dossier") >= 2, history
    assert history.count("a vu le dossier dans la liste") < 10, history
    # B, in charge, reads the openings once each, never 60 lines
    home = screen_text(apis["B"].new_session(CASES).question())
    assert "a ouvert le dossier" in home and home.count("a ouvert le dossier") < 10, home
