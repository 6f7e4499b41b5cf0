"""Retention: a session idle past its period is deleted with its documents, by the purge the
stack runs every 15 minutes; a recent session is kept."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from stackctl import TEST_ENV, redis_cli, stack

DEMO = "docassemble.parcours:data/questions/demo.yml"


def sql(query: str) -> str:
    secrets = json.loads((Path(TEST_ENV["PARCOURS_VAR"]) / "secrets.json").read_text())
    return subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-p",
            TEST_ENV["PARCOURS_PG_PORT"],
            "-U",
            "docassemble",
            "-d",
            "docassemble",
            "-tAc",
            query,
        ],
        capture_output=True,
        text=True,
        check=True,
        env={"PGPASSWORD": secrets["db_password"], "PATH": "/usr/bin:/bin"},
    ).stdout.strip()


@pytest.mark.server
def test_idle_sessions_and_their_documents_are_purged(da):
    import os

    if os.environ.get("PARCOURS_TEST_URL"):
        pytest.skip("needs the test stack's own database")
    old, recent = da.new_session(DEMO), da.new_session(DEMO)
    for s in (old, recent):
        s.set({"first_name": "Invented", "last_name": "Person", "birth_date": "1990-01-01"})
        s.set({"street": "1 rue Fictive", "postal_code": "59000", "city": "Lille"})
        s.set({"prefecture": "nord", "agdref": ""})
    files_before = int(sql(f"SELECT count(*) FROM uploads WHERE key='{old.session}'"))
    assert files_before >= 2  # the letter as DOCX and PDF
    numbers = sql(f"SELECT indexno FROM uploads WHERE key='{old.session}'").split()
    store = Path(TEST_ENV["PARCOURS_VAR"]) / "files"
    first = f"{int(numbers[0]):012x}"
    assert store.joinpath(*(first[i : i + 3] for i in range(0, 12, 3))).is_dir()  # the check below can fail
    sql(f"UPDATE userdict SET modtime = modtime - interval '91 days' WHERE key='{old.session}'")

    r = stack("purge")
    assert r.returncode == 0, r.stderr
    assert "retention purge" in r.stdout

    assert sql(f"SELECT count(*) FROM userdict WHERE key='{old.session}'") == "0"
    assert sql(f"SELECT count(*) FROM uploads WHERE key='{old.session}'") == "0"
    store = Path(TEST_ENV["PARCOURS_VAR"]) / "files"
    for n in numbers:
        digits = f"{int(n):012x}"
        assert not store.joinpath(*(digits[i : i + 3] for i in range(0, 12, 3))).exists(), f"file {n} is still stored"
    with pytest.raises(AssertionError):
        old.question()
    assert recent.question()["id"] == "letter_ready"  # the recent session is untouched


@pytest.mark.server
def test_documents_leave_the_file_store_after_their_keep_time_and_the_answers_stay(da):
    """Generated documents are plaintext in docassemble's file store: they are removed once older
    than PARCOURS_DOCUMENTS_KEEP_HOURS (default 2), while the encrypted answers stay."""
    import os

    if os.environ.get("PARCOURS_TEST_URL"):
        pytest.skip("needs the test stack's own database")
    s = da.new_session(DEMO)
    s.set({"first_name": "Invented", "last_name": "Person", "birth_date": "1990-01-01"})
    s.set({"street": "1 rue Fictive", "postal_code": "59000", "city": "Lille"})
    s.set({"prefecture": "nord", "agdref": ""})
    numbers = sql(f"SELECT indexno FROM uploads WHERE key='{s.session}'").split()
    assert len(numbers) >= 2
    store = Path(TEST_ENV["PARCOURS_VAR"]) / "files"
    folders = [store.joinpath(*(f"{int(n):012x}"[i : i + 3] for i in range(0, 12, 3))) for n in numbers]
    three_hours_ago = __import__("time").time() - 3 * 3600
    for folder in folders[:1]:  # one document is 3 hours old, the other was just made
        os.utime(folder, (three_hours_ago, three_hours_ago))
    assert stack("purge").returncode == 0
    assert not folders[0].exists()
    assert sql(f"SELECT count(*) FROM uploads WHERE indexno={numbers[0]}") == "0"
    assert all(f.exists() for f in folders[1:])  # younger than the keep time: still there
    assert s.question()["id"] == "letter_ready"  # the answers are kept


@pytest.mark.server
def test_retention_per_procedure_keeps_each_case_its_own_period(da):
    """PARCOURS_RETENTION_PROCEDURE_DAYS (the test stack: fr.cnda_appeal=30): a CNDA case idle 31
    days is purged, a family-reunification case idle 31 days is kept (90-day default); the hint
    in Redis holds a number of days, not the procedure."""
    import os

    if os.environ.get("PARCOURS_TEST_URL"):
        pytest.skip("needs the test stack's own database and environment")
    guide = "docassemble.parcours:data/questions/guide.yml"
    cnda, family = da.new_session(guide), da.new_session(guide)
    for s, procedure in ((cnda, "fr.cnda_appeal"), (family, "fr.regroupement_familial")):
        s.run_story(
            {"jurisdiction": "fr", "place": "59000", "situation": "other", "chosen_procedures": {procedure: True}},
            until="fact",
        )
    hints = redis_cli("HGETALL", "parcours:retention-days", db=2, check=True).stdout
    assert cnda.session in hints and "30" in hints and "cnda" not in hints
    for s in (cnda, family):
        sql(f"UPDATE userdict SET modtime = modtime - interval '31 days' WHERE key='{s.session}'")
    assert stack("purge").returncode == 0
    assert sql(f"SELECT count(*) FROM userdict WHERE key='{cnda.session}'") == "0"
    assert sql(f"SELECT count(*) FROM userdict WHERE key='{family.session}'") != "0"


@pytest.mark.server
def test_the_purge_runs_by_itself_wherever_the_stack_runs(da):
    """No `stack.py purge` here: the test stack was started by `stack.py start` (as `make start`
    and the tests do), and the Celery beat embedded in the worker purges every
    PARCOURS_PURGE_EVERY seconds (10 s in the tests' environment, 15 minutes by default)."""
    import os
    import time

    if os.environ.get("PARCOURS_TEST_URL"):
        pytest.skip("needs the test stack's own database")
    old = da.new_session(DEMO)
    old.set({"first_name": "Invented", "last_name": "Person", "birth_date": "1990-01-01"})
    assert sql(f"SELECT count(*) FROM userdict WHERE key='{old.session}'") != "0"
    sql(f"UPDATE userdict SET modtime = modtime - interval '91 days' WHERE key='{old.session}'")
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and sql(f"SELECT count(*) FROM userdict WHERE key='{old.session}'") != "0":
        time.sleep(2)
    assert sql(f"SELECT count(*) FROM userdict WHERE key='{old.session}'") == "0", (
        "the idle session was not purged without a manual purge: nothing schedules the purge"
    )
    log = (Path(TEST_ENV["PARCOURS_VAR"]) / "log" / "celery.log").read_text(errors="replace")
    assert "retention purge" in log
