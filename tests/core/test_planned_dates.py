"""Dates that can be planned (`planned: true` in the fact catalogue): a filing being prepared may lie
ahead, up to a year; a date that already happened (`past: true`) still refuses tomorrow."""

from __future__ import annotations

import datetime as dt

import pytest

from parcours import load_rules
from parcours.casefile import CaseFile
from parcours.evaluate import evaluate
from parcours.facts import check_dates, planning_limit

TODAY = dt.date(2026, 11, 23)
PLANNED = [
    ("fr", "filing_date"),
    ("fr", "ref_visa_application_date"),
    ("fr", "residence_application_date"),
    ("fr", "renewal_filing_date"),
    ("be", "filing_date"),
]


@pytest.mark.parametrize("jurisdiction,fact_id", PLANNED)
def test_a_filing_date_accepts_today_tomorrow_and_a_year_ahead(jurisdiction, fact_id):
    catalogue = load_rules().catalogue(jurisdiction)
    fact = catalogue.get(fact_id)
    assert fact.planned and not fact.past
    for day in (TODAY, TODAY + dt.timedelta(days=1), planning_limit(TODAY)):
        assert check_dates(fact, day, {}, catalogue, TODAY) is None, day


@pytest.mark.parametrize("jurisdiction,fact_id", PLANNED)
def test_a_filing_date_more_than_a_year_ahead_is_refused(jurisdiction, fact_id):
    catalogue = load_rules().catalogue(jurisdiction)
    fact = catalogue.get(fact_id)
    limit = planning_limit(TODAY)
    assert check_dates(fact, limit + dt.timedelta(days=1), {}, catalogue, TODAY) == ("too_far", None, limit)
    assert check_dates(fact, dt.date(2999, 1, 1), {}, catalogue, TODAY)[0] == "too_far"


def test_a_past_only_fact_still_refuses_tomorrow():
    catalogue = load_rules().catalogue("fr")
    fact = catalogue.get("sponsor_asylum_application_date")
    assert fact.past and not fact.planned
    assert check_dates(fact, TODAY, {}, catalogue, TODAY) is None
    assert check_dates(fact, TODAY + dt.timedelta(days=1), {}, catalogue, TODAY) == ("future", None, None)


def test_planned_and_past_together_is_a_lint_error(one_file_rules):
    rules = one_file_rules(
        "fr/facts.yaml",
        "kind: facts\njurisdiction: fr\nfacts:\n"
        "  filing:\n    type: date\n    past: true\n    planned: true\n    label: {fr: X, en: X}\n"
        "    question: q\n    sensitivity: none\n"
        "  count:\n    type: integer\n    planned: true\n    label: {fr: X, en: X}\n    question: q\n    sensitivity: none\n",
    )
    messages = [d.message for d in rules.diagnostics]
    assert any("filing: planned" in m for m in messages), messages
    assert any("count: planned" in m for m in messages), messages


def _evaluate(filing: dt.date):
    case = CaseFile.from_dict(
        {
            "format_version": 1,
            "jurisdiction": "fr",
            "persons": [],
            "facts": {"ref_visa_application_date": filing.isoformat()},
        }
    )
    return evaluate(case, TODAY, procedures=["fr.reunification_familiale"])


def test_the_evaluation_names_a_filing_still_ahead_and_not_one_of_today():
    assert _evaluate(TODAY + dt.timedelta(days=1)).planned == {
        "ref_visa_application_date": TODAY + dt.timedelta(days=1)
    }
    assert _evaluate(TODAY).planned == {}


def test_the_result_says_if_you_file_on_in_the_persons_language():
    from docassemble.parcours.guide import result_markdown

    ahead = TODAY + dt.timedelta(days=30)
    evaluation = _evaluate(ahead)
    assert "Si vous déposez le 23/12/2026" in result_markdown(evaluation, "fr")
    assert "If you file on 23/12/2026" in result_markdown(evaluation, "en")
    assert "Als u indient op" in result_markdown(evaluation, "nl")
    assert "Si vous déposez" not in result_markdown(_evaluate(TODAY), "fr")


def test_the_guide_refuses_2999_with_the_last_day_allowed():
    from docassemble.parcours.answers import check
    from docassemble.parcours.guide import fact_info

    fact = fact_info("fr", "ref_visa_application_date")
    assert check("fr", fact, "06/12/2026", "fr", today=TODAY) is None
    assert check("fr", fact, "24/11/2026", "fr", today=TODAY) is None
    message = check("fr", fact, "01/01/2999", "fr", today=TODAY)
    assert "plus d'un an" in message and "24/11/2027" in message, message
    assert "too_far" not in message
