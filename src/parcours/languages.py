"""The language registry, ``translations/languages.yaml``: the one list of the person's languages
(code, own name, direction, script, Babel locale, fonts, kiosk voice, whether its catalogues must be
complete). Every table of languages in the code is a view of it: parcours.i18n (LANGS, NAMES, RTL,
SCRIPTS, COMPLETE), the documents' direction, dates and fonts, the served web fonts and the kiosk's
voices. A malformed entry fails at import, naming the file, the entry and the field.

$PARCOURS_LANGUAGES points to another registry file (tests: a copy with one more language).
This module never imports docassemble.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from .paths import translations_root

DIRECTIONS = ("ltr", "rtl")
_CODE = re.compile(r"^[a-z]{2,3}$")
_RANGE = re.compile(r"^([0-9A-F]{4,5})-([0-9A-F]{4,5})$")
_LANGUAGE_FIELDS = {"code", "name", "english", "direction", "script", "babel", "html_lang", "voice", "complete"}
_SCRIPT_FIELDS = {"family", "fonts", "ranges", "document_fonts", "document_size"}


class RegistryError(ValueError):
    """translations/languages.yaml is malformed."""


@dataclass(frozen=True)
class Script:
    code: str  # ISO 15924 (Arab, Ethi...)
    family: str | None = None  # served web font: parcours-<family>-<weight>.woff2; None: the page's font
    fonts: tuple[tuple[int, str], ...] = ()  # (weight, Noto file name)
    ranges: tuple[tuple[int, int], ...] = ()
    document_fonts: tuple[str, ...] = ()
    document_size: str | None = None


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    english: str
    direction: str
    script: Script
    babel: str
    voice: str | None
    complete: bool
    html_lang: str | None = None

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"

    @property
    def tag(self) -> str:
        """The lang tag documents write."""
        return self.html_lang or self.code


@dataclass(frozen=True)
class Registry:
    path: Path
    languages: tuple[Language, ...]
    scripts: dict[str, Script]

    def get(self, code) -> Language | None:
        return next((lang for lang in self.languages if lang.code == code), None)


def registry_path() -> Path:
    return Path(os.environ.get("PARCOURS_LANGUAGES") or translations_root() / "languages.yaml")


def _fail(path: Path, where: str, message: str):
    raise RegistryError(f"{path}: {where}: {message}")


def _text(path, where, entry, key, optional=False):
    value = entry.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value.strip():
        _fail(path, where, f"'{key}' must be a non-empty string (got {value!r})")
    return value


def _script(path: Path, code: str, entry) -> Script:
    where = f"scripts.{code}"
    if not isinstance(entry, dict):
        _fail(path, where, "must be a mapping")
    unknown = set(entry) - _SCRIPT_FIELDS
    if unknown:
        _fail(path, where, f"unknown field(s) {sorted(unknown)}")
    family = _text(path, where, entry, "family", optional=True)
    if family is None:
        if len(entry):
            _fail(path, where, "fonts, ranges and document fonts need a 'family'")
        return Script(code)
    fonts, ranges = entry.get("fonts"), entry.get("ranges")
    if (
        not isinstance(fonts, dict)
        or not fonts
        or not all(isinstance(w, int) and isinstance(f, str) for w, f in fonts.items())
    ):
        _fail(path, where, f"'fonts' must map weights to font file names (got {fonts!r})")
    if not isinstance(ranges, list) or not ranges:
        _fail(path, where, f"'ranges' must be a list of 'XXXX-XXXX' Unicode ranges (got {ranges!r})")
    parsed = []
    for item in ranges:
        match = _RANGE.match(str(item))
        if not match:
            _fail(path, where, f"'ranges': {item!r} is not 'XXXX-XXXX' (hexadecimal)")
        parsed.append((int(match[1], 16), int(match[2], 16)))
    stack = entry.get("document_fonts")
    if not isinstance(stack, list) or not stack or not all(isinstance(f, str) for f in stack):
        _fail(path, where, f"'document_fonts' must be a list of font family names (got {stack!r})")
    return Script(
        code,
        family,
        tuple(sorted(fonts.items())),
        tuple(parsed),
        tuple(stack),
        _text(path, where, entry, "document_size", optional=True),
    )


def _language(path: Path, index: int, entry, scripts: dict[str, Script]) -> Language:
    where = f"languages[{index}]"
    if not isinstance(entry, dict):
        _fail(path, where, "must be a mapping")
    code = entry.get("code")
    if not isinstance(code, str) or not _CODE.match(code):
        _fail(path, where, f"'code' must be 2 or 3 lowercase letters (got {code!r})")
    where = f"languages[{index}] ({code})"
    unknown = set(entry) - _LANGUAGE_FIELDS
    if unknown:
        _fail(path, where, f"unknown field(s) {sorted(unknown)}")
    missing = (_LANGUAGE_FIELDS - {"html_lang"}) - set(entry)
    if missing:
        _fail(path, where, f"missing field(s) {sorted(missing)}")
    if entry["direction"] not in DIRECTIONS:
        _fail(path, where, f"'direction' must be ltr or rtl (got {entry['direction']!r})")
    if entry["script"] not in scripts:
        _fail(path, where, f"'script' must be one of {sorted(scripts)} (got {entry['script']!r})")
    if not isinstance(entry["complete"], bool):
        _fail(path, where, f"'complete' must be true or false (got {entry['complete']!r})")
    return Language(
        code=code,
        name=_text(path, where, entry, "name"),
        english=_text(path, where, entry, "english"),
        direction=entry["direction"],
        script=scripts[entry["script"]],
        babel=_text(path, where, entry, "babel"),
        voice=_text(path, where, entry, "voice", optional=True),
        complete=entry["complete"],
        html_lang=_text(path, where, entry, "html_lang", optional=True),
    )


def parse(path: Path) -> Registry:
    """The registry in *path*, validated; RegistryError names the file and the field otherwise."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise RegistryError(f"{path}: cannot read the language registry: {e}") from e
    if not isinstance(data, dict) or set(data) != {"languages", "scripts"}:
        _fail(path, "top level", "must be a mapping with exactly 'languages' and 'scripts'")
    if not isinstance(data["scripts"], dict) or not data["scripts"]:
        _fail(path, "scripts", "must be a non-empty mapping")
    scripts = {str(code): _script(path, str(code), entry) for code, entry in data["scripts"].items()}
    if not isinstance(data["languages"], list) or not data["languages"]:
        _fail(path, "languages", "must be a non-empty list")
    languages = tuple(_language(path, i, entry, scripts) for i, entry in enumerate(data["languages"]))
    seen = set()
    for lang in languages:
        if lang.code in seen:
            _fail(path, f"languages ({lang.code})", "code listed twice")
        seen.add(lang.code)
    if not any(lang.complete for lang in languages):
        _fail(path, "languages", "at least one language must be complete (the source of the catalogues)")
    return Registry(Path(path), languages, scripts)


@cache
def _load(path: str) -> Registry:
    return parse(Path(path))


def registry() -> Registry:
    """The registry in use (cached per file)."""
    return _load(str(registry_path()))


def languages() -> tuple[Language, ...]:
    return registry().languages


def get(code) -> Language | None:
    return registry().get(code)


def served_scripts() -> dict[str, Script]:
    """The scripts with a served web font, by family (arabic, ethiopic...)."""
    return {s.family: s for s in registry().scripts.values() if s.family}
