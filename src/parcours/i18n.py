"""The one catalogue layer: every translated text a person reads, keyed by stable ids (never by
source text). Catalogues are gettext PO files, ``translations/<domain>/<lang>.po`` under
:func:`parcours.paths.translations_root` ($PARCOURS_I18N_DIR), read with Babel and re-read when
the file changes:

* ``ui``        the guide and kiosk screens (buttons, result words, kiosk texts); French is the
                source: ``ui/fr.po`` defines the ids, every other language translates them;
* ``documents`` the checklist, summaries, packet and letters' headings; ``documents/fr.po`` is the
                source, like ``ui``;
* ``questions`` the shared question library (``interviews/library/questions.yml``): ids
                ``<question id>.text``, ``<question id>.help``, ``<question id>.choice.<value>``;
                French and English live in the library itself;
* ``rules``     the rule files' texts (titles, explanations, labels), keyed by the message ids the
                loaders derive (:mod:`parcours.messages`); French and English live in ``rules/``.

One fallback chain for every domain: the person's language, then English, then French. A text
missing even in French gives an empty string (and a warning in the log), never its id: an id
means nothing to a person, and ``make test`` refuses missing texts in the complete languages.

Review flag: an entry that no fluent speaker has reviewed carries ``#, fuzzy``. It is still shown
(better than nothing for the person) and ``parcours i18n status`` counts it as unreviewed. Each
translated entry keeps its French source in a ``#. fr: ...`` comment, on one line: when the source
changes, the entry is reported *stale* until a translator updates it.

docassemble's own interface phrases (Continue, Back, validation messages) are in
``translations/words/<lang>-words.yml`` (docassemble's format), checked against :data:`WORDS`.

This module never imports docassemble.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from . import languages
from .paths import interviews_root, translations_root  # noqa: F401  (callers use i18n.translations_root)

# Views of the language registry (translations/languages.yaml, parcours.languages): codes in order,
# own names, right-to-left ones, served font family of those not in the page's font, and those whose
# catalogues must be complete everywhere (make test fails otherwise).
LANGS = tuple(lang.code for lang in languages.languages())
NAMES = {lang.code: lang.name for lang in languages.languages()}
RTL = frozenset(lang.code for lang in languages.languages() if lang.rtl)
SCRIPTS = {lang.code: lang.script.family for lang in languages.languages() if lang.script.family}
COMPLETE = tuple(lang.code for lang in languages.languages() if lang.complete)
DOMAINS = ("ui", "questions", "rules", "documents")
# Domains whose French catalogue is the source (the others take fr/en from the rule files and library).
SOURCE_CATALOGUES = ("ui", "documents")
# The procedures the self-service kiosk offers: every text they can show is required in every language.
KIOSK_PROCEDURES = {
    "fr": (
        "fr.asylum_registration",
        "fr.cnda_appeal",
        "fr.cnda_legal_aid",
        "fr.dublin_transfer_appeal",
        "fr.reunification_familiale",
        "fr.regroupement_familial",
        "fr.admission_exceptionnelle_sejour",
        "fr.appointment_unavailable",
    ),
    "be": (
        "be.ip_registration",
        "be.reception_fedasil",
        "be.cce_appeal_protection",
        "be.dublin_appeal",
        "be.family_reunification_art10",
        "be.regularisation_9bis",
    ),
}
# Names of institutions and legal documents kept in French (or Dutch) beside a translation, so the
# person recognises them on paper and at the counter.
LEGAL_TERMS = (
    "OFPRA",
    "CNDA",
    "OFII",
    "GUDA",
    "SPADA",
    "CGRA",
    "Fedasil",
    "Office des étrangers",
    "récépissé",
    "attestation d'immatriculation",
    "annexe 26",
)
# docassemble interface phrases the guide and kiosk screens show (keys of docassemble's words files).
WORDS = (
    "Continue",
    "Back",
    "Exit",
    "Restart",
    "Yes",
    "No",
    "I don't know",
    "Question",
    "Help",
    "Back to question",
    "Skip to main content",
    "Display the menu",
    "Menu",
    "Sign in to save answers",
    "Sign in or sign up to save answers",
    "This field is required.",
    "You need to select one.",
    "You need to enter a valid date.",
    "Please enter a valid value.",
    "Please select one.",
    "Check at least one option, or check “%s”",
    "Please select at least %s.",
    "Go back to the previous question",
    "Help is available for this question",
    "Help with this question",
    "None of the above",
    "Error",
    "Select one",
    "Select...",
    "Live chat",
    "Phone help",
    "Phone help is available",
    "Turn on chat",
    "Turn off chat",
    "Send",
    "Type your message here.",
    "Chat message you want to send",
    "Input not processed because the question changed.  Please continue.",
    "Answer here",
    "Cancel",
    "Download",
    "Print",
    "Close",
    "Loading...",
    "Leave",
    "Save",
    # docassemble's own validation messages on our fields (maxlength, file uploads, numbers)
    "You cannot type more than %s characters.",
    "You must type at least %s characters.",
    "Please upload a file with a valid file format.",
    "You must provide a file.",
    "You need to enter a number.",
    "Please enter a whole number.",
    # its flash message when a new case is started beside an earlier one (two spaces: its own key)
    "Starting a new interview.  To go back to your previous interview, go to My Interviews on the menu.",
    "Starting a new interview.  To go back to your previous interview, log in to see a list of your interviews.",
)
_PLACEHOLDER = re.compile(r"\$\{[^}]*\}|%\([A-Za-z_][A-Za-z0-9_]*\)[sdif]|%s|\{[A-Za-z_][A-Za-z0-9_]*\}")


def _norm(text: str) -> str:
    return " ".join((text or "").split())


def known_lang(value, default: str = "fr") -> str:
    """A language code from outside (URL, form post, hand-over, case file): itself when it is one of
    LANGS, else *default*. Only these codes may reach a screen, a document or a lang attribute."""
    return value if isinstance(value, str) and value in LANGS else default


def is_rtl(lang: str) -> bool:
    return lang in RTL


def placeholders(text: str) -> list[str]:
    """The placeholders of a string ({name}, %(x)s, %s, Mako ${...}), sorted: they must match."""
    return sorted(_PLACEHOLDER.findall(text or ""))


# ----------------------------------------------------------------------------- files


def library_path() -> Path:
    """The shared question library, as packaged (interviews/library/ in a checkout)."""
    return interviews_root() / "library" / "questions.yml"


@dataclass(frozen=True)
class Entry:
    text: str
    reviewed: bool
    source: str | None = None  # the French text it was translated from (#. fr: ...)


@dataclass
class Catalogue:
    domain: str
    lang: str
    entries: dict[str, Entry] = field(default_factory=dict)

    def get(self, msgid: str) -> str | None:
        entry = self.entries.get(msgid)
        return entry.text if entry and entry.text else None


def po_path(domain: str, lang: str) -> Path:
    return translations_root() / domain / f"{lang}.po"


def _read_po(path: Path, domain: str, lang: str) -> Catalogue:
    from babel.messages.pofile import read_po

    cat = Catalogue(domain, lang)
    if not path.exists():
        return cat
    po = read_po(io.BytesIO(path.read_bytes()), ignore_obsolete=True)
    for message in po:
        if not message.id or not isinstance(message.id, str):
            continue
        source = _source_comment(message.auto_comments)
        cat.entries[message.id] = Entry(message.string or "", not message.fuzzy, source)
    return cat


def _source_comment(lines) -> str | None:
    """The French source of a ``#. fr: ...`` comment. Files written before the comments stayed on
    one line have it wrapped over several ``#.`` lines, cut at a space or after a hyphen
    (Île-de-/France): join them back the way they were cut."""
    joined = ""
    for line in lines:
        line = line.strip()
        joined += line if not joined or (joined.endswith("-") and joined[-2:-1].isalpha()) else " " + line
    return _norm(joined[3:]) if joined.startswith("fr:") else None


_cache: dict[tuple[str, str], tuple[tuple[str, int], Catalogue]] = {}


def catalogue(domain: str, lang: str) -> Catalogue:
    """The catalogue of one domain and language (re-read when the file changes). A language or
    domain that is not ours (a tampered form or URL) has no catalogue: no file is read for it."""
    if lang not in LANGS or domain not in DOMAINS:
        return Catalogue(domain, str(lang)[:20])
    path = po_path(domain, lang)
    stamp = (str(path), path.stat().st_mtime_ns if path.exists() else 0)
    hit = _cache.get((domain, lang))
    if hit is None or hit[0] != stamp:
        hit = (stamp, _read_po(path, domain, lang))
        _cache[(domain, lang)] = hit
    return hit[1]


def write_po(path: Path, lang: str, entries: list[tuple[str, str, str | None, bool]]) -> None:
    """Write (msgid, text, French source, reviewed) entries as a PO file, in the given order."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po as babel_write

    cat = Catalog(
        locale=None,
        project="parcours",
        fuzzy=False,
        header_comment=f"# parcours translations: {path.parent.name}, {lang}. Keys are stable ids.\n"
        "# '#, fuzzy' = not reviewed by a fluent speaker yet (still shown).\n"
        "# '#. fr: ...' = the French source text this entry translates.",
    )
    cat.language_team = lang
    sources = []
    for msgid, text, source, reviewed in entries:
        # Babel wraps comments at 76 columns whatever the width (and cuts after hyphens): write a
        # short marker, then put the source back on one line, so reading gives back what was written.
        comments = [f"fr: @{len(sources)}@"] if source is not None else []
        sources.append(_norm(source) if source is not None else None)
        cat.add(msgid, text, auto_comments=comments, flags=() if reviewed else ("fuzzy",))
    out = io.BytesIO()
    babel_write(out, cat, width=0, omit_header=False, sort_output=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = out.getvalue().decode("utf-8")
    text = re.sub(r"^#\. fr: @(\d+)@$", lambda m: f"#. fr: {sources[int(m.group(1))]}", text, flags=re.MULTILINE)
    text = re.sub(r'"Language-Team: .*\\n"\n', f'"Language: {lang}\\\\n"\n', text)
    path.write_text(text, encoding="utf-8")


# ----------------------------------------------------------------------------- lookups


def describe(diagnostic, lang: str) -> str:
    """A diagnostic in *lang* when its kind has a translated message (``translations/ui``,
    id = the diagnostic's code), else its English text."""
    if diagnostic.code and catalogue("ui", "fr").get(diagnostic.code):
        return ui(diagnostic.code, lang, **dict(diagnostic.params))
    return diagnostic.format()


FALLBACK = ("en", "fr")  # after the person's language, for every domain
_log = logging.getLogger(__name__)


def chain(lang: str) -> tuple[str, ...]:
    """The languages tried for a text in *lang*, in order."""
    return (lang, *(c for c in FALLBACK if c != lang))


# Plural forms: a text about a number has one id per CLDR plural category its language needs,
# `<id>.zero`, `.one`, `.two`, `.few`, `.many`; the id itself is the "other" form. French needs
# `.one` ("1 jour restant"), Russian and Ukrainian `.one`/`.few` (21 день, 3 дня, 5 дней), Arabic
# `.one`/`.two`/`.few`/`.many` (يوم واحد، يومان، 3 أيام، 11 يومًا، 100 يوم). The category of a
# number comes from Babel's CLDR rules for the registry's locale of the language.
PLURAL_FORMS = ("zero", "one", "two", "few", "many")


@cache
def _plural_rule(lang: str):
    from babel import Locale

    from parcours import languages

    known = languages.get(lang)
    return Locale.parse(known.babel if known else "en").plural_form


def plural_form(lang: str, count: int) -> str:
    """The CLDR plural category of *count* in *lang*: zero, one, two, few, many or other."""
    return _plural_rule(lang)(abs(int(count)))


def lookup(domain: str, msgid: str, lang: str, count: int | None = None) -> str | None:
    """The text of *msgid* in the first language of :func:`chain` that has it; None when none has.
    With *count*, that language's plural form of the text for the number, when it has one."""
    for candidate in chain(lang):
        cat = catalogue(domain, candidate)
        if count is not None:
            form = plural_form(candidate, count)
            if form != "other" and cat.get(f"{msgid}.{form}"):
                return cat.get(f"{msgid}.{form}")
        text = cat.get(msgid)
        if text:
            return text
    return None


def text(domain: str, msgid: str, lang: str, count: int | None = None, **values) -> str:
    """A catalogue text in *lang* (else English, else French) with its ``{name}`` placeholders
    filled; *count*, the number the text is about, chooses its plural form (and fills ``{count}``).
    Missing everywhere: an empty string, never the id (and a warning in the log)."""
    found = lookup(domain, msgid, lang, count)
    if found is None:
        _log.warning("no text for %s:%s in any language", domain, msgid)
        return ""
    if count is not None:
        values.setdefault("count", count)
    return found.format(**values) if values else found


def plural_variant(msgid: str) -> str | None:
    """The id a plural-form id is a form of (`result.days_left.few` -> `result.days_left`)."""
    base, _, form = msgid.rpartition(".")
    return base if base and form in PLURAL_FORMS else None


def has(domain: str, msgid: str, lang: str) -> bool:
    """Whether the *lang* catalogue itself translates *msgid* (no fallback)."""
    return bool(catalogue(domain, lang).get(msgid))


def unreviewed(domain: str, lang: str) -> list[str]:
    """Ids whose translation in *lang* is flagged fuzzy (not reviewed by a fluent speaker)."""
    return sorted(k for k, e in catalogue(domain, lang).entries.items() if e.text and not e.reviewed)


def ui(msgid: str, lang: str, count: int | None = None, **values) -> str:
    """An interface string in *lang* (see :func:`text`)."""
    return text("ui", msgid, lang, count, **values)


@lru_cache(maxsize=1)
def _library_raw_cached(mtime: float) -> dict:
    import yaml

    return (yaml.safe_load(library_path().read_text(encoding="utf-8")) or {}).get("questions", {})


def library() -> dict:
    path = library_path()
    return _library_raw_cached(path.stat().st_mtime if path.exists() else 0.0) if path.exists() else {}


def question_source(msgid: str) -> dict:
    """{fr, en} of one question-library id (q_x.text, q_x.help, q_x.choice.value)."""
    qid, _, rest = msgid.partition(".")
    entry = library().get(qid) or {}
    if rest.startswith("choice."):
        return dict((entry.get("choices") or {}).get(rest[7:]) or {})
    return dict(entry.get(rest) or {})


def question(msgid: str, lang: str) -> str | None:
    """A question-library text in *lang*; None when the library has no such text."""
    source = question_source(msgid)
    for candidate in chain(lang):  # the library holds fr and en, the catalogues the others
        found = source.get(candidate) if candidate in ("fr", "en") else catalogue("questions", candidate).get(msgid)
        if found:
            return found
    return None


def choice(question_id: str, value, lang: str) -> str:
    """The label of one answer of a choice question (an enum fact's value) in *lang*, else in
    English, else in French; never the raw value: with no label at all (which `make test` refuses,
    see parcours.i18n_coverage.choice_problems) the person reads "Another answer"."""
    return question(f"{question_id}.choice.{value}", lang) or ui("answer.unlabelled", lang)


def rule_text(text, lang: str) -> str | None:
    """A rule-file text (parcours.messages.Text, or its JSON {id, fr, en}) in *lang*."""
    if text is None:
        return None
    if isinstance(text, dict):
        msgid, fr, en = text.get("id"), text.get("fr"), text.get("en")
    else:
        msgid, fr, en = text.id, text.fr, text.en
    for candidate in chain(lang):  # the rule file holds fr and en, the catalogues the others
        found = {"fr": fr, "en": en}.get(candidate) if candidate in ("fr", "en") else None
        found = found or (catalogue("rules", candidate).get(msgid) if msgid and candidate not in ("fr", "en") else None)
        if found:
            return found
    return ""


def words_path(lang: str) -> Path:
    return translations_root() / "words" / f"{lang}-words.yml"


def words(lang: str) -> dict[str, str]:
    import yaml

    path = words_path(lang)
    if not path.exists():
        return {}
    return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get(lang, {}) or {}
