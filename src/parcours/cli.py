"""The `parcours` command: evaluate, explain, test, lint.

Exit codes: 0 success; 1 tests failed or lint found errors; 2 bad input
(rule files, case file, dates, options); 3 internal error (a bug: please
report it). Users never see a traceback unless PARCOURS_DEBUG=1.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from .errors import ParcoursError, diag
from .i18n import LANGS

EPILOG = (
    "Rules directory: --rules, else $PARCOURS_RULES_DIR, else the rules packaged with parcours (rules/ in a checkout)."
)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        return args.func(args)
    except ParcoursError as exc:
        for d in exc.diagnostics:
            print(d.format(), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `parcours evaluate ... | head`
        return 0
    except Exception as exc:  # noqa: BLE001 - last resort: no traceback for users
        if os.environ.get("PARCOURS_DEBUG"):
            raise
        print(
            f"parcours: internal error: {type(exc).__name__}: {exc} "
            f"(please report it; set PARCOURS_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="parcours", description="Procedure rules engine (France, Belgium).", epilog=EPILOG
    )
    sub = parser.add_subparsers(dest="command")

    p = sub.add_parser("evaluate", help="evaluate a case file against every procedure of its jurisdiction")
    p.add_argument("case", help="case file (.json or .yaml)")
    p.add_argument("--as-of", help="evaluation date YYYY-MM-DD (default: today)")
    p.add_argument("--format", choices=("json", "text"), default="json")
    p.add_argument("--lang", choices=LANGS, default="en", help="the language of the texts")
    p.add_argument("--rules", help="rules directory")
    p.add_argument("--procedure", action="append", help="only this procedure (repeatable)")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("explain", help="the reasoning for one procedure, in words a volunteer can read")
    p.add_argument("case")
    p.add_argument("procedure", help="procedure id, e.g. fr.regroupement_familial")
    p.add_argument("--as-of")
    p.add_argument("--lang", choices=LANGS, default="en", help="the language of the texts")
    p.add_argument("--rules")
    p.set_defaults(func=cmd_explain)

    p = sub.add_parser("test", help="run the YAML tests written next to the rules")
    p.add_argument("paths", nargs="*", help="test files or directories (default: the rules directory)")
    p.add_argument("--rules")
    p.set_defaults(func=cmd_test)

    p = sub.add_parser("lint", help="check rule files: schema, facts, types, versions, references, review dates")
    p.add_argument("paths", nargs="*", help="files or directories to report on (default: all)")
    p.add_argument("--rules")
    p.add_argument(
        "--review-horizon",
        type=int,
        default=365,
        metavar="DAYS",
        help="warn when reviewed_on is older than this many days (default 365)",
    )
    p.add_argument(
        "--as-of",
        metavar="DATE",
        help="check the law on this date (default today): a version in force for every procedure, with a primary source",
    )
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_lint)

    p = sub.add_parser("i18n", help="translation catalogues: coverage and review status per language")
    p.add_argument(
        "action",
        choices=("status", "export", "import", "prune", "migrate"),
        help="status: coverage; export: JSON of the strings to translate; import: merge a filled JSON; "
        "prune: remove translations of texts the rules and screens no longer have; "
        "migrate: move translations to the namespaced text ids, keeping every one (rerunnable)",
    )
    p.add_argument("--lang", help="language code (export, import)")
    p.add_argument("--domain", choices=("ui", "questions", "rules", "documents"), default="rules")
    p.add_argument("--all", action="store_true", help="export: every string, not only the missing ones")
    p.add_argument(
        "--reviewed",
        action="store_true",
        help="import: the translations were checked by a fluent speaker (no '#, fuzzy')",
    )
    p.add_argument("--file", help="export: where to write (default stdout); import: the filled JSON to merge")
    p.set_defaults(func=cmd_i18n)

    p = sub.add_parser("documents", help="write the checklist, letters (DOCX and PDF), summaries and packet for a case")
    p.add_argument("case")
    p.add_argument("procedure", help="procedure id, e.g. fr.regroupement_familial")
    p.add_argument("--lang", default="fr", choices=LANGS, help="the person's language")
    p.add_argument("--fields", help="YAML/JSON file: letter id -> {field: value}")
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--as-of")
    p.add_argument("--rules")
    p.set_defaults(func=cmd_documents)
    return parser


def cmd_i18n(args) -> int:
    import json

    from . import i18n, i18n_coverage

    if args.action in ("export", "import") and args.lang not in i18n.LANGS:
        print(f"error: --lang must be one of {', '.join(i18n.LANGS)}", file=sys.stderr)
        return 2
    if args.action == "export":
        text = json.dumps(
            i18n_coverage.export_entries(args.domain, args.lang, only_missing=not args.all),
            ensure_ascii=False,
            indent=1,
        )
        if args.file:
            Path(args.file).write_text(text + "\n", encoding="utf-8")
        else:
            print(text)
        return 0
    if args.action == "import":
        if not args.file:
            print("error: import needs --file, the filled JSON to merge", file=sys.stderr)
            return 2
        data = json.loads(Path(args.file).read_text(encoding="utf-8"))
        translated = {k: (v.get("translation") if isinstance(v, dict) else v) for k, v in data.items()}
        refused = i18n_coverage.import_entries(args.domain, args.lang, translated, reviewed=args.reviewed)
        for line in refused:
            print(f"refused: {line}")
        print(
            f"{len(translated) - len(refused)} merged into {i18n.po_path(args.domain, args.lang)}, "
            f"{len(refused)} refused"
        )
        return 1 if refused else 0
    if args.action == "migrate":
        from .i18n_migrate import migrate

        for line in migrate():
            print(line)
        return 0
    pairs = [(d, lang) for d in i18n.DOMAINS for lang in i18n.LANGS if i18n.po_path(d, lang).is_file()]
    if args.action == "prune":
        for domain, lang in pairs:
            gone = i18n_coverage.prune(domain, lang)
            if gone:
                shown = ", ".join(gone[:5]) + (" …" if len(gone) > 5 else "")
                print(f"{domain}/{lang}: removed {len(gone)} unused: {shown}")
        return 0
    print(i18n_coverage.format_status())
    for domain, lang in pairs:
        gone = i18n_coverage.unused(domain, lang)
        if gone:
            print(
                f"unused: {domain}/{lang}: {len(gone)} translation(s) of texts no longer in the sources, e.g. "
                f"{gone[0]} (remove with: parcours i18n prune)"
            )
    problems = i18n_coverage.problems()
    for problem in problems:
        print(f"problem: {problem}")
    return 1 if problems else 0


def _rules_root(args, paths=()) -> Path:
    from .paths import default_rules_dir

    if args.rules:
        return Path(args.rules)
    for path in paths:
        path = Path(path).resolve()
        for candidate in (path, *path.parents):
            if candidate.name == "rules" and candidate.is_dir():
                return candidate
    return default_rules_dir()


def _as_of(value):
    import datetime as dt

    from .numerals import parse_date

    if value is None:
        return dt.date.today()
    try:
        return parse_date(value)
    except ValueError as exc:
        raise ParcoursError([diag("--as-of", None, str(exc))]) from None


def _evaluate(args, procedures=None):
    from .casefile import CaseFile
    from .evaluate import evaluate
    from .loader import load_rules

    as_of = _as_of(args.as_of)
    rules = load_rules(_rules_root(args))
    case = CaseFile.load(args.case)
    args.people = {p.id: p for p in case.persons}  # names the persons of a family in the output
    return evaluate(case, as_of, rules=rules, procedures=procedures), rules


def cmd_evaluate(args) -> int:
    from .explain import explain

    result, rules = _evaluate(args, args.procedure)
    if args.format == "json":
        print(json.dumps(result.to_json(args.lang, args.people, rules), ensure_ascii=False, indent=2))
    else:
        print(explain(result, args.lang, people=args.people, rules=rules))
    return 0


def cmd_explain(args) -> int:
    from .explain import explain
    from .suggest import did_you_mean

    result, rules = _evaluate(args)
    if result.procedure(args.procedure) is None:
        known = [p.id for p in result.procedures]
        raise ParcoursError(
            [
                diag(
                    args.case,
                    None,
                    f"no procedure {args.procedure!r} for this case's jurisdiction "
                    f"({result.jurisdiction})" + did_you_mean(args.procedure, known),
                    f"known: {', '.join(known)}",
                )
            ]
        )
    print(explain(result, args.lang, args.procedure, people=args.people, rules=rules))
    return 0


def cmd_test(args) -> int:
    from .loader import load_rules
    from .yamltests import find_test_files, run_files

    root = _rules_root(args, args.paths)
    rules = load_rules(root)
    files = find_test_files(args.paths or [root])
    if not files:
        print(f"no test files (kind: tests) under {', '.join(map(str, args.paths or [root]))}")
    report = run_files(files, rules)
    for failure in report.failures:
        print(failure.format())
    print(report.summary())
    return 1 if report.failed else 0


def cmd_lint(args) -> int:
    from .lint import TO_VERIFY_WITHOUT_REASON, lint

    root = _rules_root(args, args.paths)
    _, items = lint(root, args.paths or None, args.review_horizon, _as_of(args.as_of))
    errors = [d for d in items if d.severity == "error"]
    warnings = [d for d in items if d.severity == "warning"]
    if args.format == "json":
        print(json.dumps([d.to_json() for d in items], ensure_ascii=False, indent=2))
    else:
        for d in items:
            print(d.format())
        unexplained = sum(d.code == TO_VERIFY_WITHOUT_REASON for d in warnings)
        if unexplained:
            print(f"{unexplained} point(s) marked to_verify without a verify_reason")
        print(f"{len(errors)} error(s), {len(warnings)} warning(s)")
    return 1 if errors else 0


def cmd_documents(args) -> int:
    from .casefile import CaseFile
    from .documents.commands import write_documents
    from .evaluate import evaluate
    from .loader import load_rules

    case = CaseFile.load(args.case)
    result = evaluate(case, _as_of(args.as_of), rules=load_rules(_rules_root(args)))
    for path in write_documents(case, result, args.procedure, args.lang, args.out, args.fields):
        print(path)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
