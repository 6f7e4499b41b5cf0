"""Helpers for the document tests: invented cases and sample field values (invented people only)."""

from __future__ import annotations

import io
from pathlib import Path

from parcours.documents import letter_fields, load_letter

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "tests" / "artifacts"

FR_CASE = {
    "format_version": 1,
    "jurisdiction": "fr",
    "case_id": "essai-fr-001",
    "persons": [
        {
            "id": "me",
            "role": "beneficiary",
            "given_name": "Amanuel",
            "family_name": "Tesfay",
            "birth_date": "1996-05-04",
            "nationality": "ER",
        },
        {
            "id": "wife",
            "role": "spouse",
            "given_name": "سلمى",
            "family_name": "Haddad",
            "birth_date": "1998-09-30",
            "nationality": "SD",
        },
    ],
    "facts": {"ofpra_decision": "rejection", "ofpra_decision_notification_date": "2025-01-31"},
}
BE_CASE = {
    "format_version": 1,
    "jurisdiction": "be",
    "case_id": "essai-be-001",
    "persons": [
        {
            "id": "me",
            "role": "beneficiary",
            "given_name": "Hodan",
            "family_name": "Warsame",
            "birth_date": "1990-01-15",
            "nationality": "SO",
        }
    ],
    "facts": {"commune_region": "brussels_capital", "brussels_language_choice": "nl"},
}
AS_OF = "2025-02-05"


def sample_fields(letter_id: str) -> dict:
    """A value for every field a letter declares (invented), by type."""
    out = {}
    for f in letter_fields(letter_id):
        if f.id in ("sender_name", "sender_birth_date", "sender_nationality", "letter_date"):
            continue  # taken from the case / the evaluation date
        if f.type == "date":
            out[f.id] = "2025-01-20"
        elif f.type == "integer":
            out[f.id] = 10
        elif f.type == "bool":
            out[f.id] = True
        elif f.type == "enum":
            out[f.id] = f.values[0]
        elif f.type == "list":
            out[f.id] = ["Attestation de l'association (pièce ajoutée)"]
        elif f.type == "area":
            out[f.id] = f"Texte {f.id} ligne 1\nTexte {f.id} ligne 2"
        else:
            out[f.id] = f"Valeur-{f.id}"
    out["sender_address"] = "c/o Association Exemple\n12 rue des Lilas\n59000 Lille"
    out["place"] = "Lille"
    out["sender_birth_place"] = "Asmara"
    spec = load_letter(letter_id)
    if spec.recipient_default:
        out.pop("recipient_address", None)
    return out


def docx_text(data: bytes) -> str:
    import docx

    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
