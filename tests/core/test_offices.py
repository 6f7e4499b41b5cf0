"""The competent-office directory (rules/<jurisdiction>/offices.yaml): right office for the
place and the procedure, nobody for a place the directory does not cover."""

from __future__ import annotations

from parcours import load_rules
from parcours.offices import offices_for, place_of


def ids(found):
    return [o["id"] for o in found]


def test_a_french_postal_code_gives_its_departement():
    assert place_of("59000", "fr") == "59"
    assert place_of(" 62100 ", "fr") == "62"
    assert place_of("Liège", "be") == "Liège"


def test_prefecture_by_departement_and_procedure():
    rules = load_rules()
    assert ids(offices_for(rules, "fr", "59000", "fr.vpf_conjoint_de_francais")) == ["fr.prefecture_nord"]
    assert ids(offices_for(rules, "fr", "62100", "fr.vpf_conjoint_de_francais")) == ["fr.prefecture_pas_de_calais"]
    assert ids(offices_for(rules, "fr", "13001", "fr.vpf_conjoint_de_francais")) == []  # Marseille: not covered
    assert "fr.ofii_lille" in ids(offices_for(rules, "fr", "62100", "fr.regroupement_familial"))
    assert "fr.prefecture_nord" not in ids(offices_for(rules, "fr", "59000", "fr.regroupement_familial"))


def test_national_offices_serve_every_place_and_communes_match_in_both_languages():
    rules = load_rules()
    assert ids(offices_for(rules, "fr", "13001", "fr.cnda_appeal")) == ["fr.cnda"]
    assert ids(offices_for(rules, "be", "Elsene", "be.regularisation_9bis")) == ["be.commune_ixelles"]
    assert ids(offices_for(rules, "be", "ixelles", "be.regularisation_9bis")) == ["be.commune_ixelles"]
    assert ids(offices_for(rules, "be", "Luik", "be.family_reunification_art10")) == ["be.commune_liege"]


def test_unconfirmed_addresses_are_flagged():
    rules = load_rules()
    statuses = {o["id"]: o["status"] for o in rules.offices["fr"]}
    assert statuses["fr.cnda"] == "verified" and statuses["fr.prefecture_nord"] == "to_verify"


def test_an_office_naming_an_unknown_procedure_is_an_error(one_file_rules):
    rules = one_file_rules(
        "fr/offices.yaml",
        "kind: offices\njurisdiction: fr\nreviewed_on: 2026-11-23\noffices:\n"
        "  - id: fr.x\n    name: {fr: X, en: X}\n    covers: ['59']\n    handles: [fr.regroupement_familal]\n"
        "    status: to_verify\n",
    )
    assert any("unknown procedure 'fr.regroupement_familal'" in d.message for d in rules.diagnostics)


def test_courts_and_national_bodies_and_more_brussels_communes():
    rules = load_rules()
    assert "fr.ta_lille" in ids(offices_for(rules, "fr", "62100", "fr.refusal_litigation"))
    assert "fr.ta_lille" not in ids(offices_for(rules, "fr", "75011", "fr.refusal_litigation"))
    assert "fr.ta_paris" in ids(offices_for(rules, "fr", "75011", "fr.dublin_transfer_appeal"))
    assert ids(offices_for(rules, "be", "Sint-Jans-Molenbeek", "be.regularisation_9bis")) == ["be.commune_molenbeek"]
    assert ids(offices_for(rules, "be", "Ixelles", "be.regularisation_9ter")) == ["be.oe_sejour_exceptionnel"]
    assert "be.cce" in ids(offices_for(rules, "be", "Liège", "be.cce_appeal_protection"))
    statuses = {o["id"]: o["status"] for o in rules.offices["be"]}
    assert statuses["be.oe_sejour_exceptionnel"] == "verified" and statuses["be.cce"] == "to_verify"
