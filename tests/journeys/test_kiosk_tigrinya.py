"""Issue 13 item 10, in Tigrinya: there is no offline voice for Tigrinya, so every kiosk screen says so
in Tigrinya and sends the person to a volunteer, instead of a silent "listen" button. The person
mis-taps their situation, goes back (the wrong answer is still chosen, nothing typed is lost), picks
"I want to ask for asylum" in their own words, and reaches a result in Tigrinya with the deadline and
the documents to bring, then the list to print."""

from __future__ import annotations

import datetime as dt

import pytest
from browser import chromium_page
from walk import T, back, choose, chosen, continue_, heading, raw_on_screen, shot, start_kiosk, tick, walk_to_result

from parcours import i18n, load_rules

TI = "ti"


def _rule(text, lang=TI):
    return i18n.rule_text(text, lang)


def _no_voice_note(page) -> None:
    """The screen says, in Tigrinya, that there is no voice and to ask a volunteer; no silent button."""
    note = page.locator(".pc-no-voice")
    assert note.count() == 1 and note.is_visible(), heading(page)
    assert note.inner_text().strip() == T("kiosk.no_voice", TI)
    assert page.locator(".pc-listen-button").count() == 0


@pytest.mark.server
@pytest.mark.browser
def test_a_tigrinya_speaker_is_told_there_is_no_voice_goes_back_and_gets_the_result(server, journeys):
    base, _ = server
    shots: list = []
    seen: list = []
    rules = load_rules()
    needs = {c.id: c for c in rules.orientation["fr"].needs}
    registration = next(p for p in rules.procedures_for("fr") if p.id == "fr.asylum_registration")
    went = (dt.date.today() - dt.timedelta(days=2)).strftime("%d/%m/%Y")
    with chromium_page(viewport={"width": 820, "height": 1100}) as page:
        start_kiosk(page, base, TI)
        assert heading(page) == T("kiosk.country.question", TI)
        _no_voice_note(page)
        seen.append(page.locator("body").inner_text())
        shot(page, journeys, "kiosk_ti_country", shots)
        choose(page, "fr")
        continue_(page)
        assert heading(page) == T("kiosk.orientation.status.question", TI)
        _no_voice_note(page)
        seen.append(page.locator("body").inner_text())
        assert T("kiosk.orientation.fr.status.asylum_wish", TI) in page.locator("#daform").inner_text()
        # A mis-tap on "refugee", Continue, then Back: "refugee" is still the one chosen.
        choose(page, "refugee")
        continue_(page)
        back(page)
        assert heading(page) == T("kiosk.orientation.status.question", TI)
        assert chosen(page) == ["refugee"], "the earlier answer was lost"
        shot(page, journeys, "kiosk_ti_back_to_status", shots)
        choose(page, "asylum_wish")
        continue_(page)
        _no_voice_note(page)
        seen.append(page.locator("body").inner_text())
        tick(page, _rule(needs["asylum"].label))
        continue_(page)
        assert heading(page) == T("kiosk.situation.question", TI)
        _no_voice_note(page)
        seen.append(page.locator("body").inner_text())
        continue_(page)
        shot(page, journeys, "kiosk_ti_question", shots)
        facts: list = []
        walk_to_result(page, "fr", TI, {"asylum_presentation_date": went}, seen=facts)
        assert len(facts) >= 2, "no fact question was asked"
        for screen in facts[:-1]:  # every question screen (the last one is the result)
            assert T("kiosk.no_voice", TI) in screen, screen[:200]
        seen.extend(facts)
        result = page.locator("#daquestion").inner_text()
        shot(page, journeys, "kiosk_ti_result", shots)
        # What the person sees at the end: the procedure, its deadline and the documents, in Tigrinya.
        assert _rule(registration.title).split(" (")[0] in result, result
        assert T("result.deadlines", TI) in result and T("result.due", TI) in result, result
        assert T("result.documents", TI) in result
        for doc in registration.versions[-1].documents:
            assert _rule(doc.label) in result, doc.id
        page.get_by_text(T("kiosk.end.print", TI)).click()
        page.get_by_role("heading", name=T("checklist.title", TI)).first.wait_for()
        page.wait_for_load_state("networkidle")
        assert page.locator(".pc-checklist li").count() >= 1
        seen.append(page.locator("body").inner_text())
        shot(page, journeys, "kiosk_ti_checklist", shots)
    found = raw_on_screen(seen)
    assert not found, found
    english = [T(m, "en") for m in ("kiosk.no_voice", "kiosk.listen", "result.deadlines", "result.documents")]
    assert not [e for e in english if any(e in s for s in seen)], "English on a Tigrinya screen"
