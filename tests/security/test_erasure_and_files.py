"""Files of a case: erasure removes every copy (export, hand-over code), the purge sweeps files no
database row points to, staff accounts cannot read a volunteer's documents, and the database
keeps no case name in clear."""

from __future__ import annotations

import os
import re
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from browser import chromium_page
from daclient import APIError
from stackctl import TEST_ENV, stack
from test_retention import sql

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "platform"))
from test_volunteer_mode import (  # noqa: E402  (the volunteer's walk, shared with the platform tests)
    _case_labels,
    _new_user,
    _sign_in_as,
    choose,
    cnda_case_in_six_screens,
    continue_,
    sign_in,
)

GUIDE = "docassemble.parcours:data/questions/guide.yml"
DEMO = "docassemble.parcours:data/questions/demo.yml"
STORE = Path(TEST_ENV["PARCOURS_VAR"]) / "files"
ALICE = ("alice.files@parcours.example.org", "Alice-Files-2026!")
BRUNO = ("bruno.files@parcours.example.org", "Bruno-Files-2026!")


def folder(number: int) -> Path:
    digits = f"{int(number):012x}"
    return STORE.joinpath(*(digits[i : i + 3] for i in range(0, 12, 3)))


def _row(page, label: str):
    return page.locator("tbody tr", has=page.locator("th", has_text=label))


def _name_case(page, label: str) -> None:
    page.get_by_text("Nom et note du dossier").first.click()
    page.locator("#daform input[type=text]").first.fill(label)
    continue_(page)
    page.locator("#daform textarea").wait_for(state="detached")
    page.get_by_text("Nom et note du dossier").first.wait_for()


@pytest.mark.server
@pytest.mark.browser
def test_an_erased_case_leaves_no_file_and_no_working_code(server, da):
    """Alice exports her case and passes it on, then erases it: the exported file is gone from the
    file store and the database, its link answers 404, and the code no longer opens anything.
    Before that: the admin cannot download her file (neither by link nor by the API), the
    database row holds no case name, and Alice still downloads "dossier-<name>.json"."""
    if os.environ.get("PARCOURS_TEST_URL"):
        pytest.skip("needs the test stack's own database and file store")
    base, _ = server
    _new_user(da, *ALICE, "volunteer")
    _new_user(da, *BRUNO, "volunteer")
    label = f"ZX-{int(time.time()) % 100000}"
    broken = []
    with chromium_page(accept_downloads=True) as alice:
        _sign_in_as(alice, base, *ALICE)
        cnda_case_in_six_screens(alice, base)
        _name_case(alice, label)
        _case_labels(alice, base)
        _row(alice, label).get_by_text("Exporter").click()
        link = alice.locator("a[href*='.json']").first
        href = link.get_attribute("href")
        with alice.expect_download() as download:
            link.click()
        if download.value.suggested_filename != f"dossier-{label}.json":
            broken.append(f"download name {download.value.suggested_filename!r}")
        number = int(re.search(r"/uploadedfile(?:download)?/(\d+)", href).group(1))
        assert folder(number).is_dir()
        if sql(f"SELECT count(*) FROM uploads WHERE filename LIKE '%{label}%'") != "0":
            broken.append("the case name is stored in clear in uploads.filename")

        # The admin account: no access to a volunteer's file, by link or by file number.
        admin = alice.context.browser.new_context().new_page()  # a browser of its own
        sign_in(admin, base, Path(TEST_ENV["PARCOURS_VAR"]))
        if admin.request.get(base + href).status != 404:
            broken.append("the admin downloads a volunteer's file by its link")
        admin.context.close()
        try:
            da.download(number, "json")
            broken.append("the admin's API key downloads a volunteer's file")
        except APIError as e:
            assert "404" in str(e), e
        assert alice.request.get(base + href).status == 200  # its owner still can

        _case_labels(alice, base)
        _row(alice, label).get_by_text("Transmettre").click()
        code = alice.locator(".pc-code").inner_text().strip()
        _case_labels(alice, base)
        _row(alice, label).get_by_text("Effacer").click()
        alice.locator("button", has_text="Effacer définitivement").click()
        alice.get_by_text("Dossier effacé").wait_for()
        assert label not in _case_labels(alice, base)
        if alice.request.get(base + href).status != 404:
            broken.append("the export's link still works after the erasure")
        if folder(number).exists() or sql(f"SELECT count(*) FROM uploads WHERE indexno={number}") != "0":
            broken.append("the exported case file is still stored after the erasure")
    with chromium_page() as bruno:
        from parcours import i18n

        _sign_in_as(bruno, base, *BRUNO)
        bruno.goto(f"{base}/interview?i={GUIDE}&reset=1")
        choose(bruno, "handover")
        continue_(bruno)
        bruno.locator("#daform input[type=text]").fill(code)
        continue_(bruno)
        bruno.wait_for_load_state("networkidle")
        if bruno.get_by_text(i18n.ui("handover.invalid", "fr")).count() == 0:
            broken.append("a hand-over code made before the erasure still works")
    assert not broken, broken


def _delete_session(server, interview: str, session: str) -> None:
    """docassemble's own deletion (the same as "Delete" on the sessions page and reset=1)."""
    base, key = server
    q = urllib.parse.urlencode({"i": interview, "session": session, "key": key})
    urllib.request.urlopen(urllib.request.Request(f"{base}/api/session?{q}", method="DELETE"), timeout=30)


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    for p in [path, *path.rglob("*")]:
        os.utime(p, (then, then), follow_symlinks=False)


@pytest.mark.server
def test_files_no_row_points_to_are_swept_after_a_grace_period(server, da):
    """docassemble's deletion removes the `uploads` rows of a session and leaves its files: the
    purge sweeps such files once untouched for an hour; a younger one (maybe still being
    written) stays."""
    if os.environ.get("PARCOURS_TEST_URL"):
        pytest.skip("needs the test stack's own database and file store")
    s = da.new_session(DEMO)
    s.set({"first_name": "Invented", "last_name": "Person", "birth_date": "1990-01-01"})
    s.set({"street": "1 rue Fictive", "postal_code": "59000", "city": "Lille"})
    s.set({"prefecture": "nord", "agdref": ""})
    numbers = [int(n) for n in sql(f"SELECT indexno FROM uploads WHERE key='{s.session}'").split()]
    assert len(numbers) >= 2
    _delete_session(server, DEMO, s.session)
    assert sql(f"SELECT count(*) FROM uploads WHERE key='{s.session}'") == "0"
    old, young = numbers[0], numbers[1]
    assert folder(old).is_dir() and folder(young).is_dir()  # docassemble left them: what the purge must do
    _age(folder(old), 2 * 3600)
    _age(folder(young), 10 * 60)
    r = stack("purge")
    assert r.returncode == 0, r.stderr
    assert not folder(old).exists(), "a file no row points to is still in the file store"
    assert folder(young).is_dir(), "a file younger than the grace period was swept"
