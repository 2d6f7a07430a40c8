"""Paging through a case log over the API: every case once, newest first, only the cases the
viewer may see, and a page costs the same queries however long the log is."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from seldinger.accounts.models import Role
from seldinger.caselog.models import CaseEntry

pytestmark = pytest.mark.django_db

CASES = "/api/caselog/cases"
QUEUE = "/api/caselog/verification-queue"


def add_cases(trainee, count, *, supervisor=None, verified_by=None, first_day=dt.date(2026, 1, 1)):
    """``count`` cases, four a day (so that dates tie), the last day first in the log."""
    cases = CaseEntry.objects.bulk_create(
        CaseEntry(
            trainee=trainee,
            performed_on=first_day + dt.timedelta(days=number // 4),
            procedure_key="picc",
            category_key="venous-access",
            role="primary",
            supervisor=supervisor,
            modality="fluoroscopy",
            fluoro_minutes="2.50",
            status="verified" if verified_by else "pending",
            verified_by=verified_by,
            verified_at=timezone.now() if verified_by else None,
            fingerprint=f"{trainee.username}-{first_day}-{number}",
        )
        for number in range(count)
    )
    return [case.pk for case in cases]


def walk(client, url, limit, **query):
    """Every page of a list, in order: (counts seen, items)."""
    counts, items, offset = set(), [], 0
    while True:
        response = client.get(url, {"limit": limit, "offset": offset, **query})
        assert response.status_code == 200, response.content
        page = response.json()
        counts.add(page["count"])
        if not page["items"]:
            return counts, items
        assert len(page["items"]) <= limit
        items += page["items"]
        offset += limit


def test_paging_through_a_log_gives_each_case_once_newest_first(client, resident, faculty):
    add_cases(resident, 23, supervisor=faculty)
    client.force_login(resident)
    counts, items = walk(client, CASES, 5)
    newest_first = CaseEntry.objects.filter(trainee=resident).order_by("-performed_on", "-id")
    assert counts == {23}
    assert [item["id"] for item in items] == list(newest_first.values_list("id", flat=True))


def test_the_default_page_is_the_fifty_newest_cases(client, resident):
    add_cases(resident, 60)
    client.force_login(resident)
    page = client.get(CASES).json()
    assert page["count"] == 60 and len(page["items"]) == 50
    assert page["items"][0]["date"] == "2026-01-15" and page["items"][-1]["date"] == "2026-01-03"


def test_a_page_holds_only_the_viewers_cases(client, resident, other_resident, faculty, director):
    own = add_cases(resident, 12, supervisor=faculty)
    add_cases(other_resident, 9)
    client.force_login(resident)
    counts, items = walk(client, CASES, 5)
    assert counts == {12}
    assert sorted(item["id"] for item in items) == own
    assert {item["trainee"] for item in items} == {"resident"}

    client.force_login(director)
    counts, items = walk(client, CASES, 5, trainee="resident")
    assert counts == {12} and sorted(item["id"] for item in items) == own
    assert client.get(CASES, {"trainee": "other_resident", "limit": 5}).status_code == 404


def test_the_queue_pages_only_the_cases_naming_the_faculty(client, resident, faculty, make_user):
    colleague = make_user("colleague", Role.FACULTY)
    mine = add_cases(resident, 7, supervisor=faculty)
    add_cases(resident, 5, supervisor=colleague, first_day=dt.date(2026, 2, 1))
    client.force_login(faculty)
    counts, items = walk(client, QUEUE, 3)
    assert counts == {7}
    assert [item["id"] for item in items] == mine  # oldest first, then in the order logged


def test_a_listed_case_reads_as_the_case_itself(client, resident, faculty):
    [case_id] = add_cases(resident, 1, supervisor=faculty, verified_by=faculty)
    client.force_login(resident)
    [listed] = client.get(CASES).json()["items"]
    assert listed == client.get(f"{CASES}/{case_id}").json()
    assert listed["supervisor"] == "faculty" and listed["verified_by"] == "faculty"
    assert listed["fluoro_minutes"] == 2.5 and listed["dap_gycm2"] is None
    assert listed["procedure_name"].startswith("PICC")


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.json()["items"]) == 50
    return len(queries)


@pytest.mark.parametrize("size", [60, 300])
def test_a_page_of_fifty_costs_five_queries_however_long_the_log(client, resident, faculty, size):
    """The session, the user, whether the user has a second factor (a session that has not
    passed one asks), the page (usernames joined in) and the count; half the cases
    verified (they name who verified them), half waiting in the faculty's queue."""
    add_cases(resident, size, supervisor=faculty, verified_by=faculty)
    add_cases(resident, size, supervisor=faculty, first_day=dt.date(2026, 3, 1))
    client.force_login(resident)
    assert queries_for(client, CASES) == 5
    client.force_login(faculty)
    assert queries_for(client, QUEUE) == 5
