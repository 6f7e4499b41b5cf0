"""How a person walks the guide in a browser: pick, type, continue; screenshots on the way."""

from __future__ import annotations

import base64
import re

from browser import continue_and_wait, fact_of, settled  # noqa: F401  (journeys import fact_of from here)

from parcours import i18n, load_rules

GUIDE = "docassemble.parcours:data/questions/guide.yml"
KIOSK = "docassemble.parcours:data/questions/kiosk.yml"


def T(msgid: str, lang: str, **values) -> str:
    return i18n.ui(msgid, lang, **values)


def title_of(procedure_id: str, lang: str) -> str:
    """A procedure's title in *lang*, as the guide's list of procedures shows it."""
    return i18n.rule_text(load_rules().procedures[procedure_id].title, lang)


def tracker(page) -> str:
    field = page.locator("input[name=_tracker]")
    return field.input_value() if field.count() else ""


def heading(page) -> str:
    return page.locator("#daMainQuestion").inner_text().strip()


# Every screen the helpers below draw: tests/journeys/conftest.py scans them after each test
# (tests/support/scan.py) for internal ids, raw values and English on a non-English screen.
SCREENS: list[dict] = []


def record(page) -> None:
    """Keep the screen's language (the page's #pc-page[data-lang], else <html lang>) and its visible text."""
    lang = page.evaluate(
        "() => { const p = document.getElementById('pc-page');"
        " return (p && p.dataset.lang) || document.documentElement.lang || ''; }"
    )
    title = page.locator("#daMainQuestion")
    SCREENS.append(
        {
            "lang": lang.split("-")[0],
            "url": page.url,
            "text": page.locator("body").inner_text(),
            "heading": title.first.inner_text().strip() if title.count() else page.title(),
        }
    )


def continue_(page) -> None:
    """Click "Continue" and wait until docassemble has drawn the next screen."""
    continue_and_wait(page)
    record(page)


def continue_after_error(page) -> None:
    """Continue after a refused answer was corrected: one click brings the next screen (issue 13
    item 3: the first click used to only clear the message)."""
    title = heading(page)
    page.locator("#da-continue-button").click()
    page.wait_for_function(
        "(old) => { const h = document.getElementById('daMainQuestion'); return h && h.innerText.trim() !== old; }",
        arg=title,
        timeout=8000,
    )
    page.wait_for_load_state("networkidle")
    settled(page)
    record(page)


def fill(box, value: str) -> None:
    """Type *value* over whatever the field holds. docassemble puts the caret at the end of a
    pre-filled first field 15 ms after the page starts; should that land between Playwright's
    select-all and its typing, the text is appended instead of replacing: type it again then."""
    for _ in range(3):
        box.fill(value)
        if box.input_value() == value:
            return
    assert box.input_value() == value, (box.input_value(), value)


def choose(page, value: str) -> None:
    radio = page.locator(f"#daform input[type=radio][value='{value}']")
    radio.first.wait_for(state="attached")
    page.locator(f"label[for='{radio.first.get_attribute('id')}']").click()


def tick(page, label: str) -> None:
    page.locator("#daform label", has_text=label).first.click()


def answer(page, jurisdiction: str, given: dict[str, str] | None = None) -> str | None:
    """Answer one fact screen as a volunteer who has the papers at hand; returns the fact id (or
    fact@person for a question about one person of a list; *given* may name either)."""
    fact_id = fact_of(page)
    fact = load_rules().catalogue(jurisdiction).get(fact_id.partition("@")[0]) if fact_id else None
    if fact_id and fact_id not in (given or {}) and fact_id.partition("@")[0] in (given or {}):
        given = {fact_id: given[fact_id.partition("@")[0]]}
    text = page.locator("#daform input[type=text]:visible")
    if fact is not None and text.count():
        if fact_id in (given or {}):
            value = given[fact_id]
        elif fact.type in ("date", "datetime"):
            value = "15/01/1985" if "birth" in fact_id else "15/01/2018"
        elif fact.type == "persons":  # one family member when the procedure is decided per member
            value = "1" if load_rules().catalogue(jurisdiction).of_each(fact.id) else "0"
        elif fact.type in ("money", "number"):
            value = "3000"
        elif fact.type == "integer":
            value = "3"
        else:
            value = "X"
        fill(text.first, value)
    elif page.locator("#daform input[type=radio]").count():
        values = page.locator("#daform input[type=radio]").evaluate_all("els => els.map(e => e.value)")
        wanted = (given or {}).get(fact_id)
        choose(page, wanted if wanted in values else "true" if "true" in values else values[0])
    continue_(page)
    return fact_id


