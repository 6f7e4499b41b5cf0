"""Letters filled from the case: every letter, with every optional field empty and with every field
filled, rendered to PDF and read back; the case's facts are printed, never asked again; a summary
never gives a passed deadline, nor one of a branch that does not apply. Invented people only."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from doctools import ARTIFACTS, docx_text, pdf_text, sample_fields

from parcours import CaseFile, evaluate
from parcours.documents import form_fields, letter_ids, load_letter, render_context, render_letter, to_pdf
from parcours.documents.summary import summary_html

AS_OF = dt.date(2026, 11, 25)
# A case that holds every fact a letter field names (invented people).
FR_FACTS = {
    "ofpra_decision": "rejection",
    "ofpra_decision_notification_date": "2026-11-20",
    "refusal_notification_date": "2026-11-18",
    "oqtf_notification_date": "2026-11-18",
    "dublin_notification_date": "2026-11-19",
    "renewal_filing_date": "2026-10-01",
    "residence_card_expiry_date": "2026-12-31",
    "applicant_birth_date": "1996-05-04",
    "applicant_nationality": "ER",
}
BE_FACTS = {
    "commune_region": "brussels_capital",
    "brussels_language_choice": "nl",
    "sponsor_status": "refugee",
    "protection_decision_date": "2026-09-01",
    "joining_relationship": "spouse_or_partner",
    "sponsor_stay_authorised_on": "2026-09-01",
    "filing_date": "2026-12-10",
    "family_tie_predates_arrival": True,
    "medical_certificate_date": "2026-11-02",
    "asylum_procedure_status": "pending",
}
PERSONS = [
    {"id": "me", "role": "beneficiary", "given_name": "Selam", "family_name": "Invented", "birth_date": "1996-05-04"},
    {"id": "sp", "role": "sponsor", "given_name": "Yonas", "family_name": "Fictive"},
]


def _case(jurisdiction: str, facts: dict | None) -> CaseFile:
    return CaseFile.from_dict(
        {
            "format_version": 1,
            "jurisdiction": jurisdiction,
            "language": "so",
            "persons": PERSONS if facts else [],
            "facts": dict(facts or {"commune_region": "brussels_capital", "brussels_language_choice": "nl"})
            if jurisdiction == "be"
            else dict(facts or {}),
        }
    )


def _cases():
    out = []
    for letter_id in letter_ids():
        spec = load_letter(letter_id)
        for lang in spec.languages:
            out.append((letter_id, lang, "empty"))
            out.append((letter_id, lang, "filled"))
    return out


@pytest.fixture(scope="module")
def rendered():
    """Every letter, language and variant rendered once; converted in one LibreOffice batch."""
    keys, docs, contexts = [], [], []
    for letter_id, lang, variant in _cases():
        spec = load_letter(letter_id)
        facts = (FR_FACTS if spec.jurisdiction == "fr" else BE_FACTS) if variant == "filled" else None
        case = _case(spec.jurisdiction, facts)
        result = evaluate(case, AS_OF)
        if variant == "filled":
            fields = {k: v for k, v in sample_fields(letter_id).items() if k != "letter_language"}
        else:  # every optional field empty; the required ones too: they must show "[à compléter"
            fields = {}
        keys.append((letter_id, lang, variant))
        docs.append(render_letter(letter_id, case, result, fields, lang))
        contexts.append((case, result, fields))
    pdfs = to_pdf(docs)
    return {k: (d, p, c) for k, d, p, c in zip(keys, docs, pdfs, contexts)}


PLACEHOLDER = {"fr": "[à compléter", "nl": "[in te vullen"}
OTHER = {"fr": ["[in te vullen", "Bijlage", "Stuk nr."], "nl": ["[à compléter", "Pièce n°", "Objet :"]}


@pytest.mark.parametrize("letter_id,lang,variant", _cases())
def test_letter_reads_right_in_its_language(rendered, letter_id, lang, variant):
    docx, pdf, (case, result, fields) = rendered[(letter_id, lang, variant)]
    text = " ".join(pdf_text(pdf).split())
    spec = load_letter(letter_id)
    assert "None" not in text and "{{" not in text and "{%" not in text
    for word in OTHER[lang]:
        assert word not in text, f"{letter_id}.{lang}: {word!r} in a {lang} letter"
    numbered = re.findall(r"(?:Pièce n°|Stuk nr\.) (\d+) ?: ?(.+?)(?= (?:Pièce n°|Stuk nr\.) \d|$)", text)
    labels = [label.strip() for _, label in numbered]
    assert len(labels) == len(set(labels)), f"an annex listed twice: {labels}"
    if variant == "empty":
        required = [
            f for f in spec.fields if f.required and not (f.id == "recipient_address" and spec.recipient_default)
        ]
        values = render_context(letter_id, case, result, fields, lang)["f"]
        for f in required:
            if str(values[f.id]).startswith(PLACEHOLDER[lang]) and "f." + f.id in _template_text(spec, lang):
                label = f.label.get(lang) or f.label["fr"]
                assert f"{PLACEHOLDER[lang]}" in text and label.split(" (")[0][:20] in text, (f.id, text[:300])
    else:
        # Where the case holds the fact, the letter prints it: no placeholder for that field.
        ctx = render_context(letter_id, case, result, fields, lang)
        for f in spec.fields:
            if f.from_case and not str(ctx["f"][f.id]).startswith(PLACEHOLDER[lang]):
                continue
            if f.from_case and f.facts:
                assert not any(case.facts.get(x) for x in f.facts), f"{f.id}: the case has the fact, yet it is missing"
        assert PLACEHOLDER[lang] not in text, f"{letter_id}.{lang}: a placeholder left in a filled letter"
    if (letter_id, lang, variant) in (("fr_cnda_appeal", "fr", "filled"), ("be_9bis_request", "nl", "filled")):
        path = ARTIFACTS / f"letter_{letter_id}_{lang}_from_case.pdf"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pdf)


def _template_text(spec, lang) -> str:
    from parcours.documents.template_check import paragraphs

    return "\n".join(paragraphs(spec.template(lang)))


def test_the_cnda_appeal_prints_the_engines_notification_date_and_never_asks_it():
    case = _case("fr", FR_FACTS)
    result = evaluate(case, AS_OF)
    asked = [f.id for f, _ in form_fields("fr_cnda_appeal", case, result)]
    assert "notification_date" not in asked and "decision_outcome" not in asked
    # A date typed on an old form cannot contradict the deadline the engine counted.
    text = docx_text(render_letter("fr_cnda_appeal", case, result, {"notification_date": "2026-10-01"}))
    deadline = next(d for p in result.procedures for d in p.deadlines if d.id == "cnda_appeal")
    assert deadline.start == dt.date(2026, 11, 20)
    assert "notifiée le 20 novembre 2026" in text and "1er octobre 2026" not in text
    # Without the fact, the form asks it and the letter keeps a visible place for it.
    empty = _case("fr", None)
    assert "notification_date" in [f.id for f, _ in form_fields("fr_cnda_appeal", empty, evaluate(empty, AS_OF))]


def test_the_belgian_family_letter_takes_status_decision_date_and_relationship_from_the_case():
    case = _case("be", BE_FACTS)
    result = evaluate(case, AS_OF)
    shown = dict((f.id, v) for f, v in form_fields("be_family_reunification_cover_letter", case, result))
    assert "sponsor_status" not in shown and "cgra_decision_date" not in shown
    assert shown["family_link"] == "echtgeno(o)t(e) of partner"  # editable, prefilled in the letter's language
    assert shown["sponsor_name"] == "Yonas FICTIVE"
    labels = " ".join(f.label["fr"] for f in load_letter("be_family_reunification_cover_letter").fields)
    assert "OFPRA" not in labels and "AGDREF" not in labels  # Belgian words in a Belgian case
    kinds = load_letter("be_family_reunification_cover_letter").field("foreign_number_kind").values
    assert set(kinds) == {"oe_sp", "cgra", "rn"}
    text = docx_text(render_letter("be_family_reunification_cover_letter", case, result, {}))
    assert "erkend vluchteling" in text and "1 september 2026" in text and "echtgeno(o)t(e) of partner" in text


def test_an_optional_choice_left_unanswered_never_stops_the_letter():
    """The glue drops the text 'None' docassemble posts for an unanswered radio; the core prints nothing."""
    case = _case("be", BE_FACTS)
    result = evaluate(case, AS_OF)
    text = docx_text(
        render_letter("be_family_reunification_cover_letter", case, result, {"foreign_number": "SP 1234567"})
    )
    assert "SP 1234567" in text and "None" not in text


def test_a_required_place_of_birth_left_empty_shows_its_placeholder():
    case = _case("fr", FR_FACTS)
    result = evaluate(case, AS_OF)
    text = docx_text(render_letter("fr_cnda_appeal", case, result, {}))
    assert "Né(e) le 4 mai 1996 à [à compléter : Lieu de naissance]" in text or (
        "4 mai 1996" in text and "[à compléter : Lieu de naissance]" in text
    )


def test_a_dutch_letter_lists_its_annexes_in_dutch_and_each_once():
    case = CaseFile.from_dict(
        {
            "format_version": 1,
            "jurisdiction": "be",
            "facts": {"commune_region": "flanders", "lives_in_commune_of_filing": True},
        }
    )
    result = evaluate(case, AS_OF)
    ctx = render_context("be_9bis_request", case, result, {}, "nl")
    labels = [a["label"] for a in ctx["annexes"]]
    assert labels and len(labels) == len(set(labels))
    assert not any("Copie" in label or "Preuve" in label for label in labels), labels
    assert sum("identiteit" in label.lower() for label in labels) == 1, labels
    assert sum("retributie" in label.lower() for label in labels) == 1, labels


def test_a_dutch_letter_gets_the_dutch_deadline_label():
    case = _case("be", dict(BE_FACTS, protection_decision_date="2026-10-01"))
    result = evaluate(case, AS_OF)
    deadline = render_context("be_family_reunification_cover_letter", case, result, {}, "nl")["deadline"]
    assert deadline and deadline["label"].startswith("Laatste dag"), deadline


@pytest.mark.parametrize(
    "status,decision,target",
    [
        ("refugee", "2026-09-01", "2027-03-01"),  # 2025 rules, refugee: 6-month window still open
        ("refugee", "2025-10-01", None),  # window closed in April 2026: never a target
        ("subsidiary_protection", "2026-09-01", None),  # no exemption window for her status
    ],
)
def test_no_summary_states_a_passed_deadline_or_one_that_does_not_apply(status, decision, target):
    case = _case("be", dict(BE_FACTS, sponsor_status=status, protection_decision_date=decision))
    result = evaluate(case, AS_OF)
    html = summary_html("be_family_reunification_cover_letter", case, result, {}, "so")
    from parcours.documents.wording import local_date

    if target:
        assert local_date(target, "so") in html
    for p in result.procedures:
        for d in p.deadlines:
            if d.due is not None and (d.due < AS_OF or d.condition != "met"):
                assert local_date(d.due.isoformat(), "so") not in html, (d.id, d.due)
    # The computed window of the rules is there whatever the status: never shown for a status it does not fit.
    for p in result.procedures:
        window = p.computed.get("exemption_window_end")
        if window and (status != "refugee" or window < AS_OF):
            assert local_date(window.isoformat(), "so") not in html
