"""The glue's HTML and checks against hostile values (issue 12): language codes from outside are
allow-listed, HTML helpers escape what they are given, and a yes/no or enum answer no button
offered is refused in the person's language, never with a developer message or the value itself."""

from __future__ import annotations

import pytest

from docassemble.parcours import answers, guide, kiosk
from parcours import i18n

EVIL = ['ar"><script>window.__pwned=1</script>', "fr' onload='x", "../../etc/passwd", "de", "", None, 3]
STATUS = {
    "id": "sponsor_legal_status",
    "type": "enum",
    "question": "q_sponsor_legal_status",
    "values": ["residence_permit", "refugee"],
    "sensitivity": "residence",
    "label": None,
}
ASYLUM = {
    "id": "seeking_asylum",
    "type": "bool",
    "question": "q_seeking_asylum",
    "values": [],
    "sensitivity": "asylum_account",
    "label": None,
}


@pytest.mark.parametrize("value", EVIL)
def test_a_language_from_outside_is_one_parcours_has(value):
    assert i18n.known_lang(value) == "fr" and guide.lang_of(value) == "fr"
    assert guide.language_name(value) == ""
    html = guide.checklist_html(guide.run("fr", {}, ["fr.asylum_registration"]), value)
    assert html.startswith('<section class="pc-checklist" lang="fr" dir="ltr">') and "<script" not in html


def test_known_languages_pass_and_are_named_in_their_own_words():
    for lang in i18n.LANGS:
        assert i18n.known_lang(lang) == lang and guide.language_name(lang) == i18n.NAMES[lang]


def test_html_helpers_escape_what_they_are_given():
    assert "<b>" not in kiosk.listen_html("Bonjour", "fr", "<b>x</b>")
    assert guide._text_html("<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert(1)&gt;"
    for button in guide.language_buttons():
        assert button["value"] in i18n.LANGS


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_an_answer_no_button_offered_is_refused_in_the_persons_language(lang):
    for fact, value in (
        (STATUS, "<script>x</script>"),
        (STATUS, "french; drop"),
        (ASYLUM, "maybe"),
        (ASYLUM, '"><img src=x onerror=alert(1)>'),
    ):
        problem = answers.check("fr", fact, value, lang)
        assert problem == i18n.ui("check.not_offered", lang)
        assert value not in problem and "not one of" not in problem
    assert answers.check("fr", STATUS, "refugee", lang) is None
    assert answers.check("fr", ASYLUM, "true", lang) is None and answers.check("fr", ASYLUM, "unknown", lang) is None


def test_only_offered_takes_the_screens_own_choices():
    assert guide.offered("fr", guide.jurisdictions("fr")) and not guide.offered("de", guide.jurisdictions("fr"))
    assert not guide.offered("handover", guide.jurisdictions("fr", kiosk=True))  # the kiosk has no code entry
    assert guide.offered(True, [True, False]) and not guide.offered(None, [True, False])
