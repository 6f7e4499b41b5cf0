import datetime as dt
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
    assert run(comp, '$full_months_between(start, filing, "last_day")', start=d(2024, 5, 10),
               filing=d(2025, 11, 10)) == 18
    assert run(comp, '$age(start, filing, "last_day")', start=d(2007, 11, 2), filing=d(2025, 11, 2)) == 18
    assert run(comp, "$days_between(start, filing)", start=d(2025, 1, 1), filing=d(2025, 3, 1)) == 59
    assert run(comp, '$add_months(start, 1, "last_day") == d"2025-02-28"', start=d(2025, 1, 31)) is True
    assert run(comp, "$max(n - 2, 0)", n=1) == 0
    assert run(comp, "$round(amount * 1.1, 2)", amount=Decimal("1801.80")) == Decimal("1981.98")


def test_missing_fact_raises_missing(comp):
    with pytest.raises(Missing):
        run(comp, "amount > 3")


@pytest.mark.parametrize("text, fragment", [
    ("amout > 3", "did you mean 'amount'"),
    ("start > 3", "type error"),
    ('$add_months(start, 1) > filing', "end-of-month rule"),
    ('$today > start', "unknown function $today"),
    ('status == "refugie"', "did you mean 'refugee'"),
    ('status in ["refugee", "residense_permit"]', "did you mean 'residence_permit'"),
    ("amount >", "syntax error"),
    ('$param("nope", filing) > 1', "unknown parameter"),
])
def test_load_time_errors(comp, text, fragment):
    with pytest.raises(ExpressionError, match=None) as info:
        comp.compile(text)
    assert fragment in str(info.value)


def test_compiled_expressions_are_cached(comp):
    assert comp.compile("amount > 3") is comp.compile("amount > 3")
