"""Outreach rounds (maraudes): what a volunteer records on a phone about the people a team meets.

A *round* is a date, a team and a living place from the association's list (``places.yaml``, or
the file PARCOURS_OUTREACH_PLACES names). A *record* is one person or group met on the round: how
many people, the languages they speak, their needs (the guide's orientation needs of the place's
jurisdiction, so the permanence can act on them), urgency flags, the procedures they mention with
any date they know, and free notes. No name and no photo: no field asks for one.

Each record carries an id made on the phone (a UUID), so that sending it twice stores it once.
``validate`` takes what a phone posts and refuses, naming the field, anything no screen offers:
an unknown place, need, flag, language or procedure, a key the form does not have, a number out
of range, text over its length, nesting, a body over ``MAX_BODY``. Text is kept as text (markup
included: the page writes it with ``textContent``, never as HTML).

This module does not import docassemble (docassemble.parcours.outreach is the web side).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import uuid
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from .. import bounded, i18n, languages
from ..errors import CaseFileError

PLACES_FILE = Path(__file__).resolve().parent / "places.yaml"
FLAGS = ("unaccompanied_minor", "medical", "detention_or_removal", "deadline_running")
OTHER_LANGUAGE = "other"  # a language parcours has no screens in (Kurdish, Amharic, Oromo...)
MAX_BODY = 32 * 1024  # one record is well under 4 KB; the notes are the only long field
MAX_NOTES = 2000
MAX_TEAM = 60
MAX_PEOPLE = 50
MAX_PROCEDURES = 10
ROUND_KEYS = {"date", "team", "place"}
RECORD_KEYS = {
    "id",
    "round",
    "people",
    "languages",
    "needs",
    "flags",
    "procedures",
    "notes",
    "captured_at",
    "consent",
    "code",
}
_PLACE_ID = re.compile(r"^[a-z0-9_]{1,60}$")
# Control characters other than tab and new line: never typed, sometimes pasted, never shown.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class OutreachError(ValueError):
    """A refusal naming the field (one of the ``outreach.field.*`` texts) and the reason (one of
    the ``outreach.error.*`` texts); the message never quotes the refused value."""

    def __init__(self, field_name: str, code: str, **params):
        super().__init__(f"{field_name}: {code}")
        self.field = field_name
        self.code = code
        self.params = params

    def message(self, lang: str) -> str:
        return i18n.ui(
            f"outreach.error.{self.code}", lang, field=i18n.ui(f"outreach.field.{self.field}", lang), **self.params
        )

    def as_json(self, lang: str) -> dict:
        return {"error": self.code, "field": self.field, "message": self.message(lang)}


# ----------------------------------------------------------------------------- places


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    jurisdiction: str


def places_path() -> Path:
    return Path(os.environ.get("PARCOURS_OUTREACH_PLACES") or PLACES_FILE)


@lru_cache(maxsize=4)
def _places(path: str, mtime: float) -> dict[str, Place]:
    doc = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    if doc.get("kind") != "outreach_places" or not isinstance(doc.get("places"), list):
        raise ValueError(f"{path}: not a list of outreach places (kind: outreach_places, places: [...])")
    out: dict[str, Place] = {}
    for n, item in enumerate(doc["places"], 1):
        pid, name, where = (str(item.get(k) or "") for k in ("id", "name", "jurisdiction"))
        if not _PLACE_ID.match(pid) or not name or where not in ("fr", "be") or pid in out:
            raise ValueError(f"{path}: place {n} needs a new id (a-z, 0-9, _), a name and a jurisdiction fr or be")
        out[pid] = Place(pid, name, where)
    return out


def places() -> dict[str, Place]:
    path = places_path()
    return _places(str(path), path.stat().st_mtime)


# ----------------------------------------------------------------------------- the person's card
# A short code the person keeps (a card, a QR code): made on the phone, offline, and registered
# when the record is sent. 7 random characters and a check character, from the kiosk hand-over's
# alphabet (no 0/O, 1/I/L). The check makes the weighted sum (weights 1..8) of the character
# values a multiple of 31: 31 is prime, so any one character mistyped and any two neighbours
# swapped give another sum, and the mistake is caught before anything is looked up. 31^7 codes
# (about 2.7e10). The phone (app.js) computes the same check.

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8


def normalise_code(text: str) -> str:
    """What a volunteer types: case, spaces and dashes do not matter."""
    return "".join(c for c in str(text or "").upper() if c.isalnum())


def display_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def check_char(body: str) -> str:
    """The character that completes the 7 characters of *body*."""
    total = sum((i + 1) * CODE_ALPHABET.index(c) for i, c in enumerate(body))
    return CODE_ALPHABET[(-total * pow(CODE_LENGTH, -1, 31)) % 31]


def new_code() -> str:
    import secrets

    body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH - 1))
    return display_code(body + check_char(body))


def code_problem(text: str) -> str | None:
    """None for a well-formed code, else what to fix: 'code_format' (length or a character no card
    has) or 'code_mistyped' (the check character disagrees)."""
    code = normalise_code(text)
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        return "code_format"
    if check_char(code[:-1]) != code[-1]:
        return "code_mistyped"
    return None


# ----------------------------------------------------------------------------- record


@dataclass(frozen=True)
class Record:
    id: str
    round_date: dt.date
    team: str
    place: str
    jurisdiction: str
    people: int
    languages: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    procedures: tuple[tuple[str, str | None], ...] = ()
    notes: str = ""
    captured_at: str | None = None
    consent: bool = False
    code: str | None = None  # the person's card (display form), only with their consent
    extra: dict = field(default_factory=dict, compare=False)

    def content(self) -> dict:
        """What is stored (encrypted): everything but the id, which is the storage key."""
        out = asdict(self)
        out.pop("id")
        out.pop("extra")
        out["round_date"] = self.round_date.isoformat()
        out["procedures"] = [{"id": p, "date": d} for p, d in self.procedures]
        for name in ("languages", "needs", "flags"):
            out[name] = list(out[name])
        return out


def parse_body(raw: bytes | str) -> dict:
    """The JSON object a phone posts, bounded before it is parsed."""
    if len(raw) > MAX_BODY:
        raise OutreachError("record", "too_large", max_kb=MAX_BODY // 1024)
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        bounded.check_json(text, "record")
        data = json.loads(text)
    except CaseFileError:
        raise OutreachError("record", "bad_format") from None
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise OutreachError("record", "bad_format") from None
    if not isinstance(data, dict):
        raise OutreachError("record", "bad_format")
    return data


def _text(value, name: str, limit: int, required: bool = False) -> str:
    if value is None or value == "":
        if required:
            raise OutreachError(name, "missing")
        return ""
    if not isinstance(value, str):
        raise OutreachError(name, "not_offered")
    value = _CONTROL.sub("", value).strip()
    if len(value) > limit:
        raise OutreachError(name, "too_long", max=limit)
    if required and not value:
        raise OutreachError(name, "missing")
    return value


def _date(value, name: str, earliest: dt.date, latest: dt.date, required: bool = True) -> dt.date | None:
    if value in (None, ""):
        if required:
            raise OutreachError(name, "missing")
        return None
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise OutreachError(name, "bad_date")
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise OutreachError(name, "bad_date") from None
    if not earliest <= day <= latest:
        raise OutreachError(name, "bad_date")
    return day


def _codes(value, name: str, allowed, limit: int) -> tuple[str, ...]:
    if value in (None, []):
        return ()
    if not isinstance(value, list):
        raise OutreachError(name, "not_offered")
    if len(value) > limit:
        raise OutreachError(name, "too_many", max=limit)
    out: list[str] = []
    for item in value:
        if not isinstance(item, str) or item not in allowed:
            raise OutreachError(name, "not_offered")
        if item not in out:
            out.append(item)
    return tuple(out)


def need_ids(jurisdiction: str, rules) -> list[str]:
    o = rules.orientation.get(jurisdiction)
    return [c.id for c in (o.needs if o else [])]


def language_codes() -> list[str]:
    return [lang.code for lang in languages.languages()] + [OTHER_LANGUAGE]


def validate(
    data: dict, *, rules=None, place_list: dict[str, Place] | None = None, today: dt.date | None = None
) -> Record:
    """A Record from what a phone posted, or OutreachError naming the first field to fix."""
    if rules is None:
        from .. import load_rules

        rules = load_rules()
    place_list = places() if place_list is None else place_list
    today = today or dt.date.today()
    if not isinstance(data, dict):
        raise OutreachError("record", "bad_format")
    for key in data:
        if key not in RECORD_KEYS:
            raise OutreachError("record", "bad_format")
    raw_id = data.get("id")
    try:
        if not isinstance(raw_id, str) or len(raw_id) != 36:
            raise ValueError
        record_id = str(uuid.UUID(raw_id))
    except ValueError:
        raise OutreachError("id", "bad_id") from None
    round_ = data.get("round")
    if not isinstance(round_, dict) or any(k not in ROUND_KEYS for k in round_):
        raise OutreachError("round", "bad_format")
    # A round is recorded on its day and may be sent weeks later; never in the future.
    day = _date(round_.get("date"), "date", today - dt.timedelta(days=366), today + dt.timedelta(days=1))
    team = _text(round_.get("team"), "team", MAX_TEAM)
    place_id = round_.get("place")
    if place_id in (None, ""):
        raise OutreachError("place", "missing")
    if not isinstance(place_id, str) or place_id not in place_list:
        raise OutreachError("place", "not_offered")
    place = place_list[place_id]
    people = data.get("people")
    if people is None:
        raise OutreachError("people", "missing")
    if isinstance(people, bool) or not isinstance(people, int) or not 1 <= people <= MAX_PEOPLE:
        raise OutreachError("people", "out_of_range", min=1, max=MAX_PEOPLE)
    langs = _codes(data.get("languages"), "languages", language_codes(), len(language_codes()))
    needs = _codes(data.get("needs"), "needs", need_ids(place.jurisdiction, rules), 20)
    flags = _codes(data.get("flags"), "flags", FLAGS, len(FLAGS))
    procedures = _procedures(data.get("procedures"), place.jurisdiction, rules, today)
    notes = _text(data.get("notes"), "notes", MAX_NOTES)
    captured = data.get("captured_at")
    if captured not in (None, ""):
        try:
            if not isinstance(captured, str) or len(captured) > 40:
                raise ValueError
            captured = dt.datetime.fromisoformat(captured.replace("Z", "+00:00")).isoformat(timespec="minutes")
        except ValueError:
            raise OutreachError("captured_at", "bad_date") from None
    else:
        captured = None
    consent = data.get("consent", False)
    if not isinstance(consent, bool):
        raise OutreachError("consent", "not_offered")
    code = data.get("code")
    if code in (None, ""):
        code = None
    else:
        if not isinstance(code, str) or len(code) > 20:
            raise OutreachError("code", "code_format", length=CODE_LENGTH)
        problem = code_problem(code)
        if problem:
            raise OutreachError("code", problem, length=CODE_LENGTH)
        if not consent:  # no consent, no card: the permanence could not follow up anyway
            raise OutreachError("consent", "no_consent")
        code = display_code(normalise_code(code))
    return Record(
        record_id,
        day,
        team,
        place.id,
        place.jurisdiction,
        people,
        langs,
        needs,
        flags,
        procedures,
        notes,
        captured,
        consent,
        code,
    )


def _procedures(value, jurisdiction: str, rules, today: dt.date) -> tuple[tuple[str, str | None], ...]:
    if value in (None, []):
        return ()
    if not isinstance(value, list):
        raise OutreachError("procedures", "not_offered")
    if len(value) > MAX_PROCEDURES:
        raise OutreachError("procedures", "too_many", max=MAX_PROCEDURES)
    known = {p.id for p in rules.procedures_for(jurisdiction)}
    out: dict[str, str | None] = {}
    for item in value:
        if not isinstance(item, dict) or any(k not in ("id", "date") for k in item):
            raise OutreachError("procedures", "not_offered")
        pid = item.get("id")
        if not isinstance(pid, str) or pid not in known:
            raise OutreachError("procedures", "not_offered")
        # A date the person knows: a decision notified, an appointment, a hearing (past or coming).
        day = _date(item.get("date"), "procedure_date", dt.date(1990, 1, 1), today + dt.timedelta(days=3 * 366), False)
        out[pid] = day.isoformat() if day else out.get(pid)
    return tuple(out.items())


# ----------------------------------------------------------------------------- what the phone shows


def texts(lang: str) -> dict[str, str]:
    """Every outreach.* interface text in *lang* (the page's words)."""
    from ..i18n_coverage import ui_source

    return {k: i18n.ui(k, lang) for k in ui_source() if k.startswith("outreach.")}


def form_settings(lang: str, rules=None) -> dict:
    """What the phone's form offers, in *lang*: places, and per jurisdiction the needs and the
    procedures, the urgency flags, the languages (each in its own name), the limits."""
    if rules is None:
        from .. import load_rules

        rules = load_rules()
    lang = i18n.known_lang(lang)
    by_place = places()
    out = {
        "lang": lang,
        "dir": "rtl" if i18n.is_rtl(lang) else "ltr",
        "texts": texts(lang),
        "places": [{"id": p.id, "name": p.name, "jurisdiction": p.jurisdiction} for p in by_place.values()],
        "flags": [{"id": f, "label": i18n.ui(f"outreach.flag.{f}", lang)} for f in FLAGS],
        "languages": [{"id": lg.code, "label": lg.name} for lg in languages.languages()]
        + [{"id": OTHER_LANGUAGE, "label": i18n.ui("outreach.language.other", lang)}],
        "jurisdictions": {},
        "limits": {"people": MAX_PEOPLE, "notes": MAX_NOTES, "team": MAX_TEAM, "procedures": MAX_PROCEDURES},
        # The card is read by the person, in their language (any of the kiosk's), offline too.
        "cards": {
            code: {
                "dir": "rtl" if i18n.is_rtl(code) else "ltr",
                **{part: i18n.ui(f"outreach.card.{part}", code) for part in ("title", "text", "qr")},
            }
            for code in i18n.LANGS
        },
    }
    for where in sorted({p.jurisdiction for p in by_place.values()}):
        o = rules.orientation.get(where)
        out["jurisdictions"][where] = {
            "needs": [{"id": c.id, "label": i18n.rule_text(c.label, lang)} for c in (o.needs if o else [])],
            # A procedure without a title is left out: the phone never shows an id.
            "procedures": [
                {"id": p.id, "label": i18n.rule_text(p.title, lang)} for p in rules.procedures_for(where) if p.title
            ],
        }
    return out


# ----------------------------------------------------------------------------- what the association sees

SMALL = 5  # counts from 1 to SMALL - 1 are shown as "< 5": too few to publish without pointing at someone


def shown(count: int) -> str:
    return f"< {SMALL}" if 0 < count < SMALL else str(count)


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def needs_view(contents, lang: str, rules=None, place_list: dict[str, Place] | None = None) -> list[dict]:
    """Counts per living place and week, one table per country: encounters, people, each need and
    each urgency flag, every count under 5 shown as "< 5". *contents* are stored records
    (Record.content()); nothing of a note, a team or a procedure is read."""
    if rules is None:
        from .. import load_rules

        rules = load_rules()
    place_list = places() if place_list is None else place_list
    groups: dict[tuple[str, str, dt.date], dict] = {}
    for c in contents:
        key = (c["jurisdiction"], c["place"], week_start(dt.date.fromisoformat(c["round_date"])))
        g = groups.setdefault(key, {"records": 0, "people": 0, "needs": {}, "flags": {}})
        g["records"] += 1
        g["people"] += int(c["people"])
        for kind in ("needs", "flags"):
            for code in c.get(kind) or ():
                g[kind][code] = g[kind].get(code, 0) + 1
    tables = []
    for where in ("fr", "be"):
        keys = sorted((k for k in groups if k[0] == where), key=lambda k: (-k[2].toordinal(), k[1]))
        if not keys:
            continue
        o = rules.orientation.get(where)
        needs = [(c.id, i18n.rule_text(c.label, lang)) for c in (o.needs if o else [])]
        flags = [(f, i18n.ui(f"outreach.flag.{f}", lang)) for f in FLAGS]
        columns = [i18n.ui("outreach.needs.place", lang), i18n.ui("outreach.field.date", lang)]
        columns += [i18n.ui("outreach.needs.records", lang), i18n.ui("outreach.needs.people", lang)]
        columns += [label for _, label in needs + flags]
        rows = []
        for key in keys:
            g = groups[key]
            place = place_list.get(key[1])
            rows.append(
                [
                    place.name if place else "",
                    i18n.ui("outreach.needs.week", lang, date=key[2].isoformat()),
                    shown(g["records"]),
                    shown(g["people"]),
                ]
                + [shown(g["needs"].get(code, 0)) for code, _ in needs]
                + [shown(g["flags"].get(code, 0)) for code, _ in flags]
            )
        tables.append(
            {"jurisdiction": where, "title": i18n.ui(f"jurisdiction.{where}", lang), "columns": columns, "rows": rows}
        )
    return tables


def needs_csv(tables: list[dict]) -> str:
    """The same counts as CSV (one block per country); no cell can start a spreadsheet formula."""
    import csv
    import io

    def cell(value: str) -> str:
        return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for table in tables:
        writer.writerow([cell(table["title"])] + [cell(c) for c in table["columns"]])
        for row in table["rows"]:
            writer.writerow([cell(table["title"])] + [cell(v) for v in row])
    return out.getvalue()


# ----------------------------------------------------------------------------- at the permanence


def guide_start(contents, lang: str, rules=None, place_list: dict[str, Place] | None = None, today=None) -> dict:
    """What the guide starts from when a card's code is opened: the stored records of that code
    (Record.content(), oldest first), merged. The country is the latest round's; needs and
    procedures are those of every encounter there; a procedure's date becomes the fact that
    dates the procedure (its ``version_date``: the notification, the registration...) when it is
    a past date; a coming date (an appointment) and the urgencies go to the case's note, in *lang*.

    Returns {'jurisdiction', 'needs', 'procedures', 'facts', 'language', 'note', 'encounters'}."""
    if rules is None:
        from .. import load_rules

        rules = load_rules()
    place_list = places() if place_list is None else place_list
    today = today or dt.date.today()
    contents = sorted(contents, key=lambda c: (c["round_date"], c.get("captured_at") or ""))
    where = contents[-1]["jurisdiction"]
    here = [c for c in contents if c["jurisdiction"] == where]
    offered_needs = set(need_ids(where, rules))
    titles = {p.id: p for p in rules.procedures_for(where)}
    catalogue = rules.catalogue(where)
    needs: list[str] = []
    procedures: list[str] = []
    facts: dict[str, str] = {}
    language = ""
    lines = []
    for c in here:
        needs += [n for n in c.get("needs") or () if n in offered_needs and n not in needs]
        if not language:
            language = next((lg for lg in c.get("languages") or () if lg in i18n.LANGS), "")
        place = place_list.get(c["place"])
        parts = [i18n.ui("outreach.note.round", lang, date=c["round_date"], place=place.name if place else "")]
        flags = [i18n.ui(f"outreach.flag.{f}", lang) for f in c.get("flags") or () if f in FLAGS]
        if flags:
            parts.append(i18n.ui("outreach.note.flags", lang, flags=", ".join(flags)))
        for item in c.get("procedures") or ():
            proc = titles.get(item.get("id"))
            if proc is None:
                continue
            if proc.id not in procedures:
                procedures.append(proc.id)
            day = item.get("date")
            fact = catalogue.get(proc.version_date) if proc.version_date and day else None
            if fact is not None and fact.type == "date" and dt.date.fromisoformat(day) <= today:
                facts[fact.id] = day
            elif day:
                title = i18n.rule_text(proc.title, lang) if proc.title else ""
                parts.append(i18n.ui("outreach.note.date", lang, procedure=title, date=day))
        if c.get("notes"):
            parts.append(c["notes"])
        lines.append(" — ".join(parts))
    return {
        "jurisdiction": where,
        "needs": needs,
        "procedures": procedures,
        "facts": facts,
        "language": language,
        "note": "\n".join(lines),
        "encounters": len(contents),
    }


def opened_content(content: dict) -> dict:
    """What stays of a record once its code was opened and copied into a guide case: what the
    needs view counts (place, day, people, needs, flags), nothing that tells the person apart."""
    keep = ("jurisdiction", "place", "round_date", "people", "needs", "flags")
    return {k: content[k] for k in keep if k in content}


def follow_ups(rows, lang: str, place_list: dict[str, Place] | None = None, today=None) -> list[dict]:
    """The coordinators' open follow-ups: one per card code not yet opened at the permanence,
    from *rows*, stored records (Record.content()) — urgent first (most flags), then the oldest."""
    place_list = place_list or places()
    today = today or dt.date.today()
    by_code: dict[str, dict] = {}
    for content in rows:
        code = content.get("code")
        if not code:
            continue
        f = by_code.setdefault(
            code,
            {
                "code": code,
                "first": content["round_date"],
                "last": content["round_date"],
                "place": content["place"],
                "flags": [],
                "needs": [],
                "encounters": 0,
            },
        )
        f["encounters"] += 1
        f["first"] = min(f["first"], content["round_date"])
        if content["round_date"] >= f["last"]:
            f["last"], f["place"] = content["round_date"], content["place"]
        f["flags"] += [x for x in content.get("flags") or () if x in FLAGS and x not in f["flags"]]
        f["needs"] += [x for x in content.get("needs") or () if x not in f["needs"]]
    out = []
    for f in by_code.values():
        place = place_list.get(f["place"])
        out.append(
            {
                "code": f["code"],
                "place": place.name if place else "",
                "first": f["first"],
                "age": (today - dt.date.fromisoformat(f["first"])).days,
                "encounters": f["encounters"],
                "flags": [i18n.ui(f"outreach.flag.{x}", lang) for x in FLAGS if x in f["flags"]],
                "urgency": len(f["flags"]),
                "needs": f["needs"],
            }
        )
    out.sort(key=lambda f: (-f["urgency"], -f["age"], f["code"]))
    return out


def follow_up_counts(items: list[dict], lang: str) -> list[tuple[str, str]]:
    """What the legal team sees of the open follow-ups: counts only, under 5 shown as "< 5"."""
    rows = [(i18n.ui("outreach.followups.open", lang), shown(len(items)))]
    for flag in FLAGS:
        label = i18n.ui(f"outreach.flag.{flag}", lang)
        rows.append((label, shown(sum(1 for f in items if label in f["flags"]))))
    return rows
