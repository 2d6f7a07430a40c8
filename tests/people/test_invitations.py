"""A leader invites someone by e-mail; the link makes their account and their membership."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user
from django.core import mail

from seldinger.accounts import selectors as access
from seldinger.accounts.models import Role, User
from seldinger.audit.models import AuditEntry
from seldinger.people.models import Invitation

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a-long-new-password-91"


def test_a_director_invites_from_the_people_page_and_the_invitee_gets_a_link(
    client, director, program, django_capture_on_commit_callbacks
):
    client.force_login(director)
    form = {
        "first_name": "Nora",
        "last_name": "Quill",
        "email": "nora@example.org",
        "role": "fellow",
        "start_date": "2026-07-01",
        "end_date": "2027-06-30",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/accounts/programs/{program.pk}/people/invite/", form)

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nora@example.org"]
    assert program.name in mail.outbox[0].subject
    page = client.get(f"/accounts/programs/{program.pk}/people/").content.decode()
    assert "nora@example.org" in page and "Waiting" in page


def test_the_invitee_sets_a_password_and_becomes_a_trainee_of_the_program(
    client, invite, program, director
):
    invitation, secret = invite(
        email="Nora@Example.ORG", start_date=dt.date(2026, 1, 1), end_date=dt.date(2030, 6, 30)
    )

    page = client.get(f"/accounts/invitations/{secret}/")
    assert "Join Test Integrated IR Residency" in page.content.decode()
    response = client.post(
        f"/accounts/invitations/{secret}/",
        {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
    )

    assert response.status_code == 302
    user = User.objects.get(email="Nora@example.org")
    assert get_user(client).pk == user.pk
    assert user.role == Role.RESIDENT and user.check_password(NEW_PASSWORD)
    assert list(access.trainees_of(program)) == [user]
    assert access.can_view_trainee_records(director, user)
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    # The link works once.
    again = client.get(f"/accounts/invitations/{secret}/")
    assert again.status_code == 409


def test_a_weak_or_mismatched_password_is_refused_beside_its_field(client, invite):
    _, secret = invite()

    weak = client.post(f"/accounts/invitations/{secret}/", {"password": "1", "password_again": "1"})
    differ = client.post(
        f"/accounts/invitations/{secret}/",
        {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD + "x"},
    )

    assert weak.status_code == 400 and "too short" in weak.content.decode()
    assert differ.status_code == 400 and "The two passwords differ." in differ.content.decode()
    assert not User.objects.filter(email="new.resident@example.org").exists()


def test_an_invitation_expires_after_the_setting_s_days(client, invite, settings):
    settings.INVITATION_DAYS = 3
    _, secret = invite()

    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=3, minutes=1)):
        response = client.get(f"/accounts/invitations/{secret}/")

    assert response.status_code == 400
    assert "expired" in response.content.decode()


def test_resending_replaces_the_link_and_revoking_ends_it(
    client, invite, director, program, django_capture_on_commit_callbacks, last_link
):
    invitation, old_secret = invite()
    client.force_login(director)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/accounts/programs/{program.pk}/invitations/{invitation.pk}/resend/")
    new_secret = last_link()
    client.post(f"/accounts/programs/{program.pk}/invitations/{invitation.pk}/revoke/")
    client.logout()

    assert new_secret != old_secret
    assert client.get(f"/accounts/invitations/{old_secret}/").status_code == 400
    withdrawn = client.get(f"/accounts/invitations/{new_secret}/")
    assert "withdrawn" in withdrawn.content.decode()


def test_someone_with_an_account_logs_in_and_accepts(client, invite, program, outsider):
    outsider.email = "outsider@example.org"
    outsider.save()
    _, secret = invite(email="outsider@example.org", role="faculty")

    anonymous = client.get(f"/accounts/invitations/{secret}/").content.decode()
    client.force_login(outsider)
    client.post(f"/accounts/invitations/{secret}/")

    assert "Log in with it to accept" in anonymous
    assert outsider in access.faculty_of(program)
    assert access.is_current_member(outsider, program, access.Kind.FACULTY)


def test_someone_else_logged_in_cannot_accept_another_person_s_invitation(
    client, invite, program, resident
):
    _, secret = invite()
    client.force_login(resident)

    client.post(f"/accounts/invitations/{secret}/", {"password": NEW_PASSWORD})

    assert not User.objects.filter(email="new.resident@example.org").exists()


def test_a_current_member_or_a_second_invitation_is_refused_with_the_reason(
    client, invite, director, program, resident
):
    resident.email = "resident@example.org"
    resident.save()
    invite(email="twice@example.org")
    client.force_login(director)
    form = {"first_name": "A", "last_name": "B", "role": "resident"}

    member = client.post(
        f"/accounts/programs/{program.pk}/people/invite/",
        {**form, "email": "resident@example.org"},
    )
    twice = client.post(
        f"/accounts/programs/{program.pk}/people/invite/", {**form, "email": "twice@example.org"}
    )

    assert member.status_code == 400
    assert "already a member of the program" in member.content.decode()
    assert "already invited" in twice.content.decode()
    assert Invitation.objects.count() == 1


def test_every_change_to_an_invitation_is_audited(client, invite, director, program):
    invitation, _ = invite()
    client.force_login(director)
    client.post(f"/accounts/programs/{program.pk}/invitations/{invitation.pk}/revoke/")

    entries = AuditEntry.objects.filter(record_type="people.Invitation").order_by("pk")

    assert [entry.action for entry in entries] == ["create", "update"]
    assert entries[0].actor == director
    assert entries[1].after["revoked_at"] is not None
    assert "secret_digest" not in entries[0].after
