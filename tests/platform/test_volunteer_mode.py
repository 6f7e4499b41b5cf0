"""Volunteer mode in a real browser: sign in, open a case in the guide, see it in "my cases"
with its nearest running deadline, export it as a case file and import it back."""

from __future__ import annotations

import json
import re
import secrets
from pathlib import Path

import pytest
from browser import CNDA_2026, answer_until, chromium_page, continue_and_wait, fact_of_name, sign_in
from stackctl import TEST_ENV

from parcours import i18n

GUIDE = "docassemble.parcours:data/questions/guide.yml"
CASES = "docassemble.parcours:data/questions/cases.yml"


def continue_(page):
    continue_and_wait(page)


def _wait_for_heading(page, text: str) -> None:
    """Wait for the next screen by its title: a text found anywhere may still be on the last one."""
    page.get_by_role("heading", name=text, exact=True).first.wait_for()


def choose(page, value: str):
    """Click the label of the radio button whose value is *value* (docassemble hides the input)."""
    radio = page.locator(f"input[type=radio][value='{value}']")
    radio.first.wait_for(state="attached")
    page.locator(f"label[for='{radio.first.get_attribute('id')}']").click()


@pytest.mark.server
@pytest.mark.browser
def test_sign_in_open_a_case_and_find_it_in_my_cases(server, artifacts, tmp_path):
    base, _ = server
    var = (
        Path(TEST_ENV["PARCOURS_VAR"])
        if not __import__("os").environ.get("PARCOURS_TEST_URL")
        else Path(__import__("os").environ["PARCOURS_VAR"])
    )
    with chromium_page(accept_downloads=True) as page:
        sign_in(page, base, var)
        page.goto(f"{base}/interview?i={GUIDE}&reset=1")
        choose(page, "fr")
        continue_(page)
        page.locator("#daform input.form-control").first.fill("93100")  # the place: Seine-Saint-Denis
        continue_(page)
        choose(page, "other")  # no status given: nothing is proposed, the volunteer ticks by hand
        continue_(page)
        page.get_by_text("Aucune démarche", exact=False).wait_for()
        page.get_by_text("Recours devant la CNDA", exact=True).click()
        continue_(page)
        choose(page, "rejection")
        continue_(page)
        page.locator("#daform input.form-control").first.fill("10/11/2026")  # as a person types it in France
        continue_(page)
        answer_until(page, "Résultat", CNDA_2026)  # the date page may cite CESEDA too: wait for the result
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
        page.get_by_text("Ce dossier est au format 99").first.wait_for()  # refused in French, with the fix named
        upload = page.locator("input[type=file]")
        upload.set_input_files(str(path))
        upload.dispatch_event("change")  # as a person's file picker does; clears the previous error
        upload.press("Tab")
        page.wait_for_timeout(300)
        continue_(page)
        page.get_by_text("Ouvrir le dossier importé").click()
        choose(page, "other")
        continue_(page)
        page.get_by_text("Recours devant la CNDA", exact=True).click()
        continue_(page)
        answer_until(page, "Résultat", CNDA_2026)  # what the file holds is not asked again
        page.get_by_text("CESEDA", exact=False).first.wait_for()


def _new_user(da, email: str, password: str, privilege: str) -> None:
    try:
        da.post("/api/user/new", {"username": email, "password": password, "privileges": [privilege]})
    except AssertionError as e:  # a test stack reused from an earlier run already has the user
        if "already being used" not in str(e):
            raise


@pytest.mark.server
@pytest.mark.browser
def test_each_role_gets_only_its_pages(server, da, artifacts):
    """The legal team reads the rules and the anonymous statistics but never opens cases; a
    volunteer opens cases but not the statistics. An Arabic-reading jurist reads both right to left."""
    base, _ = server
    _new_user(da, "juriste@parcours.example.org", "Juriste-Pass-2026!", "legal_team")
    _new_user(da, "benevole@parcours.example.org", "Benevole-Pass-2026!", "volunteer")
    for email, password, cases_allowed in (
        ("juriste@parcours.example.org", "Juriste-Pass-2026!", False),
        ("benevole@parcours.example.org", "Benevole-Pass-2026!", True),
    ):
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
            # Anonymous statistics: for the legal team, not for volunteers.
            page.goto(f"{base}/interview?i=docassemble.parcours:data/questions/statistics.yml&reset=1")
            page.wait_for_load_state("networkidle")
            stats = page.get_by_role("heading", name="Statistiques anonymes").count() > 0
            assert stats != cases_allowed, f"{email}: statistics {'opened' if stats else 'refused'}"
            if not cases_allowed:
                for name, heading in (("rules_browser", "rules.question"), ("statistics", "stats.title")):
                    page.goto(f"{base}/interview?i=docassemble.parcours:data/questions/{name}.yml&reset=1&lang=ar")
                    page.get_by_text(i18n.ui(heading, "ar")).first.wait_for()
                    page.wait_for_load_state("networkidle")
                    assert page.locator("html").get_attribute("dir") == "rtl", name
                    assert page.locator("html").get_attribute("lang") == "ar", name
                    assert "pc-rtl" in page.locator("body").get_attribute("class"), name  # parcours.js ran
                    page.screenshot(path=str(artifacts / f"{name}_arabic.png"), full_page=True)


