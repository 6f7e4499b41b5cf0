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
    # The version shown is the one in force on the evaluation date, and it is named.
    assert result.status == "unknown" and result.provisional and result.version == "2026-06-12..…"
    assert [d.id for d in result.documents] == ["identity_photos", "identity_or_travel_documents"]
    assert result.filing and result.filing["where"]
    guda = next(d for d in result.deadlines if d.id == "guda_registration")
    assert guda.start is None and guda.due is None and guda.start_fact == "asylum_presentation_date"
    # What is asked stays the rule file's order: nothing the documents need comes before the date.
    assert [m.id for m in result.missing_facts] == ["seeking_asylum", "asylum_presentation_date"]


def test_an_unknown_notification_date_words_the_delay_and_its_reason_from_the_version_in_force():
    """A Dublin transfer decision whose date is not known yet: the appeal delay to come is the one in
    force today (7 days since 15 July 2024), not the first version's 15 days, and its point to verify
    gives that version's reason, never the generic 'source not confirmed'."""
    from parcours import i18n, load_rules
    from parcours.views import evaluation_view

    case = CaseFile.from_dict({"format_version": 1, "jurisdiction": "fr", "facts": {"dublin_transfer_notified": True}})
    evaluation = evaluate(case, TODAY, procedures=["fr.dublin_transfer_appeal"])
    assert evaluation.procedures[0].version == "2024-07-15..…"
    view = evaluation_view(evaluation, "fr", rules=load_rules()).procedures[0]
    appeal = next(d for d in view.deadlines if d.label == "Recours au tribunal administratif")
    assert "7 jours" in appeal.text and "15 jours" not in appeal.text, appeal.text
    generic = i18n.ui("verify.reason.unconfirmed", "fr")
    reasons = [v.reason for v in view.verify]
    assert reasons and all(r and r != generic for r in reasons), reasons


def test_a_procedure_that_does_not_apply_shows_nothing_provisional():
    result = _one("fr", "fr.asylum_registration", {"seeking_asylum": False})
    assert result.status == "not_applicable" and not result.provisional and not result.documents


def test_a_known_date_is_not_provisional():
    result = _one("fr", "fr.asylum_registration", {"seeking_asylum": True, "asylum_presentation_date": "2026-12-01"})
    assert not result.provisional


def test_french_threshold_shortfall_and_source():
    result = _one(
        "fr",
        "fr.regroupement_familial",
        {"filing_date": "2026-11-01", "household_size": 4, "sponsor_average_monthly_resources": 1500},
    )
    figure = next(f for f in result.figures if f.id == "resources_threshold")
    assert figure.value == result.computed["resources_threshold"] and figure.unit == "EUR per month"
    assert figure.compared_with == "sponsor_average_monthly_resources" and figure.fact_value == Decimal("1500")
    assert figure.shortfall == figure.value - Decimal("1500")
    assert any("R.434-4" in c.article for c in figure.sources)
    assert any("SMIC" in c.article or "salaire minimum" in c.article for c in figure.sources)


def test_threshold_met_exactly_has_no_shortfall_and_one_cent_below_has_one():
    base = {"filing_date": "2026-11-01", "household_size": 4}
    threshold = _one("fr", "fr.regroupement_familial", {**base, "sponsor_average_monthly_resources": 1}).computed[
        "resources_threshold"
    ]
    at = _one("fr", "fr.regroupement_familial", {**base, "sponsor_average_monthly_resources": str(threshold)})
    below = _one(
        "fr",
        "fr.regroupement_familial",
        {**base, "sponsor_average_monthly_resources": str(threshold - Decimal("0.01"))},
    )
    assert next(f for f in at.figures if f.id == "resources_threshold").shortfall is None
    assert next(f for f in below.figures if f.id == "resources_threshold").shortfall == Decimal("0.01")


def test_belgian_earliest_filing_date_and_income_threshold():
    result = _one(
        "be",
        "be.family_reunification_art10",
        {
            "sponsor_status": "subsidiary_protection",
            "filing_date": "2026-12-01",
            "protection_decision_date": "2025-12-15",
            "sponsor_stay_authorised_on": "2025-12-15",
            "household_size": 3,
            "sponsor_monthly_net_income": 1500,
        },
    )
    earliest = next(f for f in result.figures if f.id == "earliest_filing_date_2025_protection")
    assert earliest.value == dt.date(2027, 12, 15) and earliest.compared_with == "filing_date"
    income = next(f for f in result.figures if f.id == "income_threshold")
    assert income.unit == "EUR per month" and income.sources and income.shortfall == income.value - 1500
    assert result.to_json("fr")["figures"][0]["value"] == "2027-12-15"


