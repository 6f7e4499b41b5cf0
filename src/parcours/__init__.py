"""parcours — rules engine for procedure guides (France, Belgium).

Pure Python; never imports docassemble. Public API:

    rules = load_rules("rules/")                 # or load_rules() for the default directory
    case = CaseFile.load("case.json")
    result = evaluate(case, "2025-11-01", rules=rules)
    result.to_json(lang="fr")
"""
from .casefile import FORMAT_VERSION, CaseFile, Person
from .errors import CaseFileError, Diagnostic, ParcoursError, RulesError
from .evaluate import evaluate
from .loader import RuleSet, load_rules, read_rules
from .results import Evaluation, ProcedureResult

__all__ = ["load_rules", "read_rules", "evaluate", "CaseFile", "Person", "FORMAT_VERSION", "RuleSet",
           "Evaluation", "ProcedureResult", "Diagnostic", "ParcoursError", "RulesError", "CaseFileError"]
__version__ = "0.1.0"
