"""Portal-ready packs (issue 16 item 4): for ANEF and Télérecours citoyens, one PDF per piece with a
numbered explicit title, an inventory, each file checked against the portal's limits (size, format,
no password) stated in templates/portals.yaml; for Visa on Web, a data sheet with the answers the
case holds. Hostile: a 30 MB scan, a PDF over the limit, a password-protected PDF, an image passed
off as a PDF are flagged naming the piece and the limit. Invented people only."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from pdfs import text as pdf_text
from pypdf import PdfReader, PdfWriter
from test_recipients import MALADE, words

from parcours import CaseFile, evaluate
from parcours.documents.commands import write_documents
from parcours.documents.portal import MB, file_name, make_pack, pack_zip, portal_for, portals


def _pdf(pages: int = 1, padding: int = 0, password: str | None = None) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if padding:  # an uncompressed scan's weight, as an attachment the portal counts in the size
        writer.add_attachment("scan.bin", b"\0" * padding)
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def malade_proc(rules):
    ev = evaluate(CaseFile.from_dict(dict(MALADE)), dt.date(2025, 6, 1), rules=rules)
    return ev.procedure("fr.vpf_etranger_malade")


@pytest.fixture(scope="module")
def anef(rules, tmp_path_factory):
    case = CaseFile.from_dict(dict(MALADE))
    ev = evaluate(case, dt.date(2025, 6, 1), rules=rules)
    out = tmp_path_factory.mktemp("anef")
    paths = write_documents(case, ev, "fr.vpf_etranger_malade", "fr", out, letters=["fr_appointment_request"])
    return {p.name: p.read_bytes() for p in paths}


def test_every_portal_states_its_limits_with_a_source_and_a_reason_when_unverified():
    for portal_id, spec in portals().items():
        assert spec["sources"] and all(s["url"].startswith("http") for s in spec["sources"]), portal_id
        if spec.get("status") == "to_verify":
            assert spec["verify_reason"]["fr"] and spec["verify_reason"]["en"], portal_id
        if spec["kind"] == "pieces":
            assert spec["max_file_mb"] > 0 and spec["formats"] and spec["password_protected"] == "refused"
    assert portal_for("fr.titre_renewal")[0] == "anef"
    assert portal_for("fr.refusal_litigation")[0] == "telerecours"
    assert portal_for("be.family_reunification_art10")[0] == "visa_on_web"


def test_the_anef_pack_one_numbered_pdf_per_piece_and_an_inventory_never_the_medical_certificate(anef):
    pack = zipfile.ZipFile(io.BytesIO(anef["portal.anef.zip"]))
    names = pack.namelist()
    assert names[0] == "00 - Inventaire des pieces.pdf"
    assert names[1].startswith("01 - Demande de rendez-vous") and names[1].endswith(".pdf"), names
    for name in names:
        data = pack.read(name)
        assert data.startswith(b"%PDF-") and len(data) <= 2 * MB, name  # ANEF: PDF, 2 MB
        assert not PdfReader(io.BytesIO(data)).is_encrypted, name  # never password-protected
    inventory = words(pack.read(names[0]))
    assert "Inventaire des pièces pour ANEF" in inventory
    assert "02 - Preuves de résidence habituelle en France.pdf à numériser" in inventory
    assert "Certificat médical" not in inventory  # it goes to the OFII medical service, never here
    assert "2 Mo au plus par fichier" in inventory and "À vérifier" in inventory  # the limit is unverified


def test_file_names_are_numbered_explicit_titles_with_no_character_a_portal_refuses():
    anef, telerecours = portals()["anef"], portals()["telerecours"]
    assert file_name(3, "Justificatif de domicile", anef) == "03 - Justificatif de domicile.pdf"
    assert file_name(1, "Requête / recours n° 2.1 & <b>", telerecours) == "01 - Requete recours n 2 1 b.pdf"
    assert file_name(12, "Copie de l'acte de mariage", anef) == "12 - Copie de l'acte de mariage.pdf"
    assert len(file_name(4, "x" * 5000, anef)) < 100 and file_name(5, "../..", anef) == "05 - Piece.pdf"


@pytest.mark.parametrize(
    "scan, expected",
    [
        (
            _pdf(padding=30 * MB),
            "« Preuves de résidence habituelle en France » pèse 30,0 Mo ; ANEF accepte au plus 2 Mo",
        ),
        (_pdf(padding=3 * MB), "pèse 3,0 Mo ; ANEF accepte au plus 2 Mo par fichier"),
        (_pdf(password="secret"), "« Preuves de résidence habituelle en France » est protégé par un mot de passe"),
        (b"\xff\xd8\xff\xe0" + b"\0" * 1000, "n'est pas un fichier que ANEF accepte (formats acceptés : PDF)"),
        (b"<html><script>alert(1)</script></html>", "n'est pas un fichier que ANEF accepte"),
    ],
    ids=["30MB-scan", "over-2MB", "password", "jpeg-as-pdf", "html"],
)
def test_a_scan_the_portal_would_refuse_is_flagged_naming_the_piece_and_the_limit(malade_proc, scan, expected):
    proc = malade_proc
    prefecture = [d for d in proc.documents if d.recipient == "prefecture"]
    pack = make_pack("anef", [], prefecture, "fr", {"presence_proofs_malade": scan})
    problems = [p.replace("’", "'") for p in pack.problems]
    assert any(expected in p for p in problems), problems
    inventory = words(zipfile.ZipFile(io.BytesIO(pack_zip(pack))).read("00 - Inventaire des pieces.pdf"))
    assert expected.split(" ; ")[0].split(" est ")[0].replace("'", "’")[:30] in inventory.replace("'", "’")


def test_a_good_scan_passes_and_keeps_its_numbered_name(malade_proc):
    proc = malade_proc
    prefecture = [d for d in proc.documents if d.recipient == "prefecture"]
    pack = make_pack("anef", [("Lettre", _pdf())], prefecture, "fr", {"presence_proofs_malade": _pdf(2)})
    assert not pack.problems
    names = zipfile.ZipFile(io.BytesIO(pack_zip(pack))).namelist()
    assert names == [
        "00 - Inventaire des pieces.pdf",
        "01 - Lettre.pdf",
        "02 - Preuves de résidence habituelle en France.pdf",
    ]


def test_the_visa_on_web_data_sheet_gives_the_answers_the_case_holds(rules, tmp_path):
    case = CaseFile.from_dict(
        {
            "format_version": 1,
            "jurisdiction": "be",
            "case_id": "essai-be-rf-01",
            "persons": [
                {"id": "s", "role": "sponsor", "given_name": "Abdi", "family_name": "Farah", "nationality": "SO"},
                {
                    "id": "w",
                    "role": "spouse",
                    "given_name": "Hodan",
                    "family_name": "Warsame",
                    "birth_date": "1992-05-20",
                    "nationality": "SO",
                },
            ],
            "facts": {"sponsor_status": "refugee", "filing_place": "abroad", "administrative_language_choice": "fr"},
        }
    )
    ev = evaluate(case, dt.date(2026, 3, 2), rules=rules)
    paths = write_documents(case, ev, "be.family_reunification_art10", "so", tmp_path, letters=[])
    sheet = next(p for p in paths if p.name == "datasheet.visa_on_web.pdf")
    text = words(sheet.read_bytes())
    assert "Réponses pour le formulaire Visa on Web" in text
    assert "1. Nom(s) (nom(s) de famille) Warsame" in text and "3. Prénom(s) Hodan" in text
    assert "4. Date de naissance 20 mai 1992" in text and "Somalie" in text
    assert "13. Numéro du document de voyage à compléter" in text  # the case does not hold it
    assert "Abdi Farah" in text and "refugee" not in text and "spouse" not in text  # words, never codes
    assert "Regroupement familial (visa D)" in text and "À vérifier" in text
    assert not [p for p in paths if p.name.startswith("portal.")]  # a data sheet, not a pieces pack
    assert pdf_text(sheet.read_bytes())


def test_the_telerecours_pack_takes_text_files_and_its_own_limit(malade_proc):
    """Télérecours citoyens: 32 MB per file, PDF or text files (a DOCX is a piece as it is), plain
    letters in the file names; a 33 MB scan is flagged naming the piece and the limit."""
    import docx

    document = docx.Document()
    document.add_paragraph("Mémoire complémentaire")
    out = io.BytesIO()
    document.save(out)
    docs = [d for d in malade_proc.documents if d.recipient == "prefecture"]
    pack = make_pack("telerecours", [("Requête devant le tribunal administratif", _pdf())], docs, "fr", {})
    assert [p.file for p in pack.pieces] == [
        "01 - Requete devant le tribunal administratif.pdf",
        "02 - Preuves de residence habituelle en France.pdf",
    ]
    pack = make_pack("telerecours", [], docs, "fr", {"presence_proofs_malade": out.getvalue()})
    assert not pack.problems and pack.pieces[0].file.endswith(".docx")
    pack = make_pack("telerecours", [], docs, "fr", {"presence_proofs_malade": _pdf(padding=33 * MB)})
    assert pack.problems == [
        "« Preuves de résidence habituelle en France » pèse 33,0 Mo ; Télérecours citoyens accepte au plus 32 Mo"
        " par fichier. Réduisez-le (scan en noir et blanc, 200 ppp) avant le dépôt."
    ]
