"""Issue 14 item 3: a Belgian family-reunification case walked in French, Dutch and Arabic shows
every choice in the screen's language (the sponsor's status, the family tie, where the application
is lodged), never its raw value; the review screen writes the answers in words and the dates as
people write them; a value no button offered, posted on a yes/no and on a choice screen, gets the
translated message, never the engine's "'None' is not yes/no (write true or false)" or its list of
values."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from browser import chromium_page
from walk import RAW, T, answer, continue_, fact_of, heading, shot, start

from parcours import i18n, load_rules

ART10 = "be.family_reunification_art10"
IN_BELGIUM = "be.family_reunification_in_belgium"  # asks where the application is lodged
GIVEN = {
    "sponsor_status": "unlimited_stay",
    "joining_relationship": "spouse_or_partner",
    "filing_place": "abroad",
    "sponsor_monthly_net_income": "2200",
    "household_size": "2",
    "sponsor_stay_authorised_on": "15/01/2026",
    "sponsor_birth_date": "15/01/1985",
    "joining_member_birth_date": "15/01/1987",
    "filing_date": dt.date.today().strftime("%d/%m/%Y"),
}
# What the engine says to developers, and must never reach a person.
DEVELOPER = re.compile(r"\bNone\b|true or false|is not one of|is not yes/no|Traceback|Error\b")
ISOLATES = "\u2068\u2069"


def plain(text: str) -> str:
    """docassemble's typography (curly apostrophes) undone, to compare with the catalogues."""
    return text.replace("\u2019", "'")


def radios(page) -> dict[str, str]:
    """value -> label text of the screen's radio buttons."""
    out = {}
    for radio in page.locator("#daform input[type=radio]").all():
        label = page.locator(f"label[for='{radio.get_attribute('id')}']")
        out[radio.get_attribute("value")] = plain(label.inner_text().strip().strip(ISOLATES))
    return out


def post_hostile(page, value: str, lang: str) -> str:
    """Give the first radio button another value (as a hand-made post would), send it: the same
    screen comes back with a message; returns the screen's text."""
    title = heading(page)
    page.locator("#daform input[type=radio]").first.evaluate("(el, v) => { el.value = v; el.checked = true; }", value)
    page.locator("#da-continue-button").click()
    page.locator(".da-has-error, .invalid-feedback, .da-has-error-message, .alert-danger").first.wait_for(timeout=20000)
    page.wait_for_load_state("networkidle")
    assert heading(page) == title, "the refused answer moved the guide on"
    return page.locator("#daquestion").inner_text()


def walk(page, lang: str, shots: list, folder) -> tuple[dict, list[str]]:
    """Answer every screen; returns {fact: {value: label}} of the choice screens and the messages
    seen after the hostile posts."""
    screens, messages, title = {}, [], T("result.title", lang)
    refused_kinds: set = set()
    catalogue = load_rules().catalogue("be")
    for _ in range(60):
        if heading(page) == title:
            return screens, messages
        key = fact_of(page)
        fact = catalogue.get(key.partition("@")[0]) if key else None  # fact@person: asked of one family member
        if fact is None or fact.type not in ("bool", "enum"):
            answer(page, "be", GIVEN)  # text, dates, persons: as a volunteer with the papers at hand
            continue
        screens[fact.id] = radios(page)
        if fact.id == "sponsor_status":
            shot(page, folder, f"choices_{lang}_sponsor_status", shots)
        if fact.type not in refused_kinds:  # once per kind: a yes/no and a choice
            refused_kinds.add(fact.type)
            for hostile in ("None", "true or false", '<b onmouseover="alert(1)">x</b>'):
                messages.append(post_hostile(page, hostile, lang))
            shot(page, folder, f"choices_{lang}_refused_{fact.type}", shots)
        wanted = GIVEN.get(fact.id, "true")
        wanted = wanted if wanted in screens[fact.id] else next(iter(screens[fact.id]))
        radio = page.locator(f"#daform input[type=radio][value='{wanted}']")
        page.locator(f"label[for='{radio.first.get_attribute('id')}']").click()
        continue_(page)
        if fact_of(page) == key:
            raise AssertionError(f"{key}: the answer was refused: {page.locator('#daquestion').inner_text()}")
    raise AssertionError("no result after 60 screens")


