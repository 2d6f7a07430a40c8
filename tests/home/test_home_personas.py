"""Each persona's home: what needs doing, each item linking to a page that answers them,
the same list from the API, and nobody's list holds another person's items."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from seldinger.accounts.membership import ProgramMembership
from seldinger.accounts.models import Role
from seldinger.applications.models import Application
from seldinger.careers.models import JobPosting
from seldinger.credentials.models import Credential
from seldinger.milestones.models import EvaluatorAssignment

pytestmark = pytest.mark.django_db

HOME = "/home/"
TODO = "/api/me/todo"


def kinds(client):
    return {item["kind"]: item for item in client.get(TODO).json()["items"]}


def assert_links_answer(client):
    """Every item's link opens for the person whose list it is."""
    for item in client.get(TODO).json()["items"]:
        assert client.get(item["link"]).status_code == 200, item


def test_login_lands_on_home_and_the_public_page_stays_for_visitors(client, resident, password):
    visitor = client.get("/")
    assert visitor.status_code == 200
    assert "named after the Seldinger technique" in visitor.content.decode()
    assert client.get(HOME)["Location"].startswith(reverse("accounts:login"))

    response = client.post(
        reverse("accounts:login"), {"username": "resident", "password": password}, follow=True
    )

    assert response.redirect_chain[-1][0] == HOME
    html = response.content.decode()
    assert '<h2 id="todo-heading">To do' in html
    assert f'<a href="{HOME}" aria-current="page">Home</a>' in html
    # The public page offers the way back to one's home.
    assert f'href="{HOME}">Your home' in client.get("/").content.decode()


def test_resident_sees_returned_waiting_and_violations_first(client, resident_with_work):
    client.force_login(resident_with_work)

    html = client.get(HOME).content.decode()
    items = kinds(client)

    assert items["cases-returned"]["count"] == 1
    assert items["cases-returned"]["urgency"] == "now"
    assert items["cases-returned"]["link"] == "/cases/mine/?status=returned"
    assert items["cases-unverified"]["count"] == 2  # not the case of two days ago
    assert items["violations-unjustified"]["count"] == 1
    assert items["violations-unjustified"]["link"] == reverse("workhours:my_violations")
    assert items["self-assessment"]["due"]
    assert items["hours-this-week"]["urgency"] == "info"
    assert "1 case returned for correction" in html
    assert "2 cases still awaiting verification" in html
    assert "1 work-hour violation to justify" in html
    assert "Act now" in html
    assert_links_answer(client)


def test_the_waiting_cases_link_lists_exactly_those_cases(client, resident_with_work):
    client.force_login(resident_with_work)
    link = kinds(client)["cases-unverified"]["link"]

    page = client.get(link)

    assert page.status_code == 200
    assert page.context["page"].paginator.count == 2


def test_resident_progress_figure_with_a_sparkline(client, resident, faculty, add_case):
    ProgramMembership.objects.filter(user=resident).update(
        esir=True, start_date=timezone.localdate() - dt.timedelta(days=400)
    )
    for days_ago in (5, 40, 41, 70):
        add_case(resident, faculty, days_ago=days_ago, key="p")
    client.force_login(resident)

    progress = kinds(client)["progress"]
    html = client.get(HOME).content.decode()

    assert progress["title"].endswith("4 of 500")
    assert progress["figure"] == "0%"
    assert len(progress["series"]) == 12 and sum(progress["series"]) == 4
    assert '<svg class="sparkline"' in html and "<polyline points=" in html


def test_faculty_sees_the_queue_oldest_first_and_evaluations_due(
    client, faculty, resident, program, add_case
):
    add_case(resident, faculty, days_ago=3)
    add_case(resident, faculty, days_ago=25)
    EvaluatorAssignment.objects.create(program=program, evaluator=faculty, resident=resident)
    client.force_login(faculty)

    items = kinds(client)

    queue = items["cases-to-verify"]
    assert queue["count"] == 2
    assert queue["urgency"] == "now"  # the oldest waited longer than 14 days
    assert queue["link"] == reverse("caselog:verification_queue")
    assert items["evaluations-due"]["count"] == 1
    assert "resident" in items["evaluations-due"]["detail"]
    assert_links_answer(client)


