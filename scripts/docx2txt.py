"""Print a DOCX as text, one paragraph or table cell a line: git's textconv for *.docx.

`git diff` of a letter template then shows the paragraphs that changed in Word instead of
"Binary files differ". make install sets it for the clone:

    git config diff.docx.textconv "<venv python> scripts/docx2txt.py"

(.gitattributes maps *.docx to the docx driver). Tables are printed where they stand in the
body, a cell a line prefixed with "| "; headers and footers after the body.
"""

from __future__ import annotations

import sys

from docx import Document
from docx.text.paragraph import Paragraph


def lines(container, prefix: str = ""):
    """Paragraphs and table cells of a body, header or cell, in document order."""
    for block in container.iter_inner_content():
        if isinstance(block, Paragraph):
            yield prefix + block.text
            continue
        for row in block.rows:
            seen = set()
            for cell in row.cells:
                if id(cell._tc) in seen:  # a merged cell is listed once per column it spans
                    continue
                seen.add(id(cell._tc))
                yield from lines(cell, prefix + "| ")


def docx_lines(path: str) -> list[str]:
    doc = Document(path)
    out = list(lines(doc))
    for n, section in enumerate(doc.sections, 1):
        for part, name in ((section.header, "header"), (section.footer, "footer")):
            if not part.is_linked_to_previous or n == 1:
                text = [line for line in lines(part) if line.strip()]
                if text:
                    out += [f"--- {name} (section {n})", *text]
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: docx2txt.py FILE.docx", file=sys.stderr)
        return 2
    try:
        text = docx_lines(argv[1])
    except Exception as e:  # noqa: BLE001 - git shows this line instead of the diff
        print(f"[not a readable DOCX: {type(e).__name__}]")
        return 0
    sys.stdout.write("\n".join(text) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
