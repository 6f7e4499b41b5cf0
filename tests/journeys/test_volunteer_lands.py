"""Issue 13 item 7: a volunteer signs in and lands on the start page (guide, kiosk, cases) in
French, not on docassemble's English "Resume an interview" list; a sign-in link that would send
them to another site after sign-in keeps them on parcours."""

from __future__ import annotations

from urllib.parse import quote, urlparse

import pytest
from browser import chromium_page
from walk import heading, new_volunteer, shot, sign_in

EMAIL, PASSWORD = "premiere@parcours.example.org", "Premiere-Pass-2026!"


@pytest.mark.server
@pytest.mark.browser
def test_a_volunteer_signs_in_and_lands_on_the_start_page_in_french(server, da, journeys):
    base, _ = server
    new_volunteer(da, EMAIL, PASSWORD)
    shots: list = []
    # Playwright's browser asks for English (en-US): the association's language wins.
    with chromium_page() as page:
        sign_in(page, base, EMAIL, PASSWORD)
        shot(page, journeys, "landing_start_page", shots)
        url, body = urlparse(page.url), page.locator("body").inner_text()
        assert url.path in ("/list", "/"), page.url
        assert "Interviews disponibles" in body and "Vous vous êtes connecté" in body, body[:500]
        assert "Resume an interview" not in body and "Available interviews" not in body
        for title in ("Guide des procédures", "Borne d'information", "Mes dossiers"):
            assert title in body, title
        page.get_by_role("link", name="Guide des procédures").first.click()
        page.wait_for_load_state("networkidle")
        page.locator("#daMainQuestion").wait_for()
        assert heading(page).startswith("Dans quel pays"), heading(page)
        shot(page, journeys, "landing_guide_first_screen", shots)


@pytest.mark.server
@pytest.mark.browser
@pytest.mark.parametrize(
    "outside", ["https://evil.example.org/phish", "//evil.example.org/phish", "/\\evil.example.org/phish"]
)
def test_a_sign_in_link_cannot_send_the_volunteer_to_another_site(server, da, outside):
    base, _ = server
    new_volunteer(da, EMAIL, PASSWORD)
    with chromium_page() as page:
        page.route(
            "**/*",
            lambda route: (
                route.abort() if urlparse(route.request.url).hostname == "evil.example.org" else route.continue_()
            ),
        )
        sign_in(page, base, EMAIL, PASSWORD, f"?next={quote(outside, safe='')}")
        assert urlparse(page.url).hostname == "127.0.0.1", page.url  # at worst a "not found" of ours
