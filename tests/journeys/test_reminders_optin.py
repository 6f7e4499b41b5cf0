"""Issue 20 item 3 in a real browser: from the guide's result a volunteer opens "Rappels", and the
opt-in screen refuses a phone number with letters, HTML in an e-mail address and a missing consent,
each time naming the field in the screen's language and keeping what was typed; a correct opt-in
comes back to the result, which says the reminders are on."""

from __future__ import annotations

import datetime as dt

import pytest
from browser import chromium_page
from walk import T, choose, continue_after_error, shot, start, title_of, walk_to_result

NOTIFIED = dt.date.today() - dt.timedelta(days=3)
GIVEN = {"ofpra_decision": "rejection", "ofpra_decision_notification_date": NOTIFIED.strftime("%d/%m/%Y")}


def _refused(page, msgid: str) -> None:
    message = T(msgid, "fr")
    page.get_by_text(message).first.wait_for(timeout=8000)
    assert page.locator("#daMainQuestion").inner_text().strip() == T("reminder.optin.title", "fr")


@pytest.mark.server
@pytest.mark.browser
def test_a_volunteer_opts_a_person_in_and_bad_contacts_are_refused_naming_the_field(server, journeys):
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
            "reminders",
        )
        walk_to_result(page, "fr", "fr", GIVEN)
        page.get_by_role("link", name=T("reminder.optin.link", "fr"), exact=True).click()
        page.locator("#daMainQuestion", has_text=T("reminder.optin.title", "fr")).wait_for(timeout=10000)
        contact = page.get_by_label(T("reminder.contact", "fr"))

        choose(page, "sms")
        contact.fill("06 CALL ME NOW")
        page.locator("#daform label", has_text=T("reminder.consent", "fr")).first.click()
        page.locator("#da-continue-button").click()
        _refused(page, "reminder.error.phone")
        assert contact.input_value() == "06 CALL ME NOW"  # nothing typed is lost
        shot(page, journeys, "reminders_refused_phone", shots)

        choose(page, "email")
        contact.fill("<b>invented</b>@example.org")
        page.locator("#da-continue-button").click()
        _refused(page, "reminder.error.email")
        assert page.locator("#daform b").count() == 0  # the HTML stays text

        choose(page, "sms")
        contact.fill("06 12 34 56 78")
        page.locator("#daform label", has_text=T("reminder.consent", "fr")).first.click()  # untick
        page.locator("#da-continue-button").click()
        _refused(page, "reminder.error.consent")

        page.locator("#daform label", has_text=T("reminder.consent", "fr")).first.click()
        continue_after_error(page)
        page.locator("#daMainQuestion", has_text=T("result.title", "fr")).wait_for(timeout=10000)
        saved = page.locator(".pc-reminders-saved")
        assert saved.inner_text().strip() == T("reminder.saved", "fr")
        shot(page, journeys, "reminders_saved", shots)
        assert "06 12 34 56 78" not in page.content()  # the number is not shown back


@pytest.mark.server
@pytest.mark.browser
def test_the_opt_in_screen_in_arabic_runs_right_to_left_with_no_raw_id(server, journeys):
    base, _ = server
    shots: list = []
    with chromium_page(viewport={"width": 1000, "height": 1200}) as page:
        start(
            page,
            base,
            "ar",
            "fr",
            "59000 Lille",
            "other",
            [title_of("fr.cnda_appeal", "ar")],
            shots,
            journeys,
            "reminders_ar",
        )
        walk_to_result(page, "fr", "ar", GIVEN)
        page.get_by_role("link", name=T("reminder.optin.link", "ar"), exact=True).click()
        page.locator("#daMainQuestion", has_text=T("reminder.optin.title", "ar")).wait_for(timeout=10000)
        text = page.locator("#daform").inner_text()
        assert "reminder." not in text and "none" not in text and "sms" not in text.split()
        assert (
            page.locator("html").get_attribute("dir") == "rtl"
            or page.locator("body").evaluate(
                "b => getComputedStyle(document.getElementById('daMainQuestion')).direction"
            )
            == "rtl"
        )
        shot(page, journeys, "reminders_optin_ar", shots)
