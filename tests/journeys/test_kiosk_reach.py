"""Issue 13 item 10, at the kiosk of Calais (set up with /start/kiosk/?place=calais): a person mis-taps
their situation and a yes/no answer, goes back with the large "Back" button, finds the earlier answer
still chosen, corrects it and reaches a result that follows the corrected answers and names the offices
of Calais (Pas-de-Calais). Every question has a read-aloud of the question *and* its choices; the choices
speak to the person ("I want to ask for asylum"). At the end the printed sheet holds the list of
documents, the hand-over code and a QR code of the code alone, which the volunteer's screen accepts."""

from __future__ import annotations

import datetime as dt
import io
import re
import wave

import pytest
import qrcode
from browser import chromium_page
from qrcode.image.svg import SvgPathImage
from walk import (
    T,
    answer,
    back,
    choose,
    chosen,
    continue_,
    fact_of,
    heading,
    raw_on_screen,
    shot,
    tick,
    tracker,
    walk_to_result,
)

from parcours import i18n, load_rules

FR = "fr"


def _rule(text, lang=FR):
    return i18n.rule_text(text, lang)


def _seconds(page, url: str) -> float:
    """How long the read-aloud recording at *url* lasts."""
    body = page.request.get(page.url.split("/run/")[0].split("/interview")[0] + url).body()
    with wave.open(io.BytesIO(body)) as w:
        return w.getnframes() / w.getframerate()


def _listen_covers_choices(page) -> None:
    """The screen's read-aloud exists and reads more than the question: it lasts longer than the
    question alone would (each choice is read after it)."""
    from docassemble.parcours.kiosk import speech_file

    audio = page.locator("#pc-audio")
    assert audio.count() == 1 and page.locator(".pc-listen-button").is_visible(), heading(page)
    alone = speech_file(heading(page), FR)
    with wave.open(str(alone)) as w:
        question_only = w.getnframes() / w.getframerate()
    assert _seconds(page, audio.get_attribute("src")) > question_only + 1.0, heading(page)


