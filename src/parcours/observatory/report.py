"""The observatory's public report: counts per month, by place, act and authority.

Only testimonies whose consent allows anonymised publication are counted. Every figure keeps the ids
of the testimonies it counts (``Cell.ids``: for the coordination's tracing, never published), so a
figure can be checked against its records. A count from 1 to k - 1 (k = 5 by default) is published
as "< k": a small count beside a place and a month points at people. A row's total over the period
is "masked" when the months hidden in its row add up to 1 to k - 1: published, it would give them
away by subtraction. For the same reason, since the places of a month add up to the month's
testimonies, a place's small count there masks the smallest other places of that month too
(``suppress``). The charts (``series``, drawn by
``parcours.observatory.charts``) show exactly these figures: per month, and the period's totals per
act, authority and place; a hidden or masked figure is never drawn as a bar.

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
    masked: bool = False  # a total beside a hidden cell: published, it would give that cell away

    @property
    def count(self) -> int:
        return len(self.ids)

    def hidden(self, k: int = K) -> bool:
        return self.masked or 0 < self.count < k

    def shown(self, k: int = K, lang: str = "fr") -> str:
        if self.masked:
            return i18n.ui("observatory.report.masked", lang)
        return f"< {k}" if 0 < self.count < k else str(self.count)


def total(cells: list[Cell], k: int = K) -> Cell:
    """The period's total of a row: its ids, masked when the row's hidden months add up to 1 to
    k - 1 (total minus the months shown would give them away); when they add up to k or more, the
    difference is itself a figure of k or more, spread over months, and the total is published."""
    ids = [i for c in cells for i in c.ids]
    hidden = sum(c.count for c in cells if c.hidden(k))
    return Cell(ids, masked=len(ids) >= k and 0 < hidden < k)


def suppress(parts: list[Cell], whole: Cell, k: int = K) -> None:
    """*parts* add up to *whole* (a testimony has one place): when *whole* is published and the hidden
    parts add up to 1 to k - 1, whole minus the parts shown would give them away, so the smallest
    parts shown are masked too until the hidden ones add up to k or more (secondary suppression)."""
    if whole.hidden(k):
        return
    while 0 < sum(c.count for c in parts if c.hidden(k)) < k:
        shown = [c for c in parts if c.count and not c.hidden(k)]
        if not shown:
            return
        min(shown, key=lambda c: c.count).masked = True


@dataclass
class Table:
    dimension: str
    title: str
    months: list[str]
    rows: list[tuple[str, list[Cell]]]  # (label, one cell per month)
    totals: list[Cell] = field(default_factory=list)  # one per row, over the period


@dataclass
class Report:
    months: list[str]
    testimonies: list[Cell]  # per month
    tables: list[Table]
    k: int = K

    @property
    def testimonies_total(self) -> Cell:
        return total(self.testimonies, self.k)


@dataclass
class Bar:
    label: str
    cell: Cell


@dataclass
class Series:
    """One chart: its title, what its bars are (the axis label) and one bar per figure."""

    dimension: str
    title: str
    axis: str
    bars: list[Bar]


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
        if dimension == "place":  # the places of a month add up to the month's testimonies
            for i in range(len(months)):
                suppress([cells[i] for _, cells in ordered], testimonies[i], k)
        totals = [total(cells, k) for _, cells in ordered]
        if dimension == "place":  # and the places' totals to the period's testimonies
            suppress(totals, total(testimonies, k), k)
        title = i18n.ui(f"observatory.report.by_{dimension}", lang)
        tables.append(Table(dimension, title, months, ordered, totals))
    return Report(months, testimonies, tables, k)


def series(report: Report, lang: str = "fr") -> list[Series]:
    """What the charts draw, taken from the report's own cells (never counted again): testimonies
    per month, then each table's totals over the period."""
    out = [
        Series(
            "month",
            i18n.ui("observatory.report.chart", lang),
            i18n.ui("observatory.chart.axis_month", lang),
            [Bar(month_label(m), c) for m, c in zip(report.months, report.testimonies, strict=True)],
        )
    ]
    for t in report.tables:
        out.append(
            Series(
                t.dimension,
                i18n.ui(f"observatory.chart.by_{t.dimension}", lang),
                i18n.ui(f"observatory.chart.axis_{t.dimension}", lang),
                [Bar(text, cell) for (text, _), cell in zip(t.rows, t.totals, strict=True)],
            )
        )
    return out


