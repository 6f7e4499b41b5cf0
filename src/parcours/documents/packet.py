"""The form packet: one PDF with a cover sheet and table of contents, the letters, the sworn
statements, the numbered list of enclosures (bordereau de pièces), the checklist and the forms.

A packet is for one recipient (parcours.recipients): its bordereau lists only the documents that
recipient may receive — a medical certificate never enters the prefecture's packet (add_annex refuses
it, and packet_pdf checks again).

Every part gets a PDF bookmark (outline entry) under its section, so the packet can be
navigated in any PDF reader; the table of contents on the cover gives the page numbers.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from .. import recipients
from . import i18n
from .errors import DocumentError
from .html import document_lang, html_to_pdf, page, render
from .wording import date_words

SECTIONS = ("letters", "statements", "annexes", "checklist", "forms")


@dataclass
class PacketPart:
    section: str  # one of SECTIONS
    title: str
    pdf: bytes


@dataclass
class Packet:
    title: str
    person_lang: str = "fr"
    admin_lang: str = "fr"
    prepared_for: str = ""
    as_of: dt.date | None = None
    parts: list[PacketPart] = field(default_factory=list)
    annexes: list[str] = field(default_factory=list)  # the bordereau, in filing order
    recipient: str | None = None  # who receives this packet (parcours.recipients); None: not said
    annex_documents: list = field(default_factory=list)  # the rule documents behind add_annex()

    def add_annex(self, document, label: str) -> None:
        """Add a procedure document (anything with .id, .recipient, .confidential) to the bordereau."""
        _check(self, document)
        self.annex_documents.append(document)
        self.annexes.append(label)

    def add(self, section: str, title: str, pdf: bytes) -> None:
        if section not in SECTIONS:
            raise ValueError(f"unknown packet section {section!r} (use one of {', '.join(SECTIONS)})")
        self.parts.append(PacketPart(section, title, pdf))


def _check(packet: Packet, document) -> None:
    if not recipients.may_receive(packet.recipient, document):
        raise DocumentError.one(
            getattr(document, "id", "?"),
            f"document {getattr(document, 'id', '?')!r} goes to {getattr(document, 'recipient', None)}, "
            f"never in the packet for {packet.recipient}",
            "assemble one packet per recipient (documents.commands.write_documents)",
        )


def _pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def bordereau_pdf(annexes: list[str], lang: str = "fr", person: str = "") -> bytes:
    """The numbered list of enclosures (bordereau de pièces) as a one-page PDF."""
    lang = document_lang(lang)
    word = "Pièce n°" if lang == "fr" else ("Stuk nr." if lang == "nl" else "No.")
    body = render(
        "bordereau.html",
        lang=lang,
        heading=i18n.message("packet.annexes", lang),
        person=person,
        intro=i18n.message("packet.annex_intro", lang),
        word=word,
        annexes=annexes,
    )
    return html_to_pdf(page(body, lang))


def _ordered(packet: Packet) -> list[PacketPart]:
    parts = [p for p in packet.parts if p.section != "annexes"]
    if packet.annexes:
        parts.append(
            PacketPart(
                "annexes",
                i18n.message("packet.annexes", packet.admin_lang),
                bordereau_pdf(packet.annexes, packet.admin_lang, packet.prepared_for),
            )
        )
    return sorted(parts, key=lambda p: SECTIONS.index(p.section))


def _cover(packet: Packet, parts: list[PacketPart], first_pages: list[int]) -> bytes:
    admin, person = document_lang(packet.admin_lang), document_lang(packet.person_lang)
    rows, last = [], None
    for part, start in zip(parts, first_pages):
        new = part.section != last
        rows.append(
            {
                "section": i18n.message("packet." + part.section, admin) if new else "",
                "person_section": i18n.message("packet." + part.section, person) if new and person != admin else "",
                "title": part.title,
                "start": start,
            }
        )
        last = part.section
    when = date_words(packet.as_of or dt.date.today(), admin if admin in ("fr", "nl") else "en")
    body = render(
        "packet_cover.html",
        heading=i18n.message("packet.title", admin),
        title=packet.title,
        prepared_for=packet.prepared_for,
        prepared_for_head=i18n.message("packet.prepared_for", admin),
        when=when,
        contents=i18n.message("packet.contents", admin),
        rows=rows,
        recipient=recipients.label(packet.recipient, admin) if packet.recipient else "",
        recipient_head=i18n.message("packet.recipient", admin),
        person_lang=person,
        page_word=i18n.message("packet.page", admin),
    )
    return html_to_pdf(page(body, admin))


def packet_pdf(packet: Packet) -> bytes:
    """Assemble the packet with pypdf: cover + contents, then each part, with bookmarks."""
    from pypdf import PdfReader, PdfWriter

    for document in packet.annex_documents:  # a bordereau filled by hand is checked all the same
        _check(packet, document)
    parts = _ordered(packet)
    counts = [_pages(p.pdf) for p in parts]
    cover_pages = 1
    for _ in range(3):  # the contents may push the cover to a second page: settle the numbering
        starts, n = [], cover_pages + 1
        for c in counts:
            starts.append(n)
            n += c
        cover = _cover(packet, parts, starts)
        if _pages(cover) == cover_pages:
            break
        cover_pages = _pages(cover)
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(cover)), import_outline=False)
    writer.add_outline_item(title=i18n.message("packet.contents", packet.admin_lang), page_number=0)
    parents = {}
    for part, start in zip(parts, starts):
        writer.append(PdfReader(io.BytesIO(part.pdf)), import_outline=False)
        if part.section not in parents:
            parents[part.section] = writer.add_outline_item(
                title=i18n.message("packet." + part.section, packet.admin_lang), page_number=start - 1
            )
        writer.add_outline_item(title=part.title, page_number=start - 1, parent=parents[part.section])
    writer.add_metadata(
        {"/Title": f"{i18n.message('packet.title', packet.admin_lang)} — {packet.title}", "/Producer": "parcours"}
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
