"""The schema check has a fast path (fastjsonschema) that is only trusted when it says a file is
valid. It must never call valid a file that jsonschema refuses: checked on every rule file, every
deliberately broken one, and a few hundred mutations of the real files."""

from __future__ import annotations

import copy
import random
from pathlib import Path

import fastjsonschema
import pytest

from parcours import schema
from parcours.loader import KINDS
from parcours.yamlio import load_text

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted((ROOT / "rules").rglob("*.yaml")) + sorted((ROOT / "tests" / "core" / "broken").rglob("*.yaml"))


def _verdicts(doc):
    definition = f"{doc.get('kind')}_file"
    slow = not any(True for _ in schema._validator("rules.schema.json", definition).iter_errors(doc))
    try:
        schema._fast_check("rules.schema.json", definition)(doc)
        fast = True
    except fastjsonschema.JsonSchemaException:
        fast = False
    return fast, slow


def _docs():
    for path in FILES:
        try:
            doc = load_text(path.read_text(encoding="utf-8"), path)
        except Exception:  # noqa: BLE001 - not YAML at all: the schema never sees it
            continue
        if isinstance(doc, dict) and doc.get("kind") in KINDS:
            yield path, doc


def _mappings(node, out):
    if isinstance(node, dict):
        out.append(node)
        for value in node.values():
            _mappings(value, out)
    elif isinstance(node, list):
        for value in node:
            _mappings(value, out)
    return out


def _mutate(doc, rng: random.Random):
    doc = copy.deepcopy(doc)
    target = rng.choice(_mappings(doc, []))
    keys = [k for k in target if k != "kind"]
    action = rng.choice(("unknown key", "drop key", "wrong type", "empty"))
    if action == "unknown key" or not keys:
        target["citatons"] = "x"
    else:
        key = rng.choice(keys)
        if action == "drop key":
            del target[key]
        elif action == "wrong type":
            target[key] = [] if not isinstance(target[key], list) else "text"
        else:
            target[key] = None
    return doc


def test_every_rule_file_gets_the_same_verdict_from_both_checks():
    docs = list(_docs())
    assert len(docs) > 100
    for path, doc in docs:
        fast, slow = _verdicts(doc)
        assert fast == slow, f"{path}: fastjsonschema says {fast}, jsonschema says {slow}"


@pytest.mark.parametrize("seed", range(4))
def test_mutated_rule_files_are_never_passed_by_the_fast_check_alone(seed):
    rng = random.Random(seed)
    docs = [doc for _, doc in _docs()]
    refused = 0
    for _ in range(150):
        mutant = _mutate(rng.choice(docs), rng)
        fast, slow = _verdicts(mutant)
        assert not (fast and not slow), f"passed by fastjsonschema, refused by jsonschema: {mutant}"
        refused += not slow
    assert refused > 50  # the mutations do break files: the comparison means something
