"""Issue 20 item 2, the core: a case's timeline holds only the engine's dates, in order, each step
with its kind, its position against today and the reasons its date is an assumption."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from parcours import i18n, load_rules, views
from parcours import timeline as tl
from parcours.casefile import CaseFile
from parcours.evaluate import evaluate
from parcours.numerals import parse_date
from parcours.yamlio import load_file
from parcours.yamltests import _case, find_test_files

RULES_DIR = Path(__file__).resolve().parents[2] / "rules"


def _legal_team_cases():
    """Every test of the legal team (rules/**/tests), read by parcours.yamltests's own loader."""
    for file in find_test_files([RULES_DIR]):
        doc = load_file(file)
        jurisdiction = doc.get("jurisdiction") or next((p for p in file.parts if p in ("fr", "be")), None)
        for test in doc["tests"]:
            yield file, test, jurisdiction


def test_the_timelines_dates_are_the_engines_for_every_deadline_of_the_legal_teams_tests():
    rules = load_rules()
    compared = 0
    for file, test, jurisdiction in _legal_team_cases():
        case = _case(file, test, jurisdiction)
        evaluation = evaluate(case, parse_date(test["as_of"]), rules=rules, procedures=list(test["expect"]))
        line = tl.timeline(evaluation, rules)
        by_proc = {p.procedure.id: p for p in line.procedures}
        for proc in evaluation.procedures:
            for d in proc.deadlines:
                if d.due is None and d.start is None:
                    continue
                steps = by_proc[proc.id].steps
                if d.due is not None:
                    due = [s for s in steps if s.role == "due" and s.deadline == d.id and s.day == d.due]
                    assert due, (file.name, test["name"], d.id, d.due)
                    compared += 1
                else:
                    assert d in by_proc[proc.id].undated, (file.name, test["name"], d.id)
                if d.start is not None:
                    assert any(s.role == "start" and s.fact == d.start_fact and s.day == d.start for s in steps)
            # No date of its own: every step's day is a deadline's start or due day of the result.
            days = {d.due for d in proc.deadlines} | {d.start for d in proc.deadlines}
            for step in by_proc.get(proc.id, tl.ProcedureTimeline(proc)).steps:
                assert step.day in days, (test["name"], step)
    assert compared > 100, compared


def _cnda(as_of: str, notified: str = "2025-01-31"):
    case = CaseFile.from_dict(
        {
            "format_version": 1,
            "jurisdiction": "fr",
            "facts": {"ofpra_decision": "rejection", "ofpra_decision_notification_date": notified},
        }
    )
    return evaluate(case, as_of, procedures=["fr.cnda_appeal"])


def test_steps_come_in_date_order_with_kinds_positions_and_the_next_deadline():
    evaluation = _cnda("2025-02-03")  # notified 31/01: legal aid by 17/02, CNDA appeal by 03/03
    line = tl.timeline(evaluation)
    (proc,) = line.procedures
    steps = [(s.role, s.kind, s.day.isoformat(), s.position) for s in proc.steps]
    assert steps == [
        ("start", "decision", "2025-01-31", "past"),
        ("due", "appeal", "2025-02-17", "next"),
        ("due", "appeal", "2025-03-03", "later"),
    ], steps
    assert line.next.result.id == "legal_aid_request" and line.next.start_fact == "ofpra_decision_notification_date"
    assert line.next.start == dt.date(2025, 1, 31)
    # The CNDA delay's counting is still to verify (the legal team's flag): its date is marked.
    assert proc.steps[2].assumptions == ("to_verify",) and not proc.steps[0].assumed


