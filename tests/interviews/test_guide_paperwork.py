"""From the guide's result to the paperwork: a volunteer finishes the guide, asks for the
documents, and downloads a packet built from the same answers."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

GUIDE = "docassemble.parcours:data/questions/guide.yml"


@pytest.mark.server
def test_guide_result_leads_to_the_packet(da):
    s = da.new_session(GUIDE)
    facts = {
        "jurisdiction": "fr",
        "place": "59000",
        "situation": "worker",
        "chosen_needs": {"family": True},
        "chosen_procedures": {"fr.regroupement_familial": True},
        "sponsor_legal_status": "residence_permit",
        "sponsor_nationality": "TN",
        "sponsor_regular_stay_start": "2022-01-10",
        "filing_date": "2025-11-03",
        "sponsor_average_monthly_resources": "2600",
        "household_size": "3",
        "children": "1",
        "person_names['children_1']": "Invented",
        "person_births['children_1']": "2018-09-09",
        "__default__": "unknown",
    }
    q = s.run_story(facts, until="guide_result")
    assert "OFII — direction territoriale de Lille" in q["subquestionText"]  # the office for Lille (59)
    assert "prepare_paperwork" in q["subquestionText"] or "Préparer les documents" in q["subquestionText"]
    s.action("prepare_paperwork", persistent=False)
    q = s.run_story(
        {
            "paperwork_procedure": "fr.regroupement_familial",
            "person_language": "ar",
            "chosen_letters": {"fr_rf_cover_letter_ofii": True},
            "signature_mode": "paper",
            "letter_answers['sender_name']": "Invented Sponsor",
            "letter_answers['sender_address']": "1 rue Fictive\n59000 Lille",
            "letter_answers['recipient_address']": "OFII Lille",
            "letter_answers['place']": "Lille",
            "letter_fields_done": True,
            "portal_scans_done": True,  # filed on ANEF: no scan joined
        },
        until="paperwork_ready",
    )
    import re

    number = int(re.search(r"/uploadedfiledownload/(\d+)/packet\.pdf", q["subquestionText"]).group(1))
    packet = PdfReader(io.BytesIO(da.download(number, "pdf")))
    text = " ".join(p.extract_text() for p in packet.pages)
    assert "Préparé pour : Invented Sponsor" in text  # the signer, not the child
    assert "Regroupement familial" in text
    assert "الرسائل" in text  # the contents are bilingual: French and the person's language
    assert "checklist.ar.pdf" in q["subquestionText"]


@pytest.mark.server
def test_orientation_preticks_the_procedures_for_the_status_and_need(da):
    """A refugee who wants their family to join them: the procedures screen lists the two family
    procedures for protected people first, ticked; regroupement familial is offered, not ticked."""
    s = da.new_session(GUIDE)
    q = s.run_story(
        {"jurisdiction": "fr", "place": "75011", "situation": "refugee", "chosen_needs": {"family": True}},
        until="procedures",
    )
    choices = q["fields"][0]["choices"]
    ticked = [c["variable_name"].split("'")[1] for c in choices if c.get("selected")]
    assert ticked == ["fr.reunification_familiale", "fr.protection_family_in_france"]
    assert [c["variable_name"].split("'")[1] for c in choices[:2]] == ticked  # proposed first
    assert any("fr.regroupement_familial" in c["variable_name"] and not c.get("selected") for c in choices)


@pytest.mark.server
def test_nothing_to_prepare_is_said_and_leads_back_to_the_result(da):
    """A case whose chosen procedure does not apply has nothing to assemble: the volunteer reads
    so, in words, and goes back to the result (it used to reach the assembly and fail)."""
    s = da.new_session(GUIDE)
    s.run_story(
        {
            "jurisdiction": "fr",
            "place": "59000",
            "situation": "other",
            "chosen_procedures": {"fr.reunification_familiale": True},
            "sponsor_legal_status": "residence_permit",
            "__default__": "unknown",
        },
        until="guide_result",
    )
    s.action("prepare_paperwork", persistent=False)
    q = s.question()
    assert q["id"] == "nothing_to_prepare", q.get("questionText")
    assert "Aucun document à préparer" in q["questionText"] and "Retour au résultat" in q["subquestionText"]
    s.action("leave_paperwork", persistent=False)
    assert s.question()["id"] == "guide_result"
