"""Form posts whose field names carry markup are refused before docassemble reads them.

docassemble decodes each posted field name (base64 of a variable name) and, when the result is not
a valid variable name, writes it back into the page unescaped ("Error: Invalid character in key:
<img src=x onerror=...>"). No variable name of parcours contains ``<``, ``>`` or ``&``, so
a post naming one is refused with a short page in the visitor's language (status 400); the
Content-Security-Policy (``docassemble.parcours.headers``) would stop a script anyway.
"""

from __future__ import annotations

import base64
import binascii

MARKUP = frozenset('<>&')


def _decoded(name: str) -> str:
    try:
        return base64.b64decode(name + "=" * (-len(name) % 4), validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return ""


def carries_markup(names) -> bool:
    return any(MARKUP & set(name) or MARKUP & set(_decoded(name)) for name in names)


def install(app) -> None:
    from flask import request

    from .limits import language, page

    @app.before_request
    def parcours_form_names():
        if request.method != "POST" or not (request.endpoint or "").startswith("interview."):
            return None
        if carries_markup(request.form.keys()):
            return (
                page(language(request), "limits.form.title", "check.not_offered", back=request.full_path.rstrip("?")),
                400,
                {"Content-Type": "text/html; charset=utf-8"},
            )
        return None
