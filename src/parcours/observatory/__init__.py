"""Observatory of rights at the border: testimonies, their consent, and what may leave the association.

A *testimony* records one event (a day, or a day and time, or a range), at a living place of the
association's list (the outreach rounds' ``places.yaml``: the observatory watches the camps the
maraudes visit, so a camp cleared or opened is written once for both), the authorities involved
and the acts seen (``vocabulary.yaml``, which the association extends), how many people were
affected, the witnesses (how many, whether one accepts to be named, and their names then), the
testimony in the person's language with a French summary, the identity of the person when they
accept to be named, and the metadata of attached files (a photo, a medical certificate).

*Consent* is a history: each entry has a scope, a date and the volunteer who recorded it; the last
entry rules. Scopes, narrowest first: ``internal`` (stays in the association), ``anonymised_publication``
(anonymised exports, collective referrals, reports), ``identified_referral`` (also an individual
referral naming the person). Revoking is recording a narrower scope: the history keeps both.

``validate`` takes what the capture form posts and refuses, naming the field, anything no screen
offers (unknown codes, keys the form does not have, nesting, numbers out of range, text over its
length). The messages reuse the outreach form's words (``outreach.error.*``) with the observatory's
field names (``observatory.field.*``).

This module does not import docassemble (docassemble.parcours.observatory is the web side).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import uuid
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from .. import i18n, languages
from ..outreach import OTHER_LANGUAGE, places

VOCABULARY_FILE = Path(__file__).resolve().parent / "vocabulary.yaml"
CONSENTS = ("internal", "anonymised_publication", "identified_referral")
USES = {
    # what each use needs at least (the index in CONSENTS)
    "export": 1,
    "collective_referral": 1,
    "individual_referral": 2,
}
ATTACHMENT_KINDS = ("photo", "medical_certificate", "other")
# What an attachment may be, recognised by its first bytes (never by the name or the browser's word).
ATTACHMENT_TYPES = {
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "application/pdf": (b"%PDF-",),
}
MAX_ATTACHMENT = 8 * 1024 * 1024  # a phone photo or a scanned certificate
MAX_ATTACHMENTS = 6
MAX_TESTIMONY = 20_000
MAX_SUMMARY = 3_000
MAX_NAMES = 300
MAX_NAME = 120
MAX_ADDRESS = 300
MAX_PEOPLE = 2_000  # an eviction of a whole camp
MAX_WITNESSES = 200
FORM_KEYS = {
    "id",
    "date",
    "time",
    "end_date",
    "end_time",
    "place",
    "authorities",
    "acts",
    "people",
    "witnesses",
    "witness_named",
    "witness_names",
    "testimony",
    "testimony_language",
    "summary_fr",
    "person_name",
    "person_address",
    "consent",
}
MULTI = ("authorities", "acts")
_CODE = re.compile(r"^[a-z0-9_]{1,60}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class ObservatoryError(ValueError):
    """A refusal naming the field (``observatory.field.*``) and the reason (``outreach.error.*`` or
    ``observatory.error.*``); the message never quotes the refused value."""

    def __init__(self, field_name: str, code: str, **params):
        super().__init__(f"{field_name}: {code}")
        self.field = field_name
        self.code = code
        self.params = params

    def message(self, lang: str = "fr") -> str:
        prefix = "observatory" if self.code.startswith(("consent_", "file_", "referral_", "summary_")) else "outreach"
        params = dict(self.params)
        if "source" in params:  # another field named in the message (where a name was found)
            params["source"] = i18n.ui(f"observatory.field.{params['source']}", lang)
        return i18n.ui(
            f"{prefix}.error.{self.code}", lang, field=i18n.ui(f"observatory.field.{self.field}", lang), **params
        )


class ConsentRefused(ObservatoryError):
    """What the record's consent does not allow; ``code`` says which way is still open."""


# ----------------------------------------------------------------------------- vocabulary


@dataclass(frozen=True)
class Term:
    id: str
    fr: str
    en: str

    def label(self, lang: str) -> str:
        return self.fr if lang == "fr" else self.en


def vocabulary_path() -> Path:
    return Path(os.environ.get("PARCOURS_OBSERVATORY_VOCABULARY") or VOCABULARY_FILE)


