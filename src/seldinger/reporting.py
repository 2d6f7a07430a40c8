"""A director's report as a file: its period, its tables, and the same figures as CSV, XLSX
or PDF (pure: no Django).

- **The period** is two days, inclusive; by default the academic year (July 1 to June 30)
  holding today. ``period_from`` reads the ``from`` and ``to`` of a query and refuses a
  date it cannot read, one outside 1950-2100 or a ``from`` after the ``to``, naming the
  field.
- **The document** is a title, a period and one or more tables. The CSV file holds the
  first table (a CSV file is one table); the workbook has a sheet per table under a title
  line; the PDF has them all, one after another. CSV and XLSX are written by
  ``seldinger.tabular`` (formula quoting), the PDF by fpdf2, as the procedure log is.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from seldinger.errors import Invalid
from seldinger.tabular import Cell, Sheet, csv_bytes, xlsx_bytes

FORMATS = ("csv", "xlsx", "pdf")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
#: The dates a period may reach (as the API's dates).
EARLIEST, LATEST = dt.date(1950, 1, 1), dt.date(2100, 12, 31)


# -- the period --------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included."""

    start: dt.date
    end: dt.date

    @property
    def is_academic_year(self) -> bool:
        return (self.start.month, self.start.day, self.end.month, self.end.day) == (
            7,
            1,
            6,
            30,
        ) and self.end.year == self.start.year + 1

    @property
    def label(self) -> str:
        span = f"{_day(self.start)} to {_day(self.end)}"
        if self.is_academic_year:
            return f"academic year {self.start.year}-{self.end.year % 100:02d} ({span})"
        return span

    @property
    def query(self) -> dict[str, str]:
        """The period as the ``from`` and ``to`` of an address."""
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}

    @property
    def slug(self) -> str:
        """The period in a file name."""
        return f"{self.start.isoformat()}-to-{self.end.isoformat()}"

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def _day(day: dt.date) -> str:
    return f"{day:%b} {day.day}, {day.year}"


def academic_year(day: dt.date) -> Period:
    """The academic year (July 1 to June 30) holding ``day``."""
    first = day.year if day.month >= 7 else day.year - 1
    return Period(dt.date(first, 7, 1), dt.date(first + 1, 6, 30))


def _date(text: str, name: str) -> dt.date | None:
    text = text.strip()
    if not text:
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise Invalid(
            f"The period's {name!r} date {text!r} is not a date: write it as YYYY-MM-DD.",
            field=name,
        ) from None
    if not EARLIEST <= day <= LATEST:
        raise Invalid(
            f"The period's {name!r} date {text} is outside {EARLIEST.year}-{LATEST.year}.",
            field=name,
        )
    return day


def period_from(start: str | None, end: str | None, *, today: dt.date) -> Period:
    """The period a query asks for: both dates given, or the academic year of the one
    given (of ``today`` when neither is); ``Invalid`` naming the field otherwise."""
    first, last = _date(start or "", "from"), _date(end or "", "to")
    if first is None and last is None:
        return academic_year(today)
    if first is None:
        assert last is not None
        first = academic_year(last).start
    if last is None:
        last = academic_year(first).end
    if first > last:
        raise Invalid(
            f"The period starts ({first.isoformat()}) after it ends ({last.isoformat()}).",
            field="from",
        )
    return Period(first, last)


# -- the document ------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    #: Relative column widths in the PDF (the header's length; equal when empty).
    widths: Sequence[float] = ()


@dataclass(frozen=True)
class Report:
    title: str
    period: Period
    #: Lines under the title: whose records, what the figures mean.
    lines: Sequence[str]
    tables: Sequence[Table]
    notes: Sequence[str] = field(default_factory=tuple)

    @property
    def size(self) -> int:
        return sum(len(table.rows) for table in self.tables)


def as_csv(report: Report) -> bytes:
    table = report.tables[0]
    return csv_bytes(table.header, table.rows)


def as_xlsx(report: Report) -> bytes:
    preamble = [
        [report.title],
        [f"Period: {report.period.label}"],
        *([line] for line in report.lines),
    ]
    return xlsx_bytes(
        Sheet(table.title[:31], table.header, table.rows, preamble=[*preamble, []])
        for table in report.tables
    )


def pdf_text(text: str) -> str:
    """Text the PDF core fonts can show: accents dropped where needed, else '?'."""
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        characters = []
        for character in text:
            try:
                character.encode("latin-1")
            except UnicodeEncodeError:
                base = unicodedata.normalize("NFKD", character).encode("latin-1", "ignore")
                characters.append(base.decode("latin-1") or "?")
            else:
                characters.append(character)
        return "".join(characters)
    return text


def _cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return pdf_text(str(value))


def as_pdf(report: Report, *, generated: dt.date, compress: bool = True) -> bytes:
    """The report on landscape letter pages, each table with its heading repeated."""
    from fpdf import FPDF  # imported here: CSV and XLSX files never pay for it
    from fpdf.fonts import FontFace

    title = pdf_text(report.title)

    class Document(FPDF):
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("Helvetica", size=8)
            self.set_text_color(90)
            self.cell(0, 6, title, align="L")
            self.set_x(self.l_margin)
            self.cell(0, 6, f"Page {self.page_no()} of {{nb}}", align="R")

    pdf = Document(orientation="landscape", format="letter")
    pdf.set_compression(compress)
    pdf.set_title(title)
    pdf.set_author("Seldinger")
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    for line in (
        f"Period: {report.period.label}",
        *report.lines,
        f"Generated {generated.isoformat()} by Seldinger",
    ):
        pdf.multi_cell(0, 5, pdf_text(line), new_x="LMARGIN", new_y="NEXT")
    heading = FontFace(emphasis="BOLD", fill_color=(225, 230, 238))
    for table in report.tables:
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 12)
        pdf.cell(0, 8, pdf_text(table.title), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=8)
        if not table.rows:
            pdf.cell(0, 6, "Nothing in this period.", new_x="LMARGIN", new_y="NEXT")
            continue
        widths = tuple(table.widths) or tuple(1.0 for _ in table.header)
        with pdf.table(
            col_widths=widths,
            text_align="LEFT",
            headings_style=heading,
            line_height=4.5,
            repeat_headings=1,
        ) as rows:
            rows.row([pdf_text(name) for name in table.header])
            for row in table.rows:
                rows.row([_cell(value) for value in row])
    if report.notes:
        pdf.ln(4)
        pdf.set_font("Helvetica", size=8)
        for note in report.notes:
            pdf.multi_cell(0, 4.5, pdf_text(note), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def write(report: Report, fmt: str, *, generated: dt.date) -> bytes:
    """The report as ``fmt`` (one of ``FORMATS``)."""
    if fmt == "csv":
        return as_csv(report)
    if fmt == "xlsx":
        return as_xlsx(report)
    if fmt == "pdf":
        return as_pdf(report, generated=generated)
    raise ValueError(f"format must be one of {', '.join(FORMATS)}")
