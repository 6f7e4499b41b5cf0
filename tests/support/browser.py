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


PHONE = {"width": 390, "height": 844}


def phone_context(p, profile, init_script: str | None = None, timeout: int = 20000):
    """A phone-size chromium (touch, 2x pixels, French) on a profile kept on disk: what it stores
    (IndexedDB, service worker, cookies) outlives closing the browser, as on a real phone."""
    context = p.chromium.launch_persistent_context(
        str(profile),
        executable_path=shutil.which("chromium") or "/usr/bin/chromium",
        args=CHROMIUM_ARGS,
        viewport=PHONE,
        device_scale_factor=2,
        has_touch=True,
        locale="fr-FR",
    )
    if init_script:
        context.add_init_script(init_script)
    context.set_default_timeout(timeout)
    return context


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


# A CNDA appeal notified from 12 June 2026 also asks which procedure the claim was in and whether
# OFPRA declared it inadmissible (the EU 10-day cap, issue 15): the hand-written walks answer them.
CNDA_2026 = {"asylum_procedure_type": "normal", "ofpra_decision_inadmissible": "false"}


def continue_and_wait(page, timeout: int = 20000) -> None:
    """Click "Continue" and wait until docassemble has drawn the next screen: its form tracker
    changes with every screen (a slow machine would otherwise read or fill the screen being left)."""
    field = page.locator("input[name=_tracker]")
    before = field.input_value() if field.count() else ""
    page.locator("#da-continue-button").click()
    page.wait_for_function(
        "(old) => { const t = document.querySelector('input[name=_tracker]');"
        " return (!t || t.value !== old) && document.getElementById('daMainQuestion'); }",
        arg=before,
        timeout=timeout,
    )
    page.wait_for_load_state("networkidle")
    settled(page)


def settled(page) -> None:
    """Wait until docassemble has put the focus on the new screen: 15 ms after drawing it, it
    focuses the first field (caret at the end of its value) or the question. A field typed into
    before that would see the focus or the caret move in the middle of the typing. A screen that
    never takes the focus (none on some pages) is not waited for beyond a second."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function("() => document.activeElement && document.activeElement !== document.body", timeout=1000)
    except PlaywrightTimeout:
        pass


def fact_of_name(name: str | None) -> str | None:
    """The fact a guide input asks, from its name: fact_answers['<id>'] (base64 in the form), or
    fact_answers['<id>@<person>'] for a question about one person of a list."""
    import base64
    import re

    try:
        decoded = base64.b64decode((name or "") + "=" * (-len(name or "") % 4)).decode("utf-8")
    except Exception:  # noqa: BLE001 - docassemble's own hidden fields are not base64
        return None
    found = re.fullmatch(r"fact_answers\['([a-z0-9_]+(?:@[A-Za-z0-9_-]+)?)'\]", decoded)
    return found.group(1) if found else None


def fact_of(page) -> str | None:
    """The fact a guide screen asks (the first of its fields that names one)."""
    for name in page.locator("#daform [name]").evaluate_all("els => els.map(e => e.name)"):
        fact = fact_of_name(name)
        if fact:
            return fact
    return None


def answer_until(page, heading: str, answers: dict[str, str], limit: int = 12) -> None:
    """Answer the radio screens on the way (each by the value *answers* gives its fact, else its
    first choice) until the screen titled *heading*."""
    for _ in range(limit):
        page.wait_for_load_state("networkidle")
        title = page.locator("#daMainQuestion")
        title.wait_for()
        if title.inner_text().strip() == heading:
            return
        radios = page.locator("#daform input[type=radio]")
        if not radios.count():
            raise AssertionError(f"no choice to make on {title.inner_text().strip()!r} before {heading!r}")
        values = radios.evaluate_all("els => els.map(e => e.value)")
        asked = fact_of(page)
        wanted = answers[asked] if answers.get(asked) in values else values[0]
        radio = page.locator(f"#daform input[type=radio][value='{wanted}']").first
        page.locator(f"label[for='{radio.get_attribute('id')}']").click()
        asked = title.inner_text().strip()
        page.locator("#da-continue-button").click()
        page.wait_for_function(  # the next screen, not the one being left
            "(t) => { const h = document.getElementById('daMainQuestion'); return h && h.innerText.trim() !== t; }",
            arg=asked,
        )
    raise AssertionError(f"no {heading!r} after {limit} screens")
