"""Request limits on the real server: new anonymous sessions per client address per minute (429, in
the visitor's language), never a global lock, not fooled by a forged X-Forwarded-For; and no answer
over 20,000 characters (413). Bounded: a few hundred requests at most."""

from __future__ import annotations

import http.client
import re
import urllib.parse

import pytest

from parcours import i18n

KIOSK = "docassemble.parcours:data/questions/kiosk.yml"
LIMIT = 60  # docassemble.parcours.limits.NEW_SESSIONS_PER_MINUTE (default)


def _get(base: str, path: str, headers: dict | None = None, source: str | None = None):
    """One request on a fresh connection, without cookies (as a script that starts sessions)."""
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(
        url.hostname, url.port, timeout=30, source_address=(source, 0) if source else None
    )
    try:
        conn.request("GET", path, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, dict(resp.getheaders()), resp.read().decode("utf-8", "replace")
    finally:
        conn.close()


@pytest.mark.server
def test_new_anonymous_sessions_are_limited_per_client_address(server):
    base, _ = server
    path = f"/interview?i={urllib.parse.quote(KIOSK)}"
    flood = "127.0.0.3"  # its own loopback address: the other tests' 127.0.0.1 stays unlimited
    statuses = []
    # Two minute windows at most can split the count: 2 * LIMIT + 10 requests always cross it.
    for _ in range(2 * LIMIT + 10):
        status, headers, body = _get(base, path, {"Accept-Language": "ar,fr;q=0.5"}, source=flood)
        statuses.append(status)
        if status == 429:
            break
    assert statuses[-1] == 429, f"no limit after {len(statuses)} new sessions"
    assert len(statuses) > LIMIT // 2 and set(statuses[:-1]) <= {200, 302}, statuses
    assert headers.get("Retry-After") == "60"
    assert i18n.ui("limits.sessions.text", "ar") in body and 'dir="rtl"' in body  # the visitor's language

    # A forged X-Forwarded-For does not buy a new address (no proxy is configured).
    status, _, body = _get(
        base,
        path,
        {"X-Forwarded-For": "203.0.113.7", "X-Real-Ip": "203.0.113.8", "Accept-Language": "uk"},
        source=flood,
    )
    assert status == 429 and i18n.ui("limits.sessions.title", "uk") in body
    # Another client address is not affected: the limit is per address, never global.
    for other in ("127.0.0.2", None):
        status, _, _ = _get(base, path, source=other)
        assert status in (200, 302), other


def _form(body: str) -> dict:
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', body) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', body
    )
    return {"csrf_token": token.group(1)} if token else {}


@pytest.mark.server
def test_an_answer_over_20000_characters_is_refused_in_the_visitors_language(server):
    import requests

    base, _ = server
    s = requests.Session()
    url = f"{base}/interview?i={urllib.parse.quote(KIOSK)}"
    first = s.get(url)
    assert first.status_code == 200
    form = _form(first.text)
    assert form, "no CSRF token on the first kiosk screen"
    # Any posted field (a base64 variable name, as docassemble's forms use): 8.6 MiB, then 20,001.
    field = "Y2hvc2VuX2xhbmd1YWdl"
    for size in (9_000_000, 20_001):
        r = s.post(url, data={**form, field: "x" * size, "_question_name": "x"}, headers={"Accept-Language": "nl"})
        assert r.status_code == 413, (size, r.status_code)
        assert i18n.ui("limits.answer.title", "nl") in r.text and "20 000" in r.text
        assert 'href="/interview?i=' in r.text  # back to the question
    # Under the limit the hook lets docassemble decide (the screen comes back, no 413).
    r = s.post(url, data={**form, field: "x" * 19_000, "_question_name": "x"})
    assert r.status_code != 413
    assert s.get(url).status_code == 200  # the session goes on
