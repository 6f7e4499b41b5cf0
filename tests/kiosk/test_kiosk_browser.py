"""The kiosk in a real browser (Debian's chromium through Playwright), in French, Arabic and
Tigrinya: the whole path, axe-core on every screen (no serious or critical violation), the idle
wipe and the quick exit (server session deleted, browser storage emptied, next visitor starts
afresh), and the hand-over of the case to a volunteer with a single-use code."""

from __future__ import annotations

import re
import time

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser import chromium_page

from parcours import i18n, load_rules

KIOSK = "docassemble.parcours:data/questions/kiosk.yml"
AXE = Axe()
TO_ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def T(msgid, lang, **kw):
    return i18n.ui(msgid, lang, **kw)


def heading(page) -> str:
    return page.locator("#daMainQuestion").inner_text().strip()


def settle(page):
    page.wait_for_load_state("networkidle")
    page.locator("#daMainQuestion").wait_for()


def tracker(page) -> str:
    field = page.locator("input[name=_tracker]")
    return field.input_value() if field.count() else ""


def moved(page, before: str):
    """Wait until docassemble has drawn the next screen (its _tracker changes)."""
    page.wait_for_function(
        "(old) => { const t = document.querySelector('input[name=_tracker]');"
        " return (!t || t.value !== old) && document.getElementById('daMainQuestion'); }",
        arg=before,
        timeout=20000,
    )
    settle(page)


def axe_check(page, where: str, seen: list):
    result = AXE.run(page)
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    seen.append(where)
    assert not bad, f"axe on {where}: {bad}"


def kiosk_sessions(da) -> set[str]:
    """Every kiosk session on the server: the API gives 100 per page, and a data folder reused by
    many runs holds more (the newest were then never seen)."""
    found, params = set(), {"i": KIOSK}
    while True:
        page = da.get("/api/interviews", params)
        found |= {s["session"] for s in page.get("items", [])}
        if not page.get("next_id"):
            return found
        params = {"i": KIOSK, "next_id": page["next_id"]}


def answer_fact_screen(page, lang: str, keyboard: bool):
    """Yes to yes/no questions, the first choice of the others, a date for dates (typed in
    Eastern Arabic digits in Arabic), 'I don't know' when nothing else fits."""
    text_inputs = page.locator("#daform input[type=text]:visible")
    radios = page.locator("#daform input[type=radio]")
    if text_inputs.count():
        value = "01/09/2025"
        field = text_inputs.first
        if keyboard:
            field.focus()
            page.keyboard.type(value.translate(TO_ARABIC) if lang == "ar" else value)
        else:
            field.fill(value.translate(TO_ARABIC) if lang == "ar" else value)
    elif radios.count():
        if keyboard:
            page.keyboard.press("Tab")
            radios.first.focus()
            page.keyboard.press("Space")
        else:
            page.locator("#daform label.dalabelauty").first.click()
    before = tracker(page)
    if keyboard:
        page.locator("#da-continue-button").focus()
        page.keyboard.press("Enter")
    else:
        page.locator("#da-continue-button").click()
    moved(page, before)


def click_and_move(page, locator):
    before = tracker(page)
    locator.click()
    moved(page, before)


def pick_first_and_continue(page, keyboard: bool, kind: str) -> None:
    """Choose the first option (radio or checkbox), by keyboard or by touch, and go on."""
    before = tracker(page)
    if keyboard:
        page.locator(f"#daform input[type={kind}]").first.focus()
        page.keyboard.press("Space")
        page.locator("#da-continue-button").focus()
        page.keyboard.press("Enter")
    else:
        page.locator("#daform label.dalabelauty").first.click()
        page.locator("#da-continue-button").click()
    moved(page, before)


