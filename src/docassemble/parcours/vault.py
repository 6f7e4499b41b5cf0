"""Records parcours keeps in docassemble's PostgreSQL, encrypted, and who may touch them.

One way for every kind of record (outreach rounds, observatory testimonies and their attachments):

- ``derive(secretkey, salt, purpose)``: a 32-byte key by HKDF-SHA256 from the server's ``secretkey``
  (secrets.json), one per salt and purpose, so that a key of one kind never opens another kind;
- ``seal`` / ``unseal`` (``seal_json`` / ``open_json`` for a record's JSON content): AES-256-GCM, a fresh 12-byte nonce, a version byte in front, and the
  record's id (and revision) as associated data, so that a blob moved to another row is refused;
- ``user_with(roles)``: the signed-in user when they hold one of *roles*, else the refusal's
  status (401 signed out, 403 another privilege).

The crypto functions import nothing from docassemble (the tests call them on what they read from
the database); the last two read docassemble's configuration and Flask-Login's user.
"""

from __future__ import annotations

import json
import os

VERSION = b"\x01"


def derive(secretkey: str, salt: bytes, purpose: str) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(hashes.SHA256(), 32, salt=salt, info=purpose.encode()).derive(secretkey.encode())


def seal(data: bytes, key: bytes, associated: bytes) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(12)
    return VERSION + nonce + AESGCM(key).encrypt(nonce, data, associated)


def unseal(blob: bytes, key: bytes, associated: bytes) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    blob = bytes(blob)
    if blob[:1] != VERSION:
        raise ValueError("unknown sealed record format")
    return AESGCM(key).decrypt(blob[1:13], blob[13:], associated)


def seal_json(content, key: bytes, associated: bytes) -> bytes:
    """A record's content (JSON-able) sealed as above: the one JSON form every kind of record uses."""
    return seal(json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode(), key, associated)


def open_json(blob: bytes, key: bytes, associated: bytes):
    return json.loads(unseal(blob, key, associated))


def secretkey() -> str:
    from docassemble.base.util import get_config

    return str(get_config("secretkey"))


def user_with(roles) -> tuple[object | None, int | None]:
    """(user, None) for a signed-in user holding one of *roles*, else (None, 401 or 403)."""
    from flask_login import current_user

    if not current_user.is_authenticated:
        return None, 401
    if not current_user.has_role(*roles):
        return None, 403
    return current_user, None
