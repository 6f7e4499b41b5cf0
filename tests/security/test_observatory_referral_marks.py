"""The referral screen tells the coordination, in French, what a lawyer must check before sending:
each body's legal basis marked to verify, with why — never the YAML's words (status, ids) or the
legal team's English reason."""

# ruff: noqa: F811 - the server tests' fixtures (base, coordinator) are imported and used by name

from __future__ import annotations

import html
import re

import pytest
from test_observatory_server import ROUTE, base, coordinator  # noqa: F401 - fixtures, used by name

pytestmark = pytest.mark.server


def test_the_referral_screen_shows_what_to_verify_in_plain_french(base, coordinator):
    page = coordinator.get(base + ROUTE + "/referral")
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert "À faire vérifier par un juriste avant l'envoi" in text
    assert "<details open><summary>⚠ Saisine du Défenseur des droits — déontologie de la sécurité" in text
    assert "article 5 de la loi organique n° 2011-333" in text
    assert "Pourquoi : cité d'après les pages du Défenseur des droits" in text
    assert "l'alinéa de l'article 5 (4° ?) reste à confirmer" in text
    shown = re.sub(r"<[^>]+>", " ", text)  # what a person reads (a form value may hold a body's id)
    for internal in ("to_verify", "legal_basis", "reason_fr", "dd_deontologie", "cited from", "to be checked"):
        assert internal not in shown, internal
