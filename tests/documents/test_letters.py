"""Every letter assembled from an invented case: DOCX text and PDF text (LibreOffice, one batch)."""

from __future__ import annotations

import re
import subprocess

import pytest
from doctools import ARTIFACTS, docx_text, pdf_text

from parcours.documents import DocumentError, letter_ids, letter_language, load_letter, missing_fields, render_letter

KEY_PHRASE = {
    ("fr_appointment_request", "fr"): "Demande de rendez-vous",
    ("fr_refere_mesures_utiles", "fr"): "PAR CES MOTIFS",
    ("fr_recepisse_request", "fr"): "R.431-15-1",
    ("fr_recours_gracieux", "fr"): "recours gracieux",
    ("fr_recours_hierarchique", "fr"): "recours hiérarchique",
    ("fr_cnda_legal_aid_request", "fr"): "Je demande l'aide juridictionnelle",
    ("fr_cnda_appeal", "fr"): "convention de Genève",
    ("fr_ta_dublin_transfer", "fr"): "604/2013",
    ("fr_dublin_france_responsible", "fr"): "la France est désormais responsable",
    ("fr_ta_oqtf", "fr"): "REQUÊTE SOMMAIRE",
    ("fr_rf_cover_letter_ofii", "fr"): "11436*05",
    ("fr_change_of_address", "fr"): "nouvelle adresse",
    ("fr_sworn_statement", "fr"): "atteste sur l'honneur",
    ("be_9bis_request", "fr"): "Circonstances exceptionnelles",
    ("be_9bis_request", "nl"): "Buitengewone omstandigheden",
    ("be_9ter_request", "fr"): "certificat médical type",
    ("be_9ter_request", "nl"): "standaard medisch getuigschrift",
    ("be_family_reunification_cover_letter", "fr"): "regroupement familial",
    ("be_family_reunification_cover_letter", "nl"): "gezinshereniging",
    ("be_domicile_election", "fr"): "élection de domicile",
    ("be_domicile_election", "nl"): "kies ik",
    ("be_address_change_oe_cgra", "fr"): "nouvelle adresse",
    ("be_address_change_oe_cgra", "nl"): "nieuwe adres",
}
DATE_WORDS = {"fr": "5 février 2025", "nl": "5 februari 2025"}
ANNEX = {"fr": "Pièce n° 1", "nl": "Stuk nr. 1"}


def all_variants():
    return [(i, lang) for i in letter_ids() for lang in load_letter(i).languages]


def test_every_required_letter_is_declared():
    wanted = {
        "fr_appointment_request",
        "fr_refere_mesures_utiles",
        "fr_recepisse_request",
        "fr_recours_gracieux",
        "fr_recours_hierarchique",
        "fr_cnda_legal_aid_request",
        "fr_cnda_appeal",
        "fr_ta_dublin_transfer",
        "fr_ta_oqtf",
        "fr_rf_cover_letter_ofii",
        "fr_change_of_address",
        "fr_sworn_statement",
        "be_9bis_request",
        "be_9ter_request",
        "be_family_reunification_cover_letter",
        "be_domicile_election",
        "be_address_change_oe_cgra",
    }
    assert wanted <= set(letter_ids())
    assert set(KEY_PHRASE) == set(all_variants())
    for letter_id in letter_ids():
        spec = load_letter(letter_id)
        assert spec.title.get("fr") and spec.title.get("en") and spec.proof.get("fr") and spec.proof.get("en")
        assert (spec.languages == ("fr", "nl")) if spec.jurisdiction == "be" else (spec.languages == ("fr",))
        for lang in spec.languages:
            assert spec.template(lang).is_file()
        ids = [f.id for f in spec.fields]
        assert len(ids) == len(set(ids)), letter_id


def test_rule_files_name_only_existing_letters(rules):
    known = set(letter_ids())
    named = {(p.id, letter) for p in rules.procedures.values() for v in p.versions for letter in v.letters}
    named |= {  # letters offered once a delay ran out (a Dublin transfer period: France responsible)
        (p.id, letter)
        for p in rules.procedures.values()
        for v in p.versions
        for d in v.deadlines
        if d.once_passed
        for letter in d.once_passed.letters
    }
    assert ("fr.dublin_procedure", "fr_dublin_france_responsible") in named
    assert not [pair for pair in named if pair[1] not in known]


@pytest.mark.parametrize("letter_id,lang", all_variants())
def test_letter_text(rendered, letter_id, lang):
    data, pdf = rendered[(letter_id, lang)]
    text = docx_text(data)
    assert "{{" not in text and "{%" not in text and "[à compléter" not in text and "[in te vullen" not in text
    assert "Amanuel TESFAY" in text or "Hodan WARSAME" in text
    assert KEY_PHRASE[(letter_id, lang)] in text
    assert DATE_WORDS[lang] in text  # place and date, month in words
    assert "59000 Lille" in text  # sender address block
    assert re.search(re.escape(ANNEX[lang]) + r" ?:", text)  # numbered bordereau
    spec = load_letter(letter_id)
    if spec.recipient_default.get(lang):
        assert spec.recipient_default[lang].splitlines()[0] in text
    elif spec.recipient_kind != "none":
        assert "Texte recipient_address ligne 1" in text
    flat = " ".join(pdf_text(pdf).split())
    assert KEY_PHRASE[(letter_id, lang)] in flat
    assert "Lille" in flat and ANNEX[lang].split()[0] in flat


