"""Security headers on every response of the web server.

The Content-Security-Policy lets a page run only scripts served by this server (``script-src
'self'``: no inline script, no event-handler attribute, no ``eval``), so text that slipped into a
page as markup still cannot run. docassemble 1.10 serves each interview screen's own script from
``/rjs/<key>.js``, so every interview (guide, kiosk, cases, rules, statistics) works under it.

One exception, by path: docassemble's own account and administration pages (sign-in, profile,
user list, logs, configuration... rendered from its Flask templates) write one inline ``<script>``
of settings and break without it. Those paths, listed in ``RELAXED``, also allow inline script;
they show no answer of any interview. Everything else, including any path docassemble adds later,
gets the strict policy (docs/security.md). Inline *styles* stay allowed everywhere: docassemble and
the kiosk's progress bar set ``style`` attributes, and a style cannot read a cookie or post a form.
"""

from __future__ import annotations

DIRECTIVES = (
    "default-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' blob:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
)
CSP = "; ".join(DIRECTIVES + ("script-src 'self'",))
CSP_RELAXED = "; ".join(DIRECTIVES + ("script-src 'self' 'unsafe-inline'",))
# First path segment of docassemble's template pages (the start page "/" is the empty segment).
RELAXED = frozenset(
    {
        "",
        "user",
        "userlist",
        "privilegelist",
        "privilege",
        "interviews",
        "list",
        "monitor",
        "observer",
        "logs",
        "listlog",
        "utilities",
        "updatepackage",
        "updatingpackages",
        "packages",
        "config",
        "manage_api",
        "train",
        "mfa_choose",
        "mfa_login",
        "mfa_reconfigure",
        "mfa_setup",
        "mfa_sms_setup",
        "mfa_verify_sms_setup",
        "phone_login",
        "after_reset",
        "createpackage",
        "playground",
        "playgroundfiles",
        "playgroundpackages",
        "playgroundproject",
        "playgroundselect",
        "playgroundvariables",
        "restart",
        "translation_file",
        "reqdev",
    }
)
OTHER = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"}
REPLACED = {"content-security-policy"} | {name.lower() for name in OTHER}


def policy(path: str) -> str:
    segment = (path or "/").lstrip("/").split("/", 1)[0]
    return CSP_RELAXED if segment in RELAXED else CSP


def install(app) -> None:
    """Wrap the WSGI app: the headers are set last, on every response (static files and error
    pages too), replacing docassemble's own CSP (``frame-ancestors 'self'`` only, kept above)."""
    inner = app.wsgi_app

    def with_headers(environ, start_response):
        csp = policy(environ.get("PATH_INFO", "/"))

        def start(status, headers, exc_info=None):
            kept = [(k, v) for k, v in headers if k.lower() not in REPLACED]
            return start_response(status, kept + [("Content-Security-Policy", csp)] + list(OTHER.items()), exc_info)

        return inner(environ, start)

    app.wsgi_app = with_headers
