"""Issue 20 item 1, done when: a coordinator takes over a departed volunteer's cases. Volunteer A
answers a CNDA case and names it, then leaves the association (her account is deactivated). The
coordinator sees the association's cases, shows the departed volunteer's ("ancien compte"), opens
A's case and puts it in B's charge; B finds it in "Mes dossiers", takes it over, finds the answers
and the note, and carries on."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from accounts import database, new_user
from browser import chromium_page
from test_my_cases_tidy import _cnda_case
from walk import continue_, record, settled, shot, sign_in

from parcours.i18n import ui as T

CASES = "docassemble.parcours:data/questions/cases.yml"
RUN = str(int(time.time()))
A = (f"depart.alice.{RUN}@parcours.example.org", "Depart-Alice-2026!")
B = (f"reprise.bruno.{RUN}@parcours.example.org", "Reprise-Bruno-2026!")
K = (f"coordination.{RUN}@parcours.example.org", "Coordination-2026!")
NAME = f"Famille Invented {RUN[-4:]}"
NOTE = "Attend la décision du bureau d'aide juridictionnelle"
MORE = " — pièces reçues par Bruno"


def _cases(page, base: str) -> str:
    page.goto(f"{base}/interview?i={CASES}&reset=1")
    page.locator("#daMainQuestion").wait_for()
    page.wait_for_load_state("networkidle")
    record(page)
    return page.locator("#daquestion").inner_text()


def _only_cases_of(page, email: str) -> None:
    """Filter the association's list on one volunteer, and wait until the filtered list is drawn:
    a new screen (docassemble counts them in the address's #page), with their cases only. On a new
    database the whole list may already be theirs only: the rows alone cannot tell the screens apart."""
    before = page.evaluate("location.href")
    page.locator(".pc-team-filter a", has_text=email).first.click()
    page.wait_for_function("(old) => location.href !== old", arg=before)
    page.wait_for_function(  # the filtered list has replaced the whole one: their cases only
        "(a) => { const rows = [...document.querySelectorAll('table.pc-team-cases tbody tr')];"
        " return rows.length > 0 && rows.every(r => r.innerText.includes(a)); }",
        arg=email,
    )
    settled(page)


def _name_and_note(page, name: str | None, note: str) -> None:
    page.get_by_role("link", name="Nom et note du dossier").first.click()
    page.locator("#daform textarea:visible").first.wait_for()
    if name is not None:
        page.locator("#daform input[type=text]:visible").first.fill(name)
    page.locator("#daform textarea:visible").first.fill(note)
    continue_(page)
    page.get_by_role("heading", name="Résultat", exact=True).first.wait_for()


@pytest.mark.server
@pytest.mark.browser
def test_a_coordinator_hands_a_departed_volunteers_case_to_another(server, da, journeys):
    base, _ = server
    for who, role in ((A, "volunteer"), (B, "volunteer"), (K, "coordinator")):
        new_user(da, *who, role)
    shots: list = []

    with chromium_page() as page:  # A answers a case, names it and writes a note
        sign_in(page, base, *A)
        _cnda_case(page, base, dt.date.today() - dt.timedelta(days=4))
        _name_and_note(page, NAME, NOTE)

    with database() as db, db.cursor() as cur:  # A leaves the association
        cur.execute("UPDATE public.user SET active = false WHERE email = %s", (A[0],))
        db.commit()

    with chromium_page() as page:  # the coordinator finds A's case and puts it in B's charge
        sign_in(page, base, *K)
        _cases(page, base)
        page.get_by_role("link", name=re.compile("Voir tous les dossiers de l.association")).click()
        page.get_by_role("heading", name=re.compile("Dossiers de l.association")).wait_for()
        page.locator("table.pc-team-cases").wait_for()
        record(page)
        shot(page, journeys, "team_cases_all", shots)
        _only_cases_of(page, A[0])
        table = page.locator("table.pc-team-cases").inner_text()
        assert NAME in table and "Recours devant la CNDA" in table and "ancien compte" in table, table
        assert B[0] not in table  # only the departed volunteer's cases
        shot(page, journeys, "team_cases_departed", shots)
        # The same list, while the case is still in the departed account's charge, for an English-speaking
        # coordinator: English words, the departed account named so.
        page.goto(f"{base}/interview?i={CASES}&reset=1&lang=en")
        page.get_by_role("link", name=re.compile("See all the association.s cases")).click()
        page.get_by_role("heading", name=re.compile("The association.s cases")).wait_for()
        record(page)
        english = page.locator("#daquestion").inner_text()
        assert "Volunteer in charge" in english and "departed" in english and "Bénévole en charge" not in english
        shot(page, journeys, "team_cases_english", shots)
        # ... in Dutch, and right to left in Arabic.
        for lang, title, in_charge, departed in (
            ("nl", "Dossiers van de vereniging", "Verantwoordelijke vrijwilliger", "oud account"),
            ("ar", T("teamcases.title", "ar"), T("teamcases.col.in_charge", "ar"), T("teamcases.departed", "ar")),
        ):
            page.goto(f"{base}/interview?i={CASES}&reset=1&lang={lang}")
            page.get_by_role("link", name=T("teamcases.link", lang)).click()
            page.get_by_role("heading", name=title).wait_for()
            page.wait_for_load_state("networkidle")
            record(page)
            shown = page.locator("#daquestion").inner_text()
            assert in_charge in shown and departed in shown, shown
            assert "Volunteer in charge" not in shown and "Bénévole en charge" not in shown, shown
            assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr"), lang
            shot(page, journeys, f"team_cases_{lang}", shots)

        # Back to the French list, filtered on A.
        _cases(page, base)
        page.get_by_role("link", name=re.compile("Voir tous les dossiers de l.association")).click()
        page.locator("table.pc-team-cases").wait_for()
        _only_cases_of(page, A[0])
        page.locator("tr", has_text=NAME).get_by_role("link", name="Ouvrir").click()
        page.get_by_role("heading", name=NAME).wait_for()
        shown = page.locator("#daquestion").inner_text()
        assert NOTE in shown and "ancien compte" in shown and "a ouvert le dossier" in shown, shown
        select = page.locator("#daform select").first
        assert A[0] not in select.inner_text()  # a departed account is never offered
        select.select_option(label=B[0])
        shot(page, journeys, "team_case_assign", shots)
        continue_(page)
        page.get_by_text("Le dossier est confié à").wait_for()
        assert B[0] in page.locator("#daquestion").inner_text()
        shot(page, journeys, "team_case_assigned", shots)
    with chromium_page() as page:  # B takes it over and carries on
        sign_in(page, base, *B)
        listed = _cases(page, base)
        assert "Dossiers qui vous sont confiés" in listed and NAME in listed, listed
        shot(page, journeys, "team_case_in_my_charge", shots)
        page.locator("tr", has_text=NAME).get_by_role("link", name="Reprendre ce dossier").click()
        page.get_by_role("heading", name="Dossier repris").wait_for()
        page.get_by_role("link", name="Ouvrir le dossier").click()
        page.get_by_role("heading", name="Résultat", exact=True).first.wait_for()
        record(page)
        assert "CNDA" in page.locator("#daquestion").inner_text()
        shot(page, journeys, "team_case_taken_over_result", shots)
        _name_and_note(page, None, NOTE + MORE)
        listed = _cases(page, base)
        assert NAME in listed and MORE.strip(" —") in listed, listed
        assert "Dossiers qui vous sont confiés" not in listed  # now one of B's own cases
        assert "Qui a consulté vos dossiers" in listed and K[0] in listed, listed
        shot(page, journeys, "team_case_b_my_cases", shots)
    assert all(p.exists() for p in shots)


D = (f"depart.dounia.{RUN}@parcours.example.org", "Depart-Dounia-2026!")
E = (f"reprise.emile.{RUN}@parcours.example.org", "Reprise-Emile-2026!")


@pytest.mark.server
@pytest.mark.browser
def test_a_coordinator_hands_every_case_of_a_departed_volunteer_at_once(server, da, journeys):
    """Volunteer D leaves two cases; the coordinator puts both in E's charge in one step (after a
    mis-tap that chooses no one), reading the same screen in Arabic first; E finds both."""
    base, _ = server
    for who, role in ((D, "volunteer"), (E, "volunteer"), (K, "coordinator")):
        new_user(da, *who, role)
    names = [f"Famille Dounia {n} {RUN[-4:]}" for n in (1, 2)]
    shots: list = []
    for n, name in enumerate(names):  # D answers two cases and names them (a browser each: the
        with chromium_page() as page:  # guide's reset=1 would otherwise end the first case's session)
            sign_in(page, base, *D)
            _cnda_case(page, base, dt.date.today() - dt.timedelta(days=3 + n))
            _name_and_note(page, name, NOTE)
    with database() as db, db.cursor() as cur:  # D leaves the association
        cur.execute("UPDATE public.user SET active = false WHERE email = %s", (D[0],))
        db.commit()

    with chromium_page() as page:
        sign_in(page, base, *K)
        # In Arabic: the handover offer and its screen run right to left, in Arabic words.
        page.goto(f"{base}/interview?i={CASES}&reset=1&lang=ar")
        page.get_by_role("link", name=T("teamcases.link", "ar")).click()
        page.locator("table.pc-team-cases").wait_for()
        _only_cases_of(page, D[0])
        page.get_by_role("link", name=T("teamcases.handover.link", "ar", count=2)).click()
        page.get_by_text(T("teamcases.handover.intro", "ar", count=2)).wait_for()
        page.wait_for_load_state("networkidle")
        record(page)
        arabic = page.locator("#daquestion").inner_text()
        assert T("teamcases.handover.label", "ar") in arabic and T("teamcases.departed", "ar") in arabic, arabic
        assert T("teamcases.handover.label", "fr") not in arabic and "seront confiés" not in arabic, arabic
        assert page.locator("html").get_attribute("dir") == "rtl"
        shot(page, journeys, "team_handover_ar", shots)

        # In French: the list of D's cases offers to hand them all over.
        _cases(page, base)
        page.get_by_role("link", name=re.compile("Voir tous les dossiers de l.association")).click()
        page.locator("table.pc-team-cases").wait_for()
        _only_cases_of(page, D[0])
        page.get_by_role("link", name="Confier ces 2 dossiers à un autre bénévole").click()
        page.get_by_role("heading", name=re.compile("Dossiers à confier — ancien compte")).wait_for()
        page.wait_for_load_state("networkidle")
        shown = page.locator("#daquestion").inner_text()
        assert "Les 2 dossiers seront confiés au bénévole choisi" in shown, shown
        select = page.locator("#daform select").first
        assert D[0] not in select.inner_text() and E[0] in select.inner_text()
        # A mis-tap: Continue with no one chosen. The screen stays, says what to do.
        page.locator("#da-continue-button").click()
        error = page.locator("#daform .da-has-error, #daform .invalid-feedback, #daform label.da-has-error").first
        error.wait_for()
        # ... in French, like the button and the way back, though Arabic was read just before.
        arabic_letters = re.compile("[\u0600-\u06ff]")
        assert error.inner_text().strip() and not arabic_letters.search(error.inner_text()), error.inner_text()
        assert page.locator("#da-continue-button").inner_text().strip() == "Continuer"
        back = page.locator("#dabackbutton button").first
        assert not arabic_letters.search(back.inner_text() + (back.get_attribute("title") or "")), back.inner_text()
        shot(page, journeys, "team_handover_no_one", shots)
        select.select_option(label=E[0])
        shot(page, journeys, "team_handover_fr", shots)
        continue_(page)
        page.get_by_text("2 dossiers sont maintenant confiés à").wait_for()
        assert E[0] in page.locator("#daquestion").inner_text()
        shot(page, journeys, "team_handover_done", shots)
        # D's name is no longer among those in charge: the filter offers E's cases instead.
        page.get_by_role("link", name=re.compile("Retour aux dossiers de l.association")).click()
        page.locator("table.pc-team-cases").wait_for()
        assert D[0] not in page.locator(".pc-team-filter").inner_text()

    with chromium_page() as page:  # E finds both among the cases put in their charge
        sign_in(page, base, *E)
        listed = _cases(page, base)
        assert "Dossiers qui vous sont confiés" in listed and all(n in listed for n in names), listed
        shot(page, journeys, "team_handover_e_cases", shots)
    assert all(p.exists() for p in shots)
