"""What a person reads about a result (parcours.views): in their language, with no internal id,
the next step when a delay has run out, "at risk" in words, and each point to verify with its reason."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from parcours import CaseFile, evaluate, i18n
from parcours.explain import explain
from parcours.views import evaluation_view

DUBLIN = {
    "seeking_asylum": True,
    "asylum_procedure_type": "dublin",
    "asylum_registration_date": "2025-01-20",
    "asylum_presentation_date": "2025-01-15",
    "eurodac_hit": False,  # the request period without a hit is still to verify: it has a reason to show
    "dublin_acceptance_date": "2024-08-31",
    "dublin_transfer_appeal_lodged": False,
    "dublin_absconded": False,
}
INTERNAL = re.compile(r"\b(criterion|document|deadline|parameter|fee):|\b[a-z]+_[a-z_]+\b|\bNone\b|\bTrue\b|\bFalse\b")


def _view(facts: dict, day: str, lang: str, procedure: str):
    case = CaseFile.from_dict({"format_version": 1, "jurisdiction": "fr", "facts": facts})
    evaluation = evaluate(case, dt.date.fromisoformat(day), procedures=[procedure])
    return evaluation, evaluation_view(evaluation, lang).procedures[0]


def _texts(view) -> list[str]:
    out = [view.title, view.status_text, view.outcome or "", view.filing_where or ""]
    out += [s.text for s in view.next_steps] + [r.text for r in view.reasons]
    out += [f"{d.label} {d.text} {d.rule}" for d in view.deadlines]
    out += [f"{v.what} {v.reason}" for v in view.verify] + [m.label for m in view.missing]
    return out


def test_a_dublin_transfer_period_that_ran_out_names_the_next_step_from_the_day_after():
    _, on_the_day = _view(DUBLIN, "2025-02-28", "fr", "fr.dublin_procedure")
    assert on_the_day.next_steps == []
    _, day_after = _view(DUBLIN, "2025-03-01", "fr", "fr.dublin_procedure")
    assert day_after.next_steps and "France" in day_after.next_steps[0].text
    passed = [d for d in day_after.deadlines if d.state == "passed"]
    assert passed and all(d.text for d in passed)


@pytest.mark.parametrize("lang", ["fr", "ar", "nl"])
def test_no_internal_id_in_what_a_person_reads(lang):
    _, view = _view(DUBLIN, "2025-03-01", lang, "fr.dublin_procedure")
    for text in _texts(view):
        assert not INTERNAL.search(text.replace("’", "'")), text


def test_every_point_to_verify_says_why_in_the_persons_language():
    _, view = _view(DUBLIN, "2025-03-01", "ar", "fr.dublin_procedure")
    assert view.verify, "the Dublin rules carry points to verify"
    arabic = re.compile(r"[\u0600-\u06FF]")
    for item in view.verify:
        assert arabic.search(item.what) and arabic.search(item.reason), item


def test_at_risk_is_said_in_words_and_points_to_legal_help():
    facts = {  # the legal team's at-risk case (rules/fr/family/tests/reunification_familiale.yaml)
        "sponsor_legal_status": "subsidiary_protection",
        "family_tie_before_asylum_application": True,
        "ref_visa_application_date": "2025-03-15",
        "family_member_relationship": "spouse",
        "family_member_birth_date": "2007-03-15",
        "union_start_date": "2024-06-01",
        "sponsor_asylum_application_date": "2024-09-02",
        "union_valid_in_french_law": True,
        "family_member_declared_to_ofpra": False,
        "public_order_threat": False,
    }
    evaluation, view = _view(facts, "2025-03-15", "fr", "fr.reunification_familiale")
    assert evaluation.procedures[0].status == "at_risk"
    assert view.status_text == i18n.ui("status.at_risk", "fr") and "avocat" in view.status_text
    assert any(step.at_risk for step in view.next_steps)
    assert "at_risk" not in explain(evaluation, "fr")


def test_a_status_the_views_do_not_know_is_never_shown_raw():
    from parcours.views import status_text

    assert status_text("something_new", "fr") == i18n.ui("status.unknown", "fr")


WAITING_FOR_OFPRA = {
    "seeking_asylum": True,
    "asylum_procedure_type": "normal",
    "asylum_registration_date": "2026-05-20",
    "ofpra_filing_date": "2026-06-05",
    "ofpra_decision_notified": False,
}


@pytest.mark.parametrize(
    "day, state, words",
    [
        ("2026-11-19", "opens", "dans "),
        ("2026-11-20", "open", "possible dès maintenant"),
        ("2026-12-06", "open", "possible dès maintenant"),
    ],
)
def test_the_day_a_right_opens_reads_from_that_day_never_passed(day, state, words):
    """Asking to work (opens: true): "à partir du <date>", the days to wait, then "possible" — never
    "avant le" or "délai dépassé", which would tell an asylum seeker the chance is gone."""
    evaluation, view = _view(WAITING_FOR_OFPRA, day, "fr", "fr.asylum_access_to_work")
    eu = next(d for d in view.deadlines if "règle européenne" in d.label)
    # Not a delay to act within: "my cases" does not list it as the nearest deadline.
    assert not any(d.running for d in evaluation.procedures[0].deadlines)
    assert eu.state == state
    assert eu.text.startswith("à partir du 20/11/2026") and words in eu.text, eu.text
    assert i18n.ui("result.overdue", "fr") not in eu.text and i18n.ui("result.due", "fr") not in eu.text
    assert not eu.urgent


def test_a_right_whose_starting_day_is_unknown_reads_possible_after_never_you_will_have():
    """The OFPRA file date is not known yet: the French date to ask to work reads "possible 6 mois
    après ce jour : <event>", not "vous aurez 6 mois", which is how a delay to act within reads."""
    facts = {k: v for k, v in WAITING_FOR_OFPRA.items() if k != "ofpra_filing_date"}
    _, view = _view(facts, "2026-12-06", "fr", "fr.asylum_access_to_work")
    french = next(d for d in view.deadlines if "règle française" in d.label)
    assert french.state == "not_started"
    assert french.text.startswith("possible 6 mois après ce jour : "), french.text
    assert "vous aurez" not in french.text


