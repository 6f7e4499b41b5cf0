"""A case's timeline drawn: the screen's SVG and the one-page A4 handout (the person's language beside French).

    svg = timeline_svg(views.timeline_view(evaluation, "ar"))        # inline, no script, mirrored in RTL
    pdf = timeline_pdf(evaluation, "ar", "fr", procedures=["fr.cnda_appeal"])

Both read parcours.views.timeline_view only (every word comes from the catalogues); every text is
escaped where it is written. Pictograms are drawn with SVG strokes (no emoji font: a kiosk without
one shows boxes), one per kind of step (parcours.timeline.KINDS) and one for "you are here".
"""

from __future__ import annotations

from markupsafe import Markup

from .. import views
from .html import document_lang, page, render

# 24 x 24 stroke drawings, one per kind of step (parcours.timeline.KINDS) and "here".
PICTOGRAMS = {
    "filing": "M6 3h8l4 4v14H6z M14 3v4h4 M9 12h6 M9 16h6",
    "decision": "M12 3a3 3 0 1 1 0 6a3 3 0 1 1 0-6z M10 9h4v4h-4z M5 13h14v4H5z M5 20h14",
    "appeal": "M12 3v17 M7 20h10 M5 6h14 M5 6l-3 7 M5 6l3 7 M2 13h6a3 3 0 0 1-6 0z M19 6l-3 7 M19 6l3 7 M16 13h6a3 3 0 0 1-6 0z",
    "hearing": "M3 5h12v8H8l-4 4v-4H3z M17 9h4v8h-1v3l-3-3h-5v-2",
    "renewal": "M20 12a8 8 0 1 1-2.3-5.7 M20 3v4h-4",
    "opens": "M6 11h12v10H6z M9 11V7a3 3 0 0 1 6 0v1 M12 15v2",
    "deadline": "M7 3h10 M7 21h10 M8 3c0 5 8 5 8 9s-8 4-8 9 M16 3c0 5-8 5-8 9s8 4 8 9",
    "event": "M4 6h16v14H4z M4 10h16 M8 3v5 M16 3v5",
    "here": "M12 21s-6-6-6-11a6 6 0 0 1 12 0c0 5-6 11-6 11z M12 8a2 2 0 1 1 0 4a2 2 0 1 1 0-4z",
}
COLOURS = {"past": "#6c757d", "here": "#0b5394", "next": "#b3261e", "later": "#1f4e79"}
WIDTH = 640
# Average glyph width in ems, to break a label into lines (SVG text does not wrap).
GLYPH = {"ethiopic": 0.95, "arabic": 0.5}


def pictogram(kind: str, colour: str = "#1f4e79", size: int = 18, x: float = 0, y: float = 0) -> Markup:
    """One pictogram as an SVG group, its top-left corner at (x, y)."""
    scale = size / 24
    return Markup(
        '<g transform="translate({x:.1f} {y:.1f}) scale({s:.3f})" fill="none" stroke="{c}" stroke-width="2"'
        ' stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="{d}"/></g>'
    ).format(x=x, y=y, s=scale, c=colour, d=PICTOGRAMS.get(kind, PICTOGRAMS["event"]))


def pictogram_svg(kind: str, colour: str = "#1f4e79", size: int = 18, dashed: bool = False) -> Markup:
    """A pictogram on its own (the handout's table), in a ring: dashed when the date is an assumption."""
    ring = Markup('<circle cx="{r}" cy="{r}" r="{rr}" fill="#fff" stroke="{c}" stroke-width="1.5"{dash}/>').format(
        r=size, rr=size - 1, c=colour, dash=Markup(' stroke-dasharray="3 2"') if dashed else ""
    )
    return Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{w}" viewBox="0 0 {w} {w}">{ring}{p}</svg>'
    ).format(w=2 * size, ring=ring, p=pictogram(kind, colour, size, size / 2, size / 2))


MAX_LINES = 4  # a text longer than this many lines ends with "…" (a label is a line or two)


def _wrap(text: str, chars: int) -> list[str]:
    """Words on lines of at most *chars* characters (a longer word is cut), at most MAX_LINES."""
    text = (text or "")[: chars * MAX_LINES + 1]
    lines, line = [], ""
    for word in (text or "").split():
        while len(word) > chars:
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:chars])
            word = word[chars:]
        if line and len(line) + 1 + len(word) > chars:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES]
        lines[-1] = lines[-1][: chars - 1] + "…"
    return lines


