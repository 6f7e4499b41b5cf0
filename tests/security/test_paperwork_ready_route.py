"""The waiting screen's question "are the documents made?" (/parcours/paperwork/<id>) answers yes or
no and nothing else: to a stranger, a tampered id, a path out of the route or a huge id, the same
"no" (or not found), never an error, a file or a trace of the case; never cached."""

from __future__ import annotations

import http.client
import json
import urllib.parse
import uuid

import pytest

ROUTE = "/parcours/paperwork/"


def _get(base: str, path: str):
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        return resp.status, dict(resp.getheaders()), resp.read()
    finally:
        conn.close()


@pytest.mark.server
@pytest.mark.parametrize(
    "task_id",
    [
        uuid.uuid4().hex,  # well formed, unknown: a guess
        uuid.uuid4().hex.upper(),
        "0" * 31,
        "<script>alert(1)</script>",
        "..%2F..%2F..%2Fetc%2Fpasswd",
        "%00" + "a" * 31,
        "a" * 5000,
        "parcours:paperwork:*",
    ],
)
def test_anything_but_a_made_packet_gets_the_same_no(server, task_id):
    base, _ = server
    status, headers, body = _get(base, ROUTE + task_id)
    assert status in (200, 404, 414), (status, body[:200])  # 414: gunicorn refuses a request line over 4 KB
    if status == 200:
        assert json.loads(body) == {"ready": False}
        assert "no-store" in headers.get("Cache-Control", "")
    assert b"Traceback" not in body and b"root:" not in body


@pytest.mark.server
def test_a_path_out_of_the_route_reads_no_file(server):
    base, _ = server
    for path in (ROUTE + "../../etc/passwd", ROUTE + "%2e%2e/%2e%2e/etc/passwd", ROUTE):
        status, _, body = _get(base, path)
        assert b"root:" not in body and status in (200, 301, 302, 308, 400, 404), (path, status)
