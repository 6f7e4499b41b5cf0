"""The observatory's report and erasure in a browser: an observer's summary naming a witness is
refused naming the field (nothing typed lost), the coordination downloads the monthly report's DOCX
and PDF with their charts (the PDF rendered to PNG and looked at), and the observer erases a testimony."""

from __future__ import annotations

import io
import re
import subprocess
import uuid
import zipfile
from html import unescape

import pytest
import walk
from accounts import observatory_team, sign_in_page, signed_in
from browser import chromium_page

ROUTE = "/parcours/observatory"
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "has_touch": True, "locale": "fr-FR"}
PASSWORD = "Observatoire-Rapport-2026!"


def _shot(page, folder, name: str, full: bool = False) -> None:
    walk.record(page)
    page.screenshot(path=str(folder / f"observatory_{name}.png"), full_page=full)


def _recorded(http, base: str, day: str, acts: list[str]) -> None:
    """A testimony posted as the capture form posts it (the report needs counts of 5 and more)."""
    page = http.get(base + ROUTE + "/new").text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    data = {
        "id": str(uuid.uuid4()),
        "date": day,
        "place": "calais_marck",
        "authorities": ["crs"],
        "acts": acts,
        "people": "9",
        "summary_fr": "Évacuation du campement à l'aube, tentes emportées.",
        "consent": "anonymised_publication",
        "csrf_token": csrf,
        "attachment_kind": "photo",
    }
    assert http.post(base + ROUTE + "/new", data=data, allow_redirects=False).status_code == 303


def _charts_are_the_tables(html: str) -> None:
    """Each chart (its figures in words in <desc>) says what its table says — per month, the month
    cells; per act, authority or place, the period's totals — and draws a bar for a number only."""
    sections = [part for part in html.split("<h3>")[1:] if "<svg" in part]
    assert len(sections) == 4
    for section in sections:
        desc = unescape(re.search(r"<desc>(.*?)</desc>", section).group(1))
        said = [item.rsplit(" : ", 1)[1] for item in desc.split(" ; ")]
        bars = re.findall(r'<rect x="250" y="\d+" width="\d+" height="\d+" fill="#1d4f91">', section)
        assert len(bars) == len([v for v in said if v.isdigit() and v != "0"]), desc
        rows = re.findall(r"<tr><th scope=\"row\">.*?</tr>", section.split("<table", 1)[1])
        cells = [re.findall(r"<td>(.*?)</td>", row) for row in rows]
        table = cells[0][:-1] if len(cells) == 1 and len(said) == len(cells[0]) - 1 else [c[-1] for c in cells]
        for words, shown in zip(said, table, strict=True):
            assert (
                words == shown
                or (shown == "&lt; 5" and words == "moins de 5")
                or (shown == "masqué" and words.startswith("masqué"))
            ), (words, shown)


@pytest.mark.server
@pytest.mark.browser
def test_a_named_summary_is_refused_the_report_docx_has_its_charts_and_a_testimony_is_erased(
    server, da, journeys, artifacts
):
    base, _ = server
    run, observer, coordinator = observatory_team(da, "rapport", PASSWORD)
    http = signed_in(base, observer, PASSWORD)
    for _ in range(6):
        _recorded(http, base, "2026-10-08", ["eviction", "tents_taken"])
    for _ in range(2):
        _recorded(http, base, "2026-11-04", ["eviction", "tear_gas"])
    witness = f"Zéphyrine Invented{run}"
    problems: list[str] = []

    with chromium_page(**PHONE) as page:
        page.on("pageerror", lambda e: problems.append(str(e)))
        sign_in_page(page, base, observer, PASSWORD)
        page.goto(base + ROUTE + "/new")
        page.locator("input[name=date]").fill("2026-11-20")
        page.locator("select[name=place]").select_option("calais_marck")
        page.get_by_label("CRS (compagnies républicaines de sécurité)").check()
        page.get_by_label("Expulsion d'un lieu de vie").check()
        page.locator("input[name=people]").fill("4")
        page.locator("input[name=witnesses]").fill("1")
        page.locator("select[name=witness_named]").select_option("yes")
        page.locator("textarea[name=witness_names]").fill(witness)
        page.locator("textarea[name=summary_fr]").fill("Zephyrine a vu les CRS détruire les tentes.")
        page.locator("select[name=consent]").select_option("anonymised_publication")
        page.get_by_role("button", name="Enregistrer").click()
        error = page.locator(".notice.bad")
        error.wait_for()
        said = error.inner_text()
        assert "Résumé en français" in said and "Noms des témoins" in said and "Zephyrine" not in said
        assert page.locator("textarea[name=witness_names]").input_value() == witness  # nothing typed is lost
        _shot(page, journeys, "fr_summary_names_someone")
        page.locator("textarea[name=summary_fr]").fill("Un témoin a vu les CRS détruire les tentes.")
        page.get_by_role("button", name="Enregistrer").click()
        page.locator("text=Témoignage enregistré").first.wait_for()
        record_id = page.url.split("/r/")[1].split("?")[0]

        # Erasing: the page says what goes and that referrals already sent stay where they are.
        page.get_by_role("link", name="Effacer ce témoignage").click()
        assert "ni refaits ni rappelés" in page.locator("body").inner_text()
        _shot(page, journeys, "fr_erase_confirm", full=True)
        page.get_by_role("button", name="Effacer définitivement").click()
        page.locator("text=Témoignage effacé").first.wait_for()
        assert record_id not in page.content()
        _shot(page, journeys, "fr_erased")
        page.goto(base + f"{ROUTE}/r/{record_id}")
        assert "n'existe pas" in page.locator("body").inner_text()

    with chromium_page(viewport={"width": 1100, "height": 900}, locale="fr-FR", accept_downloads=True) as page:
        page.on("pageerror", lambda e: problems.append(str(e)))
        sign_in_page(page, base, coordinator, PASSWORD)
        page.goto(base + ROUTE + "/report")
        assert page.locator("svg[role=img]").count() == 4  # per month, act, authority and place
        _charts_are_the_tables(page.content())
        _shot(page, journeys, "fr_report_charts", full=True)
        with page.expect_download() as download:
            page.get_by_role("link", name="Télécharger (DOCX)").click()
        docx = artifacts / "observatory_report.docx"
        download.value.save_as(str(docx))
        with page.expect_download() as download:
            page.get_by_role("link", name="Télécharger (PDF)").click()
        pdf = artifacts / "observatory_report.pdf"
        download.value.save_as(str(pdf))
    assert not problems, problems

    parts = zipfile.ZipFile(io.BytesIO(docx.read_bytes()))
    assert len([n for n in parts.namelist() if n.startswith("word/media/")]) == 4
    assert witness not in parts.read("word/document.xml").decode()
    assert pdf.read_bytes()[:5] == b"%PDF-"
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert len([line for line in images.splitlines()[2:] if " image " in line]) >= 4  # the four charts
    text = " ".join(
        subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    assert "octobre 2026" in text and "Total de la période" in text
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(artifacts / "observatory_report")], check=True)
    assert (artifacts / "observatory_report-1.png").is_file()
