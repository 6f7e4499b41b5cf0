"""JSON Schema validation of rule, test and case files, with plain messages.

jsonschema finds the problems; this module rewrites them for a lawyer:
``file:line: unknown key 'citation' in criterion; did you mean 'citations'?``
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import marshal
import os
import re
import sys
from functools import lru_cache
from importlib import resources

import fastjsonschema
import jsonschema

from .doccache import cache_dir
from .errors import Diagnostic, diag
from .suggest import did_you_mean
from .yamlio import line_at

# Why a key is required, said once here rather than in every message.
REQUIRED_HINTS = {
    "citations": "every criterion, exception, deadline, document and fee cites its legal basis: "
    "article, url and the LEGIARTI or ELI id where known",
    "status": "write status: verified, or status: to_verify if the source is unsure",
    "reviewed_on": "the date a person last checked this value against the official text",
    "question": "the id of the interview question that asks this fact",
    "sensitivity": "none, health, asylum_account, criminal_record, ... (see rules/README.md)",
    "valid_from": "the first date this version applies to",
    "version_date": "the fact whose date selects the version, e.g. filing_date",
    "explanation": "a plain-language sentence in fr and en",
    "resumes": "resumes: remaining (the days that were left run again) or resumes: anew (the whole delay runs "
    "again: an interruption)",
}


@lru_cache(maxsize=4)
def load_schema(name: str) -> dict:
    text = resources.files("parcours.schemas").joinpath(name).read_text(encoding="utf-8")
    return json.loads(text)


def _definitions_only(schema: dict) -> dict:
    """The schema without its top-level object rules: what remains validates one of its $defs."""
    return {k: v for k, v in schema.items() if k not in ("required", "properties", "type")}


@lru_cache(maxsize=16)
def _validator(name: str, definition: str | None):
    schema = load_schema(name)
    if definition:
        schema = {**_definitions_only(schema), "$ref": f"#/$defs/{definition}"}
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema)


@lru_cache(maxsize=16)
def _fast_check(name: str, definition: str | None):
    """The same schema compiled to Python by fastjsonschema: about 20 times quicker on a valid file,
    but it stops at the first problem and says little. Only its 'valid' is trusted."""
    if definition is None:
        return fastjsonschema.compile(_validator(name, definition).schema)
    suffix = "___defs_" + re.sub(r"\W", "_", definition)
    found = [f for n, f in _fast_module(name).items() if n.startswith("validate_") and n.endswith(suffix)]
    if len(found) != 1:  # pragma: no cover - a definition name the generator spelt differently
        return fastjsonschema.compile(_validator(name, definition).schema)
    return found[0]


@lru_cache(maxsize=4)
def _fast_module(name: str) -> dict:
    """One generated module validating every definition of the schema. Generating and compiling it
    costs about 100 ms, so its bytecode is kept in the cache folder (like a .pyc), keyed by the
    schema, fastjsonschema and Python versions; a missing or unreadable copy is rebuilt."""
    schema = load_schema(name)
    text = json.dumps(schema, sort_keys=True)
    key = hashlib.sha256(f"{text}|{fastjsonschema.VERSION}|{sys.version}".encode()).hexdigest()[:24]
    path = cache_dir() / f"schema-{key}.marshal"
    try:
        code = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        every = _definitions_only(schema)
        every["anyOf"] = [{"$ref": f"#/$defs/{d}"} for d in schema.get("$defs", {})]
        code = compile(fastjsonschema.compile_to_code(every), f"<generated validators of {name}>", "exec")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(marshal.dumps(code))
            tmp.replace(path)
        except OSError:
            pass  # a read-only home: compile again next time
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102 - code generated here from our own schema
    return namespace


def validate(doc, file: str, schema_name: str, definition: str | None = None, quote: bool = True) -> list[Diagnostic]:
    """Every problem of *doc*, each with a ``field`` param (the path). With quote=False the
    messages never repeat a value of the document (case files hold personal data; messages
    reach logs)."""
    try:
        _fast_check(schema_name, definition)(doc)
        return []
    except fastjsonschema.JsonSchemaException:
        pass  # something is wrong: let jsonschema find every problem and explain it
    validator = _validator(schema_name, definition)
    out = []
    seen = set()
    for error in sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path))):
        for leaf in _leaves(error):
            d = _to_diagnostic(leaf, doc, file, repr if quote else _unquoted)
            d = dataclasses.replace(d, params=(("field", _where(list(leaf.absolute_path))),))
            if (d.line, d.message) not in seen:
                seen.add((d.line, d.message))
                out.append(d)
    out.sort(key=lambda d: d.line or 0)
    return out


def _leaves(error):
    """For oneOf/anyOf errors, report the most relevant branch instead of a wall of text."""
    if error.validator in ("oneOf", "anyOf") and error.context:
        # A branch that failed only on its type is the wrong branch; explain the closest one.
        useful = [e for e in error.context if e.validator != "type"]
        best = jsonschema.exceptions.best_match(useful or error.context)
        return [best] if best is not None else [error]
    return [error]


def _where(path) -> str:
    parts = [str(p) if not isinstance(p, int) else f"[{p}]" for p in path]
    return ".".join(parts).replace(".[", "[") or "the top level"


def _unquoted(value) -> str:
    return f"a value of type {type(value).__name__}"


def _to_diagnostic(error, doc, file: str, show=repr) -> Diagnostic:
    path = list(error.absolute_path)
    line = line_at(doc, path)
    where = _where(path)
    v = error.validator
    if v == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        extra = [k for k in error.instance if k not in error.schema.get("properties", {})]
        key = extra[0] if extra else "?"
        key_line = line_at(doc, path + [key])
        if show is not repr and not re.fullmatch(r"[a-z_]{1,30}", str(key)):  # a field name, not a value
            return diag(file, key_line, f"an unknown key in {where}", f"allowed keys: {', '.join(allowed)}")
        hint = did_you_mean(key, allowed).lstrip("; ") or f"allowed keys: {', '.join(allowed)}"
        return diag(file, key_line, f"unknown key {key!r} in {where}", hint)
    if v == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return diag(file, line, f"missing key {missing!r} in {where}", REQUIRED_HINTS.get(missing))
    if v == "enum":
        options = [str(o) for o in error.validator_value]
        hint = did_you_mean(str(error.instance), options).lstrip("; ") if show is repr else ""
        return diag(file, line, f"{where}: {show(error.instance)} is not one of {', '.join(options)}", hint or None)
    if v == "pattern" and "\\d{4}" in str(error.validator_value):
        return diag(file, line, f"{where}: {show(error.instance)} is not a date", "write dates as YYYY-MM-DD")
    if v == "pattern" and path and path[-1] in ("id",) or v == "propertyNames":
        return diag(
            file,
            line,
            f"{where}: {show(error.instance)} is not a valid id",
            "use lower-case letters, digits and _ (e.g. filing_date)",
        )
    if v == "minimum":
        return diag(
            file,
            line,
            f"{where}: {show(error.instance)} is below the minimum {error.validator_value}",
            "amounts and durations cannot be negative",
        )
    if v == "minItems":
        return diag(file, line, f"{where} is empty", f"give at least {error.validator_value}")
    if v == "type":
        wanted = error.validator_value
        wanted = " or ".join(wanted) if isinstance(wanted, list) else wanted
        return diag(file, line, f"{where}: expected {wanted}, got {show(error.instance)}")
    if v == "const":
        return diag(file, line, f"{where}: expected {error.validator_value!r}, got {show(error.instance)}")
    if v == "oneOf" and isinstance(error.instance, dict):
        keys = [k for s in error.validator_value for k in s.get("required", [])]
        return diag(file, line, f"{where}: give exactly one of {', '.join(keys)}")
    return diag(file, line, f"{where}: {error.message if show is repr else v + ' check failed'}")
