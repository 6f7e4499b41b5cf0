"""Issue 14 item 3: every answer a person can pick (each value of an enum fact, yes/no/I don't know
of a bool fact) has a label in every complete language, and in every language on the kiosk path;
the screens, the review screen and the coverage check never fall back to the raw value."""

from __future__ import annotations

import dataclasses

import pytest

from docassemble.parcours.answers import check, review_rows
from docassemble.parcours.guide import fact_info, fields
from parcours import i18n, i18n_coverage, load_rules

JURISDICTIONS = ("fr", "be")


def choice_facts():
    rules = load_rules()
    kiosk = i18n_coverage.kiosk_facts(rules)
    for jurisdiction in JURISDICTIONS:
        catalogue = rules.catalogue(jurisdiction)
        for fact_id in catalogue.ids():
            fact = catalogue.get(fact_id)
            if fact.type in ("enum", "bool"):
                yield jurisdiction, fact, fact_id in kiosk[jurisdiction]


def own_label(question: str, value: str, lang: str) -> str | None:
    """The label written for *lang* itself (no fallback to another language)."""
    if lang in ("fr", "en"):
        return i18n.question_source(f"{question}.choice.{value}").get(lang)
    return i18n.catalogue("questions", lang).get(f"{question}.choice.{value}")


def test_every_enum_value_has_a_label_in_every_complete_language_and_on_the_kiosk_path():
    missing = []
    for jurisdiction, fact, on_kiosk in choice_facts():
        for value in fact.values:
            for lang in i18n.LANGS if on_kiosk else i18n.COMPLETE:
                if not own_label(fact.question, value, lang):
                    missing.append(f"{jurisdiction}.{fact.id}={value} ({lang})")
    assert not missing, f"{len(missing)} labels missing, e.g. {missing[:10]}"


def test_the_coverage_check_fails_on_an_enum_value_without_label(monkeypatch):
    """The check `make test` runs names the fact, the value and the language."""
    rules = load_rules()
    catalogue = rules.catalogue("be")
    fact = catalogue.get("filing_place")
    assert i18n_coverage.choice_problems(rules) == []
    monkeypatch.setitem(
        catalogue.facts, "filing_place", dataclasses.replace(fact, values=fact.values + ("on_the_moon",))
    )
    found = i18n_coverage.choice_problems(rules)
    assert any("filing_place" in p and "on_the_moon" in p and "(nl)" in p for p in found), found
    assert any("on_the_moon" in p for p in i18n_coverage.problems()), "make test would not fail"


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_no_choice_on_any_screen_shows_its_raw_value(lang):
    raw = []
    for jurisdiction, fact, _ in choice_facts():
        shown = fields(fact_info(jurisdiction, fact.id), lang)[0]["choices"]
        for choice in shown:
            label = choice["label"].strip("\u2068\u2069")
            value = choice["value"]
            if value in ("true", "false", "unknown"):
                continue
            if label in (value, value.replace("_", " ")):
                raw.append(f"{jurisdiction}.{fact.id}={value}")
    assert not raw, raw


def test_the_review_screen_shows_labels_and_dates_as_people_write_them():
    answers = {
        "sponsor_status": "unlimited_stay",
        "filing_place": "abroad",
        "joining_relationship": "spouse_or_partner",
        "sponsor_stay_authorised_on": "2026-01-15",
    }
    for lang, status, place, date in (
        ("fr", "Séjour illimité", "Depuis l'étranger", "15/01/2026"),
        ("nl", "Onbeperkt verblijf", "Vanuit het buitenland", "15/01/2026"),
        ("ar", "إقامة غير محدودة", "من الخارج", "15/01/2026"),
    ):
        rows = {r["id"]: r["value"] for r in review_rows("be", answers, [], lang)}
        assert status in rows["sponsor_status"], rows
        assert place in rows["filing_place"], rows
        assert date in rows["sponsor_stay_authorised_on"], rows
        assert "spouse" not in rows["joining_relationship"] and "_" not in rows["joining_relationship"], rows


HOSTILE = [None, "", "None", "none", "true or false", "<b>x</b>", "x" * 10_000, True, 0, 1, ["a"], {"a": 1}]


@pytest.mark.parametrize("lang", ("fr", "nl", "ar"))
@pytest.mark.parametrize("fact_id", ("joining_relationship", "family_tie_predates_arrival"))
def test_a_hostile_value_on_a_choice_screen_gets_a_translated_message_not_a_developer_one(lang, fact_id):
    fact = fact_info("be", fact_id)
    for value in HOSTILE:
        problem = check("be", fact, value, lang)
        if problem is None:
            continue
        assert problem == i18n.ui("check.not_offered", lang), (value, problem)
        for leak in ("None", "true or false", "spouse_or_partner", "is not"):
            assert leak not in problem, (value, problem)


def test_every_choice_of_a_letter_field_has_a_label():
    """The letters' choice fields (the kind of a foreign-national number: AGDREF, OFPRA, SP...) are
    shown by their label in French, Dutch and English, never as agdref/oe_sp/rn."""
    from parcours.documents import letter_fields, letter_ids

    specs = {s.id: s for letter in letter_ids() for s in letter_fields(letter) if s.type == "enum"}
    assert "foreign_number_kind" in specs
    missing = [
        (s.id, v, lang)
        for s in specs.values()
        for v in s.values
        for lang in i18n.COMPLETE
        if not ((s.choices or {}).get(v) or {}).get(lang)
    ]
    assert not missing, missing
    assert specs["foreign_number_kind"].choice_label("oe_sp", "nl") == "SP-nummer van de Dienst Vreemdelingenzaken"
    assert not [p for p in i18n_coverage.choice_problems() if p.startswith("letter field")]


def test_a_date_and_time_is_written_as_people_write_it_and_comes_back_from_the_review_screen():
    """The hint and the message give 15/07/2024 14:30, the review screen shows it so, and the
    question asked again from the review screen takes it back (it used to want 2024-07-15T14:30)."""
    from docassemble.parcours.answers import screen_value

    fact = fact_info("fr", "dublin_notification_datetime")
    shown = screen_value(fact, "2024-07-15T14:30")
    assert shown == "15/07/2024 14:30"
    assert check("fr", fact, shown, "fr") is None
    assert check("fr", fact, "١٥/٠٧/٢٠٢٤ ١٤:٣٠", "ar") is None
    for lang in ("fr", "nl", "ar"):
        assert "15/07/2024 14:30" in i18n.ui("hint.datetime", lang) and "15/07/2024 14:30" in i18n.ui(
            "check.datetime", lang
        )
        assert check("fr", fact, "31/02/2024 10:00", lang) == i18n.ui("check.datetime", lang)
