"""Kiosk mode: hand-over codes, read-aloud audio, idle settings.

Hand-over code: at the end of a kiosk session the person may take a short code (10 characters,
about 50 bits, from an alphabet without look-alike characters) that a volunteer types in the
volunteer guide to continue the same case. The server keeps only
  * an HMAC of the code (keyed by the server's secret) as the storage key, and
  * the case encrypted (AES-GCM) with a key derived from the code by scrypt,
for at most 72 hours; the first successful use deletes it (single use). Attempts to use a code
are rate limited per client address and per typed code, never globally: a global limit let anyone
block every hand-over for everyone in seconds. Guessing stays hopeless: 31^10 codes, 10 tries per
address per 15 minutes, 72 hours of life (docs/security.md gives the figures). Behind a TLS proxy
the client address is the proxy's X-Real-Ip (PARCOURS_BEHIND_PROXY=1), not the proxy's own.

The storage is Redis (docassemble's own, through DARedis); tests pass any object with the few
redis methods used here. Nothing in this module needs docassemble except `_redis()`, `_secret()`
and `_client()`, which are called only inside the server.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import shutil
import subprocess
from pathlib import Path

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"   # no 0/O, 1/I/L
CODE_LENGTH = 10
TTL_SECONDS = 72 * 3600
MAX_TRIES_PER_CLIENT = 10          # per 15 minutes
MAX_TRIES_PER_CODE = 10            # the same typed code, from any address, per 15 minutes
WINDOW_SECONDS = 15 * 60
PREFIX = "parcours:handover:"


class HandoverError(Exception):
    """code: 'invalid' (unknown, expired, used or mistyped) or 'too_many' (rate limited)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """What a volunteer types: case, spaces and dashes do not matter."""
    return "".join(c for c in str(text or "").upper() if c.isalnum())


def display_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def _index(code: str, pepper: bytes) -> str:
    return PREFIX + hmac.new(pepper, code.encode(), hashlib.sha256).hexdigest()


def _key(code: str, pepper: bytes) -> bytes:
    salt = hashlib.sha256(b"parcours-handover-key:" + pepper).digest()
    return hashlib.scrypt(code.encode(), salt=salt, n=2 ** 14, r=8, p=1, dklen=32)


def _seal(payload: dict, code: str, pepper: bytes) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(12)
    data = json.dumps(payload, ensure_ascii=False).encode()
    return base64.b64encode(nonce + AESGCM(_key(code, pepper)).encrypt(nonce, data, b"parcours-handover/1"))


def _open(blob: bytes, code: str, pepper: bytes) -> dict:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    raw = base64.b64decode(blob)
    data = AESGCM(_key(code, pepper)).decrypt(raw[:12], raw[12:], b"parcours-handover/1")
    return json.loads(data)


class HandoverStore:
    def __init__(self, redis, pepper: bytes, ttl: int = TTL_SECONDS):
        self.redis = redis
        self.pepper = pepper
        self.ttl = ttl

    def create(self, payload: dict) -> str:
        """Store the case and return its code (undashed)."""
        for _ in range(5):
            code = new_code()
            if self.redis.set(_index(code, self.pepper), _seal(payload, code, self.pepper), ex=self.ttl, nx=True):
                return code
        raise RuntimeError("could not allocate a hand-over code")

    def _count(self, key: str, limit: int) -> None:
        tries = self.redis.incr(key)
        if tries == 1:
            self.redis.expire(key, WINDOW_SECONDS)
        if tries > limit:
            raise HandoverError("too_many")

    def redeem(self, typed: str, client: str = "unknown") -> dict:
        """The stored case, deleted at once (single use). Raises HandoverError."""
        client_key = PREFIX + "tries:" + hashlib.sha256(client.encode()).hexdigest()[:16]
        self._count(client_key, MAX_TRIES_PER_CLIENT)
        code = normalise_code(typed)
        if len(code) != CODE_LENGTH or any(c not in ALPHABET for c in code):
            raise HandoverError("invalid")
        index = _index(code, self.pepper)
        self._count(PREFIX + "tries:code:" + index[len(PREFIX):][:16], MAX_TRIES_PER_CODE)
        pipe = self.redis.pipeline(transaction=True)
        pipe.get(index)
        pipe.delete(index)
        blob, _ = pipe.execute()
        if not blob:
            raise HandoverError("invalid")
        try:
            payload = _open(blob, code, self.pepper)
        except Exception:  # noqa: BLE001 - tampered or wrong key: same answer as an unknown code
            raise HandoverError("invalid") from None
        self.redis.delete(client_key)
        return payload


