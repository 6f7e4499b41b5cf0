"""Issue 13 item 9: the result states the numbers a criterion compared. A French family
reunification (regroupement familial) whose resources are below the threshold shows the threshold
in euros per month, the shortfall and the decree it comes from; a Belgian art. 10 case of a person
under subsidiary protection shows the earliest day the 2-year wait allows filing."""

from __future__ import annotations

import datetime as dt

import pytest
from browser import chromium_page
from walk import new_volunteer, shot, sign_in, start, walk_to_result

from parcours import CaseFile, evaluate

RF = "Regroupement familial"
ART10 = "Regroupement familial avec un ressortissant de pays tiers (art. 10)"


@pytest.mark.server
@pytest.mark.browser
def test_a_french_family_below_the_threshold_sees_the_threshold_the_shortfall_and_the_source(server, da, journeys):
    base, _ = server
    new_volunteer(da, "numbers@parcours.example.org", "Numbers-Pass-2026!")
    today = dt.date.today()
    typed = today.strftime("%d/%m/%Y")
    given = {"filing_date": typed, "household_size": "4", "sponsor_average_monthly_resources": "1200"}
    shots: list = []
    with chromium_page() as page:
        sign_in(page, base, "numbers@parcours.example.org", "Numbers-Pass-2026!")
        start(page, base, "fr", "fr", "59000 Lille", "other", [RF], shots, journeys, "numbers_fr")
        walk_to_result(page, "fr", "fr", given)
        result = page.locator("#daquestion").inner_text()
        shot(page, journeys, "numbers_fr_result", shots)
    ev = evaluate(
        CaseFile.from_dict(
            {
                "format_version": 1,
                "jurisdiction": "fr",
                "facts": {
                    "filing_date": today.isoformat(),
                    "household_size": 4,
                    "sponsor_average_monthly_resources": 1200,
                },
            }
        ),
        today,
        procedures=["fr.regroupement_familial"],
    )
    threshold = ev.procedures[0].computed["resources_threshold"]
    shown = f"{threshold:,.2f}".replace(",", "\u202f").replace(".", ",")
    assert "Chiffres pris en compte" in result, result[:800]
    assert f"Seuil de ressources: {shown} € par mois" in result, result[:1500]
    assert "1\u202f200,00 € par mois" in result  # what the person declared, kept
    missing = f"{threshold - 1200:,.2f}".replace(",", "\u202f").replace(".", ",")
    assert f"il manque {missing} € par mois" in result
    assert "source: " in result and "Décret" in result and "R.434-4" in result


@pytest.mark.server
@pytest.mark.browser
def test_a_belgian_case_under_subsidiary_protection_sees_the_earliest_filing_date(server, journeys):
    base, _ = server
    today = dt.date.today()
    granted = today.replace(year=today.year - 1)
    earliest = granted.replace(year=granted.year + 2)
    given = {
        "sponsor_status": "subsidiary_protection",
        "filing_date": today.strftime("%d/%m/%Y"),
        "protection_decision_date": granted.strftime("%d/%m/%Y"),
        "sponsor_stay_authorised_on": granted.strftime("%d/%m/%Y"),
        "sponsor_monthly_net_income": "3000",
    }
    shots: list = []
    with chromium_page() as page:
        start(page, base, "fr", "be", "1000 Bruxelles", "other", [ART10], shots, journeys, "numbers_be")
        walk_to_result(page, "be", "fr", given)
        result = page.locator("#daquestion").inner_text()
        shot(page, journeys, "numbers_be_result", shots)
    assert "Première date de dépôt possible" in result, result[:1500]
    assert earliest.strftime("%d/%m/%Y") in result