def _sign_in_as(page, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/user/sign-in")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("button[type=submit], input[type=submit]").first.click()
    page.wait_for_load_state("networkidle")


def cnda_case_in_six_screens(page, base: str) -> None:
    """A CNDA appeal in six screens, to its result."""
    page.goto(f"{base}/interview?i={GUIDE}&reset=1")
    choose(page, "fr")
    continue_(page)
    page.locator("#daform input.form-control").first.fill("93100")
    continue_(page)
    choose(page, "other")
    continue_(page)
    page.get_by_text("Aucune démarche", exact=False).wait_for()
    page.get_by_text("Recours devant la CNDA", exact=True).click()
    continue_(page)
    choose(page, "rejection")
    continue_(page)
    page.locator("#daform input.form-control").first.fill("10/11/2026")
    continue_(page)
    answer_until(page, "Résultat", CNDA_2026)


def _start_cnda_case(page, base: str) -> None:
    page.goto(f"{base}/interview?i={GUIDE}&reset=1")
    choose(page, "fr")
    continue_(page)
    page.locator("#daform input.form-control").first.fill("59000")
    continue_(page)
    choose(page, "asylum_rejected")
    continue_(page)
    continue_(page)  # no need ticked: refused with a message naming the fix, on the same screen
    page.get_by_text("Cochez au moins un besoin.").first.wait_for()
    page.get_by_text("Répondre à une décision reçue", exact=False).click()
    continue_(page)
    # The orientation ticked the CNDA appeal for this status and need.
    cnda = page.locator("label", has_text="Recours devant la CNDA").first
    assert page.locator(f"#{cnda.get_attribute('for')}").is_checked()
    continue_(page)
    _answer_until_result(page)


def _answer_until_result(page) -> None:
    """Answer what the guide asks: the OFPRA decision, dates, else "I don't know"."""
    from parcours import i18n

    for _ in range(25):
        page.wait_for_load_state("networkidle")
        page.locator("#daquestion").first.wait_for()
        before = page.locator("#daquestion").first.inner_text()
        if page.locator("h1, h2").first.inner_text().strip() == i18n.ui("result.title", "fr"):
            return
        if page.locator("input[type=radio][value='rejection']").count():
            choose(page, "rejection")
        elif page.locator("#daform input.form-control").count():  # a date (it offers "I don't know" too)
            page.locator("#daform input.form-control").first.fill("10/11/2026")
        elif page.locator("label", has_text=i18n.ui("answer.dont_know", "fr")).count():
            page.locator("label", has_text=i18n.ui("answer.dont_know", "fr")).first.click()
        elif page.locator("#daform input[type=radio]").count():  # a choice with no "I don't know": the first
            radio = page.locator("#daform input[type=radio]").first
            page.locator(f"label[for='{radio.get_attribute('id')}']").click()
        continue_(page)
        # The next screen is drawn by script after the response: wait until the question changed,
        # so that this loop never answers a screen that is already being replaced.
        page.wait_for_function(
            "prev => { const q = document.querySelector('#daquestion'); return q !== null && q.innerText !== prev; }",
            arg=before,
            timeout=30000,
        )
    raise AssertionError("the guide did not reach its result")


def _case_labels(page, base: str) -> list[str]:
    page.goto(f"{base}/interview?i={CASES}&reset=1")
    page.get_by_role("heading", name="Mes dossiers").first.wait_for()
    return [t.strip() for t in page.locator("tbody th").all_inner_texts()]


@pytest.mark.server
@pytest.mark.browser
def test_a_case_is_passed_to_a_colleague_by_code_and_erased_on_request(server, da):
    """Volunteers see only their own cases (answers are encrypted per user); a case goes to a
    colleague through a single-use code, and is erased for good on the person's request."""
    base, _ = server
    # Accounts of their own per run: a reused data folder keeps the cases of earlier runs.
    run = secrets.token_hex(3)
    alice_email, bruno_email = f"alice-{run}@parcours.example.org", f"bruno-{run}@parcours.example.org"
    _new_user(da, alice_email, "Alice-Pass-2026!", "volunteer")
    _new_user(da, bruno_email, "Bruno-Pass-2026!", "volunteer")
    with chromium_page() as alice:
        _sign_in_as(alice, base, alice_email, "Alice-Pass-2026!")
        before = _case_labels(alice, base)
        _start_cnda_case(alice, base)
        # Annotate the case from its result: a short name and a note for the team.
        alice.get_by_text("Nom et note du dossier").first.click()
        label = f"AB-{secrets.token_hex(3)}"  # unique per run: a reused data folder keeps older copies
        alice.locator("#daform input[type=text]").first.fill(label)
        alice.locator("#daform textarea").first.fill("Rendez-vous avocat le 2 décembre")
        continue_(alice)
        # The annotation screen carries the same title as the link: wait until it has gone.
        alice.locator("#daform textarea").wait_for(state="detached")
        alice.get_by_text("Nom et note du dossier").first.wait_for()  # back on the result
        labels = _case_labels(alice, base)
        assert len(labels) == len(before) + 1 and label in labels
        assert "Rendez-vous avocat le 2 décembre" in alice.locator("table").inner_text()
        alice.get_by_text("Transmettre").first.click()
        code = alice.locator(".pc-code").inner_text().strip()
    with chromium_page() as bruno:
        _sign_in_as(bruno, base, bruno_email, "Bruno-Pass-2026!")
        assert not set(_case_labels(bruno, base)) & set(labels)  # none of Alice's cases is listed
        bruno.goto(f"{base}/interview?i={GUIDE}&reset=1")
        choose(bruno, "handover")
        continue_(bruno)
        bruno.locator("#daform input[type=text]").fill(code)
        continue_(bruno)
        _answer_until_result(bruno)
        assert "Dossier repris" in bruno.locator("#daquestion").inner_text()
    with chromium_page() as alice:
        _sign_in_as(alice, base, alice_email, "Alice-Pass-2026!")
        _case_labels(alice, base)
        alice.get_by_text("Effacer").first.click()
        alice.get_by_text("Effacer ce dossier").wait_for()
        alice.locator("button", has_text="Effacer définitivement").click()
        alice.get_by_text("Dossier effacé").wait_for()
        assert len(_case_labels(alice, base)) == len(labels) - 1


# docassemble drops complete HTML tags from what is typed; a markdown link and an unclosed tag get
# through to the interview, where they must still be shown as text.
INJECTION = '[lien](javascript:window.__pwned=1) <img src=x onerror=window.__pwned=2 '


@pytest.mark.server
@pytest.mark.browser
def test_script_typed_into_answers_is_shown_as_text_never_run(server, tmp_path):
    """Script injection in every free-text answer of a guide walk (place, nationality, names...):
    the result and review screens show it as text; nothing runs. Bad uploads are refused with a
    message naming the fix."""
    from parcours import i18n

    base, _ = server
    var = (
        Path(TEST_ENV["PARCOURS_VAR"])
        if not __import__("os").environ.get("PARCOURS_TEST_URL")
        else Path(__import__("os").environ["PARCOURS_VAR"])
    )
    with chromium_page() as page:
        sign_in(page, base, var)
        page.goto(f"{base}/interview?i={GUIDE}&reset=1")
        choose(page, "fr")
        continue_(page)
        page.locator("#daform input.form-control").first.fill(INJECTION)  # the place
        continue_(page)
        choose(page, "worker")
        continue_(page)
        page.get_by_text("Faire venir sa famille", exact=False).click()
        continue_(page)
        continue_(page)  # regroupement familial, ticked by the orientation
        # The filing date, then a 16-month stay: the 18-month rule then depends on the nationality,
        # a free-text answer (Algerians: 12 months), which gets the injection.
        given = {
            "filing_date": "01/10/2026",
            "sponsor_regular_stay_start": "01/06/2025",
            "sponsor_nationality": INJECTION,
        }
        asked = []
        for _ in range(30):
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(300)
            if page.locator("h1").first.inner_text().strip() == i18n.ui("result.title", "fr"):
                break
            boxes = page.locator("#daform input.form-control:visible")
            if boxes.count():
                for i in range(boxes.count()):
                    fact = fact_of_name(boxes.nth(i).get_attribute("name"))
                    asked.append(fact)
                    boxes.nth(i).fill(given.get(fact, "2"))
            else:
                page.locator("#daform label.dalabelauty").first.click()
            continue_(page)
        assert "sponsor_nationality" in asked, f"the free-text question was not reached: {asked}"
        assert page.evaluate("window.__pwned") is None
        page.get_by_text(i18n.ui("result.edit", "fr")).first.click()
        _wait_for_heading(page, i18n.ui("review.title", "fr"))
        review = page.locator("#daquestion").inner_text()
        assert "javascript:window.__pwned=1" in review, review  # shown as text
        assert page.locator("#daquestion a[href^='javascript'], #daquestion img[src='x']").count() == 0
        assert page.evaluate("window.__pwned") is None

        # Uploads: too big, or not a case file at all: refused, with what to do.
        page.goto(f"{base}/interview?i={CASES}&reset=1")
        page.get_by_text("Importer un dossier").click()
        big = tmp_path / "big.json"
        big.write_text('{"format_version": 1, "jurisdiction": "fr", "facts": {}, "notes": "' + "x" * 2_100_000 + '"}')
        page.locator("input[type=file]").set_input_files(str(big))
        continue_(page)
        page.get_by_text("un dossier parcours fait au plus 1 Mo", exact=False).first.wait_for()
        png = tmp_path / "photo.json"
        png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
        upload = page.locator("input[type=file]")
        upload.set_input_files(str(png))
        upload.dispatch_event("change")
        upload.press("Tab")
        page.wait_for_timeout(300)
        continue_(page)
        page.get_by_text("pas un dossier parcours", exact=False).wait_for()
