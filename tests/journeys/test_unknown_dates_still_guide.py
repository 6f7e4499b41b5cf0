"""Issue 13 item 4: "I don't know" never empties the result. At the Arabic kiosk a person who has
not been to the SPADA yet answers "I don't know" (or leaves the date empty) on every question: the
result still says where to go, what to bring and which deadline will start from which event, and
the printed checklist lists the documents. A Belgian family case whose filing date is not known
yet shows the same."""

from __future__ import annotations

import io

import pytest
from browser import chromium_page
from pypdf import PdfReader
from walk import T, choose, continue_, fact_of, heading, shot, start, start_kiosk, walk_to_result

from parcours import i18n, load_rules

ART10 = "Regroupement familial avec un ressortissant de pays tiers (art. 10)"
DATES_SEEN: list = []


def _rule(text, lang):
    return i18n.rule_text(text, lang)


def _dont_know_everything(page, lang: str, limit: int = 20) -> int:
    """Answer every fact screen with "I don't know" (under a date too; numbers left blank)."""
    title, screens = T("result.title", lang), 0
    for _ in range(limit):
        if heading(page) == title:
            return screens
        fact = load_rules().catalogue("fr").get(fact_of(page) or "")
        if fact is not None and fact.type in ("date", "datetime"):  # a date: "not yet" is offered too
            assert page.locator("#daform input[type=radio][value='not_yet']").count(), heading(page)
            DATES_SEEN.append(heading(page))
        radios = page.locator("#daform input[type=radio][value='unknown']")
        if radios.count():
            choose(page, "unknown")
        continue_(page)
        screens += 1
    raise AssertionError("no result after every 'I don't know'")


@pytest.mark.server
@pytest.mark.browser
def test_i_dont_know_everything_at_the_arabic_kiosk_still_says_where_and_what_to_bring(server, journeys):
    base, _ = server
    shots: list = []
    procedure = next(p for p in load_rules().procedures_for("fr") if p.id == "fr.asylum_registration")
    version = procedure.versions[-1]
    asylum_need = next(n for n in load_rules().orientation["fr"].needs if n.id == "asylum")
    with chromium_page(viewport={"width": 820, "height": 1100}) as page:
        start_kiosk(page, base, "ar")
        choose(page, "fr")
        continue_(page)
        choose(page, "asylum_wish")
        continue_(page)
        page.locator("#daform label").filter(has_text=_rule(asylum_need.label, "ar")).first.click()
        continue_(page)
        shot(page, journeys, "unknown_kiosk_ar_procedures", shots)
        continue_(page)
        screens = _dont_know_everything(page, "ar")
        result = page.locator("#daquestion").inner_text()
        shot(page, journeys, "unknown_kiosk_ar_result", shots)
        # The checklist the person prints.
        page.locator(".pc-end-actions a").first.click()
        page.wait_for_load_state("networkidle")
        page.get_by_role("heading", name=T("checklist.title", "ar")).first.wait_for()
        shot(page, journeys, "unknown_kiosk_ar_checklist", shots)
        pdf = page.pdf(format="A4")
    (journeys / "unknown_kiosk_ar_checklist.pdf").write_bytes(pdf)
    assert screens >= 2, "the journey did not answer the questions"
    assert DATES_SEEN, "no date question was asked"  # and it was answered "I don't know"
    # The next step, the place, the documents and the deadline that will start.
    assert T("result.filing", "ar") in result and "SPADA" in result, result
    assert T("result.documents", "ar") in result
    for doc in version.documents:
        assert _rule(doc.label, "ar") in result, doc.id
    event = load_rules().catalogue("fr").facts["asylum_presentation_date"]
    assert T("result.deadline_from", "ar", duration="\0", event="\0").split("\0")[0].strip() in result
    assert _rule(event.label, "ar") in result
    assert "asylum_presentation_date" not in result and "None" not in result
    # The printed checklist lists the documents, never "nothing to collect".
    text = "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "SPADA" in text, text[:500]
    assert T("checklist.none", "ar") not in text
    assert "GUDA" in text and "01 42 500 900" in text


@pytest.mark.server
@pytest.mark.browser
def test_a_belgian_family_case_with_an_unknown_filing_date_still_lists_documents_and_where(server, journeys):
    base, _ = server
    shots: list = []
    with chromium_page() as page:
        start(page, base, "fr", "be", "1000 Bruxelles", "other", [ART10], shots, journeys, "unknown_be")
        for _ in range(5):  # up to the filing date, which the family does not know yet
            if heading(page).startswith("À quelle date la demande"):
                break
            choose(page, "refugee") if page.locator("#daform input[type=radio][value='refugee']").count() else None
            continue_(page)
        assert heading(page).startswith("À quelle date la demande"), heading(page)
        page.locator("#daform input[type=text]:visible").first.fill("01/02/2026")  # typed, then…
        choose(page, "not_yet")  # …"not yet" wins
        shot(page, journeys, "unknown_be_not_yet", shots)
        continue_(page)
        walk_to_result(page, "be", "fr", {"sponsor_monthly_net_income": "3000"})
        result = page.locator("#daquestion").inner_text().replace("\u2019", "'")  # typographic apostrophes
        shot(page, journeys, "unknown_be_result", shots)
    assert T("result.provisional", "fr") in result, result[:600]
    assert T("result.documents", "fr") in result and "Où déposer" in result
    assert "Passeport valable du membre de famille" in result
    assert "vous aurez 9 mois à compter de ce jour : Date d'introduction de la demande" in result
    assert "filing_date" not in result
