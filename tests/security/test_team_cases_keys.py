"""The association's case index without a server: envelope encryption (a data key per case, wrapped
under the association key), rotation of the association key, and what is refused (a tampered
wrapped key, a row moved to another id, a key dropped from the keyring)."""

from __future__ import annotations

import os
import secrets
import stat
import uuid

import pytest
from cryptography.exceptions import InvalidTag

from docassemble.parcours import teamcases as tc

SNAPSHOT = {
    "case": {
        "format_version": 1,
        "jurisdiction": "fr",
        "case_id": "Famille Invented",
        "facts": {"ofpra_decision": "rejection"},
    },
    "procedures": ["cnda_appeal"],
}


def a_row(ring: tc.Keyring) -> tuple[str, int, bytes, bytes]:
    rid, data_key = str(uuid.uuid4()), secrets.token_bytes(32)
    version, wrapped = tc.wrap(data_key, rid, ring)
    return rid, version, wrapped, tc.seal_snapshot(SNAPSHOT, rid, data_key)


def test_a_case_opens_with_its_wrapped_key_and_nothing_is_in_clear(tmp_path):
    path = tmp_path / "case-keys.json"
    ring = tc.load_keyring(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert tc.load_keyring(path).versions == ring.versions  # made once, then read
    rid, version, wrapped, content = a_row(ring)
    assert b"Invented" not in content and b"rejection" not in content
    assert tc.open_snapshot(content, rid, tc.unwrap(version, wrapped, rid, ring)) == SNAPSHOT


def test_a_tampered_wrapped_key_or_a_row_moved_to_another_id_is_refused(tmp_path):
    ring = tc.load_keyring(tmp_path / "k.json")
    rid, version, wrapped, content = a_row(ring)
    bent = wrapped[:-1] + bytes([wrapped[-1] ^ 1])
    with pytest.raises(InvalidTag):
        tc.unwrap(version, bent, rid, ring)
    other = str(uuid.uuid4())
    with pytest.raises(InvalidTag):  # the wrapped key copied onto another row
        tc.unwrap(version, wrapped, other, ring)
    data_key = tc.unwrap(version, wrapped, rid, ring)
    with pytest.raises(InvalidTag):  # the content copied onto another row
        tc.open_snapshot(content, other, data_key)
    with pytest.raises(InvalidTag):  # another association's keyring
        tc.unwrap(version, wrapped, rid, tc.Keyring({version: secrets.token_bytes(32)}))


def test_rotation_rewraps_every_row_and_the_old_key_opens_nothing(tmp_path):
    old = tc.load_keyring(tmp_path / "k.json")
    rows = [a_row(old) for _ in range(5)]
    both = old.with_new_version()
    rewrapped = tc.rewrap_all([(r, v, w) for r, v, w, _ in rows], both, both)
    new = both.only(both.current)
    assert new.current == old.current + 1 and set(new.versions) == {new.current}
    for (rid, _, wrapped, content), (rid2, version, rewrapped_key) in zip(rows, rewrapped, strict=True):
        assert rid == rid2 and version == new.current and rewrapped_key != wrapped
        assert (
            tc.open_snapshot(content, rid, tc.unwrap(version, rewrapped_key, rid, new)) == SNAPSHOT
        )  # content untouched
        with pytest.raises(KeyError):  # the old version is gone from the keyring
            tc.unwrap(old.current, wrapped, rid, new)
        with pytest.raises(InvalidTag):  # and the old key does not open the new wrapping
            tc.unwrap(version, rewrapped_key, rid, tc.Keyring({version: old.key(old.current)}))


def test_a_damaged_keyring_is_refused_not_replaced(tmp_path):
    path = tmp_path / "k.json"
    path.write_text('{"versions": {"1": "c2hvcnQ="}}')
    with pytest.raises(ValueError):
        tc.load_keyring(path)
    assert "c2hvcnQ=" in path.read_text()  # never overwritten by a fresh key (that would lose every case)


def test_the_holder_is_a_keyed_hash_and_the_digest_follows_the_content():
    a = tc.holder_index(tc.GUIDE, "SessionInvented", "k1")
    assert "SessionInvented" not in a and a != tc.holder_index(tc.GUIDE, "SessionInvented", "k2")
    assert tc.digest(SNAPSHOT) == tc.digest(dict(SNAPSHOT))
    assert tc.digest(SNAPSHOT) != tc.digest({**SNAPSHOT, "procedures": []})
