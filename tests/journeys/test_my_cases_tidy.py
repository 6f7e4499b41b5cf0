"""Issue 13 item 8: "Mes dossiers" lists real cases only, by names a person understands. A volunteer
opens the guide and leaves at the first screen: no new row. She answers a CNDA case: the row reads
"Recours devant la CNDA, commencé le <date>" and its deadline is written as people write dates. She
names it, writes a note, exports it, erases it and imports the file: the row comes back with its name
and its note."""

from __future__ import annotations

import datetime as dt
import json
import re
import time

import pytest
from babel.dates import format_date
from browser import CNDA_2026, answer_until, chromium_page
from walk import GUIDE, choose, continue_, new_volunteer, shot, sign_in, tick

from parcours import i18n

CASES = "docassemble.parcours:data/questions/cases.yml"
CNDA = "Recours devant la CNDA"
ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
SESSION_ID = re.compile(r"\b[A-Za-z0-9]{8} \?")
NAME = "AB-12"
# A note as volunteers write them; markup typed after it must never become a tag on the page.
NOTE = "RDV avocate le 15/12 : apporter la décision OFPRA & le récépissé"
HOSTILE = ' <b onmouseover="alert(1)">gras</b>'
# Words of the French frame of "Mes dossiers" that a Dutch page must not show.
FRENCH_FRAME = re.compile(
    r"Mes dossiers|Aucun dossier|\bPays\b|Prochain délai|Jours restants|\bReprendre\b|\bExporter\b|\bTransmettre\b|"
    r"\bEffacer\b|Importer un dossier|délai le plus proche"
)


def _my_cases(page, base: str) -> str:
    page.goto(f"{base}/interview?i={CASES}&reset=1")
    page.locator("#daMainQuestion").wait_for()
    page.wait_for_load_state("networkidle")
    return page.locator("#daquestion").inner_text()