def test_director_sees_the_programs_late_cases_violations_and_evaluations(
    client, director, coordinator, faculty, resident, other_resident, add_case, add_30_hour_shift
):
    add_case(resident, faculty, days_ago=30)
    add_case(resident, faculty, days_ago=40)
    add_case(other_resident, None, days_ago=40)  # another program's: not theirs
    add_30_hour_shift(resident)
    add_30_hour_shift(other_resident)

    for leader in (director, coordinator):
        client.force_login(leader)
        items = kinds(client)
        late = items["cases-unverified-by-faculty"]
        assert late["count"] == 2
        assert "faculty 2" in late["detail"]
        assert items["violations-unjustified-program"]["count"] == 1
        assert items["committee-evaluations-missing"]["count"] == 1
        assert_links_answer(client)


def test_student_sees_interviews_rank_list_and_plan(client, student, program, today):
    Application.objects.create(
        applicant=student,
        program=program,
        status=Application.Status.INTERVIEW_INVITED,
        interview_date=today + dt.timedelta(days=3),
    )
    client.force_login(student)

    items = kinds(client)

    assert items["interviews"]["count"] == 1
    assert items["interviews"]["urgency"] == "soon"
    assert program.name in items["interviews"]["detail"]
    assert items["rank-list"]["link"] == reverse("applications:rank_list")
    assert items["plan"]["link"] == reverse("pathways:planner")
    assert_links_answer(client)


def test_diplomate_sees_an_expiring_licence(client, outsider):
    Credential.objects.create(
        owner=outsider,
        kind=Credential.Kind.STATE_LICENCE,
        state="MN",
        expires_on=timezone.localdate() + dt.timedelta(days=20),
    )
    client.force_login(outsider)

    licence = kinds(client)["licence"]

    assert "expires in 20 days" in licence["title"]
    assert licence["urgency"] == "soon"
    assert_links_answer(client)


def test_employer_sees_postings_past_their_start(client, make_user):
    employer = make_user("emma", Role.EMPLOYER)
    client.force_login(employer)
    assert list(kinds(client)) == ["no-postings"]
    JobPosting.objects.create(
        employer=employer,
        title="IR attending",
        organisation="Lakeside",
        setting=JobPosting.Setting.ACADEMIC,
        city="Duluth",
        state="MN",
        description="Join us.",
        contact="jobs@example.org",
        start_date=timezone.localdate() - dt.timedelta(days=1),
    )

    items = kinds(client)

    assert items["postings-started"]["urgency"] == "now"
    assert items["postings"]["count"] == 1
    assert_links_answer(client)


def test_nobody_sees_another_persons_items(
    api_login, resident_with_work, other_resident, faculty, outsider, student
):
    """Another resident, a diplomate, a student: none of the resident's cases or violations."""
    for other in (other_resident, outsider, student):
        client = api_login(other)
        items = client.get(TODO).json()["items"]
        assert not {item["kind"] for item in items} & {
            "cases-returned",
            "cases-unverified",
            "violations-unjustified",
        }, other
    # Faculty see the cases naming them, as their own queue, not the resident's list.
    items = {item["kind"] for item in api_login(faculty).get(TODO).json()["items"]}
    assert "cases-returned" not in items and "cases-to-verify" in items


def test_the_api_pages_like_every_list_and_needs_a_login(client, api_login, resident_with_work):
    assert client.get(TODO).status_code == 401
    logged_in = api_login(resident_with_work)

    whole = logged_in.get(TODO).json()
    first = logged_in.get(f"{TODO}?limit=2&offset=0").json()

    assert first["count"] == whole["count"] >= 4
    assert first["items"] == whole["items"][:2]
    assert logged_in.get(f"{TODO}?limit=0").status_code == 422
    assert [item["urgency"] for item in whole["items"]][:2] == ["now", "now"]


def test_with_nothing_to_do_the_home_says_so(client, admin_user):
    client.force_login(admin_user)

    html = client.get(HOME).content.decode()

    assert "Nothing needs doing now." in html
    assert client.get(TODO).json() == {"count": 0, "items": []}