def test_a_step_on_the_evaluation_day_is_here_and_a_passed_deadline_is_never_next():
    evaluation = _cnda("2025-02-18")  # the legal aid delay ended the day before
    (proc,) = tl.timeline(evaluation).procedures
    by_id = {s.deadline: s for s in proc.steps if s.role == "due"}
    assert by_id["legal_aid_request"].position == "past"
    assert by_id["cnda_appeal"].position == "next"
    evaluation = _cnda("2025-03-03")
    (proc,) = tl.timeline(evaluation).procedures
    assert [s.position for s in proc.steps if s.deadline == "cnda_appeal" and s.role == "due"] == ["next"]
    evaluation = _cnda("2025-03-04")  # every delay has run out: nothing is next
    line = tl.timeline(evaluation)
    assert line.next is None and {s.position for s in line.procedures[0].steps} == {"past"}


def test_a_filing_still_ahead_marks_its_dates_as_assumptions():
    facts = {
        "sponsor_status": "unlimited_stay",
        "sponsor_stay_authorised_on": "2020-03-01",
        "family_tie_predates_arrival": False,
        "joining_relationship": "spouse_or_partner",
        "sponsor_birth_date": "1990-01-15",
        "joining_member_birth_date": "1992-05-20",
        "sponsor_monthly_net_income": 2500,
        "household_size": 2,
        "housing_sufficient": True,
        "health_insurance_covered": True,
        "redevance_paid": True,
        "filing_place": "abroad",
        "filing_date": "2026-03-02",  # planned: still ahead on the evaluation day
        "administrative_language_choice": "fr",
    }
    case = CaseFile.from_dict({"format_version": 1, "jurisdiction": "be", "facts": facts})
    evaluation = evaluate(case, "2026-01-15", procedures=["be.family_reunification_art10"])
    assert "filing_date" in evaluation.planned
    (proc,) = tl.timeline(evaluation).procedures
    filing = next(s for s in proc.steps if s.role == "start" and s.fact == "filing_date")
    assert filing.assumptions == ("planned",) and filing.kind == "filing" and filing.position == "later"
    decision = next(s for s in proc.steps if s.role == "due")
    assert "planned" in decision.assumptions and decision.kind == "decision"
    view = views.timeline_view(evaluation, "fr")
    shown = next(s for s in view.procedures[0].steps if s.kind == "decision")
    assert shown.assumed and i18n.ui("timeline.assumed.planned", "fr") in shown.assumed


def test_an_undated_deadline_says_what_will_start_it():
    case = CaseFile.from_dict({"format_version": 1, "jurisdiction": "fr", "facts": {"ofpra_decision": "rejection"}})
    evaluation = evaluate(case, "2025-02-03", procedures=["fr.cnda_appeal"])
    (proc,) = tl.timeline(evaluation).procedures
    assert not proc.steps and {d.id for d in proc.undated} >= {"cnda_appeal"}
    view = views.timeline_view(evaluation, "fr")
    event = i18n.rule_text(load_rules().catalogue("fr").facts["ofpra_decision_notification_date"].label, "fr")
    assert any(event in line for line in view.procedures[0].undated), view.procedures[0].undated
    assert view.next == ""


def test_kinds_are_a_closed_set_and_every_rule_deadline_gets_one():
    rules = load_rules()
    for procedure in rules.procedures.values():
        for version in procedure.versions:
            for spec in version.deadlines:
                assert tl.due_kind(spec.id, spec) in tl.KINDS
                assert tl.event_kind(spec.start) in tl.KINDS
    assert tl.due_kind("work_request_eu", type("S", (), {"opens": True})()) == "opens"
    assert tl.due_kind("cnda_appeal") == "appeal" and tl.due_kind("renewed_ada_expiry") == "renewal"


@pytest.mark.parametrize("lang", ["fr", "ar", "ti", "prs"])
def test_the_view_speaks_the_persons_language_with_no_id(lang):
    view = views.timeline_view(_cnda("2025-02-03"), lang)
    assert view.direction == ("rtl" if lang in ("ar", "prs") else "ltr")
    step_texts = [x for p in view.procedures for s in p.steps for x in (s.label, s.kind_text, s.text, s.assumed)]
    for words in [view.title, view.here, view.next, view.starts, *step_texts]:
        assert "timeline." not in words and "ofpra_decision" not in words and "_" not in words, words
    assert "17/02/2025" in view.next and "31/01/2025" in view.starts
