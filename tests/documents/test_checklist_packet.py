"""Checklist (Arabic, Tigrinya), summaries, glyph coverage, the packet, form maps, PO catalogues, lint."""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from doctools import ARTIFACTS, REPO

from parcours import CaseFile, evaluate
from parcours.documents import Packet, checklist_pdf, fill_form, i18n, packet_pdf, summary_pdf
from parcours.documents.html import FONT_FILES, SCRIPT, font_file
from parcours.i18n import plural_variant

RF_CASE = {
    "format_version": 1,
    "jurisdiction": "fr",
    "case_id": "essai-rf-002",
    "persons": [
        {
            "id": "sponsor",
            "role": "sponsor",
            "given_name": "Idris",
            "family_name": "Mahamat",
            "birth_date": "1985-03-02",
            "nationality": "TD",
        },
        {"id": "wife", "role": "spouse", "given_name": "Achta", "birth_date": "1990-07-07"},
    ],
    "facts": {
        "sponsor_legal_status": "residence_permit",
        "sponsor_nationality": "TD",
        "sponsor_regular_stay_start": "2023-10-15",
        "filing_date": "2025-11-01",
        "sponsor_average_monthly_resources": "2 100,00",
        "household_size": 2,
        "spouse_joining": True,
    },
}


@pytest.fixture(scope="module")
def rf(rules):
    case = CaseFile.from_dict(dict(RF_CASE))
    ev = evaluate(case, "2025-11-02", rules=rules)
    return case, ev, ev.procedure("fr.regroupement_familial")


def pdftotext(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def png(pdf: bytes, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "70", "-png", "-f", "1", "-l", "1", "-singlefile", str(path), str(ARTIFACTS / name)],
        check=True,
    )
    return ARTIFACTS / f"{name}.png"


def test_arabic_checklist_text_in_logical_order(rf):
    case, ev, proc = rf
    pdf = checklist_pdf(proc, "ar", "fr", ev.as_of, case.case_id)
    text = pdftotext(pdf)
    for words in ("الوثائق المطلوبة", "نسخة كاملة من عقد الزواج", "إثبات السكن", "قسائم الراتب"):
        assert words in text, words  # logical order, not visually reversed
    assert "Documents à réunir" in text and "Copie intégrale de l'acte de mariage" in text
    assert "CERFA 11436*05" in text and "service-public.fr" in text
    assert png(pdf, "checklist_ar").stat().st_size > 10_000


def test_tigrinya_checklist(rf):
    case, ev, proc = rf
    pdf = checklist_pdf(proc, "ti", "fr", ev.as_of, case.case_id)
    text = pdftotext(pdf)
    assert "ዘድልዩ ሰነዳት" in text and "ምሉእ ቅዳሕ ምስክር ወረቐት መርዓ" in text
    from pypdf import PdfReader

    fonts = {
        str(f.get("/BaseFont"))
        for p in PdfReader(io.BytesIO(pdf)).pages
        for f in (p.get("/Resources", {}).get("/Font", {}) or {}).values()
        for f in [f.get_object()]
    }
    assert any("Ethiopic" in f for f in fonts), fonts
    assert png(pdf, "checklist_ti").stat().st_size > 10_000


def test_dutch_admin_language_and_single_column(rf):
    _, ev, proc = rf
    text = pdftotext(checklist_pdf(proc, "nl", "nl", ev.as_of))
    assert "Te verzamelen documenten" in text and "Documents à réunir" not in text


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_string_has_a_glyph_in_the_font_used(lang):
    from fontTools.ttLib import TTFont

    script_cmap = TTFont(font_file(lang)).getBestCmap()
    latin_cmap = TTFont(FONT_FILES["latin"]).getBestCmap()
    missing = set()
    for key, msg in i18n.catalogue(lang).items():
        for ch in msg.text:
            if ch.isspace() or unicodedata.category(ch) == "Cf":  # FSI/PDI and marks are not drawn
                continue
            in_script = ord(ch) in script_cmap
            if lang in SCRIPT and unicodedata.name(ch, "").split()[0] in ("ARABIC", "ETHIOPIC", "EXTENDED"):
                ok = in_script  # Arabic / Ethiopic letters must come from the script font
            else:
                ok = in_script or ord(ch) in latin_cmap
            if not ok:
                missing.add((key, ch, f"U+{ord(ch):04X}"))
    assert not missing, sorted(missing)[:10]


