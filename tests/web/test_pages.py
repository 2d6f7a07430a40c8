"""The one way a page takes a form: where a refusal shows, what a POST answers."""

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from seldinger.accounts.models import Role
from seldinger.errors import Conflict, Invalid
from seldinger.web.pages import attachment, post_action, render_form, submitted, values


class NoteForm(forms.Form):
    title = forms.CharField()
    upload = forms.CharField(required=False)


def _post(data: dict[str, str], user: object = None):
    request = RequestFactory().post("/somewhere/", data)
    request.session = {}
    request._messages = FallbackStorage(request)
    request.user = user or AnonymousUser()
    return request


def _refuse(error: Exception):
    def save() -> None:
        raise error

    return save


def test_a_saved_form_hands_back_what_the_service_returned():
    form = NoteForm({"title": "Rounds"})

    saved = submitted(_post({"title": "Rounds"}), form, lambda: 42)

    assert saved is not None
    assert saved.value == 42


def test_a_get_never_saves():
    request = RequestFactory().get("/somewhere/")
    form = NoteForm({"title": "Rounds"})

    assert submitted(request, form, lambda: pytest.fail("saved on a GET")) is None


def test_an_invalid_form_is_not_saved_and_keeps_its_own_errors():
    form = NoteForm({"title": ""})

    assert submitted(_post({}), form, lambda: pytest.fail("saved an invalid form")) is None
    assert form.errors == {"title": ["This field is required."]}


def test_a_refused_field_shows_beside_it_and_an_unknown_one_on_the_whole_form():
    form = NoteForm({"title": "Rounds"})
    error = Invalid("two problems", errors={"title": "Taken.", "owner": "Not yours."})

    assert submitted(_post({"title": "Rounds"}), form, _refuse(error)) is None
    assert form.errors["title"] == ["Taken."]
    assert form.non_field_errors() == ["Not yours."]


def test_a_renamed_field_shows_beside_the_form_field_it_stands_for():
    form = NoteForm({"title": "Rounds"})
    error = Invalid("Not a PDF.", field="certificate")

    submitted(_post({"title": "Rounds"}), form, _refuse(error), rename={"certificate": "upload"})

    assert form.errors == {"upload": ["Not a PDF."]}


def test_whole_form_shows_the_message_once_above_the_fields():
    form = NoteForm({"title": "Rounds"})
    error = Invalid("Start after end.", field="title")

    submitted(_post({"title": "Rounds"}), form, _refuse(error), whole_form=True)

    assert form.errors == {"__all__": ["Start after end."]}


def test_a_django_validation_error_shows_on_the_whole_form():
    form = NoteForm({"title": "Rounds"})

    submitted(_post({"title": "Rounds"}), form, _refuse(ValidationError("Too late.")))

    assert form.errors == {"__all__": ["Too late."]}


def test_a_refusal_other_than_wrong_input_is_not_hidden_in_the_form():
    form = NoteForm({"title": "Rounds"})

    with pytest.raises(Conflict):
        submitted(_post({"title": "Rounds"}), form, _refuse(Conflict("Locked.")))


def test_a_form_shown_again_after_a_post_answers_400_and_on_a_get_200():
    context = {"form": NoteForm()}

    posted = render_form(_post({}), "404.html", context)
    shown = render_form(RequestFactory().get("/somewhere/"), "404.html", context)

    assert (posted.status_code, shown.status_code) == (400, 200)


def test_a_download_names_its_file_even_beyond_ascii():
    response = attachment(b"a,b\n", "text/csv; charset=utf-8", "cases-Müller.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''cases-M%C3%BCller.csv"
    assert attachment(b"", "text/csv", "cme-2024-2026.csv")["Content-Disposition"] == (
        'attachment; filename="cme-2024-2026.csv"'
    )


@post_action("Plan deleted.", "web:home")
def _delete(request, plan_id: int) -> None:
    request.deleted = plan_id


def test_a_button_view_acts_then_goes_on_with_its_message(make_user):
    request = _post({}, user=make_user("ada", Role.RESIDENT))

    response = _delete(request, plan_id=7)

    assert request.deleted == 7
    assert (response.status_code, response["Location"]) == (302, "/")
    assert [str(message) for message in request._messages] == ["Plan deleted."]


def test_a_button_view_refuses_a_get_and_sends_strangers_to_log_in(make_user):
    get = RequestFactory().get("/somewhere/")
    get.user = make_user("ada", Role.RESIDENT)

    assert _delete(get, plan_id=7).status_code == 405
    assert _delete(_post({}), plan_id=7)["Location"].startswith("/accounts/login/")


def test_a_valid_form_hands_the_service_only_the_fields_it_names():
    form = NoteForm({"title": "Rounds", "upload": "notes.pdf"})
    assert form.is_valid()

    assert values(form, ("title",)) == {"title": "Rounds"}
