"""Calendar arithmetic with the rounding rule always stated.

Adding months or years is ambiguous from the 29th-31st of a month or from
29 February: 31 January + 1 month is either 28/29 February ("last_day",
the French CPC art. 641 reading: the same day of the month, or the last day
of the month if that day does not exist) or 1 March ("next_day"). The caller
must say which; nothing here guesses.
"""

from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache

END_OF_MONTH_RULES = ("last_day", "next_day")
CALENDARS = ("fr", "be")  # public-holiday calendars (the `holidays` package)
WORKING_WEEKS = {"mon_fri": frozenset({5, 6}), "mon_sat": frozenset({6})}  # weekday numbers that are not worked


class AmbiguousDate(ValueError):
    """Month/year arithmetic landed on a day that does not exist and no rule was given."""


def add_months(day: dt.date, months: int, end_of_month: str | None) -> dt.date:
    """*day* + *months* calendar months, applying the stated end-of-month rule."""
    total = day.year * 12 + (day.month - 1) + int(months)
    year, month = divmod(total, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    if day.day <= last:
        return day.replace(year=year, month=month, day=day.day)
    if end_of_month == "last_day":
        return dt.date(year, month, last)
    if end_of_month == "next_day":
        return dt.date(year, month, last) + dt.timedelta(days=1)
    raise AmbiguousDate(
        f"{day.isoformat()} + {months} month(s) has no day {day.day} in {year}-{month:02d}; "
        f"state end_of_month: last_day or next_day"
    )


def add_years(day: dt.date, years: int, end_of_month: str | None) -> dt.date:
    return add_months(day, 12 * int(years), end_of_month)


def full_months_between(start: dt.date, end: dt.date, end_of_month: str | None) -> int:
    """Number of whole months from *start* to *end* (negative if end < start).

    Month n is complete on add_months(start, n) — so the count changes on the
    anniversary day itself, which is how "18 months of residence" is read.
    """
    if end < start:
        return -full_months_between(end, start, end_of_month)
    months = (end.year - start.year) * 12 + (end.month - start.month)
    months = max(months, 0)
    while months > 0 and add_months(start, months, end_of_month) > end:
        months -= 1
    while add_months(start, months + 1, end_of_month) <= end:  # pragma: no cover - defensive
        months += 1
    return months


def age(birth: dt.date, on: dt.date, end_of_month: str | None) -> int:
    """Age in full years on *on*; for 29 February births the rule says when the birthday falls."""
    return full_months_between(birth, on, end_of_month) // 12 if on >= birth else -1


def days_between(start: dt.date, end: dt.date) -> int:
    return (end - start).days


@lru_cache(maxsize=16)
def _calendar(country: str):
    import holidays  # imported lazily: it is only needed for working-day deadlines

    return holidays.country_holidays(country.upper())


def is_public_holiday(day: dt.date, country: str) -> bool:
    return day in _calendar(country)


def holiday_name(day: dt.date, country: str) -> str | None:
    return _calendar(country).get(day)


def is_working_day(day: dt.date, country: str, week: str = "mon_fri") -> bool:
    return day.weekday() not in WORKING_WEEKS[week] and not is_public_holiday(day, country)


def next_working_day(day: dt.date, country: str, week: str = "mon_fri") -> dt.date:
    """*day* itself if it is worked, else the next worked day."""
    while not is_working_day(day, country, week):
        day += dt.timedelta(days=1)
    return day


def add_working_days(day: dt.date, count: int, country: str, week: str = "mon_fri") -> dt.date:
    """The *count*-th working day after *day* (the event day itself never counts)."""
    current = day
    remaining = int(count)
    while remaining > 0:
        current += dt.timedelta(days=1)
        if is_working_day(current, country, week):
            remaining -= 1
    return current