def test_catalogues_complete_and_unreviewed_flagged():
    # admin.*: words of letters to the administration, written in French or Dutch (and English for reading)
    admin = {k for k in i18n.catalogue("fr") if k.startswith("admin.")}
    assert admin and admin <= set(i18n.catalogue("nl")) and admin <= set(i18n.catalogue("en"))
    keys = set(i18n.catalogue("fr")) - admin
    for lang in i18n.LANGS:
        # beside every French id, the plural forms a language gives a text (Arabic's two, few, many)
        forms = {k for k in i18n.catalogue(lang) if k not in keys and plural_variant(k) in keys}
        assert set(i18n.catalogue(lang)) - admin - forms == keys, lang
        if lang in ("fr", "en"):
            assert not i18n.unreviewed(lang)
        else:
            assert set(i18n.unreviewed(lang)) - admin - forms == keys  # written by a developer: none reviewed yet
    from parcours.documents.catalogue import letter_ids

    for letter_id in letter_ids():
        assert f"letter.{letter_id}.asks" in keys and f"letter.{letter_id}.title" in keys


def test_document_strings_come_from_the_one_catalogue_layer(tmp_path, monkeypatch):
    from parcours import i18n as layer

    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "fr.po").write_text('msgid "a.b"\nmsgstr "x \\"y\\"\\n"\n"suite"\n', encoding="utf-8")
    (tmp_path / "documents" / "ar.po").write_text('#, fuzzy\nmsgid "c"\nmsgstr "z"\n', encoding="utf-8")
    monkeypatch.setenv("PARCOURS_I18N_DIR", str(tmp_path))
    layer._cache.clear()
    try:
        assert i18n.message("a.b", "ar") == 'x "y"\nsuite'  # ar -> en -> fr
        assert i18n.message("c", "ar") == "z" and i18n.unreviewed("ar") == ["c"]
        assert i18n.message("missing.id", "ar") == ""  # never the id
    finally:
        layer._cache.clear()


def test_summary_in_arabic(fr_case, fr_eval):
    pdf = summary_pdf("fr_cnda_appeal", fr_case, fr_eval, {}, "ar")
    text = pdftotext(pdf)
    assert "الطعن أمام" in text and "ماذا تطلب الرسالة" in text
    assert "35 rue Cuvier" in text  # where to send it, as written for the post
    from pypdf import PdfReader

    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1


def test_summary_warns_that_recours_gracieux_does_not_extend_oqtf(fr_case, fr_eval):
    text = " ".join(pdftotext(summary_pdf("fr_recours_gracieux", fr_case, fr_eval, {}, "en")).split())
    assert "does not extend the time limit" in text and "Send it at the latest on" in text


def test_packet_pages_bookmarks_and_annex_numbering(rf, rendered):
    from pypdf import PdfReader

    case, ev, proc = rf
    letter = rendered[("fr_rf_cover_letter_ofii", "fr")][1]
    statement = rendered[("fr_sworn_statement", "fr")][1]
    checklist = checklist_pdf(proc, "ar", "fr", ev.as_of, case.case_id)
    form = fill_form("sample_attestation", {"family_name": "MAHAMAT", "given_name": "Idris", "place": "Lille"})
    packet = Packet(
        title="Regroupement familial", person_lang="ar", admin_lang="fr", prepared_for="Idris MAHAMAT", as_of=ev.as_of
    )
    packet.add("letters", "Lettre d'accompagnement (OFII)", letter)
    packet.add("statements", "Attestation sur l'honneur", statement)
    packet.add("checklist", "Liste des documents", checklist)
    packet.add("forms", "Formulaire d'essai", form)
    packet.annexes = [d.label.fr for d in proc.documents]
    pdf = packet_pdf(packet)
    reader = PdfReader(io.BytesIO(pdf))
    pages = lambda b: len(PdfReader(io.BytesIO(b)).pages)  # noqa: E731
    assert len(reader.pages) == 1 + pages(letter) + pages(statement) + 1 + pages(checklist) + pages(form)
    top = [item for item in reader.outline if not isinstance(item, list)]
    assert [t.title for t in top] == [
        "Sommaire",
        "Lettres",
        "Attestations sur l'honneur",
        "Bordereau des pièces",
        "Liste des documents à réunir",
        "Formulaires",
    ]
    children = [item for item in reader.outline if isinstance(item, list)]
    assert [c.title for group in children for c in group][:2] == [
        "Lettre d'accompagnement (OFII)",
        "Attestation sur l'honneur",
    ]
    starts = [reader.get_destination_page_number(t) for t in top]
    assert starts == sorted(starts) and starts[0] == 0 and starts[1] == 1
    text = " ".join(pdftotext(pdf).split())
    for number, doc in enumerate(proc.documents, 1):
        assert f"Pièce n° {number} {doc.label.fr}" in text
    assert "Sommaire" in text and f"page {starts[3] + 1}" in text  # the contents give the bordereau's page
    (ARTIFACTS / "packet_sample.pdf").write_bytes(pdf)