@pytest.mark.server
@pytest.mark.browser
@pytest.mark.parametrize("lang", ("fr", "nl", "ar"))
def test_choices_review_and_refusals_are_in_the_persons_language(server, journeys, lang):
    base, _ = server
    shots: list = []
    rules = load_rules()
    titles = [i18n.rule_text(p.title, lang) for p in rules.procedures_for("be") if p.id in (ART10, IN_BELGIUM)]
    with chromium_page() as page:
        start(page, base, lang, "be", "1000 Bruxelles", "other", titles, shots, journeys, f"choices_{lang}")
        screens, messages = walk(page, lang, shots, journeys)
        page.get_by_text(T("result.edit", lang)).first.click()
        page.get_by_text(T("review.title", lang)).first.wait_for()
        page.wait_for_load_state("networkidle")
        shot(page, journeys, f"choices_{lang}_review", shots)
        review = plain(page.locator("#daquestion").inner_text())

    catalogue = rules.catalogue("be")
    for fact_id in ("sponsor_status", "joining_relationship", "filing_place"):
        assert fact_id in screens, f"{fact_id} was not asked: {list(screens)}"
    for fact_id, shown in screens.items():
        fact = catalogue.get(fact_id)
        for value, label in shown.items():
            if fact.type == "enum" and value in fact.values:
                assert label == i18n.choice(fact.question, value, lang), (fact_id, value, label)
            assert label not in (value, value.replace("_", " ")), (fact_id, value, label)
            assert not RAW.search(label), (fact_id, label)
    # A refused value: the message in the person's language, naming what to do, and nothing else.
    assert len(messages) == 6, (len(messages), {f: load_rules().catalogue("be").get(f).type for f in screens})
    for message in messages:
        assert T("check.not_offered", lang) in message, message
        assert not DEVELOPER.search(message), message
    # The review screen: the answers in words, dates as people write them.
    for fact_id in ("sponsor_status", "joining_relationship", "filing_place"):
        assert i18n.choice(catalogue.get(fact_id).question, GIVEN[fact_id], lang) in review, (fact_id, review)
    assert GIVEN["filing_date"] in review, review
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", review), review
    assert not DEVELOPER.search(review), review
    found = RAW.search(review)
    assert not found, (found.group(0), review)
    if lang != "en":
        for english in ("Refugee", "Spouse or registered partner", "From abroad", "Yes\n", "Continue"):
            assert english not in review, (english, review)


@pytest.mark.server
@pytest.mark.browser
@pytest.mark.parametrize("lang", ("fr", "nl", "ar"))
def test_docassemble_own_words_and_messages_are_in_the_persons_language(server, journeys, lang):
    """docassemble's buttons, its skip link and its own message for a too-long answer (the hand-over
    code takes 20 characters) come from translations/words, never in English."""
    base, _ = server
    words = i18n.words(lang)
    shots: list = []
    with chromium_page() as page:
        page.goto(f"{base}/interview?i=docassemble.parcours:data/questions/guide.yml&reset=1&lang={lang}")
        page.wait_for_load_state("networkidle")
        choose_ = page.locator("#daform input[type=radio][value='handover']")
        page.locator(f"label[for='{choose_.first.get_attribute('id')}']").click()
        continue_(page)
        skip = page.locator("a.visually-hidden-focusable, a.daskiplink").first.text_content().strip()
        button = page.locator("#da-continue-button").inner_text().strip()
        field = page.locator("#daform input[type=text]:visible").first
        field.evaluate("el => el.removeAttribute('maxlength')")  # as a hand-made post would
        field.fill("A" * 30)
        page.locator("#da-continue-button").click()
        message = words["You cannot type more than %s characters."] % 20
        page.get_by_text(message).first.wait_for(timeout=10000)
        shot(page, journeys, f"words_{lang}_too_long", shots)
        text = page.locator("body").inner_text()
    assert skip == words["Skip to main content"], skip
    assert button == words["Continue"], button
    english = re.search(r"You cannot type|\bcharacters\b|\bContinue\b|\bBack\b|Skip to main content", text)
    assert not english, (english.group(0), text)
