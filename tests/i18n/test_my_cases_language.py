""" "Mes dossiers" is framed in the volunteer's language: the table's caption, column headers and
links come from the ui catalogue, and what a volunteer typed stays text. Invented cases only."""

from __future__ import annotations

import re

import pytest

from docassemble.parcours.cases import cases_table
from parcours import i18n

FRENCH_FRAME = re.compile(
    r"Mes dossiers|\bPays\b|Prochain délai|Jours restants|\bReprendre\b|\bExporter\b|\bTransmettre\b|\bEffacer\b"
)
ROW = {
    "session": "s1",
    "label": 'AB-12 <img src=x onerror="alert(1)">',
    "jurisdiction": "Frankrijk",
    "days_left": 3,
    "deadline": "",
    "note": "<script>x</script>" + "n" * 20000,
}


def _table(lang: str) -> str:
    return cases_table([ROW], lambda s: f"/r/{s}", lambda s: f"/e/{s}", lambda s: f"/p/{s}", lambda s: f"/d/{s}", lang)


@pytest.mark.parametrize("lang", [lang for lang in i18n.LANGS if lang != "fr"])
def test_the_table_of_cases_speaks_the_volunteers_language(lang):
    html = _table(lang)
    assert f"<caption>{i18n.ui('cases.table.caption', lang)}</caption>" in html
    for col in ("country", "deadline", "days_left", "actions"):
        assert f'<th scope="col">{i18n.ui(f"cases.col.{col}", lang)}</th>' in html, (lang, col)
    for link in ("resume", "export", "pass", "erase"):
        assert f">{i18n.ui(f'cases.{link}', lang)}</a>" in html, (lang, link)
    assert not FRENCH_FRAME.search(html), (lang, FRENCH_FRAME.search(html))


def test_french_stays_the_default_and_typed_markup_stays_text():
    html = cases_table([ROW], lambda s: "/r", lambda s: "/e")
    assert "<caption>Mes dossiers, le délai le plus proche en premier</caption>" in html
    assert ">Reprendre</a>" in html and ">Exporter</a>" in html and "Transmettre" not in html
    assert "<img" not in html and "<script>" not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize("lang", ["fr", "en", "ru", "ar"])
def test_the_erased_files_count_reads_right_for_every_number(lang):
    for n in (0, 1, 2, 3, 5, 11, 21, 100):
        shown = i18n.ui("cases.erased.files", lang, count=n, n=n)
        assert "{" not in shown and "(s)" not in shown, (lang, n, shown)
    assert i18n.ui("cases.erased.files", "fr", count=1, n=1) == "1 fichier supprimé avec les réponses."
    assert i18n.ui("cases.erased.files", "fr", count=4, n=4) == "4 fichiers supprimés avec les réponses."
    assert i18n.ui("cases.erased.files", "ru", count=3, n=3) == "Удалено 3 файла вместе с ответами."
    assert i18n.ui("cases.erased.files", "ru", count=5, n=5) == "Удалено 5 файлов вместе с ответами."
