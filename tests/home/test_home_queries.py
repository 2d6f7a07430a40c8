"""A director's home asks the database a fixed number of questions, whatever the number of
residents: measured with two residents, then again with forty."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from seldinger.accounts.membership import ProgramMembership
from seldinger.accounts.models import Role

pytestmark = pytest.mark.django_db

Kind = ProgramMembership.Kind


def grow(program, make_user, faculty, add_case, add_30_hour_shift, *, first, residents):
    today = timezone.localdate()
    for number in range(first, first + residents):
        trainee = make_user(f"trainee{number}", Role.RESIDENT, program=program, kind=Kind.TRAINEE)
        ProgramMembership.objects.filter(user=trainee).update(
            start_date=today - dt.timedelta(days=500), end_date=today + dt.timedelta(days=600)
        )
        for days_ago in (3, 20, 40):
            add_case(trainee, faculty, days_ago=days_ago)
        add_30_hour_shift(trainee)


def queries_of(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/home/", "/api/me/todo"])
def test_director_home_queries_do_not_grow_with_the_cohort(
    client, url, program, director, faculty, make_user, add_case, add_30_hour_shift
):
    client.force_login(director)
    grow(program, make_user, faculty, add_case, add_30_hour_shift, first=0, residents=2)
    small = queries_of(client, url)

    grow(program, make_user, faculty, add_case, add_30_hour_shift, first=2, residents=38)
    grown = queries_of(client, url)

    assert grown == small
    assert small <= 25
    assert client.get("/api/me/todo").json()["count"] >= 3


@pytest.mark.parametrize("who", ["resident", "faculty"])
def test_resident_and_faculty_homes_take_few_queries(client, request, who, resident_with_work):
    client.force_login(request.getfixturevalue(who))

    assert queries_of(client, "/home/") <= 25
