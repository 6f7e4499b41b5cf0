"""Volunteer mode in a real browser: sign in, open a case in the guide, see it in "my cases"
with its nearest running deadline, export it as a case file and import it back."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from browser import chromium_page
from stackctl import TEST_ENV

GUIDE = "docassemble.parcours:data/questions/guide.yml"
CASES = "docassemble.parcours:data/questions/cases.yml"


def continue_(page):
    page.locator("#da-continue-button").click()


def choose(page, value: str):
    """Click the label of the radio button whose value is *value* (docassemble hides the input)."""
    radio = page.locator(f"input[type=radio][value='{value}']")
    radio.first.wait_for(state="attached")
    page.locator(f"label[for='{radio.first.get_attribute('id')}']").click()


def sign_in(page, base: str, var: Path):
    secrets = json.loads((var / "secrets.json").read_text())
    page.goto(f"{base}/user/sign-in")
    page.locator("#email").fill(secrets["admin_email"])
    page.locator("#password").fill(secrets["admin_password"])
    page.locator("button[type=submit], input[type=submit]").first.click()
    page.wait_for_load_state("networkidle")


@pytest.mark.server
@pytest.mark.browser
def test_sign_in_open_a_case_and_find_it_in_my_cases(server, artifacts, tmp_path):
    base, _ = server
    var = Path(TEST_ENV["PARCOURS_VAR"]) if not __import__("os").environ.get("PARCOURS_TEST_URL") \
        else Path(__import__("os").environ["PARCOURS_VAR"])
    with chromium_page(accept_downloads=True) as page:
        sign_in(page, base, var)
        page.goto(f"{base}/interview?i={GUIDE}&reset=1")
        choose(page, "fr")
        continue_(page)
        page.locator("#daform input.form-control").first.fill("93100")  # the place: Seine-Saint-Denis
        continue_(page)
        choose(page, "other")  # no status given: nothing is proposed, the volunteer ticks by hand
        continue_(page)
        page.get_by_text("Aucune démarche n'est proposée", exact=False).wait_for()
        page.get_by_text("Recours devant la CNDA", exact=True).click()
        continue_(page)
        choose(page, "rejection")
        continue_(page)
        page.locator("#daform input.form-control").first.fill("10/11/2026")  # as a person types it in France
        continue_(page)
        page.get_by_text("CESEDA", exact=False).first.wait_for()

        page.goto(f"{base}/interview?i={CASES}&reset=1")
        table = page.locator("table")
        table.wait_for()
        text = table.inner_text()
        assert re.search(r"CNDA", text), text
        page.screenshot(path=str(artifacts / "volunteer_my_cases.png"), full_page=True)

        page.get_by_text("Exporter").first.click()
        with page.expect_download() as download:
            page.locator("a[href*='.json']").first.click()
        path = tmp_path / "case.json"
        download.value.save_as(path)
        case = json.loads(path.read_text())
        assert case["format_version"] == 1 and case["jurisdiction"] == "fr"
        assert case["facts"]["ofpra_decision"] == "rejection"
        assert case["facts"]["ofpra_decision_notification_date"] == "2026-11-10"

        page.goto(f"{base}/interview?i={CASES}&reset=1")
        page.get_by_text("Importer un dossier").click()
        bad = tmp_path / "bad.json"
        bad.write_text(json.dumps({"format_version": 99, "jurisdiction": "fr", "facts": {}}))
        page.locator("input[type=file]").set_input_files(str(bad))
        continue_(page)
        page.get_by_text("format_version 99 is newer").wait_for()  # refused, with the fix named
        upload = page.locator("input[type=file]")
        upload.set_input_files(str(path))
        upload.dispatch_event("change")  # as a person's file picker does; clears the previous error
        upload.press("Tab")
        page.wait_for_timeout(300)
        continue_(page)
        page.get_by_text("Ouvrir le dossier importé").click()
        page.get_by_text("Recours devant la CNDA", exact=True).click()
        continue_(page)
        page.get_by_text("CESEDA", exact=False).first.wait_for()  # the facts came with the file: nothing re-asked


def _new_user(da, email: str, password: str, privilege: str) -> None:
    try:
        da.post("/api/user/new", {"username": email, "password": password, "privileges": [privilege]})
    except AssertionError as e:  # a test stack reused from an earlier run already has the user
        if "already being used" not in str(e):
            raise


@pytest.mark.server
@pytest.mark.browser
def test_each_role_gets_only_its_pages(server, da):
    """The legal team reads the rules but never opens cases; a volunteer opens cases."""
    base, _ = server
    _new_user(da, "juriste@parcours.example.org", "Juriste-Pass-2026!", "legal_team")
    _new_user(da, "benevole@parcours.example.org", "Benevole-Pass-2026!", "volunteer")
    for email, password, cases_allowed in (("juriste@parcours.example.org", "Juriste-Pass-2026!", False),
                                           ("benevole@parcours.example.org", "Benevole-Pass-2026!", True)):
        with chromium_page() as page:
            page.goto(f"{base}/user/sign-in")
            page.locator("#email").fill(email)
            page.locator("#password").fill(password)
            page.locator("button[type=submit], input[type=submit]").first.click()
            page.wait_for_load_state("networkidle")
            page.goto(f"{base}/interview?i=docassemble.parcours:data/questions/rules_browser.yml&reset=1")
            page.get_by_text("Quelles règles consulter").wait_for()
            page.goto(f"{base}/interview?i={CASES}&reset=1")
            page.wait_for_load_state("networkidle")
            opened = page.get_by_role("heading", name="Mes dossiers").count() > 0
            assert opened == cases_allowed, f"{email}: 'my cases' {'refused' if cases_allowed else 'opened'}"
