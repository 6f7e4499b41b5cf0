"""``parcours lint``: every problem in the rule files, in plain words, with file:line.

On top of what loading already checks (schema, unknown facts, expression
types, ambiguous date arithmetic, version gaps/overlaps...), lint reports
parameter values without a legal reference, test files that name unknown
procedures or facts, and warns when a rule or a parameter value was last
reviewed longer ago than the review horizon, or when a point marked
``status: to_verify`` does not say why (``verify_reason``). With ``--as-of DATE`` (default today) it
checks the law on that date: a procedure with no version in force is an error, a version in force
that cites only secondary sources a warning.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from .errors import Collector, Diagnostic, diag
from .loader import RuleSet, read_rules, rule_files
from .schema import validate
from .suggest import did_you_mean
from .yamlio import YamlError, load_file

TO_VERIFY_WITHOUT_REASON = "to_verify_without_reason"


def lint(
    root: str | Path, paths=None, review_horizon_days: int = 365, today: dt.date | None = None
) -> tuple[RuleSet, list[Diagnostic]]:
    """Lint the rules under *root*; report only files under *paths* when given."""
    today = today or dt.date.today()
    rules = read_rules(root)
    out = Collector(list(rules.diagnostics))
    horizon = today - dt.timedelta(days=review_horizon_days)
    _parameters(rules, out, horizon, review_horizon_days)
    _procedures(rules, out, horizon, review_horizon_days)
    _in_force(rules, out, today)
    _tests(rules, out)
    _letters(rules, out, Path(root))
    _recipients(rules, out)
    _sources(Path(root), out)
    _text_ids(rules, out)
    items = out.items
    if paths:
        wanted = [Path(p).resolve() for p in paths]
        if Path(root).resolve() in wanted:  # the whole rule set: its letter templates too
            wanted.append(Path(root).resolve().parent / "templates")
        items = [d for d in items if _under(Path(d.file), wanted)]
    items.sort(key=lambda d: (d.file, d.line or 0))
    return rules, items


def _under(file: Path, wanted) -> bool:
    file = file.resolve()
    return any(file == w or w in file.parents for w in wanted)


def _parameters(rules: RuleSet, out: Collector, horizon: dt.date, days: int) -> None:
    for parameter in rules.parameters.values():
        for entry in parameter.values:
            if not entry.references:
                out.error(
                    parameter.file,
                    entry.line,
                    f"parameter {parameter.id}: the value from {entry.start} has no legal reference",
                    "add references: [{article: ..., url: ...}]",
                )
        latest = parameter.values[-1]
        if latest.reviewed_on and latest.reviewed_on < horizon:
            out.warning(
                parameter.file,
                latest.line,
                f"parameter {parameter.id}: current value last reviewed on {latest.reviewed_on} "
                f"(review horizon: {days} days)",
                "check it against the official text and update reviewed_on",
            )


def _procedures(rules: RuleSet, out: Collector, horizon: dt.date, days: int) -> None:
    for procedure in rules.procedures.values():
        for version in procedure.versions:
            current = version.valid_until is None or version is procedure.versions[-1]
            if current and version.reviewed_on and version.reviewed_on < horizon:
                out.warning(
                    procedure.file,
                    version.line,
                    f"{procedure.id}: version from {version.valid_from} last reviewed on "
                    f"{version.reviewed_on} (review horizon: {days} days)",
                    "re-read the articles cited and update reviewed_on",
                )


# Where the law itself is published: an article or a judgment a lawyer can open there is a primary
# source; an association's page, a blog or a summary is a secondary one.
PRIMARY_SOURCES = (
    "legifrance.gouv.fr",
    "eur-lex.europa.eu",
    "data.europa.eu/eli",
    "ejustice.just.fgov.be",
    "etaamb.openjustice.be",
    "conseil-etat.fr",
    "courdecassation.fr",
    "rvv-cce.be",
    "cnda.fr",
)
NO_VERSION_IN_FORCE = "no_version_in_force"
SECONDARY_ONLY = "secondary_sources_only"


def is_primary(citation) -> bool:
    """Whether a citation points to the law itself (an official identifier, or its official publisher)."""
    if citation.legiarti or citation.eli:
        return True
    url = (citation.url or "").lower()
    return any(host in url for host in PRIMARY_SOURCES)


def version_citations(version) -> list:
    """Every citation of a version: its own, its criteria and exceptions, deadlines and their
    suspensions, documents, fees and filing."""
    out = list(version.citations)
    stack = list(version.criteria)
    while stack:
        node = stack.pop()
        out.extend(node.citations)
        stack.extend(node.children)
        for exc in node.exceptions:
            out.extend(exc.citations)
            stack.append(exc.when)
    for deadline in version.deadlines:
        out.extend(deadline.citations)
        for pause in deadline.suspensions:
            out.extend(pause.citations)
    for item in [*version.documents, *version.fees]:
        out.extend(item.citations)
    if version.filing is not None:
        out.extend(version.filing.citations)
    return out


def _in_force(rules: RuleSet, out: Collector, day: dt.date) -> None:
    """The law on *day* (parcours lint --as-of, default today): every procedure has a version in
    force, and that version cites at least one primary source."""
    for procedure in rules.procedures.values():
        version = procedure.version_for(day)
        if version is None:
            first = procedure.versions[0].valid_from if procedure.versions else None
            if first and day < first and procedure.before_first_version is not None:
                continue  # declared: the procedure did not exist, or earlier law is not encoded
            out.items.append(
                Diagnostic(
                    procedure.file,
                    procedure.line,
                    f"{procedure.id}: no version in force on {day.isoformat()}",
                    "error",
                    "add a version for that date (or, before the first version, say why in before_first_version)",
                    NO_VERSION_IN_FORCE,
                )
            )
            continue
        if not any(is_primary(c) for c in version_citations(version)):
            out.items.append(
                Diagnostic(
                    procedure.file,
                    version.line,
                    f"{procedure.id}: the version in force on {day.isoformat()} cites only secondary sources",
                    "warning",
                    "add the article itself (Légifrance / EUR-Lex / ejustice URL, or its LEGIARTI / ELI id)",
                    SECONDARY_ONLY,
                )
            )


def _tests(rules: RuleSet, out: Collector) -> None:
    for file in rules.test_files:
        try:
            doc = load_file(file)
        except YamlError:
            continue  # already reported by the loader
        for _index, test in enumerate(doc.get("tests") or ()):
            if not isinstance(test, dict):
                continue
            jurisdiction = (
                (test.get("case") or {}).get("jurisdiction")
                or doc.get("jurisdiction")
                or next((p for p in Path(file).parts if p in ("fr", "be")), None)
            )
            catalogue = rules.facts.get(jurisdiction)
            facts = (test.get("case") or {}).get("facts") or {}
            if catalogue is not None and hasattr(facts, "items"):
                for fact_id in facts:
                    if fact_id not in catalogue:
                        out.error(
                            file,
                            facts.line_of(fact_id),
                            f"test {test.get('name')!r}: unknown fact {fact_id!r}"
                            + did_you_mean(fact_id, catalogue.ids()),
                        )
            for proc_id in test.get("expect") or {}:
                if proc_id not in rules.procedures:
                    out.error(
                        file,
                        test["expect"].line_of(proc_id),
                        f"test {test.get('name')!r}: unknown procedure {proc_id!r}"
                        + did_you_mean(proc_id, rules.procedures),
                    )


def _text_ids(rules: RuleSet, out: Collector) -> None:
    """One id, one text: a translation is looked up by id, so an id that carries two different
    French or English texts would show one text's translation for the other (see parcours.messages)."""
    from .messages import texts_in

    owners: list = []
    for jurisdiction in sorted(rules.facts):
        owners += [(fact.file, fact) for fact in rules.facts[jurisdiction].facts.values()]
    owners += [(p.file, p) for p in rules.parameters.values()]
    owners += [(p.file, p) for p in rules.procedures.values()]
    owners += [(o.file, o) for o in rules.orientation.values()]
    seen: dict[str, tuple] = {}
    for file, owner in owners:
        for text in texts_in(owner):
            first = seen.setdefault(text.id, (text, file))
            if first[0].source == text.source:
                continue
            other, other_file = first
            which = "French" if other.source[0] != text.source[0] else "English"
            out.items.append(
                diag(
                    file,
                    text.line or getattr(owner, "line", None),
                    f"text id {text.id!r} already carries another {which} text at {other_file}:{other.line or '?'} "
                    f"({other.fr or other.en!r}); here: {text.fr or text.en!r}",
                    "remove `id:` to let parcours name the text from where it is written, or give it an id of "
                    "its own: one id, one wording, so a translation is never shown for another text",
                    code="text_id_collision",
                )
            )


