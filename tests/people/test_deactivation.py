"""A leader deactivates a graduate or a leaver: they still log in and read, and download their
exports (so does the program), but change nothing, on the web or the API; reactivation undoes
it. Every change is audited."""

import datetime as dt

import pytest
from django.utils import timezone

from seldinger.accounts import selectors as access
from seldinger.accounts.membership import ProgramMembership
from seldinger.accounts.read_only import READ_ONLY_MESSAGE
from seldinger.audit.models import AuditEntry
from seldinger.people import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def graduate(resident, director, program):
    """The resident, graduated last month and deactivated by the director."""
    ProgramMembership.objects.filter(user=resident).update(
        end_date=timezone.localdate() - dt.timedelta(days=30)
    )
    return services.deactivate(actor=director, program=program, person=resident)


def test_the_director_deactivates_and_reactivates_from_the_people_page(
    client, director, resident, program
):
    client.force_login(director)
    base = f"/accounts/programs/{program.pk}/people/{resident.pk}"

    client.post(f"{base}/deactivate/")
    resident.refresh_from_db()
    deactivated = resident.deactivated_at
    page = client.get(f"/accounts/programs/{program.pk}/people/").content.decode()
    client.post(f"{base}/reactivate/")
    resident.refresh_from_db()

    assert deactivated is not None
    assert "Deactivated" in page and "Reactivate" in page
    assert resident.deactivated_at is None
    entries = AuditEntry.objects.filter(record_type="accounts.User", record_id=str(resident.pk))
    assert [(e.action, e.actor) for e in entries.order_by("pk")] == [
        ("update", director),
        ("update", director),
    ]
    assert entries.order_by("pk")[0].after["deactivated_at"] is not None


def test_a_leader_may_not_deactivate_a_leader_or_themselves(client, director, coordinator, program):
    client.force_login(coordinator)

    response = client.post(
        f"/accounts/programs/{program.pk}/people/{director.pk}/deactivate/", follow=True
    )
    client.post(f"/accounts/programs/{program.pk}/people/{coordinator.pk}/deactivate/")

    assert "not its leaders or themselves" in response.content.decode()
    director.refresh_from_db()
    coordinator.refresh_from_db()
    assert director.deactivated_at is None and coordinator.deactivated_at is None


def test_a_deactivated_account_reads_but_every_change_is_refused_with_the_reason(client, graduate):
    client.force_login(graduate)

    home = client.get("/home/")
    refused = client.post(
        "/accounts/tokens/new/", {"name": "x", "scope": "read", "lifetime_days": 30}
    )
    api = client.post(
        "/api/credentials/", {"kind": "state-licence"}, content_type="application/json"
    )
    logout = client.post("/accounts/logout/")

    assert home.status_code == 200
    assert refused.status_code == 403
    assert "Your account has been deactivated" in refused.content.decode()
    assert api.status_code == 403
    assert api.json() == {"detail": READ_ONLY_MESSAGE, "errors": []}
    assert logout.status_code == 302
    assert not graduate.api_tokens.exists()


def test_a_deactivated_user_s_token_reads_and_is_refused_any_change(
    client, token_login, resident, director, program
):
    token_login(client, resident)
    services.deactivate(actor=director, program=program, person=resident)

    read = client.get("/api/credentials/")
    change = client.post(
        "/api/credentials/", {"kind": "state-licence"}, content_type="application/json"
    )

    assert read.status_code == 200
    assert change.status_code == 403
    assert change.json()["detail"] == READ_ONLY_MESSAGE


def test_a_deactivated_user_may_still_change_their_password(client, graduate, password):
    client.force_login(graduate)
    new = "another-long-password-77"

    response = client.post(
        "/accounts/password/",
        {"old_password": password, "new_password1": new, "new_password2": new},
    )

    assert response.status_code == 302
    graduate.refresh_from_db()
    assert graduate.check_password(new)


def test_a_graduate_s_exports_stay_open_to_them_and_to_the_program(
    client, graduate, director, faculty, other_resident
):
    client.force_login(graduate)
    own = client.get("/cases/export.csv")
    client.force_login(director)
    program_copy = client.get("/cases/export.pdf?trainee=resident")
    client.force_login(faculty)
    faculty_copy = client.get("/cases/export.csv?trainee=resident")

    assert own.status_code == 200 and own["Content-Type"].startswith("text/csv")
    assert program_copy.status_code == 200
    assert program_copy["Content-Type"] == "application/pdf"
    assert faculty_copy.status_code == 404


def test_a_leaver_who_is_not_deactivated_is_no_longer_the_program_s_to_see(
    client, resident, director
):
    ProgramMembership.objects.filter(user=resident).update(
        end_date=timezone.localdate() - dt.timedelta(days=30)
    )
    client.force_login(director)

    assert client.get("/cases/export.csv?trainee=resident").status_code == 404


def test_nobody_changes_a_deactivated_trainee_s_training_record(graduate, director):
    assert access.can_view_trainee_records(director, graduate)
    assert not access.can_edit_training_of(director, graduate)