@lru_cache(maxsize=4)
def _vocabulary(path: str, mtime: float) -> dict[str, dict[str, Term]]:
    doc = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    if doc.get("kind") != "observatory_vocabulary":
        raise ValueError(f"{path}: not an observatory vocabulary (kind: observatory_vocabulary)")
    out: dict[str, dict[str, Term]] = {}
    for section in ("authorities", "acts"):
        items = doc.get(section)
        if not isinstance(items, list) or not items:
            raise ValueError(f"{path}: {section}: needs a list of {{id, fr, en}}")
        terms: dict[str, Term] = {}
        for n, item in enumerate(items, 1):
            tid, fr, en = (str((item or {}).get(k) or "") for k in ("id", "fr", "en"))
            if not _CODE.match(tid) or not fr or not en or tid in terms:
                raise ValueError(f"{path}: {section} {n} needs a new id (a-z, 0-9, _), a fr and an en label")
            terms[tid] = Term(tid, fr, en)
        out[section] = terms
    return out


def vocabulary() -> dict[str, dict[str, Term]]:
    path = vocabulary_path()
    return _vocabulary(str(path), path.stat().st_mtime)


def language_codes() -> list[str]:
    return [lang.code for lang in languages.languages()] + [OTHER_LANGUAGE]


# ----------------------------------------------------------------------------- record


@dataclass(frozen=True)
class Consent:
    scope: str
    date: str  # ISO day it was given or changed
    by: str  # the volunteer who recorded it (account e-mail)


@dataclass(frozen=True)
class Attachment:
    id: str
    kind: str
    type: str
    size: int


@dataclass(frozen=True)
class Testimony:
    id: str
    date: dt.date
    place: str
    authorities: tuple[str, ...]
    acts: tuple[str, ...]
    people: int
    time: str | None = None
    end_date: dt.date | None = None
    end_time: str | None = None
    witnesses: int = 0
    witness_named: bool = False
    witness_names: str = ""
    testimony: str = ""
    testimony_language: str = ""
    summary_fr: str = ""
    person_name: str = ""
    person_address: str = ""
    attachments: tuple[Attachment, ...] = ()
    consents: tuple[Consent, ...] = ()
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def consent(self) -> str:
        return self.consents[-1].scope if self.consents else "internal"

    def content(self) -> dict:
        """What is stored (encrypted): everything but the id, which is the storage key."""
        out = asdict(self)
        out.pop("id")
        out.pop("extra")
        out["date"] = self.date.isoformat()
        out["end_date"] = self.end_date.isoformat() if self.end_date else None
        for name in ("authorities", "acts"):
            out[name] = list(out[name])
        out["attachments"] = [asdict(a) for a in self.attachments]
        out["consents"] = [asdict(c) for c in self.consents]
        return out

    @classmethod
    def from_content(cls, record_id: str, content: dict) -> Testimony:
        c = dict(content)
        c["date"] = dt.date.fromisoformat(c["date"])
        c["end_date"] = dt.date.fromisoformat(c["end_date"]) if c.get("end_date") else None
        c["authorities"] = tuple(c.get("authorities") or ())
        c["acts"] = tuple(c.get("acts") or ())
        c["attachments"] = tuple(Attachment(**a) for a in c.get("attachments") or ())
        c["consents"] = tuple(Consent(**x) for x in c.get("consents") or ())
        return cls(id=record_id, **c)

    def with_consent(self, scope: str, day: dt.date, by: str) -> Testimony:
        """A new consent entry when the scope changes (the history keeps the earlier ones)."""
        if scope not in CONSENTS:
            raise ObservatoryError("consent", "not_offered")
        if self.consents and self.consents[-1].scope == scope:
            return self
        return _replace(self, consents=self.consents + (Consent(scope, day.isoformat(), by),))

    def with_attachment(self, attachment: Attachment) -> Testimony:
        if len(self.attachments) >= MAX_ATTACHMENTS:
            raise ObservatoryError("attachment", "too_many", max=MAX_ATTACHMENTS)
        return _replace(self, attachments=self.attachments + (attachment,))


def _replace(record: Testimony, **changes) -> Testimony:
    import dataclasses

    return dataclasses.replace(record, **changes)


def _one(data: dict, name: str):
    """A single value of the form: a string (a list of one, as a form parser gives, is taken)."""
    value = data.get(name)
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    return value


def _text(value, name: str, limit: int, required: bool = False) -> str:
    if value is None or value == "":
        if required:
            raise ObservatoryError(name, "missing")
        return ""
    if not isinstance(value, str):
        raise ObservatoryError(name, "not_offered")
    value = _CONTROL.sub("", value).strip()
    if len(value) > limit:
        raise ObservatoryError(name, "too_long", max=limit)
    if required and not value:
        raise ObservatoryError(name, "missing")
    return value