# Research-note tags ([S11], [B14], [S5x]) and the names of the legal team's research briefs mean
# nothing to a lawyer or a reader: a rule cites the public source they stood for.
# "[S11]", "[B14]", and the same tag written bare in a sentence ("the B14 exemption list")
_TAG = re.compile(r"\[[SB]\d+x?\b[^\]]*\]|\bthe [SB]\d{1,2}\b")
_BRIEF = re.compile(
    r"\b(?:france|belgium|clarifications|law-2026|letters|languages|sources|open-questions)\.md\b"
    r"|/work/shared\b|\b(?:the|issue|research) brief\b",
    re.IGNORECASE,
)


def _sources(root: Path, out: Collector) -> None:
    """Every rule file cites public sources only: no research-note tag or brief name, in its strings
    or its comments, and every citation has a URL a lawyer can open."""
    for file in rule_files([root]):
        try:
            lines = file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue  # already reported by the loader
        for number, text in enumerate(lines, 1):
            for match in list(_TAG.finditer(text)) + list(_BRIEF.finditer(text)):
                out.error(
                    file,
                    number,
                    f"reference to a research note {match.group(0)!r}: a reader cannot open it",
                    "cite the public source it stood for (citations: [{article: ..., url: ...}]), "
                    "or say in plain words that the source is to verify",
                )
        try:
            doc = load_file(file)
        except YamlError:
            continue
        _citation_urls(doc, file, out)
        if not (isinstance(doc, dict) and doc.get("kind") == "tests"):
            _verify_reasons(doc, file, out)


