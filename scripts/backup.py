"""Encrypted backups of a parcours data folder, and their restore (make backup / make restore).

    backup.py backup                      one archive of the data folder (PARCOURS_VAR) in the
                                          backup folder; archives older than the keep time deleted
    backup.py restore ARCHIVE [--force]   a data folder (PARCOURS_VAR) rebuilt from ARCHIVE

An archive is a tar stream encrypted with age (X25519 + ChaCha20-Poly1305, chunked, so a
truncated or altered archive is refused) holding:

    manifest.json   format, date, counts (never a name or an answer)
    database.dump   pg_dump, custom format, of docassemble's database (users, encrypted answers,
                    the uploads table)
    files/...       the file store's folders of exactly the uploads that dump holds (same snapshot)
    redis.json      the Redis state no other place holds: docassemble's API keys (db 0,
                    da:apikey:*) and parcours's keys (db 2: retention hints, the index of case
                    copies erasure follows, pending hand-over codes, anonymous statistics).
                    Not backed up: server-side web sessions, locks and caches (db 0; people sign
                    in again), the Celery queue (db 1; sealed with a per-start key, unreadable
                    after a restart anyway)
    secrets.json    the data folder's secrets: `secretkey` (API keys, hand-over codes and the copy
                    index are keyed with it) and the database and Redis passwords
    case-keys.json  the association key that opens the association's case index (parcours_case,
                    docassemble.parcours.teamcases), when the server has made one; kept apart from
                    the database on the server, it travels with it here, inside the encrypted
                    archive only (PARCOURS_CASE_KEYRING when the server keeps it elsewhere)

Answers need no other secret: docassemble encrypts a signed-in volunteer's answers with a key
derived from their password (its hash is in the database) and an anonymous session's with the
secret its browser holds; so a restore with the same database reads every case.

The age key (PARCOURS_BACKUP_KEY, default ~/.config/parcours/backup-key.txt of whoever runs the
backup) is made on first use, mode 600, never inside the backup or the data folder. A key file
holding only the public recipient (age1...) is enough to back up; restoring needs the secret key.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import stack  # noqa: E402  (scripts/stack.py: the data folder's layout, PostgreSQL, Redis)
from stack import StackError, say  # noqa: E402

FORMAT = "parcours-backup/1"
NAME = re.compile(r"^parcours-backup-(\d{8}-\d{6})Z\.tar\.age$")
REDIS_KEPT = ((0, "da:apikey:*"), (2, "*"))  # (database, pattern): see the module's docstring
MEMBERS = {"manifest.json", "database.dump", "redis.json", "secrets.json"}
OPTIONAL = {"case-keys.json"}  # archives made before the association's case index lack it


def keyring_file(s) -> Path:
    """Where the server keeps the association key (docassemble.parcours.teamcases.keyring_path)."""
    return Path(os.environ.get("PARCOURS_CASE_KEYRING") or s.path("case-keys.json"))


FILE_MEMBER = re.compile(r"^files(/[0-9a-f]{3}){4}(/[^/]+)+$")  # docassemble's file store: files/000/000/000/007/...


def backup_dir() -> Path:
    return Path(os.environ.get("PARCOURS_BACKUP_DIR") or stack.ROOT / "backups").absolute()


def key_file() -> Path:
    default = Path.home() / ".config" / "parcours" / "backup-key.txt"
    return Path(os.environ.get("PARCOURS_BACKUP_KEY") or default).absolute()


def keep_days() -> int:
    raw = os.environ.get("PARCOURS_BACKUP_KEEP_DAYS", "30")
    if not raw.isdigit() or int(raw) < 1:
        raise StackError(f"PARCOURS_BACKUP_KEEP_DAYS={raw!r}: give a whole number of days, 1 or more")
    return int(raw)


def need_age() -> None:
    if not shutil.which("age") or not shutil.which("age-keygen"):
        raise StackError("the 'age' encryption tool is missing: run 'make install' (or apt-get install age)")


# ----------------------------------------------------------------------------- key


def recipient(key: Path, data: Path, store: Path) -> list[str]:
    """age's arguments that encrypt to *key*, made (mode 600) on first use."""
    for folder in (store, data):
        if key == folder or folder in key.parents:
            raise StackError(
                f"the backup key {key} must not be inside {folder}: set PARCOURS_BACKUP_KEY to a file elsewhere"
            )
    if not key.exists():
        key.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        r = subprocess.run(["age-keygen", "-o", str(key)], capture_output=True, text=True, umask=0o077)
        if r.returncode != 0:
            raise StackError(f"could not create the backup key {key}: {r.stderr.strip()}")
        say(
            f"backup key created: {key} (mode 600). Copy it NOW to a safe place away from this server "
            "(a password manager, a USB stick kept locked away): without it no archive can be read, "
            "and with it anyone can read them"
        )
    text = key.read_text()
    if "AGE-SECRET-KEY-" in text:
        r = subprocess.run(["age-keygen", "-y", str(key)], capture_output=True, text=True)
        if r.returncode != 0:
            raise StackError(f"the backup key {key} is not an age key: {r.stderr.strip()}")
        return ["-r", r.stdout.strip()]
    if re.search(r"^age1[0-9a-z]+$", text, re.M):
        return ["-R", str(key)]  # the public half only: this server can back up, not restore
    raise StackError(f"{key} holds no age key: move it away and run make backup again to make a new key")


