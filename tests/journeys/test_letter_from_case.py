"""A volunteer prepares a CNDA appeal: the letter form never asks the notification date the guide
already holds, and the letter prints the engine's date. The same form, posted with values no
screen offers, names the field to fix and keeps what was typed. Invented people only."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from browser import chromium_page
from stackctl import TEST_ENV

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "platform"))
from test_volunteer_mode import choose, cnda_case_in_six_screens, continue_, sign_in  # noqa: E402

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "journeys"


def _to_letter_form(page, base):
    sign_in(page, base, Path(TEST_ENV["PARCOURS_VAR"]))
    cnda_case_in_six_screens(page, base)  # notified on 10/11/2026
    page.get_by_text("Préparer les documents", exact=False).first.click()
    choose(page, "fr.cnda_appeal")
    continue_(page)
    language = page.get_by_role("heading", name="Dans quelle langue", exact=False)
    letters = page.get_by_role("heading", name="Quelles lettres préparer ?")
    form = page.get_by_role("heading", name="Informations pour les lettres")
    for _ in range(3):  # the person's language and the letters, in the order the interview asks
        language.or_(letters).or_(form).first.wait_for()
        if form.count():
            break
        if language.count():
            choose(page, "ti")
        else:
            page.get_by_text("Recours devant la CNDA (trame)", exact=False).first.click()
        continue_(page)
    page.get_by_role("heading", name="Informations pour les lettres").wait_for()


@pytest.mark.server
@pytest.mark.browser
def test_the_cnda_letter_never_asks_the_notification_date_and_prints_the_engines(server):
    base, _ = server
    with chromium_page() as page:
        _to_letter_form(page, base)
        form = page.locator("#daform").inner_text()
        assert "Date de notification" not in form  # the guide holds it: never typed again
        assert "Ce que la décision dit" not in form and "Ce que dit la décision" not in form
        assert "[à compléter" in form and "*" in form  # the hint and the marks agree
        page.screenshot(path=str(ARTIFACTS / "letter_form_cnda.png"), full_page=True)
        page.get_by_label("Adresse ou domiciliation", exact=False).fill(
            "c/o Association Exemple\n1 rue Fictive\n93100 Montreuil"
        )
        page.get_by_label("Lieu où la lettre est signée", exact=False).fill("Montreuil")
        page.get_by_label("Date de la décision de l", exact=False).fill("02/11/2026")
        continue_(page)
        page.get_by_role("heading", name="Documents prêts").wait_for(timeout=120_000)
        link = page.locator("a[href*='fr_cnda_appeal.pdf']").first
        with page.expect_download() as download:
            link.click()
        pdf = ARTIFACTS / "letter_cnda_from_case.pdf"
        download.value.save_as(str(pdf))
    from pypdf import PdfReader

    text = " ".join(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages).split())
    assert "notifiée le 10 novembre 2026" in text  # the engine's date, the one the deadline is counted from
    assert "du 2 novembre 2026" in text
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(pdf.with_suffix(""))],
        check=True,
    )


@pytest.mark.server
@pytest.mark.browser
def test_the_letter_form_refuses_what_no_screen_offers_and_loses_nothing(server):
    base, _ = server
    with chromium_page() as page:
        _to_letter_form(page, base)
        long_text = "Récit " * 2000  # 12 000 characters in the account: a long account is allowed
        page.get_by_label("Récit des faits", exact=False).fill(long_text)
        page.get_by_label("Lieu où la lettre est signée", exact=False).fill("<b>Montreuil</b>")
        page.get_by_label("Date de la décision de l", exact=False).fill("2026/31/12")
        continue_(page)
        body = page.locator("#daform").inner_text().replace("\u2019", "'")
        assert "Date de la décision de l'OFPRA : Écrivez une date réelle" in body
        assert page.get_by_label("Récit des faits", exact=False).input_value() == long_text.strip()  # nothing lost
        # HTML is kept as text or stripped of its tags by docassemble, never drawn as markup.
        assert "Montreuil" in page.get_by_label("Lieu où la lettre est signée", exact=False).input_value()
        assert page.locator("#daform b", has_text="Montreuil").count() == 0
        # A one-line answer of 10 000 characters, and a choice no radio button offers.
        page.get_by_label("Date de la décision de l", exact=False).fill("02/11/2026")
        page.get_by_role("textbox", name="Numéro OFPRA").fill("9" * 10_000)
        page.evaluate(
            """() => { const r = document.querySelector("input[type=radio][value='request_now']");
                       r.value = 'free_lawyer_forever'; r.checked = true; }"""
        )
        continue_(page)
        body = page.locator("#daform").inner_text().replace("\u2019", "'")
        assert "Numéro OFPRA : Cette réponse dépasse 500 caractères" in body
        page.get_by_role("textbox", name="Numéro OFPRA").fill("2026-123456")  # one problem named at a time
        page.evaluate(
            """() => { const r = document.querySelector("input[type=radio][value='request_now']");
                       r.value = 'free_lawyer_forever'; r.checked = true; }"""
        )
        continue_(page)
        body = page.locator("#daform").inner_text().replace("\u2019", "'")
        assert "Aide juridictionnelle : Choisissez une des réponses proposées" in body
        assert page.get_by_label("Récit des faits", exact=False).input_value() == long_text.strip()
        page.screenshot(path=str(ARTIFACTS / "letter_form_hostile.png"), full_page=True)
