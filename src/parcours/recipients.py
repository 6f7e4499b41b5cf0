"""Who receives a procedure's documents: a small controlled list per country.

A document in a rule file names its ``recipient``; without one it goes to the procedure's
``recipient`` (a section like ``filing``, overridable per version). A document marked
``confidential: medical`` may only go to the country's medical recipient (the OFII medical
service, the Office des étrangers' medical section): ``parcours lint`` checks it, and the packet
code refuses to put a document in another recipient's packet. Labels, in every language, are in
translations/documents/<lang>.po as ``recipient.<id>``.
"""

from __future__ import annotations

RECIPIENTS: dict[str, tuple[str, ...]] = {
    "fr": (
        "prefecture",
        "ofii",
        "ofii_medical",
        "ofpra",
        "cnda",
        "administrative_court",
        "legal_aid_office",
        "consulate",
    ),
    "be": (
        "office_etrangers",
        "office_etrangers_medical",
        "cgra",
        "cce",
        "commune",
        "embassy",
        "fedasil",
    ),
}

# The only recipient a `confidential: medical` document may have, per country.
MEDICAL = {"fr": "ofii_medical", "be": "office_etrangers_medical"}


def known(jurisdiction: str) -> tuple[str, ...]:
    return RECIPIENTS.get(jurisdiction, ())


def may_receive(recipient: str | None, document) -> bool:
    """Whether a packet for *recipient* may hold *document* (anything with .recipient, .confidential)."""
    own = getattr(document, "recipient", None)
    if getattr(document, "confidential", None) == "medical":
        return own is not None and recipient == own and recipient in MEDICAL.values()
    return own is None or recipient is None or own == recipient


def label(recipient: str, lang: str) -> str:
    """The recipient in words, in *lang* (documents catalogue: language, English, then French)."""
    from .documents import i18n

    return i18n.message(f"recipient.{recipient}", lang)


def goes_to(document, lang: str) -> str:
    """ "Goes to: <recipient>" in *lang* for a document with a recipient, else ""."""
    from .documents import i18n

    own = getattr(document, "recipient", None)
    return i18n.message("checklist.goes_to", lang, recipient=label(own, lang)) if own else ""
