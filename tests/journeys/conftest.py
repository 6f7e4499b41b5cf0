"""Journeys: the guide walked in a browser as a person does; screenshots under tests/artifacts/journeys/.

Every screen the walk helpers draw (walk.record) is scanned after each journey with
tests/support/scan.py; a finding fails the journey unless it is one of KNOWN below."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import walk  # noqa: E402
from scan import scan_text  # noqa: E402


@dataclass(frozen=True)
class Known:
    """A finding already known and owned by someone: it does not fail the journeys until fixed.
    *found* (and *context*, when given) are regular expressions searched in the finding."""

    kind: str
    found: str
    fix: str  # what must be fixed, and where
    context: str = ""

    def covers(self, finding) -> bool:
        return (
            finding.kind == self.kind
            and bool(re.search(self.found, finding.found))
            and (not self.context or bool(re.search(self.context, finding.context)))
        )


# Known findings of the screen scan (issue 14 item 6), each to be removed once its fix lands.
# Never a blanket ignore: each entry names the screen text and the code that shows it.
KNOWN: list[Known] = []


def _unique(screens: list[dict]) -> list[dict]:
    seen, out = set(), []
    for screen in screens:
        key = (screen["lang"], screen["text"])
        if key not in seen:
            seen.add(key)
            out.append(screen)
    return out


@pytest.fixture(autouse=True)
def screen_scan(request):
    """Scan every screen the journey's helpers drew; fail the journey on a finding not in KNOWN."""
    walk.SCREENS.clear()
    yield
    failures, known = [], []
    for n, screen in enumerate(_unique(walk.SCREENS)):
        for finding in scan_text(screen["text"], screen["lang"] or "en"):
            where = f"screen {n} [{screen['lang']}] «{screen['heading'][:60]}»"
            entry = next((k for k in KNOWN if k.covers(finding)), None)
            (known if entry else failures).append(f"{where}: {finding}")
    walk.SCREENS.clear()
    if known:
        print(f"\n{request.node.name}: {len(known)} known finding(s) of the screen scan:\n  " + "\n  ".join(known))
    if failures:
        pytest.fail(
            f"{len(failures)} thing(s) a person must never read on the screens:\n  " + "\n  ".join(failures),
            pytrace=False,
        )


@pytest.fixture(scope="session")
def journeys(artifacts) -> Path:
    folder = artifacts / "journeys"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
