"""Issue 13 items 4 and 9: an unknown version date never hides documents, filing place and deadlines;
the numbers a criterion compared (threshold, shortfall, earliest filing date) come with their source."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from parcours import CaseFile, evaluate

TODAY = dt.date(2026, 12, 6)


def _one(jurisdiction, procedure, facts):
    case = CaseFile.from_dict({"format_version": 1, "jurisdiction": jurisdiction, "facts": facts})
    return evaluate(case, TODAY, procedures=[procedure]).procedures[0]


def test_unknown_asylum_date_still_lists_documents_filing_and_deadlines_to_come():
    result = _one("fr", "fr.asylum_registration", {})
    assert result.status == "unknown" and result.provisional and result.version is None
    assert [d.id for d in result.documents] == ["identity_photos", "identity_or_travel_documents"]
    assert result.filing and result.filing["where"]
    guda = next(d for d in result.deadlines if d.id == "guda_registration")
    assert guda.start is None and guda.due is None and guda.start_fact == "asylum_presentation_date"
    # What is asked stays the rule file's order: nothing the documents need comes before the date.
    assert [m.id for m in result.missing_facts] == ["seeking_asylum", "asylum_presentation_date"]


def test_a_procedure_that_does_not_apply_shows_nothing_provisional():
    result = _one("fr", "fr.asylum_registration", {"seeking_asylum": False})
    assert result.status == "not_applicable" and not result.provisional and not result.documents


def test_a_known_date_is_not_provisional():
    result = _one("fr", "fr.asylum_registration", {"seeking_asylum": True, "asylum_presentation_date": "2026-12-01"})
    assert not result.provisional


def test_french_threshold_shortfall_and_source():
    result = _one("fr", "fr.regroupement_familial", {"filing_date": "2026-11-01", "household_size": 4,
                                                     "sponsor_average_monthly_resources": 1500})
    figure = next(f for f in result.figures if f.id == "resources_threshold")
    assert figure.value == result.computed["resources_threshold"] and figure.unit == "EUR per month"
    assert figure.compared_with == "sponsor_average_monthly_resources" and figure.fact_value == Decimal("1500")
    assert figure.shortfall == figure.value - Decimal("1500")
    assert any("R.434-4" in c.article for c in figure.sources)
    assert any("SMIC" in c.article or "salaire minimum" in c.article for c in figure.sources)


def test_threshold_met_exactly_has_no_shortfall_and_one_cent_below_has_one():
    base = {"filing_date": "2026-11-01", "household_size": 4}
    threshold = _one("fr", "fr.regroupement_familial", {**base, "sponsor_average_monthly_resources": 1}) \
        .computed["resources_threshold"]
    at = _one("fr", "fr.regroupement_familial", {**base, "sponsor_average_monthly_resources": str(threshold)})
    below = _one("fr", "fr.regroupement_familial",
                 {**base, "sponsor_average_monthly_resources": str(threshold - Decimal("0.01"))})
    assert next(f for f in at.figures if f.id == "resources_threshold").shortfall is None
    assert next(f for f in below.figures if f.id == "resources_threshold").shortfall == Decimal("0.01")


def test_belgian_earliest_filing_date_and_income_threshold():
    result = _one("be", "be.family_reunification_art10", {
        "sponsor_status": "subsidiary_protection", "filing_date": "2026-12-01", "protection_decision_date": "2025-12-15",
        "sponsor_stay_authorised_on": "2025-12-15", "household_size": 3, "sponsor_monthly_net_income": 1500})
    earliest = next(f for f in result.figures if f.id == "earliest_filing_date_2025_protection")
    assert earliest.value == dt.date(2027, 12, 15) and earliest.compared_with == "filing_date"
    income = next(f for f in result.figures if f.id == "income_threshold")
    assert income.unit == "EUR per month" and income.sources and income.shortfall == income.value - 1500
    assert result.to_json("fr")["figures"][0]["value"] == "2027-12-15"