# ----------------------------------------------------------------------------- backup


def _pg(s: stack.Settings, sec: dict):
    import psycopg2  # from the venv (docassemble's driver)

    try:
        return psycopg2.connect(
            host="127.0.0.1", port=s.pg_port, user="docassemble", password=sec["db_password"], dbname="docassemble"
        )
    except psycopg2.OperationalError as e:
        raise StackError(
            f"cannot reach the database on port {s.pg_port} ({str(e).strip().splitlines()[0]}): "
            "give the stack's PARCOURS_PG_PORT"
        ) from None


def _redis(s: stack.Settings, sec: dict, db: int):
    import redis  # from the venv

    return redis.Redis(host="127.0.0.1", port=s.redis_port, db=db, password=sec["redis_password"])


def redis_state(s: stack.Settings, sec: dict) -> list[dict]:
    out = []
    for db, pattern in REDIS_KEPT:
        r = _redis(s, sec, db)
        for key in r.scan_iter(match=pattern, count=500):
            value, ttl = r.dump(key), r.pttl(key)
            if value is None or ttl == -2:  # expired between the scan and the dump
                continue
            out.append(
                {
                    "db": db,
                    "key": base64.b64encode(key).decode(),
                    "ttl_ms": max(ttl, 0),
                    "value": base64.b64encode(value).decode(),
                }
            )
    return out


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o600, int(time.time())
    tar.addfile(info, io.BytesIO(data))


def file_folder(files: Path, number: int) -> Path:
    digits = f"{int(number):012x}"
    return files.joinpath(*(digits[i : i + 3] for i in range(0, 12, 3)))


def running_services(s: stack.Settings, sec: dict) -> list[str]:
    """Start PostgreSQL and Redis when the stack is stopped; returns what was started here."""
    started = []
    if not stack.postgres_alive(s):
        stack.check_ports(s)
        stack.write_config(s, sec)
        stack.start_postgres(s, sec)
        started.append("postgres")
    if stack.port_free("127.0.0.1", s.redis_port):
        helper = stack.Stack(s)
        helper.start_redis()
        started.append("redis")
    return started


