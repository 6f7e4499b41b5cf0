"""Recipients (issue 16 item 3): every document names who receives it, the packet is assembled per
recipient with its own bordereau, and a medical document never enters another recipient's packet —
refused by the packet code and by `parcours lint`. Invented people only."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from doctools import REPO
from pdfs import text as pdf_text

from parcours import CaseFile, evaluate
from parcours.documents import DocumentError, Packet, packet_pdf
from parcours.documents.commands import write_documents
from parcours.lint import lint
from parcours.recipients import MEDICAL, RECIPIENTS, label

MALADE = {
    "format_version": 1,
    "jurisdiction": "fr",
    "case_id": "essai-malade-001",
    "persons": [{"id": "me", "role": "beneficiary", "given_name": "Nadia", "family_name": "Ouédraogo"}],
    "facts": {
        "titre_category": "etranger_malade",
        "residence_application_date": "2025-06-01",
        "habitual_residence_in_france": True,
        "applicant_nationality": "CM",
        "lack_of_care_exceptional_gravity": True,
        "no_effective_access_to_treatment": True,
        "public_order_threat": False,
        "medical_certificate_available_date": "2025-06-02",
    },
}


def words(pdf: bytes) -> str:
    return " ".join(pdf_text(pdf).split())


@pytest.fixture(scope="module")
def malade(rules):
    import datetime as dt

    case = CaseFile.from_dict(dict(MALADE))
    ev = evaluate(case, dt.date(2025, 6, 1), rules=rules)
    return case, ev, ev.procedure("fr.vpf_etranger_malade")


@pytest.fixture(scope="module")
def written(malade, tmp_path_factory):
    case, ev, _proc = malade
    out = tmp_path_factory.mktemp("malade")
    paths = write_documents(case, ev, "fr.vpf_etranger_malade", "ar", out, letters=[])
    return {p.name: p.read_bytes() for p in paths}


def test_every_document_of_every_procedure_names_a_known_recipient(rules):
    for procedure in rules.procedures.values():
        for version in procedure.versions:
            for doc in version.documents:
                assert doc.recipient in RECIPIENTS[procedure.jurisdiction], (procedure.id, doc.id, doc.recipient)
                if doc.confidential == "medical":
                    assert doc.recipient == MEDICAL[procedure.jurisdiction], (procedure.id, doc.id)


def test_one_packet_per_recipient_and_the_medical_certificate_only_in_the_ofii_medical_one(written):
    assert set(n for n in written if n.startswith("packet")) == {"packet.pdf", "packet.ofii_medical.pdf"}
    prefecture, medical = words(written["packet.pdf"]), words(written["packet.ofii_medical.pdf"])
    # The prefecture's packet: its recipient on the cover, the proofs of residence, no medical certificate
    # anywhere (bordereau or the checklist inside it).
    assert "Destinataire : Préfecture" in prefecture
    assert "Preuves de résidence habituelle" in prefecture
    assert "Certificat médical" not in prefecture and "secret médical" not in prefecture
    # The OFII medical service's packet: its own bordereau with the certificate, nothing else.
    assert "Service médical de l'OFII" in medical and "Pièce n° 1 Certificat médical" in medical
    assert "Preuves de résidence" not in medical and "Pièce n° 2" not in medical


def test_the_checklist_says_where_each_document_goes_in_the_persons_language(written):
    checklist = words(written["checklist.ar.pdf"])
    assert "À remettre à : Service médical de l'OFII" in checklist
    assert "À remettre à : Préfecture" in checklist
    assert label("ofii_medical", "ar").split(" ")[0] in checklist  # the Arabic column says it too


def test_the_packet_code_refuses_a_medical_document_in_another_recipients_packet(malade):
    _case, _ev, proc = malade
    certificate = next(d for d in proc.documents if d.id == "medical_certificate_ofii")
    packet = Packet(title="Carte de séjour", recipient="prefecture")
    with pytest.raises(DocumentError, match="never in the packet for prefecture"):
        packet.add_annex(certificate, "Certificat médical")
    # Slipped in behind add_annex's back: packet_pdf checks again before assembling anything.
    packet.annex_documents.append(certificate)
    packet.annexes.append("Certificat médical")
    with pytest.raises(DocumentError, match="ofii_medical"):
        packet_pdf(packet)
    # A packet that names no recipient never takes a medical document either.
    with pytest.raises(DocumentError):
        Packet(title="x").add_annex(certificate, "Certificat médical")


@pytest.mark.parametrize(
    "edit, expected",
    [
        ("recipient: ofii_medical\n", "a medical document may only go to ofii_medical, not prefecture"),
        ("recipient: ofii_medical\n", None),
    ],
    ids=["medical-to-prefecture", "as-written"],
)
def test_lint_refuses_a_medical_document_for_another_recipient(tmp_path, edit, expected):
    rules = tmp_path / "rules"
    shutil.copytree(REPO / "rules", rules)
    path = rules / "fr" / "residence" / "vpf_etranger_malade.yaml"
    text = path.read_text(encoding="utf-8")
    assert edit in text
    if expected:
        path.write_text(text.replace(edit, "recipient: prefecture\n", 1), encoding="utf-8")
    _rules, items = lint(rules)
    found = [d for d in items if d.severity == "error" and "medical" in d.message]
    if expected:
        assert found and expected in found[0].message and Path(found[0].file).name == "vpf_etranger_malade.yaml"
    else:
        assert not found


def test_lint_refuses_a_recipient_of_the_other_country(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(REPO / "rules", rules)
    path = rules / "fr" / "residence" / "vpf_etranger_malade.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("recipient: prefecture ", "recipient: commune ", 1), encoding="utf-8"
    )
    _rules, items = lint(rules)
    assert any("recipient 'commune' is not a fr recipient" in d.message for d in items if d.severity == "error")
