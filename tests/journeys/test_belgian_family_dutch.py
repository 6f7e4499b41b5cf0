"""Issue 13 item 11: a Belgian family-reunification case walked in Dutch names Belgium, never
France, a French office or a French paper, on any screen after the country is chosen."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from browser import chromium_page
from walk import shot, start, walk_to_result

ART10 = "Gezinshereniging met een onderdaan van een derde land (art. 10)"
FRENCH = re.compile(r"Frankrijk|France|Franse|\bOFII\b|\bOFPRA\b|prefectuur|préfecture|\bSPADA\b|\bCNDA\b", re.I)


@pytest.mark.server
@pytest.mark.browser
def test_a_belgian_family_case_in_dutch_never_says_france(server, journeys):
    base, _ = server
    shots: list = []
    with chromium_page() as page:
        seen: list = []
        start(page, base, "nl", "be", "1000 Brussel", "other", [ART10], shots, journeys, "be_nl", seen)
        # Stay authorised in 2026 (the 2025 rules) and a modest income: the guide then needs the
        # size of the household in Belgium.
        asked = walk_to_result(
            page,
            "be",
            "nl",
            {
                "sponsor_status": "unlimited_stay",
                "sponsor_monthly_net_income": "2200",
                "sponsor_stay_authorised_on": "15/01/2026",
                "household_size": "4",
                "filing_date": dt.date.today().strftime("%d/%m/%Y"),
            },
            seen=seen,
        )
        shot(page, journeys, "be_nl_result", shots)
        result = page.locator("#daquestion").inner_text()
    assert "household_size" in asked, asked
    assert "Gemeente waar de persoon woont" in seen[0]
    assert any("gezin in België" in screen for screen in seen)
    assert "Resultaat" in result and ART10 in result
    found = [(n, FRENCH.search(screen).group(0)) for n, screen in enumerate(seen + [result]) if FRENCH.search(screen)]
    assert not found, found
