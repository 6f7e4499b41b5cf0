"""A Dublin case whose transfer period has run out: the volunteer's result says first what to do
now (France is now responsible, ask the prefecture), in French and in Arabic, and each point the
legal team has not confirmed says why — in the screen's language, never as an id or in English."""

from __future__ import annotations

import re

import pytest
from browser import chromium_page, continue_and_wait
from walk import choose, shot, start, title_of, walk_to_result

from parcours import i18n

GIVEN = {
    "seeking_asylum": "true",
    "asylum_procedure_type": "dublin",
    "asylum_registration_date": "20/01/2025",
    "asylum_presentation_date": "15/01/2025",
    "eurodac_hit": "false",  # the request period without a hit is still to verify: its reason is shown
    "dublin_acceptance_date": "31/08/2024",
    "dublin_transfer_appeal_lodged": "false",
    "dublin_absconded": "false",
}


@pytest.mark.server
@pytest.mark.browser
@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_a_dublin_transfer_period_run_out_says_what_to_do_now_and_why_points_are_unsure(server, journeys, lang):
    base, _ = server
    shots: list = []
    with chromium_page() as page:
        start(
            page,
            base,
            lang,
            "fr",
            "59000 Lille",
            "other",
            [title_of("fr.dublin_procedure", lang)],
            shots,
            journeys,
            f"next_{lang}",
        )
        walk_to_result(page, "fr", lang, GIVEN)
        result = page.locator("#daquestion").inner_text().replace("’", "'")  # the page's typographic apostrophes
        shot(page, journeys, f"next_step_{lang}_result", shots)
    assert i18n.ui("result.next_step", lang) in result, result[:1500]
    if lang == "fr":
        assert "France" in result.split(i18n.ui("result.next_step", lang))[1][:400]
    block = result.split(i18n.ui("result.to_verify", lang))[1]
    lines = [line for line in block.splitlines() if " — " in line]
    assert lines, block[:600]  # what — why, for each point
    if lang == "ar":
        for line in lines[:5]:
            reason = line.split(" — ", 1)[1]
            assert re.search(r"[\u0600-\u06FF]", reason) and not re.search(r"\b(the|source|lawyer)\b", reason), line


@pytest.mark.server
@pytest.mark.browser
def test_the_letter_asking_france_to_take_the_claim_is_prepared_from_the_result(server, journeys):
    """Issue 15 item 5: the transfer period ran out, so the result offers the letter to the
    prefecture; the volunteer prepares it and the PDF names the acceptance date the case holds."""
    import io

    from pypdf import PdfReader

    base, _ = server
    shots: list = []
    title = "asile en France (délai de transfert Dublin expiré)"  # the screen sets typographic apostrophes
    with chromium_page() as page:
        start(
            page,
            base,
            "fr",
            "fr",
            "59000 Lille",
            "other",
            [title_of("fr.dublin_procedure", "fr")],
            shots,
            journeys,
            "dublin_letter",
        )
        walk_to_result(page, "fr", "fr", GIVEN)
        page.get_by_text(i18n.ui("result.paperwork", "fr"), exact=False).first.click()
        page.wait_for_function(  # the paperwork's first screen, not the result being left
            "(t) => { const h = document.getElementById('daMainQuestion'); return h && h.innerText.trim() !== t; }",
            arg=i18n.ui("result.title", "fr"),
        )
        offered = None
        for _ in range(8):
            page.wait_for_load_state("networkidle")
            heading = page.locator("#daMainQuestion")
            heading.wait_for()
            text = heading.inner_text().strip()
            if text.startswith("Documents prêts"):
                break
            if page.locator("#daform input[value='fr.dublin_procedure']").count():
                choose(page, "fr.dublin_procedure")
            elif text.startswith("Dans quelle langue"):
                choose(page, "fr")
            elif text.startswith("Quelles lettres"):
                offered = page.locator("#daform").inner_text()
                page.locator("#daform label", has_text=title).first.click()
            elif text.startswith("Informations pour les lettres"):
                shot(page, journeys, "dublin_letter_fields", shots)
                # The required fields (marked *) the case cannot hold; an invented sender.
                for label, value in (
                    ("Nom et prénom", "Amina Exemple"),
                    ("Adresse ou domiciliation", "12 rue de l'Exemple\n59000 Lille"),
                    ("Lieu où la lettre est signée", "Lille"),
                    ("guichet unique pour demandeurs d", "Préfecture du Nord — GUDA\n59000 Lille"),
                    ("État désigné comme responsable", "Italie"),
                ):
                    box = page.get_by_label(label, exact=False)
                    if box.count() and not box.first.input_value():
                        box.first.fill(value)
            elif page.get_by_role("heading", name="Préparation des documents…").count():
                page.wait_for_timeout(1000)
                continue
            continue_and_wait(page)
        page.get_by_role("heading", name="Documents prêts").wait_for(timeout=60000)
        shot(page, journeys, "dublin_letter_ready", shots)
        assert offered and title in offered, offered
        # Each download is named in words (the letter's title), never by its file name.
        link = page.locator("#daquestion a", has_text=re.compile(r"^Lettre : .*Dublin expiré\) \(PDF\)$")).first
        body = page.request.get(base + link.get_attribute("href")).body()
    text = "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(body)).pages)
    flat = " ".join(text.split())
    assert "la France est désormais responsable" in flat, flat[:800]
    assert "31 août 2024" in flat, flat[:800]  # the acceptance date the case holds, never re-typed
    assert "Italie" in flat and "[à compléter" not in flat, flat[:800]
