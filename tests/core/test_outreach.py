"""Outreach records (maraudes): what a phone may post, and what is refused with the field named."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest

from parcours import load_rules
from parcours.i18n import LANGS
from parcours.outreach import (
    FLAGS,
    MAX_BODY,
    MAX_NOTES,
    OutreachError,
    form_settings,
    parse_body,
    places,
    validate,
)

TODAY = dt.date(2026, 12, 6)


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def record(**changes) -> dict:
    data = {
        "id": str(uuid.uuid4()),
        "round": {"date": "2026-12-06", "team": "Équipe du mardi", "place": "calais_marck"},
        "people": 3,
        "languages": ["ar", "other"],
        "needs": ["asylum", "decision"],
        "flags": ["unaccompanied_minor"],
        "procedures": [{"id": "fr.cnda_appeal", "date": "2026-11-28"}],
        "notes": "Rendez-vous à la permanence mardi.",
    }
    data.update(changes)
    return data


def refused(data, rules) -> OutreachError:
    with pytest.raises(OutreachError) as caught:
        validate(data, rules=rules, today=TODAY)
    return caught.value


def test_a_record_as_the_form_makes_it_is_taken(rules):
    data = record()
    r = validate(data, rules=rules, today=TODAY)
    assert r.id == data["id"] and r.place == "calais_marck" and r.jurisdiction == "fr"
    assert r.people == 3 and r.needs == ("asylum", "decision") and r.flags == ("unaccompanied_minor",)
    assert r.procedures == (("fr.cnda_appeal", "2026-11-28"),)
    content = r.content()
    assert "id" not in content and content["round_date"] == "2026-12-06"
    json.dumps(content)  # what is encrypted and stored is plain JSON


def test_a_belgian_place_takes_the_belgian_needs_not_the_french_ones(rules):
    be = record(round={"date": "2026-12-06", "place": "bruxelles_gare_nord"}, procedures=[])
    assert validate(dict(be, needs=["protection", "reception"]), rules=rules, today=TODAY).jurisdiction == "be"
    assert refused(dict(be, needs=["asylum"]), rules).field == "needs"


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"round": {"date": "2026-12-06", "place": "the_moon"}}, "place", "not_offered"),
        ({"round": {"date": "2026-12-06", "place": "<script>alert(1)</script>"}}, "place", "not_offered"),
        ({"round": {"date": "2026-12-06"}}, "place", "missing"),
        ({"round": {"date": "2026-12-06", "place": ["calais_marck"]}}, "place", "not_offered"),
        ({"round": {"date": "06/12/2026", "place": "calais_marck"}}, "date", "bad_date"),
        ({"round": {"date": "2027-12-06", "place": "calais_marck"}}, "date", "bad_date"),
        ({"round": {"date": "2026-12-06", "place": "calais_marck", "gps": "50.95,1.85"}}, "round", "bad_format"),
        ({"round": {"date": "2026-12-06", "place": "calais_marck", "team": "x" * 61}}, "team", "too_long"),
        ({"needs": ["asylum", "housing_in_paris"]}, "needs", "not_offered"),
        ({"needs": "asylum"}, "needs", "not_offered"),
        ({"needs": [{"id": "asylum"}]}, "needs", "not_offered"),
        ({"flags": ["vip"]}, "flags", "not_offered"),
        ({"languages": ["klingon"]}, "languages", "not_offered"),
        ({"people": 0}, "people", "out_of_range"),
        ({"people": 51}, "people", "out_of_range"),
        ({"people": "3"}, "people", "out_of_range"),
        ({"people": True}, "people", "out_of_range"),
        ({"people": 10**40}, "people", "out_of_range"),
        ({"procedures": [{"id": "be.dublin_appeal"}]}, "procedures", "not_offered"),
        ({"procedures": [{"id": "fr.cnda_appeal", "date": "yesterday"}]}, "procedure_date", "bad_date"),
        ({"procedures": [{"id": "fr.cnda_appeal", "note": "x"}]}, "procedures", "not_offered"),
        ({"procedures": [{"id": "fr.cnda_appeal"}] * 11}, "procedures", "too_many"),
        ({"notes": "x" * (MAX_NOTES + 1)}, "notes", "too_long"),
        ({"notes": {"text": "nested"}}, "notes", "not_offered"),
        ({"id": "1"}, "id", "bad_id"),
        ({"id": None}, "id", "bad_id"),
        ({"name": "Jean Dupont"}, "record", "bad_format"),
        ({"photo": "data:image/png;base64,AAAA"}, "record", "bad_format"),
        ({"captured_at": "soon"}, "captured_at", "bad_date"),
    ],
)
def test_what_no_screen_offers_is_refused_naming_the_field(rules, changes, field, code):
    e = refused(record(**changes), rules)
    assert (e.field, e.code) == (field, code)


def test_every_refusal_reads_in_every_language_without_the_value(rules):
    e = refused(record(needs=["<b>secret-need</b>"]), rules)
    for lang in LANGS:
        message = e.message(lang)
        assert message and "secret-need" not in message and "outreach." not in message and "{" not in message
    assert "Besoins" in e.message("fr") and "Needs" in e.message("en") and "Noden" in e.message("nl")


def test_markup_in_the_notes_is_kept_as_text_and_control_characters_dropped(rules):
    r = validate(record(notes="<img src=x onerror=alert(1)>\x00\x07 ok\nline two"), rules=rules, today=TODAY)
    assert r.notes == "<img src=x onerror=alert(1)> ok\nline two"


@pytest.mark.parametrize(
    "raw",
    [
        b"[" * 50_000 + b"]" * 50_000,  # too deep, and too large
        b'{"a":' * 20 + b"1" + b"}" * 20,  # nested past the bound
        b"not json",
        b"\xff\xfe",
        b"[]",
        b'"a string"',
        json.dumps(record(notes="x" * (MAX_BODY + 10))).encode(),  # a 1 MB note is refused before parsing
    ],
)
def test_a_body_that_is_not_one_record_is_refused_before_anything_is_built(raw):
    with pytest.raises(OutreachError) as caught:
        parse_body(raw)
    assert caught.value.field == "record" and caught.value.code in ("bad_format", "too_large")


def test_a_megabyte_of_notes_is_refused_naming_the_record():
    with pytest.raises(OutreachError) as caught:
        parse_body(json.dumps(record(notes="é" * 1_000_000)).encode())
    assert caught.value.code == "too_large" and "Ko" in caught.value.message("fr")


def test_the_form_offers_only_known_codes_with_labels_in_the_language(rules):
    for lang in ("fr", "nl", "ar"):
        settings = form_settings(lang, rules)
        assert {p["id"] for p in settings["places"]} == set(places())
        assert [f["id"] for f in settings["flags"]] == list(FLAGS)
        fr = settings["jurisdictions"]["fr"]
        assert [n["id"] for n in fr["needs"]] == [c.id for c in rules.orientation["fr"].needs]
        for item in fr["needs"] + fr["procedures"] + settings["flags"] + settings["languages"]:
            assert item["label"] and item["label"] != item["id"], item
        assert settings["texts"]["outreach.title"] and all(settings["texts"].values())
    assert form_settings("ar", rules)["dir"] == "rtl"
    assert form_settings("<script>", rules)["lang"] == "fr"


def test_a_place_list_kept_by_the_association_replaces_the_default(tmp_path, monkeypatch, rules):
    own = tmp_path / "places.yaml"
    own.write_text("kind: outreach_places\nplaces:\n  - {id: ostende_port, name: Ostende — port, jurisdiction: be}\n")
    monkeypatch.setenv("PARCOURS_OUTREACH_PLACES", str(own))
    assert list(places()) == ["ostende_port"]
    assert refused(record(), rules).field == "place"  # calais_marck is not on this association's list
    own.write_text("kind: outreach_places\nplaces:\n  - {id: Bad Id, name: x, jurisdiction: fr}\n")
    with pytest.raises(ValueError, match="place 1"):
        places()


def test_the_needs_view_counts_per_place_and_week_and_hides_counts_under_five(rules):
    from parcours.outreach import needs_csv, needs_view

    def stored(day, place, people, needs, flags=()):
        data = record(round={"date": day, "place": place}, people=people, needs=list(needs), flags=list(flags))
        data["procedures"] = []
        return validate(data, rules=rules, today=TODAY).content()

    contents = [stored("2026-12-01", "calais_marck", 2, ["asylum"], ["medical"]) for _ in range(6)]
    contents += [stored("2026-12-03", "calais_marck", 1, ["asylum", "decision"], ["unaccompanied_minor"])]
    contents += [stored("2026-11-24", "calais_marck", 1, ["family"])]
    contents += [stored("2026-12-02", "bruxelles_gare_nord", 3, ["reception"])]
    (fr, be) = needs_view(contents, "fr", rules)
    assert fr["title"] == "France" and be["title"] == "Belgique"
    head = fr["columns"]
    this_week = dict(zip(head, fr["rows"][0]))
    assert this_week["Lieu de vie"] == "Calais — Marck, zone industrielle" and "2026-11-30" in this_week["Date"]
    assert this_week["Rencontres"] == "7" and this_week["Personnes"] == "13"
    assert this_week["Demander ou poursuivre l'asile"] == "7"
    assert this_week["Besoin médical"] == "6" and this_week["Mineur non accompagné"] == "< 5"
    assert this_week["Faire venir sa famille ou rester avec elle"] == "0"
    last_week = dict(zip(head, fr["rows"][1]))
    assert last_week["Rencontres"] == "< 5" and last_week["Personnes"] == "< 5"
    assert dict(zip(be["columns"], be["rows"][0]))["Rencontres"] == "< 5"
    csv_text = needs_csv([fr, be])
    assert "< 5" in csv_text and "Rendez-vous" not in csv_text and "Équipe" not in csv_text
    for line in csv_text.splitlines():
        assert " 1," not in line and ",1," not in line and ",2," not in line  # no small count in clear


def test_no_csv_cell_starts_a_formula():
    from parcours.outreach import needs_csv

    table = {"title": "=HYPERLINK(\"http://x\")", "columns": ["+1", "@SUM(A1)"], "rows": [["-2", "ok"]]}
    for cell in needs_csv([table]).replace("\r\n", ",").split(","):
        assert cell.lstrip('"')[:1] not in ("=", "+", "-", "@"), cell


# ----------------------------------------------------------------------------- the person's card


def test_a_card_code_has_eight_characters_and_its_last_checks_the_others():
    from parcours.outreach import CODE_ALPHABET, check_char, code_problem, new_code, normalise_code

    assert not set("01OIL") & set(CODE_ALPHABET)
    for _ in range(50):
        code = new_code()
        assert len(code) == 9 and code[4] == "-" and code_problem(code) is None
        plain = normalise_code(code)
        assert check_char(plain[:7]) == plain[7]
        # What a volunteer types: lower case, spaces, no dash.
        assert code_problem(" " + plain.lower()[:4] + " " + plain[4:].lower()) is None
        # Every single character mistyped, and every two neighbours swapped, is caught.
        for i in range(8):
            for c in CODE_ALPHABET:
                if c != plain[i]:
                    assert code_problem(plain[:i] + c + plain[i + 1 :]) == "code_mistyped"
        for i in range(7):
            swapped = plain[:i] + plain[i + 1] + plain[i] + plain[i + 2 :]
            if swapped != plain:
                assert code_problem(swapped) == "code_mistyped"
    # A known example the phone's script must agree with (tests/journeys check app.js on it).
    assert check_char("RGZD3DU") == "J"
    for bad in ("", "ABC", "RGZD-3DU", "RGZD-3DUJX", "RGZD-3DU0", "<b>RGZD</b>", "'; DROP TABLE x;--", "R" * 10000):
        assert code_problem(bad) == "code_format"


def test_a_card_needs_the_person_consent_and_a_well_typed_code(rules):
    from parcours.outreach import new_code

    code = new_code()
    r = validate(record(consent=True, code=code.lower().replace("-", "")), rules=rules, today=TODAY)
    assert r.code == code and r.consent is True and r.content()["code"] == code
    assert refused(record(code=code), rules).code == "no_consent"
    assert refused(record(consent=False, code=code), rules).field == "consent"
    wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
    e = refused(record(consent=True, code=wrong), rules)
    assert (e.field, e.code) == ("code", "code_mistyped")
    assert "un caractère est mal recopié" in e.message("fr") and wrong not in e.message("fr")
    assert refused(record(consent=True, code="<script>x</script>"), rules).code == "code_format"
    assert refused(record(consent=True, code=["A"]), rules).code == "code_format"
    assert refused(record(consent="yes", code=code), rules).field == "consent"
    assert validate(record(consent=True), rules=rules, today=TODAY).code is None  # consent, no card yet


def test_an_opened_card_starts_the_guide_with_what_the_records_hold(rules):
    from parcours.outreach import guide_start, opened_content

    first = validate(record(consent=True, code="RGZD-3DUJ"), rules=rules, today=TODAY).content()
    first["round_date"] = "2026-11-29"  # met a week before
    again = validate(
        record(
            round={"date": "2026-12-06", "team": "", "place": "loon_plage"},
            needs=["asylum", "housing"] if "housing" in _needs(rules) else ["asylum"],
            flags=["medical"],
            procedures=[{"id": "fr.asylum_registration", "date": "2027-01-10"}],
            languages=["other", "ps"],
            consent=True,
            code="RGZD-3DUJ",
        ),
        rules=rules,
        today=TODAY,
    ).content()
    start = guide_start([again, first], "fr", rules=rules, today=TODAY)
    assert start["jurisdiction"] == "fr" and start["encounters"] == 2
    assert start["needs"][:2] == ["asylum", "decision"]
    assert start["procedures"] == ["fr.cnda_appeal", "fr.asylum_registration"]
    # The date of a past decision is the fact that dates the procedure; a coming one goes to the note.
    assert start["facts"] == {"ofpra_decision_notification_date": "2026-11-28"}
    assert "2027-01-10" in start["note"] and "Rendez-vous à la permanence mardi." in start["note"]
    assert start["language"] == "ar"  # the first language parcours has screens in
    assert "Mineur" in start["note"] or "mineur" in start["note"]
    kept = opened_content(first)
    assert set(kept) == {"jurisdiction", "place", "round_date", "people", "needs", "flags"}


def _needs(rules):
    from parcours.outreach import need_ids

    return need_ids("fr", rules)


def test_open_follow_ups_come_urgent_first_and_the_legal_team_gets_counts_only(rules):
    from parcours.outreach import follow_up_counts, follow_ups

    calm = validate(record(flags=[], consent=True, code="RGZD-3DUJ"), rules=rules, today=TODAY).content()
    old = dict(calm, round_date="2026-11-01", code="23456789"[:7] + "X")
    urgent = validate(
        record(flags=["medical", "deadline_running"], consent=True, code="22222222"[:7] + _check("2222222")),
        rules=rules,
        today=TODAY,
    ).content()
    no_card = validate(record(), rules=rules, today=TODAY).content()
    items = follow_ups([calm, old, urgent, no_card], "fr", today=TODAY)
    assert [f["code"] for f in items][0] == urgent["code"]
    assert items[1]["code"] == old["code"] and items[1]["age"] == 35
    assert len(items) == 3 and all(f["code"] for f in items)
    counts = dict(follow_up_counts(items, "fr"))
    assert counts["Cartes en attente"] == "< 5"
    assert not any(f["code"] in str(counts) for f in items)


def _check(body):
    from parcours.outreach import check_char

    return check_char(body)
