"""make backup / make restore: an encrypted archive of a running stack, restored into a new data
folder on other ports, serves every case, answer and document again; archives past their keep
time are deleted; a tampered, truncated, foreign or hostile archive is refused and restores nothing."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import secrets
import shutil
import stat
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from daclient import DAClient, Session
from stackctl import ROOT, TEST_ENV

BACKUP = [sys.executable, str(ROOT / "scripts" / "backup.py")]
GUIDE = "docassemble.parcours:data/questions/guide.yml"
CASES = "docassemble.parcours:data/questions/cases.yml"
DEMO = "docassemble.parcours:data/questions/demo.yml"
# Invented people only.
CASE = {
    "jurisdiction": "fr",
    "place": "59000",
    "situation": "other",
    "chosen_procedures": {"fr.regroupement_familial": True},
    "sponsor_legal_status": "residence_permit",
    "sponsor_nationality": "DZ",
    "sponsor_regular_stay_start": "2024-10-15",
    "filing_date": "2025-11-01",
    "sponsor_average_monthly_resources": "2500",
    "household_size": "4",
    "children": "2",
    "person_names['children_1']": "Yanissou",
    "person_births['children_1']": "2016-02-29",
    "person_names['children_2']": "Linette",
    "person_births['children_2']": "2019-06-01",
    "__default__": "unknown",
}


def restore_env() -> dict:
    """A second data folder and ports beside the test stack's (each + 100)."""
    return {
        "PARCOURS_VAR": TEST_ENV["PARCOURS_VAR"] + "-restore",
        "PARCOURS_HTTP_PORT": str(int(TEST_ENV["PARCOURS_HTTP_PORT"]) + 100),
        "PARCOURS_PG_PORT": str(int(TEST_ENV["PARCOURS_PG_PORT"]) + 100),
        "PARCOURS_REDIS_PORT": str(int(TEST_ENV["PARCOURS_REDIS_PORT"]) + 100),
    }