def _verify_reasons(node, file, out: Collector, seen: set | None = None) -> None:
    """Warn for each element marked `status: to_verify` that does not say why (`verify_reason`):
    the person then reads only a generic "not confirmed yet" instead of what to check."""
    seen = set() if seen is None else seen
    if isinstance(node, (dict, list)):
        if id(node) in seen:  # a YAML alias (*name) repeats a node already checked
            return
        seen.add(id(node))
    if isinstance(node, dict):
        if node.get("status") == "to_verify" and not node.get("verify_reason"):
            line = node.line_of("status") if hasattr(node, "line_of") else None
            what = node.get("id") or node.get("valid_from") or "this point"
            out.items.append(
                diag(
                    file,
                    line,
                    f"{what} is marked to_verify without a verify_reason: the person reads only that it is "
                    "not confirmed, not why nor what to check",
                    "add verify_reason: {fr: ..., en: ...} under status: why the point is unsure and where to "
                    "check it, in words a volunteer reads",
                    "warning",
                    code=TO_VERIFY_WITHOUT_REASON,
                )
            )
        for value in node.values():
            _verify_reasons(value, file, out, seen)
    elif isinstance(node, list):
        for item in node:
            _verify_reasons(item, file, out, seen)


def _citation_urls(node, file, out: Collector) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("citations", "references") and isinstance(value, list):
                for index, cite in enumerate(value):
                    if isinstance(cite, dict) and "article" in cite and not cite.get("url"):
                        line = value.line_of(index) if hasattr(value, "line_of") else None
                        out.error(
                            file,
                            line,
                            f"citation {cite['article']!r} has no url: a lawyer cannot open it",
                            "add url: the law text (Légifrance, eJustice) or the public page that was read",
                        )
            _citation_urls(value, file, out)
    elif isinstance(node, list):
        for item in node:
            _citation_urls(item, file, out)