def backup() -> int:
    need_age()
    s = stack.Settings.from_env()
    secrets_file = s.path("secrets.json")
    if not secrets_file.exists():
        raise StackError(f"{s.var} holds no parcours data folder (no secrets.json): set PARCOURS_VAR")
    sec = json.loads(secrets_file.read_text())
    store = backup_dir()
    if store == s.var or s.var in store.parents:
        raise StackError(f"the backup folder {store} is inside the data folder: set PARCOURS_BACKUP_DIR elsewhere")
    store.mkdir(parents=True, exist_ok=True, mode=0o700)
    store.chmod(0o700)
    age_to = recipient(key_file(), s.var, store)
    t0 = time.monotonic()
    started = running_services(s, sec)
    now = dt.datetime.now(dt.UTC)
    final = store / f"parcours-backup-{now:%Y%m%d-%H%M%S}Z.tar.age"
    partial = final.with_name(final.name + ".partial")
    # The dump lives a moment in the data folder's own tmp/ (700, same data as the database),
    # never in the backup folder: only ciphertext reaches it.
    work = s.path("tmp", f"backup-{os.getpid()}")
    work.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        conn = _pg(s, sec)
        try:
            # One snapshot for the dump and for the list of stored files: the archive's file
            # store holds exactly the uploads its database knows.
            conn.set_session(isolation_level="REPEATABLE READ", readonly=True)
            cur = conn.cursor()
            cur.execute("SELECT pg_export_snapshot()")
            snapshot = cur.fetchone()[0]
            dump = work / "database.dump"
            r = subprocess.run(
                [str(stack.PG_BIN / "pg_dump"), "-h", "127.0.0.1", "-p", str(s.pg_port), "-U", "docassemble"]
                + ["-d", "docassemble", "-Fc", f"--snapshot={snapshot}", "-f", str(dump)],
                capture_output=True,
                text=True,
                env=dict(os.environ, PGPASSWORD=sec["db_password"]),
                umask=0o077,
            )
            if r.returncode != 0:
                raise StackError(f"pg_dump failed: {r.stderr.strip()[-300:]}")
            cur.execute("SELECT indexno FROM uploads ORDER BY indexno")
            numbers = [row[0] for row in cur.fetchall()]
            cur.execute("SELECT count(DISTINCT key) FROM userdict")
            sessions = cur.fetchone()[0]
            cur.execute("SELECT count(*) FROM \"user\"")
            users = cur.fetchone()[0]
            cur.execute("SHOW server_version")
            pg_version = cur.fetchone()[0]
        finally:
            conn.close()
        keys = redis_state(s, sec)
        age = subprocess.Popen(["age", *age_to, "-o", str(partial)], stdin=subprocess.PIPE, umask=0o077)
        files = missing = 0
        try:
            with tarfile.open(fileobj=age.stdin, mode="w|") as tar:
                tar.add(dump, "database.dump")
                _add_bytes(tar, "secrets.json", secrets_file.read_bytes())
                if keyring_file(s).is_file():
                    _add_bytes(tar, "case-keys.json", keyring_file(s).read_bytes())
                _add_bytes(tar, "redis.json", json.dumps(keys).encode())
                for number in numbers:
                    folder = file_folder(s.path("files"), number)
                    if not folder.is_dir():  # removed by the purge after the snapshot: made again on demand
                        missing += 1
                        continue
                    for path in sorted(folder.rglob("*")):
                        name = "files/" + path.relative_to(s.path("files")).as_posix()
                        if path.is_symlink():  # file.pdf -> file: docassemble's name for a format
                            if "/" not in os.readlink(path):
                                tar.add(path, name, recursive=False)
                        elif path.is_file():
                            tar.add(path, name, recursive=False)
                            files += 1
                manifest = {
                    "format": FORMAT,
                    "created": now.isoformat(timespec="seconds"),
                    "postgres": pg_version,
                    "counts": {
                        "sessions": sessions,
                        "users": users,
                        "uploads": len(numbers),
                        "uploads_without_file": missing,
                        "files": files,
                        "redis_keys": len(keys),
                    },
                }
                # Last, so that a stream cut anywhere before it is refused as incomplete.
                _add_bytes(tar, "manifest.json", json.dumps(manifest, indent=2).encode())
        finally:
            age.stdin.close()
            if age.wait() != 0:
                partial.unlink(missing_ok=True)
                raise StackError("age could not write the archive (see the message above)")
        partial.chmod(0o600)
        partial.replace(final)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        partial.unlink(missing_ok=True)
        stop_started(s, started)
    c = manifest["counts"]
    say(
        f"backup written: {final} ({final.stat().st_size / 1e6:.1f} MB, {time.monotonic() - t0:.1f} s; "
        f"{c['sessions']} sessions, {c['users']} accounts, {c['files']} files, {c['redis_keys']} Redis keys)"
    )
    say(f"key: {key_file()} — keep a copy of it away from this server; the archive alone cannot be read")
    for old in expired(store, now, keep_days()):
        old.unlink()
        say(f"deleted {old.name}: older than {keep_days()} days (PARCOURS_BACKUP_KEEP_DAYS)")
    return 0


def stop_started(s: stack.Settings, started: list[str]) -> None:
    if "redis" in started:
        stack.kill_from_pidfile(s, "redis")
        stack.wait_port_closed(s.redis_port, 15)
    if "postgres" in started:
        stack.stop_postgres(s)


