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
import re
import secrets
import shutil
import subprocess
import tempfile
from pathlib import Path

from parcours import languages

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L
CODE_LENGTH = 10
TTL_SECONDS = 72 * 3600
MAX_TRIES_PER_CLIENT = 10  # per 15 minutes
MAX_TRIES_PER_CODE = 10  # the same typed code, from any address, per 15 minutes
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
    return hashlib.scrypt(code.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)


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
        self._count(PREFIX + "tries:code:" + index[len(PREFIX) :][:16], MAX_TRIES_PER_CODE)
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
    from docassemble.parcours.retention import server_redis

    return server_redis()


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

# Offline voices of Debian's espeak-ng, from the language registry (translations/languages.yaml);
# a language without one (voice: null) gets a note saying so.
VOICES = {lang.code: lang.voice for lang in languages.languages() if lang.voice}
# The recordings are a cache kept where the web server may write (its temporary folder, in the
# stack's data folder): the code's own folders are read-only to it, and a recording written there
# never came, so the kiosk had no voice at all. They hold screen texts only, never an answer.
SPEECH_ROUTE = "/parcours/speech/"
SPEECH_NAME = re.compile(r"^(?:" + "|".join(VOICES) + r")-[0-9a-f]{24}\.wav$")


def has_voice(lang: str) -> bool:
    return lang in VOICES and shutil.which("espeak-ng") is not None


def speech_dir() -> Path:
    return Path(os.environ.get("PARCOURS_SPEECH_DIR") or Path(tempfile.gettempdir()) / "parcours-speech")


def speech_file(text: str, lang: str) -> Path | None:
    """A WAV of *text* read in *lang*, cached by content; None without a voice."""
    if not text or not has_voice(lang):
        return None
    digest = hashlib.sha256(f"{lang}\n{text}".encode()).hexdigest()[:24]
    folder = speech_dir()
    path = folder / f"{lang}-{digest}.wav"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        try:
            subprocess.run(
                ["espeak-ng", "-v", VOICES[lang], "-s", "150", "-w", str(tmp), text[:1500]],
                check=True,
                capture_output=True,
                timeout=20,
            )
            tmp.replace(path)
        except (OSError, subprocess.SubprocessError):
            return None
    return path


def speech_url(text: str, lang: str) -> str | None:
    path = speech_file(text, lang)
    return SPEECH_ROUTE + path.name if path else None


def install(app) -> None:
    """The web server's route for the recordings (docassemble.parcours.webapp lists this hook):
    a name of the cache's own form only, from the cache folder only."""
    from flask import abort, send_file

    @app.route(SPEECH_ROUTE + "<name>", methods=["GET"])
    def parcours_speech(name):
        path = speech_dir() / name
        if not SPEECH_NAME.match(name) or not path.is_file():
            abort(404)
        return send_file(str(path), mimetype="audio/wav", max_age=86400)


def listen_html(text: str, lang: str, label: str) -> str:
    """A 'listen' button and its audio, or nothing when no voice exists for the language."""
    from markupsafe import Markup

    url = speech_url(text, lang)
    if not url:
        return ""
    # Font Awesome's speaker (docassemble serves it): no emoji font on the kiosk, an emoji drew a box.
    return str(
        Markup(
            '<div class="pc-listen"><audio id="pc-audio" preload="none" src="{}"></audio>'
            '<button type="button" class="btn btn-outline-primary pc-listen-button">'
            '<i class="fa-solid fa-volume-high" aria-hidden="true"></i> {}</button></div>'
        ).format(url, label)
    )


def _said(text) -> str:
    """What a voice reads of a screen text: no markup, no direction isolates, no markdown emphasis."""
    import html as html_
    import re

    text = re.sub(r"<[^>]*>", " ", str(text or ""))
    text = html_.unescape(text).replace("\u2068", "").replace("\u2069", "")
    return " ".join(text.replace("*", " ").split())


def choice_labels(choices) -> list[str]:
    """The labels of a screen's choices, however docassemble was given them: [{value: label}],
    [{'value': v, 'label': l}], or a `fields` list whose fields carry choices (and hints)."""
    out = []
    for choice in choices or []:
        if not isinstance(choice, dict):
            out.append(str(choice))
        elif "field" in choice:  # a field of a fields list: its hint, then its own choices
            if choice.get("hint"):
                out.append(str(choice["hint"]))
            out.extend(choice_labels(choice.get("choices")))
        elif "label" in choice:
            out.append(str(choice["label"]))
        else:
            out.extend(str(v) for v in choice.values())
    return [t for t in (_said(x) for x in out) if t]


