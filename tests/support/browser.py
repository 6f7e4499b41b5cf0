"""Debian's chromium under Playwright: no browser download, flags this closed network needs."""
from __future__ import annotations

import contextlib
import shutil

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


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
            yield page
        finally:
            browser.close()
