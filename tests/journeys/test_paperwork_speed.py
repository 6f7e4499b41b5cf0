"""A volunteer presses "Continuer" on the letter form and the download links come as soon as the
documents are made: the waiting screen is moved on by docassemble's check-in (the task's
'refresh' notification), not by its 4-second reload, and the letters went through the stack's
warm converter. make bench times the same walk. Invented people only."""

from __future__ import annotations

import sys
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


def prepare_and_wait(page) -> tuple[float, list[str], int]:
    """From "Continuer" on the letter form to the download links: (seconds, check-in commands seen,
    check-ins sent)."""
    commands: list[str] = []
    sent = []

    def on_request(request):
        if "/checkin" in request.url and request.method == "POST":
            sent.append(request.url)

    def on_response(response):
        if "/checkin" in response.url and response.request.method == "POST":
            try:
                commands.extend(c.get("extra", "") for c in response.json().get("commands", []))
            except Exception:  # noqa: BLE001 - a check-in cut short by the page moving on
                pass

    page.on("request", on_request)
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
    return waited, commands, len(sent)


@pytest.mark.server
@pytest.mark.browser
def test_the_download_links_come_when_the_documents_are_made(server):
    base, _ = server
    log = Path(TEST_ENV["PARCOURS_VAR"]) / "log" / "converter.log"
    before = log.read_text(errors="replace").count("Exporting to") if log.exists() else 0
    with chromium_page() as page:
        _to_letter_form(page, base)
        fill_cnda_letter_form(page)
        _seconds, commands, checkins = prepare_and_wait(page)
        assert "refresh" in commands, f"the waiting screen was not moved on by the check-in: {commands}"
        # docassemble alone checks in every 6 s; the waiting screen asks every 0.3 s (parcours.js),
        # and a task takes at least a second (docassemble waits 1 s before starting it).
        assert checkins >= 3, f"only {checkins} check-in(s) while the documents were made"
        links = page.locator("#daquestion a[href*='.pdf']").all_inner_texts()
        assert any("dossier complet" in t.lower() for t in links), links
    # The letter went through the warm converter (unoserver logs each export, no names).
    assert log.read_text(errors="replace").count("Exporting to") > before
