"""Issue 13 item 10, hostile input: a kiosk place that is markup, unknown or huge is ignored; a Back
posted on the first screen changes nothing; a hand-over "code" with markup gives no QR code; the
read-aloud route serves recordings only; read-aloud texts are plain text of the question and its
choices; a language without a voice gets a note in that language, never English."""

from __future__ import annotations

import re

import pytest
from browser import chromium_page

from docassemble.parcours import kiosk
from parcours import i18n

HOSTILE_PLACES = [
    "<script>alert(1)</script>",
    "Calais<b>",
    "calais\x00",
    "../../etc",
    "x" * 5000,
    "59",
    "Atlantis",
    "javascript:alert(1)",
    None,
    "",
]


@pytest.mark.parametrize("value", HOSTILE_PLACES)
def test_a_place_the_kiosk_does_not_know_is_ignored(value):
    assert kiosk.kiosk_place_from(value) is None


def test_known_places_set_the_country_and_the_directory_place():
    assert kiosk.kiosk_place_from(" CALAIS ") == {"jurisdiction": "fr", "place": "62", "name": "Calais"}
    assert kiosk.kiosk_place_from("lille")["place"] == "59"
    assert kiosk.kiosk_place_from("luik") == {"jurisdiction": "be", "place": "Luik", "name": "Luik"}
    assert (
        kiosk.restart_url(120, 30, kiosk.kiosk_place_from("Grande-Synthe"))
        == "/start/kiosk/?idle=120&warn=30&place=Grande-Synthe"
    )
    assert kiosk.restart_url(120, 30, None) == "/start/kiosk/?idle=120&warn=30"


@pytest.mark.parametrize("code", ["<script>alert(1)</script>", "ABCDE-FGHJ<", "0000000000", "", "A" * 500, None])
def test_no_qr_code_for_what_is_not_a_hand_over_code(code):
    assert kiosk.code_qr_svg(code) == ""


def test_the_qr_code_holds_the_code_alone_drawn_locally():
    svg = kiosk.code_qr_svg("abcde fghjk")
    assert svg.startswith('<div class="pc-qr" aria-hidden="true"><svg') and "<?xml" not in svg
    assert "<script" not in svg and "http" not in svg.replace("http://www.w3.org/2000/svg", "")
    assert svg == kiosk.code_qr_svg("ABCDE-FGHJK")  # the same code typed any way: the same QR code


def test_read_aloud_reads_the_question_then_every_choice_as_plain_text(monkeypatch):
    said = {}
    monkeypatch.setattr(kiosk, "has_voice", lambda lang: True)
    monkeypatch.setattr(kiosk, "speech_url", lambda text, lang: said.setdefault("text", text) and "/parcours/speech/x")
    html = kiosk.read_aloud(
        "fr",
        "Dans quel pays êtes-vous ?",
        [{"fr": "France"}, {"be": "<b>Belgique</b> &amp; \u2068co\u2069"}],
        [{"field": "x", "hint": "jj/mm/aaaa", "choices": [{"value": "unknown", "label": "Je ne sais pas"}]}],
    )
    assert said["text"] == "Dans quel pays êtes-vous ?\nFrance.\nBelgique & co.\njj/mm/aaaa.\nJe ne sais pas."
    assert 'src="/parcours/speech/x"' in html and i18n.ui("kiosk.listen", "fr") in html


@pytest.mark.parametrize("lang", ["ps", "ti", "so"])
def test_without_a_voice_the_person_is_told_so_in_their_language_and_sent_to_a_volunteer(lang):
    html = kiosk.read_aloud(lang, "?", [{"a": "b"}])
    note = i18n.ui("kiosk.no_voice", lang)
    assert note != i18n.ui("kiosk.no_voice", "en") and note != "kiosk.no_voice"
    assert html == f'<p class="pc-no-voice" role="note">{note}</p>'
    assert "audio" not in html


def test_every_language_has_the_no_voice_note_and_the_kiosk_wordings():
    for msgid in (
        "kiosk.no_voice",
        "kiosk.orientation.fr.status.asylum_wish",
        "kiosk.orientation.be.status.protection_wish",
        "kiosk.orientation.fr.need.family",
        "kiosk.orientation.be.need.family",
    ):
        for lang in i18n.LANGS:
            assert i18n.catalogue("ui", lang).get(msgid), (msgid, lang)


def test_choices_speak_to_the_person_only_where_a_kiosk_wording_exists():
    choices = [{"asylum_wish": "Veut demander l'asile"}, {"refugee": "Réfugié"}]
    assert kiosk.in_own_words(choices, "fr", "status", "fr") == [
        {"asylum_wish": i18n.ui("kiosk.orientation.fr.status.asylum_wish", "fr")},
        {"refugee": "Réfugié"},
    ]
    arabic = kiosk.in_own_words(choices, "fr", "status", "ar")[0]["asylum_wish"]
    assert arabic == "\u2068" + i18n.ui("kiosk.orientation.fr.status.asylum_wish", "ar") + "\u2069"


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd",
        "fr-../x.wav",
        "ti-0123456789abcdef01234567.wav",
        "fr-0123456789abcdef01234567.wav.tmp",
        "fr-0123456789ABCDEF01234567.wav",
    ],
)
def test_the_speech_route_takes_only_names_of_its_own_form(name):
    assert not kiosk.SPEECH_NAME.match(name)


@pytest.mark.server
@pytest.mark.browser
def test_hostile_kiosk_urls_and_a_back_on_the_first_screen(server):
    base, _ = server
    with chromium_page() as page:
        # A place that is markup: ignored (the country is asked), never written into the page.
        page.goto(f"{base}/start/kiosk/?idle=900&place=%3Cscript%3Ealert(1)%3C%2Fscript%3E%3Cb%3E")
        page.wait_for_load_state("networkidle")
        html = page.content()
        assert "alert(1)" not in html and "<b>" not in page.locator("#pc-page").get_attribute("data-restart")
        # A Back posted on the first screen (no Back button there): still the language screen.
        page.evaluate("""() => { const f = document.createElement('form'); f.method = 'POST';
            f.action = document.querySelector('#daform').getAttribute('action') || window.location.href;
            for (const [k, v] of [['_back_one', '1'], ['csrf_token', document.querySelector('input[name=csrf_token]').value]]) {
              const i = document.createElement('input'); i.type = 'hidden'; i.name = k; i.value = v; f.appendChild(i); }
            document.body.appendChild(f); f.submit(); }""")
        page.wait_for_load_state("networkidle")
        page.locator("button[value='fr']").wait_for()
        assert page.locator(".daquestionbackbutton").count() == 0
        page.locator("button[value='fr']").click()
        page.locator("#da-continue-button").wait_for()
        page.locator("#da-continue-button").click()
        page.wait_for_load_state("networkidle")
        assert page.locator("#daMainQuestion").inner_text().strip() == i18n.ui("kiosk.country.question", "fr")
        # The recordings' route: nothing but a recording it made.
        for path in (
            "/parcours/speech/..%2F..%2Fetc%2Fpasswd",
            "/parcours/speech/fr-0123456789abcdef01234567.wav",
            "/parcours/speech/%3Cscript%3E.wav",
        ):
            assert page.request.get(base + path).status == 404, path
        src = page.locator("#pc-audio").get_attribute("src")
        assert re.fullmatch(r"/parcours/speech/fr-[0-9a-f]{24}\.wav", src)
        reply = page.request.get(base + src)
        assert reply.status == 200 and reply.headers["content-type"] == "audio/wav" and reply.body()[:4] == b"RIFF"