def _recipients(rules: RuleSet, out: Collector) -> None:
    """Every document names who receives it, from its country's list; a medical document goes to the
    medical recipient and nowhere else (parcours.recipients)."""
    from .recipients import MEDICAL, known

    seen = set()
    for procedure in rules.procedures.values():
        allowed = known(procedure.jurisdiction)
        medical = MEDICAL.get(procedure.jurisdiction)
        for version in procedure.versions:
            for doc in version.documents:
                key = (procedure.id, doc.id, doc.recipient, doc.confidential)
                if key in seen:  # the same document in several versions: said once
                    continue
                seen.add(key)
                where = f"{procedure.id}, document {doc.id}"
                if doc.recipient is None:
                    out.error(
                        procedure.file,
                        doc.line,
                        f"{where}: no recipient",
                        f"add recipient: to the procedure (one of {', '.join(allowed)}) or to the document",
                    )
                elif doc.recipient not in allowed:
                    out.error(
                        procedure.file,
                        doc.line,
                        f"{where}: recipient {doc.recipient!r} is not a {procedure.jurisdiction} recipient"
                        + did_you_mean(doc.recipient, allowed),
                        f"use one of {', '.join(allowed)} (src/parcours/recipients.py)",
                    )
                elif doc.confidential == "medical" and doc.recipient != medical:
                    out.error(
                        procedure.file,
                        doc.line,
                        f"{where}: a medical document may only go to {medical}, not {doc.recipient}",
                        f"write recipient: {medical} on the document",
                    )


def _letters(rules: RuleSet, out: Collector, root: Path) -> None:
    """Warn when a procedure names a letter that has no declaration in templates/letters/, and
    check every letter template (documents.template_check).

    The templates folder is the one next to the rules folder (<repo>/templates for <repo>/rules),
    else $PARCOURS_TEMPLATES_DIR; without one (e.g. a test fixture) the check is skipped.
    """
    import os

    folder = Path(root).resolve().parent / "templates" / "letters"
    if not folder.is_dir() and os.environ.get("PARCOURS_TEMPLATES_DIR"):
        folder = Path(os.environ["PARCOURS_TEMPLATES_DIR"]) / "letters"
    if not folder.is_dir():
        return
    known = sorted(p.stem for p in folder.glob("*.yaml") if not p.name.startswith("_"))
    seen = set()
    for procedure in rules.procedures.values():
        try:
            lines = Path(procedure.file).read_text(encoding="utf-8").splitlines()
        except OSError:
            lines = []
        for version in procedure.versions:
            for letter_id in version.letters:
                if letter_id in known or (procedure.file, letter_id) in seen:
                    continue
                seen.add((procedure.file, letter_id))
                line = next(
                    (i for i, text in enumerate(lines, 1) if "letters:" in text and letter_id in text), version.line
                )
                out.warning(
                    procedure.file,
                    line,
                    f"{procedure.id}: letter {letter_id!r} has no template in "
                    f"templates/letters/" + did_you_mean(letter_id, known),
                    f"add templates/letters/{letter_id}.yaml and .docx, or use an existing letter id",
                )
    # The templates themselves, as their editor sees them: unclosed tags, Jinja errors, unknown fields.
    from .documents.template_check import check_letters

    out.extend(check_letters(folder.parent, {j: set(c.facts) for j, c in rules.facts.items()}))
    # Referral bodies (templates/referrals/): each template prints every element its body requires.
    from .observatory.referral import check_templates

    out.extend(check_templates(folder.parent))


__all__ = ["TO_VERIFY_WITHOUT_REASON", "lint", "rule_files", "validate"]
