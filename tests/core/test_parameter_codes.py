"""Parameters of type `codes`: a dated list of short codes (lists of safe countries of origin)."""

import datetime as dt

import pytest

from parcours.expressions import Compiler, Env, ExpressionError, Missing, to_engine
from parcours.parameters import NoValue, parse_parameter
from parcours.yamlio import load_text


class Collector:
    def __init__(self):
        self.errors = []

    def error(self, file, line, message, hint=None):
        self.errors.append(message)


SAFE = """
kind: parameter
id: be.test.safe_countries
label: {fr: "Pays sûrs", en: "Safe countries"}
type: codes
values:
  2025-12-15:
    value: [AL, MA]
    references: [{article: "AR", url: "https://example.org"}]
    reviewed_on: 2026-12-06
  2026-06-12:
    value: [AL]
    references: [{article: "AR", url: "https://example.org"}]
    reviewed_on: 2026-12-06
"""
AMOUNT = """
kind: parameter
id: be.test.amount
label: {fr: "Montant", en: "Amount"}
type: money
values:
  2025-01-01: {value: 10, references: [{article: "X", url: "https://example.org"}], reviewed_on: 2026-12-06}
"""


def _parameter(text):
    collector = Collector()
    parameter = parse_parameter(load_text(text, "test.yaml"), "test.yaml", collector)
    return parameter, collector.errors


@pytest.fixture
def comp():
    params = {p.id: p for p in (_parameter(SAFE)[0], _parameter(AMOUNT)[0])}
    return Compiler({"nationality": "text", "lodged": "date"}, params)


def run(comp, text, **facts):
    return comp.compile(text).evaluate(Env({k: to_engine(v) for k, v in facts.items()}))


def test_membership_follows_the_list_in_force_on_the_date(comp):
    text = 'nationality in $param_codes("be.test.safe_countries", lodged)'
    assert run(comp, text, nationality="MA", lodged=dt.date(2026, 6, 11)) is True
    assert run(comp, text, nationality="MA", lodged=dt.date(2026, 6, 12)) is False
    assert run(comp, text, nationality="AL", lodged=dt.date(2026, 6, 12)) is True
    with pytest.raises(Missing):
        run(comp, text, lodged=dt.date(2026, 6, 12))


def test_no_list_before_the_first_value(comp):
    parameter = comp.parameters["be.test.safe_countries"]
    with pytest.raises(NoValue):
        parameter.codes_at(dt.date(2025, 12, 14))
    assert parameter.codes_at(dt.date(2025, 12, 15)) == ("AL", "MA")


@pytest.mark.parametrize(
    "text, fragment",
    [
        ('nationality in $param_codes("be.test.amount", lodged)', "use $param(...)"),
        ('$param("be.test.safe_countries", lodged) > 1', "use $param_codes(...)"),
    ],
)
def test_the_function_must_match_the_parameter_type(comp, text, fragment):
    with pytest.raises(ExpressionError) as info:
        comp.compile(text)
    assert fragment in str(info.value)


@pytest.mark.parametrize("value", ["AL", "[1, 2]", "[]", '["A L"]'])
def test_a_codes_value_must_be_a_list_of_codes(value):
    parameter, errors = _parameter(SAFE.replace("[AL, MA]", value))
    assert errors and "must be a list of codes" in errors[0]
