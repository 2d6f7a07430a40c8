"""Nobody imports into or exports someone else's case log without the right, on web or API.

Export: the trainee, their program's director or coordinator, an admin (``can_view_log_of``).
Import: the trainee, a director of their program, an admin.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from seldinger.caselog import transfer, transfer_import
from seldinger.caselog.importer import COLUMNS
from seldinger.caselog.models import CaseEntry

pytestmark = pytest.mark.django_db

CSV = (",".join(COLUMNS) + "\n2025-01-02,picc,primary,,ultrasound,,,,,none,\n").encode()


def csv_upload():
    return SimpleUploadedFile("cases.csv", CSV, content_type="text/csv")


@pytest.fixture(autouse=True)
def _upload_dir(settings, tmp_path):
    settings.CASELOG_IMPORT_DIR = tmp_path / "imports"


@pytest.fixture
def residents_log(resident):
    transfer_import.import_cases(trainee=resident, actor=resident, content=CSV, name="cases.csv")
    return resident


EXPORTS = ["/cases/export.csv", "/cases/export.xlsx", "/cases/export.pdf"]


@pytest.mark.parametrize("who", ["other_resident", "faculty", "outsider", "student"])
def test_others_cannot_export_the_residents_log(client, request, residents_log, who):
    client.force_login(request.getfixturevalue(who))
    for url in EXPORTS:
        assert client.get(url, {"trainee": "resident"}).status_code == 404, url


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
@pytest.mark.parametrize("who", ["other_resident", "faculty", "outsider", "student"])
def test_others_cannot_export_the_residents_log_through_the_api(
    api_login, request, residents_log, who, fmt
):
    client = api_login(request.getfixturevalue(who))
    response = client.get("/api/caselog/export", {"format": fmt, "trainee": "resident"})
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["director", "coordinator", "admin_user"])
def test_leaders_and_admins_can_export_it(client, request, residents_log, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get("/cases/export.csv", {"trainee": "resident"})
    assert response.status_code == 200 and b"2025-01-02,picc" in response.getvalue()


def test_own_export_holds_only_ones_own_cases(client, residents_log, other_resident):
    client.force_login(other_resident)
    response = client.get("/cases/export.csv")
    assert response.status_code == 200 and b"2025-01-02" not in response.getvalue()
    assert client.get("/cases/export.csv", {"trainee": "nobody"}).status_code == 404


def test_anonymous_users_get_nothing(client, residents_log):
    for url in EXPORTS:
        response = client.get(url, {"trainee": "resident"})
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/api/caselog/export", {"trainee": "resident"}).status_code == 401


@pytest.mark.parametrize("who", ["other_resident", "faculty", "coordinator", "outsider"])
def test_others_cannot_import_into_the_residents_log(client, request, resident, who):
    client.force_login(request.getfixturevalue(who))
    page = client.get("/cases/import/").content.decode()
    assert '<option value="resident"' not in page
    web = client.post("/cases/import/", {"file": csv_upload(), "trainee": "resident"})
    assert web.status_code == 404
    assert not CaseEntry.objects.filter(trainee=resident).exists()


@pytest.mark.parametrize("who", ["other_resident", "faculty", "coordinator", "outsider"])
def test_others_cannot_import_into_the_residents_log_through_the_api(
    api_login, request, resident, who
):
    client = api_login(request.getfixturevalue(who))
    api = client.post("/api/caselog/import", {"file": csv_upload(), "trainee": "resident"})
    assert api.status_code == 404
    assert not CaseEntry.objects.filter(trainee=resident).exists()


@pytest.mark.parametrize("who", ["director", "admin_user"])
def test_a_director_or_admin_can_import_for_the_resident(api_login, request, resident, who):
    client = api_login(request.getfixturevalue(who))
    api = client.post("/api/caselog/import", {"file": csv_upload(), "trainee": "resident"})
    assert api.status_code == 200 and api.json()["saved"] == 1
    assert CaseEntry.objects.filter(trainee=resident).count() == 1


def test_a_director_of_another_program_cannot_import(api_login, make_user, other_program, resident):
    """Through the API; nor export, there or on the web."""
    from seldinger.accounts.membership import ProgramMembership
    from seldinger.accounts.models import Role

    elsewhere = make_user(
        "elsewhere", Role.DIRECTOR, program=other_program, kind=ProgramMembership.Kind.DIRECTOR
    )
    client = api_login(elsewhere)
    api = client.post("/api/caselog/import", {"file": csv_upload(), "trainee": "resident"})
    assert api.status_code == 404
    assert client.get("/api/caselog/export", {"trainee": "resident"}).status_code == 404
    client.force_login(elsewhere)
    assert client.get("/cases/export.csv", {"trainee": "resident"}).status_code == 404


def test_an_upload_cannot_be_previewed_or_confirmed_from_another_session(
    client, resident, other_resident
):
    client.force_login(resident)
    preview_url = client.post("/cases/import/", {"file": csv_upload()})["Location"]

    client.logout()
    client.force_login(other_resident)
    assert "already been imported" in client.get(preview_url, follow=True).content.decode()
    client.post(preview_url + "confirm/")
    assert not CaseEntry.objects.exists()


def test_the_director_loses_the_upload_when_they_stop_directing(client, director, resident):
    client.force_login(director)
    preview_url = client.post("/cases/import/", {"file": csv_upload(), "trainee": "resident"})[
        "Location"
    ]
    director.memberships.all().delete()
    response = client.post(preview_url + "confirm/", follow=True)
    assert "already been imported" in response.content.decode()
    assert not CaseEntry.objects.exists()


def test_a_director_is_offered_only_the_trainees_of_their_program(
    director, resident, faculty, other_resident, other_program
):
    from seldinger.accounts.membership import ProgramMembership

    # Faculty here who is also a trainee elsewhere is not the director's trainee.
    ProgramMembership.objects.create(
        user=faculty, program=other_program, kind=ProgramMembership.Kind.TRAINEE
    )
    assert list(transfer.importable_trainees(director)) == [resident]
    assert not transfer.can_import_for(director, faculty)
    assert not transfer.can_import_for(director, other_resident)
    assert list(transfer.importable_trainees(resident)) == []


def test_an_admin_is_offered_every_trainee(admin_user, resident, other_resident):
    assert set(transfer.importable_trainees(admin_user)) == {resident, other_resident}
