from django.contrib.auth import SESSION_KEY
from django.urls import reverse

CHANGE = "accounts:password_change"
NEW_PASSWORD = "a-new-Passw0rd-for-tests"


def test_password_change_needs_a_login(client, db):
    response = client.get(reverse(CHANGE))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_password_change_form_has_labels_and_autocomplete(client, resident):
    client.force_login(resident)

    html = client.get(reverse(CHANGE)).content.decode()

    assert '<label for="id_old_password">Old password:</label>' in html
    assert '<label for="id_new_password1">New password:</label>' in html
    assert 'autocomplete="current-password"' in html
    assert html.count('autocomplete="new-password"') == 2


def test_password_change_works_and_keeps_the_session(client, resident, password):
    client.force_login(resident)

    response = client.post(
        reverse(CHANGE),
        {"old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_change_done")
    resident.refresh_from_db()
    assert resident.check_password(NEW_PASSWORD)
    assert client.session[SESSION_KEY] == str(resident.pk)
    done = client.get(response["Location"])
    assert "Your password has been changed." in done.content.decode()


def test_wrong_old_password_is_shown_next_to_its_field(client, resident, password):
    client.force_login(resident)

    response = client.post(
        reverse(CHANGE),
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_old_password_error"' in html
    assert '<small class="field-error" id="id_old_password_error" role="alert">' in html
    assert "Your old password was entered incorrectly." in html
    resident.refresh_from_db()
    assert resident.check_password(password)


def test_weak_or_mismatched_new_passwords_are_refused(client, resident, password):
    client.force_login(resident)

    weak = client.post(
        reverse(CHANGE), {"old_password": password, "new_password1": "123", "new_password2": "123"}
    )
    mismatched = client.post(
        reverse(CHANGE),
        {"old_password": password, "new_password1": NEW_PASSWORD, "new_password2": "other-1234X"},
    )

    assert "This password is too short." in weak.content.decode()
    assert "The two password fields didn\u2019t match." in mismatched.content.decode()
    resident.refresh_from_db()
    assert resident.check_password(password)
