"""Check a letter template the way its editor sees it: paragraph by paragraph, in Word terms.

A DOCX template is edited in Word or LibreOffice by the legal team. Jinja's own errors point at a
line of the underlying XML, which nobody can find, and a misspelt variable (``f.sender_nam``)
silently prints nothing in the letter. This check reads the paragraphs as the editor sees them and
reports, for each problem, the file, the paragraph number and its text:

- a ``{{`` or ``{%`` tag not closed in the same paragraph (Word keeps a tag whole only there);
- a Jinja syntax error (an ``{%p if %}`` without its ``{%p endif %}``...);
- a variable the letter does not have: an unknown top-level name, a field ``f.<id>`` the letter's
  YAML does not declare, a fact ``facts.<id>`` the jurisdiction's catalogue does not know.
"""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
from jinja2 import meta, nodes

from ..errors import Diagnostic, diag
from ..suggest import did_you_mean
from .catalogue import LetterSpec

# The names build_context() gives every letter (see templates/letters/README.md).
CONTEXT = (
    "letter",
    "lang",
    "sender",
    "recipient_lines",
    "place",
    "date",
    "date_iso",
    "f",
    "facts",
    "persons",
    "family",
    "deadline",
    "suspension",
    "annexes",
    "dispatch",
    "procedure",
    "signature",
)
# docxtpl's paragraph, run, table-row and table-cell tags are plain Jinja once their letter is dropped.
_DOCXTPL_TAG = re.compile(r"\{([{%])(?:p|r|tr|tc)\s")
_OPEN_CLOSE = (("{{", "}}"), ("{%", "%}"), ("{#", "#}"))


def paragraphs(path: Path) -> list[str]:
    """The text of every paragraph, in document order: body and tables, then headers and footers."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(path))
    parts = [document.element.body]
    for section in document.sections:
        parts += [section.header._element, section.footer._element]
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for part in parts for p in part.iter(qn("w:p"))]


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return f"«{text[:70]}{'…' if len(text) > 70 else ''}»"


def check_template(spec: LetterSpec, lang: str, facts: set[str] | None = None) -> list[Diagnostic]:
    """Problems of the *lang* template of *spec*; *facts*: the fact ids letters may use (None: not checked)."""
    path = spec.template(lang)
    if not path.is_file():
        return [diag(path, None, f"{spec.id}: template file missing", "create it in Word or LibreOffice")]
    try:
        texts = paragraphs(path)
    except Exception as exc:  # noqa: BLE001 - not a Word file at all
        return [
            diag(
                path,
                None,
                f"{spec.id}: this is not a readable Word document ({exc})",
                "save it again from Word or LibreOffice as .docx",
            )
        ]
    out = []

    def problem(index: int, message: str, hint: str) -> None:
        out.append(diag(path, None, f"paragraph {index + 1} {_excerpt(texts[index])}: {message}", hint))

    for index, text in enumerate(texts):
        for opening, closing in _OPEN_CLOSE:
            if text.count(opening) != text.count(closing):
                problem(
                    index,
                    f"'{opening}' and '{closing}' do not pair up in this paragraph",
                    f"write each tag whole in one paragraph, e.g. {opening} f.field {closing}",
                )
    if out:
        return out  # Jinja would only repeat these, less clearly
    source = "\n".join(_DOCXTPL_TAG.sub(r"{\1 ", text) for text in texts)  # line n = paragraph n
    try:
        tree = jinja2.Environment().parse(source)
    except jinja2.TemplateSyntaxError as exc:
        problem(
            min(max((exc.lineno or 1) - 1, 0), len(texts) - 1),
            exc.message or "syntax error",
            "check that every {%p if %} has its {%p endif %} and every {%p for %} its {%p endfor %}",
        )
        return out
    for name in sorted(meta.find_undeclared_variables(tree) - set(CONTEXT)):
        line = next((i for i, t in enumerate(texts) if re.search(rf"\b{re.escape(name)}\b", t)), 0)
        problem(
            line,
            f"unknown variable {name!r}" + did_you_mean(name, CONTEXT),
            "the variables a letter has are listed in templates/letters/README.md",
        )
    declared = {f.id for f in spec.fields}
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        if not isinstance(node.node, nodes.Name) or node.node.name not in ("f", "facts"):
            continue
        key = node.attr if isinstance(node, nodes.Getattr) else getattr(node.arg, "value", None)
        if not isinstance(key, str):
            continue
        known = declared if node.node.name == "f" else facts
        if known is None or key in known:
            continue
        what = "field" if node.node.name == "f" else "fact"
        where = spec.file.name if what == "field" else "the facts catalogue"
        problem(
            node.lineno - 1,
            f"{node.node.name}.{key}: no such {what} in {where}" + did_you_mean(key, known),
            f"declare it under fields: in {spec.file.name}"
            if what == "field"
            else "use a fact id of rules/<jurisdiction>/facts.yaml",
        )
    return out


def check_sources(spec: LetterSpec, facts: set[str] | None) -> list[Diagnostic]:
    """A field's ``fact:`` must be a fact the jurisdiction's rules declare (else it would never fill)."""
    if facts is None:
        return []
    out = []
    for f in spec.fields:
        for fact_id in f.facts:
            if fact_id not in facts:
                out.append(
                    diag(
                        spec.file,
                        None,
                        f"{spec.id}: field {f.id}: fact {fact_id!r} is declared by no rule of "
                        f"{spec.jurisdiction}" + did_you_mean(fact_id, facts),
                        f"use a fact id of rules/{spec.jurisdiction}/**/facts.yaml",
                    )
                )
    return out


def check_letters(root: Path, catalogues: dict[str, set[str]] | None = None) -> list[Diagnostic]:
    """Every template of every letter under *root*/letters, for ``parcours lint``."""
    from .catalogue import letter_ids, load_letter
    from .errors import DocumentError

    out = []
    for letter_id in letter_ids(root):
        try:
            spec = load_letter(letter_id, root)
        except DocumentError as exc:
            out.extend(exc.diagnostics)
            continue
        facts = (catalogues or {}).get(spec.jurisdiction)
        out.extend(check_sources(spec, facts))
        for lang in spec.languages:
            out.extend(check_template(spec, lang, facts))
    return out