def test_a_delay_of_the_administration_that_ran_out_reads_date_passed_never_late():
    """The other State's reply and the prefecture's transfer decision are not the person's delays:
    once past they read "date passée" and are never urgent; the person's own appeal still reads
    "délai dépassé" when it ran out."""
    facts = {
        "seeking_asylum": True,
        "asylum_presentation_date": "2026-07-15",
        "asylum_registration_date": "2026-07-17",
        "asylum_procedure_type": "dublin",
        "eurodac_hit": True,
        "eurodac_hit_date": "2026-07-17",
        "dublin_request_type": "take_charge",
        "dublin_request_date": "2026-08-10",
        "dublin_acceptance_date": "2026-09-04",
        "dublin_transfer_appeal_lodged": False,
        "dublin_absconded": False,
        "dublin_imprisoned": False,
    }
    _, view = _view(facts, "2026-12-06", "fr", "fr.dublin_procedure")
    decision = next(d for d in view.deadlines if d.label.startswith("Décision de transfert de la préfecture"))
    assert decision.state == "passed" and decision.text.endswith("— date passée"), decision.text
    assert i18n.ui("result.overdue", "fr") not in " ".join(d.text for d in view.deadlines)
    transfer = next(d for d in view.deadlines if d.label.startswith("Fin du délai de transfert"))
    assert transfer.state == "due" and not transfer.urgent
    _, view = _view(
        {
            "oqtf_notified": True,
            "refusal_notification_date": "2026-11-02",
            "custody_situation": "house_arrest",
            "custody_began_during_delay": False,
            "departure_period_granted": False,
        },
        "2026-12-06",
        "fr",
        "fr.refusal_litigation",
    )
    assert any(d.text.endswith(i18n.ui("result.overdue", "fr")) for d in view.deadlines), [
        d.text for d in view.deadlines
    ]
