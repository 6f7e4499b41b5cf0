"""Issue 15: a Belgian Dublin case registered after 1 July 2026 (EU AMM Regulation). The Office des
étrangers sent its request to the other State a day late: the volunteer's result says Belgium became
responsible and to tell the lawyer for the CCE appeal; the other State's and the Office's delays read
"date passée", never as if the person were late. Then in Arabic, the same result, without an id."""

from __future__ import annotations

import re

import pytest
from browser import chromium_page
from walk import T, raw_on_screen, shot, start, title_of, walk_to_result

GIVEN = {
    "dublin_decision": "annexe_26quater",
    "ip_presentation_date": "01/07/2026",
    "eurodac_hit": "false",
    "dublin_request_type": "take_charge",
    "dublin_request_date": "02/09/2026",  # one day after the 2 months of art. 39
    "dublin_acceptance_date": "20/09/2026",
    "dublin_decision_notification_date": "01/10/2026",
    "dublin_transfer_delay_extended": "false",
}


@pytest.mark.server
@pytest.mark.browser
@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_a_late_request_of_the_office_says_belgium_is_responsible(server, journeys, lang):
    base, _ = server
    shots: list = []
    seen: list = []
    with chromium_page() as page:
        start(
            page,
            base,
            lang,
            "be",
            "1000 Bruxelles",
            "other",
            [title_of("be.dublin_appeal", lang)],
            shots,
            journeys,
            f"be_dublin_{lang}",
        )
        asked = walk_to_result(page, "be", lang, GIVEN, seen=seen)
        result = page.locator("#daquestion").inner_text().replace("’", "'")
        shot(page, journeys, f"be_dublin_{lang}_result", shots)
    assert "dublin_request_date" in asked and "eurodac_hit" in asked, asked
    assert T("result.next_step", lang) in result, result[:1500]
    after = result.split(T("result.next_step", lang))[1][:700]
    if lang == "fr":
        assert "la Belgique est devenue responsable" in after and "CCE" in after, after
        assert "Requête de la Belgique à l'autre État" in result and "date passée" in result
        assert "délai dépassé" not in result.split("Recours au CCE")[0], result[:2000]
    else:
        assert re.search(r"[\u0600-\u06FF]", after) and "CCE" in after, after
    found = raw_on_screen(seen + [result])
    assert not found, found
