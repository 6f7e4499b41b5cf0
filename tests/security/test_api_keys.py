"""The REST API's key check, with the key stretch remembered per web process
(docassemble.parcours.api_keys): a deleted key is refused at once, a wrong, huge or hostile key is
refused and never remembered, and the memory holds no key."""

from __future__ import annotations

import secrets

import pytest
import requests

from docassemble.parcours import api_keys


@pytest.fixture
def fresh(monkeypatch):
    monkeypatch.setattr(api_keys, "_known", type(api_keys._known)())
    calls = []

    def stretch(key, secret):
        calls.append(key)
        return f"stretched-{len(key)}-{key[:8]}"

    valid = {"good"}
    monkeypatch.setattr(api_keys, "_valid", lambda stretched: any(stretched.endswith(v[:8]) for v in valid))
    return api_keys.remembered(stretch), calls, valid


def test_a_valid_key_is_stretched_once_and_an_unknown_key_every_time(fresh):
    encrypt, calls, _ = fresh
    assert encrypt("good", "secret") == encrypt("good", "secret") == "stretched-4-good"
    assert calls == ["good"]
    for _ in range(3):
        encrypt("wrong", "secret")
    assert calls.count("wrong") == 3  # never remembered: guessing keys stays as costly as before


@pytest.mark.parametrize(
    "hostile", ["", "<script>alert(1)</script>", "x" * 1_000_000, "ключ-é-🔑", "da:apikey:userid:*:key:*", "\x00\n"]
)
def test_hostile_keys_are_stretched_as_docassemble_does_and_not_remembered(fresh, hostile):
    encrypt, calls, _ = fresh
    assert encrypt(hostile, "secret") == f"stretched-{len(hostile)}-{hostile[:8]}"
    assert api_keys._known == {}


def test_the_memory_is_bounded_and_holds_no_key(fresh, monkeypatch):
    encrypt, _, valid = fresh
    monkeypatch.setattr(api_keys, "MAX_KEYS", 3)
    monkeypatch.setattr(api_keys, "_valid", lambda stretched: True)
    keys = [secrets.token_hex(16) for _ in range(5)]
    for k in keys:
        encrypt(k, "secret")
    assert len(api_keys._known) == 3
    held = b"".join(api_keys._known) + "".join(api_keys._known.values()).encode()
    assert not any(k.encode() in held for k in keys)


def test_another_secret_is_another_entry(fresh):
    encrypt, calls, _ = fresh
    encrypt("good", "one")
    encrypt("good", "two")
    assert calls == ["good", "good"]


def test_a_deleted_key_is_refused_at_once_and_wrong_keys_never_pass(server):
    base, admin_key = server
    name = f"revoke-{secrets.token_hex(4)}"
    made = requests.post(f"{base}/api/user/api", json={"name": name}, headers={"X-API-Key": admin_key}, timeout=60)
    assert made.ok, made.text
    key = made.json()
    assert isinstance(key, str) and len(key) == 32
    for _ in range(3):  # remembered by whichever web process answers
        assert requests.get(f"{base}/api/user", headers={"X-API-Key": key}, timeout=60).status_code == 200
    for wrong in (key[:-1] + ("0" if key[-1] != "0" else "1"), key.upper(), "<b>" + key[3:], "k" * 100_000):
        assert requests.get(f"{base}/api/user", headers={"X-API-Key": wrong}, timeout=60).status_code in (400, 403, 431)
    gone = requests.delete(f"{base}/api/user/api", params={"api_key": key}, headers={"X-API-Key": key}, timeout=60)
    assert gone.status_code == 204, gone.text
    for _ in range(4):  # both web processes had it remembered: each refuses it now
        assert requests.get(f"{base}/api/user", headers={"X-API-Key": key}, timeout=60).status_code == 403
    assert requests.get(f"{base}/api/user", headers={"X-API-Key": admin_key}, timeout=60).status_code == 200
