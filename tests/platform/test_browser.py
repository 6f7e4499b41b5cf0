"""A person in a real browser (Debian's chromium, driven by Playwright) walks the demo interview."""

from __future__ import annotations

import re

import pytest
from browser import chromium_page

DEMO = "docassemble.parcours:data/questions/demo.yml"
CONTINUE = re.compile("Continu")


@pytest.mark.server
@pytest.mark.browser
def test_walk_demo_interview_by_clicking(server, artifacts):
    base, _ = server
    with chromium_page() as page:
        page.goto(f"{base}/interview?i={DEMO}&reset=1")
        page.get_by_label("Prénom", exact=True).fill("Meron")
        page.get_by_label("Nom", exact=True).fill("Tekle")
        page.get_by_label("Date de naissance", exact=True).fill("1996-05-24")
        page.get_by_role("button", name=CONTINUE).click()

        page.get_by_label("Adresse", exact=True).fill("5 rue du Test")
        page.get_by_label("Code postal", exact=True).fill("590")  # one digit short of a real code
        page.get_by_label("Ville", exact=True).fill("Lille")
        page.get_by_role("button", name=CONTINUE).click()
        page.get_by_text("A French postal code has 5 digits").wait_for()
        # Nothing already typed is lost.
        assert page.get_by_label("Adresse", exact=True).input_value() == "5 rue du Test"
        assert page.get_by_label("Ville", exact=True).input_value() == "Lille"
        # Typed key by key, as a person does: docassemble clears a server-side error on keyup.
        postal = page.get_by_label("Code postal", exact=True)
        postal.fill("")
        postal.press_sequentially("٥٩٠٠٠")  # Eastern Arabic digits are accepted
        postal.press("Tab")
        page.get_by_role("button", name=CONTINUE).click()

        # docassemble draws radio choices as buttons: the person clicks the label.
        page.locator("label", has_text="Préfecture du Nord (Lille)").click()
        page.get_by_role("button", name=CONTINUE).click()
        page.get_by_text("Votre lettre est prête").wait_for()
        page.screenshot(path=str(artifacts / "demo_letter_ready.png"), full_page=True)
        links = page.locator("a[href*='changement_adresse.pdf']")
        assert links.count() >= 1
