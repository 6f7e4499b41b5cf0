"""A list of persons (children...) is edited from the review screen: remove one, add one, correct
one; each person keeps their id, and the case file follows."""

from __future__ import annotations

import pytest

GUIDE = "docassemble.parcours:data/questions/guide.yml"
FAMILY = {
    "jurisdiction": "fr",
    "place": "59000",
    "situation": "other",
    "chosen_procedures": {"fr.regroupement_familial": True},
    "sponsor_legal_status": "residence_permit",
    "sponsor_nationality": "TN",
    "sponsor_regular_stay_start": "2022-01-10",
    "filing_date": "2025-11-03",
    "sponsor_average_monthly_resources": "2600",
    "household_size": "4",
    "children": "2",
    "person_names['children_1']": "Amina",
    "person_births['children_1']": "2016-04-04",
    "person_names['children_2']": "Yonas",
    "person_births['children_2']": "2018-09-09",
    "__default__": "unknown",
}


def act(da, s, action: str, **arguments) -> None:
    da.post(
        "/api/session/action",
        {
            "i": s.interview,
            "session": s.session,
            "secret": s.secret,
            "action": action,
            "arguments": arguments,
            "persistent": True,
        },
    )


def state(da, s) -> dict:
    return da.get("/api/session", {"i": s.interview, "session": s.session, "secret": s.secret})


@pytest.mark.server
def test_remove_add_and_correct_a_child_from_the_review_screen(da):
    s = da.new_session(GUIDE)
    s.run_story(FAMILY, until="guide_result")
    assert state(da, s)["answers"]["children"] == ["children_1", "children_2"]

    act(da, s, "person_remove", fact="children", person="children_1")
    v = state(da, s)
    assert v["answers"]["children"] == ["children_2"] and "children_1" not in v["people"]
    assert s.question()["id"] == "review_answers"

    act(da, s, "person_add", fact="children")
    q = s.question()
    assert q["id"] == "person" and "children_3" in str(q["fields"])
    s.set({"person_names['children_3']": "Sara", "person_births['children_3']": "2021-02-02"})
    v = state(da, s)
    assert v["answers"]["children"] == ["children_2", "children_3"]
    assert v["people"]["children_3"]["given_name"] == "Sara"
    assert v["people"]["children_3"]["birth_date"] == "2021-02-02"

    act(da, s, "person_edit", person="children_2")
    assert s.question()["id"] == "person"
    s.set({"person_names['children_2']": "Yonas", "person_births['children_2']": "2017-07-07"})
    v = state(da, s)
    assert v["people"]["children_2"]["birth_date"] == "2017-07-07"
    assert s.question()["id"] == "review_answers"
