"""A citation's `article` is read by a person on the result screen in French (or Dutch, Arabic...):
it is the reference as a French lawyer writes it ("CESEDA, art. L.531-2", "CE, 13 novembre 2023,
n° 467595"), never an English explanation ("(21 days from the ADA)", "Content of the OFPRA file"),
which belongs in the citation's `note` (rules/README.md).

Every citation of the real rules — each procedure version's criteria and their exceptions (and
every condition under them), documents, deadlines and their suspensions, fees, filing and the
version's own citations, and every parameter value's references — is checked with the English
detector of the screen scan (tests/support/scan.py, `english_lines`) on a French page, the
strictest page (the Arabic or other pages count the same words; Dutch counts fewer)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from scan import english_lines, scan_text

from parcours import load_rules

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules"
ARTICLE_LINE = re.compile(r"^\s*(?:-\s*)?(?:\{\s*)?article:\s*(.+?)\s*$")


def _nodes(node):
    """A criterion tree: the node, its children and its exceptions' conditions, all the way down."""
    if node is None:
        return
    yield node
    for child in node.children:
        yield from _nodes(child)
    for exc in node.exceptions:
        yield exc
        yield from _nodes(exc.when)


def _version_citations(version):
    """(line of the holder, citation) of every citation of a procedure version."""
    for citation in version.citations:
        yield version.line, citation
    roots = [version.applies_when, *version.criteria]
    roots += [d.when for d in version.documents] + [f.when for f in version.fees]
    for deadline in version.deadlines:
        roots.append(deadline.when)
        for citation in deadline.citations:
            yield deadline.line, citation
        for suspension in deadline.suspensions:
            roots.append(suspension.when)
            for citation in suspension.citations:
                yield deadline.line, citation
    for root in roots:
        for node in _nodes(root):
            for citation in node.citations:
                yield node.line, citation
    for holder in (*version.documents, *version.fees):
        for citation in holder.citations:
            yield holder.line, citation
    if version.filing is not None:
        for citation in version.filing.citations:
            yield version.line, citation


def _citations(rules):
    """(file, line of the holder, citation) of every citation of the rules."""
    for procedure in rules.procedures.values():
        for version in procedure.versions:
            for line, citation in _version_citations(version):
                yield procedure.file, line, citation
    for parameter in rules.parameters.values():
        for value in parameter.values:
            for citation in value.references:
                yield parameter.file, value.line, citation


def _article_lines(file: str) -> list[tuple[int, str]]:
    """(line number, article) of each `article:` line of a rule file."""
    out = []
    path = Path(file) if Path(file).is_absolute() else ROOT / file
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        m = ARTICLE_LINE.match(text)
        if not m:
            continue
        raw = m.group(1)
        if raw.startswith("{") or "," in raw and raw.rstrip().endswith("}"):
            raw = raw.split(", url:")[0].rstrip("}").strip()
        try:
            value = yaml.safe_load(raw)
        except yaml.YAMLError:
            value = raw
        out.append((number, str(value)))
    return out


def _line_of(file: str, after: int, article: str, lines: dict) -> int:
    """The line of *article* in *file*: the first one at or after the holder's line, else the first."""
    found = lines.setdefault(file, _article_lines(file))
    at = [n for n, value in found if value == article]
    return next((n for n in at if n >= after), at[0] if at else after)


def flagged(rules) -> list[str]:
    """'file:line: article' for each citation whose article reads as English on a French screen."""
    lines: dict = {}
    out = []
    for file, line, citation in _citations(rules):
        # English words, or anything else the screen scan refuses (a file name, a snake_case key)
        if english_lines(citation.article, "fr") or scan_text(citation.article, "fr"):
            where = Path(file).resolve()
            where = where.relative_to(ROOT) if where.is_relative_to(ROOT) else where
            out.append(f"{where}:{_line_of(file, line, citation.article, lines)}: {citation.article}")
    return sorted(dict.fromkeys(out))


@pytest.fixture(scope="module")
def real_rules():
    return load_rules(RULES, use_cache=False)


def test_the_walk_finds_the_citations(real_rules):
    """The walk sees citations of every kind of holder (not silently nothing)."""
    kinds = {
        "parameter": any(v.references for p in real_rules.parameters.values() for v in p.values),
        "criterion": any(
            n.citations
            for p in real_rules.procedures.values()
            for v in p.versions
            for r in v.criteria
            for n in _nodes(r)
        ),
        "deadline": any(d.citations for p in real_rules.procedures.values() for v in p.versions for d in v.deadlines),
        "document": any(d.citations for p in real_rules.procedures.values() for v in p.versions for d in v.documents),
    }
    assert all(kinds.values()), kinds
    assert sum(1 for _ in _citations(real_rules)) > 300


def test_the_detector_flags_an_english_article():
    assert english_lines("Dublin III art. 29 (6 months; 18 months if the person absconds)", "fr")
    assert english_lines("Content of the OFPRA file", "fr")
    assert not english_lines("Règlement (UE) n° 604/2013 (Dublin III), art. 29", "fr")
    assert not english_lines("CE, 13 novembre 2023, n° 467595", "fr")


def test_no_citation_article_reads_as_english(real_rules):
    found = flagged(real_rules)
    assert not found, (
        f"{len(found)} citation article(s) read as English on a French screen; write the reference "
        "as a French lawyer does and move the explanation into `note:` (rules/README.md):\n  " + "\n  ".join(found)
    )