def walk_kiosk(page, base, lang, artifacts, keyboard=False, axe=True, idle=600):
    """From the language screen to the result; returns the screens seen."""
    seen: list[str] = []
    page.goto(f"{base}/start/kiosk/?idle={idle}")
    settle(page)
    if axe:
        axe_check(page, "language", seen)
    if lang == "fr":
        page.screenshot(path=str(artifacts / "kiosk_languages.png"), full_page=True)
    button = page.locator(f"button[value='{lang}']")
    before = tracker(page)
    if keyboard:
        button.focus()
        page.keyboard.press("Enter")
    else:
        button.click()
    moved(page, before)
    assert page.locator("html").get_attribute("dir") == ("rtl" if i18n.is_rtl(lang) else "ltr")
    assert page.locator("html").get_attribute("lang") == lang
    assert heading(page) == T("kiosk.welcome.question", lang)
    if axe:
        axe_check(page, "welcome", seen)
    if lang != "fr":
        page.screenshot(path=str(artifacts / f"kiosk_{lang}_welcome.png"), full_page=True)
    before = tracker(page)
    if keyboard:
        page.locator("#da-continue-button").focus()
        page.keyboard.press("Enter")
    else:
        page.locator("#da-continue-button").click()
    moved(page, before)
    assert heading(page) == T("kiosk.country.question", lang)
    if axe:
        axe_check(page, "country", seen)
    before = tracker(page)
    if keyboard:
        page.locator("#daform input[type=radio]").first.focus()
        page.keyboard.press("Space")
        page.locator("#da-continue-button").focus()
        page.keyboard.press("Enter")
    else:
        page.locator("#daform label.dalabelauty").first.click()  # France
        page.locator("#da-continue-button").click()
    moved(page, before)
    # The orientation, in the person's words: their situation (one choice), then what they need.
    assert heading(page) == T("kiosk.orientation.status.question", lang)
    if axe:
        axe_check(page, "status", seen)
    pick_first_and_continue(page, keyboard, "radio")
    assert heading(page) == T("kiosk.orientation.needs.question", lang)
    if axe:
        axe_check(page, "needs", seen)
    # Continue without choosing: the error is shown and announced to screen readers.
    page.locator("#da-continue-button").click()
    page.locator("#pc-live").filter(has_text=T("orientation.needs.none", lang)).wait_for(state="attached")
    pick_first_and_continue(page, keyboard, "checkbox")
    # The procedures the orientation proposes, already ticked.
    assert heading(page) == T("kiosk.situation.question", lang)
    if axe:
        axe_check(page, "situation", seen)
    assert page.locator("#daform input[type=checkbox]").first.is_checked()
    before = tracker(page)
    if keyboard:
        page.locator("#da-continue-button").focus()
        page.keyboard.press("Enter")
    else:
        page.locator("#da-continue-button").click()
    moved(page, before)
    for step in range(12):
        if heading(page) == T("result.title", lang):
            break
        if axe and step < 3:
            axe_check(page, f"question {step + 1}", seen)
        if lang != "fr" and step == 2:
            page.screenshot(path=str(artifacts / f"kiosk_{lang}_question.png"), full_page=True)
        answer_fact_screen(page, lang, keyboard)
    assert heading(page) == T("result.title", lang), f"no result after 12 screens, at {heading(page)!r}"
    if axe:
        axe_check(page, "result", seen)
    if lang != "fr":
        page.screenshot(path=str(artifacts / f"kiosk_{lang}_result.png"), full_page=True)
    return seen


@pytest.mark.server
@pytest.mark.browser
@pytest.mark.parametrize("lang", ["fr", "ar", "ti", "uk"])  # Latin, Arabic, Ethiopic, Cyrillic
def test_kiosk_path_is_accessible_in_each_script(server, artifacts, lang):
    base, _ = server
    with chromium_page(viewport={"width": 820, "height": 1100}) as page:
        seen = walk_kiosk(page, base, lang, artifacts)
        text = page.locator("#daquestion").inner_text().replace("’", "'")
        title = next(p.title for p in load_rules().procedures_for("fr") if p.id == "fr.asylum_registration")
        assert i18n.rule_text(title, lang).split(" (")[0] in text
        if lang == "ar":  # a phone number inside Arabic text keeps its left-to-right order
            first, last = page.evaluate("""() => {
                const b = [...document.querySelectorAll('bdi')].find(e => e.textContent.includes('01 42 500 900'));
                const r = document.createRange(), n = b.firstChild;
                r.setStart(n, 0); r.setEnd(n, 2); const a = r.getBoundingClientRect().x;
                r.setStart(n, 10); r.setEnd(n, 13); return [a, r.getBoundingClientRect().x]; }""")
            assert first < last
        # The printable list, in the person's language.
        click_and_move(page, page.get_by_text(T("kiosk.end.print", lang)))
        assert heading(page) == T("checklist.title", lang)
        assert page.locator(".pc-checklist li").count() >= 2
        axe_check(page, "checklist", seen)
        if lang != "fr":
            page.screenshot(path=str(artifacts / f"kiosk_{lang}_checklist.png"), full_page=True)
        # Touch targets: every button of the kiosk is at least 44 px high.
        for box in page.locator(".btn:visible").all():
            assert box.bounding_box()["height"] >= 44
    print(f"\n{lang}: axe clean on {len(seen)} screens: {', '.join(seen)}")


@pytest.mark.server
@pytest.mark.browser
def test_kiosk_path_with_the_keyboard_alone(server, artifacts):
    base, _ = server
    with chromium_page() as page:
        walk_kiosk(page, base, "fr", artifacts, keyboard=True, axe=False)


@pytest.mark.server
@pytest.mark.browser
def test_idle_warning_then_wipe_of_server_session_and_browser_storage(server, da):
    base, _ = server
    before = kiosk_sessions(da)
    with chromium_page() as page:
        page.goto(f"{base}/start/kiosk/?idle=3&warn=2")
        settle(page)
        click_and_move(page, page.locator("button[value='fr']"))
        page.evaluate("localStorage.setItem('pc-test', 'x'); sessionStorage.setItem('pc-test', 'y')")
        mine = kiosk_sessions(da) - before
        assert mine, "the kiosk session is not on the server"
        page.locator("#pc-idle").wait_for(state="visible", timeout=8000)
        assert page.locator("#pc-idle-title").inner_text() == T("kiosk.idle.title", "fr")
        # The next visitor sees a fresh start.
        page.wait_for_url(re.compile(r".*"), timeout=10000)
        page.locator("button[value='ar']").wait_for(timeout=15000)
        assert page.evaluate("localStorage.getItem('pc-test') === null && sessionStorage.getItem('pc-test') === null")
        assert not (mine & kiosk_sessions(da)), "the old session is still on the server"


