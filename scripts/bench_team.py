"""The association's cases (issue 20), for `make bench` or on their own:

- the coordinator's list of every case (each opened with its key and run through the engine for
  its procedures and next deadline), through the REST API: median of 5, at 100 and 500 cases;
- one handover of every case of one volunteer to another, at 500 cases.

An invented volunteer answers one CNDA case through the guide; its sealed row is copied (each copy
sealed again under a key of its own, as the server seals) up to the count, and the copies removed
at the end. Standalone: python scripts/bench_team.py BASE_URL VAR_FOLDER PG_PORT
"""

from __future__ import annotations

import datetime as dt
import json
import secrets as random
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "support"))
sys.path.insert(0, str(ROOT / "src"))
from accounts import new_user  # noqa: E402
from daclient import DAClient, cnda_guide_case  # noqa: E402

from docassemble.parcours import teamcases as tc  # noqa: E402

CASES = "docassemble.parcours:data/questions/cases.yml"
GUIDE = "docassemble.parcours:data/questions/guide.yml"
PEOPLE = {  # invented accounts of the bench stack
    "volunteer": ("team.bench.volunteer@parcours.example.org", "volunteer"),
    "other": ("team.bench.other@parcours.example.org", "volunteer"),
    "coordinator": ("team.bench.coordinator@parcours.example.org", "coordinator"),
}


def _client(da: DAClient, db, email: str, password: str, role: str) -> tuple[DAClient, int]:
    new_user(da, email, password, role)
    with db.cursor() as cur:
        cur.execute("SELECT id FROM public.user WHERE email = %s", (email,))
        uid = cur.fetchone()[0]
    key = da.post(f"/api/user/{uid}/api", {"name": f"bench{random.token_hex(3)}"})
    return DAClient(da.base_url, key if isinstance(key, str) else key["key"]), uid


def team_figures(base_url: str, var_folder, pg_port: int, counts=(100, 500)) -> dict:
    import psycopg2

    secrets = json.loads((Path(var_folder) / "secrets.json").read_text())
    da = DAClient(base_url, secrets["admin_api_key"])
    db = psycopg2.connect(
        host="127.0.0.1", port=int(pg_port), user="docassemble", password=secrets["db_password"], dbname="docassemble"
    )
    password = "Bench-Team-" + random.token_hex(6)
    apis = {name: _client(da, db, email, password, role) for name, (email, role) in PEOPLE.items()}
    vapi, vid = apis["volunteer"]
    kapi, _ = apis["coordinator"]
    _, other = apis["other"]
    s = cnda_guide_case(vapi, (dt.date.today() - dt.timedelta(days=3)).isoformat(), "Famille Benchinvented")
    s.question()  # the pass after the name writes the association's copy
    ring = tc.load_keyring(Path(var_folder) / "case-keys.json", create=False)
    with db.cursor() as cur:
        cur.execute(
            f"SELECT id::text, key_version, wrapped_key, content FROM {tc.TABLE} WHERE assigned_id = %s "
            "ORDER BY updated_at DESC LIMIT 1",
            (vid,),
        )
        rid, version, wrapped, content = cur.fetchone()
    snapshot = tc.open_snapshot(bytes(content), rid, tc.unwrap(version, bytes(wrapped), rid, ring))
    made, figures = [], {}
    try:
        k = kapi.new_session(CASES)
        for count in counts:
            with db.cursor() as cur:
                while len(made) + 1 < count:
                    new, key = str(uuid.uuid4()), random.token_bytes(32)
                    key_version, wrapped_key = tc.wrap(key, new, ring)
                    # Each copy held by a session of its own (the administrator's, never indexed): a
                    # row whose session does not exist is swept by the retention job.
                    holder = tc.holder_index(GUIDE, da.new_session(GUIDE).session, secrets["secretkey"])
                    cur.execute(
                        f"INSERT INTO {tc.TABLE} (id, holder, owner_id, assigned_id, key_version, wrapped_key, content)"
                        " VALUES (%s, %s, %s, %s, %s, %s, %s)",
                        (new, holder, vid, vid, key_version, wrapped_key, tc.seal_snapshot(snapshot, new, key)),
                    )
                    made.append(new)
            db.commit()
            runs = []
            for _ in range(5):
                t = time.perf_counter()
                q = k.action("team")
                runs.append(time.perf_counter() - t)
            assert q.get("id") == "team_list", q.get("id")
            figures[f"list_{count}_s"] = statistics.median(runs)
            figures[f"list_{count}_kib"] = len(json.dumps(q)) / 1024
            figures[f"list_{count}_rows"] = str(q.get("subquestionText")).count("<tr>") - 1  # less the head
        k.action("hand_over", volunteer=str(vid))
        t = time.perf_counter()
        done = k.set({"handover_to": str(other)})
        figures["handover_s"] = time.perf_counter() - t
        figures["handover_cases"] = len(made) + 1
        assert done.get("id") == "handover_done", done.get("id")
    finally:
        with db.cursor() as cur:
            cur.execute(f"DELETE FROM {tc.AUDIT} WHERE case_id = ANY(%s::uuid[])", (made,))
            cur.execute(f"DELETE FROM {tc.TABLE} WHERE id = ANY(%s::uuid[])", (made,))
        db.commit()
        db.close()
    return figures


def figure_lines(f: dict) -> list[str]:
    """The lines `make bench` prints."""
    lists = "   ".join(
        f"{n} cases: median {f[f'list_{n}_s']:5.2f} s ({f[f'list_{n}_rows']} rows, {f[f'list_{n}_kib']:.0f} KiB)"
        for n in sorted(int(k.split("_")[1]) for k in f if k.startswith("list_") and k.endswith("_s"))
    )
    return [
        f"association's cases, coordinator's list (REST API, 5 runs): {lists}",
        f"association's cases, one handover of {f['handover_cases']} cases: {f['handover_s']:5.2f} s",
    ]


if __name__ == "__main__":
    figures = team_figures(sys.argv[1], sys.argv[2], int(sys.argv[3]))
    print("\n".join(figure_lines(figures)))
