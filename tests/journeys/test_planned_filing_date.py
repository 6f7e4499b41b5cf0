"""Issue 13 item 6: a volunteer prepares a Belgian family-reunification file before it is filed.
The filing date is next month: the guide accepts it and the result says "if you file on …"; a
filing date in 2999 is refused with a message naming the last day allowed."""

from __future__ import annotations

import datetime as dt

import pytest
from browser import chromium_page
from walk import T, answer, continue_after_error, heading, new_volunteer, shot, sign_in, start, walk_to_result

ART10 = "Regroupement familial avec un ressortissant de pays tiers (art. 10)"


@pytest.mark.server
@pytest.mark.browser
def test_a_volunteer_prepares_a_family_file_with_a_filing_date_next_month(server, da, journeys):
    base, _ = server
    new_volunteer(da, "prepare@parcours.example.org", "Prepare-Pass-2026!")
    ahead = dt.date.today() + dt.timedelta(days=31)
    typed = ahead.strftime("%d/%m/%Y")
    shots: list = []
    with chromium_page() as page:
        sign_in(page, base, "prepare@parcours.example.org", "Prepare-Pass-2026!")
        start(page, base, "fr", "be", "1000 Bruxelles", "other", [ART10], shots, journeys, "planned")
        asked, seen = [], []
        # The first screens, up to the filing date: a date in 2999 is refused, saying what to fix.
        for _ in range(5):
            if page.locator("#daMainQuestion").inner_text().startswith("À quelle date la demande"):
                break
            asked.append(answer(page, "be"))
        assert heading(page) == "À quelle date la demande est-elle (ou sera-t-elle) introduite ?"
        field = page.locator("#daform input[type=text]:visible").first
        field.fill("01/01/2999")
        page.locator("#da-continue-button").click()
        limit = (dt.date.today() + dt.timedelta(days=366)).strftime("%d/%m/%Y")
        refusal = T("check.too_far", "fr", date=limit)
        page.get_by_text(refusal[:40], exact=False).first.wait_for()
        body = page.locator("body").inner_text()
        assert limit in body and "too_far" not in body and "dans le futur" not in body
        shot(page, journeys, "planned_2999_refused", shots)
        # Next month is a planned filing: accepted.
        page.locator("#daform input[type=text]:visible").first.fill(typed)
        continue_after_error(page)
        assert "dans le futur" not in page.locator("body").inner_text()
        walk_to_result(page, "be", "fr", {"sponsor_monthly_net_income": "3000"}, seen=seen)
        result = page.locator("#daquestion").inner_text()
        shot(page, journeys, "planned_result", shots)
    assert f"Si vous déposez le {typed}" in result, result[:800]
    assert "Regroupement familial avec un ressortissant de pays tiers" in result
    assert "Cette date est dans le futur" not in "\n".join(seen)
