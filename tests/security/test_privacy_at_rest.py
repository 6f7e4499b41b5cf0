"""What a person types must not sit in plaintext in the database, in Redis or in the logs.

A session is filled with distinctive invented values, then the whole test database is dumped,
every Redis value read and every log file searched. Also searched for: every value typed by the
story tables (tests/interviews/stories), which ran earlier in the same test session.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from stackctl import ROOT, TEST_ENV, pg_dump, redis_cli

DEMO = "docassemble.parcours:data/questions/demo.yml"
MARKERS = {
    "first_name": "Zerihunmarker",
    "last_name": "Kidanemarker",
    "birth_date": "1987-11-19",
    "street": "17 impasse Témoinmarker",
    "postal_code": "59000",
    "city": "Lille",
}
VAR = Path(TEST_ENV["PARCOURS_VAR"])


def typed_values() -> set[str]:
    """Distinctive strings typed by the story tables: names, dates, numbers (short or common
    words such as 'fr' or 'true' would match anything and prove nothing)."""
    values = set()
    for f in (ROOT / "tests" / "interviews" / "stories").glob("*.yml"):
        for story in yaml.safe_load(f.read_text())["stories"]:
            for _key, value in story["answers"].items():
                if isinstance(value, str) and len(value) >= 6 and value not in ("unknown", "residence_permit"):
                    values.add(value)
    return values


@pytest.fixture(scope="module")
def filled_session(da):
    s = da.new_session(DEMO)
    s.set({k: MARKERS[k] for k in ("first_name", "last_name", "birth_date")})
    s.set({k: MARKERS[k] for k in ("street", "postal_code", "city")})
    q = s.set({"prefecture": "nord", "agdref": "5999999999"})
    assert q["id"] == "letter_ready"
    return s


def secrets() -> dict:
    return json.loads((VAR / "secrets.json").read_text())


@pytest.mark.server
def test_database_holds_no_plaintext_answer(filled_session):
    dump = pg_dump().decode("utf-8", "replace")
    assert "userdict" in dump  # the sessions table was dumped
    for value in ["Zerihunmarker", "Kidanemarker", "Témoinmarker", "5999999999", *typed_values()]:
        assert value not in dump, f"{value!r} is stored in plaintext in PostgreSQL"


def redis_dump() -> str:
    """Every value of every Redis database (docassemble uses several: 0, 1 for sessions, 2 for
    the user data store), as text."""
    keyspace = redis_cli("INFO", "keyspace", check=True).stdout
    blob = []
    for db in re.findall(r"^db(\d+):", keyspace, re.M):
        for key in redis_cli("--scan", db=db, check=True).stdout.split():
            kind = redis_cli("TYPE", key, db=db).stdout.strip()
            cmd = {
                "string": ["GET"],
                "hash": ["HGETALL"],
                "list": ["LRANGE", "0", "-1"],
                "set": ["SMEMBERS"],
                "zset": ["ZRANGE", "0", "-1"],
            }.get(kind)
            if cmd:
                blob.append(key + "\n" + redis_cli(cmd[0], key, *cmd[1:], db=db, errors="replace").stdout)
    return "\n".join(blob)


@pytest.mark.server
def test_redis_holds_no_plaintext_answer(filled_session):
    text = redis_dump()
    assert text.count("\n") > 10, "Redis is empty: the test would prove nothing"
    for value in ["Zerihunmarker", "Kidanemarker", "Témoinmarker", "5999999999"]:
        assert value not in text, f"{value!r} is stored in plaintext in Redis"


@pytest.mark.server
def test_logs_hold_no_personal_data(filled_session):
    logs = list((VAR / "log").glob("*.log"))
    pg_home = VAR / "postgres"
    logs += [pg_home.resolve() / "postgresql.log"] if pg_home.exists() else []
    assert logs
    text = "\n".join(p.read_text(errors="replace") for p in logs if p.exists())
    for value in ["Zerihunmarker", "Kidanemarker", "1987-11-19", "Témoinmarker", "5999999999", *typed_values()]:
        assert value not in text, f"{value!r} appears in the logs"
