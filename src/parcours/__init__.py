"""parcours — rules engine for procedure guides (France, Belgium).

Pure Python; never imports docassemble. Public API:

    rules = load_rules("rules/")                 # or load_rules() for the default directory
    case = CaseFile.load("case.json")
    result = evaluate(case, "2025-11-01", rules=rules)
    result.to_json(lang="fr")
"""

from . import _parser_cache

_parser_cache.install()  # must run before rule_engine is first imported (saves ~0.35 s per process)

from .casefile import FORMAT_VERSION, CaseFile, Person  # noqa: E402
from .errors import CaseFileError, Diagnostic, ParcoursError, RulesError  # noqa: E402
from .evaluate import evaluate  # noqa: E402
from .loader import RuleSet, load_rules, read_rules  # noqa: E402
from .results import Evaluation, ProcedureResult  # noqa: E402

__all__ = [
    "load_rules",
    "read_rules",
    "evaluate",
    "CaseFile",
    "Person",
    "FORMAT_VERSION",
    "RuleSet",
    "Evaluation",
    "ProcedureResult",
    "Diagnostic",
    "ParcoursError",
    "RulesError",
    "CaseFileError",
]
__version__ = "0.1.0"
