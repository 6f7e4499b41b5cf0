"""Bar charts of the observatory's report, drawn as SVG by our own code (no plotting library).

    svg = bar_chart_svg(series, k)     # inline in the report page (no script, no style attribute)
    png = to_png(svg)                  # CairoSVG, for the DOCX

One horizontal bar per figure of a ``report.Series`` (a month, an act, an authority, a place), its
label on the left, its value printed at the end of the bar. A hidden figure (1 to k - 1) or a
masked total is never drawn as a bar: its line says "moins de k" or "masqué", as the table does.
The SVG carries a <title> and a <desc> listing every figure, for screen readers and the DOCX's
alternative text.
"""

from __future__ import annotations

from markupsafe import Markup

from .. import i18n
from .report import Series

WIDTH = 720
LEFT = 250  # the labels' column
RIGHT = 130  # room after the longest bar for its value ("masqué (…)")
ROW = 36
BAR = 22
TOP = 58
BOTTOM = 52
FONT = "DejaVu Sans, Noto Sans, Arial, sans-serif"
COLOUR = "#1d4f91"
MUTED = "#555555"


def _wrap(text: str, chars: int = 34, lines: int = 2) -> list[str]:
    words, out, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > chars:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    out.append(line)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: chars - 1].rstrip() + "…"
    return out


def value_text(cell, k: int, lang: str = "fr") -> str:
    if cell.masked:
        return i18n.ui("observatory.chart.masked", lang, k=k)
    if 0 < cell.count < k:
        return i18n.ui("observatory.chart.small", lang, k=k)
    return str(cell.count)


def description(series: Series, k: int, lang: str = "fr") -> str:
    """Every figure in words ("novembre 2026 : 7 ; octobre 2026 : moins de 5"), the chart's text alternative."""
    return " ; ".join(f"{b.label} : {value_text(b.cell, k, lang)}" for b in series.bars)


def bar_chart_svg(series: Series, k: int, lang: str = "fr", fluid: bool = False) -> Markup:
    """*fluid*: as wide as the page (a phone), else its own size (for CairoSVG)."""
    drawn = [b.cell.count for b in series.bars if not b.cell.hidden(k)]
    top = max(drawn or [1])
    room = WIDTH - LEFT - RIGHT
    height = TOP + max(1, len(series.bars)) * ROW + BOTTOM
    text = Markup('<text x="{}" y="{}" font-family="{}" font-size="{}" fill="{}"{}>{}</text>')
    parts = [
        text.format(12, 22, FONT, 16, "#111111", Markup(' font-weight="bold"'), series.title),
    ]
    for n, bar in enumerate(series.bars):
        y = TOP + n * ROW
        lines = _wrap(bar.label)
        first = y + BAR / 2 + 4 - (7 if len(lines) > 1 else 0)
        for i, line in enumerate(lines):
            parts.append(
                Markup(
                    '<text x="{}" y="{}" font-family="{}" font-size="12" fill="#111111" text-anchor="end">{}</text>'
                ).format(LEFT - 8, first + 14 * i, FONT, line)
            )
        if bar.cell.hidden(k) or not bar.cell.count:
            # Never a bar for a hidden figure: its length would give the count away.
            parts.append(
                text.format(
                    LEFT + 6,
                    y + BAR / 2 + 4,
                    FONT,
                    12,
                    MUTED,
                    Markup(' font-style="italic"'),
                    value_text(bar.cell, k, lang),
                )
            )
            continue
        length = max(2, round(room * bar.cell.count / top))
        parts.append(
            Markup('<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>').format(LEFT, y, length, BAR, COLOUR)
        )
        parts.append(
            text.format(
                LEFT + length + 6,
                y + BAR / 2 + 4,
                FONT,
                12,
                "#111111",
                Markup(' font-weight="bold"'),
                value_text(bar.cell, k, lang),
            )
        )
    axis_y = TOP + max(1, len(series.bars)) * ROW - (ROW - BAR) / 2
    parts.append(
        Markup('<line x1="{x}" y1="{t}" x2="{x}" y2="{b}" stroke="#111111" stroke-width="1"></line>').format(
            x=LEFT, t=TOP - 6, b=axis_y
        )
    )
    parts.append(
        Markup('<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="#111111" stroke-width="1"></line>').format(
            LEFT, LEFT + room, y=axis_y
        )
    )
    for value in sorted({0, top} if drawn else {0}):
        x = LEFT + round(room * value / top)
        parts.append(
            Markup(
                '<text x="{}" y="{}" font-family="{}" font-size="11" fill="{}" text-anchor="middle">{}</text>'
            ).format(x, axis_y + 15, FONT, MUTED, value)
        )
    parts.append(
        Markup(
            '<text x="{}" y="{}" font-family="{}" font-size="12" fill="#111111" text-anchor="middle">{}</text>'
        ).format(LEFT + room / 2, axis_y + 36, FONT, i18n.ui("observatory.chart.axis_count", lang))
    )
    # What the bars are, as the label column's heading (never rotated: it cannot run into the title).
    parts.append(
        Markup(
            '<text x="{}" y="{}" font-family="{}" font-size="12" fill="#111111" text-anchor="end"'
            ' font-style="italic">{}</text>'
        ).format(LEFT - 8, TOP - 12, FONT, series.axis)
    )
    return Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" {size} viewBox="0 0 {w} {h}">'
        "<title>{}</title><desc>{}</desc>"
        '<rect x="0" y="0" width="{w}" height="{h}" fill="#ffffff"></rect>{}</svg>'
    ).format(
        series.title,
        description(series, k, lang),
        Markup("").join(parts),
        w=WIDTH,
        h=height,
        size=Markup('width="100%"') if fluid else Markup(f'width="{WIDTH}" height="{height}"'),
    )


def to_png(svg: str, scale: float = 2.0) -> bytes:
    """The chart as a PNG (twice its size: sharp when printed)."""
    import cairosvg

    return cairosvg.svg2png(bytestring=str(svg).encode("utf-8"), scale=scale)