def _date(value, name: str, today: dt.date, required: bool) -> dt.date | None:
    if value in (None, ""):
        if required:
            raise ObservatoryError(name, "missing")
        return None
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ObservatoryError(name, "bad_date")
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise ObservatoryError(name, "bad_date") from None
    # Testimonies come weeks or years later (a report covers years), never from the future.
    if not dt.date(2000, 1, 1) <= day <= today:
        raise ObservatoryError(name, "bad_date")
    return day


def _time(value, name: str) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not _TIME.match(value):
        raise ObservatoryError(name, "bad_format")
    return value


def _int(value, name: str, low: int, high: int, default: int | None = None) -> int:
    if value in (None, ""):
        if default is not None:
            return default
        raise ObservatoryError(name, "missing")
    if isinstance(value, bool):
        raise ObservatoryError(name, "out_of_range", min=low, max=high)
    if isinstance(value, str) and re.fullmatch(r"\d{1,6}", value.strip()):
        value = int(value.strip())
    if not isinstance(value, int) or not low <= value <= high:
        raise ObservatoryError(name, "out_of_range", min=low, max=high)
    return value


def _codes(value, name: str, allowed, required: bool) -> tuple[str, ...]:
    if value in (None, "", []):
        if required:
            raise ObservatoryError(name, "missing")
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise ObservatoryError(name, "not_offered")
    if len(value) > len(allowed):
        raise ObservatoryError(name, "too_many", max=len(allowed))
    out: list[str] = []
    for item in value:
        if not isinstance(item, str) or item not in allowed:
            raise ObservatoryError(name, "not_offered")
        if item not in out:
            out.append(item)
    return tuple(out)


def validate(
    data: dict,
    *,
    by: str,
    previous: Testimony | None = None,
    today: dt.date | None = None,
    place_list=None,
) -> Testimony:
    """A Testimony from what the capture form posted (a new one, or a new revision of *previous*),
    or ObservatoryError naming the first field to fix. *by* is the signed-in volunteer, who is
    recorded with the consent when it is given or changed (never taken from the form)."""
    today = today or dt.date.today()
    place_list = places() if place_list is None else place_list
    vocab = vocabulary()
    if not isinstance(data, dict):
        raise ObservatoryError("record", "bad_format")
    for key, value in data.items():
        if key not in FORM_KEYS:
            raise ObservatoryError("record", "bad_format")
        if isinstance(value, dict) or (isinstance(value, list) and key not in MULTI and len(value) != 1):
            raise ObservatoryError(key if key in FORM_KEYS else "record", "not_offered")
    if previous is not None:
        record_id = previous.id
    else:
        raw_id = _one(data, "id")
        try:
            record_id = str(uuid.UUID(raw_id)) if raw_id else str(uuid.uuid4())
            if raw_id and len(raw_id) != 36:
                raise ValueError
        except (ValueError, TypeError, AttributeError):
            raise ObservatoryError("record", "bad_format") from None
    day = _date(_one(data, "date"), "date", today, True)
    time = _time(_one(data, "time"), "time")
    end_date = _date(_one(data, "end_date"), "end_date", today, False)
    end_time = _time(_one(data, "end_time"), "end_time")
    if end_date and end_date < day:
        raise ObservatoryError("end_date", "bad_date")
    if end_time and not end_date and (not time or end_time < time):
        raise ObservatoryError("end_time", "bad_format")
    place = _one(data, "place")
    if place in (None, ""):
        raise ObservatoryError("place", "missing")
    if not isinstance(place, str) or place not in place_list:
        raise ObservatoryError("place", "not_offered")
    authorities = _codes(data.get("authorities"), "authorities", vocab["authorities"], True)
    acts = _codes(data.get("acts"), "acts", vocab["acts"], True)
    people = _int(_one(data, "people"), "people", 1, MAX_PEOPLE)
    witnesses = _int(_one(data, "witnesses"), "witnesses", 0, MAX_WITNESSES, default=0)
    named = _one(data, "witness_named")
    if named not in (None, "", "yes", "no"):
        raise ObservatoryError("witness_named", "not_offered")
    named = named == "yes"
    if named and not witnesses:
        raise ObservatoryError("witnesses", "out_of_range", min=1, max=MAX_WITNESSES)
    names = _text(_one(data, "witness_names"), "witness_names", MAX_NAMES)
    if names and not named:
        names = ""  # nobody accepted to be named: a name typed anyway is not kept
    testimony = _text(_one(data, "testimony"), "testimony", MAX_TESTIMONY)
    language = _one(data, "testimony_language")
    if language not in (None, "") and (not isinstance(language, str) or language not in language_codes()):
        raise ObservatoryError("testimony_language", "not_offered")
    summary = _text(_one(data, "summary_fr"), "summary_fr", MAX_SUMMARY, required=True)
    person_name = _text(_one(data, "person_name"), "person_name", MAX_NAME)
    person_address = _text(_one(data, "person_address"), "person_address", MAX_ADDRESS)
    scope = _one(data, "consent")
    if scope in (None, ""):
        raise ObservatoryError("consent", "missing")
    if not isinstance(scope, str) or scope not in CONSENTS:
        raise ObservatoryError("consent", "not_offered")
    if scope == "identified_referral" and not person_name:
        raise ObservatoryError("person_name", "missing")
    # The names as typed, even those not kept (nobody accepted): still not for the summary.
    typed_names = _text(_one(data, "witness_names"), "witness_names", MAX_NAMES)
    found = names_in_summary(summary, {"person_name": person_name, "witness_names": typed_names})
    if found == "contact":
        raise ObservatoryError("summary_fr", "summary_contact")
    if found:
        raise ObservatoryError("summary_fr", "summary_name", source=found)
    record = Testimony(
        id=record_id,
        date=day,
        place=place,
        authorities=authorities,
        acts=acts,
        people=people,
        time=time,
        end_date=end_date,
        end_time=end_time,
        witnesses=witnesses,
        witness_named=named,
        witness_names=names,
        testimony=testimony,
        testimony_language=language or "",
        summary_fr=summary,
        person_name=person_name,
        person_address=person_address,
        attachments=previous.attachments if previous else (),
        consents=previous.consents if previous else (),
    )
    return record.with_consent(scope, today, by)


