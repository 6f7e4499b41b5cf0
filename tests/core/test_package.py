"""Package-level guarantees: no docassemble import, default rules dir, parser-table cache, load speed."""

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import parcours
from parcours.paths import default_rules_dir

SRC = Path(parcours.__file__).resolve().parent
ROOT = SRC.parents[1]


def test_core_never_imports_docassemble():
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            assert not any(n.startswith("docassemble") for n in names), path


def test_default_rules_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("PARCOURS_RULES_DIR", str(tmp_path))
    assert default_rules_dir() == tmp_path
    monkeypatch.delenv("PARCOURS_RULES_DIR")
    assert default_rules_dir() == ROOT / "rules"


def test_public_api():
    for name in ("load_rules", "evaluate", "CaseFile", "read_rules", "RulesError", "CaseFileError"):
        assert hasattr(parcours, name)


def _fresh_import(cache_home):
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    env.pop("PARCOURS_NO_PARSER_CACHE", None)
    code = (
        "import parcours, sys; from parcours.expressions import Compiler; "
        "print('rule_engine.parser.parsetab' in sys.modules, Compiler({'a': 'integer'}, {}).compile('a > 1').text)"
    )
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=ROOT / "src")


def test_parser_table_cache_is_safe(tmp_path):
    first = _fresh_import(tmp_path)
    assert first.returncode == 0 and first.stdout.split() == ["False", "a", ">", "1"]
    (cache,) = (tmp_path / "parcours").glob("*.json")
    assert json.loads(cache.read_text())["signature"]
    second = _fresh_import(tmp_path)
    assert second.stdout.split()[0] == "True"
    cache.write_text("{not json", encoding="utf-8")  # a corrupt cache is ignored, never fatal
    third = _fresh_import(tmp_path)
    assert third.returncode == 0 and third.stdout.split()[0] == "False"


# Loading speed is a budget of `make bench` (parcours.bench), not a timed test.


def test_load_rules_cache_reloads_on_change(tmp_path):
    import shutil
    import time

    from parcours import load_rules, loader

    shutil.copytree(Path(__file__).parent / "fixtures" / "rules", tmp_path / "rules")
    first = load_rules(tmp_path / "rules")
    assert load_rules(tmp_path / "rules") is first
    facts = tmp_path / "rules" / "fr" / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    time.sleep(loader.RECHECK_SECONDS)  # the files are looked at again after this long
    assert load_rules(tmp_path / "rules") is not first


def test_corrupt_parser_cache_is_rewritten(tmp_path):
    _fresh_import(tmp_path)
    (cache,) = (tmp_path / "parcours").glob("*.json")
    cache.write_text("{not json", encoding="utf-8")
    _fresh_import(tmp_path)
    assert _fresh_import(tmp_path).stdout.split()[0] == "True"


def test_schema_cache_never_hides_an_edit(tmp_path, monkeypatch):
    import shutil

    from parcours.loader import read_rules

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("PARCOURS_NO_CACHE", raising=False)
    rules = tmp_path / "rules"
    shutil.copytree(Path(__file__).parent / "fixtures" / "rules", rules)
    first = read_rules(rules)
    assert not first.errors and list((tmp_path / "cache" / "parcours").glob("rules-*.pickle"))
    again = read_rules(rules)  # from the cache: same result
    assert sorted(again.procedures) == sorted(first.procedures) and not again.errors
    target = rules / "fr" / "asylum" / "cnda_appeal.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("citations:", "citation:", 1), encoding="utf-8")
    edited = read_rules(rules)
    assert any("unknown key 'citation'" in d.message for d in edited.errors)
