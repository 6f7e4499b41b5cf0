"""The observatory's public report: counts per month, by place, act and authority.

Only testimonies whose consent allows anonymised publication are counted. Every figure keeps the ids
of the testimonies it counts (``Cell.ids``: for the coordination's tracing, never published), so a
figure can be checked against its records. A count from 1 to k - 1 (k = 5 by default) is published
as "< k": a small count beside a place and a month points at people. Rows carry no total: with one
hidden cell in a row, a total would give it away by subtraction.

    from parcours.observatory.report import monthly_report, report_csv, report_docx
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import i18n
from . import Testimony, allowed, label, place_name

K = 5
DIMENSIONS = ("place", "act", "authority")


@dataclass
class Cell:
    ids: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.ids)

    def shown(self, k: int = K) -> str:
        return f"< {k}" if 0 < self.count < k else str(self.count)


@dataclass
class Table:
    dimension: str
    title: str
    months: list[str]
    rows: list[tuple[str, list[Cell]]]  # (label, one cell per month)


@dataclass
class Report:
    months: list[str]
    testimonies: list[Cell]  # per month
    tables: list[Table]
    k: int = K


def _keys(record: Testimony, dimension: str) -> list[tuple[str, str]]:
    if dimension == "place":
        return [(record.place, place_name(record.place))]
    if dimension == "act":
        return [(a, label("acts", a)) for a in record.acts]
    return [(a, label("authorities", a)) for a in record.authorities]


def month_label(month: str) -> str:
    from .referral import MONTHS

    year, number = month.split("-")
    return f"{MONTHS[int(number) - 1]} {year}"


def monthly_report(records: list[Testimony], k: int = K, lang: str = "fr") -> Report:
    usable = allowed(records, "export")
    months = sorted({r.date.strftime("%Y-%m") for r in usable})
    index = {m: i for i, m in enumerate(months)}
    testimonies = [Cell() for _ in months]
    tables = []
    for record in usable:
        testimonies[index[record.date.strftime("%Y-%m")]].ids.append(record.id)
    for dimension in DIMENSIONS:
        rows: dict[str, tuple[str, list[Cell]]] = {}
        for record in usable:
            i = index[record.date.strftime("%Y-%m")]
            for code, text in _keys(record, dimension):
                rows.setdefault(code, (text, [Cell() for _ in months]))[1][i].ids.append(record.id)
        ordered = sorted(rows.values(), key=lambda row: (-sum(c.count for c in row[1]), row[0]))
        tables.append(Table(dimension, i18n.ui(f"observatory.report.by_{dimension}", lang), months, ordered))
    return Report(months, testimonies, tables, k)


def _formula_safe(value) -> str:
    value = str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def report_csv(report: Report, lang: str = "fr") -> str:
    """The published figures, one block per table (small counts as '< k'); no record id."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    head = [month_label(m) for m in report.months]
    writer.writerow([_formula_safe(i18n.ui("observatory.report.testimonies", lang)), ""] + head)
    writer.writerow(["", ""] + [c.shown(report.k) for c in report.testimonies])
    for table in report.tables:
        for text, cells in table.rows:
            writer.writerow([_formula_safe(table.title), _formula_safe(text)] + [c.shown(report.k) for c in cells])
    return out.getvalue()


def trace_csv(report: Report) -> str:
    """For the coordination only: which testimonies each figure counts (table, row, month, ids)."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["tableau", "ligne", "mois", "nombre", "témoignages"])
    for m, cell in zip(report.months, report.testimonies, strict=True):
        writer.writerow(["total", "", m, cell.count, " ".join(cell.ids)])
    for table in report.tables:
        for text, cells in table.rows:
            for m, cell in zip(report.months, cells, strict=True):
                if cell.count:
                    writer.writerow([table.dimension, _formula_safe(text), m, cell.count, " ".join(cell.ids)])
    return out.getvalue()


def report_docx(report: Report, title: str) -> bytes:
    """A DOCX of the published figures (French), one table per dimension, small counts as '< k'."""
    import io

    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    document.add_paragraph(i18n.ui("observatory.report.intro", "fr", k=report.k, small=report.k - 1))

    def table(heading: str, rows: list[tuple[str, list[str]]]) -> None:
        document.add_heading(heading, level=2)
        grid = document.add_table(rows=1, cols=1 + len(report.months))
        grid.style = "Table Grid"
        grid.rows[0].cells[0].text = ""
        for i, m in enumerate(report.months, 1):
            grid.rows[0].cells[i].text = month_label(m)
        for text, values in rows:
            cells = grid.add_row().cells
            cells[0].text = text
            for i, value in enumerate(values, 1):
                cells[i].text = value

    table(
        i18n.ui("observatory.report.testimonies", "fr"),
        [(i18n.ui("observatory.report.testimonies", "fr"), [c.shown(report.k) for c in report.testimonies])],
    )
    for t in report.tables:
        table(t.title, [(text, [c.shown(report.k) for c in cells]) for text, cells in t.rows])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def bars_svg(report: Report, lang: str = "fr"):
    """Testimonies per month as an SVG bar chart (no script); a small count is drawn as '< k' with no bar."""
    from markupsafe import Markup

    width, bar_h, gap, left = 640, 22, 8, 150
    top = max([c.count for c in report.testimonies if c.count >= report.k] or [1])
    parts = []
    for n, (m, cell) in enumerate(zip(report.months, report.testimonies, strict=True)):
        y = n * (bar_h + gap)
        length = 0 if cell.count < report.k else int((width - left - 60) * cell.count / top)
        parts.append(
            Markup(
                '<text x="{}" y="{}" text-anchor="end" font-size="13">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="#1d4f91"></rect>'
                '<text x="{}" y="{}" font-size="13">{}</text>'
            ).format(
                left - 8,
                y + 16,
                month_label(m),
                left,
                y,
                length,
                bar_h,
                left + length + 6,
                y + 16,
                cell.shown(report.k),
            )
        )
    height = max(1, len(report.months)) * (bar_h + gap)
    return Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" width="100%" viewBox="0 0 {} {}"><title>{}</title>{}</svg>'
    ).format(width, height, i18n.ui("observatory.report.chart", lang), Markup("").join(parts))
