"""The reports' period and files (``seldinger.reporting``, pure): the academic year by
default, a half-given period completed to its academic year, refusals naming the field; the
same figures as CSV, XLSX and PDF."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from seldinger.errors import Invalid
from seldinger.reporting import Period, Report, Table, academic_year, as_pdf, period_from, write

TODAY = dt.date(2026, 3, 2)


def test_the_period_is_the_academic_year_of_today_by_default():
    period = period_from(None, "", today=TODAY)
    assert period == Period(dt.date(2025, 7, 1), dt.date(2026, 6, 30))
    assert period.label == "academic year 2025-26 (Jul 1, 2025 to Jun 30, 2026)"
    assert academic_year(dt.date(2025, 7, 1)) == period
    assert academic_year(dt.date(2025, 6, 30)).start == dt.date(2024, 7, 1)


def test_a_period_given_by_one_end_runs_to_its_academic_years_other_end():
    assert period_from("2024-09-15", None, today=TODAY) == Period(
        dt.date(2024, 9, 15), dt.date(2025, 6, 30)
    )
    only_end = period_from(None, "2025-01-31", today=TODAY)
    assert only_end == Period(dt.date(2024, 7, 1), dt.date(2025, 1, 31))
    assert only_end.label == "Jul 1, 2024 to Jan 31, 2025"
    assert only_end.query == {"from": "2024-07-01", "to": "2025-01-31"}


@pytest.mark.parametrize(
    ("start", "end", "field", "message"),
    [
        ("01/07/2024", None, "from", "The period's 'from' date '01/07/2024' is not a date"),
        (None, "2101-01-01", "to", "The period's 'to' date 2101-01-01 is outside 1950-2100."),
        ("2025-02-01", "2025-01-31", "from", "The period starts (2025-02-01) after it ends"),
    ],
)
def test_a_bad_period_is_refused_naming_the_field(start, end, field, message):
    with pytest.raises(Invalid) as refused:
        period_from(start, end, today=TODAY)
    assert refused.value.field == field
    assert message in refused.value.message


REPORT = Report(
    title="Cohort case totals",
    period=Period(dt.date(2024, 7, 1), dt.date(2025, 6, 30)),
    lines=["For Zoë Ng's program."],
    tables=[
        Table("Totals", ("Resident", "Cases"), [["Zoë Ng", 12], ["=HYPERLINK()", 3.5]]),
        Table("Second", ("Resident", "Note"), []),
    ],
)


def test_the_csv_holds_the_first_table_with_formulas_quoted():
    content = write(REPORT, "csv", generated=TODAY).decode("utf-8-sig")
    assert content.splitlines() == ["Resident,Cases", "Zoë Ng,12", "'=HYPERLINK(),3.5"]


def test_the_workbook_has_a_sheet_per_table_under_the_title_and_period():
    book = load_workbook(io.BytesIO(write(REPORT, "xlsx", generated=TODAY)))
    assert book.sheetnames == ["Totals", "Second"]
    rows = list(book["Totals"].iter_rows(values_only=True))
    assert [row[0] for row in rows[:3]] == [
        "Cohort case totals",
        "Period: academic year 2024-25 (Jul 1, 2024 to Jun 30, 2025)",
        "For Zoë Ng's program.",
    ]
    assert rows[-2:] == [("Zoë Ng", 12), ("=HYPERLINK()", 3.5)]
    assert book["Totals"].cell(row=len(rows), column=1).data_type == "s"  # text, not a formula


def test_the_pdf_shows_every_table_and_says_when_one_is_empty():
    content = as_pdf(REPORT, generated=TODAY, compress=False)
    assert content.startswith(b"%PDF")
    assert b"(For Zo\xeb Ng's program.) Tj" in content  # latin-1, as the core fonts read it
    assert b"(Zo\xeb Ng) Tj" in content
    assert b"(Nothing in this period.)" in content
    with pytest.raises(ValueError, match="format must be one of csv, xlsx, pdf"):
        write(REPORT, "docx", generated=TODAY)
