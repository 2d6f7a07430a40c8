"""Faculty verify the cases that name them: one click, in bulk, or return with a comment."""

import pytest
from django.utils import timezone

from seldinger.accounts.models import Role
from seldinger.audit.models import AuditEntry
from seldinger.caselog import selectors, services
from seldinger.caselog.entries import validate_case
from seldinger.caselog.models import CaseEntry

pytestmark = pytest.mark.django_db

QUEUE = "/cases/verify/"


@pytest.fixture
def other_faculty(make_user, program):
    return make_user("other_faculty", Role.FACULTY, program=program, kind="faculty")


@pytest.fixture
def make_case(resident, faculty):
    def make(trainee=None, supervisor=None, **changes):
        trainee = trainee or resident
        supervisor = supervisor or faculty
        raw = {
            "date": "2026-01-05",
            "procedure": "picc",
            "role": "primary",
            "supervisor": supervisor.username,
            "modality": "fluoroscopy",
            **changes,
        }
        data, errors = validate_case(
            raw,
            catalogue=selectors.catalogue(),
            supervisors=set(selectors.supervisors_for(trainee).values_list("username", flat=True)),
            today=timezone.localdate(),
        )
        assert not errors, errors
        return services.log_case(trainee=trainee, data=data)

    return make


def last_audit(case):
    return AuditEntry.objects.filter(
        record_type="caselog.CaseEntry", record_id=str(case.pk)
    ).first()


def test_queue_shows_only_pending_cases_naming_the_faculty_member(
    client, faculty, other_faculty, make_case
):
    mine = make_case()
    theirs = make_case(supervisor=other_faculty, procedure="tace")
    done = make_case(procedure="port-chest")
    services.verify_cases(faculty=faculty, case_ids=[done.pk])
    client.force_login(faculty)
    response = client.get(QUEUE)
    ids = [row.pk for row in response.context["rows"]]
    assert ids == [mine.pk]
    html = response.content.decode()
    assert "Transarterial chemoembolization" not in html and theirs.pk not in ids
    assert 'name="case_ids"' in html and ">Verify selected</button>" in html
    assert f'hx-post="/cases/{mine.pk}/verify/"' in html