@pytest.mark.server
@pytest.mark.browser
def test_quick_exit_wipes_at_once_and_the_warning_can_be_dismissed(server, da):
    base, _ = server
    before = kiosk_sessions(da)
    with chromium_page() as page:
        page.goto(f"{base}/start/kiosk/?idle=2&warn=30")
        settle(page)
        click_and_move(page, page.locator("button[value='ti']"))
        page.locator("#pc-idle").wait_for(state="visible", timeout=8000)
        page.locator(".pc-stay").click()  # "I am here"
        assert page.locator("#pc-idle").is_hidden()
        assert heading(page) == T("kiosk.welcome.question", "ti")
        mine = kiosk_sessions(da) - before
        page.locator(".pc-quick-exit").click()
        page.locator("button[value='ti']").wait_for(timeout=15000)
        assert not (mine & kiosk_sessions(da))


@pytest.mark.server
@pytest.mark.browser
def test_hand_over_code_continues_the_case_in_the_volunteer_guide_once(server, artifacts):
    base, _ = server
    with chromium_page() as page:
        walk_kiosk(page, base, "ar", artifacts, axe=False)
        click_and_move(page, page.get_by_text(T("kiosk.end.code", "ar")))
        # Sensitive answers (the asylum facts) leave the kiosk only with the person's consent.
        assert heading(page) == T("kiosk.consent.question", "ar")
        assert page.locator("#daquestion li").count() >= 1  # what would be passed on is listed
        page.screenshot(path=str(artifacts / "kiosk_ar_consent.png"), full_page=True)
        click_and_move(page, page.locator("button", has_text=T("kiosk.consent.yes", "ar")))
        code = page.locator(".pc-code").inner_text().strip()
        assert re.fullmatch(r"[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}", code), code
        page.screenshot(path=str(artifacts / "kiosk_ar_code.png"), full_page=True)
        page.locator(".pc-wipe").last.click()
        page.locator("button[value='fr']").wait_for(timeout=15000)
    with chromium_page() as volunteer:
        volunteer.goto(f"{base}/start/guide/")
        settle(volunteer)
        volunteer.get_by_text(T("jurisdiction.handover", "fr")).click()
        click_and_move(volunteer, volunteer.locator("#da-continue-button"))
        assert heading(volunteer) == T("handover.question", "fr")
        volunteer.locator("#daform input[type=text]").fill(code.lower())
        click_and_move(volunteer, volunteer.locator("#da-continue-button"))
        for _ in range(10):  # facts left "I don't know" at the kiosk may be asked again
            if heading(volunteer) == T("result.title", "fr"):
                break
            dont_know = volunteer.locator("label", has_text=T("answer.dont_know", "fr"))
            if dont_know.count():
                dont_know.first.click()
            click_and_move(volunteer, volunteer.locator("#da-continue-button"))
        text = volunteer.locator("#daquestion").inner_text()
        assert T("handover.loaded", "fr") in text and f"({i18n.NAMES['ar']})" in text  # its own name, not a code
        assert "Enregistrement de la demande d'asile" in text.replace("’", "'")
    with chromium_page() as second:
        second.goto(f"{base}/start/guide/")
        settle(second)
        second.get_by_text(T("jurisdiction.handover", "fr")).click()
        click_and_move(second, second.locator("#da-continue-button"))
        second.locator("#daform input[type=text]").fill(code)
        click_and_move(second, second.locator("#da-continue-button"))
        assert T("handover.invalid", "fr") in second.locator("#daquestion").inner_text()


@pytest.mark.server
@pytest.mark.browser
def test_latin_pages_do_not_download_the_arabic_or_ethiopic_fonts_and_screens_are_fast(server):
    base, _ = server
    fonts, timings = [], {}
    with chromium_page() as page:
        page.on("request", lambda r: fonts.append(r.url) if "/fonts/parcours-" in r.url else None)
        start = time.perf_counter()
        page.goto(f"{base}/start/guide/?lang=fr")
        settle(page)
        timings["guide fr (cold cache)"] = time.perf_counter() - start
        assert not fonts, fonts
    with chromium_page() as page:
        page.on("request", lambda r: fonts.append(r.url) if "/fonts/parcours-" in r.url else None)
        start = time.perf_counter()
        page.goto(f"{base}/start/kiosk/", wait_until="load")
        page.locator("button[value='ti']").wait_for()
        page.evaluate("document.fonts.ready")
        timings["kiosk languages shown (cold cache, both fonts)"] = time.perf_counter() - start
        settle(page)
        start = time.perf_counter()
        click_and_move(page, page.locator("button[value='ti']"))
        timings["kiosk ti welcome"] = time.perf_counter() - start
        assert any("ethiopic" in url for url in fonts) and any("arabic" in url for url in fonts)
    print("\n" + "\n".join(f"{name}: {seconds * 1000:.0f} ms" for name, seconds in timings.items()))
