"""The border observatory in a browser: an observer records a testimony on a phone-size screen
(one mistake on the way, nothing typed lost), then a coordinator drafts a collective referral to
the Défenseur des droits and downloads its PDF, in which nobody is named, then reads the monthly report."""

from __future__ import annotations

import subprocess
import time

import pytest
import walk
from accounts import observatory_team, sign_in_page
from browser import chromium_page

ROUTE = "/parcours/observatory"
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "has_touch": True, "locale": "fr-FR"}
PASSWORD = "Observatoire-Nord-2026!"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 200
TIGRINYA = "ፖሊስ ንግሆ መጺኦም ድንኳናትና ተሌፎናትና ወሲዶም።"


def _shot(page, folder, name: str, full: bool = False) -> None:
    walk.record(page)
    page.screenshot(path=str(folder / f"observatory_{name}.png"), full_page=full)


def _watch(page, problems: list) -> None:
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: problems.append(str(e)))


@pytest.mark.server
@pytest.mark.browser
def test_an_observer_records_on_a_phone_and_the_coordination_downloads_a_collective_referral(
    server, da, journeys, artifacts
):
    base, _ = server
    run, observer, coordinator = observatory_team(da, "referral", PASSWORD)
    witness = f"Witnessmarker{run}"
    summary = f"Vers 6 h, des CRS ont évacué le campement ({run}) et emporté tentes et téléphones."
    problems: list[str] = []

    with chromium_page(**PHONE) as page:
        _watch(page, problems)
        sign_in_page(page, base, observer, PASSWORD)
        started = time.monotonic()
        page.goto(base + ROUTE + "/")
        _shot(page, journeys, "fr_list_empty")
        page.get_by_role("link", name="Nouveau témoignage").click()
        page.locator("input[name=date]").fill("2026-11-12")
        page.locator("input[name=time]").fill("06:30")
        page.locator("select[name=place]").select_option("calais_marck")
        page.get_by_label("CRS (compagnies républicaines de sécurité)").check()
        page.get_by_label("Expulsion d'un lieu de vie").check()
        page.get_by_label("Confiscation ou destruction de tentes").check()
        page.get_by_label("Confiscation ou destruction de téléphones").check()
        page.locator("input[name=people]").fill("12")
        page.locator("input[name=witnesses]").fill("2")
        page.locator("select[name=witness_named]").select_option("yes")
        page.locator("textarea[name=witness_names]").fill(witness)
        page.locator("select[name=testimony_language]").select_option("ti")
        page.locator("textarea[name=testimony]").fill(TIGRINYA)
        page.locator("select[name=consent]").select_option("anonymised_publication")
        page.locator("input[name=attachment]").set_input_files(
            {"name": "photo-tente.png", "mimeType": "image/png", "buffer": PNG}
        )
        _shot(page, journeys, "fr_form_phone")
        # The French summary forgotten: the form comes back naming it, with everything else kept.
        page.get_by_role("button", name="Enregistrer").click()
        error = page.locator(".notice.bad")
        error.wait_for()
        assert "Résumé en français" in error.inner_text()
        assert page.locator("select[name=place]").input_value() == "calais_marck"
        assert page.locator("textarea[name=testimony]").input_value() == TIGRINYA
        assert page.get_by_label("Confiscation ou destruction de téléphones").is_checked()
        _shot(page, journeys, "fr_form_error")
        page.locator("textarea[name=summary_fr]").fill(summary)
        page.locator("input[name=attachment]").set_input_files(
            {"name": "photo-tente.png", "mimeType": "image/png", "buffer": PNG}
        )
        page.get_by_role("button", name="Enregistrer").click()
        page.locator("text=Témoignage enregistré").first.wait_for()
        assert time.monotonic() - started < 300  # the form itself never stands in the way of five minutes
        assert TIGRINYA in page.locator("body").inner_text()
        record_id = page.url.split("/r/")[1].split("?")[0]
        _shot(page, journeys, "fr_saved_phone", full=True)

    with chromium_page(viewport={"width": 1100, "height": 900}, locale="fr-FR", accept_downloads=True) as page:
        _watch(page, problems)
        sign_in_page(page, base, coordinator, PASSWORD)
        page.goto(base + ROUTE + "/")
        assert record_id in page.content()
        page.get_by_role("link", name="Préparer une saisine").click()
        page.locator(f"input[name=records][value='{record_id}']").check()
        page.locator("input[name=kind][value=collective]").check()
        page.locator("input[name=party_name]").fill("Association Invented du Littoral")
        page.locator("textarea[name=party_address]").fill("1 rue de la Mer\n62100 Calais")
        page.locator("input[name=signatory]").fill("Jeanne Invented, coordinatrice")
        page.locator("input[name=place_signed]").fill("Calais")
        _shot(page, journeys, "fr_referral_form")
        # First by name: the person did not accept it; the page says so and proposes the collective route.
        page.locator("input[name=kind][value=individual]").check()
        page.get_by_role("button", name="Télécharger le PDF").click()
        page.locator(".notice.bad").wait_for()
        assert "saisine collective" in page.locator(".notice.bad").inner_text()
        assert page.locator("input[name=party_name]").input_value() == "Association Invented du Littoral"
        _shot(page, journeys, "fr_referral_refused")
        page.locator("input[name=kind][value=collective]").check()
        with page.expect_download() as download:
            page.get_by_role("button", name="Télécharger le PDF").click()
        pdf = artifacts / "observatory_referral_collective.pdf"
        download.value.save_as(str(pdf))
        # The month's report: counts only, small ones as "< 5", a chart drawn without script.
        page.goto(base + ROUTE + "/report")
        assert page.locator("svg[role=img]").count() == 4 and "novembre 2026" in page.locator("body").inner_text()
        assert witness not in page.content() and summary not in page.content()
        _shot(page, journeys, "fr_report", full=True)
    assert not problems, problems

    assert pdf.read_bytes()[:5] == b"%PDF-"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    for present in ("Association Invented du Littoral", "Défenseur des droits", "Annexe 1", "le 12/11/2026", "CRS"):
        assert present in flat, present
    for absent in (witness, TIGRINYA, "06:30", "photo-tente"):
        assert absent not in flat, absent
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", str(pdf), str(artifacts / "observatory_referral_collective")], check=True
    )
