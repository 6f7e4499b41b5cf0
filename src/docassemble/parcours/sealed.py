"""Celery messages sealed with a key that never touches the disk.

docassemble passes each background task (``background_action``) the session id *and the
session's decryption secret*, pickled, through the broker; parcours's own task ("Préparer les
documents", ``paperwork_task``) passes the answers the documents are made from, and gets the
files back through Redis. Redis's append-only file would keep them all, and any process that can write to the broker could make the worker unpickle
(run) whatever it likes. Every task and result is therefore pickled, then encrypted and
authenticated with Fernet (AES-128-CBC + HMAC-SHA256), and the worker refuses anything else:

- what lands in Redis's files is ciphertext, useless without the key;
- a message not sealed with the key is refused before it is unpickled.

The key is made by ``scripts/stack.py`` per start of the stack and kept in a RAM-backed file
(``/dev/shm``, mode 600, owned by the service user), named by ``PARCOURS_CELERY_KEY_FILE``; it is
never under the data folder, so a copy of the disk or of a backup holds no way to read a message.

The web processes load this through ``docassemble.parcours.webapp``; the Celery worker through
docassemble's ``celery modules`` setting.
"""

from __future__ import annotations

import os
import pickle

from celery.signals import before_task_publish
from cryptography.fernet import Fernet, InvalidToken
from kombu.exceptions import DecodeError
from kombu.serialization import register

NAME = "parcours-sealed"
CONTENT_TYPE = "application/x-parcours-sealed"
KEY_FILE_ENV = "PARCOURS_CELERY_KEY_FILE"
KEY_ENV = "PARCOURS_CELERY_KEY"  # multi-server: the same Fernet key given to every container


class SealError(RuntimeError):
    """The sealing key is missing: refuse to start rather than send secrets in clear."""


def _load_key() -> bytes:
    if os.environ.get(KEY_ENV):  # several servers (web and worker containers) share one key
        return os.environ[KEY_ENV].encode("ascii")
    path = os.environ.get(KEY_FILE_ENV)
    if not path:
        raise SealError(f"{KEY_FILE_ENV} (or {KEY_ENV}) is not set: start the stack with scripts/stack.py")
    with open(path, "rb") as f:
        return f.read().strip()


_fernet: Fernet | None = None


def _box() -> Fernet:
    global _fernet
    if _fernet is None:
        _fernet = Fernet(_load_key())
    return _fernet


def seal(obj) -> bytes:
    return _box().encrypt(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))


def unseal(data) -> object:
    if isinstance(data, str):
        data = data.encode("ascii")
    try:
        plain = _box().decrypt(data)
    except InvalidToken as e:  # not sealed with our key: never unpickled
        raise DecodeError("message refused: not sealed with this stack's key") from e
    return pickle.loads(plain)  # noqa: S301 - authenticated above


def configure() -> None:
    """Register the serializer and make docassemble's Celery app use and accept only it."""
    _box()  # fail now, not at the first task, if the key is missing
    register(NAME, seal, unseal, content_type=CONTENT_TYPE, content_encoding="binary")
    from docassemble.webapp.tasks.app import celery_app

    celery_app.conf.update(
        task_serializer=NAME,
        result_serializer=NAME,
        accept_content=[NAME],
        result_accept_content=[NAME],
        event_serializer="json",
    )
    before_task_publish.connect(_hide_arguments, weak=False, dispatch_uid="parcours-sealed")


def _hide_arguments(headers=None, **_):
    """Celery copies repr(args) into the message headers (shown by monitoring tools); the
    arguments hold the session secret, so the headers say only that they are sealed."""
    if headers is not None:
        for key in ("argsrepr", "kwargsrepr"):
            if key in headers:
                headers[key] = "(sealed)"


def install(app) -> None:  # noqa: ARG001 - the hook signature of docassemble.parcours.webapp
    """Nothing more to do: importing this module configured Celery."""


configure()  # at import: the worker imports this module through docassemble's `celery modules`
