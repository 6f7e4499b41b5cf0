"""Translation catalogues: complete where they must be, placeholders intact, legal terms kept,
every glyph present in the font that shows it."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from docassemble.parcours import fonts
from parcours import i18n, i18n_coverage
from parcours.cli import main

STATIC_CSS = Path(fonts.__file__).resolve().parent / "data" / "static" / "parcours.css"
ETHIOPIC_PUNCTUATION = "፡።፣፤"


def test_no_missing_strings_placeholders_or_dropped_legal_terms():
    """fr, nl, en complete everywhere (the full rule set in nl is reported apart); every language
    complete on the kiosk path; {name}, %(x)s, %s and ${...} identical; French legal terms kept."""
    problems = i18n_coverage.problems()
    assert not problems, "\n".join(problems)


def test_placeholders_are_detected():
    assert i18n.placeholders("Il reste {days} jours, ${ x } et %(n)s sur %s") == sorted(
        ["{days}", "${ x }", "%(n)s", "%s"]
    )
    assert i18n.placeholders("{days} ימים") != i18n.placeholders("{jours} jours")


def test_every_kiosk_language_has_every_interface_string():
    fr = set(i18n_coverage.ui_source())
    for lang in i18n.LANGS:
        cov = i18n_coverage.coverage("ui", lang)
        assert cov.total == len(fr) and not cov.missing, (lang, cov.missing)


def test_unreviewed_entries_are_flagged():
    """Nothing written by a machine or a non-native writer passes as reviewed."""
    for lang in (lang for lang in i18n.LANGS if lang not in ("fr", "en")):
        cat = i18n.catalogue("ui", lang)
        assert cat.entries and all(not e.reviewed for e in cat.entries.values()), lang
    # one entry per interface text, and one per plural form Arabic gives a text beside its own
    forms = [
        k for k in i18n.catalogue("ui", "ar").entries if k not in i18n_coverage.ui_source() and i18n.plural_variant(k)
    ]
    fuzzy = i18n.po_path("ui", "ar").read_text(encoding="utf-8").count("\n#, fuzzy\n")
    assert fuzzy == len(i18n_coverage.ui_source()) + len(forms)


def test_status_command_prints_every_language(capsys):
    assert main(["i18n", "status"]) == 0
    out = capsys.readouterr().out
    for lang in i18n.LANGS:
        assert re.search(rf"^ui\s+all\s+{lang}\s", out, re.M), lang


def _translated_strings(lang: str) -> list[tuple[str, str]]:
    out = [(f"ui:{k}", e.text) for k, e in i18n.catalogue("ui", lang).entries.items()]
    out += [(f"questions:{k}", e.text) for k, e in i18n.catalogue("questions", lang).entries.items()]
    out += [(f"rules:{k}", e.text) for k, e in i18n.catalogue("rules", lang).entries.items()]
    out += [(f"words:{k}", v) for k, v in i18n.words(lang).items()]
    out += [("language name", i18n.NAMES[lang])]
    return out


def _cmap(path) -> set[int]:
    return set(TTFont(str(path)).getBestCmap())


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_glyph_exists_in_the_font_that_shows_it(lang):
    """Arabic-script and Ethiopic text in the served subsets; everything else (Latin, Cyrillic,
    digits, punctuation) in the page's Noto Sans."""
    script = i18n.SCRIPTS.get(lang)
    served = [_cmap(fonts.output(script, weight)) for weight in (400, 700)] if script else []
    latin = _cmap(fonts.LATIN_REFERENCE)
    missing = []
    for where, text in _translated_strings(lang):
        for char in text:
            if unicodedata.category(char)[0] in "CZ":  # spaces, direction marks, FSI/PDI
                continue
            if script and fonts.in_script(char, script):
                if not all(ord(char) in cmap for cmap in served):
                    missing.append((where, char, f"U+{ord(char):04X}"))
            elif ord(char) not in latin:
                missing.append((where, char, f"U+{ord(char):04X} (Latin fallback)"))
    assert not missing, missing[:20]


def test_ethiopic_punctuation_and_pashto_letters_are_in_the_served_fonts():
    for weight in (400, 700):
        ethiopic = _cmap(fonts.output("ethiopic", weight))
        arabic = _cmap(fonts.output("arabic", weight))
        assert all(ord(c) in ethiopic for c in ETHIOPIC_PUNCTUATION)
        assert all(ord(c) in arabic for c in "ټډړښږځڅېۍپچژگ۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩")


def test_css_unicode_ranges_match_the_font_subsets():
    css = STATIC_CSS.read_text(encoding="utf-8")
    for script in fonts.FONTS:
        assert css.count(f"unicode-range: {fonts.unicode_range(script)};") == 2, script


@pytest.mark.parametrize(
    "text, code",
    [
        ('{"format_version": 99, "jurisdiction": "fr", "facts": {}}', "casefile.newer_version"),
        ('{"format_version": 1, "jurisdiction": "fr", "facts": {', "casefile.not_json"),
        ('[1, 2]', "casefile.not_mapping"),
        ('{"format_version": 1, "jurisdiction": "xx", "facts": {}}', "casefile.schema"),
    ],
)
def test_a_refused_case_file_is_explained_in_the_users_language(text, code):
    from parcours import CaseFile, CaseFileError

    with pytest.raises(CaseFileError) as info:
        CaseFile.from_text(text, "case.json")
    first = info.value.diagnostics[0]
    assert first.code == code
    for lang in i18n.LANGS:
        message = i18n.describe(first, lang)
        assert message == i18n.ui(code, lang, **dict(first.params)) and "{" not in message
    assert i18n.describe(first, "ar") != i18n.describe(first, "fr")


def test_translations_of_removed_texts_are_reported_and_pruned(tmp_path, monkeypatch, capsys):
    """A rule text removed from the rules leaves its translations behind: status names them, prune
    removes them and nothing else."""
    import shutil

    shutil.copytree(i18n.translations_root(), tmp_path / "translations")
    monkeypatch.setenv("PARCOURS_I18N_DIR", str(tmp_path / "translations"))
    i18n._cache.clear()
    ar = i18n.po_path("rules", "ar")
    assert ar.is_relative_to(tmp_path)
    before = dict(i18n.catalogue("rules", "ar").entries)
    ar.write_text(
        ar.read_text(encoding="utf-8") + '\n#, fuzzy\nmsgid "fr.gone.explanation"\nmsgstr "نص قديم"\n', encoding="utf-8"
    )
    i18n._cache.clear()
    assert i18n_coverage.unused("rules", "ar") == ["fr.gone.explanation"]
    main(["i18n", "status"])
    assert (
        "unused: rules/ar: 1 translation(s) of texts no longer in the sources, e.g. fr.gone.explanation"
        in capsys.readouterr().out
    )
    assert main(["i18n", "prune"]) == 0
    i18n._cache.clear()
    assert i18n_coverage.unused("rules", "ar") == []
    after = i18n.catalogue("rules", "ar").entries
    assert after.keys() == before.keys() and all(after[k].text == before[k].text for k in before)
    i18n._cache.clear()