def _chars(lang: str, size: int, room: int) -> int:
    script = views._script(lang)
    factor = GLYPH["ethiopic"] if script == "Ethi" else GLYPH["arabic"] if script == "Arab" else 0.56
    return max(12, int(room / (size * factor)))


def timeline_svg(view: views.TimelineView) -> Markup:
    """The steps of each procedure on a vertical line, "you are here" between the past and what
    comes; the line on the left in left-to-right languages, on the right in right-to-left ones."""
    rtl = view.direction == "rtl"
    track = WIDTH - 32 if rtl else 32
    text_x = WIDTH - 64 if rtl else 64
    room = WIDTH - 64 - 16
    parts: list[Markup] = []
    y = 8

    def line(words: str, size: int, cls: str, colour: str = "#111", bold: bool = False):
        nonlocal y
        for piece in _wrap(words, _chars(view.lang, size, room)):
            y += int(size * 1.35)
            parts.append(
                Markup('<text x="{x}" y="{y}" class="{cls}" font-size="{s}" fill="{c}"{b}>{t}</text>').format(
                    x=text_x, y=y, cls=cls, s=size, c=colour, b=Markup(' font-weight="bold"') if bold else "", t=piece
                )
            )

    def dot(kind: str, top: int, colour: str, cls: str, dashed: bool = False, ring: float = 1.5):
        cy = top + 16
        parts.append(
            Markup(
                '<circle cx="{x}" cy="{cy}" r="15" fill="#fff" stroke="{c}" stroke-width="{w}" class="{cls}"{d}/>'
            ).format(x=track, cy=cy, c=colour, w=ring, cls=cls, d=Markup(' stroke-dasharray="4 3"') if dashed else "")
        )
        parts.append(pictogram(kind, colour, 18, track - 9, cy - 9))

    for proc in view.procedures:
        title = f"{proc.title} — {proc.person}" if proc.person else proc.title
        line(title, 16, "pc-tl-procedure", bold=True)
        y += 6
        start = y
        here_done = False
        for step in proc.steps + [None]:
            if not here_done and (step is None or step.position != "past"):
                here_done = True
                top = y
                parts.append(
                    Markup(
                        '<rect x="0" y="{y}" width="{w}" height="34" rx="6" fill="#e8f0fb" class="pc-tl-here"/>'
                    ).format(y=top, w=WIDTH)
                )
                dot("here", top + 1, COLOURS["here"], "pc-tl-here-dot", ring=2.5)
                y = top + 4
                line(view.here, 15, "pc-tl-here-text", COLOURS["here"], bold=True)
                y = max(y, top + 34) + 8
            if step is None:
                break
            top = y
            colour = COLOURS.get(step.position, COLOURS["later"])
            dot(
                step.kind,
                top,
                colour,
                f"pc-tl-dot pc-tl-{step.position}",
                bool(step.assumed),
                3 if step.position == "next" else 1.5,
            )
            head = f"{step.date} · {step.kind_text}"
            line(head, 14, f"pc-tl-date pc-tl-{step.position}", colour, bold=True)
            line(step.label, 14, "pc-tl-label", "#111" if step.position != "past" else "#555")
            if step.text:
                line(step.text, 12, "pc-tl-state", "#333", bold=step.position == "next")
            if step.assumed:
                line(f"{view.assumed_legend} — {step.assumed}", 12, "pc-tl-assumed", "#8a1c00")
            y = max(y, top + 34) + 10
        end = y
        parts.insert(
            0,
            Markup(
                '<line x1="{x}" y1="{a}" x2="{x}" y2="{b}" stroke="#9fb6cf" stroke-width="3" class="pc-tl-track"/>'
            ).format(x=track, a=start + 16, b=max(start + 16, end - 26)),
        )
        y += 10
    summary = " ".join(x for x in (view.here, view.next, view.starts) if x)[:600]  # a huge label stays out
    return Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" class="pc-timeline-svg" role="img" aria-labelledby="pc-tl-title"'
        ' viewBox="0 0 {w} {h}" width="100%" direction="{d}" data-direction="{d}" lang="{lang}"'
        ' font-family="Noto Sans, Noto Sans Arabic, Noto Sans Ethiopic, sans-serif">'
        '<title id="pc-tl-title">{title}</title><desc>{desc}</desc>{body}</svg>'
    ).format(
        w=WIDTH,
        h=y + 8,
        d="rtl" if rtl else "ltr",
        lang=view.lang,
        title=view.title,
        desc=summary,
        body=Markup("").join(parts),
    )