def read_aloud(lang: str, question: str, *choices) -> str:
    """The kiosk's read-aloud of one screen: the question, then each choice offered, in one recording.
    Without a voice for the language (Pashto, Tigrinya, Somali), a note in the person's language says
    so and sends them to the volunteer, rather than a button that stays silent."""
    from markupsafe import Markup

    from parcours.i18n import ui

    lines = [_said(question)] + [label for group in choices for label in choice_labels(group)]
    # A full stop and a new line after each: the voice pauses between the choices.
    text = "\n".join([lines[0]] + [line.rstrip(".?!:;") + "." for line in lines[1:]])
    if has_voice(lang):
        shown = listen_html(text, lang, ui("kiosk.listen", lang))
        if shown:
            return shown
    return str(Markup('<p class="pc-no-voice" role="note">{}</p>').format(ui("kiosk.no_voice", lang)))


def code_qr_svg(code: str) -> str:
    """The hand-over code as a QR code (inline SVG, drawn here: nothing fetched). It holds the code
    only, never an answer: a scanner typing it into the volunteer's hand-over screen gives the same
    as typing the code by hand. Anything that is not a well-formed code gives nothing."""
    import qrcode
    from markupsafe import Markup
    from qrcode.image.svg import SvgPathImage

    plain = normalise_code(code)
    if len(plain) != CODE_LENGTH or any(c not in ALPHABET for c in plain):
        return ""
    image = qrcode.make(display_code(plain), image_factory=SvgPathImage, box_size=10, border=2)
    svg = image.to_string(encoding="unicode")
    svg = svg[svg.index("<svg") :]  # inline in the page: no XML declaration
    # Hidden from screen readers: the code itself is written beside it.
    return str(Markup('<div class="pc-qr" aria-hidden="true">{}</div>').format(Markup(svg)))


def in_own_words(choices: list[dict], jurisdiction: str, kind: str, lang: str) -> list[dict]:
    """The orientation's choices ([{id: label}]) as the person says them at the kiosk: a status the
    legal team words about someone ("Wants to seek asylum") becomes "I want to ask for asylum" where
    the interface catalogue has a kiosk wording (kiosk.orientation.<country>.<status|need>.<id>)."""
    from parcours.i18n import catalogue, is_rtl, ui

    out = []
    for choice in choices:
        ((key, label),) = choice.items()
        msgid = f"kiosk.orientation.{jurisdiction}.{kind}.{key}"
        if catalogue("ui", "fr").get(msgid):
            label = ui(msgid, lang)
            label = f"\u2068{label}\u2069" if is_rtl(lang) else label
        out.append({key: label})
    return out


# ----------------------------------------------------------------------------- place

# Where a kiosk may stand, as its set-up URL names it (/start/kiosk/?place=calais): the country and
# the place the office directory (rules/<country>/offices.yaml) knows it by. French towns go by their
# département; a Belgian commune is known by the directory itself. Anything else is ignored.
KIOSK_TOWNS = {
    "calais": ("fr", "62", "Calais"),
    "arras": ("fr", "62", "Arras"),
    "lille": ("fr", "59", "Lille"),
    "dunkerque": ("fr", "59", "Dunkerque"),
    "grande synthe": ("fr", "59", "Grande-Synthe"),
    "paris": ("fr", "75", "Paris"),
}


def kiosk_place_from(value, rules=None) -> dict | None:
    """{'jurisdiction', 'place', 'name'} of a kiosk's place from its set-up URL, or None."""
    from parcours.offices import _key

    raw = str(value or "").strip()
    if not raw or len(raw) > 60:
        return None
    key = _key(raw)
    if key in KIOSK_TOWNS:
        jurisdiction, place, name = KIOSK_TOWNS[key]
        return {"jurisdiction": jurisdiction, "place": place, "name": name}
    if rules is None:
        from parcours import load_rules

        rules = load_rules()
    for office in rules.offices.get("be", []):
        for covered in office["covers"]:
            if covered != "*" and _key(covered) == key:
                return {"jurisdiction": "be", "place": covered, "name": covered}
    return None


def restart_url(idle: int, warn: int, place: dict | None) -> str:
    """Where the kiosk starts again after a wipe: the same set-up (idle, warning, place)."""
    from urllib.parse import urlencode

    args = {"idle": int(idle), "warn": int(warn)}
    if place:
        args["place"] = place["name"]
    return "/start/kiosk/?" + urlencode(args)
