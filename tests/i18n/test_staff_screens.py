"""The rules browser and the anonymous statistics are read in the reader's language: every word
around the rule texts comes from the ui catalogue, and the rule texts from the rules catalogue."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from docassemble.parcours import rules_view
from parcours import i18n

INTERVIEWS = Path(__file__).resolve().parents[2] / "interviews"

FRENCH_FRAME = re.compile(r"\ben vigueur\b|\brelue le\b|\bsauf :|à vérifier|\bDémarche\b|\bBesoins\b|\btoutes\b")


@pytest.mark.parametrize("lang", ("nl", "en", "ar"))
@pytest.mark.parametrize("jurisdiction", ("fr", "be"))
def test_the_rules_browser_frames_the_rules_in_the_readers_language(jurisdiction, lang):
    overview = rules_view.overview_markdown(jurisdiction, lang)
    orientation = rules_view.orientation_markdown(jurisdiction, lang)
    assert i18n.ui("rules.in_force", lang) in overview
    assert i18n.ui("rules.status.to_verify", lang) in overview
    assert orientation.startswith("| " + i18n.ui("rules.column.procedure", lang))
    # Citations name the law in its own (French) words: only the frame around them is checked.
    frame = re.sub(r"\[[^\]]*\]\([^)]*\)", "", overview + orientation)
    assert not FRENCH_FRAME.search(frame), frame[max(0, FRENCH_FRAME.search(frame).start() - 200) :][:300]


def test_a_belgian_procedure_is_titled_in_dutch_for_a_dutch_reader():
    overview = rules_view.overview_markdown("be", "nl")
    assert "#### Gezinshereniging met een onderdaan van een derde land (art. 10)" in overview
    assert "(van kracht)" in overview and "nagelezen op" in overview


def test_french_stays_the_legal_teams_default():
    overview = rules_view.overview_markdown("fr", "fr")
    assert "(en vigueur)" in overview and "relue le" in overview and "à vérifier" in overview


@pytest.mark.parametrize("interview", ("rules_browser.yml", "statistics.yml"))
def test_the_staff_screens_run_right_to_left_for_an_arabic_reader(interview):
    """parcours.js turns a page right to left from the #pc-page marker: both must be on every screen."""
    blocks = [b for b in yaml.safe_load_all((INTERVIEWS / interview).read_text(encoding="utf-8")) if b]
    features = next(b["features"] for b in blocks if "features" in b)
    assert features["javascript"] == "docassemble.parcours:data/static/parcours.js"
    assert features["css"] == "docassemble.parcours:data/static/parcours.css"
    post = next(b["default screen parts"]["post"] for b in blocks if "default screen parts" in b)
    assert 'id="pc-page"' in post
    assert 'data-dir="${ direction(ui_lang) }"' in post and 'data-lang="${ lang_of(ui_lang) | h }"' in post
    modules = next(b["modules"] for b in blocks if "modules" in b)
    assert "docassemble.parcours.guide" in modules  # direction and lang_of
