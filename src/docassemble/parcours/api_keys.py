"""docassemble's REST API checks a key by stretching it (PBKDF2-SHA256, 100,000 rounds: 30-40 ms of
CPU on this machine) on every request, then looks the result up in Redis. Under `make load` that
was the largest single cost of a step. The stretch is a pure function of the key and the server's
secret, so each web process keeps the results of the keys it has seen valid: the lookup in Redis
still runs on every request (a deleted or disabled key is refused at once, the user is read again),
nothing more is stored anywhere, and an unknown key still pays the full stretch.

The memory holds no key: entries are indexed by an HMAC of the key under the server's secret."""

from __future__ import annotations

import hashlib
import hmac
import threading
from collections import OrderedDict

MAX_KEYS = 1024  # API keys a process remembers (volunteers' tools and the outreach phones)

_lock = threading.Lock()
_known: OrderedDict[bytes, str] = OrderedDict()


def remembered(original):
    """encrypt_api_key(key, secret) with the stretch remembered for keys that proved valid."""

    def encrypt_api_key(key, secret_key):
        index = hmac.new(str(secret_key).encode(), str(key).encode(), hashlib.sha256).digest()
        with _lock:
            hit = _known.get(index)
            if hit is not None:
                _known.move_to_end(index)
                return hit
        result = original(key, secret_key)
        if _valid(result):
            with _lock:
                _known[index] = result
                while len(_known) > MAX_KEYS:
                    _known.popitem(last=False)
        return result

    return encrypt_api_key


def _valid(stretched: str) -> bool:
    from docassemble.webapp.daredis import r

    return bool(r.keys("da:apikey:userid:*:key:" + stretched + ":info"))


def install(app) -> None:  # noqa: ARG001 - the hook signature of docassemble.parcours.webapp
    import docassemble.webapp.api.helpers as helpers

    if not getattr(helpers.encrypt_api_key, "parcours_remembered", False):
        helpers.encrypt_api_key = remembered(helpers.encrypt_api_key)
        helpers.encrypt_api_key.parcours_remembered = True