def _evaluation(jurisdiction, procedure, facts):
    case = CaseFile.from_dict({"format_version": 1, "jurisdiction": jurisdiction, "facts": facts})
    return evaluate(case, TODAY, procedures=[procedure])


def test_the_screen_and_the_printed_list_say_where_what_and_from_which_event():
    from docassemble.parcours import guide

    ev = _evaluation("fr", "fr.asylum_registration", {})
    for lang in ("fr", "ar", "ti"):
        shown = guide.result_markdown(ev, lang, kiosk=True)
        printed = guide.checklist_html(ev, lang)
        assert guide.T("checklist.none", lang) not in printed and "☐" in printed
        assert guide.T("result.filing", lang) in shown and guide.T("result.filing", lang) in printed
        assert "asylum_presentation_date" not in shown + printed and "?" not in shown.split("**")[-1]
    fr = guide.result_markdown(ev, "fr")
    assert "vous aurez 3 jours ouvrés à compter de ce jour : Date de présentation" in fr, fr


def test_the_screen_shows_threshold_declared_amount_shortfall_and_source():
    from docassemble.parcours import guide

    ev = _evaluation(
        "fr",
        "fr.regroupement_familial",
        {"filing_date": "2026-11-01", "household_size": 4, "sponsor_average_monthly_resources": 1500},
    )
    shown = guide.result_markdown(ev, "fr")
    threshold = ev.procedures[0].computed["resources_threshold"]
    amount = f"{threshold:,.2f}".replace(",", "\u202f").replace(".", ",")
    short = f"{threshold - 1500:,.2f}".replace(",", "\u202f").replace(".", ",")
    assert f"Seuil de ressources: **{amount} € par mois**" in shown, shown
    assert "1\u202f500,00 € par mois" in shown and f"il manque {short} € par mois" in shown
    assert "source: [" in shown and "légifrance" in shown.lower() and "R.434-4" in shown
    en = guide.result_markdown(ev, "en")
    assert f"€{threshold:,.2f}".replace(",", "\u202f") + " per month" in en


def test_every_date_offers_not_yet_and_i_dont_know_in_every_language():
    from docassemble.parcours import guide
    from parcours import i18n

    fact = {
        "id": "asylum_presentation_date",
        "type": "date",
        "question": "q_asylum_presentation_date",
        "values": [],
        "sensitivity": "asylum_account",
        "label": None,
    }
    for lang in i18n.LANGS:
        date, state = guide.fields(fact, lang)
        assert state["field"] == "fact_states['asylum_presentation_date']" and state["required"] is False
        assert [c["value"] for c in state["choices"]] == ["not_yet", "unknown"]
        assert all(c["label"] and "." not in c["label"].split()[0] for c in state["choices"]), lang
    assert len(guide.fields({**fact, "type": "money"}, "fr")) == 1
    states = {"asylum_presentation_date": "not_yet"}
    assert guide.date_left_unknown(fact, states, "fr") is True and states == {}  # used once
    assert guide.date_left_unknown(fact, {"asylum_presentation_date": None}, "fr") is False
    assert guide.date_left_unknown(fact, None, "fr") is False


def test_a_printed_list_never_says_nothing_to_bring_when_the_conditions_are_not_met():
    from docassemble.parcours import guide

    ev = _evaluation(
        "fr",
        "fr.regroupement_familial",
        {"filing_date": "2026-11-01", "household_size": 4, "sponsor_average_monthly_resources": 1500},
    )
    printed = guide.checklist_html(ev, "fr")
    assert guide.T("checklist.none", "fr") not in printed
    assert guide.T("checklist.not_eligible", "fr") in printed


def test_the_checklist_document_of_a_belgian_family_with_no_filing_date_lists_its_documents():
    from parcours.documents.checklist import checklist_html

    proc = _evaluation("be", "be.family_reunification_art10", {"sponsor_status": "refugee"}).procedures[0]
    assert proc.provisional and proc.documents
    printed = checklist_html(proc, "nl", "fr", as_of=TODAY)
    assert "Passeport valable du membre de famille" in printed and "ambassade ou consulat belge" in printed
