"""The annual-update export: own program only, one academic year, CSV and XLSX."""

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from seldinger.scholarship.export import AcademicYear
from seldinger.scholarship.services import add_activity

pytestmark = pytest.mark.django_db

URL = "/scholarship/export/"


@pytest.fixture
def records(resident, other_resident, publication, other_publication):
    add_activity(
        owner=resident,
        kind="presentations",
        values=dict(
            title="=cmd()",
            meeting="other",
            meeting_other="Demo Society",
            date=dt.date(2025, 12, 1),
        ),
    )
    add_activity(
        owner=resident,
        kind="research",
        values=dict(
            title="Dose study",
            role="PI",
            start_date=dt.date(2024, 1, 1),
            irb_approved=True,
        ),
    )
    add_activity(
        owner=resident,
        kind="qi",
        values=dict(
            title="Old QI",
            aim="Done long ago",
            start_date=dt.date(2022, 1, 1),
            end_date=dt.date(2022, 6, 1),
            status="completed",
        ),
    )
    add_activity(
        owner=resident,
        kind="publications",
        values=dict(
            title="Year-only paper",
            journal="JVIR",
            year=2026,
            authors="R",
        ),
    )
    add_activity(
        owner=resident,
        kind="conferences",
        values=dict(
            title="SIR 2026",
            start_date=dt.date(2026, 3, 28),
            end_date=dt.date(2026, 4, 2),
        ),
    )


def _csv(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_academic_year():
    year = AcademicYear.containing(dt.date(2026, 3, 1))
    assert (year.start, year.end, year.label) == (dt.date(2025, 7, 1), dt.date(2026, 6, 30),
                                                 "2025-26")  # fmt: skip
    assert AcademicYear.containing(dt.date(2025, 7, 1)).start_year == 2025


def test_director_exports_csv_of_their_program(client, director, program, records):
    client.force_login(director)
    response = client.get(URL, {"program": program.pk, "year": 2025, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv(response)
    assert rows[0] == ["Resident", "Type", "Title", "Venue", "Date/year", "Status", "Details"]
    titles = sorted(row[2] for row in rows[1:])
    assert titles == ["'=cmd()", "Dose study", "Port outcomes", "SIR 2026", "Year-only paper"]
    assert "Other program's paper" not in response.content.decode()
    presentation = next(row for row in rows if row[1] == "Presentation")
    assert presentation[3] == "Demo Society"
    research = next(row for row in rows if row[1] == "Research project")
    assert "IRB approved" in research[6]


def test_summary_csv_and_xlsx(client, director, program, records, make_user):
    from seldinger.accounts.membership import ProgramMembership
    from seldinger.accounts.models import Role

    make_user("quiet", Role.RESIDENT, program=program, kind=ProgramMembership.Kind.TRAINEE)
    client.force_login(director)
    summary = _csv(client.get(URL, {"program": program.pk, "year": 2025, "format": "summary-csv"}))
    assert summary[0][0] == "Resident" and summary[0][-1] == "Total"
    by_name = {row[0]: row[1:] for row in summary[1:]}
    assert by_name["resident"] == ["2", "1", "1", "0", "1", "5"]
    assert by_name["quiet"] == ["0", "0", "0", "0", "0", "0"]
    response = client.get(URL, {"program": program.pk, "year": 2025, "format": "xlsx"})
    assert response.status_code == 200 and "xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Scholarly activity", "Summary"]
    sheet = list(workbook["Scholarly activity"].values)
    assert sheet[1][0] == "Resident" and len(sheet) == 2 + 5
    assert any(row[2] == "=cmd()" for row in sheet[2:])  # stored as text, not a formula
    assert list(workbook["Summary"].values)[2:] == [
        ("quiet", 0, 0, 0, 0, 0, 0),
        ("resident", 2, 1, 1, 0, 1, 5),
    ]


def test_other_director_gets_404(client, other_director, program, other_program, resident,
                                 other_resident, records):  # fmt: skip
    client.force_login(other_director)
    assert client.get(URL, {"program": program.pk, "year": 2025}).status_code == 404
    response = client.get(URL, {"program": other_program.pk, "year": 2025, "resident": resident.pk})
    assert response.status_code == 404
    # A year-only 2025 paper counts in 2024-25 (the academic year ending in 2025).
    own = client.get(URL, {"program": other_program.pk, "year": 2024, "format": "csv"})
    assert own.status_code == 200
    text = own.content.decode()
    assert "Other program's paper" in text and "Port outcomes" not in text


def test_single_resident_export(client, director, program, resident, records):
    client.force_login(director)
    response = client.get(URL, {"program": program.pk, "year": 2025, "resident": resident.pk})
    assert response.status_code == 200 and len(_csv(response)) == 6


def test_residents_faculty_and_mentors_cannot_export(
    client, resident, faculty, mentorship, program
):
    for user in (resident, faculty):
        client.force_login(user)
        assert client.get(URL).status_code == 404
        assert client.get(URL, {"program": program.pk, "year": 2025}).status_code == 404
