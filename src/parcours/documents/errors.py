"""Errors a user can cause while assembling documents (unknown letter, bad field value...)."""

from __future__ import annotations

from ..errors import ParcoursError, diag


class DocumentError(ParcoursError):
    """A document cannot be assembled; each diagnostic says what and how to fix it."""

    @classmethod
    def one(cls, where, message: str, hint: str | None = None) -> DocumentError:
        return cls([diag(str(where), None, message, hint)])
