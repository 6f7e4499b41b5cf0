"""Issue 16 item 5, in a browser: on a phone-size screen a volunteer chooses to have the letters
signed by drawing, the person draws with the finger (mouse moves on the canvas, under the strict
Content Security Policy), and the letter's PDF shows the drawing in its signature block. A tampered
signature post (not an image, a huge image) is refused on the screen with a message, and the person
signs again. Invented people only."""

from __future__ import annotations

import base64
import io
import subprocess

import pytest
from browser import chromium_page, continue_and_wait, sign_in
from stackctl import TEST_ENV

from parcours import i18n

TEST_INTERVIEW = "docassemble.parcours:data/questions/tests/paperwork_test.yml"
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}


def _heading(page) -> str:
    return page.locator("#daMainQuestion").first.inner_text().strip()


def _to_signature(page, base: str, how: str = "dessinant") -> None:
    """From the test interview's start to the signature pad, choosing the OFII cover letter."""
    sign_in(page, base, TEST_ENV["PARCOURS_VAR"])
    page.goto(f"{base}/interview?i={TEST_INTERVIEW}&reset=1")
    page.wait_for_load_state("networkidle")
    for _ in range(8):
        if page.locator("#dasigcontent canvas").count():
            return
        text = _heading(page)
        if text.startswith("Pour quelle d") or text.startswith("Dans quelle langue"):
            page.locator("#daform label").first.click()
        elif text.startswith("Quelles lettres"):
            page.locator("#daform label", has_text="Lettre d").first.click()
            page.locator("#daform label", has_text=how).click()
        continue_and_wait(page, 60000)
    raise AssertionError(f"no signature pad after the letters screen: {_heading(page)}")


def _draw(page) -> None:
    canvas = page.locator("#dasigcontent canvas")
    canvas.wait_for()
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + box["height"] * 0.7)
    page.mouse.down()
    for i in range(1, 12):
        y = box["height"] * (0.3 if i % 2 else 0.7)
        page.mouse.move(box["x"] + 20 + i * (box["width"] - 40) / 11, box["y"] + y, steps=4)
    page.mouse.up()


def _save_signature(page) -> None:
    page.locator(".dasigsave:visible").first.click()
    page.wait_for_load_state("networkidle")


@pytest.mark.server
@pytest.mark.browser
def test_a_signature_drawn_on_a_phone_is_in_the_letters_signature_block(server, artifacts):
    from pypdf import PdfReader

    base, _ = server
    errors: list[str] = []
    with chromium_page(**PHONE) as page:
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        _to_signature(page, base)
        _draw(page)
        page.screenshot(path=str(artifacts / "signature_pad_phone.png"))
        _save_signature(page)
        ready = page.get_by_role("heading", name="Documents prêts")
        for _ in range(6):  # the letter form (nothing required), then the waiting screen
            if ready.count():
                break
            if page.locator("#da-continue-button").count():
                continue_and_wait(page, 60000)
            else:
                page.wait_for_timeout(1000)
        ready.wait_for(timeout=120_000)
        link = page.locator("a[href*='fr_rf_cover_letter_ofii.pdf']").first
        body = page.request.get(base + link.get_attribute("href")).body()
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors
    pages = PdfReader(io.BytesIO(body)).pages
    signed = [i for i, p in enumerate(pages) if p.images]
    assert signed, "the letter's PDF carries no drawing"
    assert "Signature :" in pages[signed[0]].extract_text()
    out = artifacts / "letter_signed_in_browser.pdf"
    out.write_bytes(body)
    n = str(signed[0] + 1)
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", n, "-l", n, out, out.with_suffix("")], check=True)


# What a tampered page could post as the drawing: markup, or a real PNG far too large.
def _huge_png() -> str:
    from PIL import Image

    out = io.BytesIO()
    Image.new("1", (30000, 20)).save(out, "PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


@pytest.mark.server
@pytest.mark.browser
@pytest.mark.parametrize(
    "posted",
    ["data:image/png;base64," + base64.b64encode(b"<script>alert(1)</script>").decode(), "huge"],
    ids=["not-an-image", "huge-image"],
)
def test_a_tampered_signature_post_is_refused_with_a_message(server, posted):
    base, _ = server
    posted = _huge_png() if posted == "huge" else posted
    with chromium_page(**PHONE) as page:
        _to_signature(page, base)
        # What the pad would post, replaced by the tampered value (no script runs on the page: the
        # form's hidden fields are set by the test, as a hand-made request would).
        page.evaluate(
            "(v) => { document.getElementById('da_the_image').value = v;"
            " document.getElementById('da_success').value = '1';"
            " document.getElementById('dasigform').submit(); }",
            posted,
        )
        refused = i18n.ui("paperwork.signature.refused", "fr")
        page.get_by_text(refused[:25], exact=False).first.wait_for(timeout=20_000)  # the new page, not the old
        shown = page.locator("body").inner_text().replace("’", "'")
        assert refused.replace("’", "'") in shown, shown[:800]
        assert page.locator("#dasigcontent canvas").count()  # the pad is back, to sign again
        assert "Traceback" not in shown and "Error" not in shown


@pytest.mark.server
@pytest.mark.browser
def test_a_way_to_sign_no_screen_offers_is_refused_and_the_choices_stay(server):
    """A tampered radio value ('stamp', markup, 10 000 characters) never reaches the letters."""
    base, _ = server
    with chromium_page() as page:
        sign_in(page, base, TEST_ENV["PARCOURS_VAR"])
        page.goto(f"{base}/interview?i={TEST_INTERVIEW}&reset=1")
        page.wait_for_load_state("networkidle")
        for _ in range(4):
            if _heading(page).startswith("Quelles lettres"):
                break
            page.locator("#daform label").first.click()
            continue_and_wait(page, 60000)
        page.locator("#daform label", has_text="Lettre d").first.click()
        page.locator("#daform label", has_text="tapant").click()
        for tampered in ("stamp", "<img src=x onerror=alert(1)>", "x" * 10_000):
            page.evaluate(
                "(v) => { const r = [...document.querySelectorAll('#daform input[type=radio]')]"
                ".find((e) => e.checked); r.value = v; }",
                tampered,
            )
            page.locator("#da-continue-button").click()
            refused = i18n.ui("check.not_offered", "fr")
            page.get_by_text(refused[:25], exact=False).first.wait_for(timeout=20_000)
            assert _heading(page).startswith("Quelles lettres"), _heading(page)
            shown = page.locator("#daquestion").inner_text()
            assert "<img" not in shown and "xxxxxxxxxx" not in shown
            page.reload()
            page.wait_for_load_state("networkidle")
            page.locator("#daform label", has_text="Lettre d").first.click()
            page.locator("#daform label", has_text="tapant").click()
