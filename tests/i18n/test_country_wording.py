"""A Belgian case never names France or a French office, a French case never names Belgium or a
Belgian office: every fact's question (text, help, choices) and catalogue label, in every language."""

from __future__ import annotations

import re

import pytest

from parcours import i18n, load_rules

LANGS = ["fr", "nl", "en", "ar", "prs", "ps", "ti", "so", "uk", "ru"]

# Country and office names in the languages we can check; "ፈረንሳ", "Франц", "Faransiis" also cover
# the adjective, so language names (the Belgian language of procedure: "Français") are only looked
# for in the question text and help, not in the choices.
FRENCH_WORDS = (
    r"France|Frankrijk|français|française|préfecture|prefecture|prefectuur|\bOFII\b|\bOFPRA\b|"
    r"\bSPADA\b|\bCNDA\b|فرنسا|فرانسه|ፈረንሳ|Faransiis|Франц"
)
FRENCH_PLACES = r"France|Frankrijk|préfecture|prefecture|prefectuur|\bOFII\b|\bOFPRA\b|فرنسا|فرانسه"
BELGIAN_WORDS = (
    r"Belgique|België|Belgium|\bCGRA\b|\bCCE\b|Office des étrangers|Fedasil|\bCPAS\b|"
    r"بلجيكا|بلژیک|بلجیم|በልጅዩም|Beljiyam|Бельгі|Бельги"
)


def _texts(jurisdiction: str, lang: str):
    from docassemble.parcours.guide import fact_info, screen

    catalogue = load_rules().catalogue(jurisdiction)
    for fact_id, fact in catalogue.facts.items():
        shown = screen(fact_info(jurisdiction, fact_id), lang)
        yield fact_id, "question", shown["text"] + " " + shown["help"]
        yield fact_id, "choices", " ".join(c["label"] for c in shown["choices"])
        if fact.label:
            yield fact_id, "label", i18n.rule_text(fact.label, lang) or ""


@pytest.mark.parametrize("lang", LANGS)
def test_no_french_wording_in_a_belgian_case(lang):
    found = [
        (fact_id, where, text)
        for fact_id, where, text in _texts("be", lang)
        if re.search(FRENCH_PLACES if where == "choices" else FRENCH_WORDS, text, re.I)
    ]
    assert not found, found


@pytest.mark.parametrize("lang", LANGS)
def test_no_belgian_wording_in_a_french_case(lang):
    found = [
        (fact_id, where, text) for fact_id, where, text in _texts("fr", lang) if re.search(BELGIAN_WORDS, text, re.I)
    ]
    assert not found, found


def test_the_belgian_family_questions_name_belgium():
    from docassemble.parcours.guide import fact_info, screen

    assert "Belgique" in screen(fact_info("be", "household_size"), "fr")["text"]
    assert "België" in screen(fact_info("be", "household_size"), "nl")["text"]
    assert "بلجيكا" in screen(fact_info("be", "household_size"), "ar")["text"]
    assert "France" in screen(fact_info("fr", "household_size"), "fr")["text"]
