"""Reminders of a case's deadlines, by e-mail or SMS: which are due on a day, and what they say.

    settings = Settings.from_env()                       # offsets, the permanence, the association
    for r in due(evaluation, day, settings.offsets):     # evaluation: the case as it is *now*
        subject, body = email(r, lang, settings, stop_url)
        text = sms(r, lang, settings, stop_url)

Nothing here is stored: a reminder is recomputed each day from the current evaluation (the answers
as they are now, the rules in force), so a deadline that moved takes its reminders with it. Only
the person's own running deadlines count (never the administration's delays), at each offset
before the due day; a passed deadline sends nothing.

What a message says is minimal on purpose (anyone may read a phone's screen): the date, the place
(the association's permanence) and the association's name. Never the procedure, the status, the
person's name or anything they answered. Texts: ui catalogue ids ``reminder.*``.

The opt-in's checks (``contact_problem``) are here too: an e-mail address on one line, a phone
number of digits, the person's consent; each problem names its field.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass

from . import i18n
from . import timeline as tl
from .views import iso, when

CHANNELS = ("none", "email", "sms")
DEFAULT_OFFSETS = (7, 2)
MAX_CONTACT = 254  # the longest e-mail address SMTP carries
EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)
PHONE_SEPARATORS = re.compile(r"[\s.\-()/]")
PHONE = re.compile(r"^\+?[0-9]{8,15}$")

# GSM 03.38 basic set and its extension table (an extension character counts twice).
GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXT = set("^{}\\[~]|€\f")


@dataclass(frozen=True)
class Settings:
    offsets: tuple[int, ...] = DEFAULT_OFFSETS  # days before the due day
    place: str = ""  # the association's permanence, as people find it
    association: str = ""  # the association's name

    @classmethod
    def from_env(cls, env=None) -> Settings:
        """PARCOURS_REMINDER_OFFSETS ("7,2"), PARCOURS_REMINDER_PLACE, PARCOURS_ASSOCIATION_NAME."""
        env = os.environ if env is None else env
        offsets = []
        for item in str(env.get("PARCOURS_REMINDER_OFFSETS", "")).split(","):
            item = item.strip()
            if item.isdigit() and int(item) not in offsets:
                offsets.append(int(item))
        return cls(
            offsets=tuple(sorted(offsets, reverse=True)) or DEFAULT_OFFSETS,
            place=str(env.get("PARCOURS_REMINDER_PLACE", "")).strip(),
            association=str(env.get("PARCOURS_ASSOCIATION_NAME", "")).strip(),
        )


@dataclass(frozen=True)
class Reminder:
    due: dt.date  # the deadline's last day, as the engine computes it today
    offset: int  # days before it

    @property
    def key(self) -> str:
        """What "already sent" is remembered by: a new due day is a new reminder."""
        return f"{self.due.isoformat()}|{self.offset}"


def own_deadlines(evaluation, rules=None) -> list[dt.date]:
    """The due days of the person's own running deadlines (not the administration's), not past."""
    line = tl.timeline(evaluation, rules)
    days = set()
    for proc in line.procedures:
        for step in proc.steps:
            if step.role != "due" or step.authority or step.result is None or not step.result.running:
                continue
            if step.date >= evaluation.as_of:
                days.add(step.date)
    return sorted(days)


def due(evaluation, day: dt.date | None = None, offsets=DEFAULT_OFFSETS, rules=None) -> list[Reminder]:
    """The reminders to send on *day* (default: the evaluation's day), one per due day and offset.
    Two deadlines on the same day make one reminder: the message names a date, not a deadline."""
    day = day or evaluation.as_of
    out = []
    for due_day in own_deadlines(evaluation, rules):
        left = (due_day - day).days
        if left in offsets:
            out.append(Reminder(due_day, left))
    return out


def _values(reminder: Reminder, lang: str, settings: Settings, stop_url: str) -> dict:
    return {
        "date": iso(when(reminder.due), lang),
        "place": iso(settings.place, lang) if settings.place else i18n.ui("reminder.place.default", lang),
        "association": iso(settings.association, lang) if settings.association else "",
        "days": reminder.offset,
        "url": iso(stop_url, lang),
    }


def email(reminder: Reminder, lang: str, settings: Settings, stop_url: str) -> tuple[str, str]:
    """(subject, plain-text body) of an e-mail reminder in *lang*."""
    v = _values(reminder, lang, settings, stop_url)
    subject = i18n.ui("reminder.email.subject", lang, **v)
    lines = [
        i18n.ui("reminder.email.date", lang, **v),
        i18n.ui("reminder.email.place", lang, **v),
        "",
        i18n.ui("reminder.email.stop", lang, **v),
    ]
    if v["association"]:
        lines[2:2] = ["", v["association"]]
    return subject, "\n".join(lines) + "\n"


def sms(reminder: Reminder, lang: str, settings: Settings, stop_url: str) -> str:
    """A short SMS reminder in *lang*: the date, the place, the association, how to stop."""
    v = _values(reminder, lang, settings, stop_url)
    text = i18n.ui("reminder.sms", lang, **v)
    if v["association"]:
        text = f"{v['association']}: {text}"
    return text + " " + i18n.ui("reminder.sms.stop", lang, **v)


def sms_length(text: str) -> tuple[str, int, int]:
    """(encoding, units, parts) of an SMS: GSM-7 (160 a message, 153 a part) when every character
    is in the GSM set, else UCS-2 (70, 67), counted in UTF-16 code units."""
    if all(c in GSM7 or c in GSM7_EXT for c in text):
        units = sum(2 if c in GSM7_EXT else 1 for c in text)
        return "gsm7", units, 1 if units <= 160 else -(-units // 153)
    units = len(text.encode("utf-16-le")) // 2
    return "ucs2", units, 1 if units <= 70 else -(-units // 67)


def normalise_phone(text: str) -> str:
    """A phone number as a provider wants it: digits, a leading + kept, separators dropped;
    a national French or Belgian number (0...) is left as typed (the association's provider
    knows its country)."""
    return PHONE_SEPARATORS.sub("", str(text or "").strip())


COUNTRY_CODES = {"fr": "33", "be": "32"}


def e164(text: str, jurisdiction: str = "fr") -> str:
    """A checked phone number in international form (+33612345678): a national number (0...) takes
    the case's country code, 00... becomes +...; how it is stored, sent and found again (STOP)."""
    number = normalise_phone(text)
    if number.startswith("+"):
        return number
    if number.startswith("00"):
        return "+" + number[2:]
    if number.startswith("0"):
        return "+" + COUNTRY_CODES.get(jurisdiction, "33") + number[1:]
    return "+" + number


def contact_problem(channel, contact, consent) -> tuple[str, str] | None:
    """(field, ui msgid) of the first problem of an opt-in, or None. Fields: "channel", "contact",
    "consent". Never echoes the value."""
    if channel not in CHANNELS:
        return "channel", "reminder.error.channel"
    if channel == "none":
        return None
    contact = "" if contact is None else str(contact)
    if len(contact) > MAX_CONTACT:
        return "contact", "reminder.error.too_long"
    if channel == "email":
        # One line only: a newline would add a header to the message (header injection).
        if any(ord(c) < 32 or ord(c) == 127 for c in contact) or not EMAIL.fullmatch(contact.strip()):
            return "contact", "reminder.error.email"
    elif not PHONE.fullmatch(normalise_phone(contact)):
        return "contact", "reminder.error.phone"
    if consent is not True:
        return "consent", "reminder.error.consent"
    return None
