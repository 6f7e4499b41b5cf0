"""Someone holding a copy of the disk (or of a backup of the data folder) learns nothing.

After a full walk — a volunteer's guide case up to the paperwork, which goes through the Celery
worker with the session's secret, and a demo letter — every file under the test stack's data
folder is read as bytes: PostgreSQL's data and write-ahead log, Redis's append-only file and
snapshot, the logs, the configuration, the file store. No session secret, no typed answer and no
name may be found in any of them, except in generated documents (which the person downloads)
within their stated keep time (PARCOURS_DOCUMENTS_KEEP_HOURS).

The same walk checks the files' modes: data 600 in 700 folders, owned by the service user.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
import subprocess
import time
from pathlib import Path

import pytest
from stackctl import TEST_ENV, redis_cli

GUIDE = "docassemble.parcours:data/questions/guide.yml"
DEMO = "docassemble.parcours:data/questions/demo.yml"
VAR = Path(TEST_ENV["PARCOURS_VAR"])
NAMES = ("Abrehetmarker", "Yemanemarker", "Sponsormarker Ghebre")


def _walk(da):
    s = da.new_session(GUIDE)
    q = s.run_story(
        {
            "jurisdiction": "fr",
            "place": "59000",
            "situation": "worker",
            "chosen_needs": {"family": True},
            "chosen_procedures": {"fr.regroupement_familial": True},
            "sponsor_legal_status": "residence_permit",
            "sponsor_nationality": "ER",
            "sponsor_regular_stay_start": "2021-03-14",
            "filing_date": "2025-10-07",
            "sponsor_average_monthly_resources": "2731",
            "household_size": "3",
            "children": "1",
            "person_names['children_1']": NAMES[0],
            "person_births['children_1']": "2017-04-23",
            "__default__": "unknown",
        },
        until="guide_result",
    )
    s.action("prepare_paperwork", persistent=False)
    q = s.run_story(
        {
            "paperwork_procedure": "fr.regroupement_familial",
            "person_language": "ti",
            "chosen_letters": {"fr_rf_cover_letter_ofii": True},
            "signature_mode": "paper",
            "letter_answers['sender_name']": NAMES[2],
            "letter_answers['sender_address']": "9 rue Imaginaire\n59000 Lille",
            "letter_answers['recipient_address']": "OFII Lille",
            "letter_answers['place']": "Lille",
            "letter_fields_done": True,
            "portal_scans_done": True,  # filed on ANEF: no scan joined
        },
        until="paperwork_ready",
    )
    assert "packet.pdf" in q["subquestionText"]
    demo = da.new_session(DEMO)
    demo.set({"first_name": NAMES[1], "last_name": "Tesfaymarker", "birth_date": "1991-06-30"})
    demo.set({"street": "3 allée Inventée", "postal_code": "59000", "city": "Lille"})
    assert demo.set({"prefecture": "nord", "agdref": "5888888888"})["id"] == "letter_ready"
    return [s, demo]


@pytest.fixture(scope="module")
def walked(da):
    sessions = _walk(da)
    # What Redis holds in memory reaches its snapshot too; the append-only file keeps the history
    # of every write (a task message stays there after the worker took it), so it is not rewritten.
    redis_cli("SAVE", check=True)
    # PostgreSQL: a checkpoint writes the tables themselves, not only the write-ahead log.
    sec = __import__("json").loads((VAR / "secrets.json").read_text())
    subprocess.run(
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
            "CHECKPOINT",
        ],
        env={"PGPASSWORD": sec["db_password"], "PATH": "/usr/bin:/bin"},
        capture_output=True,
    )
    time.sleep(2)
    return sessions


def _files():
    pg = VAR.joinpath("postgres").resolve()
    for root in [VAR] + ([pg] if VAR not in pg.parents else []):
        for folder, _, names in os.walk(root):
            for name in names:
                yield Path(folder) / name


def _is_document(path: Path) -> bool:
    """A generated document or upload in docassemble's file store (var/files/xxx/xxx/xxx/xxx/...)."""
    return (VAR / "files") in path.parents


@pytest.mark.server
def test_no_secret_answer_or_name_in_any_file_of_the_data_folder(walked):
    if os.environ.get("PARCOURS_TEST_URL"):
        pytest.skip("needs the test stack's own data folder")
    needles = {
        "a session secret": [s.secret for s in walked],
        "a name": list(NAMES) + ["Tesfaymarker"],
        "an answer": ["2017-04-23", "1991-06-30", "5888888888", "9 rue Imaginaire", "3 allée Inventée"],
    }
    keep = dt.timedelta(hours=float(os.environ.get("PARCOURS_DOCUMENTS_KEEP_HOURS", "2")))
    found, read = [], 0
    for path in _files():
        try:
            data = path.read_bytes()
        except OSError:
            continue
        read += 1
        if _is_document(path):
            age = dt.datetime.now() - dt.datetime.fromtimestamp(path.stat().st_mtime)
            assert age < keep + dt.timedelta(minutes=20), f"{path} is kept past its keep time"
            continue
        for kind, values in needles.items():
            for value in values:
                for encoded in {value.encode(), value.encode("utf-16-le")}:
                    if encoded in data:
                        found.append(
                            f"{kind} ({value[:4]}…) in {path.relative_to(VAR) if VAR in path.parents else path}"
                        )
    assert read > 50, "too few files read: the test would prove nothing"
    assert not found, "\n".join(found)


@pytest.mark.server
def test_data_files_are_private_to_the_service_user(walked):
    if os.environ.get("PARCOURS_TEST_URL"):
        pytest.skip("needs the test stack's own data folder")
    owner = VAR.stat().st_uid
    loose = []
    for path in _files():
        st = path.lstat()
        if stat.S_ISLNK(st.st_mode) or stat.S_ISSOCK(st.st_mode):  # a socket's own mode does not matter
            continue
        if st.st_mode & 0o077 or st.st_uid != owner:
            loose.append(f"{path} {stat.filemode(st.st_mode)} uid={st.st_uid}")
    for folder in [VAR, *(p for p in VAR.rglob("*") if p.is_dir() and not p.is_symlink())]:
        if folder.stat().st_mode & 0o077:
            loose.append(f"{folder}/ {stat.filemode(folder.stat().st_mode)}")
    assert stat.S_IMODE(VAR.stat().st_mode) == 0o700
    assert not loose, "readable by other local users:\n" + "\n".join(loose[:30])
    if os.geteuid() == 0:  # as root, the stack runs its services as an unprivileged user
        assert owner != 0, "the data folder belongs to root: the services run as root"
        ps = subprocess.run(["ps", "-eo", "user:20,args"], capture_output=True, text=True).stdout
        for line in ps.splitlines():
            if (
                str(VAR) in line
                or f":{TEST_ENV['PARCOURS_HTTP_PORT']}" in line
                or f":{TEST_ENV['PARCOURS_REDIS_PORT']}" in line
            ):
                if any(word in line for word in ("gunicorn", "celery", "redis-server", "postgres")):
                    assert not line.startswith("root "), f"a service runs as root: {line[:120]}"
