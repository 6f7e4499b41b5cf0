"""Cache rule-engine's parser tables between processes.

rule-engine builds its LALR parser tables (PLY) every time it is imported,
which costs ~0.35 s per process — more than loading all the rules. PLY can
reuse precomputed tables from a ``parsetab`` module and checks them against
a signature of the grammar, rebuilding them when they do not match. We keep
those tables as plain JSON (data, not code) in the user's cache directory and
offer them to PLY before rule-engine is imported. Any problem: the cache is
ignored and rule-engine builds its tables as usual.
"""

from __future__ import annotations

import json
import os
import sys
import types
from pathlib import Path

MODULE = "rule_engine.parser.parsetab"
_offered = False  # whether install() found a readable cache


def _cache_file() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    try:
        from importlib.metadata import version

        tag = version("rule-engine")
    except Exception:  # noqa: BLE001
        tag = "unknown"
    return Path(base) / "parcours" / f"rule-engine-{tag}-parsetab.json"


def install() -> None:
    """Offer cached tables to PLY (call before importing rule_engine)."""
    if "rule_engine" in sys.modules or os.environ.get("PARCOURS_NO_PARSER_CACHE"):
        return
    path = _cache_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        module = types.ModuleType(MODULE)
        module._tabversion = data["tabversion"]
        module._lr_signature = data["signature"]
        module._lr_method = data["method"]
        module._lr_action = {int(s): dict(items) for s, items in data["action"].items()}
        module._lr_goto = {int(s): dict(items) for s, items in data["goto"].items()}
        module._lr_productions = [tuple(p) for p in data["productions"]]
        sys.modules[MODULE] = module
        global _offered
        _offered = True
    except Exception:  # noqa: BLE001 - no cache yet, or unreadable: build as usual
        return


def save() -> None:
    """After rule_engine is imported, store its tables if no usable cache was found."""
    path = _cache_file()
    if _offered or os.environ.get("PARCOURS_NO_PARSER_CACHE"):
        return
    try:
        import rule_engine
        from rule_engine._vendor.ply import yacc

        instance = rule_engine.Rule.parser
        pdict = {k: getattr(instance, k) for k in dir(instance)}
        pdict["__file__"] = sys.modules[type(instance).__module__].__file__
        reflect = yacc.ParserReflect(pdict, log=yacc.NullLogger())
        reflect.get_all()
        lr = instance._parser
        productions = []
        for p in lr.productions:
            if p.func:
                productions.append([p.str, p.name, p.len, p.func, os.path.basename(p.file), p.line])
            else:
                productions.append([str(p), p.name, p.len, None, None, None])
        data = {
            "tabversion": yacc.__tabversion__,
            "signature": reflect.signature(),
            "method": "LALR",
            "action": {str(s): list(v.items()) for s, v in lr.action.items()},
            "goto": {str(s): list(v.items()) for s, v in lr.goto.items()},
            "productions": productions,
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        tmp.replace(path)
    except Exception:  # noqa: BLE001 - read-only home, unexpected PLY internals: just skip
        return
