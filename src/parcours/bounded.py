"""Bounds on case files from outside, checked before anything is built from them.

A case file can come from anyone (another association, a USB stick, an attacker). Building
Python objects from hostile YAML or JSON can exhaust the server: aliases expand ("billion
laughs"), deep nesting overflows the C stack of the composer or the recursion of ``json``, a
huge integer takes quadratic time to convert. So the text is first walked as a flat stream
(libyaml's events, a regular-expression scan for JSON) with counters, and refused at the first
limit it crosses; only then is it parsed. Rule files, written by the legal team, are not read
through here and keep their anchors and merge keys.

Every refusal is a Diagnostic with a stable code (translated in ``translations/ui``) and never
quotes the text it refuses.
"""

from __future__ import annotations

import re

import yaml

from .errors import CaseFileError, diag

MAX_CHARS = 1024 * 1024  # a case file is a few kilobytes; the import screen takes 1 MB files
MAX_DEPTH = 8  # top level > persons > person > value: 4 is enough
MAX_STRING = 20_000  # the longest free-text answer the web screens accept
MAX_VALUES = 20_000  # scalars, lists and mappings in all
MAX_DIGITS = 40  # a number longer than this is not an amount, a date or a count

try:  # libyaml parses without recursion; the pure-Python parser is the fallback
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

# Plain YAML scalars that could resolve to an int or a float (any base, sexagesimal, exponent).
_NUMBERISH = re.compile(r"[-+]?[0-9a-fA-FxXoObB_.,:eE]+")
# A JSON string, unrolled so the scan is linear: "...", with backslash escapes.
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_JSON_BRACKET = re.compile(r"[\[\]{}]")
_LONG_NUMBER = re.compile(rf"[0-9]{{{MAX_DIGITS + 1},}}")


def _refuse(source: str, code: str, message: str, hint: str, line: int | None = None, **params):
    raise CaseFileError([diag(source, line, message, hint, code=code, **params)])


def check_size(text: str, source: str) -> None:
    if len(text) > MAX_CHARS:
        _refuse(
            source,
            "casefile.too_large",
            f"the file is larger than {MAX_CHARS // 1024} KB",
            "a case file exported by parcours is a few kilobytes",
            max_kb=MAX_CHARS // 1024,
        )


def check_json(text: str, source: str) -> None:
    """Depth, string length and number length of JSON text, without building anything."""
    for match in _JSON_STRING.finditer(text):
        if match.end() - match.start() - 2 > MAX_STRING:
            _refuse(
                source,
                "casefile.text_too_long",
                f"a text is longer than {MAX_STRING} characters",
                "shorten it",
                line=text.count("\n", 0, match.start()) + 1,
                max=MAX_STRING,
            )
    outside = _JSON_STRING.sub('""', text)
    if _LONG_NUMBER.search(outside):
        _refuse(
            source,
            "casefile.number_too_long",
            f"a number has more than {MAX_DIGITS} digits",
            "write amounts, counts and dates as parcours exports them",
            max=MAX_DIGITS,
        )
    depth = values = 0
    for match in _JSON_BRACKET.finditer(outside):
        if match.group() in "[{":
            depth += 1
            values += 1
            if depth > MAX_DEPTH:
                _refuse(
                    source,
                    "casefile.too_deep",
                    f"lists and mappings are nested more than {MAX_DEPTH} deep",
                    "a case file exported by parcours is nested 4 deep at most",
                    max=MAX_DEPTH,
                )
            if values > MAX_VALUES:
                _too_many(source)
        else:
            depth -= 1


def _too_many(source: str):
    _refuse(
        source,
        "casefile.too_large",
        f"the file holds more than {MAX_VALUES} values",
        "a case file exported by parcours holds a few hundred",
        max_kb=MAX_CHARS // 1024,
    )


def check_yaml(text: str, source: str) -> None:
    """Walk libyaml's event stream: no anchor, alias or explicit tag (``!!binary``,
    ``!!python/object``...), one document, bounded depth, count, string and number length."""
    depth = values = documents = 0
    loader = _Loader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            line = event.start_mark.line + 1 if event.start_mark else None
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    _refuse(
                        source,
                        "casefile.not_yaml",
                        "more than one YAML document",
                        "keep one case per file",
                        line=line,
                        at_line=line,
                    )
                continue
            if (
                isinstance(event, yaml.AliasEvent)
                or getattr(event, "anchor", None) is not None
                or getattr(event, "tag", None) is not None
            ):
                _refuse(
                    source,
                    "casefile.yaml_feature",
                    "anchors (&), aliases (*) and tags (!) are not allowed in a case file",
                    "write every value out",
                    line=line,
                    at_line=line,
                )
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent, yaml.ScalarEvent)):
                values += 1
                if values > MAX_VALUES:
                    _too_many(source)
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    _refuse(
                        source,
                        "casefile.too_deep",
                        f"lists and mappings are nested more than {MAX_DEPTH} deep",
                        "a case file exported by parcours is nested 4 deep at most",
                        line=line,
                        max=MAX_DEPTH,
                    )
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.ScalarEvent):
                if len(event.value) > MAX_STRING:
                    _refuse(
                        source,
                        "casefile.text_too_long",
                        f"a text is longer than {MAX_STRING} characters",
                        "shorten it",
                        line=line,
                        max=MAX_STRING,
                    )
                if event.implicit[0] and len(event.value) > MAX_DIGITS and _NUMBERISH.fullmatch(event.value):
                    _refuse(
                        source,
                        "casefile.number_too_long",
                        f"a number has more than {MAX_DIGITS} digits",
                        "write amounts, counts and dates as parcours exports them",
                        line=line,
                        max=MAX_DIGITS,
                    )
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        _refuse(
            source,
            "casefile.not_yaml",
            f"this is not valid YAML: {exc.problem or 'malformed'}",
            "check the indentation and that every 'key: value' has a space after the colon",
            line=line,
            at_line=line or "?",
        )
    except yaml.YAMLError:  # pragma: no cover - non-marked errors are rare
        _refuse(source, "casefile.not_yaml", "this is not valid YAML", "export the case again", at_line="?")
    finally:
        loader.dispose()
