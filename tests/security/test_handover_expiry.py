"""Hand-over codes in the real Redis of the test stack: a code past its lifetime, a code never
issued and a tampered ciphertext are all refused the same way, and nothing is handed over."""

from __future__ import annotations

import time

import pytest
from stackctl import redis_client

from docassemble.parcours.kiosk import HandoverError, HandoverStore, _index, normalise_code

CASE = {
    "case_file": {"format_version": 1, "jurisdiction": "fr", "facts": {"seeking_asylum": True}},
    "procedures": ["fr.asylum_registration"],
}


@pytest.fixture
def store(server):
    client = redis_client(5)
    client.flushdb()
    yield HandoverStore(client, b"test-pepper-" + b"x" * 20)
    client.flushdb()


@pytest.mark.server
def test_an_expired_code_is_refused(store):
    code = store.create(CASE)
    key = _index(normalise_code(code), store.pepper)
    assert store.redis.ttl(key) > 71 * 3600  # issued for 72 hours
    store.redis.pexpire(key, 300)  # ... and now at the end of them
    time.sleep(0.6)
    with pytest.raises(HandoverError) as e:
        store.redeem(code, "volunteer-pc")
    assert e.value.code == "invalid"


@pytest.mark.server
def test_a_forged_code_or_a_tampered_case_is_refused(store):
    with pytest.raises(HandoverError):
        store.redeem("ABCDE-FGHJK", "volunteer-pc")  # well formed, never issued
    code = store.create(CASE)
    key = _index(normalise_code(code), store.pepper)
    blob = bytearray(store.redis.get(key))
    blob[-5] = ord("A") if blob[-5] != ord("A") else ord("B")  # one character of the ciphertext
    store.redis.set(key, bytes(blob))
    with pytest.raises(HandoverError) as e:
        store.redeem(code, "volunteer-pc")
    assert e.value.code == "invalid"
    assert store.redis.get(key) is None  # the tampered entry is gone too
