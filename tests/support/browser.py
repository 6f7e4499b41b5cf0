"""Debian's chromium under Playwright: no browser download, flags this closed network needs."""

from __future__ import annotations

import contextlib
import shutil
import sys

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextlib.contextmanager
def chromium_page(**context_options):
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as p:
        # Playwright gives each launch a fresh, empty profile of its own.
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(**context_options)
            page = context.new_page()
            page.set_default_timeout(20000)
            try:
                yield page
            except BaseException:
                _describe(page)
                raise
        finally:
            browser.close()


def _describe(page) -> None:
    """Where the browser was when a test failed: printed, so the failure report in CI shows it."""
    try:
        shown = page.locator("body").inner_text(timeout=2000)
        print(f"\n--- browser at {page.url}\n{shown[:1500]}\n---", file=sys.stderr)
    except Exception as exc:  # noqa: BLE001 - the page itself may be gone
        print(f"\n--- browser page unavailable: {exc}", file=sys.stderr)


def sign_in(page, base: str, var) -> None:
    """Sign in as the stack's admin (credentials from the data folder's secrets.json)."""
    import json
    from pathlib import Path

    secrets = json.loads((Path(var) / "secrets.json").read_text())
    page.goto(f"{base}/user/sign-in")
    page.locator("#email").fill(secrets["admin_email"])
    page.locator("#password").fill(secrets["admin_password"])
    page.locator("button[type=submit], input[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
