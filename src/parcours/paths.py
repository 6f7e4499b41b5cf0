"""Where the rules live by default."""

from __future__ import annotations

import os
from pathlib import Path


def default_rules_dir() -> Path:
    """$PARCOURS_RULES_DIR, else the repository's top-level rules/, else the copy packaged with parcours."""
    env = os.environ.get("PARCOURS_RULES_DIR")
    if env:
        return Path(env)
    repo = Path(__file__).resolve().parents[2] / "rules"  # src/parcours/paths.py -> repository root
    if repo.is_dir():
        return repo
    return Path(__file__).resolve().parent / "rules"  # packaged data (installed wheels)


def translations_root() -> Path:
    """$PARCOURS_I18N_DIR, else the repository's translations/, else the copy packaged for docassemble
    (data/sources, a link to translations/ that the installed package carries)."""
    env = os.environ.get("PARCOURS_I18N_DIR")
    if env:
        return Path(env)
    repo = Path(__file__).resolve().parents[2] / "translations"
    if repo.is_dir():
        return repo
    return Path(__file__).resolve().parents[1] / "docassemble" / "parcours" / "data" / "sources"
