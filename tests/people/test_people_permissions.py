"""A program's people, its invitations and its roster are for its current director and
coordinator only: every other persona gets 404 (as for a program that does not exist), on
every page and endpoint, by session and by token; a stranger is sent to log in (web) or
answered 401 (API). Nothing changes for them."""

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from seldinger.accounts.membership import ProgramMembership
from seldinger.accounts.models import Role, User
from seldinger.accounts.selectors import Kind
from seldinger.audit.models import AuditEntry
from seldinger.people.models import Invitation

pytestmark = pytest.mark.django_db

REFUSED = (
    "resident",
    "other_resident",
    "faculty",
    "student",
    "outsider",
    "admin_user",
    "other_director",
)
LEADERS = ("director", "coordinator")
ROSTER = b"email,first_name,last_name,role\nzed@example.org,Zed,Ash,resident\n"


@pytest.fixture
def other_director(make_user, other_program) -> User:
    return make_user("other_director", Role.DIRECTOR, program=other_program, kind=Kind.DIRECTOR)


@pytest.fixture
def setting(program, resident, director, invite):
    """The program, one invitation, and every persona."""
    invitation, _ = invite()
    return program, invitation, resident


def _web_requests(program, invitation, member) -> list[tuple[str, str, dict]]:
    base = f"/accounts/programs/{program.pk}"
    return [
        ("get", f"{base}/people/", {}),
        (
            "post",
            f"{base}/people/invite/",
            {"first_name": "A", "last_name": "B", "email": "ab@example.org", "role": "faculty"},
        ),
        ("post", f"{base}/invitations/{invitation.pk}/resend/", {}),
        ("post", f"{base}/invitations/{invitation.pk}/revoke/", {}),
        ("post", f"{base}/people/roster/", {"file": SimpleUploadedFile("r.csv", ROSTER)}),
        ("post", f"{base}/people/{member.pk}/deactivate/", {}),
        ("post", f"{base}/people/{member.pk}/reactivate/", {}),
    ]


def _api_requests(program, invitation, member) -> list[tuple[str, str, dict]]:
    base = f"/api/accounts/programs/{program.pk}"
    return [
        ("get", f"{base}/people", {}),
        ("get", f"{base}/invitations", {}),
        (
            "json",
            f"{base}/invitations",
            {"first_name": "A", "last_name": "B", "email": "ab@example.org", "role": "faculty"},
        ),
        ("post", f"{base}/invitations/{invitation.pk}/resend", {}),
        ("post", f"{base}/invitations/{invitation.pk}/revoke", {}),
        (
            "post",
            f"{base}/invitations/roster",
            {"file": SimpleUploadedFile("r.csv", ROSTER), "dry_run": "false"},
        ),
        ("post", f"{base}/people/{member.pk}/deactivate", {}),
        ("post", f"{base}/people/{member.pk}/reactivate", {}),
    ]


def _send(client, method: str, address: str, data: dict):
    if method == "json":
        return client.post(address, data, content_type="application/json")
    return getattr(client, method)(address, data)


def _unchanged(invitation: Invitation, member: User) -> None:
    invitation.refresh_from_db()
    member.refresh_from_db()
    assert invitation.revoked_at is None and Invitation.objects.count() == 1
    assert member.deactivated_at is None
    assert (
        not AuditEntry.objects.exclude(record_type="people.Invitation", action="create")
        .exclude(record_type="accounts.ApiToken")
        .exists()
    )


@pytest.mark.parametrize("persona", REFUSED)
def test_no_page_of_a_program_s_people_opens_to_anyone_but_its_leaders(
    request, client, setting, persona
):
    program, invitation, member = setting
    client.force_login(request.getfixturevalue(persona))

    answers = [
        _send(client, method, address, data).status_code
        for method, address, data in _web_requests(program, invitation, member)
    ]

    assert answers == [404] * 7
    _unchanged(invitation, member)


@pytest.mark.parametrize("persona", REFUSED)
def test_no_endpoint_of_a_program_s_people_answers_anyone_but_its_leaders(
    request, api_login: Callable, setting, persona
):
    program, invitation, member = setting
    client = api_login(request.getfixturevalue(persona))

    answers = [
        _send(client, method, address, data)
        for method, address, data in _api_requests(program, invitation, member)
    ]

    assert [answer.status_code for answer in answers] == [404] * 8
    assert {answer.json()["detail"] for answer in answers} == {"Not Found"}
    _unchanged(invitation, member)


def test_a_stranger_is_sent_to_log_in_or_answered_401(client, setting):
    program, invitation, member = setting

    web = [
        _send(client, method, address, data)
        for method, address, data in _web_requests(program, invitation, member)
    ]
    api = [
        _send(client, method, address, data).status_code
        for method, address, data in _api_requests(program, invitation, member)
    ]

    assert all(answer["Location"].startswith("/accounts/login/") for answer in web)
    assert len(web) == 7
    assert api == [401] * 8
    _unchanged(invitation, member)


@pytest.mark.parametrize("persona", LEADERS)
def test_the_program_s_leaders_see_its_people_and_invitations(
    request, client, api_login, setting, persona
):
    program, invitation, member = setting
    leader = request.getfixturevalue(persona)
    client.force_login(leader)
    page = client.get(f"/accounts/programs/{program.pk}/people/").content.decode()
    api = api_login(leader)

    people = api.get(f"/api/accounts/programs/{program.pk}/people").json()
    invitations = api.get(f"/api/accounts/programs/{program.pk}/invitations").json()

    assert member.username in {person["username"] for person in people["items"]}
    assert invitation.email in page
    assert [item["email"] for item in invitations["items"]] == [invitation.email]
    assert invitations["items"][0]["status"] == "pending"


def test_a_leader_whose_appointment_has_ended_sees_nothing(client, setting, director):
    program, _, _ = setting
    ProgramMembership.objects.filter(user=director).update(end_date=dt.date(2020, 1, 1))
    client.force_login(director)

    assert client.get(f"/accounts/programs/{program.pk}/people/").status_code == 404
