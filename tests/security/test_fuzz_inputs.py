"""Fuzzing the two doors through which outside data enters the core: the case-file import
(kiosk hand-over, volunteer import) and the rules loader (the legal team's files). Whatever
comes in, the answer is a clear error naming the file and the field, never a crash."""

from __future__ import annotations

import json

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parcours import CaseFileError, ParcoursError, read_rules
from parcours.casefile import CaseFile

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.dates().map(str),
)
json_like = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=5)),
    max_leaves=25,
)
case_like = st.fixed_dictionaries(
    {
        "format_version": st.one_of(st.just(1), scalars),
        "jurisdiction": st.one_of(st.sampled_from(["fr", "be"]), scalars),
    },
    optional={
        "facts": st.dictionaries(
            st.sampled_from(
                ["filing_date", "household_size", "children", "sponsor_legal_status", "spouse_joining", "x"]
            ),
            json_like,
        ),
        "persons": st.lists(
            st.dictionaries(st.sampled_from(["id", "role", "birth_date", "given_name"]), scalars), max_size=3
        ),
    },
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=200), json_like.map(json.dumps), case_like.map(json.dumps)))
def test_case_file_import_never_crashes(text):
    try:
        CaseFile.from_text(text, source="fuzz.json")
    except CaseFileError as e:
        assert "fuzz.json" in str(e)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(
    st.one_of(
        st.text(max_size=300),
        json_like.map(lambda d: yaml.safe_dump(d, allow_unicode=True)),
        st.dictionaries(
            st.sampled_from(["kind", "id", "jurisdiction", "facts", "versions", "values"]), json_like, max_size=5
        ).map(yaml.safe_dump),
    )
)
def test_rules_loader_never_crashes(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("rules")
    (folder / "fuzz.yaml").write_text(text, encoding="utf-8")
    try:
        rules = read_rules(folder)
    except ParcoursError:
        return
    for d in rules.diagnostics:
        assert d.file and d.message
