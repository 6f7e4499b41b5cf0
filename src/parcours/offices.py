"""The competent-office directory kept by the legal team (rules/<jurisdiction>/offices.yaml):
which office handles which procedures for which place. Places are French département numbers
("59", "62", "75") or Belgian commune names ("Ixelles", "Liège"), compared without accents or case."""

from __future__ import annotations

import unicodedata


def _key(place: str) -> str:
    text = unicodedata.normalize("NFKD", str(place)).encode("ascii", "ignore").decode()
    return " ".join(text.lower().replace("-", " ").split())


def place_of(postal_code_or_name: str, jurisdiction: str) -> str:
    """A French postal code gives its département ("59000" -> "59"); anything else is a commune name."""
    raw = str(postal_code_or_name).strip()
    if jurisdiction == "fr" and raw[:2].isdigit():
        return raw[:2]
    return raw


def offices_for(rules, jurisdiction: str, place: str | None, procedure_id: str) -> list[dict]:
    """The offices that handle *procedure_id* for *place* (national offices, covering "*", included)."""
    found = []
    for office in rules.offices.get(jurisdiction, []):
        covers = {_key(c) for c in office["covers"]}
        if "*" not in covers and (place is None or _key(place_of(place, jurisdiction)) not in covers):
            continue
        if any(
            h == "*" or procedure_id == h or (h.endswith(("_", ".")) and procedure_id.startswith(h))
            for h in office["handles"]
        ):
            found.append(office)
    return found
