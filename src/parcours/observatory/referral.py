"""Referrals ("saisines") drafted from testimonies, to every body in ``templates/referrals/``: the
Défenseur des droits (security-force conduct, rights of the child, public services), the Contrôleur
général des lieux de privation de liberté, UN special procedures.

    from parcours.observatory.referral import draft, render_docx
    ctx = draft("dd_deontologie", records, "collective", party={...}, signatory="...", today=...)
    docx = render_docx(ctx)          # then parcours.documents.to_pdf([docx])

Two routes. **Individual**: one testimony whose consent is ``identified_referral``; the person
refers as victim or witness (for security-force conduct, victims, heirs and witnesses may refer),
named with their address, the event with its time. **Collective**: N testimonies whose consent
allows anonymised use, referred by the association (identified: name and address); each
testimony appears anonymised (``parcours.observatory.anonymised``: the day without the time, no
name, no witness detail, no attachment) in a numbered annex. A testimony whose consent forbids
identity is refused on the individual route with the collective route proposed; an ``internal``
one is refused on both.

Each referral body is declared in ``templates/referrals/<id>.yaml`` beside its DOCX template: the
recipient and the *elements* its body requires (what happened, when, where, which authority, the
referring party's name and address, the date, the signature block, the annex list), each with the
context path that carries it. ``check`` refuses a drafted referral missing an element, naming it;
``check_templates`` (run by ``parcours lint``) refuses a template that does not print one.

What differs between bodies is data in their YAML, never a branch here: an element may hold only on
one route (``route: individual``: the victim's consent date for a UN communication); an element's
path may ask every testimony to carry an act (``facts.has.minors_involved``: rights of the child;
``facts.has.detention``: the CGLPL); ``individual_party: association`` keeps the association as the
referring party (the *source*) on the individual route, the person being named as the victim.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..documents.paths import templates_dir
from ..errors import Diagnostic, diag
from . import ObservatoryError, Testimony, anonymised, label, place_name, require, when

KINDS = ("individual", "collective")
PARTIES = ("person", "association")  # who refers on the individual route
DEFAULT_BODY = "dd_deontologie"
MAX_RECORDS = 200
MONTHS = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()


class ReferralIncomplete(ObservatoryError):
    """A referral missing an element its body requires; ``element`` is its French name."""

    def __init__(self, element_id: str, element: str):
        super().__init__("referral", "referral_missing", element=element)
        self.element_id = element_id


@dataclass(frozen=True)
class Element:
    id: str
    fr: str
    path: str  # a context path: "party.address", "facts.when" (every item of the list)
    route: str = ""  # "individual" or "collective": required on that route only; "" on both


@dataclass(frozen=True)
class Body:
    id: str
    title: str
    recipient: tuple[str, ...]
    elements: tuple[Element, ...]
    file: Path
    individual_party: str = "person"
    file_name: str = ""  # the download's name without date and extension

    @property
    def template(self) -> Path:
        return self.file.with_suffix(".docx")


def referrals_dir(root: Path | None = None) -> Path:
    return (root or templates_dir()) / "referrals"


def load_body(body_id: str, root: Path | None = None) -> Body:
    path = referrals_dir(root) / f"{body_id}.yaml"
    if not body_id.replace("_", "").isalnum() or not path.is_file():
        raise ValueError(f"no referral body {body_id!r} in {referrals_dir(root)}")
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if doc.get("kind") != "referral" or doc.get("id") != body_id:
        raise ValueError(f"{path}: needs kind: referral and id: {body_id}")
    elements = tuple(
        Element(str(e["id"]), str(e["fr"]), str(e["path"]), str(e.get("route") or ""))
        for e in doc.get("elements") or ()
    )
    for e in elements:
        if e.route and e.route not in KINDS:
            raise ValueError(f"{path}: element {e.id}: route is one of {', '.join(KINDS)}")
    party = str(doc.get("individual_party") or "person")
    if party not in PARTIES:
        raise ValueError(f"{path}: individual_party is one of {', '.join(PARTIES)}")
    return Body(
        body_id,
        str(doc.get("title") or ""),
        tuple(doc.get("recipient") or ()),
        elements,
        path,
        party,
        str(doc.get("file_name") or f"saisine-{body_id.replace('_', '-')}"),
    )


def body_ids(root: Path | None = None) -> list[str]:
    folder = referrals_dir(root)
    return sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []


def french_date(day: dt.date) -> str:
    return f"{day.day}{'er' if day.day == 1 else ''} {MONTHS[day.month - 1]} {day.year}"


def people_words(count, concerned: bool = False) -> str:
    """A number of people in French words agreeing with it: "1 personne", "12 personnes concernées"."""
    n = int(count)
    words = f"{n} personne{'s' if n > 1 else ''}"
    return words + (f" concernée{'s' if n > 1 else ''}" if concerned else "")


def _fact(record: Testimony, number: int, identified: bool) -> dict:
    # ``has``: the acts by code, so that a body can require one of every testimony (its label printed)
    has = {code: label("acts", code) for code in record.acts}
    if identified:
        return {
            "has": has,
            "number": number,
            "when": when(record, exact=True),
            "place": place_name(record.place),
            "authorities": ", ".join(label("authorities", a) for a in record.authorities),
            "acts": ", ".join(label("acts", a) for a in record.acts),
            "people": record.people,
            "people_words": people_words(record.people, concerned=True),
            "summary": record.summary_fr,
        }
    a = anonymised(record)
    return {
        "has": has,
        "number": number,
        "when": a["when"],
        "place": a["place"],
        "authorities": ", ".join(a["authorities"]),
        "acts": ", ".join(a["acts"]),
        "people": a["people"],
        "people_words": people_words(a["people"], concerned=True),
        "summary": a["summary"],
    }


def draft(
    body_id: str,
    records: list[Testimony],
    kind: str,
    *,
    party: dict | None = None,
    signatory: str = "",
    place_signed: str = "",
    earlier_steps: str = "",
    steps_dates: str = "",
    steps_answer: str = "",
    deprivation_place: str = "",
    today: dt.date | None = None,
    root: Path | None = None,
) -> dict:
    """The referral's context (what the template prints), consent enforced for every record and
    every required element checked (ReferralIncomplete naming the first one missing).

    *earlier_steps*, *steps_dates*, *steps_answer*: the steps already taken with the administration
    or at national level, when, and the answer (or that none came); *deprivation_place*: where
    liberty was taken (a CRA, a police station, a waiting zone)."""
    body = load_body(body_id, root)
    today = today or dt.date.today()
    if kind not in KINDS:
        raise ObservatoryError("referral_kind", "not_offered")
    if not records:
        raise ObservatoryError("records", "missing")
    if len(records) > MAX_RECORDS:
        raise ObservatoryError("records", "too_many", max=MAX_RECORDS)
    records = sorted(records, key=lambda r: (r.date, r.time or ""))
    party = dict(party or {})
    association = {"name": party.get("name", ""), "address": party.get("address", ""), "quality": "association"}
    consent = {}
    if kind == "individual":
        if len(records) != 1:
            raise ObservatoryError("records", "too_many", max=1)
        (record,) = records
        require(record, "individual_referral")  # consent_not_identified proposes the collective route
        quality = "victime" if record.person_name else "témoin"
        if body.individual_party == "association":  # the association is the source, the person the victim
            party = dict(association, association="")
        else:
            party = {
                "name": record.person_name,
                "address": record.person_address,
                "quality": quality,
                "association": party.get("name", ""),
            }
        victims = record.person_name
        consent = {"date": french_date(dt.date.fromisoformat(record.consents[-1].date))}
        facts = [_fact(record, 1, identified=True)]
        annexes = [{"number": n, "label": _attachment_label(a.kind, n)} for n, a in enumerate(record.attachments, 1)]
        if not annexes:
            annexes = [{"number": 1, "label": "Récit du témoignage (résumé en français ci-dessus)"}]
        signatory = signatory or (record.person_name if body.individual_party == "person" else "")
    else:
        for record in records:
            require(record, "collective_referral")
        party = dict(association, association="")
        facts = [_fact(r, n, identified=False) for n, r in enumerate(records, 1)]
        annexes = [
            {"number": f["number"], "label": f"Témoignage anonymisé n° {f['number']} — {f['when']}, {f['place']}"}
            for f in facts
        ]
    first, last = records[0].date, max(r.end_date or r.date for r in records)
    if kind == "collective":
        total = sum(int(f["people"]) for f in facts)
        victims = f"un groupe de {total} personne{'s' if total > 1 else ''}, non nommée{'s' if total > 1 else ''}"
    context = {
        "body": body_id,
        "kind": kind,
        "collective": kind == "collective",
        "title": body.title,
        "recipient_lines": list(body.recipient),
        "party": dict(party, address_lines=[line for line in party["address"].splitlines() if line.strip()]),
        "facts": facts,
        "count": len(facts),
        "people": sum(int(f["people"]) for f in facts),
        "people_words": people_words(sum(int(f["people"]) for f in facts)),
        "period": f"du {french_date(first)} au {french_date(last)}" if first != last else f"le {french_date(first)}",
        "earlier_steps": earlier_steps.strip(),
        "steps": {"what": earlier_steps.strip(), "dates": steps_dates.strip(), "answer": steps_answer.strip()},
        "deprivation": {"place": deprivation_place.strip()},
        "victims": victims,
        "consent": consent,
        "annexes": annexes,
        "date": french_date(today),
        "place_signed": place_signed.strip(),
        "signature": {"name": signatory.strip()},
    }
    check(body, context)
    return context


def _attachment_label(kind: str, n: int) -> str:
    from .. import i18n

    return f"{i18n.ui(f'observatory.attachment.{kind}', 'fr')} n° {n}"


def _values(context: dict, path: str) -> list:
    """Every value at a dotted path; a list on the way gives one value per item."""
    values = [context]
    for part in path.split("."):
        nxt = []
        for v in values:
            v = v.get(part) if isinstance(v, dict) else None
            if isinstance(v, list) and part != path.split(".")[-1]:
                nxt.extend(v)
            else:
                nxt.append(v)
        values = nxt
    return values


def _filled(value) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, dict)):
        return bool(value)
    return value is not None


def check(body: Body, context: dict) -> None:
    """ReferralIncomplete naming the first element the body requires that the referral lacks."""
    for element in body.elements:
        if element.route and element.route != context.get("kind"):
            continue
        values = _values(context, element.path)
        if not values or not all(_filled(v) for v in values):
            raise ReferralIncomplete(element.id, element.fr)


def render_docx(context: dict, body_id: str | None = None, root: Path | None = None) -> bytes:
    from docxtpl import DocxTemplate

    body = load_body(body_id or context.get("body") or DEFAULT_BODY, root)
    check(body, context)  # never print an incomplete referral, whoever built the context
    template = DocxTemplate(str(body.template))
    template.render(context, autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


# ----------------------------------------------------------------------------- lint


def printed_paths(path: Path) -> set[str]:
    """Dotted paths a template prints: ``party.name``, and ``facts.when`` for ``fact.when`` inside
    ``{%p for fact in facts %}``."""
    import jinja2
    from jinja2 import nodes

    from ..documents.template_check import _DOCXTPL_TAG, paragraphs

    source = "\n".join(_DOCXTPL_TAG.sub(r"{\1 ", text) for text in paragraphs(path))
    tree = jinja2.Environment().parse(source)
    loops = {
        f.target.name: f.iter.name
        for f in tree.find_all(nodes.For)
        if isinstance(f.target, nodes.Name) and isinstance(f.iter, nodes.Name)
    }
    out: set[str] = set()

    def dotted(node) -> str | None:
        if isinstance(node, nodes.Name):
            return loops.get(node.name, node.name)
        if isinstance(node, nodes.Getattr):
            base = dotted(node.node)
            return f"{base}.{node.attr}" if base else None
        return None

    for node in tree.find_all((nodes.Name, nodes.Getattr)):
        name = dotted(node)
        if name:
            out.add(name)
            parts = name.split(".")
            out.update(".".join(parts[:i]) for i in range(1, len(parts)))
    return out


def check_templates(root: Path | None = None) -> list[Diagnostic]:
    """For ``parcours lint``: every referral body's template prints every element it requires."""
    out: list[Diagnostic] = []
    for body_id in body_ids(root):
        try:
            body = load_body(body_id, root)
        except (ValueError, KeyError, TypeError) as exc:
            out.append(
                diag(referrals_dir(root) / f"{body_id}.yaml", None, str(exc), "see templates/referrals/README.md")
            )
            continue
        if not body.template.is_file():
            out.append(diag(body.template, None, f"{body_id}: template file missing", "create it in Word"))
            continue
        try:
            printed = printed_paths(body.template)
        except Exception as exc:  # noqa: BLE001 - a broken template: said, not raised
            out.append(diag(body.template, None, f"{body_id}: the template cannot be read ({exc})", "open it in Word"))
            continue
        for element in body.elements:
            if element.path not in printed:
                out.append(
                    diag(
                        body.template,
                        None,
                        f"{body_id}: the referral does not print {element.fr!r} ({element.id}: {element.path})",
                        f"write {{{{ {element.path} }}}} in the template (inside the loop for a list)",
                    )
                )
    return out


# ----------------------------------------------------------------------------- what a lawyer must check


@dataclass(frozen=True)
class VerifyMark:
    text: str  # what the letter states (French)
    reason: str  # why it is unsure, in French for the coordination ("" when only the English one is written)
    source: str


def verify_marks(body_id: str, root: Path | None = None) -> list[VerifyMark]:
    """The body's ``legal_basis`` items marked ``status: to_verify``, for the referral screen: the
    coordination sees what a lawyer must confirm before sending. ``reason_fr`` is shown; ``reason``
    (English, for the legal team) never is."""
    path = referrals_dir(root) / f"{body_id}.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [
        VerifyMark(str(item.get("text") or ""), str(item.get("reason_fr") or ""), str(item.get("source") or ""))
        for item in doc.get("legal_basis") or ()
        if isinstance(item, dict) and item.get("status") == "to_verify" and item.get("text")
    ]
