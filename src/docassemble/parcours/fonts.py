"""Web fonts for the scripts the page's own font does not draw (Arabic, Ethiopic: the `scripts` of
translations/languages.yaml, the language registry), served by the app itself
from data/static/fonts/ (no CDN). They are subsets of Debian's fonts-noto-core, limited to their
script's Unicode blocks, and declared in parcours.css with the same `unicode-range`: a page in a
Latin language never downloads them. Rebuild with `python -m docassemble.parcours.fonts` (needs
fontTools and brotli, both in the venv); tests/i18n checks every translated string against them.
This module does not import docassemble."""

from __future__ import annotations

import sys
from pathlib import Path

from parcours import languages

NOTO = Path("/usr/share/fonts/truetype/noto")
STATIC = Path(__file__).resolve().parent / "data" / "static" / "fonts"
# family -> (source files by weight, Unicode ranges), from the language registry
FONTS = {family: (dict(script.fonts), list(script.ranges)) for family, script in languages.served_scripts().items()}
# The font each language's text is shown in, for its own script; other characters (Latin, digits,
# punctuation) fall back to the page's Latin font, checked against LATIN_REFERENCE.
LATIN_REFERENCE = NOTO / "NotoSans-Regular.ttf"


def unicode_range(script: str) -> str:
    return ", ".join(f"U+{a:04X}-{b:04X}" for a, b in FONTS[script][1])


def in_script(char: str, script: str) -> bool:
    return any(a <= ord(char) <= b for a, b in FONTS[script][1])


def output(script: str, weight: int) -> Path:
    return STATIC / f"parcours-{script}-{weight}.woff2"


def build() -> list[Path]:
    from fontTools import subset

    STATIC.mkdir(parents=True, exist_ok=True)
    written = []
    for script, (files, ranges) in FONTS.items():
        for weight, name in files.items():
            options = subset.Options()
            options.flavor = "woff2"
            options.layout_features = ["*"]  # keep every shaping feature (init/medi/fina, marks...)
            options.name_IDs = ["*"]
            options.notdef_outline = True
            font = subset.load_font(str(NOTO / name), options)
            sub = subset.Subsetter(options)
            sub.populate(unicodes=[c for a, b in ranges for c in range(a, b + 1)])
            sub.subset(font)
            subset.save_font(font, str(output(script, weight)), options)
            written.append(output(script, weight))
    return written


if __name__ == "__main__":  # pragma: no cover
    for path in build():
        print(f"{path} {path.stat().st_size // 1024} KiB", file=sys.stderr)
