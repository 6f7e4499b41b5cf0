"""A Dutch-speaking volunteer prepares a Belgian family-reunification packet: every paperwork
screen (the procedure, the person's language, the letters, the letters' details, the links) is
in Dutch, none in French, and the download links are named in Dutch. Invented people only."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from browser import chromium_page
from walk import T, choose, continue_, heading, shot, start, walk_to_result

ART10 = "Gezinshereniging met een onderdaan van een derde land (art. 10)"
# The paperwork screens' French wording before they followed the volunteer's language.
FRENCH = re.compile(
    r"Pour quelle démarche|Dans quelle langue|Quelles lettres|Informations pour les lettres|"
    r"Documents prêts|Préparation des documents|Retour au résultat|Aucune lettre|Comment la personne signe"
)
PAPERWORK = {
    T(i, "nl")
    for i in (
        "paperwork.procedure.question",
        "paperwork.person_language.question",
        "paperwork.letters.question",
        "paperwork.fields.title",
        "paperwork.scans.title",
        "paperwork.waiting.title",
    )
}


def _fill_screen(page) -> None:
    """Pick the first offered choice and fill the empty text fields with invented values."""
    form = page.locator("#daform")
    for group in {r.get_attribute("name") for r in form.locator("input[type=radio]").all()}:
        if not form.locator(f"input[type=radio][name='{group}']:checked").count():
            choose(page, form.locator(f"input[type=radio][name='{group}']").first.get_attribute("value"))
    boxes = form.locator("input[type=checkbox]")
    if boxes.count() and not form.locator("input[type=checkbox]:checked").count():
        page.locator(f"label[for='{boxes.first.get_attribute('id')}']").click()
    for field in form.locator("input[type=text]:visible, textarea:visible").all():
        if field.input_value():
            continue
        if field.evaluate("e => e.tagName") == "TEXTAREA":
            field.fill("Voorbeeldstraat 1\n1000 Brussel")
        elif re.search(r"\d\d/\d\d/\d{4}", field.get_attribute("placeholder") or ""):
            field.fill("02/11/2026")
        else:
            field.fill("Brussel")


@pytest.mark.server
@pytest.mark.browser
def test_a_dutch_volunteer_prepares_the_paperwork_in_dutch(server, journeys):
    base, _ = server
    shots: list = []
    with chromium_page() as page:
        start(page, base, "nl", "be", "1000 Brussel", "other", [ART10], shots, journeys, "paperwork_nl")
        walk_to_result(
            page,
            "be",
            "nl",
            {
                "sponsor_status": "unlimited_stay",
                "sponsor_monthly_net_income": "3200",
                "sponsor_stay_authorised_on": "15/01/2026",
                "household_size": "2",
                "filing_date": dt.date.today().strftime("%d/%m/%Y"),
            },
        )
        page.get_by_role("link", name=T("result.paperwork", "nl")).first.click()
        page.wait_for_function(
            "t => (document.querySelector('#daMainQuestion') || {}).innerText.trim() !== t",
            arg=T("result.title", "nl"),
        )
        ready, seen = T("paperwork.ready.title", "nl"), []
        for n in range(12):
            page.locator("#daMainQuestion").wait_for()
            title = heading(page)
            seen.append(page.locator("body").inner_text())
            if title == ready:
                break
            assert title in PAPERWORK, f"screen {n} is not a Dutch paperwork screen: {title!r}"
            shot(page, journeys, f"paperwork_nl_{n}", shots)
            if title == T("paperwork.waiting.title", "nl"):
                page.get_by_role("heading", name=ready).wait_for(timeout=120_000)
                continue
            _fill_screen(page)
            continue_(page)
        else:
            raise AssertionError("no links after 12 screens")
        shot(page, journeys, "paperwork_nl_ready", shots)
        links = page.locator("#daquestion a").all_inner_texts()
    found = [(n, FRENCH.search(s).group(0)) for n, s in enumerate(seen) if FRENCH.search(s)]
    assert not found, found
    assert T("paperwork.ready.text", "nl").split("**")[0] in seen[-1]
    assert any(T("paperwork.file.checklist", "nl") in link for link in links), links
    assert T("review.back", "nl") in seen[-1]
