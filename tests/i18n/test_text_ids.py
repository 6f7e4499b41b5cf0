"""Text ids (issue 14, item 2): the loader names each rule text from where it is written, so two
different texts never share an id (a translation would be shown for the wrong text); the lint
refuses an id written by hand that would; the migration moves the old catalogues to the new ids
keeping every translation; the `#. fr:` source comments survive a write and a read."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from parcours import i18n, i18n_coverage
from parcours.cli import main
from parcours.i18n_migrate import legacy_id, migrate
from parcours.loader import load_rules, read_rules
from parcours.messages import texts_in

FIXTURE = Path(__file__).resolve().parents[1] / "core" / "fixtures" / "rules"

PROCEDURE = """kind: procedure
id: fr.{name}
jurisdiction: fr
title: {{fr: "Démarche {name}", en: "Procedure {name}"}}
version_date: filing_date
recipient: prefecture
reviewed_on: 2026-01-01
documents:
  - id: passport
    label: {label}
    citations: [{{article: "CESEDA art. L.434-1", url: "https://www.legifrance.gouv.fr/"}}]
    status: verified
versions:
  - valid_from: 2020-01-01
    valid_until: 2023-12-31
    outcome: {{fr: "Première rédaction", en: "First wording"}}
  - valid_from: 2024-01-01
    valid_until: 2024-12-31
    outcome: {{fr: "Nouvelle rédaction", en: "New wording"}}
  - valid_from: 2025-01-01
    valid_until: null
    outcome: {{fr: "Nouvelle rédaction", en: "New wording"}}
