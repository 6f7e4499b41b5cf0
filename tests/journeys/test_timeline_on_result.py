"""Issue 20 item 2: a person whose OFPRA decision was notified three days ago reaches the result and
finds the dated timeline — "you are here", the next running deadline with its date (the engine's)
and the event it runs from — for the volunteer in French and at the Arabic kiosk, drawn right to
left there (the line on the right, the texts to its left)."""

from __future__ import annotations

import datetime as dt

import pytest
from browser import chromium_page
from walk import T, choose, continue_, shot, start, start_kiosk, title_of, walk_to_result

from parcours import CaseFile, evaluate, i18n, load_rules, views
from parcours.timeline import timeline

NOTIFIED = dt.date.today() - dt.timedelta(days=3)
GIVEN = {"ofpra_decision": "rejection", "ofpra_decision_notification_date": NOTIFIED.strftime("%d/%m/%Y")}


def _next_due() -> str:
    """The engine's own date for the next deadline run from the notification: the request to stay
    during the appeal (fr.asylum_right_to_stay) comes before the legal aid and CNDA delays."""
    case = CaseFile.from_dict(
        {
            "format_version": 1,
            "jurisdiction": "fr",
            "facts": {"ofpra_decision": "rejection", "ofpra_decision_notification_date": NOTIFIED.isoformat()},
        }
    )
    evaluation = evaluate(case, dt.date.today(), procedures=["fr.cnda_appeal", "fr.asylum_right_to_stay"])
    found = timeline(evaluation).next
    assert found is not None and found.start_fact == "ofpra_decision_notification_date"
    return views.when(found.result.due)


def _check_timeline(page, lang: str) -> dict:
    block = page.locator(".pc-timeline")
    block.wait_for()
    svg = block.locator("svg.pc-timeline-svg")
    assert svg.count() == 1
    text = block.inner_text()
    here = T("timeline.here", lang, date="\0").split("\0")[0].strip()
    assert here in svg.inner_html() or here in text, text[:800]
    due = _next_due()
    next_line = block.locator("p.pc-tl-summary").inner_text()
    assert due in next_line, next_line
    assert NOTIFIED.strftime("%d/%m/%Y") in next_line  # the event it runs from, with its date
    assert due in " ".join(svg.locator("text.pc-tl-next").all_text_contents())  # the step drawn as next
    assert "timeline." not in text and "ofpra_decision" not in text and "<" not in text
    track = svg.locator(".pc-tl-track").first.bounding_box()
    labels = [
        svg.locator("text.pc-tl-label").nth(i).bounding_box() for i in range(svg.locator("text.pc-tl-label").count())
    ]
    return {"direction": svg.get_attribute("direction"), "track": track, "labels": labels}


@pytest.mark.server
@pytest.mark.browser
def test_the_volunteer_sees_the_timeline_in_french(server, journeys):
    base, _ = server
    shots: list = []
    with chromium_page(viewport={"width": 1000, "height": 1200}) as page:
        start(
            page,
            base,
            "fr",
            "fr",
            "59000 Lille",
            "other",
            [title_of("fr.cnda_appeal", "fr")],
            shots,
            journeys,
            "timeline_fr",
        )
        walk_to_result(page, "fr", "fr", GIVEN)
        found = _check_timeline(page, "fr")
        page.locator(".pc-timeline").screenshot(path=str(journeys / "timeline_fr_result.png"))
    assert found["direction"] == "ltr"
    assert all(box["x"] > found["track"]["x"] for box in found["labels"])  # the line on the left


@pytest.mark.server
@pytest.mark.browser
def test_the_arabic_kiosk_shows_the_timeline_right_to_left(server, journeys):
    base, _ = server
    shots: list = []
    with chromium_page(viewport={"width": 820, "height": 1100}) as page:
        start_kiosk(page, base, "ar")
        choose(page, "fr")
        continue_(page)
        choose(page, "asylum_rejected")
        continue_(page)
        decision = next(n for n in load_rules().orientation["fr"].needs if n.id == "decision")
        page.locator("#daform label").filter(has_text=i18n.rule_text(decision.label, "ar")).first.click()
        continue_(page)
        continue_(page)  # the procedures proposed for a rejected asylum claim
        walk_to_result(page, "fr", "ar", GIVEN)
        assert page.locator("html").get_attribute("dir") == "rtl"
        found = _check_timeline(page, "ar")
        assert page.locator(".pc-timeline").get_attribute("dir") == "rtl"
        page.locator(".pc-timeline").screenshot(path=str(journeys / "timeline_kiosk_ar_result.png"))
        shot(page, journeys, "timeline_kiosk_ar_page", shots)
    assert found["direction"] == "rtl"
    # Mirrored: the line on the right, every text ending to its left.
    assert all(box["x"] + box["width"] < found["track"]["x"] for box in found["labels"]), found
