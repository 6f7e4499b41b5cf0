"""Session fixation: the session cookie a visitor had before signing in is worth nothing after.

An attacker who sets a session cookie in a shared (kiosk) browser, then waits for a volunteer to
sign in there, must not be able to use that cookie to act as the volunteer."""

from __future__ import annotations

import re

import pytest
import requests
from stackctl import secrets


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


@pytest.mark.server
def test_signing_in_replaces_the_session_cookie_and_the_old_one_is_dead(server):
    base, _ = server
    browser = requests.Session()
    form = browser.get(f"{base}/user/sign-in", timeout=30)
    planted = browser.cookies.get("session")
    assert planted, "no session cookie before sign-in: the test would prove nothing"
    sec = secrets()
    r = browser.post(
        f"{base}/user/sign-in",
        timeout=30,
        allow_redirects=True,
        data={"csrf_token": _csrf(form.text), "email": sec["admin_email"], "password": sec["admin_password"]},
    )
    assert r.history, f"the sign-in was refused ({r.status_code})"  # a signed-in user is redirected
    after = browser.cookies.get("session")
    # Signed in for real: the profile page answers without sending us to the sign-in page.
    assert "sign-in" not in browser.get(f"{base}/user/profile", timeout=30).url
    assert after and after != planted, "the session id planted before sign-in is still the signed-in session"

    attacker = requests.Session()
    attacker.cookies.set("session", planted)
    r = attacker.get(f"{base}/user/profile", timeout=30)
    assert "sign-in" in r.url, "the planted session cookie gives the volunteer's signed-in session"
