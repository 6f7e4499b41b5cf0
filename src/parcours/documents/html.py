"""HTML -> PDF with WeasyPrint (Pango + HarfBuzz: Arabic joins and runs right to left, Ethiopic shapes).

Every document page is a Jinja2 template under ``pages/`` rendered with autoescape on: a value
(a name, a rule text, a language code) can never become markup. WeasyPrint fetches nothing but
the project's own font and static files (``SafeFetcher``): a ``file:``, ``http:``, ``https:`` or
``data:`` link in a page is refused, so no attachment, image or stylesheet comes from elsewhere.

Fonts are chosen per language through ``lang`` attributes and CSS font stacks; the font
files below are the ones the glyph-coverage test checks every translated string against.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .. import languages
from ..i18n import LANGS
from ..paths import static_root
from .wording import is_rtl

NOTO = "/usr/share/fonts/truetype/noto/"
# Fonts, scripts and lang tags come from the language registry (translations/languages.yaml).
FONT_FILES = {"latin": NOTO + "NotoSans-Regular.ttf"} | {
    family: NOTO + dict(script.fonts)[400] for family, script in languages.served_scripts().items()
}
SCRIPT = {lang.code: lang.script.family for lang in languages.languages() if lang.script.family}
HTML_LANG = {lang.code: lang.html_lang for lang in languages.languages() if lang.html_lang}
PAGES = Path(__file__).resolve().parent / "pages"
# The only files WeasyPrint may read: the system's Noto fonts and the project's static files.
FETCH_ROOTS = (Path(NOTO), static_root())

CSS = """
@page { size: A4; margin: 14mm 14mm 16mm 14mm;
        @bottom-center { content: counter(page) " / " counter(pages); font: 8pt "Noto Sans"; color: #555; } }
body { font-family: "Noto Sans", %(fallbacks)ssans-serif; font-size: 10pt; color: #111; }
%(scripts)s
h1 { font-size: 15pt; margin: 0 0 4pt 0; } h2 { font-size: 12pt; margin: 10pt 0 4pt 0; }
table { width: 100%; border-collapse: collapse; } td, th { border: 0.6pt solid #888; padding: 4pt 5pt; vertical-align: top; }
th { background: #eee; text-align: start; } tr { break-inside: avoid; } ul { margin: 2pt 0; }
.box { display: inline-block; width: 10pt; height: 10pt; border: 1.2pt solid #000; }
.note { font-size: 8.5pt; color: #333; } .muted { color: #666; font-size: 8.5pt; } .warn { color: #8a1c00; }
.tick { width: 18pt; text-align: center; } .pair td { width: 50%; }
.tl td, .tl th { padding: 1.5pt 4pt; font-size: 9pt; } .tl-picto { width: 22pt; text-align: center; }
.tl-date { width: 52pt; white-space: nowrap; } .tl-past td { color: #666; } .tl-here td { background: #e8f0fb; }
.tl-next td { border: 1.4pt solid #b3261e; } .tl-procedure th { background: #f4f4f4; } .tl .note { font-size: 8pt; }
.tl-head td, .tl-next td, .tl-undated td, .tl-legend td { border: none; padding: 2pt 4pt; }
.tl-next td { background: #fdf1ef; } .tl-head h1 { font-size: 13pt; } .tl-legend td { font-size: 8pt; }
.tl-key { display: inline-block; margin-inline-end: 8pt; } .tl-icon svg { vertical-align: middle; }
"""


def _script_css() -> dict[str, str]:
    """Each served script's font stack, for the lang tags of the languages written in it."""
    rules = []
    for script in languages.served_scripts().values():
        tags = dict.fromkeys(
            tag for lang in languages.languages() if lang.script == script for tag in (lang.code, lang.tag)
        )
        stack = ", ".join(f'"{font}"' for font in script.document_fonts)
        size = f" font-size: {script.document_size};" if script.document_size else ""
        rules.append(
            f'{", ".join(f":lang({t})" for t in tags)} {{ font-family: {stack}, "Noto Sans", sans-serif;{size} }}'
        )
    fallbacks = "".join(f'"{s.document_fonts[0]}", ' for s in languages.served_scripts().values())
    return {"fallbacks": fallbacks, "scripts": "\n".join(rules)}


CSS = CSS.replace("%(fallbacks)s", _script_css()["fallbacks"]).replace("%(scripts)s", _script_css()["scripts"])


class UnknownLanguage(ValueError):
    """A document was asked in a language parcours does not have (never from a screen)."""


def document_lang(lang) -> str:
    """*lang* when it is one of parcours's languages; anything else is refused, never written
    into a page, a lang attribute or a file name."""
    if isinstance(lang, str) and lang in LANGS:
        return lang
    raise UnknownLanguage(f"unknown document language (use one of {', '.join(LANGS)})")


def lang_attrs(lang: str) -> Markup:
    """``lang`` and ``dir`` attributes for a block in *lang* (one of parcours's languages)."""
    lang = document_lang(lang)
    return Markup('lang="{}" dir="{}"').format(HTML_LANG.get(lang, lang), "rtl" if is_rtl(lang) else "ltr")


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(PAGES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.globals.update(lang_attrs=lang_attrs, css=CSS)
    return env


def render(template: str, **values) -> str:
    """A page of ``pages/`` with *values* escaped wherever they are written."""
    return _env().get_template(template).render(**values)


def page(body: str, lang: str = "fr", title: str = "") -> str:
    """A whole page around *body*, which must be markup rendered by :func:`render` (already escaped)."""
    return render("page.html", body=Markup(body), lang=lang, title=title)


def _fetcher():
    from weasyprint.urls import URLFetcher

    class SafeFetcher(URLFetcher):
        """Serves only files under FETCH_ROOTS; every other URL (file elsewhere, http(s), data, ftp) is refused."""

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
                raise ValueError("refused: parcours documents load only their own files")
            path = Path(unquote(parts.path)).resolve()
            if not any(path.is_relative_to(root) for root in FETCH_ROOTS) or not path.is_file():
                raise ValueError("refused: parcours documents load only their own files")
            return super().fetch(path.as_uri(), headers)

    return SafeFetcher(timeout=2, allowed_protocols=("file",), allow_redirects=False)


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango takes a moment

    return HTML(string=html, url_fetcher=_fetcher()).write_pdf()


def font_file(lang: str) -> str:
    return FONT_FILES[SCRIPT.get(lang, "latin")]
