"""Dates a person cannot have (facts' `past:` and `after:` in the catalogue): a notification
tomorrow, a child born before its parent. Each boundary is tested on both sides."""

from __future__ import annotations

import datetime as dt

import pytest

from parcours import load_rules
from parcours.facts import check_dates

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def fr():
    return load_rules().catalogue("fr")


def test_a_past_fact_accepts_today_and_refuses_tomorrow(fr):
    fact = fr.get("oqtf_notification_date")
    assert fact.past
    assert check_dates(fact, TODAY, {}, fr, TODAY) is None
    assert check_dates(fact, TODAY + dt.timedelta(days=1), {}, fr, TODAY) == ("future", None, None)


def test_a_date_that_may_be_planned_accepts_the_future(fr):
    assert not fr.get("filing_date").past
    assert check_dates(fr.get("filing_date"), TODAY + dt.timedelta(days=30), {}, fr, TODAY) is None


def test_a_child_born_the_same_day_as_the_parent_passes_one_day_earlier_does_not(fr):
    child = fr.get("french_child_birth_date")
    known = {"applicant_birth_date": "1990-05-05"}
    assert check_dates(child, dt.date(1990, 5, 5), known, fr, TODAY) is None
    assert check_dates(child, dt.date(1990, 5, 4), known, fr, TODAY) == (
        "before",
        "applicant_birth_date",
        dt.date(1990, 5, 5),
    )


def test_the_parent_entered_after_the_child_is_checked_the_other_way(fr):
    parent = fr.get("applicant_birth_date")
    known = {"french_child_birth_date": "2015-01-01"}
    assert check_dates(parent, dt.date(2015, 1, 1), known, fr, TODAY) is None
    assert check_dates(parent, dt.date(2015, 1, 2), known, fr, TODAY)[0] == "after"


def test_persons_birth_dates_bound_the_parents_birth_date(fr):
    sponsor = fr.get("sponsor_birth_date")
    births = {"children": [dt.date(2010, 3, 1), dt.date(2012, 6, 1)]}
    assert check_dates(sponsor, dt.date(2010, 3, 1), {}, fr, TODAY, births) is None
    assert check_dates(sponsor, dt.date(2010, 3, 2), {}, fr, TODAY, births) == (
        "after",
        "children",
        dt.date(2010, 3, 1),
    )


def test_an_unknown_or_unreadable_other_date_does_not_block(fr):
    child = fr.get("french_child_birth_date")
    assert check_dates(child, dt.date(1950, 1, 1), {"applicant_birth_date": None}, fr, TODAY) is None
    assert check_dates(child, dt.date(1950, 1, 1), {"applicant_birth_date": "soon"}, fr, TODAY) is None


def test_after_must_name_a_date_fact(one_file_rules):
    rules = one_file_rules(
        "fr/facts.yaml",
        "kind: facts\njurisdiction: fr\nfacts:\n"
        "  birth:\n    type: date\n    label: {fr: X, en: X}\n    question: q\n    sensitivity: identity\n"
        "  child_birth:\n    type: date\n    after: [brith]\n    label: {fr: X, en: X}\n    question: q\n    sensitivity: identity\n"
        "  count:\n    type: integer\n    past: true\n    label: {fr: X, en: X}\n    question: q\n    sensitivity: none\n",
    )
    messages = [d.message for d in rules.diagnostics]
    assert any("after names 'brith'" in m and "birth" in m for m in messages), messages
    assert any("count: past/after only apply to dates" in m for m in messages), messages


def test_the_ofpra_file_sent_on_the_registration_day_passes_one_day_earlier_does_not(fr):
    """The OFPRA form is handed over at registration: a file "sent" before it is a typing mistake, and would
    put the French date to ask to work before the EU one."""
    filing = fr.get("ofpra_filing_date")
    known = {"asylum_registration_date": "2026-05-20"}
    assert check_dates(filing, dt.date(2026, 5, 20), known, fr, TODAY) is None
    assert check_dates(filing, dt.date(2026, 5, 19), known, fr, TODAY) == (
        "before",
        "asylum_registration_date",
        dt.date(2026, 5, 20),
    )
