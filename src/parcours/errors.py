"""Errors and diagnostics.

Every problem a user can cause (bad rule file, bad case file, bad test file)
becomes a `Diagnostic` naming the file, the line, what is wrong and how to fix
it. The CLI prints diagnostics as ``file:line: message``; it never shows a
traceback for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Diagnostic:
    file: str
    line: int | None
    message: str
    severity: str = "error"  # "error" or "warning"
    hint: str | None = None  # how to fix it, in plain words
    code: str | None = None  # stable id of the kind of problem, for a translated message
    params: tuple = ()  # (name, value) pairs the translated message names

    def format(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else f"{self.file}"
        tag = "" if self.severity == "error" else f"{self.severity}: "
        text = f"{where}: {tag}{self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    def to_json(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint,
        }


class ParcoursError(Exception):
    """Base class for errors meant for a human, not a traceback."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


class RulesError(ParcoursError):
    """The rule files could not be loaded (one diagnostic per problem)."""


class CaseFileError(ParcoursError):
    """A case file is malformed, of an unknown version, or holds bad values."""


class TestFileError(ParcoursError):
    """A YAML test file is malformed."""


def diag(
    file: str | Path,
    line: int | None,
    message: str,
    hint: str | None = None,
    severity: str = "error",
    code: str | None = None,
    **params,
) -> Diagnostic:
    return Diagnostic(str(file), line, message, severity, hint, code, tuple(sorted(params.items())))


@dataclass
class Collector:
    """Accumulates diagnostics so one run reports every problem, not just the first."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, file, line, message, hint=None):
        self.items.append(diag(file, line, message, hint))

    def warning(self, file, line, message, hint=None):
        self.items.append(diag(file, line, message, hint, "warning"))

    def extend(self, diagnostics):
        self.items.extend(diagnostics)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]