# ----------------------------------------------------------------------------- inside the server

def _redis():
    from docassemble.base.util import DARedis

    return DARedis()


def _secret() -> bytes:
    from docassemble.base.util import get_config

    return hashlib.sha256(("parcours-handover:" + str(get_config("secretkey"))).encode()).digest()


def _client() -> str:
    try:
        from docassemble.base.functions import this_thread

        return str(this_thread.current_info.get("clientip") or "unknown")
    except Exception:  # noqa: BLE001
        return "unknown"


def _log(message: str) -> None:
    try:
        from docassemble.base.logger import logmessage

        logmessage("parcours: " + message)
    except Exception:  # noqa: BLE001
        pass


def store() -> HandoverStore:
    return HandoverStore(_redis(), _secret())


def create_handover(case: dict, procedures: list[str]) -> str:
    """The displayed code (XXXXX-XXXXX) for this case and its chosen procedures."""
    return display_code(store().create({"case_file": case, "procedures": list(procedures)}))


def handover_key(code: str) -> str:
    """Where a code's case is stored (an HMAC of the code: it can revoke the code, not open the case)."""
    return _index(normalise_code(code), _secret())


def redeem_handover(typed: str) -> dict:
    """{'ok': True, 'case_file': ..., 'procedures': [...]} or {'ok': False, 'error': 'invalid'|'too_many'}."""
    from parcours import CaseFile

    try:
        payload = store().redeem(typed, _client())
        CaseFile.from_dict(payload["case_file"])  # refuse anything that is not a valid case file
    except HandoverError as e:
        _log(f"hand-over code refused: {e.code}")
        return {"ok": False, "error": e.code}
    except Exception as e:  # noqa: BLE001 - an invalid case file: as if the code were wrong
        # The kind of problem only: an exception text can quote a value of the case (personal data).
        codes = ",".join(sorted({d.code or "?" for d in getattr(e, "diagnostics", ())}))
        _log(f"hand-over payload refused: {type(e).__name__} {codes}".rstrip())
        return {"ok": False, "error": "invalid"}
    _log("hand-over code used")
    return dict(payload, ok=True)


# ----------------------------------------------------------------------------- read aloud

# Offline voices of Debian's espeak-ng; Dari is read with the Persian voice (close written
# language; pronunciation differs). Pashto, Tigrinya and Somali have no voice: no audio then.
VOICES = {"fr": "fr-fr", "nl": "nl", "en": "en-gb", "ar": "ar", "prs": "fa", "uk": "uk", "ru": "ru"}
STATIC = Path(__file__).resolve().parent / "data" / "static"
TTS_DIR = STATIC / "tts"
PACKAGE = "docassemble.parcours"


def has_voice(lang: str) -> bool:
    return lang in VOICES and shutil.which("espeak-ng") is not None


def speech_file(text: str, lang: str) -> Path | None:
    """A WAV of *text* read in *lang*, cached by content; None without a voice."""
    if not text or not has_voice(lang):
        return None
    digest = hashlib.sha256(f"{lang}\n{text}".encode()).hexdigest()[:24]
    path = TTS_DIR / f"{lang}-{digest}.wav"
    if not path.exists():
        TTS_DIR.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        try:
            subprocess.run(["espeak-ng", "-v", VOICES[lang], "-s", "150", "-w", str(tmp), text[:1500]],
                           check=True, capture_output=True, timeout=20)
            tmp.replace(path)
        except (OSError, subprocess.SubprocessError):
            return None
    return path


def speech_url(text: str, lang: str) -> str | None:
    path = speech_file(text, lang)
    return f"/packagestatic/{PACKAGE}/tts/{path.name}" if path else None


def listen_html(text: str, lang: str, label: str) -> str:
    """A 'listen' button and its audio, or nothing when no voice exists for the language."""
    from markupsafe import Markup

    url = speech_url(text, lang)
    if not url:
        return ""
    return str(Markup('<div class="pc-listen"><audio id="pc-audio" preload="none" src="{}"></audio>'
                      '<button type="button" class="btn btn-outline-primary pc-listen-button">'
                      '<span aria-hidden="true">🔊</span> {}</button></div>').format(url, label))
