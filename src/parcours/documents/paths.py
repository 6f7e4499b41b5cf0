"""Where the document templates live (their catalogues: parcours.paths.translations_root)."""

from __future__ import annotations

import os
from pathlib import Path

_REPO = Path(__file__).resolve().parents[3]  # src/parcours/documents/paths.py -> repository root


def templates_dir() -> Path:
    """$PARCOURS_TEMPLATES_DIR, else the repository's templates/, else the copy packaged for docassemble."""
    env = os.environ.get("PARCOURS_TEMPLATES_DIR")
    if env:
        return Path(env)
    if (_REPO / "templates").is_dir():
        return _REPO / "templates"
    return Path(__file__).resolve().parents[2] / "docassemble" / "parcours" / "data" / "templates"