def expired(store: Path, now: dt.datetime, days: int) -> list[Path]:
    """Archives whose name's date (not the file's mtime, which a copy resets) is older than *days*,
    and partial archives left by an interrupted backup more than a day ago."""
    out = []
    for path in sorted(store.iterdir()):
        m = NAME.match(path.name)
        if m:
            made = dt.datetime.strptime(m.group(1), "%Y%m%d-%H%M%S").replace(tzinfo=dt.UTC)
            if now - made > dt.timedelta(days=days):
                out.append(path)
        elif path.name.endswith(".tar.age.partial") and time.time() - path.stat().st_mtime > 86400:
            out.append(path)
    return out


# ----------------------------------------------------------------------------- restore


def holds_data(var: Path) -> list[str]:
    return [
        name
        for name in ("secrets.json", "postgres", "files", "redis", "tables.ok")
        if (var / name).exists() and not ((var / name).is_dir() and not any((var / name).iterdir()))
    ]


def _age_failure(stderr: str, key: Path) -> str:
    if "no identity matched" in stderr:
        return f"this archive was not made with the key {key}: give the key that made it (PARCOURS_BACKUP_KEY=/path/to/key)"
    if "header" in stderr:
        return "this file is not a parcours backup (no age header): give a parcours-backup-*.tar.age file"
    return "the archive is damaged, altered or incomplete (its authentication failed): use another archive"


def check_member(member: tarfile.TarInfo) -> None:
    name = member.name
    if name.startswith("/") or ".." in name.split("/") or not (name in MEMBERS | OPTIONAL or FILE_MEMBER.match(name)):
        raise StackError(f"the archive holds an unexpected path {name!r}: refused, nothing restored")
    if member.issym() and name.startswith("files/"):
        # docassemble's file store links file.pdf -> file in the same folder: nothing else.
        if "/" in member.linkname or member.linkname in ("", ".", ".."):
            raise StackError(
                f"the archive holds {name!r}, a link to {member.linkname!r} outside its folder: refused, nothing restored"
            )
        return
    if not member.isfile():
        raise StackError(f"the archive holds {name!r}, which is not a plain file: refused, nothing restored")


def unpack(archive: Path, key: Path, into: Path) -> dict:
    """Decrypt and unpack *archive* into *into*; the manifest once everything is authenticated."""
    err = into / "age.err"
    with open(err, "w") as errors:
        age = subprocess.Popen(["age", "-d", "-i", str(key), str(archive)], stdout=subprocess.PIPE, stderr=errors)
    try:
        try:
            with tarfile.open(fileobj=age.stdout, mode="r|") as tar:
                for member in tar:
                    check_member(member)
                    tar.extract(member, into, filter="data")
        except tarfile.TarError:
            pass  # a cut or altered stream: age's verdict below names it
        finally:
            age.stdout.read()  # to the end: age authenticates the last chunk only then
            rc = age.wait()
    except StackError:
        age.kill()
        age.wait()
        raise
    if rc != 0:
        raise StackError(_age_failure(err.read_text(), key))
    err.unlink()
    missing = MEMBERS - {p.name for p in into.iterdir()}
    if missing:
        raise StackError(f"the archive lacks {', '.join(sorted(missing))}: it is incomplete, use another archive")
    manifest = json.loads((into / "manifest.json").read_text())
    if manifest.get("format") != FORMAT:
        raise StackError(f"archive format {manifest.get('format')!r} is not {FORMAT}: restore it with its version")
    stored = (into / "files").rglob("*") if (into / "files").is_dir() else []
    files = sum(1 for p in stored if p.is_file() and not p.is_symlink())
    if files != manifest["counts"]["files"]:
        raise StackError(f"the archive holds {files} files, its manifest {manifest['counts']['files']}: refused")
    return manifest


