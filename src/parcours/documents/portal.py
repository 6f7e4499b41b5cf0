"""Portal-ready packs: what an online filing portal accepts, made from the case's documents.

For a "pieces" portal (ANEF, Télérecours citoyens): one PDF per piece, named with its number and an
explicit title ("03 - Justificatif de domicile.pdf"), and an inventory (a PDF listing the pieces,
their file names, sizes and what is still to scan), all in one ZIP. Each file is checked against the
portal's limits (size, format, no password): a problem is a sentence naming the piece and the limit.
For a "datasheet" portal (Visa on Web), a PDF with the answers the online form asks that the case holds.

The portals, their limits, sources and the procedures filed there are in ONE data file,
``templates/portals.yaml``; a limit not verified on the portal's own page is ``to_verify`` with the
reason, and the inventory says so.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache

import yaml

from .. import i18n as texts
from . import i18n
from .html import html_to_pdf, page, render
from .paths import templates_dir

MB = 1024 * 1024
# What a file's first bytes say it is (the portal checks the content, not only the name).
MAGIC = {
    "pdf": (b"%PDF-",),
    "doc": (b"\xd0\xcf\x11\xe0",),
    "docx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "rtf": (b"{\\rtf",),
    "jpg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG",),
}


@lru_cache(maxsize=2)
def portals(root: str | None = None) -> dict:
    path = (templates_dir() if root is None else root) / "portals.yaml"
    return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("portals") or {}


def portal_for(procedure_id: str) -> tuple[str, dict] | None:
    """(portal id, its entry) for a procedure filed through an online portal, else None."""
    for portal_id, spec in portals().items():
        if procedure_id in (spec.get("procedures") or ()):
            return portal_id, spec
    return None


def file_name(number: int, title: str, spec: dict, extension: str = "pdf") -> str:
    """'03 - Justificatif de domicile.pdf': the number, then the title with no character a portal or a
    file system refuses (no '/', '.', '%', '&'...); plain letters where the portal asks for them."""
    title = " ".join(str(title).split())
    if spec.get("ascii_names"):
        title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    title = re.sub(r"[^\w \-'()]+", " ", title, flags=re.UNICODE)
    title = " ".join(title.replace("_", " ").split())[:80].rstrip(" -") or "Piece"
    return f"{number:02d} - {title}.{extension}"


def _mb(size: int) -> str:
    return f"{size / MB:.1f}".replace(".", ",")


def _size(size: int) -> str:
    """'30,0 Mo', or '12 ko' under a tenth of a megabyte (never '0,0 Mo')."""
    return f"{_mb(size)} Mo" if size >= MB / 10 else f"{max(1, round(size / 1024))} ko"


def _format(data: bytes) -> str | None:
    for name, starts in MAGIC.items():
        if any(data.startswith(s) for s in starts):
            return name
    return None


def _encrypted(data: bytes) -> bool:
    from pypdf import PdfReader

    try:
        return PdfReader(io.BytesIO(data)).is_encrypted
    except Exception:  # noqa: BLE001 - an unreadable PDF: the format check says what is wrong
        return False


def check(spec: dict, title: str, data: bytes, lang: str = "fr") -> list[str]:
    """What the portal would refuse in this piece, each a sentence naming the piece and the limit."""
    name = spec.get("name", "")
    problems = []
    limit = spec.get("max_file_mb")
    if limit and len(data) > limit * MB:
        problems.append(
            texts.ui("paperwork.portal.too_large", lang, piece=title, size=_mb(len(data)), portal=name, limit=limit)
        )
    kind = _format(data)
    formats = spec.get("formats") or ["pdf"]
    if kind not in formats or (kind in ("docx", "odt") and not _zip_kind(data, kind)):
        problems.append(
            texts.ui(
                "paperwork.portal.bad_format",
                lang,
                piece=title,
                portal=name,
                formats=", ".join(f.upper() for f in formats),
            )
        )
    elif kind == "pdf" and spec.get("password_protected") == "refused" and _encrypted(data):
        problems.append(texts.ui("paperwork.portal.protected", lang, piece=title, portal=name))
    return problems


def _zip_kind(data: bytes, kind: str) -> bool:
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except zipfile.BadZipFile:
        return False
    return ("word/document.xml" in names) if kind == "docx" else ("content.xml" in names)


@dataclass
class Piece:
    number: int
    title: str
    file: str
    data: bytes | None = None  # None: the person scans it and files it under this name
    problems: list[str] = field(default_factory=list)


@dataclass
class Pack:
    portal_id: str
    spec: dict
    pieces: list[Piece]

    @property
    def problems(self) -> list[str]:
        return [p for piece in self.pieces for p in piece.problems]


def make_pack(portal_id: str, letters: list, documents: list, admin: str = "fr", scans: dict | None = None) -> Pack:
    """*letters*: (title, PDF bytes) in filing order (the request first); *documents*: the procedure's
    documents for this recipient (label, id); *scans*: document id -> bytes the person gave for it."""
    spec = portals()[portal_id]
    scans = scans or {}
    pieces: list[Piece] = []
    for title, pdf in letters:
        n = len(pieces) + 1
        pieces.append(Piece(n, title, file_name(n, title, spec), pdf))
    for doc in documents:
        n = len(pieces) + 1
        title = texts.rule_text(doc.label, admin) or doc.id
        data = scans.get(doc.id)
        kind = (_format(data) if data else None) or "pdf"
        pieces.append(Piece(n, title, file_name(n, title, spec, kind if kind in MAGIC else "pdf"), data))
    for piece in pieces:
        if piece.data is not None:
            piece.problems = check(spec, piece.title, piece.data, admin if admin in ("fr", "nl") else "fr")
    return Pack(portal_id, spec, pieces)


def inventory_pdf(pack: Pack, admin: str = "fr", person: str = "") -> bytes:
    spec = pack.spec
    words = lambda key, **v: i18n.message(f"admin.portal.{key}", admin, **v)  # noqa: E731
    rows = [
        {
            "number": p.number,
            "title": p.title,
            "file": p.file,
            "size": _size(len(p.data)) if p.data is not None else words("to_scan"),
            "problems": p.problems,
        }
        for p in pack.pieces
    ]
    reason = (spec.get("verify_reason") or {}).get(admin) or (spec.get("verify_reason") or {}).get("fr")
    body = render(
        "portal_inventory.html",
        lang=admin,
        heading=words("inventory", portal=spec.get("name", "")),
        person=person,
        intro=words("intro", portal=spec.get("name", "")),
        head_file=words("file"),
        head_size=words("size"),
        rows=rows,
        limits=words(
            "limits",
            limit=spec.get("max_file_mb"),
            formats=", ".join(f.upper() for f in spec.get("formats") or ["pdf"]),
        ),
        to_verify=words("to_verify", reason=reason) if spec.get("status") == "to_verify" and reason else "",
        sources=[s.get("title", "") for s in spec.get("sources") or ()],
        sources_head=words("sources"),
    )
    return html_to_pdf(page(body, admin, words("inventory", portal=spec.get("name", ""))))


def pack_zip(pack: Pack, admin: str = "fr", person: str = "") -> bytes:
    """The ZIP the person uploads from: the inventory first, then one file per piece already made."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        inventory = i18n.message("admin.portal.inventory_file", admin)
        z.writestr(f"00 - {inventory}.pdf", inventory_pdf(pack, admin, person))
        for piece in pack.pieces:
            if piece.data is not None:
                z.writestr(piece.file, piece.data)
    return out.getvalue()


