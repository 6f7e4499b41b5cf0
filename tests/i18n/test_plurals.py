"""A text about a number takes the plural form the person's language gives that number (CLDR
rules through Babel): "1 jour restant", "3 дня", "11 شهرًا". Invented figures only."""

from __future__ import annotations

import re

import pytest

from parcours import i18n
from parcours.i18n_coverage import coverage, unused
from parcours.views import duration


@pytest.mark.parametrize(
    "lang,count,expected",
    [
        ("fr", 1, "1 jour restant"),
        ("fr", 2, "2 jours restants"),
        ("en", 1, "1 day left"),
        ("en", 21, "21 days left"),
        ("nl", 1, "nog 1 dag"),
        ("nl", 5, "nog 5 dagen"),
        ("ar", 2, "بقي يومان"),
        ("ar", 3, "بقيت 3 أيام"),
        ("ar", 11, "بقي 11 يومًا"),
        ("ar", 100, "بقي 100 يوم"),
    ],
)
def test_days_left_takes_the_form_of_its_number(lang, count, expected):
    assert i18n.ui("result.days_left", lang, count=count, days=count) == expected


@pytest.mark.parametrize(
    "lang,unit,counts",
    [
        ("fr", "days", {1: "1 jour", 2: "2 jours"}),
        ("fr", "years", {1: "1 an", 5: "5 ans"}),
        ("ru", "days", {1: "1 день", 3: "3 дня", 5: "5 дней", 21: "21 день", 22: "22 дня", 11: "11 дней"}),
        ("uk", "months", {1: "1 місяць", 2: "2 місяці", 5: "5 місяців", 31: "31 місяць"}),
        ("ar", "months", {1: "1 شهر", 2: "شهران", 3: "3 أشهر", 10: "10 أشهر", 11: "11 شهرًا", 100: "100 شهر"}),
    ],
)
def test_a_duration_reads_right_for_every_number(lang, unit, counts):
    for n, expected in counts.items():
        # views.duration isolates the number for right-to-left text (FSI ... PDI): compare without it
        shown = duration(unit, n, lang).replace("\u2068", "").replace("\u2069", "")
        assert shown == expected, (lang, unit, n, shown)


def test_the_form_of_a_fallback_language_is_its_own():
    """A language with no text at all for an id borrows English's, in English's form of the number."""
    assert i18n.lookup("ui", "result.days_left", "xx", count=1) == i18n.lookup("ui", "result.days_left", "en", count=1)


def test_every_plural_form_of_every_language_fills_and_shows_its_number():
    forms = {}
    for lang in i18n.LANGS:
        for domain in ("ui", "documents"):
            for msgid in i18n.catalogue(domain, lang).entries:
                base = i18n.plural_variant(msgid)
                if base:
                    forms.setdefault((domain, base), set()).add(lang)
    assert ("ui", "result.days_left") in forms and ("documents", "summary.deadline_suspended") in forms
    for (domain, base), langs in forms.items():
        names = set(re.findall(r"\{(\w+)\}", i18n.lookup(domain, base, "fr") or ""))
        for lang in langs:
            for n in (0, 1, 2, 3, 5, 11, 21, 22, 100, 101, 102, 1000):
                values = {name: f"<{name}>" for name in names - {"count"}}  # text() fills {count} itself
                values["days"] = values["n"] = str(n)
                shown = i18n.text(domain, base, lang, count=n, **values)
                assert shown and "{" not in shown, (domain, base, lang, n)
                if i18n.plural_form(lang, n) not in ("two",):  # Arabic's dual names no number
                    assert str(n) in shown, (domain, base, lang, n, shown)


def test_plural_forms_are_used_ids_and_may_not_add_a_placeholder(tmp_path, monkeypatch):
    for lang in i18n.LANGS:
        assert not [k for k in unused("ui", lang) if i18n.plural_variant(k)], lang
        assert not coverage("ui", lang).placeholder_errors, lang
    bad = i18n._read_po(i18n.po_path("ui", "ru"), "ui", "ru")
    entries = [(k, e.text, e.source, e.reviewed) for k, e in bad.entries.items()]
    entries.append(("result.days_left.many", "Осталось {days} дней до {when}", None, False))
    root = tmp_path / "translations"
    for domain in i18n.DOMAINS:
        (root / domain).mkdir(parents=True)
        for path in (i18n.translations_root() / domain).glob("*"):
            (root / domain / path.name).write_bytes(path.read_bytes())
    i18n.write_po(root / "ui" / "ru.po", "ru", entries)
    monkeypatch.setenv("PARCOURS_I18N_DIR", str(root))
    i18n._cache.clear()
    try:
        errors = coverage("ui", "ru").placeholder_errors
    finally:
        i18n._cache.clear()
    assert any("result.days_left.many" in e and "when" in e for e in errors), errors
