"""Who may have which report: a program's director and coordinator, all four, about their own
residents only; an administrator the case totals (milestones and work hours they see only in
the Django admin); residents, faculty and people of no program none; visitors log in first."""

import csv
import io

import pytest
from reports_support import YEAR

pytestmark = pytest.mark.django_db

REPORTS = ("case-totals", "work-hours", "milestones", "scholarly-activity")


def _usernames(response) -> set[str]:
    assert response.status_code == 200
    rows = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    return {row.get("Username") or row["Resident"] for row in rows}


@pytest.mark.parametrize("report", REPORTS)
def test_a_visitor_is_sent_to_log_in(client, records, report):
    response = client.get(f"/reports/{report}.csv", YEAR)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/reports/")


@pytest.mark.parametrize("report", REPORTS)
@pytest.mark.parametrize("persona", ["resident", "faculty", "outsider", "student"])
def test_residents_faculty_and_people_of_no_program_are_refused(
    client, request, records, faculty, outsider, student, persona, report
):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(f"/reports/{report}.pdf", YEAR)
    assert response.status_code == 403
    assert "for the directors and coordinators of a program" in response.content.decode()


@pytest.mark.parametrize("report", REPORTS)
@pytest.mark.parametrize("persona", ["director", "coordinator"])
def test_the_programs_director_and_coordinator_see_only_their_residents(
    client, request, records, coordinator, persona, report
):
    client.force_login(request.getfixturevalue(persona))
    assert _usernames(client.get(f"/reports/{report}.csv", YEAR)) == {"resident"}


@pytest.mark.parametrize("report", REPORTS)
def test_another_programs_director_sees_only_their_own_residents(
    client, records, other_director, report
):
    client.force_login(other_director)
    assert _usernames(client.get(f"/reports/{report}.csv", YEAR)) == {"other_resident"}


def test_an_administrator_has_the_case_totals_of_every_program_and_nothing_more(
    client, records, admin_user
):
    client.force_login(admin_user)
    assert _usernames(client.get("/reports/case-totals.csv", YEAR)) == {
        "resident",
        "other_resident",
    }
    for report in ("work-hours", "milestones", "scholarly-activity"):
        assert client.get(f"/reports/{report}.csv", YEAR).status_code == 403


def test_the_cohort_page_offers_each_persona_only_the_reports_they_may_have(
    client, records, director, admin_user
):
    client.force_login(director)
    page = client.get("/cases/cohort/", YEAR).content.decode()
    for report in REPORTS:
        for fmt in ("csv", "xlsx", "pdf"):
            assert f'href="/reports/{report}.{fmt}?from=2024-07-01&amp;to=2025-06-30"' in page
    assert 'href="/cases/export.pdf?trainee=resident&amp;from=2024-07-01&amp;to=2025-06-30"' in page

    client.force_login(admin_user)
    page = client.get("/cases/cohort/", YEAR).content.decode()
    assert 'href="/reports/case-totals.pdf?' in page
    assert "/reports/work-hours." not in page and "/reports/milestones." not in page
    assert 'href="/cases/export.pdf?trainee=other_resident&amp;' in page


def test_the_procedure_log_link_of_a_row_gives_that_residents_log_of_the_period(
    client, records, director
):
    client.force_login(director)
    response = client.get(
        "/cases/export.pdf", {"trainee": "resident", "from": "2024-07-01", "to": "2025-06-30"}
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    client.force_login(director)
    assert client.get("/cases/export.pdf", {"trainee": "other_resident"}).status_code == 404


def test_a_bad_period_on_the_cohort_page_says_what_is_wrong_and_shows_the_academic_year(
    client, records, director
):
    client.force_login(director)
    response = client.get("/cases/cohort/", {"from": "yesterday"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "The period&#x27;s &#x27;from&#x27; date &#x27;yesterday&#x27; is not a date" in page
    assert "academic year 2025-26 (Jul 1, 2025 to Jun 30, 2026)" in page
