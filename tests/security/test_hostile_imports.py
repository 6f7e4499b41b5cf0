"""Hostile case files through the real import screen ("Mes dossiers" > "Importer un dossier"):
each is refused within seconds with the volunteer's French message, the web worker survives (no
worker is booted again), no case is stored, and no value of the files reaches any log."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from browser import chromium_page, sign_in
from stackctl import TEST_ENV

from parcours import i18n

CASES = "docassemble.parcours:data/questions/cases.yml"
MARKER = "Qvxhostilemarker"
DEEP = 50_000

BILLION_LAUGHS = (
    "format_version: 1\njurisdiction: fr\nfacts:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\","
    "\"lol\",\"lol\",\"lol\",\"lol\"]\n"
    + "".join(f"  {n}: &{n} [{','.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi"))
)
VALID = {"format_version": 1, "jurisdiction": "fr", "facts": {"seeking_asylum": True}}
FILES = [
    # (file name, content, translation id of the message the volunteer must read)
    ("laughs.yaml", BILLION_LAUGHS, "casefile.yaml_feature"),
    (
        "deep.yaml",
        "format_version: 1\njurisdiction: fr\nfacts:\n  x: " + "[" * DEEP + "]" * DEEP + "\n",
        "casefile.too_deep",
    ),
    ("deep.json", json.dumps(VALID)[:-2] + ', "x": ' + "[" * DEEP + "]" * DEEP + "}}", "casefile.too_deep"),
    (
        "binary.yaml",
        f"format_version: 1\njurisdiction: fr\nfacts:\n  applicant_nationality: !!binary {MARKER}==\n",
        "casefile.yaml_feature",
    ),
    (
        "huge.json",
        json.dumps({**VALID, "facts": {"household_size": 0}}).replace(": 0", ": " + "9" * 5000),
        "casefile.number_too_long",
    ),
    ("unknown.json", json.dumps({**VALID, "facts": {"is_admin": True}}), "casefile.unknown_fact"),
    (
        "wrongtype.json",
        json.dumps({**VALID, "facts": {"seeking_asylum": MARKER, "applicant_birth_date": MARKER}}),
        "casefile.bad_value",
    ),
    (
        "person.json",
        json.dumps({**VALID, "persons": [{"id": "p1", "role": "child", "birth_date": MARKER}]}),
        "casefile.bad_person",
    ),
    # Not UTF-8 (a file saved in Latin-1 or Windows-1252): a sentence, never "UnicodeDecodeError".
    (
        "latin1.json",
        json.dumps({**VALID, "facts": {"applicant_nationality": "é"}}, ensure_ascii=False).encode("latin-1"),
        "casefile.unreadable",
    ),
    (
        "latin1.yaml",
        "format_version: 1\njurisdiction: fr\nfacts:\n  applicant_nationality: \"\xe9t\xe9\"\n".encode("cp1252"),
        "casefile.unreadable",
    ),
]


def _var() -> Path:
    return Path(os.environ["PARCOURS_VAR"]) if os.environ.get("PARCOURS_TEST_URL") else Path(TEST_ENV["PARCOURS_VAR"])


def _logs() -> str:
    return "\n".join(p.read_text(errors="replace") for p in (_var() / "log").glob("*.log"))


def _fixed_part(msgid: str) -> str:
    """The longest run of the French message without a placeholder."""
    import re

    return max(re.split(r"\{[^}]*\}", i18n.ui(msgid, "fr")), key=len).strip()


@pytest.mark.server
@pytest.mark.browser
def test_hostile_case_files_are_refused_by_the_import_screen(server, tmp_path):
    base, _ = server
    booted_before = _logs().count("Booting worker")
    with chromium_page() as page:
        sign_in(page, base, _var())
        page.goto(f"{base}/interview?i={CASES}&reset=1")
        cases_before = page.locator("table tbody tr").count()
        for name, content, msgid in FILES:
            path = tmp_path / name
            path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
            page.goto(f"{base}/interview?i={CASES}&reset=1")
            page.get_by_text("Importer un dossier").click()
            page.locator("input[type=file]").wait_for(state="attached")
            # As an attacker: the browser's file-type check is switched off; the server must refuse.
            page.evaluate("""() => { const v = window.jQuery && jQuery('#daform').data('validator');
                if (v) { v.settings.ignore = 'input[type=file]'; }
                document.querySelector('input[type=file]').removeAttribute('accept'); }""")
            page.locator("input[type=file]").set_input_files(str(path))
            start = time.monotonic()
            page.locator("#da-continue-button").click()
            page.get_by_text(_fixed_part(msgid), exact=False).first.wait_for(timeout=20_000)
            assert time.monotonic() - start < 15, name
            text = page.locator("body").inner_text()
            assert "Dossier importé" not in text and "Error" not in text and "Traceback" not in text, name
            assert "Unicode" not in text and "codec" not in text, name
            assert MARKER not in text, name
        page.goto(f"{base}/interview?i={CASES}&reset=1")
        assert page.locator("table tbody tr").count() == cases_before  # nothing was stored
    logs = _logs()
    assert logs.count("Booting worker") == booted_before, "a web worker died and was replaced"
    assert MARKER not in logs and MARKER.lower() not in logs.lower()