def restore(archive: str, force: bool) -> int:
    need_age()
    if not archive:
        raise StackError("say which archive: make restore ARCHIVE=backups/parcours-backup-....tar.age")
    path = Path(archive).absolute()
    if not path.is_file():
        raise StackError(f"no archive at {path}")
    key = key_file()
    if not key.is_file() or "AGE-SECRET-KEY-" not in key.read_text():
        raise StackError(
            f"no secret backup key at {key}: give the key file that made the archive (PARCOURS_BACKUP_KEY=...)"
        )
    s = stack.Settings.from_env()
    if stack.postgres_alive(s) or not stack.port_free("127.0.0.1", s.http_port):
        raise StackError(f"a stack is running on {s.var} or port {s.http_port}: stop it first (make stop)")
    present = holds_data(s.var)
    aside = None
    if present:
        if not force:
            raise StackError(
                f"{s.var} already holds data ({', '.join(present)}): restore into a new folder "
                "(PARCOURS_VAR=/new/folder make restore ARCHIVE=...), or add FORCE=1 to replace it "
                "(the current data is moved aside, not deleted)"
            )
        aside = s.var.with_name(f"{s.var.name}.replaced-{dt.datetime.now():%Y%m%d-%H%M%S}")
        s.var.rename(aside)
    t0 = time.monotonic()
    made = not s.var.exists()
    s.var.mkdir(parents=True, exist_ok=True, mode=0o700)
    staging = s.path("restore.partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(mode=0o700)
    try:
        stack.check_ports(s)
        manifest = unpack(path, key, staging)
    except BaseException:
        # Nothing restored: the folder is as it was (the replaced data back in its place).
        shutil.rmtree(staging, ignore_errors=True)
        if (made or aside) and not any(s.var.iterdir()):
            s.var.rmdir()
        if aside:
            aside.rename(s.var)
        raise
    # Authenticated and complete: lay the data folder out, then rebuild PostgreSQL and Redis.
    (staging / "secrets.json").replace(s.path("secrets.json"))
    if (staging / "files").is_dir():
        (staging / "files").replace(s.path("files"))
    sec = json.loads(s.path("secrets.json").read_text())
    stack.private_file(s.path("secrets.json"), json.dumps(sec, indent=2))
    if (staging / "case-keys.json").is_file():  # without it the case index opens nothing
        keyring = keyring_file(s)
        keyring.parent.mkdir(parents=True, exist_ok=True)
        stack.private_file(keyring, (staging / "case-keys.json").read_text())
    stack.write_config(s, sec)
    services = stack.Stack(s)
    try:
        stack.start_postgres(s, sec)  # a new cluster with the archive's database password
        r = subprocess.run(
            [str(stack.PG_BIN / "pg_restore"), "-h", "127.0.0.1", "-p", str(s.pg_port), "-U", "docassemble"]
            + ["-d", "docassemble", "--no-owner", "--exit-on-error", "--single-transaction"]
            + [str(staging / "database.dump")],
            capture_output=True,
            text=True,
            env=dict(os.environ, PGPASSWORD=sec["db_password"]),
        )
        if r.returncode != 0:
            raise StackError(f"pg_restore failed: {r.stderr.strip()[-300:]}")
        services.start_redis()
        restore_redis(s, sec, json.loads((staging / "redis.json").read_text()))
        # The tables exist: the next start must not create them again (nor empty Redis).
        stack.private_file(s.path("tables.ok"), "")
    finally:
        services.stop()
        shutil.rmtree(staging, ignore_errors=True)
    stack.make_private(s.var)
    c = manifest["counts"]
    say(
        f"restored {path.name} (made {manifest['created']}) into {s.var} in {time.monotonic() - t0:.1f} s: "
        f"{c['sessions']} sessions, {c['users']} accounts, {c['files']} files, {c['redis_keys']} Redis keys"
    )
    if aside:
        say(f"the data that was there is in {aside}: delete it once the restored stack is checked")
    say("start it with the same PARCOURS_VAR: make start (or make run)")
    say("cases erased after this archive was made are back: erase them again (see docs/security.md, Backups)")
    return 0


def restore_redis(s: stack.Settings, sec: dict, keys: list[dict]) -> None:
    for item in keys:
        if item["db"] not in {db for db, _ in REDIS_KEPT}:
            raise StackError(f"the archive's Redis state names database {item['db']!r}: refused")
        _redis(s, sec, item["db"]).restore(
            base64.b64decode(item["key"]), item["ttl_ms"], base64.b64decode(item["value"]), replace=True
        )


def main(argv: list[str]) -> int:
    try:
        if len(argv) > 1 and argv[1] == "backup":
            return backup()
        if len(argv) > 1 and argv[1] == "restore":
            args = argv[2:]
            return restore(next((a for a in args if a != "--force"), ""), "--force" in args)
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    except StackError as e:
        print(f"\033[31m[parcours] error:\033[0m {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
