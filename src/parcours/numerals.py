"""Normalising numbers and dates typed by people.

Case data is often typed on a phone set to Arabic or Persian: digits then come
as Eastern Arabic (U+0660-0669) or Persian (U+06F0-06F9) numerals, with the
Arabic decimal and thousands separators. They are accepted and normalised to
ASCII; anything still not a number or a real calendar date is an error, never
a silent default.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

_DIGITS = {}
for _base in (0x0660, 0x06F0, 0x07C0, 0x0966, 0xFF10):  # Arabic-Indic, Persian, NKo, Devanagari, full-width
    for _i in range(10):
        _DIGITS[_base + _i] = str(_i)
_DIGITS[0x066B] = "."  # ARABIC DECIMAL SEPARATOR
_DIGITS[0x066C] = ""  # ARABIC THOUSANDS SEPARATOR
_DIGITS[0x060C] = ","  # ARABIC COMMA
_DIGITS[0x2212] = "-"  # MINUS SIGN
for _space in (0x00A0, 0x202F, 0x2009):  # French thousands separators
    _DIGITS[_space] = " "
# Direction marks that RTL keyboards insert around numbers.
for _mark in (0x200E, 0x200F, 0x061C, 0x202A, 0x202B, 0x202C, 0x2066, 0x2067, 0x2068, 0x2069):
    _DIGITS[_mark] = ""


def normalise_digits(text: str) -> str:
    """Return *text* with any non-ASCII digits and separators turned into ASCII."""
    return text.translate(_DIGITS)


_NUMBER = re.compile(r"^[+-]?(\d+|\d{1,3}( \d{3})+)([.,]\d+)?$")


def parse_decimal(value) -> Decimal:
    """Parse a number written by a person: '1 801,80', '١٨٠١٫٨٠', 1801.8 ...

    Raises ValueError with a plain message if it is not a number.
    """
    if isinstance(value, bool):
        raise ValueError(f"expected a number, got {value!r}")
    if isinstance(value, (int, float, Decimal)):
        return _finite(Decimal(repr(value)) if isinstance(value, float) else Decimal(value))
    if not isinstance(value, str):
        raise ValueError(f"expected a number, got {value!r}")
    text = normalise_digits(value).strip().replace("€", "").strip()
    if not _NUMBER.match(text):
        raise ValueError(f"{value!r} is not a number (write it like 1801.80)")
    text = text.replace(" ", "").replace(",", ".")
    try:
        return _finite(Decimal(text))
    except InvalidOperation:  # pragma: no cover - the regex already filtered
        raise ValueError(f"{value!r} is not a number") from None


def _finite(number: Decimal) -> Decimal:
    """NaN and infinities cannot be compared, and huge exponents cannot be converted: refused."""
    if not number.is_finite() or number.adjusted() > MAX_EXPONENT:
        raise ValueError("the number is not finite or is too large")
    return number


MAX_EXPONENT = 15  # no amount, count or duration reaches 10**15; int() of 1E+999999999 would not end


def parse_integer(value) -> int:
    number = parse_decimal(value)
    if number != number.to_integral_value():
        raise ValueError(f"{value!r} is not a whole number")
    return int(number)


_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DATE_FR = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")  # 15/07/2024, as written in France and Belgium


def parse_date(value) -> dt.date:
    """Parse an ISO date (or DD/MM/YYYY); an impossible date is an error."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected a date like 2024-07-15, got {value!r}")
    text = normalise_digits(value).strip()
    match = _DATE.match(text)
    if match:
        y, m, d = (int(g) for g in match.groups())
    else:
        match = _DATE_FR.match(text)
        if not match:
            raise ValueError(f"{value!r} is not a date (write it as YYYY-MM-DD, e.g. 2024-07-15)")
        d, m, y = (int(g) for g in match.groups())
    try:
        return dt.date(y, m, d)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a real calendar date ({exc})") from None


def parse_datetime(value) -> dt.datetime:
    """Parse an ISO date-time; naive values are taken as Europe/Paris-independent UTC offsets given."""
    if isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected a date and time like 2024-07-15T14:30, got {value!r}")
    text = normalise_digits(value).strip()
    day, _, hour = text.partition(" ")
    if _DATE_FR.match(day) and hour:  # 15/07/2024 14:30, as people write it (and the review screen shows it)
        try:
            clock = dt.time.fromisoformat(hour.strip())
        except ValueError:
            raise ValueError(f"{value!r} is not a real date and time (write it as 15/07/2024 14:30)") from None
        return dt.datetime.combine(parse_date(day), clock)
    text = text.replace(" ", "T", 1)
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{value!r} is not a real date and time (write it as 2024-07-15T14:30)") from None
