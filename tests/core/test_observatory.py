"""The observatory's testimonies: validation field by field, consent as a history, consent at the
door of every export and referral, the jigsaw rule, and referrals refused when an element is missing."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from parcours import observatory as o
from parcours.observatory import referral as rf

TODAY = dt.date(2026, 12, 6)
BY = "observatrice.test@parcours.example.org"


def form(**changes) -> dict:
    data = {
        "date": "2026-11-12",
        "time": "06:30",
        "place": "calais_marck",
        "authorities": ["crs", "private_company"],
        "acts": ["eviction", "tents_taken", "phones_taken"],
        "people": "14",
        "witnesses": "2",
        "witness_named": "yes",
        "witness_names": "Witnessmarker Invented",
        "testimony": "Testimonymarker: they came at dawn",
        "testimony_language": "ps",
        "summary_fr": "Les CRS ont évacué le campement à l'aube et emporté les tentes.",
        "consent": "anonymised_publication",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def valid(**changes) -> o.Testimony:
    return o.validate(form(**changes), by=BY, today=TODAY)


def test_a_testimony_keeps_what_was_entered_and_who_recorded_the_consent():
    r = valid()
    assert r.place == "calais_marck" and r.acts == ("eviction", "tents_taken", "phones_taken") and r.people == 14
    assert r.time == "06:30" and r.witness_named and r.witness_names == "Witnessmarker Invented"
    assert r.consents == (o.Consent("anonymised_publication", "2026-12-06", BY),)
    assert o.Testimony.from_content(r.id, r.content()) == r
    assert o.when(r) == "le 12/11/2026 à 06:30" and o.when(r, exact=False) == "le 12/11/2026"


def test_a_range_of_days_and_a_name_typed_for_nobody_who_accepted():
    r = valid(end_date="2026-11-14", end_time="09:00", witness_named="no")
    assert o.when(r) == "du 12/11/2026 à 06:30 au 14/11/2026 à 09:00"
    assert r.witness_names == ""  # nobody accepted to be named: the name is not kept


def test_revoking_consent_is_a_new_entry_and_the_history_is_kept():
    r = valid(consent="identified_referral", person_name="Invented Person", person_address="1 rue X, Calais")
    later = o.validate(form(consent="internal"), by="autre@parcours.example.org", previous=r, today=TODAY)
    assert later.id == r.id and [c.scope for c in later.consents] == ["identified_referral", "internal"]
    assert later.consents[-1].by == "autre@parcours.example.org" and later.consent == "internal"
    same = o.validate(form(consent="internal"), by=BY, previous=later, today=TODAY)
    assert len(same.consents) == 2  # saving again without a change adds no entry


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"place": "<b>the_moon</b>"}, "place", "not_offered"),
        ({"place": None}, "place", "missing"),
        ({"acts": ["eviction", "<script>alert(1)</script>"]}, "acts", "not_offered"),
        ({"acts": []}, "acts", "missing"),
        ({"authorities": ["army"]}, "authorities", "not_offered"),
        ({"people": "0"}, "people", "out_of_range"),
        ({"people": "999999999"}, "people", "out_of_range"),
        ({"people": True}, "people", "out_of_range"),
        ({"date": "2026-13-01"}, "date", "bad_date"),
        ({"date": "2027-01-01"}, "date", "bad_date"),  # the future
        ({"end_date": "2026-11-01"}, "end_date", "bad_date"),  # before the start
        ({"time": "25:00"}, "time", "bad_format"),
        ({"testimony_language": "tlh"}, "testimony_language", "not_offered"),
        ({"consent": "everything"}, "consent", "not_offered"),
        ({"consent": None}, "consent", "missing"),
        ({"consent": "identified_referral"}, "person_name", "missing"),
        ({"summary_fr": "   "}, "summary_fr", "missing"),
        ({"summary_fr": "x" * (o.MAX_SUMMARY + 1)}, "summary_fr", "too_long"),
        ({"testimony": "x" * 1_000_000}, "testimony", "too_long"),
        ({"testimony": {"nested": ["x"]}}, "testimony", "not_offered"),
        ({"testimony": ["a", "b"]}, "testimony", "not_offered"),
        ({"gps": "50.95,1.85"}, "record", "bad_format"),
        ({"id": "../../etc/passwd"}, "record", "bad_format"),
        ({"witness_named": "maybe"}, "witness_named", "not_offered"),
        ({"witness_named": "yes", "witnesses": "0"}, "witnesses", "out_of_range"),
    ],
)
def test_what_no_screen_offers_is_refused_naming_the_field(changes, field, code):
    with pytest.raises(o.ObservatoryError) as refused:
        valid(**changes)
    assert (refused.value.field, refused.value.code) == (field, code)
    message = refused.value.message("fr")
    assert message and "observatory." not in message and "outreach." not in message and "<" not in message
    assert "Witnessmarker" not in message and "Testimonymarker" not in message


def test_html_is_kept_as_text_and_control_characters_dropped():
    r = valid(summary_fr="<img src=x onerror=alert(1)>\x00 évacuation")
    assert r.summary_fr == "<img src=x onerror=alert(1)> évacuation"


def test_attachments_are_checked_by_their_bytes_and_size():
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 100
    assert o.check_attachment(png, "photo").type == "image/png"
    assert o.check_attachment(b"%PDF-1.7\n...", "medical_certificate").type == "application/pdf"
    for data, kind, code in (
        (b"<html><script>alert(1)</script>", "photo", "file_type"),
        (b"MZ\x90\x00 an executable", "other", "file_type"),
        (b"\xff\xd8\xff" + b"\0" * o.MAX_ATTACHMENT, "photo", "file_too_large"),
        (png, "selfie", "not_offered"),
        (b"", "photo", "missing"),
    ):
        with pytest.raises(o.ObservatoryError) as refused:
            o.check_attachment(data, kind)
        assert refused.value.code == code and refused.value.message("fr")


# ----------------------------------------------------------------------------- consent at the door


def test_internal_stays_in_the_association_export_and_referrals_refuse_it():
    r = valid(consent="internal")
    text, ids = o.export_csv([r])
    assert ids == [] and r.summary_fr not in text
    for kind, code in (("collective", "consent_internal"), ("individual", "consent_internal")):
        with pytest.raises(o.ConsentRefused) as refused:
            rf.draft("dd_deontologie", [r], kind, party=PARTY, signatory="S", today=TODAY)
        assert refused.value.code == code and "usage interne" in refused.value.message("fr")


def test_anonymised_publication_exports_and_refers_collectively_never_by_name():
    r = valid()
    text, ids = o.export_csv([r])
    assert ids == [r.id] and "Calais — Marck" in text and "06:30" not in text
    assert "Witnessmarker" not in text and "Testimonymarker" not in text
    with pytest.raises(o.ConsentRefused) as refused:
        rf.draft("dd_deontologie", [r], "individual", today=TODAY)
    assert refused.value.code == "consent_not_identified" and "saisine collective" in refused.value.message("fr")
    context = rf.draft("dd_deontologie", [r], "collective", party=PARTY, signatory="S", today=TODAY)
    assert context["facts"][0]["when"] == "le 12/11/2026"  # the day, never the hour


def test_identified_referral_allows_the_individual_route_with_the_person_named():
    r = valid(consent="identified_referral", person_name="Invented Person", person_address="1 rue X\n62100 Calais")
    context = rf.draft("dd_deontologie", [r], "individual", party=PARTY, today=TODAY)
    assert context["party"]["name"] == "Invented Person" and context["facts"][0]["when"] == "le 12/11/2026 à 06:30"
    assert context["party"]["association"] == PARTY["name"]
    assert o.export_csv([r])[1] == [r.id]


PARTY = {"name": "Association Invented du Littoral", "address": "1 rue de la Mer\n62100 Calais"}


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("word/document.xml").decode()


def test_a_collective_referral_is_anonymised_and_inventories_its_annexes():
    records = [
        valid(date=f"2026-11-{day:02d}", summary_fr=f"Récit {day}", person_name="Invented Person")
        for day in (20, 3, 12)
    ]
    context = rf.draft("dd_deontologie", records, "collective", party=PARTY, signatory="Jeanne Invented", today=TODAY)
    assert [a["number"] for a in context["annexes"]] == [1, 2, 3]
    assert context["period"] == "du 3 novembre 2026 au 20 novembre 2026" and context["people"] == 42
    text = _docx_text(rf.render_docx(context))
    for absent in ("Invented Person", "Witnessmarker", "Testimonymarker", "06:30"):
        assert absent not in text
    for present in ("Association Invented du Littoral", "Annexe 3", "Récit 20", "Défenseur des droits"):
        assert present in text


@pytest.mark.parametrize(
    ("party", "signatory", "element"),
    [
        ({"name": "", "address": "1 rue"}, "S", "party_name"),
        ({"name": "A", "address": "  "}, "S", "party_address"),
        (PARTY, "", "signature"),
    ],
)
def test_a_referral_missing_an_element_is_refused_naming_it(party, signatory, element):
    with pytest.raises(rf.ReferralIncomplete) as refused:
        rf.draft("dd_deontologie", [valid()], "collective", party=party, signatory=signatory, today=TODAY)
    assert refused.value.element_id == element
    assert "il manque" in refused.value.message("fr") and "{" not in refused.value.message("fr")


def test_render_refuses_a_context_missing_what_happened():
    context = rf.draft("dd_deontologie", [valid()], "collective", party=PARTY, signatory="S", today=TODAY)
    context["facts"][0]["summary"] = ""
    with pytest.raises(rf.ReferralIncomplete) as refused:
        rf.render_docx(context)
    assert refused.value.element_id == "what_happened" and "ce qui s'est passé" in refused.value.message("fr")


def test_lint_refuses_a_template_that_does_not_print_an_element(tmp_path):
    import shutil

    from docx import Document

    folder = tmp_path / "referrals"
    shutil.copytree(rf.referrals_dir(), folder)
    assert rf.check_templates(tmp_path) == []
    doc = Document(str(folder / "dd_deontologie.docx"))
    for p in doc.paragraphs:
        if "party.address_lines" in p.text:
            for run in p.runs:
                run.text = run.text.replace("party.address_lines", "party.lines")
    doc.save(str(folder / "dd_deontologie.docx"))
    problems = rf.check_templates(tmp_path)
    assert len(problems) == 1 and "l'adresse de la personne ou de l'association qui saisit" in problems[0].message


def test_the_vocabulary_is_the_associations_own_file(tmp_path, monkeypatch):
    path = tmp_path / "vocabulary.yaml"
    path.write_text(
        "kind: observatory_vocabulary\nauthorities:\n  - {id: police, fr: Police, en: Police}\n"
        "acts:\n  - {id: dogs, fr: Chiens lâchés, en: Dogs set loose}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("PARCOURS_OBSERVATORY_VOCABULARY", str(path))
    r = valid(authorities=["police"], acts=["dogs"])
    assert o.label("acts", "dogs") == "Chiens lâchés" and o.label("acts", "dogs", "en") == "Dogs set loose"
    with pytest.raises(o.ObservatoryError):
        valid(acts=["eviction"])
    assert r.acts == ("dogs",)


# ----------------------------------------------------------------------------- monthly report


def test_report_figures_are_recomputed_from_the_records_and_small_counts_hidden():
    from parcours.observatory import report

    records = (
        [valid(date="2026-10-05", acts=["eviction"], authorities=["crs"]) for _ in range(6)]
        + [valid(date="2026-11-02", acts=["eviction", "tear_gas"], authorities=["police"]) for _ in range(2)]
        + [valid(date="2026-11-03", consent="internal", acts=["violence"]) for _ in range(7)]
    )
    rep = report.monthly_report(records)
    assert rep.months == ["2026-10", "2026-11"]
    # Recomputed from the records, by hand: internal ones are never counted.
    published = [r for r in records if r.consent != "internal"]
    for i, month in enumerate(rep.months):
        mine = {r.id for r in published if r.date.strftime("%Y-%m") == month}
        assert set(rep.testimonies[i].ids) == mine
    by_act = {text: cells for text, cells in next(t for t in rep.tables if t.dimension == "act").rows}
    assert [c.count for c in by_act["Expulsion d'un lieu de vie"]] == [6, 2]
    assert [c.shown() for c in by_act["Expulsion d'un lieu de vie"]] == ["6", "< 5"]
    assert "Violences physiques" not in by_act
    csv = report.report_csv(rep)
    assert "octobre 2026" in csv and "< 5" in csv and records[0].id not in csv and "Summary" not in csv
    trace = report.trace_csv(rep)
    assert all(r.id in trace for r in published) and not any(r.id in trace for r in records[8:])
    assert report.report_docx(rep, "Rapport")[:2] == b"PK"
    # The charts: tests/core/test_observatory_report.py
