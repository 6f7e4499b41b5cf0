import datetime as dt
import re
from decimal import Decimal

import pytest

from parcours.expressions import Compiler, Env, ExpressionError, Missing, to_engine

FACTS = {"start": "date", "filing": "date", "amount": "money", "status": "enum", "n": "integer"}


@pytest.fixture
def comp():
    return Compiler(FACTS, {}, enum_values={"status": ("refugee", "residence_permit")})


def run(comp, text, **facts):
    return comp.compile(text, None).evaluate(Env({k: to_engine(v) for k, v in facts.items()}))


def test_builtins(comp):
    d = dt.date
    assert (
        run(comp, '$full_months_between(start, filing, "last_day")', start=d(2024, 5, 10), filing=d(2025, 11, 10)) == 18
    )
    assert run(comp, '$age(start, filing, "last_day")', start=d(2007, 11, 2), filing=d(2025, 11, 2)) == 18
    assert run(comp, "$days_between(start, filing)", start=d(2025, 1, 1), filing=d(2025, 3, 1)) == 59
    assert run(comp, '$add_months(start, 1, "last_day") == d"2025-02-28"', start=d(2025, 1, 31)) is True
    assert run(comp, "$max(n - 2, 0)", n=1) == 0
    assert run(comp, "$round(amount * 1.1, 2)", amount=Decimal("1801.80")) == Decimal("1981.98")


def test_missing_fact_raises_missing(comp):
    with pytest.raises(Missing):
        run(comp, "amount > 3")


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("amout > 3", "did you mean 'amount'"),
        ("start > 3", "type error"),
        ('$add_months(start, 1) > filing', "end-of-month rule"),
        ('$today > start', "unknown function $today"),
        ('status == "refugie"', "did you mean 'refugee'"),
        ('status in ["refugee", "residense_permit"]', "did you mean 'residence_permit'"),
        ("amount >", "syntax error"),
        ('$param("nope", filing) > 1', "unknown parameter"),
    ],
)
def test_load_time_errors(comp, text, fragment):
    with pytest.raises(ExpressionError, match=None) as info:
        comp.compile(text)
    assert fragment in str(info.value)


def test_compiled_expressions_are_cached(comp):
    assert comp.compile("amount > 3") is comp.compile("amount > 3")


def test_add_working_days_skips_weekends_and_public_holidays_of_the_named_calendar(comp):
    d = dt.date
    # Friday 9 May 2025 + 2 jours ouvrés: Monday 12 May, Tuesday 13 May
    assert run(comp, '$add_working_days(start, 2, "fr", "mon_fri") == d"2025-05-13"', start=d(2025, 5, 9)) is True
    # Wednesday 7 May + 1: 8 May is a French public holiday (Victoire 1945), not a Belgian one
    assert run(comp, '$add_working_days(start, 1, "fr", "mon_fri") == d"2025-05-09"', start=d(2025, 5, 7)) is True
    assert run(comp, '$add_working_days(start, 1, "be", "mon_fri") == d"2025-05-08"', start=d(2025, 5, 7)) is True
    # jours ouvrables count Saturdays: Friday 9 May + 1 = Saturday 10 May
    assert run(comp, '$add_working_days(start, 1, "fr", "mon_sat") == d"2025-05-10"', start=d(2025, 5, 9)) is True


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("$add_working_days(start, 2)", 'calendar as "fr" or "be"'),
        ('$add_working_days(start, 2, "nl", "mon_fri")', 'calendar as "fr" or "be"'),
        ('$add_working_days(start, 2, "fr")', 'working week as "mon_fri"'),
        ('$add_working_days(start, 2, "fr", "weekdays")', 'working week as "mon_fri"'),
    ],
)
def test_add_working_days_needs_its_calendar_and_week_written_out(comp, text, fragment):
    with pytest.raises(ExpressionError, match=re.escape(fragment)):
        comp.compile(f"{text} > start", None)