# ----------------------------------------------------------------------------- a summary that names nobody

# The French summary goes, anonymised, into collective referrals and the public report: it must not
# name the person or a witness, nor give a way to reach them. A phone number: 9 digits or more, with
# single spaces, dots or hyphens between (a date such as 12.11.2026 has 8).
_PHONE = re.compile(r"(?<![\w+])\+?\d(?:[ .\-]?\d){8,}(?!\w)")
_EMAIL = re.compile(r"[^\s@<>]+@[^\s@<>]+\.[^\s@<>]{2,}")
_WORD = re.compile(r"\w+")
# Words a name field may hold beside names ("Ahmed, un ami de la famille"), never taken as a name.
_NOT_NAMES = set(
    "les des une aux par pour avec sans sur dans chez qui que son sa ses leur frère soeur sœur ami amie famille "
    "père mère fils fille oncle tante cousin cousine mari femme enfant enfants monsieur madame mme mlle "
    "bénévole témoin témoins personne inconnu inconnue anonyme".split()
)
_ARABIC_PREFIXES = "وبلفك"  # "and", "with", "for"...: written joined to the next word


def _fold(word: str) -> str:
    """A word compared without case or accents (Émile = emile); Arabic letters are kept."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _name_words(text: str) -> set[str]:
    words = {_fold(w) for w in _WORD.findall(text or "")}
    return {w for w in words if len(w) >= 3 and not w.isdigit() and w not in {_fold(x) for x in _NOT_NAMES}}


def _variants(word: str) -> set[str]:
    folded = _fold(word)
    out = {folded}
    if len(folded) > 3 and folded[0] in _ARABIC_PREFIXES and "\u0600" <= folded[1] <= "\u06ff":
        out.add(folded[1:])
    return out


def names_in_summary(summary: str, names: dict[str, str]) -> str | None:
    """The first field (of *names*: field -> text) whose name appears in *summary*, or "contact"
    for a phone number or an e-mail address, or None."""
    if _PHONE.search(summary) or _EMAIL.search(summary):
        return "contact"
    said = set().union(*(_variants(w) for w in _WORD.findall(summary))) if summary else set()
    for name_field, text in names.items():
        if _name_words(text) & said:
            return name_field
    return None


def redacted(summary: str, record: Testimony) -> str:
    """The summary with any name the record knows, phone number or e-mail replaced by "[…]" (for a
    testimony saved before the check, or stored without the form)."""
    known = _name_words(record.person_name) | _name_words(record.witness_names)
    summary = _EMAIL.sub("[…]", _PHONE.sub("[…]", summary))
    return _WORD.sub(lambda m: "[…]" if _variants(m.group(0)) & known else m.group(0), summary)


def check_attachment(data: bytes, kind: str) -> Attachment:
    """An attachment's metadata once its bytes are checked: a kind the form offers, at most
    MAX_ATTACHMENT, and a JPEG, PNG or PDF by its first bytes."""
    if kind not in ATTACHMENT_KINDS:
        raise ObservatoryError("attachment", "not_offered")
    if not isinstance(data, (bytes, bytearray)) or not data:
        raise ObservatoryError("attachment", "missing")
    if len(data) > MAX_ATTACHMENT:
        raise ObservatoryError("attachment", "file_too_large", max_mb=MAX_ATTACHMENT // (1024 * 1024))
    for mimetype, magics in ATTACHMENT_TYPES.items():
        if any(bytes(data[: len(m)]) == m for m in magics):
            return Attachment(str(uuid.uuid4()), kind, mimetype, len(data))
    raise ObservatoryError("attachment", "file_type")


# ----------------------------------------------------------------------------- consent at the door


def require(record: Testimony, use: str) -> None:
    """Refuse a use the record's current consent does not allow (ConsentRefused naming the way left)."""
    have = CONSENTS.index(record.consent)
    if have >= USES[use]:
        return
    if use == "individual_referral" and have >= USES["collective_referral"]:
        raise ConsentRefused("consent", "consent_not_identified")
    raise ConsentRefused("consent", "consent_internal")