@pytest.mark.server
@pytest.mark.browser
def test_back_after_a_mis_tap_at_the_calais_kiosk_keeps_answers_and_prints_the_code(server, journeys):
    base, _ = server
    shots: list = []
    seen: list = []
    statuses = {c.id: c for c in load_rules().orientation["fr"].statuses}
    needs = {c.id: c for c in load_rules().orientation["fr"].needs}
    registration = next(p for p in load_rules().procedures_for("fr") if p.id == "fr.asylum_registration")
    with chromium_page(viewport={"width": 820, "height": 1100}) as page:
        page.goto(f"{base}/start/kiosk/?idle=900&place=calais")
        page.wait_for_load_state("networkidle")
        page.locator("button[value='fr']").click()
        page.get_by_role("heading", name=T("kiosk.welcome.question", FR)).wait_for()
        assert page.locator(".pc-listen-button").is_visible()
        continue_(page)
        # The kiosk stands in Calais: no country question, straight to the person's situation; after
        # a wipe the next visitor starts at the same kiosk of Calais.
        assert heading(page) == T("kiosk.orientation.status.question", FR)
        assert "place=Calais" in page.locator("#pc-page").get_attribute("data-restart")
        seen.append(page.locator("body").inner_text())
        _listen_covers_choices(page)
        text = page.locator("#daform").inner_text().replace("’", "'")
        assert T("kiosk.orientation.fr.status.asylum_wish", FR).replace("’", "'") in text  # "Je veux demander l'asile…"
        assert _rule(statuses["asylum_wish"].label).replace("’", "'") not in text  # not "Veut demander l'asile…"
        # A mis-tap: "Refugee", then Continue.
        choose(page, "refugee")
        continue_(page)
        assert heading(page) == T("kiosk.orientation.needs.question", FR)
        shot(page, journeys, "kiosk_reach_needs_after_mistap", shots)
        back(page)
        assert heading(page) == T("kiosk.orientation.status.question", FR)
        assert chosen(page) == ["refugee"], "the earlier answer was lost"
        shot(page, journeys, "kiosk_reach_back_to_status", shots)
        choose(page, "asylum_wish")
        continue_(page)
        _listen_covers_choices(page)
        assert T("kiosk.orientation.fr.need.family", FR) in page.locator("#daform").inner_text()  # "ma famille"
        tick(page, _rule(needs["asylum"].label).replace("'", "’"))
        tick(page, _rule(needs["appointment"].label).replace("'", "’"))
        continue_(page)
        assert heading(page) == T("kiosk.situation.question", FR)
        seen.append(page.locator("body").inner_text())
        _listen_covers_choices(page)
        ticked = chosen(page)
        # Back from the procedures and forward again: the needs ticked are still ticked.
        back(page)
        assert heading(page) == T("kiosk.orientation.needs.question", FR)
        assert sorted(chosen(page)) == ["appointment", "asylum"], chosen(page)
        continue_(page)
        assert chosen(page) == ticked
        continue_(page)
        # The first yes/no question: a mis-tap on "No", back, "No" is still chosen, then "Yes".
        for _ in range(10):
            if page.locator("#daform input[type=radio][value='false']").count():
                break
            seen.append(page.locator("body").inner_text())
            answer(page, FR)
        fact = fact_of(page)
        assert fact, "no yes/no question on the way"
        _listen_covers_choices(page)
        question = heading(page)
        choose(page, "false")
        continue_(page)
        back(page)
        assert heading(page) == question and fact_of(page) == fact
        assert chosen(page) == ["false"], "the earlier answer was lost"
        shot(page, journeys, "kiosk_reach_back_to_fact", shots)
        choose(page, "true")
        continue_(page)
        # A date typed, then Back from the next screen: the date is still there.
        for _ in range(10):
            if fact_of(page) == "asylum_presentation_date":
                break
            answer(page, FR)
        assert fact_of(page) == "asylum_presentation_date", heading(page)
        went = (dt.date.today() - dt.timedelta(days=2)).strftime("%d/%m/%Y")
        page.locator("#daform input[type=text]:visible").first.fill(went)
        continue_(page)
        back(page)
        assert fact_of(page) == "asylum_presentation_date"
        assert page.locator("#daform input[type=text]:visible").first.input_value() == went, "the date was lost"
        continue_(page)
        walk_to_result(page, FR, FR, seen=seen)
        result = page.locator("#daquestion").inner_text().replace("’", "'")
        shot(page, journeys, "kiosk_reach_result", shots)
        # The result follows the corrected answers and names the offices of Calais' département.
        assert _rule(registration.title).split(" (")[0].replace("’", "'") in result, result
        assert "Pas-de-Calais" in result, result
        assert T("result.documents", FR) in result and T("result.deadlines", FR) in result
        assert T("result.due", FR) in result, result  # the registration deadline runs from the date kept
        # The sheet to print: the code, its QR code (the code only) and the list of documents.
        before = tracker(page)
        page.get_by_text(T("kiosk.end.code", FR)).click()
        page.wait_for_function(
            "(old) => document.querySelector('input[name=_tracker]') &&"
            " document.querySelector('input[name=_tracker]').value !== old",
            arg=before,
        )
        page.wait_for_load_state("networkidle")
        if heading(page) == T("kiosk.consent.question", FR):
            seen.append(page.locator("body").inner_text())
            _listen_covers_choices(page)
            page.locator("button", has_text=T("kiosk.consent.no", FR)).click()
            page.locator(".pc-code").wait_for()
        code = page.locator(".pc-code").inner_text().strip()
        assert re.fullmatch(r"[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}", code), code
        seen.append(page.locator("body").inner_text())
        drawn = page.locator(".pc-qr svg path").get_attribute("d")
        expected = qrcode.make(code, image_factory=SvgPathImage, box_size=10, border=2).to_string(encoding="unicode")
        assert f'd="{drawn}"' in expected, "the QR code does not hold exactly the code shown"
        shot(page, journeys, "kiosk_reach_code_sheet", shots)
        page.emulate_media(media="print")
        printed = page.locator("#daquestion").inner_text()
        assert code in printed and page.locator(".pc-qr svg").is_visible()
        assert page.locator(".pc-checklist li").count() >= 1 and page.locator(".pc-checklist li").first.is_visible()
        assert not page.locator(".pc-end-actions").is_visible()
        pdf = page.pdf(format="A4")
        page.emulate_media(media="screen")
    (journeys / "kiosk_reach_code_sheet.pdf").write_bytes(pdf)
    found = raw_on_screen(seen)
    assert not found, found
    # The volunteer types (or scans) what the QR code holds: the case comes across.
    with chromium_page() as volunteer:
        volunteer.goto(f"{base}/start/guide/")
        volunteer.wait_for_load_state("networkidle")
        volunteer.get_by_text(T("jurisdiction.handover", FR)).click()
        continue_(volunteer)
        assert heading(volunteer) == T("handover.question", FR)
        volunteer.locator("#daform input[type=text]").fill(code)
        continue_(volunteer)
        assert heading(volunteer) != T("handover.question", FR), volunteer.locator("#daquestion").inner_text()
        assert T("handover.invalid", FR) not in volunteer.locator("#daquestion").inner_text()
