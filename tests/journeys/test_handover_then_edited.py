"""Issue 13: a case passed by code then edited. A person answers at the kiosk in Arabic and agrees
to pass their answers on; a volunteer types the code at the permanence, finds every answer, corrects
the date the person went to the platform, and the deadline follows the corrected date."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from browser import chromium_page
from walk import T, choose, continue_, fill, heading, shot, start_kiosk, tracker, walk_to_result

from parcours import i18n, load_rules


def fr(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


TODAY = dt.date.today()
WENT = TODAY - dt.timedelta(days=1)  # what the person typed at the kiosk
REALLY = TODAY - dt.timedelta(days=6)  # what the papers say, seen by the volunteer


def review_rows(page) -> list[str]:
    return [t.strip() for t in page.locator("#daquestion > div li, #daquestion li").all_inner_texts()]


@pytest.mark.server
@pytest.mark.browser
def test_a_case_passed_by_code_is_found_whole_and_corrected_by_the_volunteer(server, journeys):
    base, _ = server
    shots: list = []
    need = next(n for n in load_rules().orientation["fr"].needs if n.id == "asylum")
    with chromium_page() as page:
        start_kiosk(page, base, "ar")
        choose(page, "fr")
        continue_(page)
        choose(page, "asylum_wish")
        continue_(page)
        page.locator("#daform label").filter(has_text=i18n.rule_text(need.label, "ar")).first.click()
        continue_(page)
        continue_(page)  # the proposed procedures, ticked
        asked = walk_to_result(page, "fr", "ar", {"asylum_presentation_date": fr(WENT)})
        assert "asylum_presentation_date" in asked, asked
        kiosk_result = page.locator("#daquestion").inner_text()
        before = tracker(page)
        page.get_by_text(T("kiosk.end.code", "ar")).click()
        page.wait_for_function(
            "(old) => document.querySelector('input[name=_tracker]') &&"
            " document.querySelector('input[name=_tracker]').value !== old",
            arg=before,
        )
        page.wait_for_load_state("networkidle")
        if heading(page) == T("kiosk.consent.question", "ar"):
            page.locator("button", has_text=T("kiosk.consent.yes", "ar")).click()
        page.locator(".pc-code").wait_for()
        code = page.locator(".pc-code").inner_text().strip()
        shot(page, journeys, "handover_edit_code", shots)
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}", code), code
    assert T("result.due", "ar") in kiosk_result

    with chromium_page() as volunteer:
        volunteer.goto(f"{base}/start/guide/")
        volunteer.wait_for_load_state("networkidle")
        volunteer.get_by_text(T("jurisdiction.handover", "fr")).click()
        continue_(volunteer)
        volunteer.locator("#daform input[type=text]").fill(code.lower())  # as typed, any case
        continue_(volunteer)
        walk_to_result(volunteer, "fr", "fr", limit=10)  # anything left unknown at the kiosk may be asked
        first = volunteer.locator("#daquestion").inner_text()
        shot(volunteer, journeys, "handover_edit_result", shots)
        assert T("handover.loaded", "fr") in first and i18n.NAMES["ar"] in first
        due_before = re.findall(r"\d{2}/\d{2}/\d{4}", first.split(T("result.deadlines", "fr"))[-1])

        # Every answer came across: the date typed at the kiosk is on the review screen.
        volunteer.get_by_role("link", name=T("result.edit", "fr")).click()
        volunteer.get_by_role("heading", name=T("review.title", "fr")).wait_for()
        rows = review_rows(volunteer)
        shot(volunteer, journeys, "handover_edit_review", shots)
        assert any(fr(WENT) in row for row in rows), rows
        label = i18n.rule_text(load_rules().catalogue("fr").facts["asylum_presentation_date"].label, "fr")
        row = volunteer.locator("#daquestion li", has_text=label.split(" d'")[0]).first  # typographic quotes
        row.get_by_role("link", name=T("review.change", "fr")).click()
        volunteer.wait_for_load_state("networkidle")
        box = volunteer.locator("#daform input[type=text]:visible").first
        assert box.input_value() == fr(WENT), "the answer from the kiosk comes back filled in"
        fill(box, fr(REALLY))
        continue_(volunteer)
        walk_to_result(volunteer, "fr", "fr", limit=5)
        after = volunteer.locator("#daquestion").inner_text()
        shot(volunteer, journeys, "handover_edit_result_after", shots)
        volunteer.get_by_role("link", name=T("result.edit", "fr")).click()
        volunteer.get_by_role("heading", name=T("review.title", "fr")).wait_for()
        rows_after = review_rows(volunteer)
    due_after = re.findall(r"\d{2}/\d{2}/\d{4}", after.split(T("result.deadlines", "fr"))[-1])
    assert due_before and due_after and due_before != due_after, (due_before, due_after)
    assert any(fr(REALLY) in row for row in rows_after) and not any(fr(WENT) in row for row in rows_after)
    assert len(rows_after) == len(rows), "an answer was lost in the edit"