def problems_in_zip(data: bytes, portal_id: str, lang: str = "fr") -> list[str]:
    """The portal's objections to the pieces of a pack already made (each named by its title)."""
    spec = portals()[portal_id]
    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist()[1:]:  # the inventory first
            title = name.split(" - ", 1)[-1].rsplit(".", 1)[0]
            out.extend(check(spec, title, z.read(name), lang))
    return out


def _person_value(person, key: str, lang: str) -> str:
    from .context import country_name
    from .wording import date_words

    if person is None:
        return ""
    if key == "name":
        return " ".join(x for x in (person.given_name, person.family_name) if x)
    if key == "role":
        return i18n.message(f"admin.role.{person.role}", lang) if i18n.has(f"admin.role.{person.role}", lang) else ""
    value = getattr(person, key, None) if hasattr(person, key) else person.facts.get(key)
    if key == "nationality":
        return country_name(value, lang) if value else ""
    if key == "birth_date":
        return date_words(value, lang) if value else ""
    return "" if value in (None, "") else str(value)


def datasheet_pdf(portal_id: str, case, rules=None, admin: str = "fr") -> bytes:
    """The answers the portal's form asks that the case holds, one block per family member who applies."""
    spec = portals()[portal_id]
    lang = admin if admin in ("fr", "nl") else "fr"
    words = lambda key, **v: i18n.message(f"admin.datasheet.{key}", lang, **v)  # noqa: E731
    sponsors = [p for p in case.persons if p.role in ("sponsor", "beneficiary")]
    applicants = [p for p in case.persons if p.role not in ("sponsor", "beneficiary")] or sponsors[:1]
    facts = {}
    if rules is not None and case.jurisdiction in rules.facts:
        facts = rules.facts[case.jurisdiction].facts
    blocks = []
    for person in applicants:
        rows = []
        for q in spec.get("questions") or ():
            label = q["label"].get(lang) or q["label"]["fr"]
            if "person" in q:
                value = _person_value(person, q["person"], lang)
            elif "sponsor" in q:
                value = _person_value(sponsors[0] if sponsors else None, q["sponsor"], lang)
            elif "fact" in q:
                raw = case.facts.get(q["fact"])
                fact = facts.get(q["fact"])
                value = texts.choice(fact.question, raw, lang) if raw not in (None, "") and fact is not None else ""
            else:
                value = q["text"].get(lang) or q["text"]["fr"]
            rows.append({"label": label, "value": value or words("missing")})
        blocks.append({"name": _person_value(person, "name", lang) or words("applicant"), "rows": rows})
    reason = (spec.get("verify_reason") or {}).get(lang) or (spec.get("verify_reason") or {}).get("fr")
    body = render(
        "datasheet.html",
        lang=lang,
        heading=words("title", portal=spec.get("name", "")),
        intro=words("intro"),
        blocks=blocks,
        to_verify=i18n.message("admin.portal.to_verify", lang, reason=reason) if reason else "",
    )
    return html_to_pdf(page(body, lang, words("title", portal=spec.get("name", ""))))
