"""A program's director (or coordinator) edits its profile, audited; nobody else can, anywhere."""

import json

import pytest
from django.urls import reverse

from seldinger.audit.models import AuditEntry
from seldinger.programs.models import Program

pytestmark = pytest.mark.django_db


def profile_form(program, **changes):
    """The edit form's POST data for ``program`` as it is, with ``changes``."""
    data = {
        "name": program.name,
        "kind": program.kind,
        "institution": program.institution,
        "city": program.city,
        "state": program.state,
        "accreditation_status": program.accreditation_status,
        "positions_categorical": program.positions_categorical,
        "positions_advanced": program.positions_advanced,
        "positions_preliminary": program.positions_preliminary,
        "positions_physician": program.positions_physician,
        "research_rotation": "unknown",
        "icu_rotation": "unknown",
    }
    data.update(changes)
    return data


def put(client, url, body):
    return client.put(url, json.dumps(body), content_type="application/json")


def audit_entries(program):
    return AuditEntry.objects.filter(record_type="programs.Program", record_id=str(program.pk))


def test_director_edits_their_program_on_the_web_and_it_is_audited(client, director, program):
    client.force_login(director)
    edit_url = reverse("programs:edit", args=[program.acgme_id])
    detail = client.get(reverse("programs:detail", args=[program.acgme_id]))
    assert f'href="{edit_url}"' in detail.content.decode()
    assert client.get(edit_url).status_code == 200

    response = client.post(
        edit_url,
        profile_form(
            program,
            annual_case_volume="4200",
            mix_vascular_pct="50",
            faculty_count="11",
            research_rotation="true",
            salary_pgy1="65000",
            website="demo.example.org",
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("programs:detail", args=[program.acgme_id])
    program.refresh_from_db()
    assert program.annual_case_volume == 4200 and program.faculty_count == 11
    assert program.research_rotation is True and program.salary_pgy1 == 65000
    assert program.website == "https://demo.example.org"
    assert program.profile_updated_at is not None
    entry = audit_entries(program).get()
    assert entry.actor == director and entry.action == "update"
    assert entry.before["annual_case_volume"] is None
    assert entry.after["annual_case_volume"] == 4200
    assert "name" not in entry.after  # only what changed


def test_saving_without_changes_writes_no_audit_entry(client, director, program):
    client.force_login(director)
    client.post(reverse("programs:edit", args=[program.acgme_id]), profile_form(program))
    assert not audit_entries(program).exists()


def test_invalid_profile_is_shown_with_its_errors_and_not_saved(client, director, program):
    client.force_login(director)
    response = client.post(
        reverse("programs:edit", args=[program.acgme_id]),
        profile_form(program, mix_vascular_pct="80", mix_oncologic_pct="40", faculty_count="x"),
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "The procedure-mix percentages add up to 120, over 100." in html
    assert "Enter a whole number." in html
    program.refresh_from_db()
    assert program.mix_vascular_pct is None
    assert not audit_entries(program).exists()


def test_coordinator_may_edit_too(client, coordinator, program):
    client.force_login(coordinator)
    response = client.post(
        reverse("programs:edit", args=[program.acgme_id]), profile_form(program, faculty_count="3")
    )
    assert response.status_code == 302
    assert audit_entries(program).get().actor == coordinator


@pytest.mark.parametrize("persona", ["faculty", "resident", "student", "outsider", "admin_user"])
def test_nobody_else_may_edit_on_the_web(client, request, program, persona):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("programs:edit", args=[program.acgme_id])

    assert client.get(url).status_code == 403
    assert client.post(url, profile_form(program, name="Hijacked")).status_code == 403
    program.refresh_from_db()
    assert program.name == "Test Integrated IR Residency"
    assert not audit_entries(program).exists()


def test_a_director_cannot_edit_another_program(client, director, other_program):
    client.force_login(director)
    url = reverse("programs:edit", args=[other_program.acgme_id])

    assert client.get(url).status_code == 403
    assert client.post(url, profile_form(other_program, name="Hijacked")).status_code == 403
    detail = client.get(reverse("programs:detail", args=[other_program.acgme_id]))
    assert "Edit this profile" not in detail.content.decode()
    other_program.refresh_from_db()
    assert other_program.name == "Other Independent IR Residency"


def test_anonymous_edit_goes_to_login_and_unknown_programs_are_404(client, director, program):
    response = client.get(reverse("programs:edit", args=[program.acgme_id]))
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(director)
    assert client.get(reverse("programs:edit", args=["NOPE"])).status_code == 404


def test_former_director_can_no_longer_edit(client, director, program):
    import datetime as dt

    director.memberships.update(end_date=dt.date(2020, 6, 30))
    client.force_login(director)
    assert client.get(reverse("programs:edit", args=[program.acgme_id])).status_code == 403


def test_director_edits_through_the_api(client, director, program):
    client.force_login(director)
    response = put(
        client,
        f"/api/programs/{program.acgme_id}",
        {
            "publications_per_year": 12,
            "icu_rotation": True,
            "interview_format": "virtual",
            "acgme_id": "STOLEN",
            "is_synthetic": False,
        },
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["publications_per_year"] == 12 and body["icu_rotation"] is True
    assert body["acgme_id"] == program.acgme_id  # not a profile field: ignored
    program.refresh_from_db()
    assert program.acgme_id == "TEST-0001" and program.is_synthetic is True
    assert program.name == "Test Integrated IR Residency"  # left out: kept
    entry = audit_entries(program).get()
    assert entry.actor == director
    assert entry.after == {
        "publications_per_year": 12,
        "icu_rotation": True,
        "interview_format": "virtual",
    }


def test_api_validation_errors_are_400(client, director, program):
    client.force_login(director)
    response = put(
        client,
        f"/api/programs/{program.acgme_id}",
        {"mix_neuro_pct": 101, "state": "ZZ"},
    )

    assert response.status_code == 400
    body = response.json()
    assert {"mix_neuro_pct", "state"} <= {error["field"] for error in body["errors"]}
    [neuro] = [error["message"] for error in body["errors"] if error["field"] == "mix_neuro_pct"]
    assert "less than or equal to 100" in neuro
    program.refresh_from_db()
    assert program.mix_neuro_pct is None and program.state == "MN"
    assert not audit_entries(program).exists()


def test_api_refuses_everyone_but_the_programs_leadership(
    client, director, other_director, faculty, program, other_program
):
    url = f"/api/programs/{program.acgme_id}"
    assert put(client, url, {"name": "Hijacked"}).status_code == 401

    client.force_login(other_director)
    response = put(client, url, {"name": "Hijacked"})
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Only this program's director or coordinator can edit its profile.",
        "errors": [],
    }

    client.force_login(faculty)
    assert put(client, url, {"name": "Hijacked"}).status_code == 403

    client.force_login(director)
    assert put(client, f"/api/programs/{other_program.acgme_id}", {"name": "X"}).status_code == 403
    assert put(client, "/api/programs/NOPE", {"name": "X"}).status_code == 404

    assert Program.objects.filter(name__in=["Hijacked", "X"]).count() == 0
    assert not AuditEntry.objects.filter(record_type="programs.Program").exists()
