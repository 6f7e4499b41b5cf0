"""Where the document templates live (their catalogues: parcours.paths.translations_root)."""

from __future__ import annotations

from pathlib import Path

from ..paths import templates_root


def templates_dir() -> Path:
    """$PARCOURS_TEMPLATES_DIR, else the templates packaged with parcours (see parcours.paths)."""
    return templates_root()
