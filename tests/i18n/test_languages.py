"""The language registry (translations/languages.yaml): complete and consistent with what is on disk,
strict about malformed entries, and the one place a language is added (issue 14, item 1)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from docassemble.parcours import fonts, kiosk
from parcours import i18n, languages
from parcours.documents import html, wording

STATIC_CSS = Path(fonts.__file__).resolve().parent / "data" / "static" / "parcours.css"
# French and English questions and rule texts live in the library and the rule files themselves;
# docassemble's own words are English.
IN_SOURCES = {"fr", "en"}


@pytest.mark.parametrize("lang", languages.languages(), ids=lambda lang: lang.code)
def test_every_language_has_its_catalogues(lang):
    root = i18n.translations_root()
    needed = [root / "ui" / f"{lang.code}.po", root / "documents" / f"{lang.code}.po"]
    if lang.code not in IN_SOURCES:
        needed += [root / "questions" / f"{lang.code}.po", root / "rules" / f"{lang.code}.po"]
    if lang.code != "en":
        needed.append(root / "words" / f"{lang.code}-words.yml")
    assert [str(p) for p in needed if not p.is_file()] == []


def test_no_catalogue_without_a_language():
    root = i18n.translations_root()
    codes = {p.stem for d in ("ui", "questions", "rules", "documents") for p in (root / d).glob("*.po")}
    codes |= {p.name.removesuffix("-words.yml") for p in (root / "words").glob("*-words.yml")}
    assert codes - set(i18n.LANGS) == set()


def test_fonts_exist_for_every_script():
    for family, script in languages.served_scripts().items():
        for weight, name in script.fonts:
            assert fonts.output(family, weight).is_file(), (family, weight)
            if fonts.NOTO.is_dir():
                assert (fonts.NOTO / name).is_file(), name
    for path in html.FONT_FILES.values():
        assert Path(path).is_file(), path


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_every_claimed_voice_exists():
    out = subprocess.run(["espeak-ng", "--voices"], capture_output=True, text=True, check=True).stdout
    installed = {line.split()[1] for line in out.splitlines()[1:] if line.split()}
    assert {lang.code: lang.voice for lang in languages.languages() if lang.voice and lang.voice not in installed} == {}


def test_served_css_follows_the_registry():
    """parcours.css is static (the page must be right to left before any script runs): its :lang()
    lists must name exactly the registry's right-to-left languages."""
    css = STATIC_CSS.read_text(encoding="utf-8")
    for selector in ("html:lang", ":lang"):
        rules = re.findall(rf"^((?:{re.escape(selector)}\([a-z-]+\),?\s*)+)\{{", css, re.M)
        assert rules, selector
        for rule in rules:
            assert set(re.findall(r":lang\(([a-z-]+)\)", rule)) == i18n.RTL, rule


def test_views_keep_their_values():
    assert i18n.LANGS == ("fr", "nl", "en", "ar", "prs", "ps", "ti", "so", "uk", "ru")
    assert i18n.RTL == {"ar", "prs", "ps"} and i18n.COMPLETE == ("fr", "nl", "en")
    assert i18n.SCRIPTS == {"ar": "arabic", "prs": "arabic", "ps": "arabic", "ti": "ethiopic"}
    assert kiosk.VOICES == {"fr": "fr-fr", "nl": "nl", "en": "en-gb", "ar": "ar", "prs": "fa", "uk": "uk", "ru": "ru"}
    assert wording.BABEL_LOCALES["prs"] == "fa_AF" and html.HTML_LANG == {"prs": "fa-AF"}
    assert i18n.known_lang("prs") == "prs" and i18n.known_lang("xx") == "fr"


def _registry(tmp_path, change) -> Path:
    data = yaml.safe_load((i18n.translations_root() / "languages.yaml").read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "languages.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "change, field",
    [
        (lambda d: d["languages"][3].update(direction="right"), "languages[3] (ar): 'direction'"),
        (lambda d: d["languages"][0].pop("name"), "languages[0] (fr): missing field(s) ['name']"),
        (lambda d: d["languages"][6].update(script="Ethiopic"), "languages[6] (ti): 'script'"),
        (lambda d: d["languages"][1].update(colour="red"), "languages[1] (nl): unknown field(s) ['colour']"),
        (lambda d: d["languages"].append(dict(d["languages"][0])), "languages (fr): code listed twice"),
        (lambda d: d["scripts"]["Arab"].update(ranges=["0600-06GG"]), "scripts.Arab: 'ranges'"),
    ],
)
def test_a_bad_entry_fails_naming_the_file_and_the_field(tmp_path, change, field):
    path = _registry(tmp_path, change)
    with pytest.raises(languages.RegistryError) as error:
        languages.parse(path)
    assert str(path) in str(error.value) and field in str(error.value)


def test_a_language_added_to_the_registry_appears_everywhere(tmp_path):
    """One registry entry (here Amharic, Ethiopic script, no voice; and Persian, right to left, with
    one) and the screens, documents, kiosk and CLI offer it."""
    path = _registry(
        tmp_path,
        lambda d: d["languages"].extend(
            [
                {
                    "code": "am",
                    "name": "አማርኛ",
                    "english": "Amharic",
                    "direction": "ltr",
                    "script": "Ethi",
                    "babel": "am",
                    "voice": None,
                    "complete": False,
                },
                {
                    "code": "fa",
                    "name": "فارسی",
                    "english": "Persian",
                    "direction": "rtl",
                    "script": "Arab",
                    "babel": "fa",
                    "voice": "fa",
                    "complete": False,
                },
            ]
        ),
    )
    probe = """
import json
from parcours import i18n, cli
from parcours.documents import html, wording, i18n as doc_i18n
from docassemble.parcours import guide, kiosk
buttons = [b["value"] for b in guide.language_buttons()]
print(json.dumps({"langs": i18n.LANGS, "names": i18n.NAMES, "rtl": sorted(i18n.RTL), "scripts": i18n.SCRIPTS,
                  "buttons": buttons, "documents": doc_i18n.LANGS, "document_lang": html.document_lang("am"),
                  "attrs": str(html.lang_attrs("fa")), "css": html.CSS, "date": wording.local_date("2025-03-01", "fa"),
                  "voices": kiosk.VOICES, "known": i18n.known_lang("am")}))
"""
    env = {"PARCOURS_LANGUAGES": str(path), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True).stdout
    seen = json.loads(out)
    for listed in ("langs", "buttons", "documents"):
        assert seen[listed][-2:] == ["am", "fa"], listed
    assert seen["names"]["am"] == "አማርኛ" and seen["known"] == "am" and seen["document_lang"] == "am"
    assert seen["rtl"] == ["ar", "fa", "prs", "ps"] and seen["attrs"] == 'lang="fa" dir="rtl"'
    assert seen["scripts"]["am"] == "ethiopic" and ":lang(am)" in seen["css"] and ":lang(fa)" in seen["css"]
    assert seen["date"].startswith("\u2068") and seen["voices"]["fa"] == "fa" and "am" not in seen["voices"]


def test_the_installed_package_carries_the_registry():
    """Installed (Dockerfile: cp -L, then pip install), translations/ is data/sources/ of the package,
    where parcours.paths.translations_root looks when there is no repository."""
    packaged = Path(fonts.__file__).resolve().parent / "data" / "sources" / "languages.yaml"
    assert packaged.is_file() and languages.parse(packaged).languages == languages.languages()