def start_kiosk(page, base: str, lang: str) -> None:
    """Open the kiosk (idle wipe out of the way), press the language's button, pass the welcome."""
    page.goto(f"{base}/start/kiosk/?idle=900")
    page.wait_for_load_state("networkidle")
    record(page)
    page.locator(f"button[value='{lang}']").click()
    page.get_by_role("heading", name=T("kiosk.welcome.question", lang)).wait_for()
    continue_(page)


def start(
    page,
    base: str,
    lang: str,
    jurisdiction: str,
    place: str,
    status: str,
    procedures: list[str],
    shots: list,
    folder,
    name: str,
    seen: list | None = None,
) -> None:
    """Open the guide in *lang*, choose the country, the place, the status and tick the procedures
    (the screens' texts after the country go to *seen*)."""
    seen = seen if seen is not None else []
    page.goto(f"{base}/interview?i={GUIDE}&reset=1&lang={lang}")
    page.wait_for_load_state("networkidle")
    page.locator("#daMainQuestion").wait_for()
    record(page)
    choose(page, jurisdiction)
    continue_(page)
    shot(page, folder, f"{name}_place", shots)
    seen.append(page.locator("body").inner_text())
    page.locator("#daform input[type=text]:visible").first.fill(place)
    continue_(page)
    seen.append(page.locator("body").inner_text())
    choose(page, status)
    continue_(page)
    seen.append(page.locator("body").inner_text())
    for label in procedures:
        tick(page, label)
    shot(page, folder, f"{name}_procedures", shots)
    continue_(page)


def walk_to_result(
    page, jurisdiction: str, lang: str, given: dict | None = None, limit: int = 40, seen: list | None = None
) -> list[str]:
    """Answer every fact screen until the result; returns the facts asked (screens' texts in *seen*)."""
    asked = []
    title = T("result.title", lang)
    for _ in range(limit):
        if seen is not None:
            seen.append(page.locator("body").inner_text())
        if heading(page) == title:
            return asked
        asked.append(answer(page, jurisdiction, given))
    raise AssertionError(f"no result after {limit} screens: {asked}")


def shot(page, folder, name: str, shots: list) -> None:
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    shots.append(path)
    record(page)


def new_volunteer(da, email: str, password: str) -> None:
    """A volunteer account, as the admin creates it (a stack reused from an earlier run may have it)."""
    try:
        da.post("/api/user/new", {"username": email, "password": password, "privileges": ["volunteer"]})
    except AssertionError as e:
        if "already being used" not in str(e):
            raise


def sign_in(page, base: str, email: str, password: str, query: str = "") -> None:
    page.goto(f"{base}/user/sign-in{query}")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("button[type=submit], input[type=submit]").first.click()
    page.wait_for_load_state("networkidle")


def back(page) -> None:
    """Press the kiosk's large "Back" button and wait for the previous screen."""
    title = heading(page)
    page.locator(".daquestionbackbutton").first.click()
    page.wait_for_function(
        "(old) => { const h = document.getElementById('daMainQuestion'); return h && h.innerText.trim() !== old; }",
        arg=title,
        timeout=20000,
    )
    page.wait_for_load_state("networkidle")
    settled(page)
    record(page)


def chosen(page) -> list[str]:
    """What is chosen on the screen: the ticked radios' values, and the keys of the ticked boxes
    (a box is named after its key, chosen_needs['asylum'], in base64)."""
    out = page.locator("#daform input[type=radio]:checked").evaluate_all("els => els.map(e => e.value)")
    for name in page.locator("#daform input[type=checkbox]:checked").evaluate_all("els => els.map(e => e.name)"):
        try:
            decoded = base64.b64decode(name + "=" * (-len(name) % 4)).decode("utf-8")
        except Exception:  # noqa: BLE001
            decoded = name
        found = re.search(r"\[B'([^']+)'\]$", decoded)  # the key itself in base64 too
        out.append(
            base64.b64decode(found.group(1) + "=" * (-len(found.group(1)) % 4)).decode("utf-8") if found else decoded
        )
    return out


# What a person must never read: an internal id, a catalogue key, a raw value, a developer message.
RAW = re.compile(
    r"\b(?:criterion|document|parameter|fact|procedure|question):\S"
    r"|\b[a-z]+(?:_[a-z0-9]+)+\b"
    r"|\b(?:fr|be)\.[a-z_]{3,}"
    r"|\b(?:kiosk|result|checklist|orientation|answer|handover|status|hint|check)\.[a-z_.]+"
    r"|Traceback|KeyError|NameError|\bNone\b|undefined|\{[a-z_]+\}"
)


def raw_on_screen(texts: list[str]) -> list[tuple[int, str]]:
    """(screen number, what was found) for every screen text that shows something raw."""
    return [(n, found.group(0)) for n, text in enumerate(texts) for found in [RAW.search(text)] if found]
