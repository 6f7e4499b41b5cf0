"""Case files: bad input gives a clear message naming the file, the field and the fix."""

import json
from pathlib import Path

import pytest

from parcours import CaseFile, CaseFileError, evaluate
from parcours.numerals import normalise_digits, parse_date, parse_decimal

ROOT = Path(__file__).resolve().parents[2]

CASES = ROOT / "tests" / "core" / "cases"


def load(text, name="case.yaml"):
    return CaseFile.from_text(text, name)


def errors_of(exc_info):
    return [d.format() for d in exc_info.value.diagnostics]


def test_roundtrip(tmp_path):
    case = CaseFile.load(CASES / "rf_eligible.json")
    out = tmp_path / "copy.json"
    case.save(out)
    again = CaseFile.load(out)
    assert again.facts == case.facts and again.persons == case.persons
    assert json.loads(out.read_text())["format_version"] == 1


def test_newer_version_is_refused_with_a_fix():
    with pytest.raises(CaseFileError) as info:
        load("format_version: 2\njurisdiction: fr\nfacts: {}\n")
    (message,) = errors_of(info)
    assert message.startswith("case.yaml:1:") and "newer" in message and "update parcours" in message


def test_impossible_date(rules):
    case = load("format_version: 1\njurisdiction: fr\nfacts:\n  filing_date: 2025-02-30\n")
    with pytest.raises(CaseFileError) as info:
        evaluate(case, "2025-03-01", rules=rules)
    (message,) = errors_of(info)
    assert message.startswith("case.yaml:4: facts.filing_date:") and "not a real calendar date" in message


def test_negative_amount(rules):
    case = load("format_version: 1\njurisdiction: fr\nfacts:\n  sponsor_average_monthly_resources: -10\n")
    with pytest.raises(CaseFileError) as info:
        evaluate(case, "2025-03-01", rules=rules)
    assert "cannot be negative" in errors_of(info)[0] and "case.yaml:4" in errors_of(info)[0]


def test_unknown_fact_suggests(rules):
    case = load("format_version: 1\njurisdiction: fr\nfacts:\n  filing_dat: 2025-01-01\n")
    with pytest.raises(CaseFileError) as info:
        evaluate(case, "2025-03-01", rules=rules)
    assert "did you mean 'filing_date'" in errors_of(info)[0]


def test_bad_enum_and_unknown_person(rules):
    case = load("format_version: 1\njurisdiction: fr\nfacts:\n  sponsor_legal_status: refugie\n  children: [nobody]\n")
    with pytest.raises(CaseFileError) as info:
        evaluate(case, "2025-03-01", rules=rules)
    messages = errors_of(info)
    assert len(messages) == 2  # every problem at once
    assert "did you mean 'refugee'" in messages[0] and "names a person id not declared" in messages[1]


def test_malformed_yaml_and_json():
    with pytest.raises(CaseFileError) as info:
        load("format_version: 1\nfacts: [\n")
    assert "not valid YAML" in errors_of(info)[0]
    with pytest.raises(CaseFileError) as info:
        load('{"format_version": 1,\n "facts": }', "case.json")
    assert errors_of(info)[0].startswith("case.json:2: this is not valid JSON")


def test_schema_errors_name_the_field():
    with pytest.raises(CaseFileError) as info:
        load("format_version: 1\njurisdiction: fr\nfact: {}\n")
    text = " ".join(errors_of(info))
    assert "unknown key 'fact'" in text and "did you mean 'facts'" in text


def test_eastern_arabic_and_persian_digits(rules):
    assert normalise_digits("٢٠٢٤-٠٧-١٥") == "2024-07-15"
    assert parse_date("۱۴۰۳-۰۱-۰۱".replace("۱۴۰۳", "۲۰۲۴")) == parse_date("2024-01-01")
    assert str(parse_decimal("١٨٠١٫٨٠")) == "1801.80"
    assert str(parse_decimal("1 801,80")) == "1801.80"
    assert str(parse_decimal("\u200f۱۹۸۱٫۹۸\u200f")) == "1981.98"
    with pytest.raises(ValueError):
        parse_decimal("12abc")
    case = load("format_version: 1\njurisdiction: fr\nfacts:\n  filing_date: '٢٠٢٥-١١-٠١'\n  household_size: '٤'\n")
    facts = case.typed_facts(rules.catalogue("fr"))
    assert facts["filing_date"].isoformat() == "2025-11-01" and facts["household_size"] == 4


def test_null_means_unknown(rules):
    case = load(
        "format_version: 1\njurisdiction: fr\nfacts:\n  filing_date: null\n  sponsor_legal_status: residence_permit\n"
    )
    result = evaluate(case, "2025-11-01", rules=rules).procedure("fr.regroupement_familial")
    assert result.status == "unknown" and result.missing_facts[0].id == "filing_date"


def test_example_case_evaluates(rules):
    result = evaluate(CaseFile.load(CASES / "rf_eligible.json"), "2025-11-02", rules=rules)
    rf = result.procedure("fr.regroupement_familial")
    assert rf.status == "eligible"
    assert rf.criterion("length_of_stay").exception == "algerian_12_months"
    assert str(rf.computed["resources_threshold"]) == "1801.80"


def test_the_team_note_travels_with_the_case():
    """The volunteer's note leaves in the file and comes back when the file is read again; a file
    without one (format 1 from before) still reads, with no note; a note that is not text is refused."""
    note = "RDV avocate le 15/12 : apporter la décision OFPRA"
    case = CaseFile.from_dict(
        {"format_version": 1, "jurisdiction": "fr", "case_id": "AB-12", "notes": note, "facts": {}}
    )
    again = CaseFile.from_text(case.to_json(), "dossier.json")
    assert again.notes == note and again.case_id == "AB-12"
    assert json.loads(case.to_json())["notes"] == note
    older = CaseFile.from_dict({"format_version": 1, "jurisdiction": "fr", "facts": {}})
    assert older.notes == "" and "notes" not in older.to_dict()
    with pytest.raises(CaseFileError):
        CaseFile.from_dict({"format_version": 1, "jurisdiction": "fr", "facts": {}, "notes": {"x": 1}})
