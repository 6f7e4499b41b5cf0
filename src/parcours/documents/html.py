"""HTML -> PDF with WeasyPrint (Pango + HarfBuzz: Arabic joins and runs right to left, Ethiopic shapes).

Fonts are chosen per language through ``lang`` attributes and CSS font stacks; the font
files below are the ones the glyph-coverage test checks every translated string against.
"""
from __future__ import annotations

import html as _html

from .wording import is_rtl

NOTO = "/usr/share/fonts/truetype/noto/"
FONT_FILES = {
    "latin": NOTO + "NotoSans-Regular.ttf",
    "arabic": NOTO + "NotoNaskhArabic-Regular.ttf",
    "ethiopic": NOTO + "NotoSansEthiopic-Regular.ttf",
}
SCRIPT = {"ar": "arabic", "prs": "arabic", "ps": "arabic", "fa": "arabic", "ti": "ethiopic", "am": "ethiopic"}
HTML_LANG = {"prs": "fa-AF"}   # the tag Pango/HarfBuzz know for Dari (Persian as written in Afghanistan)

CSS = """
@page { size: A4; margin: 14mm 14mm 16mm 14mm;
        @bottom-center { content: counter(page) " / " counter(pages); font: 8pt "Noto Sans"; color: #555; } }
body { font-family: "Noto Sans", "Noto Naskh Arabic", "Noto Sans Ethiopic", sans-serif; font-size: 10pt; color: #111; }
:lang(ar), :lang(fa), :lang(fa-AF), :lang(ps) { font-family: "Noto Naskh Arabic", "Noto Sans", sans-serif; font-size: 11pt; }
:lang(ti), :lang(am) { font-family: "Noto Sans Ethiopic", "Abyssinica SIL", "Noto Sans", sans-serif; }
h1 { font-size: 15pt; margin: 0 0 4pt 0; } h2 { font-size: 12pt; margin: 10pt 0 4pt 0; }
table { width: 100%; border-collapse: collapse; } td, th { border: 0.6pt solid #888; padding: 4pt 5pt; vertical-align: top; }
th { background: #eee; text-align: start; } tr { break-inside: avoid; } ul { margin: 2pt 0; }
.box { display: inline-block; width: 10pt; height: 10pt; border: 1.2pt solid #000; }
.note { font-size: 8.5pt; color: #333; } .muted { color: #666; font-size: 8.5pt; } .warn { color: #8a1c00; }
.tick { width: 18pt; text-align: center; } .pair td { width: 50%; }
"""


def esc(text) -> str:
    return _html.escape("" if text is None else str(text))


def lang_attrs(lang: str) -> str:
    """``lang`` and ``dir`` attributes for a block in *lang*."""
    return f'lang="{HTML_LANG.get(lang, lang)}" dir="{"rtl" if is_rtl(lang) else "ltr"}"'


def page(body: str, lang: str = "fr", title: str = "") -> str:
    return (f'<!DOCTYPE html><html {lang_attrs(lang)}><head><meta charset="utf-8"><title>{esc(title)}</title>'
            f"<style>{CSS}</style></head><body>{body}</body></html>")


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML   # imported here: loading Pango takes a moment

    return HTML(string=html).write_pdf()


def font_file(lang: str) -> str:
    return FONT_FILES[SCRIPT.get(lang, "latin")]
