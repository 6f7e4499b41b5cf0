"""Changing an answer from the review screen (issue 13 item 1), without the server: the answer
leaves the case so that the guide recomputes what follows, and its screen comes back filled in,
also for a case that came from a file or a hand-over (no screen answers yet)."""

from __future__ import annotations

from docassemble.parcours.answers import reask, review_rows
from docassemble.parcours.guide import UNKNOWN


def test_an_imported_date_comes_back_as_a_person_types_it_and_leaves_the_case():
    answers = {"ofpra_decision": "rejection", "ofpra_decision_notification_date": "2026-11-10"}
    screens: dict = {}
    fact = reask("fr", "ofpra_decision_notification_date", answers, [], screens, {})
    assert fact["id"] == "ofpra_decision_notification_date"
    assert screens == {"ofpra_decision_notification_date": "10/11/2026"}
    assert answers == {"ofpra_decision": "rejection"}  # the other answer is kept


def test_a_screen_answer_already_given_is_kept_as_typed():
    answers, screens = {"seeking_asylum": True}, {"seeking_asylum": "true"}
    assert reask("fr", "seeking_asylum", answers, [], screens, {})["type"] == "bool"
    assert screens == {"seeking_asylum": "true"} and answers == {}


def test_i_dont_know_comes_back_as_i_dont_know():
    skipped, screens = ["seeking_asylum"], {}
    reask("fr", "seeking_asylum", {}, skipped, screens, {})
    assert skipped == [] and screens == {"seeking_asylum": UNKNOWN}


def test_a_persons_list_drops_only_its_own_persons():
    answers = {"children": ["children_1", "children_2"]}
    people = {
        "children_1": {"id": "children_1"},
        "children_2": {"id": "children_2"},
        "children_abroad_1": {"id": "children_abroad_1"},
    }
    screens: dict = {}
    reask("fr", "children", answers, [], screens, people)
    assert screens == {"children": "2"} and list(people) == ["children_abroad_1"]


def test_a_link_made_by_hand_changes_nothing():
    answers = {"ofpra_decision": "rejection"}
    for forged in ("__import__('os').system('id')", "seeking_asylum", None, ["ofpra_decision"], "x'] = 1 #"):
        screens: dict = {}
        assert reask("fr", forged, answers, [], screens, {}) is None
        assert answers == {"ofpra_decision": "rejection"} and screens == {}


def test_the_review_writes_dates_as_people_do():
    rows = review_rows("fr", {"ofpra_decision_notification_date": "2026-11-10"}, [], "fr", {})
    assert "10/11/2026" in rows[0]["value"] and "2026-11-10" not in rows[0]["value"]
