"""Accounts of the test stack: invented volunteers with a privilege, signed in over HTTP or in a
browser, and the test stack's PostgreSQL for the checks that read what the server stored."""

from __future__ import annotations

import re
import uuid

import requests
from stackctl import TEST_ENV, secrets


def new_user(da, email: str, password: str, privilege: str) -> None:
    """An account with one privilege (kept when a reused test stack already has it)."""
    try:
        da.post("/api/user/new", {"username": email, "password": password, "privileges": [privilege]})
    except AssertionError as e:
        if "already being used" not in str(e):
            raise


def observatory_team(da, prefix: str, password: str) -> tuple[str, str, str]:
    """A new observer and observatory coordinator with invented addresses of their own:
    (run, observer, coordinator), *run* a short random tag the test can put in what it types."""
    run = uuid.uuid4().hex[:6]
    observer, coordinator = f"observ.{prefix}.{run}@parcours.example.org", f"coord.{prefix}.{run}@parcours.example.org"
    new_user(da, observer, password, "observer")
    new_user(da, coordinator, password, "observatory_coordinator")
    return run, observer, coordinator


def signed_in(base: str, email: str, password: str) -> requests.Session:
    """An HTTP session signed in through docassemble's own sign-in form (its CSRF token included)."""
    http = requests.Session()
    page = http.get(f"{base}/user/sign-in", timeout=30).text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', page
    )
    r = http.post(
        f"{base}/user/sign-in",
        data={
            "email": email,
            "password": password,
            "csrf_token": token.group(1) if token else "",
            "next": "/parcours/outreach/",
        },
        timeout=30,
    )
    assert r.ok and r.url.endswith("/parcours/outreach/"), f"could not sign in {email}"
    return http


def sign_in_page(page, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/user/sign-in")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("button[type=submit], input[type=submit]").first.click()
    page.wait_for_load_state("networkidle")


def database():
    """A connection to the test stack's PostgreSQL (docassemble's database)."""
    import psycopg2

    return psycopg2.connect(
        host="127.0.0.1",
        port=int(TEST_ENV["PARCOURS_PG_PORT"]),
        user="docassemble",
        password=secrets()["db_password"],
        dbname="docassemble",
    )