@pytest.mark.server
@pytest.mark.browser
def test_my_cases_lists_real_cases_by_name_and_keeps_the_note(server, da, journeys, tmp_path):
    base, _ = server
    email = f"dossiers-{int(time.time())}@parcours.example.org"  # a fresh list, even on a reused stack
    new_volunteer(da, email, "Dossiers-Pass-2026!")
    today = dt.date.today()
    notified = today - dt.timedelta(days=5)
    shots: list = []
    with chromium_page(accept_downloads=True) as page:
        sign_in(page, base, email, "Dossiers-Pass-2026!")

        # Opened, then left at the first screen: not a case.
        page.goto(f"{base}/interview?i={GUIDE}&reset=1")
        page.locator("#daMainQuestion").wait_for()
        shot(page, journeys, "my_cases_guide_abandoned", shots)
        listed = _my_cases(page, base)
        assert "Aucun dossier pour l" in listed, listed
        assert page.locator("table tbody tr").count() == 0

        # A CNDA case, answered up to its result.
        _cnda_case(page, base, notified, place="59000")

        # Not named yet: the procedure and the day it was started, never a session id.
        listed = _my_cases(page, base)
        started = format_date(today, format="long", locale="fr_FR")
        assert f"{CNDA}, commencé le {started}" in listed, listed
        assert not SESSION_ID.search(listed) and " ?" not in listed, listed
        # The next deadline as people write it ("6 janvier 2027"), not "2027-01-06".
        row = page.locator("table tbody tr").first.inner_text()
        assert not ISO.search(row), row
        assert re.search(
            r"\b\d{1,2} (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|"
            r"novembre|décembre) \d{4}\b",
            row,
        ), row
        assert "France" in row, row
        shot(page, journeys, "my_cases_unnamed_row", shots)
        # The same list in Dutch: dates and names as a Dutch speaker writes them.
        page.goto(f"{base}/interview?i={CASES}&reset=1&lang=nl")
        row = page.locator("table tbody tr").first.inner_text()
        assert f"begonnen op {format_date(today, format='long', locale='nl_BE')}" in row, row
        assert "Frankrijk" in row and not ISO.search(row), row
        # ... and the frame around them: title, caption, headers, links, the erase screen's buttons.
        page.get_by_role("heading", name="Mijn dossiers").first.wait_for()
        assert "Mijn dossiers" in page.title(), page.title()
        table = page.locator("table").first
        assert table.locator("caption").inner_text() == "Mijn dossiers, dichtstbijzijnde termijn eerst"
        headers = [h.strip() for h in table.locator("thead th").all_inner_texts()]
        assert headers == ["Dossier", "Land", "Volgende termijn", "Resterende dagen", "Notitie", "Acties"], headers
        assert page.locator("table tbody tr a").all_inner_texts()[:4] == [
            "Hervatten",
            "Exporteren",
            "Doorgeven",
            "Wissen",
        ]
        dutch = page.locator("#daquestion").inner_text()
        assert "Een dossier importeren (.json-bestand)" in dutch, dutch
        assert not FRENCH_FRAME.search(dutch), FRENCH_FRAME.search(dutch)
        shot(page, journeys, "my_cases_dutch", shots)
        page.get_by_role("link", name="Wissen").first.click()
        page.get_by_role("heading", name="Dit dossier wissen?").wait_for()
        assert "AVG art. 17" in page.locator("#daquestion").inner_text()
        # A value no button offers, posted by hand: refused in Dutch, nothing erased.
        page.locator("#daform button[type=submit]").first.evaluate("b => { b.value = '<b>ja</b>'; }")
        page.get_by_role("button", name="Definitief wissen").click()
        page.get_by_text(i18n.ui("check.not_offered", "nl")).first.wait_for()
        page.get_by_role("heading", name="Dit dossier wissen?").wait_for()
        page.get_by_role("button", name="Annuleren").click()
        page.get_by_role("heading", name="Er is niets gewist").wait_for()
        page.get_by_role("link", name="Terug naar mijn dossiers").click()
        page.locator("table tbody tr").first.wait_for()  # nothing erased: the case is still listed
        assert page.locator("table tbody tr").count() == 1
        # Right to left in Arabic; Tigrinya in its own script (screenshots show both render).
        for lang in ("ti", "ar"):
            page.goto(f"{base}/interview?i={CASES}&reset=1&lang={lang}")
            page.get_by_role("heading", name=i18n.ui("cases.title", lang)).first.wait_for()
            assert page.locator("table caption").inner_text() == i18n.ui("cases.table.caption", lang)
            assert not FRENCH_FRAME.search(page.locator("#daquestion").inner_text()), lang
            assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr"), lang
            shot(page, journeys, f"my_cases_{lang}", shots)
        # The hand-over code in Arabic: the guide's option named as the guide writes it, the code left to right.
        page.get_by_role("link", name=i18n.ui("cases.pass", "ar")).first.click()
        page.locator(".pc-code").wait_for()
        assert f"«{i18n.ui('jurisdiction.handover', 'ar')}»" in page.locator("#daquestion").inner_text()
        assert page.locator(".pc-code").get_attribute("dir") == "ltr"
        shot(page, journeys, "my_cases_handover_code_ar", shots)
        # A language no screen offers (and markup) in the link: the volunteer's own language, French here.
        page.goto(f"{base}/interview?i={CASES}&reset=1&lang=%3Cb%3Enl%3C%2Fb%3E")
        page.get_by_role("heading", name="Mes dossiers").first.wait_for()
        assert page.locator("table thead th").first.inner_text().strip() == "Dossier"
        assert page.locator("table tbody tr a").first.inner_text() == "Reprendre"

        # She names it and writes a note for the team.
        _my_cases(page, base)
        page.get_by_role("link", name="Reprendre").first.click()
        page.get_by_role("heading", name="Résultat", exact=True).first.wait_for()
        page.get_by_role("link", name="Nom et note du dossier").first.click()
        page.locator("#daform input[type=text]:visible").first.wait_for()
        page.locator("#daform input[type=text]:visible").first.fill(NAME)
        page.locator("#daform textarea:visible").first.fill(NOTE + HOSTILE)
        continue_(page)

        listed = _my_cases(page, base)
        assert NAME in listed and NOTE in listed, listed
        assert page.locator("table b").count() == 0  # the note's markup stayed text

        # Export, erase, import: the case comes back with its name and its note.
        page.get_by_role("link", name="Exporter").first.click()
        with page.expect_download() as download:
            page.locator("a[href*='.json']").first.click()
        path = tmp_path / "dossier.json"
        download.value.save_as(path)
        case = json.loads(path.read_text(encoding="utf-8"))
        assert case["case_id"] == NAME and case["notes"].startswith(NOTE), case

        _my_cases(page, base)
        page.get_by_role("link", name="Effacer").first.click()
        page.get_by_role("button", name="Effacer définitivement").click()
        page.get_by_role("heading", name="Dossier effacé").wait_for()
        # The number of files in the form French gives it ("1 fichier supprimé", "2 fichiers supprimés").
        erased = page.locator("#daquestion").inner_text()
        assert re.search(r"\b(0|1) fichier supprimé avec|\b([2-9]|\d\d+) fichiers supprimés avec", erased), erased
        assert "(s)" not in erased, erased
        assert "Aucun dossier pour l" in _my_cases(page, base)

        page.get_by_role("link", name="Importer un dossier").click()
        upload = page.locator("input[type=file]")
        upload.set_input_files(str(path))
        upload.dispatch_event("change")
        page.wait_for_timeout(300)
        continue_(page)
        page.get_by_role("heading", name="Dossier importé").wait_for()

        listed = _my_cases(page, base)
        shot(page, journeys, "my_cases_imported_with_note", shots)
        assert NAME in listed and NOTE in listed, listed
        assert page.locator("table tbody tr").count() == 1, listed
        assert not SESSION_ID.search(listed) and not ISO.search(listed), listed
    assert all(p.exists() for p in shots)


