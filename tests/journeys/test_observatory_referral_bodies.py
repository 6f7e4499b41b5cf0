"""A coordinator in a browser chooses another body than the Défenseur des droits — the Contrôleur général
des lieux de privation de liberté —, sees the form ask for the place of deprivation of liberty, forgets
it and is told what is missing (nothing typed lost), then downloads the collective referral's PDF, in
which nobody is named and the annexes are numbered."""

from __future__ import annotations

import re
import subprocess
import uuid

import pytest
import walk
from accounts import observatory_team, sign_in_page, signed_in
from browser import chromium_page

ROUTE = "/parcours/observatory"
PASSWORD = "Observatoire-Cglpl-2026!"


def _testimony(http, base: str, run: str, n: int) -> str:
    """One testimony of a detention, posted as the capture form posts it; its id."""
    page = http.get(base + ROUTE + "/new").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    record_id = str(uuid.uuid4())
    data = {
        "csrf_token": token,
        "id": record_id,
        "date": f"2026-11-1{n}",
        "time": "05:45",
        "place": "calais_marck",
        "authorities": ["police"],
        "acts": ["detention", "removal"],
        "people": "3",
        "witnesses": "1",
        "witness_named": "yes",
        "witness_names": f"Witnessmarker{run}",
        "summary_fr": f"Interpellés à l'aube et conduits au centre de rétention ({run}-{n}).",
        "person_name": f"Personmarker{run}",
        "consent": "anonymised_publication",
        "attachment_kind": "photo",
    }
    r = http.post(base + ROUTE + "/new", data=data, allow_redirects=False)
    assert r.status_code == 303, r.text[:300]
    return record_id


@pytest.mark.server
@pytest.mark.browser
def test_the_coordination_chooses_the_cglpl_and_downloads_a_collective_referral(server, da, journeys, artifacts):
    base, _ = server
    run, observer, coordinator = observatory_team(da, "cglpl", PASSWORD)
    http = signed_in(base, observer, PASSWORD)
    ids = [_testimony(http, base, run, n) for n in (1, 2)]
    problems: list[str] = []

    with chromium_page(viewport={"width": 1100, "height": 900}, locale="fr-FR", accept_downloads=True) as page:
        page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        sign_in_page(page, base, coordinator, PASSWORD)
        page.goto(base + ROUTE + "/")
        page.get_by_role("link", name="Préparer une saisine").click()
        assert page.locator("textarea[name=deprivation_place], input[name=deprivation_place]").count() == 0
        page.locator("select[name=body]").select_option("cglpl")
        page.get_by_role("button", name="Choisir").click()
        place = page.locator("input[name=deprivation_place]")
        place.wait_for()
        assert "Lieu de privation de liberté" in page.locator("body").inner_text()
        for rid in ids:
            page.locator(f"input[name=records][value='{rid}']").check()
        page.locator("input[name=kind][value=collective]").check()
        page.locator("input[name=party_name]").fill("Association Invented du Littoral")
        page.locator("textarea[name=party_address]").fill("1 rue de la Mer\n62100 Calais")
        page.locator("input[name=signatory]").fill("Jeanne Invented, coordinatrice")
        page.locator("input[name=place_signed]").fill("Calais")
        walk.record(page)
        page.screenshot(path=str(journeys / "observatory_fr_referral_cglpl_form.png"), full_page=True)
        # The place forgotten: the page names it, in French, and keeps everything typed and ticked.
        page.get_by_role("button", name="Télécharger le PDF").click()
        page.locator(".notice.bad").wait_for()
        assert "il manque le lieu de privation de liberté" in page.locator(".notice.bad").inner_text()
        assert page.locator("input[name=party_name]").input_value() == "Association Invented du Littoral"
        assert all(page.locator(f"input[name=records][value='{rid}']").is_checked() for rid in ids)
        assert page.locator("input[name=body]").input_value() == "cglpl"
        walk.record(page)
        page.screenshot(path=str(journeys / "observatory_fr_referral_cglpl_refused.png"), full_page=True)
        page.locator("input[name=deprivation_place]").fill("Centre de rétention administrative de Coquelles")
        with page.expect_download() as download:
            page.get_by_role("button", name="Télécharger le PDF").click()
        assert download.value.suggested_filename.startswith("saisine-cglpl-")
        pdf = artifacts / "observatory_referral_cglpl_collective.pdf"
        download.value.save_as(str(pdf))
    assert not problems, problems

    assert pdf.read_bytes()[:5] == b"%PDF-"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    for present in (
        "Contrôleur général des lieux de privation de liberté",
        "Centre de rétention administrative de Coquelles",
        "Annexe 1 — Témoignage anonymisé n° 1",
        "Annexe 2 — Témoignage anonymisé n° 2",
        "Interpellation, rétention ou garde à vue",
    ):
        assert present in flat, present
    for absent in (f"Witnessmarker{run}", f"Personmarker{run}", "05:45"):
        assert absent not in flat, absent
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", str(pdf), str(artifacts / "observatory_referral_cglpl_collective")], check=True
    )
