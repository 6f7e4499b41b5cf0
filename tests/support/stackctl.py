"""Run scripts/stack.py for the tests, on the test ports and data folder (var/test)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEST_ENV = {
    "PARCOURS_VAR": os.environ.get("PARCOURS_TEST_VAR", str(ROOT / "var" / "test")),
    "PARCOURS_HTTP_PORT": os.environ.get("PARCOURS_TEST_HTTP_PORT", "18080"),
    "PARCOURS_PG_PORT": os.environ.get("PARCOURS_TEST_PG_PORT", "55439"),
    "PARCOURS_REDIS_PORT": os.environ.get("PARCOURS_TEST_REDIS_PORT", "63899"),
    # Retention per procedure, for tests/security/test_retention.py: CNDA appeals kept 30 days.
    "PARCOURS_RETENTION_PROCEDURE_DAYS": "fr.cnda_appeal=30",
    # The retention purge runs on its own every 10 s in the tests (15 minutes by default).
    "PARCOURS_PURGE_EVERY": "10",
    # Reminders (tests/security/test_reminders_server.py): sent every 10 s to a local SMTP server and a
    # local SMS endpoint that the tests run on loopback, on ports beside the stack's.
    "PARCOURS_REMINDERS_EVERY": "10",
    "PARCOURS_MAIL_SERVER": "127.0.0.1",
    "PARCOURS_MAIL_PORT": str(int(os.environ.get("PARCOURS_TEST_HTTP_PORT", "18080")) + 41),
    "PARCOURS_SMS_URL": f"http://127.0.0.1:{int(os.environ.get('PARCOURS_TEST_HTTP_PORT', '18080')) + 42}/sms",
    "PARCOURS_SMS_TOKEN": "test-sms-token",
    "PARCOURS_REMINDER_PLACE": "Permanence Invented, 3 rue Fictive",
    "PARCOURS_ASSOCIATION_NAME": "Accueil Invented",
}


def stack(command: str, **extra_env) -> subprocess.CompletedProcess:
    env = {**os.environ, **TEST_ENV, **extra_env}
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "stack.py"), command],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def secrets() -> dict:
    """The test stack's generated secrets (database, Redis and admin passwords)."""
    import json

    return json.loads((Path(TEST_ENV["PARCOURS_VAR"]) / "secrets.json").read_text())


def redis_cli(*args: str, db: int | str | None = None, **kwargs) -> subprocess.CompletedProcess:
    """redis-cli against the test stack's Redis, with its password (never on the command line)."""
    cmd = ["redis-cli", "-p", TEST_ENV["PARCOURS_REDIS_PORT"]] + (["-n", str(db)] if db is not None else [])
    env = {**os.environ, "REDISCLI_AUTH": secrets()["redis_password"]}
    return subprocess.run(cmd + list(args), env=env, capture_output=True, text=True, **kwargs)


def pg_dump() -> bytes:
    """The test stack's database as `pg_dump --data-only` prints it (password from the environment)."""
    cmd = ["pg_dump", "--data-only", "-h", "127.0.0.1", "-p", TEST_ENV["PARCOURS_PG_PORT"], "-U", "docassemble"]
    env = {"PGPASSWORD": secrets()["db_password"], "PATH": "/usr/bin:/bin"}
    return subprocess.run(cmd + ["docassemble"], capture_output=True, check=True, env=env).stdout


def redis_client(db: int = 0):
    import redis

    return redis.Redis(
        host="127.0.0.1", port=int(TEST_ENV["PARCOURS_REDIS_PORT"]), db=db, password=secrets()["redis_password"]
    )