"""


def _rules(tmp_path, **labels) -> Path:
    rules = tmp_path / "rules"
    shutil.copytree(FIXTURE, rules)
    for name, label in labels.items():
        (rules / "fr" / f"{name}.yaml").write_text(PROCEDURE.format(name=name, label=label), encoding="utf-8")
    return rules


def _ids(procedure) -> dict[str, str]:
    return {t.id: t.fr for t in texts_in(procedure)}


def test_ids_name_the_jurisdiction_the_procedure_and_the_version_that_rewords(tmp_path):
    rules = read_rules(
        _rules(tmp_path, one='{fr: "Passeport", en: "Passport"}', two='{fr: "Passeport valide", en: "Valid passport"}')
    )
    assert not rules.errors, rules.errors
    one, two = _ids(rules.procedures["fr.one"]), _ids(rules.procedures["fr.two"])
    assert one["fr.one.document.passport"] == "Passeport" and two["fr.two.document.passport"] == "Passeport valide"
    # the oldest wording keeps the plain id; the version that rewords gets its start date; the next
    # version, with the same words, shares that id (one translation)
    assert one["fr.one.outcome"] == "Première rédaction"
    assert one["fr.one.outcome@2024-01-01"] == "Nouvelle rédaction"
    assert not any(i.startswith("fr.one.outcome@2025") for i in one)


def test_the_real_rules_have_one_text_per_id_and_facts_of_both_countries_apart():
    rules = load_rules()
    assert rules.catalogue("fr")["applicant_birth_date"].label.id == "fr.fact.applicant_birth_date"
    assert rules.catalogue("be")["applicant_birth_date"].label.id == "be.fact.applicant_birth_date"
    seen: dict[str, tuple] = {}
    for procedure in rules.procedures.values():
        for text in texts_in(procedure):
            assert seen.setdefault(text.id, text.source) == text.source, text.id


def test_an_id_written_by_hand_for_two_texts_is_a_lint_error(tmp_path, capsys):
    rules = _rules(
        tmp_path,
        one='{id: doc.passport, fr: "Passeport", en: "Passport"}',
        two='{id: doc.passport, fr: "Passeport en cours de validité", en: "Passport"}',
    )
    assert main(["lint", str(rules), "--review-horizon", "100000"]) == 1
    out = capsys.readouterr().out
    assert "text id 'doc.passport' already carries another French text at" in out
    assert "one.yaml" in out and "two.yaml" in out  # both places
    # the same words under one id are allowed: one translation for both
    rules = _rules(
        tmp_path / "same",
        one='{id: doc.passport, fr: "Passeport", en: "Passport"}',
        two='{id: doc.passport, fr: "Passeport", en: "Passport"}',
    )
    assert main(["lint", str(rules), "--review-horizon", "100000"]) == 0, capsys.readouterr().out


@pytest.fixture
def translations(tmp_path, monkeypatch):
    shutil.copytree(i18n.translations_root(), tmp_path / "translations")
    monkeypatch.setenv("PARCOURS_I18N_DIR", str(tmp_path / "translations"))
    i18n._cache.clear()
    yield tmp_path / "translations"
    i18n._cache.clear()


def test_long_french_sources_survive_an_import(translations):
    """Babel wraps comments at 76 columns and cuts after hyphens (Île-de-France): the source must
    read back exactly, or every long entry would look stale."""
    source = (
        "SPADA du département (en Île-de-France : d'abord la plateforme téléphonique de l'OFII, "
        "01 42 500 900), puis le GUDA de la préfecture — un très-très-long-mot-composé à la fin."
    )
    path = translations / "rules" / "ar.po"
    i18n.write_po(path, "ar", [("x.where", "نص", source, False)])
    assert f"#. fr: {source}\n" in path.read_text(encoding="utf-8")  # one line
    i18n._cache.clear()
    assert i18n.catalogue("rules", "ar").entries["x.where"].source == source
    # a file written before, with the comment wrapped (and cut after a hyphen), reads the same
    path.write_text(
        '#. fr: SPADA du département (en Île-\n#. de-France : d\'abord)\nmsgid "y"\nmsgstr "z"\n', encoding="utf-8"
    )
    i18n._cache.clear()
    assert i18n.catalogue("rules", "ar").entries["y"].source == "SPADA du département (en Île-de-France : d'abord)"


def test_import_keeps_every_french_source_intact(translations):
    rules = i18n_coverage.sources("rules")
    before = {k: e.source for k, e in i18n.catalogue("rules", "so").entries.items()}
    some = next(
        k
        for k, t in rules.items()
        if len(t.get("fr") or "") > 120 and not any(term.lower() in t["fr"].lower() for term in i18n.LEGAL_TERMS)
    )
    assert i18n_coverage.import_entries("rules", "so", {some: "Qoraal cusub"}) == []
    i18n._cache.clear()
    after = i18n.catalogue("rules", "so").entries
    assert after[some].text == "Qoraal cusub" and after[some].source == " ".join(rules[some]["fr"].split())
    assert {k: e.source for k, e in after.items() if k != some} == {k: v for k, v in before.items() if k != some}


def test_the_migration_keeps_every_translation_and_flags_other_wordings(translations):
    """An old catalogue keyed by the old ids: each new id gets the old translation; the one whose
    French is not the French it was translated from is kept but fuzzy and stale."""
    sources = i18n_coverage.sources("rules")
    fanned = {}
    for new_id, texts in sources.items():
        fanned.setdefault(legacy_id(new_id), []).append((new_id, " ".join((texts.get("fr") or "").split())))
    old_id, targets = next((k, v) for k, v in fanned.items() if len({fr for _, fr in v}) > 1 and k not in sources)
    kept_fr = targets[0][1]
    path = translations / "rules" / "ti.po"
    i18n.write_po(
        path,
        "ti",
        [(old_id, "ትርጉም", kept_fr, True), ("fact.applicant_birth_date", "ዕለተ ልደት", "ancien texte", True)],
    )
    i18n._cache.clear()
    report = migrate()
    assert any(line.startswith("rules/ti: before 2 entries, 2 translated, 2 reviewed") for line in report), report
    i18n._cache.clear()
    entries = i18n.catalogue("rules", "ti").entries
    assert old_id not in entries
    for new_id, french in targets:
        assert entries[new_id].text == "ትርጉም"
        assert entries[new_id].reviewed == (french == kept_fr)  # same French: still reviewed
        assert entries[new_id].source == kept_fr  # what it was translated from: stale when it differs
    stale = set(i18n_coverage.coverage("rules", "ti").stale)
    assert {n for n, fr in targets if fr != kept_fr} <= stale and targets[0][0] not in stale
    assert entries["fr.fact.applicant_birth_date"].text == entries["be.fact.applicant_birth_date"].text == "ዕለተ ልደት"
    text = path.read_text(encoding="utf-8")
    assert migrate() and path.read_text(encoding="utf-8") == text  # rerunnable: nothing moves twice


@pytest.mark.parametrize("lang", ["../../../etc/passwd", "<script>alert(1)</script>", "ar" * 5000, None, "AR", "xx"])
def test_a_language_no_screen_offers_reads_no_file_and_shows_english(lang, monkeypatch):
    """A tampered language (form post, URL, hand-over) reaches no file and shows the English text,
    never an id or an error."""
    looked_up = []
    real = i18n.po_path
    monkeypatch.setattr(i18n, "po_path", lambda domain, code: looked_up.append(code) or real(domain, code))
    i18n._cache.clear()
    assert i18n.text("ui", "guide.title", lang) == i18n.catalogue("ui", "en").get("guide.title")
    assert set(looked_up) <= {"en", "fr"}, looked_up[:3]
    text = load_rules().catalogue("be")["applicant_birth_date"].label
    assert i18n.rule_text(text, lang) == text.en
    assert i18n.text("documents", "no.such.id", lang) == ""  # missing everywhere: empty, not the id


def test_an_import_with_ids_and_texts_no_catalogue_has_is_refused(tmp_path, monkeypatch):
    shutil.copytree(i18n.translations_root(), tmp_path / "translations")
    monkeypatch.setenv("PARCOURS_I18N_DIR", str(tmp_path / "translations"))
    i18n._cache.clear()
    try:
        some = next(iter(i18n_coverage.sources("rules")))
        refused = i18n_coverage.import_entries(
            "rules",
            "so",
            {
                "<b>x</b>": "y",
                "fact.applicant_birth_date": "old-style id",  # ids before the migration are not taken any more
                some: "{name} " + "x" * 100_000,  # a placeholder the source has not
            },
        )
        assert len(refused) == 3, refused
    finally:
        i18n._cache.clear()


def test_a_stale_translation_goes_back_to_the_translator_empty(translations):
    """Exported then imported unchanged, a translation of an older wording stays stale."""
    # A translation made from an older French wording: its "#. fr:" source differs from today's.
    path = translations / "rules" / "ar.po"
    text = path.read_text(encoding="utf-8")
    at = text.index("\n#. fr: ") + len("\n#. fr: ")
    path.write_text(text[:at] + "Ancienne formulation : " + text[at:], encoding="utf-8")
    i18n._cache.clear()
    stale = i18n_coverage.coverage("rules", "ar").stale
    assert stale, "an entry whose French source changed must be stale"
    exported = i18n_coverage.export_entries("rules", "ar")
    entry = exported[stale[0]]
    assert entry["translation"] == "" and entry["earlier"] and entry["earlier_fr"] != entry["fr"]
    i18n_coverage.import_entries("rules", "ar", {k: v["translation"] for k, v in exported.items()})
    i18n._cache.clear()
    assert i18n_coverage.coverage("rules", "ar").stale == stale
