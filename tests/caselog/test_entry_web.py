"""Logging, editing and deleting one's own cases on the web."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from seldinger.audit.models import AuditEntry
from seldinger.caselog import selectors, services
from seldinger.caselog.entries import validate_case
from seldinger.caselog.models import CaseEntry

pytestmark = pytest.mark.django_db

LOG = "/cases/"


def form_data(**changes):
    data = {
        "procedure_query": "PICC",
        "procedure": "picc",
        "date": timezone.localdate().isoformat(),
        "role": "primary",
        "supervisor": "faculty",
        "modality": "ultrasound",
        "age_band": "adult",
        "fluoro_minutes": "1.5",
        "dap_gycm2": "",
        "air_kerma_mgy": "",
        "complication": "none",
        "notes": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def make_case(resident, faculty):
    def make(trainee=None, **changes):
        trainee = trainee or resident
        raw = {
            "date": "2026-01-05",
            "procedure": "picc",
            "role": "primary",
            "supervisor": faculty.username,
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


def audit_of(case_id):
    return list(
        AuditEntry.objects.filter(record_type="caselog.CaseEntry", record_id=str(case_id))
        .order_by("at", "id")
        .values_list("action", flat=True)
    )


def test_log_form_needs_a_login(client):
    response = client.get(LOG)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_form_defaults_to_today_and_is_mobile_friendly(client, resident, faculty):
    client.force_login(resident)
    html = client.get(LOG).content.decode()
    assert f'value="{timezone.localdate().isoformat()}"' in html
    assert 'name="date"' in html and 'type="date"' in html
    assert html.count('inputmode="decimal"') == 3
    for label in ("Primary operator", "Assistant", "Observer", "Supervising faculty", "Modality"):
        assert label in html
    assert '<option value="faculty">' in html
    assert 'hx-get="/cases/procedures/"' in html
    assert ">Log case</button>" in html


def test_logging_a_case_shows_case_logged_and_an_empty_form(client, resident, faculty):
    client.force_login(resident)
    response = client.post(LOG, form_data(notes="Right basilic vein, 4 Fr"), follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == LOG
    assert "Case logged: PICC line placement" in html
    case = CaseEntry.objects.get(trainee=resident)
    assert case.procedure_key == "picc" and case.category_key == "venous-access"
    assert case.performed_on == timezone.localdate()
    assert case.supervisor == faculty and case.status == "pending" and case.source == "web"
    assert str(case.fluoro_minutes) == "1.50"
    assert audit_of(case.pk) == ["create"]
    # The next form is empty but remembers supervisor and modality.
    form = response.context["form"]
    assert not form.is_bound
    assert form.initial["supervisor"] == "faculty" and form.initial["modality"] == "ultrasound"
    assert "Right basilic" not in html.split("Recently logged")[0]


def test_procedure_typed_without_javascript_is_resolved_on_the_server(client, resident, faculty):
    client.force_login(resident)
    client.post(LOG, form_data(procedure="", procedure_query="36558"))
    client.post(LOG, form_data(procedure="", procedure_query="uterine fibroid embolization"))
    keys = set(CaseEntry.objects.values_list("procedure_key", flat=True))
    assert keys == {"tunneled-central-line", "uterine-fibroid-embolization"}


def test_ambiguous_procedure_offers_the_matches_to_choose(client, resident, faculty):
    client.force_login(resident)
    response = client.post(LOG, form_data(procedure="", procedure_query="37243"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Several procedures match" in html and 'role="alert"' in html
    for key in ("tace", "radioembolization", "uterine-fibroid-embolization"):
        assert f'name="procedure" value="{key}"' in html
    assert not CaseEntry.objects.exists()


def test_unknown_procedure_and_missing_fields_are_reported_per_field(client, resident, faculty):
    client.force_login(resident)
    response = client.post(
        LOG, form_data(procedure="", procedure_query="zzzz", role="", fluoro_minutes="abc")
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert "No procedure matches" in form.errors["procedure_query"][0]
    assert form.errors["role"] == ["Choose your role."]
    assert "is not a number" in form.errors["fluoro_minutes"][0]


def test_future_date_is_refused(client, resident, faculty):
    client.force_login(resident)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(LOG, form_data(date=tomorrow.isoformat()))
    assert response.status_code == 400 and "in the future" in response.content.decode()
    assert not CaseEntry.objects.exists()


def test_phi_in_notes_is_refused_next_to_the_field(client, resident, faculty):
    client.force_login(resident)
    response = client.post(LOG, form_data(notes="MRN 12345678, Mr. Smith"))
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_notes_error" role="alert">This may identify a patient' in html
    assert "medical record number" in response.context["form"].errors["notes"][0]
    assert '<details class="case-more" open>' in html
    assert not CaseEntry.objects.exists()


def test_search_as_you_type_returns_choosable_procedures(client, resident):
    client.force_login(resident)
    response = client.get(
        "/cases/procedures/", {"procedure_query": "chest port"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert 'name="procedure" value="port-chest"' in html
    assert "Chest port placement" in html and "CPT 36561" in html
    by_synonym = client.get("/cases/procedures/", {"procedure_query": "mediport"})
    assert 'value="port-chest"' in by_synonym.content.decode()
    nothing = client.get("/cases/procedures/", {"procedure_query": "qqqq"}).content.decode()
    assert "No procedure matches" in nothing


def test_recent_procedures_are_offered_first(client, resident, make_case):
    make_case(procedure="tace")
    make_case(procedure="picc")
    client.force_login(resident)
    html = client.get(LOG).content.decode()
    assert "Your recent procedures" in html
    assert html.index('value="picc"') < html.index('value="tace"')
    empty_query = client.get("/cases/procedures/").content.decode()
    assert 'value="picc"' in empty_query


def test_non_trainees_cannot_log_cases(client, faculty, student):
    for user in (faculty, student):
        client.force_login(user)
        assert client.get(LOG).status_code == 403
        assert client.post(LOG, form_data()).status_code == 403
    assert not CaseEntry.objects.exists()


def test_edit_own_unverified_case_is_audited_and_shown_in_history(client, resident, make_case):
    case = make_case()
    client.force_login(resident)
    page = client.get(f"/cases/{case.pk}/edit/")
    assert page.status_code == 200
    assert re.search(r'value="picc" data-name="PICC line placement" checked', page.content.decode())
    response = client.post(
        f"/cases/{case.pk}/edit/", form_data(role="assistant", modality="fluoroscopy"), follow=True
    )
    assert "Case updated." in response.content.decode()
    case.refresh_from_db()
    assert case.role == "assistant" and case.performed_on == timezone.localdate()
    assert audit_of(case.pk) == ["create", "update"]
    detail = client.get(f"/cases/{case.pk}/").content.decode()
    assert "History" in detail and "Logged" in detail
    assert "Role: Primary operator → Assistant" in detail
    assert "Edit case" in detail and "Delete case" in detail


def test_delete_own_unverified_case(client, resident, make_case):
    case = make_case()
    client.force_login(resident)
    assert "Delete this case?" in client.get(f"/cases/{case.pk}/delete/").content.decode()
    response = client.post(f"/cases/{case.pk}/delete/", follow=True)
    assert "Case deleted." in response.content.decode()
    assert not CaseEntry.objects.filter(pk=case.pk).exists()
    assert audit_of(case.pk) == ["create", "delete"]


def test_verified_case_cannot_be_edited_or_deleted_on_the_web(client, resident, faculty, make_case):
    case = make_case()
    services.verify_cases(faculty=faculty, case_ids=[case.pk])
    client.force_login(resident)
    detail = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Verified cases are read-only." in detail
    assert f"/cases/{case.pk}/edit/" not in detail and f"/cases/{case.pk}/delete/" not in detail
    edited = client.post(f"/cases/{case.pk}/edit/", form_data(role="observer"))
    assert edited.status_code == 409 and "verified and read-only" in edited.content.decode()
    assert client.post(f"/cases/{case.pk}/delete/").status_code == 409
    case.refresh_from_db()
    assert case.role == "primary" and case.status == "verified"


def test_returned_case_shows_the_comment_and_goes_back_to_pending(
    client, resident, faculty, make_case
):
    case = make_case()
    services.return_case(faculty=faculty, case=case, comment="You were the assistant.")
    client.force_login(resident)
    detail = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Returned for correction" in detail and "You were the assistant." in detail
    form_page = client.get(f"/cases/{case.pk}/edit/").content.decode()
    assert "You were the assistant." in form_page
    response = client.post(f"/cases/{case.pk}/edit/", form_data(role="assistant"), follow=True)
    assert "sent back for verification" in response.content.decode()
    case.refresh_from_db()
    assert case.status == "pending" and case.role == "assistant"


def test_my_cases_filters_and_pages(client, resident, make_case):
    for day in range(1, 28):
        make_case(date=f"2026-01-{day:02d}")
    make_case(date="2026-02-01", procedure="tace")
    client.force_login(resident)
    first = client.get("/cases/mine/")
    assert first.context["page"].paginator.count == 28
    assert len(first.context["rows"]) == 25 and "Next" in first.content.decode()
    second = client.get("/cases/mine/", {"page": 2})
    assert len(second.context["rows"]) == 3
    by_category = client.get("/cases/mine/", {"category": "embolization"})
    assert [row.procedure for row in by_category.context["rows"]] == [
        "Transarterial chemoembolization (TACE, including drug-eluting beads)"
    ]
    by_dates = client.get("/cases/mine/", {"date_from": "2026-01-10", "date_to": "2026-01-12"})
    assert by_dates.context["page"].paginator.count == 3
    assert client.get("/cases/mine/", {"status": "verified"}).context["page"].paginator.count == 0
    paged_filter = client.get("/cases/mine/", {"category": "venous-access", "page": 2})
    assert 'href="?category=venous-access&amp;page=1"' in paged_filter.content.decode()