def test_one_click_verify_with_htmx_returns_the_row(client, faculty, make_case):
    case = make_case()
    client.force_login(faculty)
    response = client.post(f"/cases/{case.pk}/verify/", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and html.strip().startswith("<tr")
    assert "Verified" in html and 'name="case_ids"' not in html
    case.refresh_from_db()
    assert case.status == "verified" and case.verified_by == faculty and case.verified_at
    entry = last_audit(case)
    assert entry.actor == faculty and entry.action == "update"
    assert entry.before["status"] == "pending" and entry.after["status"] == "verified"


def test_one_click_verify_without_javascript_redirects_to_the_queue(client, faculty, make_case):
    case = make_case()
    client.force_login(faculty)
    response = client.post(f"/cases/{case.pk}/verify/", {"case_ids": []}, follow=True)
    assert response.redirect_chain[-1][0] == QUEUE
    assert "Case verified." in response.content.decode()


def test_bulk_verify_verifies_only_checked_cases_naming_me(
    client, faculty, other_faculty, make_case
):
    first, second, third = make_case(), make_case(), make_case()
    theirs = make_case(supervisor=other_faculty)
    client.force_login(faculty)
    response = client.post(
        "/cases/verify/selected/",
        {"case_ids": [first.pk, second.pk, theirs.pk, "x"]},
        follow=True,
    )
    assert "Verified 2 cases." in response.content.decode()
    statuses = dict(CaseEntry.objects.values_list("pk", "status"))
    assert statuses == {
        first.pk: "verified",
        second.pk: "verified",
        third.pk: "pending",
        theirs.pk: "pending",
    }
    assert [row.pk for row in response.context["rows"]] == [third.pk]


def test_bulk_verify_with_nothing_checked_says_so(client, faculty, make_case):
    make_case()
    client.force_login(faculty)
    response = client.post("/cases/verify/selected/", follow=True)
    assert "Choose at least one case to verify." in response.content.decode()


def test_return_needs_a_comment_and_is_audited(client, resident, faculty, make_case):
    case = make_case()
    client.force_login(faculty)
    page = client.get(f"/cases/{case.pk}/return/")
    assert page.status_code == 200 and "What should the trainee correct?" in page.content.decode()
    empty = client.post(f"/cases/{case.pk}/return/", {"comment": "  "})
    assert empty.status_code == 400
    assert 'role="alert">Say what the trainee should correct.' in empty.content.decode()
    phi = client.post(f"/cases/{case.pk}/return/", {"comment": "Patient DOB 01/02/1950"})
    assert phi.status_code == 400 and "This may identify a patient" in phi.content.decode()
    response = client.post(
        f"/cases/{case.pk}/return/", {"comment": "Role was assistant."}, follow=True
    )
    assert "Case returned to resident." in response.content.decode()
    case.refresh_from_db()
    assert case.status == "returned" and case.return_comment == "Role was assistant."
    entry = last_audit(case)
    assert entry.actor == faculty and entry.after["return_comment"] == "Role was assistant."
    client.force_login(resident)
    detail = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Role was assistant." in detail and "Returned for correction" in detail


def test_verified_case_cannot_be_returned(client, faculty, make_case):
    case = make_case()
    services.verify_cases(faculty=faculty, case_ids=[case.pk])
    client.force_login(faculty)
    response = client.post(f"/cases/{case.pk}/return/", {"comment": "x"}, follow=True)
    assert "Only cases awaiting verification can be returned." in response.content.decode()
    case.refresh_from_db()
    assert case.status == "verified"


def test_faculty_sees_verify_and_return_on_the_case_page(client, faculty, make_case):
    case = make_case()
    client.force_login(faculty)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert f'action="/cases/{case.pk}/verify/"' in html and "Return</a>" in html
    assert "Edit case" not in html


def test_audit_trail_covers_create_update_verify_return_and_delete(
    client, resident, faculty, make_case
):
    case = make_case()
    services.return_case(faculty=faculty, case=case, comment="Check the date.")
    client.force_login(resident)
    edited = client.post(
        f"/cases/{case.pk}/edit/",
        {
            "procedure": "picc",
            "date": "2026-01-04",
            "role": "primary",
            "supervisor": "faculty",
            "modality": "ct",
        },
    )
    assert edited.status_code == 302
    services.verify_cases(faculty=faculty, case_ids=[case.pk])
    other = make_case()
    client.post(f"/cases/{other.pk}/delete/")
    trail = AuditEntry.objects.filter(record_type="caselog.CaseEntry").order_by("at", "id")
    actions = [(entry.record_id, entry.action, entry.actor.username) for entry in trail]
    assert actions == [
        (str(case.pk), "create", "resident"),
        (str(case.pk), "update", "faculty"),
        (str(case.pk), "update", "resident"),
        (str(case.pk), "update", "faculty"),
        (str(other.pk), "create", "resident"),
        (str(other.pk), "delete", "resident"),
    ]
    detail = client.get(f"/cases/{case.pk}/").content.decode()
    for summary in ("Logged", "Returned for correction", "Verified"):
        assert f"<strong>{summary}</strong>" in detail
    assert "Modality: Fluoroscopy → CT" in detail


def test_director_sees_verify_link_and_residents(client, director, resident, make_case):
    make_case()
    client.force_login(director)
    response = client.get(QUEUE)
    html = response.content.decode()
    assert "No cases await your verification." in html
    assert 'href="/cases/trainee/resident/"' in html
    navigation = [item["label"] for item in response.context["nav_items"]]
    assert "Verify cases" in navigation and "Case log" not in navigation


def test_resident_navigation_has_the_case_log(client, resident):
    client.force_login(resident)
    navigation = [item["label"] for item in client.get("/cases/").context["nav_items"]]
    assert "Case log" in navigation and "Verify cases" not in navigation


def test_a_long_queue_comes_a_page_at_a_time_oldest_first(client, resident, faculty):
    day = timezone.localdate()
    CaseEntry.objects.bulk_create(
        CaseEntry(
            trainee=resident,
            performed_on=day.replace(day=1) if index < 25 else day,
            procedure_key="picc",
            category_key="venous-access",
            role="primary",
            supervisor=faculty,
            modality="ultrasound",
            fingerprint=f"queue-{index}",
        )
        for index in range(30)
    )
    client.force_login(faculty)

    first, second = client.get(QUEUE), client.get(QUEUE, {"page": 2})

    assert len(first.context["rows"]) == 25 and len(second.context["rows"]) == 5
    assert {row.performed_on for row in second.context["rows"]} == {day}
    assert "Page 1 of 2 (30 cases)" in first.content.decode()
    assert 'href="?page=2" rel="next"' in first.content.decode()


def test_queue_orders_oldest_or_newest_first_and_keeps_the_order_after_bulk_verify(
    client, faculty, make_case
):
    old = make_case(date="2026-01-02")
    new = make_case(date="2026-01-09", procedure="port-chest")
    middle = make_case(date="2026-01-05", procedure="tace")
    client.force_login(faculty)
    assert [row.pk for row in client.get(QUEUE).context["rows"]] == [old.pk, middle.pk, new.pk]
    newest = client.get(QUEUE, {"order": "newest"})
    assert [row.pk for row in newest.context["rows"]] == [new.pk, middle.pk, old.pk]
    html = newest.content.decode()
    assert '<strong aria-current="true">Newest first</strong>' in html
    assert 'href="?order=oldest"' in html and 'name="order" value="newest"' in html
    # An unknown order is the default, not an error.
    assert client.get(QUEUE, {"order": "x"}).context["rows"][0].pk == old.pk
    response = client.post(f"{QUEUE}selected/", {"case_ids": [middle.pk], "order": "newest"})
    assert response["Location"] == f"{QUEUE}?order=newest"


def test_queue_offers_select_all_for_the_page_from_a_static_script(client, faculty, make_case):
    make_case()
    make_case(procedure="tace")
    client.force_login(faculty)
    html = client.get(QUEUE).content.decode()
    assert 'data-select-all="case_ids"' in html and "Select all 2 cases on this page" in html
    assert '<script src="/static/caselog/queue.js" defer></script>' in html
    # Hidden until the script shows it: without scripts each case is checked on its own.
    assert '<label class="queue-select-all" for="select-all-cases" hidden>' in html
