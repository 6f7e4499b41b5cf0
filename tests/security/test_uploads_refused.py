"""A refused upload is not stored: docassemble writes an upload to its file store before the
screen's validation runs, so the import screen removes it whatever the outcome (a refused file;
an accepted case file, which lives on as the new case's encrypted answers)."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from browser import chromium_page, sign_in
from stackctl import TEST_ENV
from test_retention import sql

CASES = "docassemble.parcours:data/questions/cases.yml"
STORE = Path(TEST_ENV["PARCOURS_VAR"]) / "files"


def _stored() -> tuple[str, int]:
    """Rows and files (docassemble may leave an empty folder behind: it holds nothing)."""
    return sql("SELECT count(*) FROM uploads"), sum(1 for f in STORE.rglob("*") if f.is_file())


def _upload(page, path: Path) -> None:
    upload = page.locator("input[type=file]")
    upload.set_input_files(str(path))
    upload.dispatch_event("change")  # as a person's file picker does; clears the previous error
    upload.press("Tab")
    page.wait_for_timeout(300)
    page.locator("#da-continue-button").click()


@pytest.mark.server
@pytest.mark.browser
def test_refused_and_imported_uploads_leave_nothing_in_the_file_store(server, tmp_path):
    if os.environ.get("PARCOURS_TEST_URL"):
        pytest.skip("needs the test stack's own database and file store")
    base, _ = server
    var = Path(TEST_ENV["PARCOURS_VAR"])
    name = f"Invented{time.time_ns()}"  # a person's name in the file names, unique to this run
    big = tmp_path / f"{name}-big.json"
    big.write_text('{"format_version": 1, "jurisdiction": "fr", "facts": {}, "notes": "' + "x" * 2_100_000 + '"}')
    png = tmp_path / f"{name}-photo.json"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    good = tmp_path / f"{name}-case.json"
    good.write_text(json.dumps({"format_version": 1, "jurisdiction": "fr", "case_id": "UP-1", "facts": {}}))
    with chromium_page() as page:
        sign_in(page, base, var)
        page.goto(f"{base}/interview?i={CASES}&reset=1")
        page.get_by_text("Importer un dossier").click()
        page.locator("input[type=file]").wait_for(state="attached")
        before = _stored()
        _upload(page, big)
        page.get_by_text("un dossier parcours fait au plus 1 Mo", exact=False).first.wait_for()
        assert _stored() == before, "a file refused as too big was stored"
        _upload(page, png)
        page.get_by_text("pas un dossier parcours", exact=False).first.wait_for()
        assert "Error" not in page.locator("#daquestion").inner_text()  # no developer word shown
        assert _stored() == before, "a file refused as not a case file was stored"
        _upload(page, good)
        page.get_by_text("Ouvrir le dossier importé").wait_for()
        assert _stored() == before, "the imported case file stayed in the file store"
    assert sql(f"SELECT count(*) FROM uploads WHERE filename LIKE '%{name}%'") == "0"