def _cnda_case(page, base: str, notified: dt.date, place: str = "62100") -> None:  # Calais
    """A CNDA appeal up to its result: country, place, status, procedure, decision, notification date."""
    page.goto(f"{base}/interview?i={GUIDE}&reset=1")
    page.locator("#daMainQuestion").wait_for()
    choose(page, "fr")
    continue_(page)
    page.locator("#daform input[type=text]:visible").first.fill(place)
    continue_(page)
    choose(page, "other")
    continue_(page)
    tick(page, CNDA)
    continue_(page)
    choose(page, "rejection")
    continue_(page)
    page.locator("#daform input[type=text]:visible").first.fill(notified.strftime("%d/%m/%Y"))
    continue_(page)
    answer_until(page, "Résultat", CNDA_2026)  # notified from 12 June 2026: the procedure, inadmissibility


@pytest.mark.server
@pytest.mark.browser
def test_a_case_passed_to_a_colleague_keeps_its_name_and_note(server, da, journeys):
    base, _ = server
    stamp = int(time.time())
    alice, bruno = f"alice-{stamp}@parcours.example.org", f"bruno-{stamp}@parcours.example.org"
    for email in (alice, bruno):
        new_volunteer(da, email, "Dossiers-Pass-2026!")
    shots: list = []
    with chromium_page() as page:
        sign_in(page, base, alice, "Dossiers-Pass-2026!")
        _cnda_case(page, base, dt.date.today() - dt.timedelta(days=3))
        page.get_by_role("link", name="Nom et note du dossier").first.click()
        page.locator("#daform input[type=text]:visible").first.fill(NAME)
        page.locator("#daform textarea:visible").first.fill(NOTE)
        continue_(page)
        _my_cases(page, base)
        page.get_by_role("link", name="Transmettre").first.click()
        code = page.locator(".pc-code").inner_text().strip()
    with chromium_page() as page:
        sign_in(page, base, bruno, "Dossiers-Pass-2026!")
        page.goto(f"{base}/interview?i={GUIDE}&reset=1")
        page.locator("#daMainQuestion").wait_for()
        choose(page, "handover")
        continue_(page)
        page.locator("#daform input[type=text]:visible").first.fill(code)
        continue_(page)
        listed = _my_cases(page, base)
        shot(page, journeys, "my_cases_handed_over", shots)
    assert NAME in listed and NOTE in listed, listed
    assert not SESSION_ID.search(listed), listed
