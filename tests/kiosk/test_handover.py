"""Hand-over codes: single use, 72 h, only an HMAC and a ciphertext stored, rate limited."""

from __future__ import annotations

import json
import math

import pytest

from docassemble.parcours import kiosk
from docassemble.parcours.kiosk import HandoverError, HandoverStore


class FakeRedis:
    """The few redis calls the store makes, in memory."""

    def __init__(self):
        self.data, self.ttl = {}, {}

    def set(self, key, value, ex=None, nx=False):
        if nx and key in self.data:
            return None
        self.data[key] = value if isinstance(value, bytes) else str(value).encode()
        self.ttl[key] = ex
        return True

    def get(self, key):
        return self.data.get(key)

    def delete(self, key):
        return 1 if self.data.pop(key, None) is not None else 0

    def incr(self, key):
        value = int(self.data.get(key, b"0")) + 1
        self.data[key] = str(value).encode()
        return value

    def expire(self, key, seconds):
        self.ttl[key] = seconds

    def pipeline(self, transaction=True):
        redis, calls = self, []

        class Pipe:
            def get(self, key):
                calls.append(lambda: redis.get(key))

            def delete(self, key):
                calls.append(lambda: redis.delete(key))

            def execute(self):
                return [call() for call in calls]

        return Pipe()


CASE = {
    "case_file": {
        "format_version": 1,
        "jurisdiction": "fr",
        "language": "ar",
        "facts": {"seeking_asylum": True, "asylum_presentation_date": "2025-09-01"},
    },
    "procedures": ["fr.asylum_registration"],
}


@pytest.fixture()
def store():
    return HandoverStore(FakeRedis(), b"server-secret")


def test_code_is_short_unambiguous_and_has_enough_entropy(store):
    code = store.create(CASE)
    assert len(code) == kiosk.CODE_LENGTH and set(code) <= set(kiosk.ALPHABET)
    assert not set("01ILO") & set(kiosk.ALPHABET)
    assert kiosk.CODE_LENGTH * math.log2(len(kiosk.ALPHABET)) >= 48
    assert kiosk.display_code(code).count("-") == 1


def test_redeem_once_then_gone(store):
    code = store.create(CASE)
    typed = kiosk.display_code(code).lower().replace("-", " - ")  # as a volunteer might type it
    assert store.redeem(typed, "volunteer") == CASE
    with pytest.raises(HandoverError) as e:
        store.redeem(code, "volunteer")
    assert e.value.code == "invalid"


def test_only_a_hash_and_a_ciphertext_are_stored_for_72_hours(store):
    code = store.create(CASE)
    stored = {k: v for k, v in store.redis.data.items() if "tries" not in k}
    assert len(stored) == 1
    key, blob = next(iter(stored.items()))
    assert code not in key and code.encode() not in blob
    # (a two-letter value such as "fr" can occur by chance in base64 ciphertext: check longer plaintext)
    assert b"asylum" not in blob and b"2025-09-01" not in blob and b"jurisdiction" not in blob
    assert store.redis.ttl[key] == 72 * 3600
    # Another server secret cannot find it.
    with pytest.raises(HandoverError):
        HandoverStore(store.redis, b"other-secret").redeem(code, "x")


def test_wrong_codes_are_rate_limited_per_client(store):
    code = store.create(CASE)
    for _ in range(kiosk.MAX_TRIES_PER_CLIENT):
        with pytest.raises(HandoverError) as e:
            store.redeem("ABCDEFGHJK", "guesser")
        assert e.value.code == "invalid"
    with pytest.raises(HandoverError) as e:
        store.redeem(code, "guesser")  # even the right code, once blocked
    assert e.value.code == "too_many"
    assert store.redeem(code, "volunteer")["procedures"] == ["fr.asylum_registration"]


def test_nobody_can_block_the_hand_overs_of_everyone_else(store):
    """An attacker with many addresses hammers wrong codes: they are refused, and a volunteer's
    right code from another address still works (there is no global lock to trip)."""
    code = store.create(CASE)
    for n in range(300):
        for _ in range(kiosk.MAX_TRIES_PER_CLIENT + 1):
            with pytest.raises(HandoverError):
                store.redeem(kiosk.new_code(), f"attacker-{n}")
    assert store.redeem(code, "volunteer")["procedures"] == ["fr.asylum_registration"]


def test_one_code_tried_from_many_addresses_is_limited(store):
    for n in range(kiosk.MAX_TRIES_PER_CODE):
        with pytest.raises(HandoverError) as e:
            store.redeem("ABCDEFGHJK", f"client-{n}")
        assert e.value.code == "invalid"
    with pytest.raises(HandoverError) as e:
        store.redeem("ABCDEFGHJK", "new-client")
    assert e.value.code == "too_many"
    code = store.create(CASE)  # other codes are not affected
    assert store.redeem(code, "new-client")["procedures"] == ["fr.asylum_registration"]


def test_payload_round_trips_unicode(store):
    case = json.loads(json.dumps(CASE))
    case["case_file"]["persons"] = [{"id": "p1", "role": "child", "given_name": "يوسف"}]
    assert store.redeem(store.create(case), "v")["case_file"]["persons"][0]["given_name"] == "يوسف"
