"""Issue 13 item 11, at the kiosk: a person in Arabic asks about bringing their family to Belgium;
no screen names France (فرنسا) or a French office, and the household question names Belgium."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from browser import chromium_page
from walk import T, choose, continue_, heading, shot, start_kiosk, walk_to_result

from parcours import i18n

FRENCH = re.compile(r"فرنسا|France|\bOFII\b|\bOFPRA\b|préfecture|\bSPADA\b|\bCNDA\b", re.I)


@pytest.mark.server
@pytest.mark.browser
def test_a_belgian_family_case_at_the_arabic_kiosk_never_says_france(server, journeys):
    base, _ = server
    shots: list = []
    seen: list = []
    with chromium_page(viewport={"width": 820, "height": 1100}) as page:
        start_kiosk(page, base, "ar")
        assert heading(page) == T("kiosk.country.question", "ar")
        choose(page, "be")
        continue_(page)
        seen.append(page.locator("body").inner_text())
        choose(page, "refugee")
        continue_(page)
        seen.append(page.locator("body").inner_text())
        page.locator("#daform label").filter(
            has_text=T("kiosk.orientation.be.need.family", "ar")
        ).first.click()  # "bring my family"
        continue_(page)
        seen.append(page.locator("body").inner_text())
        shot(page, journeys, "kiosk_ar_be_procedures", shots)
        continue_(page)
        walk_to_result(
            page,
            "be",
            "ar",
            {
                "sponsor_status": "unlimited_stay",
                "sponsor_monthly_net_income": "2200",
                "sponsor_stay_authorised_on": "15/01/2026",
                "household_size": "4",
                "filing_date": dt.date.today().strftime("%d/%m/%Y"),
            },
            seen=seen,
        )
        shot(page, journeys, "kiosk_ar_be_result", shots)
    household = i18n.question("q_be_household_size.text", "ar")
    assert "بلجيكا" in household and any(household in screen for screen in seen), "no household question"
    found = [(n, FRENCH.search(screen).group(0)) for n, screen in enumerate(seen) if FRENCH.search(screen)]
    assert not found, found
