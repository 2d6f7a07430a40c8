"""The director's reports, opened as files: each CSV, XLSX and PDF carries the period's
figures and none from outside the period or of another program."""

import csv
import io

import pytest
from openpyxl import load_workbook
from reports_support import NEXT_YEAR, YEAR

from pdf_support import pdf_text

pytestmark = pytest.mark.django_db


def _csv(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def _sheets(response):
    assert response.status_code == 200, response.content[:300]
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    found = {}
    for sheet in book.worksheets:
        rows = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
        header_at = next(index for index, row in enumerate(rows) if row and row[0] == "Resident")
        header = rows[header_at]
        found[sheet.title] = {
            "preamble": [row[0] for row in rows[:header_at] if row and row[0]],
            "rows": [dict(zip(header, row, strict=False)) for row in rows[header_at + 1 :]],
        }
    return found


def _pdf(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    return pdf_text(response.content)


@pytest.fixture
def director_client(client, director, records):
    client.force_login(director)
    return client


def test_case_totals_count_the_periods_cases_against_each_minimum(director_client):
    rows = _csv(director_client.get("/reports/case-totals.csv", YEAR))
    assert rows == [
        {
            "Resident": "resident",
            "Username": "resident",
            "Program": "Test Integrated IR Residency",
            "Requirement": "Embolization",
            "Minimum": "40",
            "Cases in period": "5",
            "Done by 2025-06-30": "5",
            "Status": rows[0]["Status"],
        }
    ]
    assert rows[0]["Status"]  # a status is written (its wording is the progress page's)

    later = _csv(director_client.get("/reports/case-totals.csv", NEXT_YEAR))
    assert [(row["Cases in period"], row["Done by 2026-03-02"]) for row in later] == [("4", "9")]


def test_case_totals_workbook_and_pdf_break_the_cases_down_by_category_and_role(
    director_client,
):
    sheets = _sheets(director_client.get("/reports/case-totals.xlsx", YEAR))
    assert sheets["Requirements"]["preamble"][:2] == [
        "Cohort case totals",
        "Period: academic year 2024-25 (Jul 1, 2024 to Jun 30, 2025)",
    ]
    by_category = {
        row["Category"]: (row["Primary operator"], row["Assistant"], row["Total"])
        for row in sheets["Cases by category and role"]["rows"]
    }
    assert by_category == {"Embolization": (3, 0, 3), "Venous access": (0, 2, 2)}

    text = _pdf(director_client.get("/reports/case-totals.pdf", YEAR))
    assert b"(Embolization)" in text and b"(Venous access)" in text
    assert b"other_resident" not in text


def test_work_hours_count_the_periods_violations_justified_or_not(director_client):
    rows = _csv(director_client.get("/reports/work-hours.csv", YEAR))
    assert [
        (
            row["Username"],
            row["Weeks logged"],
            row["Hours"],
            row["Violations"],
            row["Justified"],
            row["Unjustified"],
            row["24 hours plus 4"],
        )
        for row in rows
    ] == [("resident", "2", "60", "2", "1", "1", "2")]

    later = _csv(director_client.get("/reports/work-hours.csv", NEXT_YEAR))
    assert [(row["Violations"], row["Unjustified"]) for row in later] == [("1", "1")]


def test_work_hours_workbook_lists_each_violation(director_client):
    sheets = _sheets(director_client.get("/reports/work-hours.xlsx", YEAR))
    listed = [(row["Rule"], row["From"], row["Justified"]) for row in sheets["Violations"]["rows"]]
    assert listed == [
        ("24 hours plus 4", "2024-10-07", "yes"),
        ("24 hours plus 4", "2024-11-04", "no"),
    ]
    text = _pdf(director_client.get("/reports/work-hours.pdf", YEAR))
    assert b"(2024-11-04)" in text and b"(2025-09-01)" not in text


def test_milestone_summary_gives_the_latest_level_in_the_period(director_client):
    rows = {
        row["Subcompetency"][:4]: row
        for row in _csv(director_client.get("/reports/milestones.csv", YEAR))
    }
    assert (rows["PC1 "]["Latest level"], rows["PC5 "]["Latest level"]) == ("3", "2.5")
    assert rows["PC1 "]["Evaluation period"] == "2024-25 Jan-Jun 2025"
    assert rows["PC1 "]["Submitted"] == "2026-03-02"

    later = {
        row["Subcompetency"][:4]: row
        for row in _csv(director_client.get("/reports/milestones.csv", NEXT_YEAR))
    }
    assert later["PC1 "]["Latest level"] == "4"
    before = _csv(
        director_client.get("/reports/milestones.csv", {"from": "2023-07-01", "to": "2024-06-30"})
    )
    assert {row["Latest level"] for row in before} == {"not evaluated"}


def test_scholarly_activity_counts_and_lists_the_periods_publications(director_client):
    summary = _csv(director_client.get("/reports/scholarly-activity.csv", YEAR))
    assert [
        (row["Resident"], row["Publication"], row["Presentation"], row["Total"]) for row in summary
    ] == [("resident", "1", "1", "2")]
    sheets = _sheets(director_client.get("/reports/scholarly-activity.xlsx", YEAR))
    titles = [row["Title"] for row in sheets["Activities"]["rows"]]
    assert sorted(titles) == ["Dose talk", "Embolization in 2024"]
    text = _pdf(director_client.get("/reports/scholarly-activity.pdf", YEAR))
    assert b"(Embolization in 2024)" in text
    assert b"Port outcomes" not in text and b"Other program" not in text


def test_a_period_is_the_academic_year_by_default_and_named_in_the_file(director_client):
    response = director_client.get("/reports/scholarly-activity.csv")
    assert response["Content-Disposition"] == (
        'attachment; filename="scholarly-activity-2025-07-01-to-2026-06-30.csv"'
    )
    assert [row["Publication"] for row in _csv(response)] == ["1"]  # Port outcomes


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            {"from": "2024-13-01"},
            "The period&#x27;s &#x27;from&#x27; date &#x27;2024-13-01&#x27; is not a date",
        ),
        (
            {"from": "2025-07-01", "to": "2025-01-01"},
            "The period starts (2025-07-01) after it ends (2025-01-01).",
        ),
        ({"to": "1900-01-01"}, "outside 1950-2100"),
    ],
)
def test_a_bad_period_is_refused_with_what_is_wrong(director_client, query, message):
    response = director_client.get("/reports/case-totals.csv", query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_an_unknown_report_or_format_is_not_found(director_client):
    assert director_client.get("/reports/rotations.csv").status_code == 404
    assert director_client.get("/reports/case-totals.docx").status_code == 404