def test_form_map_fills_acroform_and_flat_text():
    from pypdf import PdfReader

    pdf = fill_form(
        "sample_attestation",
        {
            "family_name": "MAHAMAT",
            "given_name": "Idris",
            "birth_date": "02/03/1985",
            "address": "12 rue des Lilas, 59000 Lille",
            "place": "Roubaix",
        },
    )
    reader = PdfReader(io.BytesIO(pdf))
    values = {k: v.get("/V") for k, v in reader.get_fields().items()}
    assert values == {
        "nom": "MAHAMAT",
        "prenom": "Idris",
        "date_naissance": "02/03/1985",
        "adresse": "12 rue des Lilas, 59000 Lille",
    }
    text = reader.pages[0].extract_text()
    assert "SAMPLE FORM - NOT AN OFFICIAL FORM" in text and "Roubaix" in text


def test_form_map_unknown_field(tmp_path):
    from parcours.documents import DocumentError

    (tmp_path / "forms").mkdir()
    shutil.copy(REPO / "templates/forms/sample_attestation.pdf", tmp_path / "forms")
    (tmp_path / "forms/x.yaml").write_text("pdf: sample_attestation.pdf\nfields: {nomm: '{a}'}\n")
    with pytest.raises(DocumentError, match="no field 'nomm'"):
        fill_form("x", {}, tmp_path)


def test_lint_warns_on_letter_without_template(tmp_path, monkeypatch):
    from parcours.lint import lint

    shutil.copytree(REPO / "tests/core/fixtures/rules", tmp_path / "rules")
    text = (tmp_path / "rules/fr/asylum/cnda_appeal.yaml").read_text()
    (tmp_path / "rules/fr/asylum/cnda_appeal.yaml").write_text(
        text.replace("letters: [fr_cnda_appeal", "letters: [fr_cnda_apeal")
    )
    monkeypatch.setenv("PARCOURS_TEMPLATES_DIR", str(REPO / "templates"))
    _, items = lint(tmp_path / "rules", review_horizon_days=100000)
    found = [d.format() for d in items if "has no template" in d.message]
    assert any(
        "cnda_appeal.yaml:" in f and "'fr_cnda_apeal'" in f and "did you mean 'fr_cnda_appeal'?" in f for f in found
    ), found
    assert all(d.severity == "warning" for d in items if "has no template" in d.message)


def test_cli_documents(tmp_path, capsys):
    from parcours.cli import main

    case = tmp_path / "case.json"
    import json

    case.write_text(json.dumps(RF_CASE))
    code = main(
        [
            "documents",
            str(case),
            "fr.regroupement_familial",
            "--lang",
            "prs",
            "--out",
            str(tmp_path / "out"),
            "--as-of",
            "2025-11-02",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    names = {Path(line).name for line in out.split()}
    assert {
        "fr_rf_cover_letter_ofii.docx",
        "fr_rf_cover_letter_ofii.pdf",
        "fr_rf_cover_letter_ofii.summary.prs.pdf",
        "checklist.prs.pdf",
        "packet.pdf",
    } <= names
