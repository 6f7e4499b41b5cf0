"""The screen and document scan's own checks: what it must find, and what it must leave alone."""

from __future__ import annotations

import pytest
from scan import scan_text

MUST_FIND = [
    ("fr", "À vérifier par l'équipe juridique: criterion:fr.cnda_appeal.in_time", "id"),
    ("fr", "Pièce: document:birth_certificate", "id"),
    ("ar", "المهلة: parameter:fr.delay@2025-01-01", "id"),
    ("fr", "Délai : deadline:cnda_appeal", "id"),
    ("fr", "Procédure fr.regroupement_familial", "key"),
    ("nl", "Titel: be.art10_family", "key"),
    ("fr", "result.title", "key"),
    ("uk", "Дата: document.birth_certificate", "key"),
    ("fr", "6 mois à compter de filing_date", "snake_case"),
    ("ar", "الحالة: residence_permit", "snake_case"),
    ("fr", "Source [S12] à relire", "tag"),
    ("fr", "Réponse : None", "raw_value"),
    ("ru", "Ответ: True", "raw_value"),
    ("fr", "Marié : False.", "raw_value"),
    ("fr", "Bonjour {name}, votre dossier", "placeholder"),
    ("fr", "Bonjour {{ person }}", "placeholder"),
    ("fr", "Date ${ due }", "placeholder"),
    ("fr", "Traceback (most recent call last):", "developer"),
    ("fr", "KeyError: 'x'", "developer"),
    ("ar", "undefined", "developer"),
    ("fr", "You must file the appeal within one month.", "english"),
    ("ar", "Full copy of the marriage certificate", "english"),
    ("ti", "Proof of address for the last 6 months", "english"),
    ("nl", "This document is issued by the town hall", "english"),
    ("so", "Please bring your passport and the decision", "english"),
    ("ar", "أين تحصل عليها: On service-public.fr (search for '11436') or at the OFII regional office.", "english"),
    ("so", "Halka laga helo: Given by the Office des étrangers (subsequent application).", "english"),
    ("fr", "Continue", "english"),
    ("uk", "Back", "english"),
]

MUST_NOT_FIND = [
    ("fr", "Le recours doit être déposé dans le délai (CESEDA art. L.561-2, R.561-1 à R.561-3)."),
    ("fr", "Voir https://www.service-public.fr/particuliers/vosdroits/F_11166 et refugies.info"),
    ("fr", "Écrire à contact_equipe@association-exemple.fr"),
    ("fr", "Copie intégrale de l'acte de mariage — CERFA 11436*05"),
    ("fr", "Il a un titre de séjour ou une carte de résident, on a vérifié."),
    ("nl", "Is het gezin in België? Of in het buitenland? Was hij in Brussel?"),
    ("so", "Waa in aad keento baasaboorka iyo go'aanka."),
    ("ar", "Français\nNederlands\nEnglish\nالعربية\nدری\nپښتو\nትግርኛ\nSoomaali\nУкраїнська\nРусский"),
    ("en", "You must file the appeal within one month. None of these apply."),
    ("en", "None of the above"),
    ("fr", "Noto Sans — OFPRA, CNDA, OFII, SPADA, HCR"),
    ("fr", "Cour nationale du droit d'asile (CNDA), 35 rue Cuvier, 93100 Montreuil"),
    ("ar", "المحكمة الوطنية لحق اللجوء (Cour nationale du droit d'asile)"),
    ("fr", "Le titre « Talent » est délivré par la préfecture, e.g. en 2025."),
    ("ru", "Нет / Да"),
    ("fr", "Apostille (Convention de La Haye, « The Hague Convention » de 1961)"),
    ("fr", "Le délai court à compter de la notification (art. R.532-2). Continuer"),
    ("nl", "Kijk op www.belgium.be of https://dofi.ibz.be/en/themes/family-reunification in het Nederlands."),
]


@pytest.mark.parametrize("lang,text,kind", MUST_FIND)
def test_the_scan_finds(lang, text, kind):
    found = scan_text(text, lang)
    assert kind in {f.kind for f in found}, (text, found)


@pytest.mark.parametrize("lang,text", MUST_NOT_FIND)
def test_the_scan_leaves_alone(lang, text):
    assert scan_text(text, lang) == []


def test_a_finding_says_where():
    [finding] = scan_text("Les pièces: acte de naissance, filing_date et le reste du dossier à déposer", "fr")
    assert finding.found == "filing_date" and "acte de naissance, filing_date et le reste" in finding.context
    [one] = scan_text("criterion:fr.cnda_appeal.in_time", "fr")  # one finding, not three
    assert one.kind == "id"
    [key] = scan_text("في بلجيكا: فقط في الحالات المذكورة (انظر be.family_reunification_in_belgium).", "ar")
    assert key.kind == "key"  # its parts are not English words


def test_dutch_beside_the_persons_language_is_not_english():
    line = "Bewijs van huisvesting of een huurcontract is vereist"
    assert [f.kind for f in scan_text(line, "fr")] == ["english"]  # "of", "is": English words on a French page
    assert scan_text(line, "ar", admin="nl") == []  # a checklist in Arabic and Dutch
