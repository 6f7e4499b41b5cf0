"""The guide's glue in eight languages: digits typed on Arabic/Persian keyboards, messages in the
person's language, right-to-left isolation of Latin names and dates."""

from __future__ import annotations

import datetime as dt

from docassemble.parcours import answers, guide
from parcours import i18n

DATE_FACT = {
    "id": "asylum_presentation_date",
    "type": "date",
    "question": "q_asylum_presentation_date",
    "values": [],
    "sensitivity": "asylum_account",
    "label": None,
}
MONEY_FACT = {
    "id": "sponsor_average_monthly_resources",
    "type": "money",
    "question": "q_x",
    "values": [],
    "sensitivity": "financial",
    "label": None,
}


def test_eastern_arabic_and_persian_digits_are_accepted():
    assert answers.as_case_value(DATE_FACT, "٠١/٠٩/٢٠٢٥") == "2025-09-01"
    assert answers.as_case_value(DATE_FACT, "۲۰۲۵-۰۹-۰۱") == "2025-09-01"
    assert answers.as_case_value(MONEY_FACT, "١٢٥٠٫٥٠") == "1250.50"
    assert answers.check("fr", DATE_FACT, "٠١/٠٩/٢٠٢٥", "ar") is None


def test_errors_are_in_the_persons_language():
    assert answers.check("fr", DATE_FACT, "31/02/2025", "ar") == i18n.ui("check.date", "ar")
    assert answers.check("fr", DATE_FACT, "demain", "ti") == i18n.ui("check.date", "ti")
    assert "፣" in i18n.ui("check.date", "ti") or "።" in i18n.ui("check.date", "ti")


def test_screen_texts_come_from_the_catalogues_in_every_language():
    for lang in i18n.LANGS:
        shown = guide.screen(DATE_FACT, lang)
        assert shown["text"] and shown["text"] == i18n.question("q_asylum_presentation_date.text", lang)
        yes = guide.fields({**DATE_FACT, "type": "bool"}, lang)[0]["choices"][0]["label"]
        assert yes == i18n.ui("answer.yes", lang)


def test_result_in_arabic_isolates_dates_and_keeps_french_terms():
    evaluation = guide.run(
        "fr",
        {
            "seeking_asylum": True,
            "asylum_presentation_date": "2025-09-01",
            "asylum_high_influx": False,
            "has_identity_documents": True,
        },
        ["fr.asylum_registration"],
        as_of=dt.date(2025, 9, 2),
    )
    text = guide.result_markdown(evaluation, "ar", kiosk=True)
    assert "تسجيل طلب اللجوء" in text and "«GUDA»" in text
    assert "<bdi" in text and "gisti.org" not in text  # the kiosk shows no citations
    html = guide.checklist_html(evaluation, "ar")
    assert 'dir="rtl"' in html and "صور شمسية" in html
    assert "gisti.org" in guide.result_markdown(evaluation, "fr")  # the volunteer sees them


def test_language_buttons_are_written_in_their_own_names_without_flags():
    labels = [b["label"] for b in guide.language_buttons()]
    assert any("ትግርኛ" in label and 'lang="ti"' in label for label in labels)
    assert any('dir="rtl"' in label and "پښتو" in label for label in labels)
    assert not any(0x1F1E6 <= ord(c) <= 0x1F1FF for label in labels for c in label)


def test_case_file_for_the_hand_over_is_valid():
    from parcours import CaseFile

    case = answers.case_file("fr", {"seeking_asylum": True, "in_detention": None}, {}, "ti")
    assert CaseFile.from_dict(case).jurisdiction == "fr" and "in_detention" not in case["facts"]


def test_impossible_dates_are_refused_in_the_persons_language_naming_the_other_date():
    today = __import__("datetime").date(2026, 11, 23)
    notified = {"id": "oqtf_notification_date", "type": "date"}
    assert answers.check("fr", notified, "٢٤/١١/٢٠٢٦", "ar", today=today) == i18n.ui("check.future", "ar")
    assert answers.check("fr", notified, "23/11/2026", "ar", today=today) is None
    child = {"id": "french_child_birth_date", "type": "date"}
    message = answers.check("fr", child, "04/05/1990", "ti", {"applicant_birth_date": "1990-05-05"}, {}, today)
    assert message.startswith(i18n.ui("check.before", "ti").split("«")[0]) and "05/05/1990" in message
    children = {"id": "children", "type": "persons"}
    assert answers.check_birth(
        "fr", children, "01/01/1984", "fr", {"sponsor_birth_date": "1985-02-02"}, today
    ) == i18n.ui("check.before", "fr", other="Date de naissance de la personne protégée", date="02/02/1985")
    assert answers.check_birth("fr", children, "24/11/2026", "fr", {}, today) == i18n.ui("check.future", "fr")


def test_without_consent_the_hand_over_carries_no_sensitive_answer():
    given = {
        "seeking_asylum": True,
        "in_detention": False,
        "applicant_birth_date": "1990-01-01",
        "has_identity_documents": True,
        "asylum_high_influx": False,
    }
    catalogue = __import__("parcours").load_rules().catalogue("fr")
    kept = answers.shareable("fr", given, consent=False)
    assert kept and all(not catalogue.get(k).sensitive for k in kept)
    assert set(given) - set(kept)  # something was held back
    assert answers.shareable("fr", given, consent=True) == given
    labels = answers.sensitive_answers("fr", given, "ar")
    assert len(labels) == len(set(given) - set(kept)) and all(labels)


def _cnda(**facts):
    from parcours import CaseFile, evaluate

    base = {
        "ofpra_decision": "rejection",
        "ofpra_decision_notification_date": "2026-09-01",
        "cnda_legal_aid_request_date": "2026-09-10",
    }
    case = CaseFile.from_dict({"format_version": 1, "jurisdiction": "fr", "facts": {**base, **facts}})
    proc = evaluate(case, dt.date(2026, 11, 23)).procedure("fr.cnda_appeal")
    return {d.id: d for d in proc.deadlines}


def test_a_suspended_delay_is_shown_with_its_days_left_in_every_language_never_as_passed():
    appeal = _cnda()["cnda_appeal"]
    fr = guide._deadline_state(appeal, "fr", "fr")
    assert fr.startswith("suspendu depuis le 10/09/2026") and "il restera 22 jours" in fr
    assert "bureau d'aide juridictionnelle" in fr.replace("’", "'")  # the event that restarts it, by name
    for lang in i18n.LANGS:
        text = guide._deadline_state(appeal, "fr", lang)
        assert "22" in text and i18n.ui("result.overdue", lang) not in text, lang
    assert '<bdi dir="ltr">10/09/2026</bdi>' in guide._deadline_state(appeal, "fr", "ar")


def test_a_resumed_delay_and_a_deadline_met_say_so():
    deadlines = _cnda(cnda_legal_aid_decision_notification_date="2026-11-20")
    resumed = guide._deadline_state(deadlines["cnda_appeal"], "fr", "fr")
    assert resumed.startswith("avant le 14/12/2026") and "suspendu du 10/09/2026 au 20/11/2026" in resumed
    assert (
        guide._deadline_state(deadlines["legal_aid_request"], "fr", "fr") == "avant le 16/09/2026 — fait le 10/09/2026"
    )
