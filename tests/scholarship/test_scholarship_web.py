"""Scholarship pages: own records editable, others' read by director and mentor only."""

import pytest

from seldinger.audit.models import AuditEntry
from seldinger.scholarship.models import MeetingNote, Mentorship, Publication

pytestmark = pytest.mark.django_db

PUBLICATION = {
    "title": "Port outcomes",
    "journal": "JVIR",
    "year": "2025",
    "date": "",
    "authors": "Resident R",
    "doi": "https://doi.org/10.1000/xyz",
    "pmid": "",
    "status": "submitted",
}


def test_pages_need_an_account(client):
    for url in ("/scholarship/", "/scholarship/publications/new/", "/scholarship/export/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_nav_shows_scholarship_to_the_right_roles(client, resident, faculty, director, student):
    for user, shown in ((resident, True), (faculty, True), (director, True), (student, False)):
        client.force_login(user)
        page = client.get("/").content.decode()
        assert ('href="/scholarship/"' in page.split("</nav>")[0]) is shown


def test_resident_adds_edits_and_deletes_own_records_audited(client, resident):
    client.force_login(resident)
    assert client.get("/scholarship/publications/new/").status_code == 200
    assert client.post("/scholarship/publications/new/", PUBLICATION).status_code == 302
    publication = Publication.objects.get(trainee=resident)
    assert publication.doi == "10.1000/xyz"
    page = client.get("/scholarship/").content.decode()
    assert "Port outcomes" in page and "JVIR" in page
    url = f"/scholarship/publications/{publication.pk}/"
    response = client.post(url, {**PUBLICATION, "status": "published"})
    assert response.status_code == 302
    assert Publication.objects.get().status == "published"
    assert client.post(f"{url}delete/").status_code == 302
    assert not Publication.objects.exists()
    actions = list(
        AuditEntry.objects.filter(record_type="scholarship.Publication")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "update", "delete"]
    change = AuditEntry.objects.get(record_type="scholarship.Publication", action="update")
    assert (change.before["status"], change.after["status"]) == ("submitted", "published")


def test_invalid_input_is_shown_on_the_form(client, resident):
    client.force_login(resident)
    response = client.post(
        "/scholarship/presentations/new/",
        {
            "title": "Talk",
            "meeting": "other",
            "meeting_other": "",
            "date": "2025-10-01",
            "kind": "oral",
        },
    )
    assert response.status_code == 400 and "Name the meeting." in response.content.decode()
    response = client.post(
        "/scholarship/research/new/",
        {
            "title": "Study",
            "role": "PI",
            "start_date": "2025-10-01",
            "end_date": "2025-01-01",
            "status": "active",
        },
    )
    assert response.status_code == 400
    assert "The end date is before the start date." in response.content.decode()


def test_unknown_kind_is_404(client, resident):
    client.force_login(resident)
    assert client.get("/scholarship/patents/new/").status_code == 404


def test_resident_cannot_read_or_change_another_residents_records(
    client, resident, other_publication, other_resident
):
    client.force_login(resident)
    url = f"/scholarship/publications/{other_publication.pk}/"
    assert client.get(url).status_code == 404
    assert client.post(url, PUBLICATION).status_code == 404
    assert client.post(f"{url}delete/").status_code == 404
    assert client.get(f"/scholarship/residents/{other_resident.pk}/").status_code == 404
    assert Publication.objects.get(pk=other_publication.pk).title == "Other program's paper"


def test_director_sees_only_their_programs_residents(
    client, director, resident, other_resident, publication, other_publication
):
    client.force_login(director)
    home = client.get("/scholarship/").content.decode()
    assert f"/scholarship/residents/{resident.pk}/" in home
    assert f"/scholarship/residents/{other_resident.pk}/" not in home
    page = client.get(f"/scholarship/residents/{resident.pk}/")
    assert page.status_code == 200 and "Port outcomes" in page.content.decode()
    assert client.get(f"/scholarship/residents/{other_resident.pk}/").status_code == 404
    # The director reads but does not change a resident's records.
    url = f"/scholarship/publications/{publication.pk}/"
    assert client.post(url, PUBLICATION).status_code == 404


def test_mentor_sees_mentees_records_and_notes(client, faculty, resident, mentorship, note,
                                               publication, other_resident):  # fmt: skip
    client.force_login(faculty)
    page = client.get(f"/scholarship/residents/{resident.pk}/").content.decode()
    assert "Port outcomes" in page and "Abstract plan." in page
    assert client.get(f"/scholarship/residents/{other_resident.pk}/").status_code == 404


def test_faculty_who_are_not_the_mentor_see_nothing(
    client, other_faculty, resident, mentorship, note, publication
):
    client.force_login(other_faculty)
    home = client.get("/scholarship/")
    assert home.status_code == 200
    assert f"/scholarship/residents/{resident.pk}/" not in home.content.decode()
    assert client.get(f"/scholarship/residents/{resident.pk}/").status_code == 404
    assert client.get(f"/scholarship/notes/{note.pk}/").status_code == 404
    post = {"date": "2025-10-02", "notes": "x"}
    assert client.post(f"/scholarship/residents/{resident.pk}/notes/", post).status_code == 404


def test_notes_written_by_resident_or_mentor_read_by_director(
    client, resident, faculty, director, coordinator, mentorship
):
    client.force_login(resident)
    url = f"/scholarship/residents/{resident.pk}/notes/"
    assert client.post(url, {"date": "2025-10-02", "notes": "My notes."}).status_code == 302
    client.force_login(faculty)
    assert client.post(url, {"date": "2025-10-03", "notes": "Mentor notes."}).status_code == 302
    assert MeetingNote.objects.count() == 2
    client.force_login(director)
    page = client.get(f"/scholarship/residents/{resident.pk}/").content.decode()
    assert "My notes." in page and "Mentor notes." in page
    assert client.post(url, {"date": "2025-10-03", "notes": "x"}).status_code == 404
    # The coordinator reads records but not the notes.
    client.force_login(coordinator)
    page = client.get(f"/scholarship/residents/{resident.pk}/").content.decode()
    assert "My notes." not in page


def test_only_the_author_changes_a_note(client, resident, faculty, note):
    client.force_login(resident)
    url = f"/scholarship/notes/{note.pk}/"
    assert client.get(url).status_code == 404
    assert client.post(f"{url}delete/").status_code == 404
    client.force_login(faculty)
    assert client.post(url, {"date": "2025-10-01", "notes": "Changed."}).status_code == 302
    assert MeetingNote.objects.get().notes == "Changed."
    assert client.post(f"{url}delete/").status_code == 302
    assert not MeetingNote.objects.exists()


def test_resident_cannot_read_other_residents_notes(client, other_resident, resident, note):
    client.force_login(other_resident)
    assert client.get(f"/scholarship/notes/{note.pk}/").status_code == 404
    assert client.get(f"/scholarship/residents/{resident.pk}/").status_code == 404


def test_director_assigns_and_reassigns_mentors(
    client, director, resident, faculty, other_faculty, program
):
    client.force_login(director)
    assert client.get("/scholarship/mentors/").status_code == 200
    prefix = f"p{program.pk}"
    data = {
        "program": program.pk,
        f"{prefix}-resident": resident.pk,
        f"{prefix}-mentor": faculty.pk,
    }
    assert client.post("/scholarship/mentors/", data).status_code == 302
    data[f"{prefix}-mentor"] = other_faculty.pk
    assert client.post("/scholarship/mentors/", data).status_code == 302
    current = Mentorship.objects.get(ended_on__isnull=True)
    assert current.mentor == other_faculty
    assert Mentorship.objects.filter(mentor=faculty, ended_on__isnull=False).exists()
    assert client.post(f"/scholarship/mentors/{current.pk}/end/").status_code == 302
    assert not Mentorship.objects.filter(ended_on__isnull=True).exists()


def test_former_mentor_loses_access(client, director, faculty, resident, mentorship, note):
    client.force_login(director)
    client.post(f"/scholarship/mentors/{mentorship.pk}/end/")
    client.force_login(faculty)
    assert client.get(f"/scholarship/residents/{resident.pk}/").status_code == 404


def test_only_directors_assign_mentors(
    client, faculty, resident, coordinator, other_director, mentorship
):
    for user in (faculty, resident, coordinator):
        client.force_login(user)
        assert client.get("/scholarship/mentors/").status_code == 404
    client.force_login(other_director)
    assert client.get("/scholarship/mentors/").status_code == 200
    assert client.post(f"/scholarship/mentors/{mentorship.pk}/end/").status_code == 404
    assert Mentorship.objects.get().ended_on is None


def test_non_trainees_cannot_add_records(client, director):
    client.force_login(director)
    assert client.get("/scholarship/publications/new/").status_code == 404


def test_pages_render(client, resident, director, mentorship, publication, note):
    client.force_login(director)
    assert client.get("/scholarship/export/").status_code == 200
    assert client.get("/scholarship/").status_code == 200
    client.force_login(resident)
    for kind in ("publications", "presentations", "research", "qi", "conferences"):
        assert client.get(f"/scholarship/{kind}/new/").status_code == 200
    page = client.get("/scholarship/").content.decode()
    assert "Port outcomes" in page and "Abstract plan." in page and "No mentor" not in page
