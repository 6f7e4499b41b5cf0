"""Dates and names as they are written in letters and summaries.

Letters (French or Dutch) write dates with the month in words ("1er mars 2025",
"3 maart 2025"). Summaries in the person's language use the CLDR long date format
(Babel). Latin names and numbers inside right-to-left text are wrapped in Unicode
isolates (FSI ... PDI) so the bidi algorithm keeps them whole and in order.
"""

from __future__ import annotations

import datetime as dt

from .. import languages
from ..numerals import parse_date

FSI, PDI = "\u2068", "\u2069"
RTL_LANGS = tuple(lang.code for lang in languages.languages() if lang.rtl)

MONTHS = {
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    "nl": (
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}

# Babel locale for each summary language (translations/languages.yaml).
BABEL_LOCALES = {lang.code: lang.babel for lang in languages.languages()}


def as_date(value) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return parse_date(str(value))


def date_words(value, lang: str = "fr") -> str:
    """'1er mars 2025' (fr), '1 maart 2025' (nl), '1 March 2025' (en); a datetime keeps its hour."""
    day = as_date(value)
    if day is None:
        return ""
    months = MONTHS.get(lang, MONTHS["fr"])
    number = "1er" if (lang == "fr" and day.day == 1) else str(day.day)
    text = f"{number} {months[day.month - 1]} {day.year}"
    if isinstance(value, dt.datetime):
        text += {"fr": f" à {value:%H} h {value:%M}", "nl": f" om {value:%H.%M} uur"}.get(lang, f" at {value:%H:%M}")
    return text


def local_date(value, lang: str) -> str:
    """A date in the person's language (CLDR long format), isolated inside right-to-left text."""
    day = as_date(value)
    if day is None:
        return ""
    try:
        from babel.dates import format_date

        text = format_date(day, format="long", locale=BABEL_LOCALES.get(lang, lang))
    except Exception:  # noqa: BLE001 - an unknown locale must not stop a document: fall back to ISO
        text = day.isoformat()
    return isolate(text) if lang in RTL_LANGS else text


def isolate(text) -> str:
    """Wrap *text* in FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE (for Latin inside RTL, and RTL in Latin)."""
    text = "" if text is None else str(text)
    return f"{FSI}{text}{PDI}" if text else text


def is_rtl(lang: str) -> bool:
    return lang in RTL_LANGS
