"""A Dublin case whose transfer period has run out: the volunteer's result says first what to do
now (France is now responsible, ask the prefecture), in French and in Arabic, and each point the
legal team has not confirmed says why — in the screen's language, never as an id or in English."""

from __future__ import annotations

import re

import pytest
from browser import chromium_page
from walk import shot, start, walk_to_result

from parcours import i18n, load_rules

GIVEN = {
    "seeking_asylum": "true",
    "asylum_procedure_type": "dublin",
    "asylum_registration_date": "20/01/2025",
    "asylum_presentation_date": "15/01/2025",
    "eurodac_hit": "false",  # the request period without a hit is still to verify: its reason is shown
    "dublin_acceptance_date": "31/08/2024",
    "dublin_transfer_appeal_lodged": "false",
    "dublin_absconded": "false",
}


def _title(lang: str) -> str:
    return i18n.rule_text(load_rules().procedures["fr.dublin_procedure"].title, lang)


@pytest.mark.server
@pytest.mark.browser
@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_a_dublin_transfer_period_run_out_says_what_to_do_now_and_why_points_are_unsure(server, journeys, lang):
    base, _ = server
    shots: list = []
    with chromium_page() as page:
        start(page, base, lang, "fr", "59000 Lille", "other", [_title(lang)], shots, journeys, f"next_{lang}")
        walk_to_result(page, "fr", lang, GIVEN)
        result = page.locator("#daquestion").inner_text().replace("’", "'")  # the page's typographic apostrophes
        shot(page, journeys, f"next_step_{lang}_result", shots)
    assert i18n.ui("result.next_step", lang) in result, result[:1500]
    if lang == "fr":
        assert "France" in result.split(i18n.ui("result.next_step", lang))[1][:400]
    block = result.split(i18n.ui("result.to_verify", lang))[1]
    lines = [line for line in block.splitlines() if " — " in line]
    assert lines, block[:600]  # what — why, for each point
    if lang == "ar":
        for line in lines[:5]:
            reason = line.split(" — ", 1)[1]
            assert re.search(r"[\u0600-\u06FF]", reason) and not re.search(r"\b(the|source|lawyer)\b", reason), line
