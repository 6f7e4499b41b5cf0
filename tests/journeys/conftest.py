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
    fix: str                      # what must be fixed, and where
    context: str = ""

    def covers(self, finding) -> bool:
        return finding.kind == self.kind and bool(re.search(self.found, finding.found)) and \
            (not self.context or bool(re.search(self.context, finding.context)))


# Known findings of the screen scan (issue 14 item 6), each to be removed once its fix lands.
# Never a blanket ignore: each entry names the screen text and the code that shows it.
KNOWN: list[Known] = [
    Known("english", r"^المبلغ «(Means of subsistence|Extra amount per)",
          "Arabic result screen, 'amount to verify' line (guide.py: T('verify.amount', label=R(parameter.label))): "
          "the Belgian income parameters' labels (rules/be/parameters/family/income_threshold_new*.yaml) have no "
          "entry in translations/rules, so the English label shows — parameter labels must be extracted and translated"),
    Known("english", r"^(Family members who want to join the sponsor|How is this person related to the sponsor\?"
                     r"|What is this person’s date of birth\?)",
          "Belgian family reunification, the questions about each family member (families/persons, in progress): "
          "q_family_members, q_family_member_relationship and the per-person birth date have no entry yet in "
          "translations/questions/<lang>.po, so their English text shows on Dutch and Arabic screens"),
    Known("english", r"\(source: 120 % of the RIS cat\. 3",
          "French result, key-numbers line (guide.py: result.figure.source + _cite(f.sources)): the Belgian income "
          "parameter's citation is written in English in rules/be/parameters/family/income_threshold_old.yaml "
          "('120 % of the RIS cat. 3 (…)')"),
    Known("english", r"\(Family declared to OFPRA",
          "French result, fr.reunification_familiale's 'declared to OFPRA' criterion (guide.py _cite): its citations "
          "are shown with English titles ('Family declared to OFPRA (alfa3a)…')"),
]


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
        pytest.fail(f"{len(failures)} thing(s) a person must never read on the screens:\n  " + "\n  ".join(failures),
                    pytrace=False)


@pytest.fixture(scope="session")
def journeys(artifacts) -> Path:
    folder = artifacts / "journeys"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