def _formula_safe(value) -> str:
    value = str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def report_csv(report: Report, lang: str = "fr") -> str:
    """The published figures, one block per table (small counts as '< k'); no record id."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    head = [month_label(m) for m in report.months] + [i18n.ui("observatory.report.total", lang)]
    writer.writerow([_formula_safe(i18n.ui("observatory.report.testimonies", lang)), ""] + head)
    writer.writerow(["", ""] + [c.shown(report.k, lang) for c in report.testimonies + [report.testimonies_total]])
    for table in report.tables:
        for (text, cells), whole in zip(table.rows, table.totals, strict=True):
            shown = [c.shown(report.k, lang) for c in cells + [whole]]
            writer.writerow([_formula_safe(table.title), _formula_safe(text)] + shown)
    return out.getvalue()


def trace_csv(report: Report) -> str:
    """For the coordination only: which testimonies each figure counts (table, row, month, ids);
    the period's totals on lines whose month is 'période'."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["tableau", "ligne", "mois", "nombre", "témoignages"])
    for m, cell in zip(report.months + ["période"], report.testimonies + [report.testimonies_total], strict=True):
        writer.writerow(["total", "", m, cell.count, " ".join(cell.ids)])
    for table in report.tables:
        for (text, cells), whole in zip(table.rows, table.totals, strict=True):
            for m, cell in zip(report.months + ["période"], cells + [whole], strict=True):
                if cell.count:
                    writer.writerow([table.dimension, _formula_safe(text), m, cell.count, " ".join(cell.ids)])
    return out.getvalue()


def report_docx(report: Report, title: str) -> bytes:
    """A DOCX of the published figures (French): each chart (a PNG drawn from the same figures,
    its figures in words as the image's alternative text) above its table, small counts as '< k'."""
    import io

    import docx
    from docx.shared import Cm

    from .charts import bar_chart_svg, description, to_png

    document = docx.Document()
    document.add_heading(title, level=1)
    document.add_paragraph(i18n.ui("observatory.report.intro", "fr", k=report.k, small=report.k - 1))
    document.add_paragraph(i18n.ui("observatory.report.totals_note", "fr", k=report.k))
    charts = {s.dimension: s for s in series(report, "fr")} if report.months else {}

    def chart(dimension: str) -> None:
        s = charts.get(dimension)
        if s is None:
            return
        document.add_picture(io.BytesIO(to_png(bar_chart_svg(s, report.k, "fr"))), width=Cm(16))
        # The picture's alternative text: what a screen reader says instead of the image.
        inline = document.inline_shapes[-1]._inline
        inline.docPr.set("title", s.title)
        inline.docPr.set("descr", f"{s.title}. {description(s, report.k, 'fr')}")

    def table(heading: str, rows: list[tuple[str, list[str]]]) -> None:
        grid = document.add_table(rows=1, cols=2 + len(report.months))
        grid.style = "Table Grid"
        grid.rows[0].cells[0].text = ""
        for i, m in enumerate(report.months, 1):
            grid.rows[0].cells[i].text = month_label(m)
        grid.rows[0].cells[-1].text = i18n.ui("observatory.report.total", "fr")
        for text, values in rows:
            cells = grid.add_row().cells
            cells[0].text = text
            for i, value in enumerate(values, 1):
                cells[i].text = value

    heading = i18n.ui("observatory.report.testimonies", "fr")
    document.add_heading(heading, level=2)
    chart("month")
    table(heading, [(heading, [c.shown(report.k) for c in report.testimonies + [report.testimonies_total]])])
    for t in report.tables:
        document.add_heading(t.title, level=2)
        chart(t.dimension)
        table(
            t.title,
            [
                (text, [c.shown(report.k) for c in cells + [whole]])
                for (text, cells), whole in zip(t.rows, t.totals, strict=True)
            ],
        )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
