"""Nobody reads or changes hours they may not see, through the web or the API.

A resident sees and changes only their own shifts and violations; a program's
director and coordinator see that program's residents' violations; faculty and
everyone else see none of them.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from seldinger.workhours import selectors, services
from seldinger.workhours.models import ShiftEntry, ViolationJustification

pytestmark = pytest.mark.django_db

API = "/api/workhours"
REPORT = reverse("workhours:violations")


def long_call(resident, day=dt.date(2025, 1, 6)):
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(7)))
    return services.create_shift(
        resident=resident, start=start, end=start + dt.timedelta(hours=30), kind="call"
    )


@pytest.fixture
def theirs(other_resident):
    return long_call(other_resident)


def test_a_resident_cannot_read_or_change_another_residents_shift_on_the_web(
    client, resident, theirs
):
    client.force_login(resident)
    for name in ("edit_shift", "delete_shift"):
        url = reverse(f"workhours:{name}", args=[theirs.pk])
        assert client.get(url).status_code == 404
        assert (
            client.post(
                url,
                {
                    "day": "2025-01-06",
                    "start_time": "08:00",
                    "end_time": "09:00",
                    "kind": "clinical",
                },
            ).status_code
            == 404
        )
    html = client.get(reverse("workhours:week"), {"week": "2025-01-06"}).content.decode()
    assert f'data-shift="{theirs.pk}"' not in html and 'data-rule="24+4"' not in html
    theirs.refresh_from_db()
    assert theirs.kind == "call"


def test_a_resident_cannot_read_or_change_another_residents_shift_through_the_api(
    api_login, resident, theirs
):
    client = api_login(resident)
    url = f"{API}/shifts/{theirs.pk}"
    assert client.get(url).status_code == 404
    body = {"start": "2025-01-06T08:00", "end": "2025-01-06T09:00", "kind": "clinical"}
    assert client.put(url, body, content_type="application/json").status_code == 404
    assert client.delete(url).status_code == 404
    assert client.get(f"{API}/shifts").json()["items"] == []
    assert client.get(f"{API}/violations").json()["items"] == []
    response = client.get(f"{API}/violations", {"resident": "other_resident"})
    assert response.status_code == 404
    assert ShiftEntry.objects.filter(pk=theirs.pk).exists()


def test_a_resident_cannot_justify_another_residents_violation(client, resident, other_resident):
    long_call(other_resident)
    [violation] = selectors.violations_of(other_resident)
    key = {"rule": "24+4", "start": violation.start.isoformat(), "end": violation.end.isoformat()}
    client.force_login(resident)
    assert client.post(reverse("workhours:justify"), {**key, "text": "x"}).status_code == 404
    assert not ViolationJustification.objects.exists()


def test_a_resident_cannot_justify_another_residents_violation_through_the_api(
    api_login, resident, other_resident
):
    long_call(other_resident)
    [violation] = selectors.violations_of(other_resident)
    key = {"rule": "24+4", "start": violation.start.isoformat(), "end": violation.end.isoformat()}
    client = api_login(resident)
    response = client.post(
        f"{API}/violations/justify", {**key, "text": "x"}, content_type="application/json"
    )
    assert response.status_code == 404
    assert not ViolationJustification.objects.exists()


def test_a_director_sees_only_their_programs_residents(client, resident, director, theirs):
    long_call(resident)
    client.force_login(director)
    html = client.get(REPORT).content.decode()
    assert 'data-resident="resident"' in html and "other_resident" not in html
    html = client.get(REPORT, {"resident": "other_resident"}).content.decode()
    assert "0 violations" in html and 'data-resident="other_resident"' not in html


def test_a_director_reads_only_their_programs_residents_through_the_api(
    api_login, resident, director, theirs
):
    long_call(resident)
    client = api_login(director)
    assert [v["resident"] for v in client.get(f"{API}/violations").json()["items"]] == ["resident"]
    response = client.get(f"{API}/violations", {"resident": "other_resident"})
    assert response.status_code == 404
    assert client.get(f"{API}/shifts/{theirs.pk}").status_code == 404


def test_a_coordinator_sees_the_report_too(client, resident, coordinator):
    long_call(resident)
    client.force_login(coordinator)
    assert 'data-resident="resident"' in client.get(REPORT).content.decode()


@pytest.mark.parametrize("persona", ["faculty", "outsider", "resident", "other_resident"])
def test_faculty_and_others_cannot_see_the_directors_list(client, request, persona, resident):
    long_call(resident)
    client.force_login(request.getfixturevalue(persona))
    assert client.get(REPORT).status_code == 403


def test_faculty_get_no_residents_violations_through_the_api(api_login, resident, faculty):
    long_call(resident)
    client = api_login(faculty)
    assert client.get(f"{API}/violations").json()["items"] == []
    assert client.get(f"{API}/violations", {"resident": "resident"}).status_code == 404


def test_anonymous_users_are_sent_to_log_in(client):
    for url in (reverse("workhours:week"), REPORT, reverse("workhours:my_violations")):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_only_residents_have_a_week_grid(client, director):
    client.force_login(director)
    assert client.get(reverse("workhours:week")).status_code == 403