def test_deadline_comes_from_the_engine(rendered, fr_eval):
    from parcours.documents.wording import date_words

    text = docx_text(rendered[("fr_cnda_legal_aid_request", "fr")][0])
    dues = [
        d.due
        for p in fr_eval.procedures
        for d in p.deadlines
        if d.id in load_letter("fr_cnda_legal_aid_request").deadlines
    ]
    assert dues, "the engine computed no legal-aid deadline for the invented case"
    # the most urgent of the letter's deadlines, as computed by the engine (never typed)
    assert f"dernier jour : {date_words(min(dues), 'fr')}" in text


def test_family_member_in_arabic_script_is_isolated(rendered):
    text = docx_text(rendered[("fr_rf_cover_letter_ofii", "fr")][0])
    assert "\u2068سلمى HADDAD\u2069" in text


def test_missing_required_fields_are_listed_and_visible(fr_case, fr_eval):
    missing = [f.id for f in missing_fields("fr_cnda_appeal", fr_case, fr_eval, {})]
    assert "ofpra_number" in missing and "sender_address" in missing and "sender_name" not in missing
    text = docx_text(render_letter("fr_cnda_appeal", fr_case, fr_eval, {}))
    assert "[à compléter : Numéro OFPRA]" in text


def test_unknown_field_is_refused_with_a_suggestion(fr_case, fr_eval):
    with pytest.raises(DocumentError, match="did you mean 'ofpra_number'"):
        render_letter("fr_cnda_appeal", fr_case, fr_eval, {"ofpra_numbr": "1"})


def test_unknown_letter_suggests(fr_case):
    with pytest.raises(DocumentError, match="did you mean 'fr_cnda_appeal'"):
        load_letter("fr_cnda_apeal")


def test_language_rule(fr_case, be_case, be_eval, rules):
    from parcours import CaseFile, evaluate

    assert letter_language("fr_cnda_appeal", fr_case) == "fr"
    assert letter_language("be_9bis_request", be_case, be_eval) == "nl"  # Brussels, Dutch chosen
    flanders = CaseFile.from_dict(
        {
            "format_version": 1,
            "jurisdiction": "be",
            "facts": {"commune_region": "wallonia_french_speaking", "filing_date": "2025-02-01"},
        }
    )
    assert letter_language("be_9bis_request", flanders, evaluate(flanders, "2025-02-05", rules=rules)) == "fr"
    german = CaseFile.from_dict(
        {
            "format_version": 1,
            "jurisdiction": "be",
            "facts": {"commune_region": "german_speaking_area", "filing_date": "2025-02-01"},
        }
    )
    with pytest.raises(DocumentError, match="no template in 'de'"):
        letter_language("be_9bis_request", german, evaluate(german, "2025-02-05", rules=rules))
    assert letter_language("be_domicile_election", be_case, None, {"letter_language": "fr"}) == "fr"


def test_french_letter_png(rendered):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / "letter_fr_cnda_appeal.pdf"
    pdf.write_bytes(rendered[("fr_cnda_appeal", "fr")][1])
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "70",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(ARTIFACTS / "letter_fr_cnda_appeal"),
        ],
        check=True,
    )
    assert (ARTIFACTS / "letter_fr_cnda_appeal.png").stat().st_size > 10_000


@pytest.mark.parametrize("lang", ["fr", "uk"])
def test_summary_of_an_appeal_whose_delay_is_suspended_says_so_and_the_legal_aid_letter_keeps_its_date(lang):
    """Legal aid asked in time and not yet decided: the appeal letter's summary gives the days that
    will be left, not "no deadline"; the legal aid letter still cites its 15-day last day."""
    import datetime as dt

    from parcours import CaseFile, evaluate
    from parcours.documents import i18n as doc_i18n
    from parcours.documents import summary_pdf

    case = CaseFile.from_dict(
        {
            "format_version": 1,
            "jurisdiction": "fr",
            "facts": {
                "ofpra_decision": "rejection",
                "ofpra_decision_notification_date": "2026-09-01",
                "cnda_legal_aid_request_date": "2026-09-10",
            },
        }
    )
    result = evaluate(case, dt.date(2026, 11, 23))
    text = " ".join(pdf_text(summary_pdf("fr_cnda_appeal", case, result, {}, lang)).split())
    assert "22" in text and " ".join(doc_i18n.message("summary.no_deadline", lang).split()) not in text
    if lang == "fr":
        assert "Le délai est suspendu depuis le 10 septembre 2026. Il vous restera 22 jours" in text
    letter = docx_text(render_letter("fr_cnda_legal_aid_request", case, result, {}))
    assert "dernier jour : 16 septembre 2026" in letter
