"""Hostile case files, as an attacker would send them to the import screen: each one is refused
quickly, in bounded memory, with a message in every language that names what to fix and never
repeats the value it refused (messages and exception texts reach logs)."""

from __future__ import annotations

import json
import time
import tracemalloc

import pytest

from parcours import CaseFile, CaseFileError, i18n

MARKER = "Zqxmarker"  # stands for personal data: must never come back in a message

VALID = {
    "format_version": 1,
    "jurisdiction": "fr",
    "persons": [{"id": "child1", "role": "child", "birth_date": "2015-03-02"}],
    "facts": {
        "seeking_asylum": True,
        "applicant_birth_date": "1990-01-31",
        "household_size": 3,
        "applicant_nationality": "afghane",
        "children": ["child1"],
    },
}


def _json(facts=None, **top) -> str:
    doc = {**VALID, **top}
    if facts is not None:
        doc["facts"] = {**VALID["facts"], **facts}
    return json.dumps(doc)


BILLION_LAUGHS = """format_version: 1
jurisdiction: fr
facts:
  applicant_nationality: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
  c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
  d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
  e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
  f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
  g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
  h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
  i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""
DEEP = 50_000
HUGE_INT = "9" * 5000

HOSTILE = [
    # (name, file name, text, expected code)
    ("billion laughs", "case.yaml", BILLION_LAUGHS, "casefile.yaml_feature"),
    (
        "one alias",
        "case.yaml",
        "format_version: 1\njurisdiction: fr\nfacts:\n  a: &x 1\n  b: *x\n",
        "casefile.yaml_feature",
    ),
    (
        "50,000-deep YAML",
        "case.yaml",
        "format_version: 1\njurisdiction: fr\nfacts:\n  x: " + "[" * DEEP + "]" * DEEP + "\n",
        "casefile.too_deep",
    ),
    (
        "50,000-deep YAML mappings",
        "case.yaml",
        "format_version: 1\njurisdiction: fr\nfacts:\n  x: " + "{a: " * DEEP + "1" + "}" * DEEP + "\n",
        "casefile.too_deep",
    ),
    (
        "50,000-deep JSON",
        "case.json",
        _json().replace('"facts": {', '"facts": {"x": ' + "[" * DEEP + "]" * DEEP + ", ", 1),
        "casefile.too_deep",
    ),
    (
        "!!binary",
        "case.yaml",
        "format_version: 1\njurisdiction: fr\nfacts:\n  applicant_nationality: !!binary aGVsbG8=\n",
        "casefile.yaml_feature",
    ),
    (
        "!!python/object",
        "case.yaml",
        "format_version: 1\njurisdiction: fr\nfacts:\n  applicant_nationality: "
        "!!python/object/apply:os.system [echo pwned]\n",
        "casefile.yaml_feature",
    ),
    (
        "local tag",
        "case.yaml",
        f"format_version: 1\njurisdiction: fr\nfacts:\n  applicant_nationality: !x {MARKER}\n",
        "casefile.yaml_feature",
    ),
    (
        "huge integer in JSON",
        "case.json",
        _json().replace('"household_size": 3', f'"household_size": {HUGE_INT}'),
        "casefile.number_too_long",
    ),
    (
        "huge integer in YAML",
        "case.yaml",
        f"format_version: 1\njurisdiction: fr\nfacts:\n  household_size: {HUGE_INT}\n",
        "casefile.number_too_long",
    ),
    ("huge exponent", "case.json", _json({"household_size": "1E+999999999"}), "casefile.bad_value"),
    (
        "not a number",
        "case.json",
        _json({"household_size": float("nan")}).replace("NaN", '"NaN"'),
        "casefile.bad_value",
    ),
    ("10 MB string", "case.json", _json({"applicant_nationality": MARKER * 1_000_000}), "casefile.too_large"),
    (
        "30,000-character string",
        "case.json",
        _json({"applicant_nationality": MARKER * 3_000}),
        "casefile.text_too_long",
    ),
    (
        "30,000-character key",
        "case.yaml",
        "format_version: 1\njurisdiction: fr\nfacts:\n  " + "k" * 30_000 + ": 1\n",
        "casefile.text_too_long",
    ),
    (
        "100,000 values",
        "case.json",
        _json(children=None).replace('"facts": {', '"facts": {"x": [' + "1," * 100_000 + "1], ", 1),
        "casefile.too_large",
    ),
    (
        "two documents",
        "case.yaml",
        "format_version: 1\njurisdiction: fr\nfacts: {}\n---\nfoo: 1\n",
        "casefile.not_yaml",
    ),
    ("unknown fact", "case.json", _json({"is_admin": True}), "casefile.unknown_fact"),
    ("wrong type: text for a bool", "case.json", _json({"seeking_asylum": MARKER}), "casefile.bad_value"),
    ("wrong type: list for a text", "case.json", _json({"applicant_nationality": [MARKER]}), "casefile.bad_value"),
    (
        "wrong type: mapping for a date",
        "case.json",
        _json({"applicant_birth_date": {"x": MARKER}}),
        "casefile.bad_value",
    ),
    ("impossible date", "case.json", _json({"applicant_birth_date": "1990-02-30"}), "casefile.bad_value"),
    ("unknown enum value", "case.json", _json({"asylum_procedure_type": MARKER.lower()}), "casefile.bad_value"),
    ("undeclared person", "case.json", _json({"children": ["child1", "Zqxmarker"]}), "casefile.unknown_person"),
    (
        "impossible birth date",
        "case.json",
        _json(persons=[{"id": "child1", "role": "child", "birth_date": f"{MARKER}-02-30"}]),
        "casefile.bad_person",
    ),
    (
        "unknown person field",
        "case.json",
        _json(persons=[{"id": "child1", "role": "child", "script": f"<script>{MARKER}</script>"}]),
        "casefile.schema",
    ),
    ("wrong jurisdiction", "case.json", _json(jurisdiction=f"<b>{MARKER}</b>"), "casefile.schema"),
    ("wrong type of note", "case.json", _json(notes={"x": MARKER}), "casefile.schema"),
]


@pytest.mark.parametrize("name, source, text, code", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_hostile_case_file_is_refused_quickly_with_a_translated_message(name, source, text, code):
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(CaseFileError) as info:
            CaseFile.from_outside(text, source)
        elapsed = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    print(f"{name}: refused in {elapsed * 1000:.0f} ms")  # a figure, not a timed test (make bench holds budgets)
    assert peak < 64 * 1024 * 1024 + 4 * len(text), f"{name}: {peak / 2**20:.0f} MiB"
    first = info.value.diagnostics[0]
    assert first.code == code, (name, first)
    for lang in i18n.LANGS:
        message = i18n.describe(first, lang)
        assert message == i18n.ui(code, lang, **dict(first.params)), (lang, message)
        assert "{" not in message and MARKER.lower() not in message.lower(), (lang, message)
    assert i18n.describe(first, "ar") != i18n.describe(first, "fr")
    # What docassemble would log if this reached an interview: no value of the file.
    assert MARKER.lower() not in str(info.value).lower(), str(info.value)[:300]


def test_a_valid_case_file_still_imports():
    case = CaseFile.from_outside(_json(), "case.json")
    assert case.facts["household_size"] == 3 and case.persons[0].id == "child1"
    exported = CaseFile.from_outside(case.to_json(), "again.json")
    assert exported.to_dict() == case.to_dict()


def test_rule_files_keep_their_anchors_and_merge_keys():
    """Only case files from outside are bounded: the legal team's YAML tests keep `<<: *base`."""
    from parcours.yamlio import load_text

    doc = load_text("base: &b {x: 1}\ncase:\n  <<: *b\n  y: 2\n")
    assert doc["case"] == {"x": 1, "y": 2}


def test_every_problem_of_a_case_is_named_not_only_the_first():
    text = _json({"seeking_asylum": MARKER, "household_size": "three", "is_admin": True})
    with pytest.raises(CaseFileError) as info:
        CaseFile.from_outside(text, "case.json")
    assert {d.params for d in info.value.diagnostics} >= {
        (("fact", "seeking_asylum"),),
        (("fact", "household_size"),),
        (("fact", "is_admin"),),
    }
