"""Issue 18, item 3: from the street to the permanence. On a phone-sized Chromium an outreach
volunteer records a person who agrees to a card: the phone makes the code (and its QR code) with no
help from the server; a second encounter links to the same card (a mistyped code is caught on the
phone). At the permanence a volunteer types the code in the guide: a mistyped code is refused with
a message saying what to fix; the right one opens the guide pre-filled, which asks neither the
needs nor the procedures nor the decision's date again, and the result shows the procedure the
person mentioned. The code opens once; the opening is audited; the street notes leave the table.
Then the code screen under hostile input: HTML, a huge value, SQL-like text, signed out, the
wrong role."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
import walk
from accounts import database, new_user, sign_in_page
from browser import CNDA_2026, chromium_page
from stackctl import secrets
from walk import GUIDE, T, choose, continue_, heading, shot, title_of, walk_to_result

from docassemble.parcours.outreach import AUDIT, TABLE, code_index, open_content
from parcours import i18n, load_rules
from parcours.outreach import check_char, code_problem, new_code

PHONE = {"width": 390, "height": 844}
PASSWORD = "Maraude-Carte-2026!"
NOTIFIED = dt.date.today() - dt.timedelta(days=9)


def _python_qr(text: str) -> list[str]:
    import qrcode
    from qrcode.util import MODE_ALPHA_NUM, QRData

    q = qrcode.QRCode(version=1, error_correction=qrcode.constants.ERROR_CORRECT_M, mask_pattern=0, border=0)
    q.add_data(QRData(text, mode=MODE_ALPHA_NUM))
    q.make(fit=False)
    return ["".join("1" if m else "0" for m in row) for row in q.modules]


def _phone_record(page, *, needs=(), flag=None, procedure=None, language=None, notes="") -> None:
    for need in needs:
        page.locator(f"#needs input[value={need}]").check()
    if flag:
        page.locator(f"#flags input[value={flag}]").check()
    if language:
        page.locator(f"#languages input[value={language}]").check()
    if procedure:
        page.locator("#procedure-choice").select_option(procedure[0])
        page.locator("#procedure-date").fill(procedure[1])
        page.locator("#procedure-add").click()
    page.locator("#notes").fill(notes)
    page.locator("#consent").check()


def _save_and_send(page, count: int) -> None:
    page.locator("#record-save").click()
    page.wait_for_function(
        "(n) => Array.from(document.querySelectorAll('#records li .state')).filter(e => e.dataset.state === 'sent').length === n",
        arg=count,
    )


def _open(page, base: str, code: str) -> None:
    page.goto(f"{base}/interview?i={GUIDE}&reset=1&lang=fr")
    page.locator("#daMainQuestion").wait_for()
    walk.record(page)
    choose(page, "outreach")
    continue_(page)
    assert heading(page) == T("outreach.open.question", "fr")
    page.locator("#daform input[type=text]:visible").first.fill(code)
    continue_(page)


@pytest.mark.server
@pytest.mark.browser
def test_a_street_card_opens_the_guide_asking_only_what_is_missing(server, da, journeys):
    base, _ = server
    run = uuid.uuid4().hex[:6]
    street, permanence = f"maraude.carte.{run}@parcours.example.org", f"permanence.carte.{run}@parcours.example.org"
    new_user(da, street, PASSWORD, "outreach")
    new_user(da, permanence, PASSWORD, "volunteer")
    marker = f"Cartemarker-{run}"
    shots: list = []
    problems: list = []

    # ---- on the street, a phone
    with chromium_page(viewport=PHONE, device_scale_factor=2, has_touch=True, locale="fr-FR") as page:
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
        sign_in_page(page, base, street, PASSWORD)
        page.goto(f"{base}/parcours/outreach/")
        page.locator("#round-place").select_option("calais_marck")
        page.locator("#round-start").click()
        page.locator("#record-form").wait_for()
        # The phone's check is the server's (one known example, and the QR modules of a code).
        assert page.evaluate("parcoursCode.check('RGZD3DU')") == check_char("RGZD3DU") == "J"
        assert page.evaluate("parcoursQR.matrix('RGZD-3DUJ').map(r => r.map(x => x ? 1 : 0).join(''))") == _python_qr(
            "RGZD-3DUJ"
        )
        # The card is made with no network: the code and its QR code come from the page itself.
        page.context.set_offline(True)
        page.wait_for_function("() => !navigator.onLine")
        _phone_record(
            page,
            needs=("asylum", "decision"),
            flag="medical",
            procedure=("fr.cnda_appeal", NOTIFIED.isoformat()),
            language="ar",
            notes=marker + " tente bleue",
        )
        assert page.locator("#card-new").is_visible() and not page.locator("#card").is_visible()
        page.locator("#card-new").click()
        code = page.locator("#card-code").inner_text().strip()
        assert code_problem(code) is None and len(code) == 9
        # The person reads the card in Arabic (right to left); the QR code is the same code.
        arabic = page.locator("#card-texts p[lang=ar]")
        assert arabic.get_attribute("dir") == "rtl" and T("outreach.card.text", "ar") in arabic.inner_text()
        drawn = page.locator("#card-qr svg path").get_attribute("d")
        expected = _python_qr(code)
        assert drawn.count("h1v1h-1z") == sum(row.count("1") for row in expected)
        page.locator("#card").scroll_into_view_if_needed()
        page.evaluate("document.getElementById('card').scrollIntoView({block: 'center'})")
        page.screenshot(path=str(journeys / "outreach_card_ar.png"))
        shots.append(journeys / "outreach_card_ar.png")
        page.locator("#record-save").click()
        page.wait_for_function("() => document.querySelectorAll('#records li .state').length === 1")
        page.context.set_offline(False)  # the card's code is registered when the record is sent
        page.wait_for_function("() => document.querySelector('#records li .state').dataset.state === 'sent'")

        # A second encounter a week later: the person shows their card; a mistyped copy is caught.
        _phone_record(page, needs=("family",), notes=marker + " revu")
        wrong = code[:2] + ("A" if code[2] != "A" else "B") + code[3:]
        page.locator("#card-existing").fill(wrong)
        page.locator("#card-use").click()
        assert "mal recopié" in page.locator("#card-error").inner_text()
        page.screenshot(path=str(journeys / "outreach_card_mistyped_fr.png"))
        page.locator("#card-existing").fill(" " + code.replace("-", "").lower()[:3] + " " + code.lower()[3:] + " ")
        page.locator("#card-use").click()
        assert page.locator("#card-code").inner_text().strip() == code
        _save_and_send(page, 2)
        assert not problems, problems

    # ---- at the permanence: a volunteer types the code
    with chromium_page(locale="fr-FR") as page:
        sign_in_page(page, base, permanence, PASSWORD)
        mistyped = code[:5] + ("2" if code[5] != "2" else "3") + code[6:]
        _open(page, base, mistyped)
        assert heading(page) == T("outreach.open.question", "fr")
        assert T("outreach.open.mistyped", "fr") in page.locator("#daquestion").inner_text()
        shot(page, journeys, "outreach_open_mistyped_fr", shots)
        page.locator("#daform input[type=text]:visible").first.fill(code.lower())
        continue_(page)
        # The first question is one the street record did not answer: the place, then the facts.
        assert heading(page) == T("place.question", "fr")
        shot(page, journeys, "outreach_open_first_question_fr", shots)
        continue_(page)
        seen: list = []
        asked = walk_to_result(page, "fr", "fr", dict(CNDA_2026, ofpra_decision="rejection"), seen=seen)
        headings = {s.split("\n")[0] for s in seen}
        never = ("orientation.needs.question", "procedures.question", "orientation.status.question")
        for msgid in never:
            assert not any(T(msgid, "fr") in s for s in seen), msgid
        assert "ofpra_decision_notification_date" not in asked, asked  # the date given on the street
        result = page.locator("#daquestion").inner_text()
        assert title_of("fr.cnda_appeal", "fr") in result and T("outreach.open.loaded", "fr") in result
        assert i18n.NAMES["ar"] in result
        shot(page, journeys, "outreach_open_result_fr", shots)
        assert headings

        # Single use: the same code again says it was taken up already.
        _open(page, base, code)
        assert T("outreach.open.opened", "fr") in page.locator("#daquestion").inner_text()

    # The opening is audited (who, when, which code; nothing else) and the notes left the table.
    key = secrets()["secretkey"]
    with database() as db, db.cursor() as cur:
        cur.execute(f"SELECT id::text, content, opened_at FROM {TABLE} WHERE code_index = %s", (code_index(code, key),))
        stored = cur.fetchall()
        cur.execute(
            f"SELECT a.records, u.email FROM {AUDIT} a JOIN \"user\" u ON u.id = a.user_id WHERE a.code_index = %s",
            (code_index(code, key),),
        )
        audit = cur.fetchall()
    assert len(stored) == 2 and all(opened for _, _, opened in stored)
    contents = [open_content(blob, rid, key) for rid, blob, _ in stored]
    assert not any(marker in json.dumps(c) for c in contents)
    assert all(set(c) <= {"jurisdiction", "place", "round_date", "people", "needs", "flags"} for c in contents)
    assert audit == [(2, permanence)]
    assert load_rules()  # the rules the guide used are the packaged ones


@pytest.mark.server
@pytest.mark.browser
def test_the_code_screen_under_hostile_input(server, da, journeys):
    base, _ = server
    run = uuid.uuid4().hex[:6]
    volunteer, street = f"permanence.hostile.{run}@parcours.example.org", f"maraude.hostile.{run}@parcours.example.org"
    new_user(da, volunteer, PASSWORD, "volunteer")
    new_user(da, street, PASSWORD, "outreach")
    never_sent = new_code()
    with chromium_page(locale="fr-FR") as page:
        # Signed out: asked to sign in; an outreach volunteer's account is not the permanence's.
        _open(page, base, never_sent)
        assert T("outreach.open.sign_in", "fr") in page.locator("#daquestion").inner_text()
        sign_in_page(page, base, street, PASSWORD)
        _open(page, base, never_sent)
        assert T("outreach.open.not_allowed", "fr") in page.locator("#daquestion").inner_text()
        page.context.clear_cookies()  # signed out
        sign_in_page(page, base, volunteer, PASSWORD)
        _open(page, base, never_sent)
        assert T("outreach.open.unknown", "fr") in page.locator("#daquestion").inner_text()
        for hostile in ("<img src=x onerror=window.__pwned=1>", "' OR '1'='1' --", "K" * 5000, "K" * 100_000):
            field = page.locator("#daform input[type=text]:visible").first
            # What a script sends, not the screen: docassemble's own length check taken away.
            field.evaluate(
                "(e) => { e.removeAttribute('maxlength'); if (window.jQuery) { jQuery(e).rules('remove'); } }"
            )
            field.fill(hostile)
            if len(hostile) > 20_000:  # over parcours's bound on any answer: refused before the interview
                page.locator("#da-continue-button").click()
                page.locator("body", has_text=T("limits.answer.title", "fr")).wait_for()
                page.get_by_role("link", name=T("limits.back", "fr")).click()
                page.locator("#daMainQuestion").wait_for()
                assert heading(page) == T("outreach.open.question", "fr")
                continue
            continue_(page)
            text = page.locator("#daquestion").inner_text()
            assert heading(page) == T("outreach.open.question", "fr")
            assert T("outreach.open.format", "fr") in text, hostile[:20]
            assert "onerror" not in text and "OR '1'" not in text and "KKKK" not in text
            assert page.evaluate("window.__pwned") is None
        shot(page, journeys, "outreach_open_hostile_fr", [])
