"""Directors manage their own program's graduation minimums, audited; nobody else can."""

import pytest

from seldinger.accounts.membership import ProgramMembership
from seldinger.accounts.models import Role
from seldinger.audit.models import AuditEntry
from seldinger.caselog.models import CaseRequirement

pytestmark = pytest.mark.django_db

PAGE = "/cases/requirements/"


def post_data(program, **changes):
    data = {
        "program": program.pk,
        "name": "Embolization as primary",
        "category_key": "embolization",
        "roles": ["primary"],
        "minimum": "25",
    }
    data.update(changes)
    return data


@pytest.fixture
def rival(make_user, other_program):
    return make_user(
        "rival", Role.DIRECTOR, program=other_program, kind=ProgramMembership.Kind.DIRECTOR
    )


def audits(requirement_id):
    return list(
        AuditEntry.objects.filter(
            record_type="caselog.CaseRequirement", record_id=str(requirement_id)
        ).order_by("id")
    )


def test_director_adds_edits_and_deletes_a_requirement(client, director, program, resident):
    client.force_login(director)
    page = client.get(PAGE)
    assert page.status_code == 200
    assert "not public" in page.content.decode()
    assert "ESIR image-guided procedures: at least 500" in page.content.decode()

    response = client.post(PAGE, post_data(program))
    assert response.status_code == 302
    requirement = CaseRequirement.objects.get()
    assert (requirement.program, requirement.name, requirement.category_key) == (
        program,
        "Embolization as primary",
        "embolization",
    )
    assert (requirement.roles, requirement.minimum) == ("primary", 25)
    assert "Embolization as primary" in client.get(PAGE).content.decode()

    edit = f"{PAGE}{requirement.pk}/edit/"
    assert client.get(edit).status_code == 200
    response = client.post(
        edit, {"name": "Embolization", "category_key": "", "roles": ["primary", "assistant"],
               "minimum": "30"},
    )  # fmt: skip
    assert response.status_code == 302
    requirement.refresh_from_db()
    assert (requirement.name, requirement.category_key, requirement.roles) == (
        "Embolization",
        "",
        "primary,assistant",
    )
    assert requirement.minimum == 30

    client.force_login(resident)
    keys = [item["key"] for item in client.get("/api/caselog/progress").json()["requirements"]]
    assert keys == [f"program-{requirement.pk}"]

    client.force_login(director)
    delete = f"{PAGE}{requirement.pk}/delete/"
    assert client.get(delete).status_code == 200
    assert client.post(delete).status_code == 302
    assert not CaseRequirement.objects.exists()

    trail = audits(requirement.pk)
    assert [entry.action for entry in trail] == ["create", "update", "delete"]
    assert all(entry.actor == director for entry in trail)
    assert trail[1].before["minimum"] == 25 and trail[1].after["minimum"] == 30
    assert trail[2].before["name"] == "Embolization" and trail[2].after is None


def test_form_errors_are_shown_and_nothing_is_saved(client, director, program):
    client.force_login(director)
    CaseRequirement.objects.create(program=program, name="Taken", minimum=5)

    for changes, message in [
        ({"name": "Taken"}, "already has a requirement with this name"),
        ({"roles": []}, "This field is required"),
        ({"minimum": "0"}, "greater than or equal to 1"),
        ({"category_key": "made-up"}, "Select a valid choice"),
    ]:
        response = client.post(PAGE, post_data(program, **changes))
        assert response.status_code == 400, changes
        assert message in response.content.decode(), changes
    assert CaseRequirement.objects.count() == 1


def test_another_programs_director_gets_404_and_cannot_add_to_it(client, rival, program):
    requirement = CaseRequirement.objects.create(program=program, name="Ours", minimum=5)
    client.force_login(rival)

    assert client.get(PAGE).status_code == 200
    assert "Ours" not in client.get(PAGE).content.decode()
    assert client.get(f"{PAGE}{requirement.pk}/edit/").status_code == 404
    assert (
        client.post(
            f"{PAGE}{requirement.pk}/edit/",
            {"name": "Theirs", "roles": ["primary"], "minimum": "1"},
        ).status_code
        == 404
    )
    assert client.post(f"{PAGE}{requirement.pk}/delete/").status_code == 404
    assert client.post(PAGE, post_data(program, name="Sneaky")).status_code == 400

    requirement.refresh_from_db()
    assert requirement.name == "Ours"
    assert list(CaseRequirement.objects.values_list("name", flat=True)) == ["Ours"]
    assert not AuditEntry.objects.filter(record_type="caselog.CaseRequirement").exists()


@pytest.mark.parametrize("viewer", ["resident", "faculty", "coordinator", "outsider"])
def test_only_directors_manage_requirements(client, request, program, viewer):
    requirement = CaseRequirement.objects.create(program=program, name="Ours", minimum=5)
    client.force_login(request.getfixturevalue(viewer))

    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, post_data(program, name="New")).status_code == 403
    assert client.get(f"{PAGE}{requirement.pk}/edit/").status_code == 404
    assert client.post(f"{PAGE}{requirement.pk}/delete/").status_code == 404
    assert CaseRequirement.objects.count() == 1
