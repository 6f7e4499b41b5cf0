"""An asylum seeker in France whose claim was registered more than 6 months ago, with no OFPRA decision yet:
the volunteer's result in French says from which date the person may ask to work, under the EU rule and
under the French rule, each with the text it comes from, where to ask — and never an internal id."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from browser import chromium_page
from walk import T, answer, continue_after_error, fact_of, raw_on_screen, shot, start, walk_to_result

from parcours import i18n, load_rules

REGISTERED = dt.date.today() - dt.timedelta(days=200)  # more than 6 months ago, whatever day the test runs
FILED = REGISTERED + dt.timedelta(days=10)
GIVEN = {
    "seeking_asylum": "true",
    "asylum_procedure_type": "normal",
    "asylum_registration_date": REGISTERED.strftime("%d/%m/%Y"),
    "ofpra_filing_date": FILED.strftime("%d/%m/%Y"),
    "ofpra_decision_notified": "false",
}


def _add_months(day: dt.date, n: int) -> dt.date:
    """n calendar months later, the last day of a shorter month (as the rule's end_of_month: last_day)."""
    month = day.month - 1 + n
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError(day)


@pytest.mark.server
@pytest.mark.browser
def test_an_asylum_seeker_waiting_for_ofpra_sees_from_when_they_may_ask_to_work(server, journeys):
    base, _ = server
    shots: list = []
    procedure = load_rules().procedures["fr.asylum_access_to_work"]
    title = i18n.rule_text(procedure.title, "fr").replace("'", "’")  # as the page prints it
    seen: list = []
    with chromium_page() as page:
        start(page, base, "fr", "fr", "59000 Lille", "other", [title], shots, journeys, "work")
        asked = walk_to_result(page, "fr", "fr", GIVEN, seen=seen)
        result = page.locator("#daquestion").inner_text().replace("’", "'")
        links = page.locator("#daquestion a").evaluate_all("els => els.map(e => [e.innerText, e.href])")
        shot(page, journeys, "work_result", shots)
    assert "ofpra_filing_date" in asked and "ofpra_decision_notified" in asked, asked
    eu_day = _add_months(REGISTERED, 6).strftime("%d/%m/%Y")
    french_day = _add_months(FILED, 6).strftime("%d/%m/%Y")
    # The two dates, each read "from", the earlier one under the EU rule, and that the person may ask now.
    lines = [line for line in result.splitlines() if re.search(r"\d\d/\d\d/\d{4}", line)]  # dated lines
    eu_line = next(line for line in lines if "règle européenne" in line)
    assert f"à partir du {eu_day}" in eu_line and "possible dès maintenant" in eu_line, eu_line
    assert "Directive (UE) 2024/1346" in eu_line, eu_line
    french_line = next(line for line in lines if "règle française" in line)
    assert f"à partir du {french_day}" in french_line and "CESEDA" in french_line, french_line
    assert "délai dépassé" not in result
    # The sources open: EUR-Lex for the directive, Légifrance for the CESEDA.
    hrefs = [href for _, href in links]
    assert "https://eur-lex.europa.eu/eli/dir/2024/1346/oj" in hrefs, hrefs
    assert any(h.startswith("https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000006070158") for h in hrefs), hrefs
    # Where to ask, and why each point is to be checked, in French.
    assert "ANEF" in result and "Préfecture" in result
    assert "règle française, dont la date est plus tardive" in result
    # No internal id, raw value or code on any screen of the walk.
    for raw in ("fr.asylum_access_to_work", "work_request_eu", "work_request_ceseda", "deadline:", "criterion:"):
        assert raw not in result, raw
    assert not raw_on_screen(seen + [result]), raw_on_screen(seen + [result])


@pytest.mark.server
@pytest.mark.browser
def test_an_ofpra_file_dated_before_the_registration_is_refused_in_french_and_nothing_is_lost(server, journeys):
    """Hostile input: the OFPRA file "sent" the day before the registration (the form is only handed over at
    registration). The screen says, in French, which date it conflicts with; the corrected date goes through."""
    base, _ = server
    shots: list = []
    procedure = load_rules().procedures["fr.asylum_access_to_work"]
    title = i18n.rule_text(procedure.title, "fr").replace("'", "’")
    with chromium_page() as page:
        start(page, base, "fr", "fr", "59000 Lille", "other", [title], shots, journeys, "work_hostile")
        for _ in range(10):
            if fact_of(page) == "ofpra_filing_date":
                break
            answer(page, "fr", GIVEN)
        assert fact_of(page) == "ofpra_filing_date"
        field = page.locator("#daform input[type=text]:visible").first
        field.fill((REGISTERED - dt.timedelta(days=1)).strftime("%d/%m/%Y"))
        page.locator("#da-continue-button").click()
        label = i18n.rule_text(load_rules().catalogue("fr").get("asylum_registration_date").label, "fr")
        refusal = T("check.before", "fr", other=label, date=REGISTERED.strftime("%d/%m/%Y"))
        page.get_by_text(refusal[:30], exact=False).first.wait_for()
        body = page.locator("body").inner_text().replace("’", "'")
        shot(page, journeys, "work_hostile_refused", shots)
        assert REGISTERED.strftime("%d/%m/%Y") in body and "asylum_registration_date" not in body, body[:800]
        assert fact_of(page) == "ofpra_filing_date"  # still on the same question
        page.locator("#daform input[type=text]:visible").first.fill(FILED.strftime("%d/%m/%Y"))
        continue_after_error(page)
        walk_to_result(page, "fr", "fr", GIVEN)
        result = page.locator("#daquestion").inner_text()
    # The answers given before the refusal were kept: both dates come from them.
    assert f"à partir du {_add_months(REGISTERED, 6).strftime('%d/%m/%Y')}" in result, result[:1500]
    assert f"à partir du {_add_months(FILED, 6).strftime('%d/%m/%Y')}" in result, result[:1500]