def run(args: list[str], env: dict, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(args, env={**os.environ, **env}, capture_output=True, text=True, timeout=timeout)


def volunteer_with_a_case(da: DAClient) -> tuple[dict, str]:
    """A volunteer account (its own API key) and a family-reunification case it opened."""
    email = f"benevole-{secrets.token_hex(4)}@parcours.example.org"
    password = "Benevole-Backup-2026!"
    uid = da.post("/api/user/new", {"username": email, "password": password, "privileges": ["volunteer"]})["user_id"]
    key = da.post(f"/api/user/{uid}/api", {"name": "backup-test"})
    volunteer = DAClient(da.base_url, key)
    # The volunteer's answers are encrypted with the key docassemble derives from the password.
    secret = volunteer.get("/api/secret", {"username": email, "password": password})
    s = Session(volunteer, GUIDE, volunteer.get("/api/session/new", {"i": GUIDE, "secret": secret})["session"], secret)
    s.run_story(CASE, until="guide_result")
    return {"email": email, "password": password, "id": uid, "key": key, "secret": secret}, s.session


def case_list(client: DAClient, secret: str) -> str:
    """'Mes dossiers' as the volunteer sees it."""
    new = client.get("/api/session/new", {"i": CASES, "secret": secret})
    q = client.get("/api/session/question", {"i": CASES, "session": new["session"], "secret": secret})
    assert q.get("id") == "cases_home", q
    return q.get("subquestionText", "")


@pytest.mark.server
def test_a_backup_restored_into_a_new_folder_serves_every_case_answer_and_document(da, tmp_path):
    if os.environ.get("PARCOURS_TEST_URL"):
        pytest.skip("needs the test stack's own data folder")
    volunteer, case = volunteer_with_a_case(da)
    letter = da.new_session(DEMO)
    letter.set({"first_name": "Invented", "last_name": "Personne", "birth_date": "1990-01-01"})
    letter.set({"street": "1 rue Fictive", "postal_code": "59000", "city": "Lille"})
    q = letter.set({"prefecture": "nord", "agdref": ""})
    pdf_number = q["attachments"][0]["number"]["pdf"]
    pdf = da.download(pdf_number, "pdf")
    assert "Regroupement familial" in case_list(DAClient(da.base_url, volunteer["key"]), volunteer["secret"])

    store, key = tmp_path / "backups", tmp_path / "keys" / "backup-key.txt"
    store.mkdir(mode=0o700)
    now = dt.datetime.now(dt.UTC)
    old = store / f"parcours-backup-{now - dt.timedelta(days=31):%Y%m%d-%H%M%S}Z.tar.age"
    recent = store / f"parcours-backup-{now - dt.timedelta(days=29):%Y%m%d-%H%M%S}Z.tar.age"
    for f in (old, recent):
        f.write_bytes(b"an older archive")
    env = {**TEST_ENV, "PARCOURS_BACKUP_DIR": str(store), "PARCOURS_BACKUP_KEY": str(key)}
    r = run([*BACKUP, "backup"], env)
    assert r.returncode == 0, r.stderr
    counts = re.search(r"\d+ accounts, \d+ files", r.stdout).group(0)
    archives = sorted(set(store.glob(f"parcours-backup-{now:%Y%m%d}-*Z.tar.age")) - {recent})
    assert len(archives) == 1, list(store.iterdir())
    archive = archives[0]
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600 and stat.S_IMODE(store.stat().st_mode) == 0o700
    assert stat.S_IMODE(key.stat().st_mode) == 0o600 and store not in key.parents
    assert str(key) in r.stdout and "Copy it NOW" in r.stdout  # the path of the key, and what to do with it
    assert not old.exists() and recent.exists()  # 30 days kept (PARCOURS_BACKUP_KEEP_DAYS)
    for personal in (volunteer["email"], "Yanissou", "Invented", "Personne", "Fictive", volunteer["secret"]):
        assert personal not in r.stdout + r.stderr + archive.name
    blob = archive.read_bytes()
    assert blob.startswith(b"age-encryption.org/v1") and b"Yanissou" not in blob and b"docassemble" not in blob

    target = restore_env()
    shutil.rmtree(target["PARCOURS_VAR"], ignore_errors=True)
    r = run([*BACKUP, "restore", str(archive)], {**target, "PARCOURS_BACKUP_KEY": str(key)})
    assert r.returncode == 0, r.stderr
    # The association key of the case index came along (the volunteer's case made it), mode 600.
    keys = Path(target["PARCOURS_VAR"]) / "case-keys.json"
    assert keys.read_bytes() == (Path(TEST_ENV["PARCOURS_VAR"]) / "case-keys.json").read_bytes()
    assert stat.S_IMODE(keys.stat().st_mode) == 0o600
    try:
        r = run([sys.executable, str(ROOT / "scripts" / "stack.py"), "start"], target)
        assert r.returncode == 0, r.stdout + r.stderr
        base = f"http://127.0.0.1:{target['PARCOURS_HTTP_PORT']}"
        restored_secrets = json.loads((Path(target["PARCOURS_VAR"]) / "secrets.json").read_text())
        admin = DAClient(base, restored_secrets["admin_api_key"])
        # The volunteer's own API key (Redis) and case list (database, answers decrypted).
        restored = DAClient(base, volunteer["key"])
        assert "Regroupement familial" in case_list(restored, volunteer["secret"])
        assert case in case_list(restored, volunteer["secret"])  # the link to resume it
        # An answer, decrypted with the key the volunteer's password gives on the new server.
        secret = admin.get("/api/secret", {"username": volunteer["email"], "password": volunteer["password"]})
        answers = admin.get("/api/session", {"i": GUIDE, "session": case, "secret": secret})
        assert "Yanissou" in json.dumps(answers) and "DZ" in json.dumps(answers)
        # The assembled document, byte for byte.
        assert admin.download(pdf_number, "pdf") == pdf
        assert Session(admin, DEMO, letter.session, letter.secret).question()["id"] == "letter_ready"
    finally:
        run([sys.executable, str(ROOT / "scripts" / "stack.py"), "stop"], target)

    # A stopped stack is backed up too (PostgreSQL and Redis started for the time of it): the
    # restored copy holds the accounts and files the original held (its sessions grew by the
    # case lists opened above).
    again = tmp_path / "again"
    r = run([*BACKUP, "backup"], {**target, "PARCOURS_BACKUP_DIR": str(again), "PARCOURS_BACKUP_KEY": str(key)})
    assert r.returncode == 0, r.stderr
    assert counts in r.stdout, (counts, r.stdout)
    assert not (Path(target["PARCOURS_VAR"]) / "run" / "redis.pid").exists()

    # A folder that holds data is not overwritten unless asked.
    r = run([*BACKUP, "restore", str(archive)], {**target, "PARCOURS_BACKUP_KEY": str(key)})
    assert r.returncode == 1 and "already holds data" in r.stderr and "FORCE=1" in r.stderr
    assert (Path(target["PARCOURS_VAR"]) / "tables.ok").exists()
    shutil.rmtree(target["PARCOURS_VAR"])


# ----------------------------------------------------------------------------- hostile archives


def age_key(folder: Path) -> Path:
    key = folder / "key.txt"
    subprocess.run(["age-keygen", "-o", str(key)], check=True, capture_output=True)
    return key


def sealed(key: Path, out: Path, members: list[tarfile.TarInfo | tuple[str, bytes]]) -> Path:
    """A tar of *members*, encrypted with age to *key*'s recipient, as make backup writes one."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w") as tar:
        for m in members:
            if isinstance(m, tarfile.TarInfo):
                tar.addfile(m)
            else:
                info = tarfile.TarInfo(m[0])
                info.size = len(m[1])
                tar.addfile(info, io.BytesIO(m[1]))
    rcpt = subprocess.run(["age-keygen", "-y", str(key)], check=True, capture_output=True, text=True).stdout.strip()
    subprocess.run(["age", "-r", rcpt, "-o", str(out)], input=raw.getvalue(), check=True)
    return out


def valid_members() -> list[tuple[str, bytes]]:
    manifest = {"format": "parcours-backup/1", "created": "2026-12-01T02:00:00+00:00", "counts": {"files": 0}}
    return [
        ("database.dump", os.urandom(400_000)),  # several of age's 64 KiB chunks
        ("secrets.json", b"{}"),
        ("redis.json", b"[]"),
        ("manifest.json", json.dumps(manifest).encode()),
    ]


def restore_refused(tmp_path: Path, archive: Path, key: Path) -> str:
    from stack import free_port

    var = tmp_path / "new-data"
    env = {
        "PARCOURS_VAR": str(var),
        "PARCOURS_BACKUP_KEY": str(key),
        "PARCOURS_HTTP_PORT": str(free_port()),
        "PARCOURS_PG_PORT": str(free_port()),
        "PARCOURS_REDIS_PORT": str(free_port()),
    }
    r = run([*BACKUP, "restore", str(archive)], env, timeout=60)
    assert r.returncode == 1, r.stdout + r.stderr
    assert not var.exists(), "a refused archive left a data folder behind"
    assert "Traceback" not in r.stderr
    return r.stderr


@pytest.fixture
def key(tmp_path) -> Path:
    sys.path.insert(0, str(ROOT / "scripts"))
    return age_key(tmp_path)


def test_a_tampered_archive_is_refused(tmp_path, key):
    archive = sealed(key, tmp_path / "a.tar.age", valid_members())
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0x01
    archive.write_bytes(bytes(data))
    assert "damaged, altered or incomplete" in restore_refused(tmp_path, archive, key)


def test_a_truncated_archive_is_refused(tmp_path, key):
    archive = sealed(key, tmp_path / "a.tar.age", valid_members())
    archive.write_bytes(archive.read_bytes()[:300_000])
    assert "damaged, altered or incomplete" in restore_refused(tmp_path, archive, key)


def test_an_archive_cut_at_a_chunk_boundary_is_refused(tmp_path, key):
    """Whatever the cut, a valid-looking beginning never restores: the manifest is written last."""
    archive = sealed(key, tmp_path / "a.tar.age", valid_members()[:-1])
    assert "lacks manifest.json" in restore_refused(tmp_path, archive, key)


def test_the_wrong_key_is_refused_naming_the_key(tmp_path, key):
    archive = sealed(key, tmp_path / "a.tar.age", valid_members())
    other = tmp_path / "other"
    other.mkdir()
    wrong = age_key(other)
    message = restore_refused(tmp_path, archive, wrong)
    assert "not made with the key" in message and str(wrong) in message


def test_a_file_that_is_not_an_archive_is_refused(tmp_path, key):
    junk = tmp_path / "junk.tar.age"
    junk.write_bytes(b"PK\x03\x04 not an archive")
    assert "not a parcours backup" in restore_refused(tmp_path, junk, key)


@pytest.mark.parametrize("name", ["../escape", "files/../../escape", "/tmp/escape", "files/000/000/000/001/../../x"])
def test_a_member_outside_the_data_folder_is_refused(tmp_path, key, name):
    archive = sealed(key, tmp_path / "a.tar.age", [(name, b"owned"), *valid_members()])
    message = restore_refused(tmp_path, archive, key)
    assert "unexpected path" in message and repr(name) in message
    assert not (tmp_path / "escape").exists() and not Path("/tmp/escape").exists()


@pytest.mark.parametrize("target", ["/etc/shadow", "../../../../../../etc/shadow", "..", "../001/file"])
def test_a_link_out_of_its_folder_is_refused(tmp_path, key, target):
    """The file store's only links are file.pdf -> file, in one folder."""
    link = tarfile.TarInfo("files/000/000/000/001/file.pdf")
    link.type, link.linkname = tarfile.SYMTYPE, target
    archive = sealed(key, tmp_path / "a.tar.age", [link, *valid_members()])
    assert "outside its folder" in restore_refused(tmp_path, archive, key)


def test_a_device_or_hard_link_in_the_archive_is_refused(tmp_path, key):
    device = tarfile.TarInfo("files/000/000/000/001/file")
    device.type, device.devmajor, device.devminor = tarfile.CHRTYPE, 1, 3
    hard = tarfile.TarInfo("secrets.json")
    hard.type, hard.linkname = tarfile.LNKTYPE, "/etc/shadow"
    for member in (device, hard):
        archive = sealed(key, tmp_path / "a.tar.age", [member, *valid_members()])
        assert "not a plain file" in restore_refused(tmp_path, archive, key)


def test_a_key_file_without_the_secret_key_cannot_restore(tmp_path, key):
    archive = sealed(key, tmp_path / "a.tar.age", valid_members())
    public = tmp_path / "public.txt"
    public.write_text(subprocess.run(["age-keygen", "-y", str(key)], capture_output=True, text=True).stdout)
    assert "no secret backup key" in restore_refused(tmp_path, archive, public)


def test_a_public_key_alone_backs_up_and_never_creates_a_key(tmp_path, key):
    from backup import recipient

    public = tmp_path / "public.txt"
    public.write_text(subprocess.run(["age-keygen", "-y", str(key)], capture_output=True, text=True).stdout)
    assert recipient(public, tmp_path / "var", tmp_path / "backups") == ["-R", str(public)]
    with pytest.raises(Exception, match="must not be inside"):
        recipient(tmp_path / "backups" / "key.txt", tmp_path / "var", tmp_path / "backups")


def test_archives_past_their_keep_time_are_found_by_the_date_in_their_name(tmp_path):
    sys.path.insert(0, str(ROOT / "scripts"))
    from backup import expired

    now = dt.datetime(2026, 12, 6, 2, 0, tzinfo=dt.UTC)
    names = [
        "parcours-backup-20261105-015959Z.tar.age",  # 31 days: deleted
        "parcours-backup-20261106-020001Z.tar.age",  # just under 30 days: kept
        "parcours-backup-20261206-020000Z.tar.age",
        "notes.txt",  # not an archive: never touched
    ]
    for n in names:
        (tmp_path / n).write_text("x")
    assert [p.name for p in expired(tmp_path, now, 30)] == names[:1]
