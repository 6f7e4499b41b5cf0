"""A volunteer presses "Continuer" on the letter form and the download links come as soon as the
documents are made: straight away when the worker makes them within the request's short wait,
otherwise from the waiting screen, moved on by its "are they made?" question
(/parcours/paperwork/<id>), not by docassemble's 4-second reload; the letters went through the
stack's warm converter. make bench times the same walk. Invented people only."""

from __future__ import annotations

import os
import signal
import sys
import threading
from pathlib import Path

import pytest
from browser import chromium_page
from stackctl import TEST_ENV

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_letter_from_case import _to_letter_form  # noqa: E402
from test_volunteer_mode import continue_  # noqa: E402  (on the path through test_letter_from_case)


def fill_cnda_letter_form(page) -> None:
    page.get_by_label("Adresse ou domiciliation", exact=False).fill("c/o Association Exemple\n1 rue Fictive")
    page.get_by_label("Lieu où la lettre est signée", exact=False).fill("Montreuil")
    page.get_by_label("Date de la décision de l", exact=False).fill("02/11/2026")


def prepare_and_wait(page) -> tuple[float, list[bool]]:
    """From "Continuer" on the letter form to the download links: (seconds, the answers of the
    waiting screen's "are they made?" question, if it was shown)."""
    answers: list[bool] = []

    def on_response(response):
        if "/parcours/paperwork/" in response.url:
            try:
                answers.append(bool(response.json().get("ready")))
            except Exception:  # noqa: BLE001 - a question cut short by the page moving on
                pass

    page.on("response", on_response)
    # Timed in the page, from the click event itself: Playwright's own checks before it clicks
    # (about 0.9 s on a loaded machine) are no part of what a person waits.
    page.evaluate(
        "document.addEventListener('click', () => { window.parcoursClickedAt = performance.now(); },"
        " {capture: true, once: true})"
    )
    continue_(page)
    page.get_by_role("heading", name="Documents prêts").wait_for(timeout=120_000)
    page.locator("a[href*='packet.pdf']").first.wait_for()
    waited = page.evaluate("performance.now() - window.parcoursClickedAt") / 1000
    return waited, answers


def _worker_pid() -> int:
    return int((Path(TEST_ENV["PARCOURS_VAR"]) / "run" / "celery.pid").read_text())


@pytest.mark.server
@pytest.mark.browser
def test_the_download_links_come_when_the_documents_are_made(server):
    base, _ = server
    log = Path(TEST_ENV["PARCOURS_VAR"]) / "log" / "converter.log"
    before = log.read_text(errors="replace").count("Exporting to") if log.exists() else 0
    with chromium_page() as page:
        _to_letter_form(page, base)
        fill_cnda_letter_form(page)
        _seconds, answers = prepare_and_wait(page)
        links = page.locator("#daquestion a[href*='.pdf']").all_inner_texts()
        assert any("dossier complet" in t.lower() for t in links), links
    # The letter went through the warm converter (unoserver logs each export, no names).
    assert log.read_text(errors="replace").count("Exporting to") > before


@pytest.mark.server
@pytest.mark.browser
def test_the_waiting_screen_moves_on_the_moment_the_worker_is_done(server):
    """A busy worker (held for 4 s here): the waiting screen shows, asks whether the documents are
    made, and moves on at the first yes, before docassemble's own 4-second reload would."""
    if os.environ.get("PARCOURS_TEST_URL"):
        pytest.skip("holds the test stack's own Celery worker")
    base, _ = server
    with chromium_page() as page:
        _to_letter_form(page, base)
        fill_cnda_letter_form(page)
        worker = _worker_pid()
        os.killpg(worker, signal.SIGSTOP)
        release = threading.Timer(4.0, os.killpg, (worker, signal.SIGCONT))
        release.start()
        try:
            _seconds, answers = prepare_and_wait(page)
        finally:
            release.cancel()
            os.killpg(worker, signal.SIGCONT)
        assert answers and not answers[0], f"the waiting screen never asked: {answers}"
        assert answers[-1] is True, f"the screen moved on without a yes: {answers}"
        assert page.locator("a[href*='packet.pdf']").count() >= 1