def allowed(records, use: str) -> list[Testimony]:
    return [r for r in records if CONSENTS.index(r.consent) >= USES[use]]


def label(section: str, code: str, lang: str = "fr") -> str:
    term = vocabulary()[section].get(code)
    return term.label(lang) if term else i18n.ui("observatory.unknown_code", lang)


def place_name(code: str) -> str:
    place = places().get(code)
    return place.name if place else i18n.ui("observatory.unknown_code", "fr")


def when(record: Testimony, exact: bool = True) -> str:
    """The event's day (and time when *exact*) in French: '12/11/2026 à 06:30', 'du 12/11/2026 au 14/11/2026'."""

    def day(d: dt.date) -> str:
        return d.strftime("%d/%m/%Y")

    start = day(record.date) + (f" à {record.time}" if exact and record.time else "")
    if record.end_date and record.end_date != record.date:
        end = day(record.end_date) + (f" à {record.end_time}" if exact and record.end_time else "")
        return f"du {start} au {end}"
    if exact and record.end_time and record.time:
        return f"le {day(record.date)} de {record.time} à {record.end_time}"
    return f"le {start}"


def anonymised(record: Testimony) -> dict:
    """What may leave the association without naming anyone (jigsaw rule): the day but not the
    time, the place, authorities, acts, how many people; never a name, an address, the witnesses'
    details, the testimony's own words or language, or the attachments' files (their kinds only)."""
    require(record, "export")
    kinds: dict[str, int] = {}
    for a in record.attachments:
        kinds[a.kind] = kinds.get(a.kind, 0) + 1
    return {
        "when": when(record, exact=False),
        "date": record.date.isoformat(),
        "place": place_name(record.place),
        "authorities": [label("authorities", a) for a in record.authorities],
        "acts": [label("acts", a) for a in record.acts],
        "people": record.people,
        "summary": redacted(record.summary_fr, record),
        "attachments": [i18n.ui(f"observatory.attachment.{k}", "fr") + f" ({n})" for k, n in sorted(kinds.items())],
    }


def export_csv(records) -> tuple[str, list[str]]:
    """(CSV, ids exported): one anonymised line per record whose consent allows it; the others are
    left out (never a line saying who refused). No cell can start a spreadsheet formula."""
    import csv
    import io

    def cell(value) -> str:
        value = str(value)
        return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["date", "lieu", "autorités", "actes", "personnes", "résumé"])
    ids = []
    for record in sorted(allowed(records, "export"), key=lambda r: r.date):
        a = anonymised(record)
        writer.writerow(
            [
                cell(v)
                for v in (
                    a["date"],
                    a["place"],
                    " ; ".join(a["authorities"]),
                    " ; ".join(a["acts"]),
                    a["people"],
                    a["summary"],
                )
            ]
        )
        ids.append(record.id)
    return out.getvalue(), ids
