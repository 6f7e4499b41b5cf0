"""Forbidden doors stay shut: without a key or a login, nobody reads, lists or changes a
session, the administration pages or the API; a session's secret is needed to read it."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request

import pytest

DEMO = "docassemble.parcours:data/questions/demo.yml"


def status(url: str, data: bytes | None = None, method: str | None = None) -> tuple[int, str]:
    req = urllib.request.Request(
        url, data=data, method=method, headers={"Content-Type": "application/json"} if data else {}
    )
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(req, timeout=30) as r:
            return r.status, r.headers.get("Location", "")
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Location", "")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.mark.server
@pytest.mark.parametrize(
    "path",
    [
        "/api/session/new?i=" + DEMO,
        "/api/user",
        "/api/user_list",
        "/api/interviews",
        "/api/config",
        "/api/session?i=" + DEMO + "&session=x",
    ],
)
def test_api_refuses_requests_without_a_key(server, path):
    base, _ = server
    # /api/config is not served at all: configuration editing is off (allow configuration editing).
    assert status(base + path)[0] in ((401, 403, 404) if path == "/api/config" else (401, 403))


@pytest.mark.server
def test_api_refuses_a_forged_key(server):
    base, _ = server
    assert status(base + "/api/session/new?" + urllib.parse.urlencode({"i": DEMO, "key": "x" * 32}))[0] in (401, 403)


@pytest.mark.server
def test_a_session_cannot_be_read_without_its_secret(da):
    s = da.new_session(DEMO)
    s.set({"first_name": "Invented", "last_name": "Person", "birth_date": "1990-01-01"})
    forged = type(s)(da, s.interview, s.session, "AAAAAAAAAAAAAAAA")
    with pytest.raises(AssertionError):
        forged.question()


@pytest.mark.server
@pytest.mark.parametrize(
    "path", ["/interviews", "/monitor", "/config", "/userlist", "/logs", "/updatepackage", "/playground", "/train"]
)
def test_staff_pages_need_a_login(server, path):
    base, _ = server
    code, location = status(base + path)
    assert code in (302, 401, 403, 404), f"{path} answered {code} to an anonymous visitor"
    if code == 302:
        assert "/user/sign-in" in location or "login" in location, location
