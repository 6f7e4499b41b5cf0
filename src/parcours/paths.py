"""Where the data parcours reads lives: rules, translations, letter templates, interviews, static files.

All of it ships inside the installed package, in the data folder of ``docassemble.parcours``
(``data/rules``, ``data/sources``, ``data/templates``, ``data/questions``, ``data/static``): the
folder docassemble serves interviews and files from. In a checkout those entries are links to the
repository's top-level folders, so the same lookup finds the files being edited; an installed wheel
carries real copies. Environment variables override one folder each (a legal team's working copy
of the rules: ``PARCOURS_RULES_DIR``).
"""

from __future__ import annotations

import functools
import os
from pathlib import Path


def data_root() -> Path:
    """The data folder of the installed ``docassemble.parcours`` package (found beside this package,
    without importing docassemble: the core never does)."""
    return Path(__file__).resolve().parents[1] / "docassemble" / "parcours" / "data"


def _data(name: str, env: str | None = None) -> Path:
    if env and os.environ.get(env):
        return Path(os.environ[env])
    return _packaged(name)


@functools.cache  # asked on every translated word: resolve() walks the links each time
def _packaged(name: str) -> Path:
    # resolve(): in a checkout, the repository's folder (what error messages and lint name)
    return (data_root() / name).resolve()


def default_rules_dir() -> Path:
    """$PARCOURS_RULES_DIR, else the rules packaged with parcours (the repository's rules/ in a checkout)."""
    return _data("rules", "PARCOURS_RULES_DIR")


def translations_root() -> Path:
    """$PARCOURS_I18N_DIR, else the packaged translations (data/sources: translations/ in a checkout)."""
    return _data("sources", "PARCOURS_I18N_DIR")


def templates_root() -> Path:
    """$PARCOURS_TEMPLATES_DIR, else the packaged document templates (templates/ in a checkout)."""
    return _data("templates", "PARCOURS_TEMPLATES_DIR")


def interviews_root() -> Path:
    """The packaged interviews (data/questions: interviews/ in a checkout)."""
    return _data("questions")


def static_root() -> Path:
    """The packaged static files (fonts, CSS, scripts, recordings)."""
    return _data("static")
