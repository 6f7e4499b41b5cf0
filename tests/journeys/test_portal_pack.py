"""Issue 16 item 4, in a browser: a family reunification filed on ANEF. The volunteer joins the scans
the person has (one per piece); the "Documents prêts" screen offers the ANEF pack — one numbered PDF
per piece and the inventory — named in words, and says which piece ANEF would refuse and why (a scan
over its 2 MB limit). A 30 MB file is refused before it is sent, naming the piece and the limit,
and nothing typed is lost. Invented people only."""

from __future__ import annotations

import io
import zipfile

import pytest
from browser import chromium_page, continue_and_wait, sign_in
from pypdf import PdfReader, PdfWriter
from stackctl import TEST_ENV

from parcours import i18n

TEST_INTERVIEW = "docassemble.parcours:data/questions/tests/paperwork_test.yml"
MB = 1024 * 1024


def _pdf(path, padding: int = 0) -> str:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if padding:  # a heavy scan
        writer.add_attachment("scan.bin", b"\0" * padding)
    with open(path, "wb") as out:
        writer.write(out)
    return str(path)


def _to_scans(page, base: str) -> None:
    sign_in(page, base, TEST_ENV["PARCOURS_VAR"])
    page.goto(f"{base}/interview?i={TEST_INTERVIEW}&reset=1")
    page.wait_for_load_state("networkidle")
    for _ in range(8):
        text = page.locator("#daMainQuestion").first.inner_text().strip()
        if text.startswith("Pièces scannées"):
            return
        if text.startswith("Pour quelle d") or text.startswith("Dans quelle langue"):
            page.locator("#daform label").first.click()
        elif text.startswith("Quelles lettres"):
            page.locator("#daform label", has_text="Lettre d").first.click()
        continue_and_wait(page, 60000)
    raise AssertionError("no scan screen for a procedure filed on ANEF")


def _field(page, label: str):
    return page.locator("#daform input[type=file]").nth(
        [
            t.strip() for t in page.locator("#daform label.col-form-label, #daform .da-form-label").all_inner_texts()
        ].index(label)
    )


@pytest.mark.server
@pytest.mark.browser
def test_the_anef_pack_is_offered_and_a_scan_over_the_limit_is_flagged(server, tmp_path, artifacts):
    base, _ = server
    heavy = _pdf(tmp_path / "logement.pdf", padding=3 * MB)
    light = _pdf(tmp_path / "titre.pdf")
    with chromium_page() as page:
        _to_scans(page, base)
        page.screenshot(path=str(artifacts / "portal_scans_screen.png"), full_page=True)
        inputs = page.locator("#daform input[type=file]")
        labels = page.locator("#daform").inner_text()
        assert "Justificatif de logement" in labels and "ANEF" in labels and "2 Mo au plus" in labels
        inputs.nth(3).set_input_files(heavy)  # housing_proof, the 4th piece of the list
        inputs.nth(4).set_input_files(light)
        continue_and_wait(page, 120_000)
        ready = page.get_by_role("heading", name="Documents prêts")
        for _ in range(60):
            if ready.count():
                break
            page.wait_for_timeout(1000)
        ready.wait_for(timeout=120_000)
        page.screenshot(path=str(artifacts / "portal_ready_anef.png"), full_page=True)
        shown = page.locator("#daquestion").inner_text().replace("’", "'")
        label = i18n.ui("paperwork.file.portal", "fr", portal="ANEF")
        link = page.locator("#daquestion a", has_text=label).first
        assert link.count(), shown[:1500]
        assert "portal.anef" not in shown  # named in words, never by its file name
        assert i18n.ui("paperwork.portal.problems", "fr") in shown
        assert "« Justificatif de logement » pèse 3,0 Mo ; ANEF accepte au plus 2 Mo par fichier" in shown, shown[:2000]
        body = page.request.get(base + link.get_attribute("href")).body()
    pack = zipfile.ZipFile(io.BytesIO(body))
    names = pack.namelist()
    assert names[0] == "00 - Inventaire des pieces.pdf" and names[1].startswith("01 - Lettre d"), names
    assert any(n.startswith("05 - Justificatif de logement") for n in names), names
    for name in names:
        assert not PdfReader(io.BytesIO(pack.read(name))).is_encrypted


@pytest.mark.server
@pytest.mark.browser
def test_a_30_mb_scan_is_refused_naming_the_piece_and_the_limit(server, tmp_path):
    base, _ = server
    huge = _pdf(tmp_path / "huge.pdf", padding=30 * MB)
    with chromium_page() as page:
        _to_scans(page, base)
        light = _pdf(tmp_path / "titre.pdf")
        page.locator("#daform input[type=file]").nth(4).set_input_files(light)
        page.locator("#daform input[type=file]").nth(3).set_input_files(huge)
        page.locator("#da-continue-button").click()
        expected = i18n.ui(
            "paperwork.portal.upload_too_large", "fr", piece="Justificatif de logement", portal="ANEF", limit=2
        )
        message = page.get_by_text(expected[:40], exact=False)
        message.first.wait_for(timeout=10_000)
        shown = page.locator("body").inner_text()
        assert expected.replace("'", "’") in shown.replace("'", "’"), shown[:1500]
        assert "larger than the server" not in shown and "Request Entity Too Large" not in shown
        # Refused before anything is sent: still on the same screen, the other scan still chosen.
        assert page.locator("#daMainQuestion").inner_text().startswith("Pièces scannées")
        assert page.locator("#daform input[type=file]").nth(4).evaluate("(e) => e.files.length") == 1
