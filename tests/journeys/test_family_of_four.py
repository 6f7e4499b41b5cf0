"""Issue 13 item 5: a refugee's family of four (a spouse, a child of 17, a child who has just
turned 19) walked in French. Each family member is asked about in turn, the result is given per
person, and an edit of the protection date from the review screen changes the elder child's
result (the Conseil d'État's 2023 reading of the age limit) without losing any other answer."""

from __future__ import annotations

import datetime as dt

import pytest
from browser import chromium_page
from walk import T, answer, continue_, fill, heading, raw_on_screen, shot, start, walk_to_result

REF = "Réunification familiale (réfugiés, protection subsidiaire, apatrides)"


def years_before(day: dt.date, years: int) -> dt.date:
    return (
        day.replace(year=day.year - years)
        if not (day.month == 2 and day.day == 29)
        else day.replace(year=day.year - years, day=28)
    )


def fr(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


TODAY = dt.date.today()
ASYLUM = TODAY - dt.timedelta(days=500)
ELDER_19 = TODAY - dt.timedelta(days=60)  # turned 19 two months ago
FAMILY = [
    ("Samira", years_before(TODAY, 36)),  # the spouse
    ("Yonas", years_before(TODAY, 17)),  # a child of 17
    ("Selam", years_before(ELDER_19, 19)),
]  # a child who has just turned 19
GRANT_BEFORE = TODAY - dt.timedelta(days=90)  # protection granted before the 19th birthday: too late for her
GRANT_AFTER = TODAY - dt.timedelta(days=30)  # granted after it, within 3 months: her age counts at the asylum claim


def person_screen(page) -> bool:
    return (
        page.locator("#daform input[type=text]:visible").count() == 2
        and T("person.birth_date", "fr") in page.locator("#daform").inner_text()
    )


def walk(page, given: dict, seen: list, asked: list, limit: int = 40) -> None:
    """Answer until the result: each family member's name and birth date on their screen, the
    questions about them, the rest from *given* (fact, or fact@person)."""
    people = iter(FAMILY)
    for _ in range(limit):
        seen.append(page.locator("body").inner_text())
        if heading(page) == T("result.title", "fr"):
            return
        if person_screen(page):
            name, born = next(people)
            boxes = page.locator("#daform input[type=text]:visible")
            boxes.nth(0).fill(name)
            boxes.nth(1).fill(fr(born))
            continue_(page)
            asked.append(f"person:{name}")
            continue
        asked.append(answer(page, "fr", given))
    raise AssertionError(f"no result after {limit} screens: {asked}")


def section(text: str, name: str) -> str:
    """The lines of the result about one person (from their name to the next person's)."""
    start_at = text.index(name)
    rest = text[start_at + len(name) :]
    ends = [rest.index(other) for other, _ in FAMILY if other != name and other in rest]
    return rest[: min(ends)] if ends else rest


@pytest.mark.server
@pytest.mark.browser
def test_a_family_of_four_is_checked_person_by_person(server, journeys):
    base, _ = server
    shots: list = []
    seen: list = []
    asked: list = []
    given = {
        "sponsor_legal_status": "refugee",
        "family_tie_before_asylum_application": "true",
        "ref_visa_application_date": fr(TODAY),
        "family_members": "3",
        "family_member_relationship@family_members_1": "spouse",
        "family_member_relationship@family_members_2": "child",
        "family_member_relationship@family_members_3": "child",
        "union_start_date": fr(years_before(TODAY, 12)),
        "sponsor_asylum_application_date": fr(ASYLUM),
        "protection_grant_date": fr(GRANT_BEFORE),
        "public_order_threat": "false",
        "family_member_unmarried": "true",
        "union_valid_in_french_law": "true",
        "family_member_declared_to_ofpra": "true",
        "sponsor_married": "true",
    }
    with chromium_page() as page:
        start(page, base, "fr", "fr", "Lille", "other", [REF], shots, journeys, "family4", seen)
        walk(page, given, seen, asked)
        shot(page, journeys, "family4_result", shots)
        result = page.locator("#daquestion").inner_text()

        # Each person was asked about by name, and the engine asked the protection date because
        # the elder child is 19 (the 2023 exception depends on it).
        assert asked[:3] == ["person:Samira", "person:Yonas", "person:Selam"] or [
            a for a in asked if str(a).startswith("person:")
        ] == ["person:Samira", "person:Yonas", "person:Selam"]
        assert "family_member_relationship@family_members_3" in asked, asked
        assert "protection_grant_date" in asked and "union_start_date@family_members_1" in asked, asked
        assert any("Selam" in s and "Quel est le lien" in s for s in seen), "questions name the person"

        # The result per person: the spouse and the younger child qualify, the elder does not.
        assert T("result.members", "fr") in result
        assert T("status.eligible", "fr") in section(result, "Samira")
        assert T("status.eligible", "fr") in section(result, "Yonas")
        assert T("status.not_eligible", "fr") in section(result, "Selam")

        # The review screen lists the three people with what was said about each; the protection
        # date was given too late: correct it.
        page.get_by_role("link", name=T("result.edit", "fr")).click()
        page.wait_for_load_state("networkidle")
        shot(page, journeys, "family4_review", shots)
        review = page.locator("#daquestion").inner_text()
        seen.append(review)
        for name, born in FAMILY:
            assert name in review and fr(born) in review, (name, review)
        assert "Enfant" in review and "Époux ou épouse" in review
        row = page.locator("#daquestion li", has_text="protection").first
        row.get_by_role("link", name=T("review.change", "fr")).click()
        page.wait_for_load_state("networkidle")
        box = page.locator("#daform input[type=text]:visible").first
        assert box.input_value() == fr(GRANT_BEFORE), "the question comes back with the answer given"
        fill(box, fr(GRANT_AFTER))
        continue_(page)
        # Little or nothing asked again; were the date asked again, the corrected one is given.
        again = walk_to_result(page, "fr", "fr", given | {"protection_grant_date": fr(GRANT_AFTER)}, limit=5, seen=seen)
        shot(page, journeys, "family4_result_after_edit", shots)
        after = page.locator("#daquestion").inner_text()
        # The corrected date changed the elder child's result, and nothing else was lost.
        assert heading_count(after) and T("status.eligible", "fr") in section(after, "Selam"), (again, after)
        assert T("status.eligible", "fr") in section(after, "Samira"), after
        assert T("status.eligible", "fr") in section(after, "Yonas"), after

        # A person corrected from the review screen: Yonas's birth date was mistyped; he turned
        # 19 yesterday, after the grant, so the 2023 exception cannot help him.
        page.get_by_role("link", name=T("result.edit", "fr")).click()
        page.wait_for_load_state("networkidle")
        page.locator("#daquestion li", has_text="Yonas").first.get_by_role(
            "link", name=T("person.edit", "fr")
        ).first.click()
        page.wait_for_load_state("networkidle")
        boxes = page.locator("#daform input[type=text]:visible")
        assert boxes.nth(0).input_value() == "Yonas", "the person's screen comes back filled in"
        assert boxes.nth(1).input_value() == fr(FAMILY[1][1])
        boxes.nth(1).fill(fr(years_before(TODAY - dt.timedelta(days=1), 19)))
        continue_(page)
        shot(page, journeys, "family4_review_after_person_edit", shots)
        review_after = page.locator("#daquestion").inner_text()
        seen.append(review_after)
        assert "Enfant" in section(review_after, "Yonas"), "what was said about him stays"
        page.get_by_role("link", name=T("review.back", "fr")).click()
        page.get_by_role("heading", name=T("result.title", "fr")).wait_for()  # nothing asked again
        final = page.locator("#daquestion").inner_text()
        shot(page, journeys, "family4_result_after_person_edit", shots)
    assert T("status.not_eligible", "fr") in section(final, "Yonas"), final
    assert T("status.eligible", "fr") in section(final, "Selam") and T("status.eligible", "fr") in section(
        final, "Samira"
    )
    found = raw_on_screen(seen + [result, after, final])
    assert not found, found


def heading_count(text: str) -> bool:
    return all(name in text for name, _ in FAMILY)


@pytest.mark.server
@pytest.mark.browser
def test_the_children_count_takes_a_number_and_refuses_anything_else(server, journeys):
    """Regroupement familial: 'how many children' refused every number (issue 13 item 5); now a
    number is taken, and text, a negative or a huge number gets a message naming what to write."""
    base, _ = server
    shots: list = []
    with chromium_page() as page:
        start(
            page, base, "fr", "fr", "Lille", "other", ["Regroupement familial"], shots, journeys, "children_count", []
        )
        given = {
            "sponsor_legal_status": "residence_permit",
            "family_tie_before_asylum_application": "false",
            "filing_date": fr(TODAY),
        }
        for _ in range(30):
            if heading(page) == T("result.title", "fr"):
                raise AssertionError("the children question was never asked")
            if page.locator("#daform").inner_text().find("combien de personnes") >= 0:
                break
            answer(page, "fr", given)
        for bad in ("deux", "-1", "500", "<b>2</b>"):
            page.locator("#daform input[type=text]:visible").first.fill(bad)
            with page.expect_response(lambda r: r.request.method == "POST" and "/interview" in r.url):
                page.locator("#da-continue-button").click()  # the answer goes to the server...
            page.wait_for_load_state("networkidle")  # ...and its screen is drawn
            page.get_by_text(T("check.count", "fr")).first.wait_for(timeout=8000)
            kept = page.locator("#daform input[type=text]:visible").first.input_value()
            assert kept == bad or (bad.startswith("<") and kept == ""), "what was typed stays, to be corrected"
            assert not page.locator("#daform b").count(), "markup typed is never drawn"
            assert heading(page) != T("result.title", "fr")
        box = page.locator("#daform input[type=text]:visible").first
        shot(page, journeys, "children_count_refused", shots)
        box.fill("2")
        continue_(page)
        assert T("person.birth_date", "fr") in page.locator("#daform").inner_text(), "each child is asked next"
        shot(page, journeys, "children_count_first_child", shots)