# ----------------------------------------------------------------------------- the handout


def timeline_html(
    evaluation, person_lang: str, admin_lang: str = "fr", procedures=None, case_id=None, people=None, compact: int = 0
) -> str:
    """The handout's page: the steps in date order with "you are here", each in the person's
    language beside the administration's, a pictogram per kind of step and the assumptions marked.
    *compact* (0-2) trades detail for room: 1 keeps the last two past steps and drops their
    states, 2 keeps the state words of the next step only (timeline_pdf picks it to fit a page)."""
    from .wording import isolate, local_date

    person_lang, admin_lang = document_lang(person_lang), document_lang(admin_lang)
    langs = [person_lang] if person_lang == admin_lang else [person_lang, admin_lang]
    shown = {lang: views.timeline_view(evaluation, lang, people, procedures=procedures) for lang in langs}
    first = shown[person_lang]
    rows = []
    for p_index, proc in enumerate(first.procedures):
        rows.append(
            {"kind": "procedure", "cells": [_cell(shown[lang].procedures[p_index].title, lang) for lang in langs]}
        )
        past = [i for i, step in enumerate(proc.steps) if step.position == "past"]
        hidden = set(past[:-2]) if compact else set()
        here_done = False
        for s_index, step in enumerate(proc.steps + [None]):
            if not here_done and (step is None or step.position != "past"):
                here_done = True
                rows.append(
                    {
                        "kind": "here",
                        "picto": pictogram_svg("here", COLOURS["here"], 10),
                        "date": "",
                        "cells": [_cell(shown[lang].here, lang) for lang in langs],
                    }
                )
            if step is None:
                break
            if s_index in hidden:
                continue
            words = not compact or step.position == "next" or (compact == 1 and step.position != "past")
            rows.append(
                {
                    "kind": step.position,
                    "picto": pictogram_svg(
                        step.kind, COLOURS.get(step.position, COLOURS["later"]), 10, bool(step.assumed)
                    ),
                    "date": step.date.replace("\u2068", "").replace("\u2069", ""),
                    "cells": [
                        _step_cell(shown[lang], shown[lang].procedures[p_index].steps[s_index], lang, words)
                        for lang in langs
                    ],
                }
            )
    columns = [
        {
            "lang": lang,
            "title": shown[lang].title,
            "prepared": views.T("timeline.prepared", lang, date=local_date(evaluation.as_of, lang)),
            "case_id": isolate(case_id) if case_id else "",
            "next": shown[lang].next or views.T("timeline.none", lang),
            "starts": shown[lang].starts,
            "undated_head": views.T("timeline.undated", lang),
            "undated": [u for proc in shown[lang].procedures for u in proc.undated],
            "legend_head": views.T("timeline.legend", lang),
            "assumed": shown[lang].assumed_legend,
            "kinds": list(shown[lang].kinds.values()),
        }
        for lang in langs
    ]
    body = render(
        "timeline.html",
        columns=columns,
        rows=rows,
        pictos=[pictogram_svg(kind, COLOURS["later"], 8) for kind in first.kinds],
        assumed_picto=pictogram_svg("event", COLOURS["later"], 8, dashed=True),
    )
    return page(body, admin_lang, views.T("timeline.title", admin_lang))


def _cell(text: str, lang: str) -> dict:
    return {"lang": lang, "label": text, "text": "", "assumed": ""}


def _step_cell(view, step, lang: str, words: bool = True) -> dict:
    return {
        "lang": lang,
        "label": step.label,
        "text": step.text if words else "",
        "assumed": (f"{view.assumed_legend} — {step.assumed}" if words else view.assumed_legend)
        if step.assumed
        else "",
    }


def timeline_pdf(
    evaluation, person_lang: str, admin_lang: str = "fr", procedures=None, case_id=None, people=None
) -> bytes:
    """The handout as PDF bytes, on one A4 page: the most detailed layout that fits."""
    from weasyprint import HTML

    from .html import _fetcher

    for compact in (0, 1, 2):
        html = timeline_html(evaluation, person_lang, admin_lang, procedures, case_id, people, compact)
        document = HTML(string=html, url_fetcher=_fetcher()).render()
        if len(document.pages) == 1:
            break
    return document.write_pdf()
