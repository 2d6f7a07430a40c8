from django.urls import reverse

from seldinger.audit.models import AuditEntry
from seldinger.audit.services import record


def test_admin_can_open_the_user_admin_with_roles(admin_client, resident):
    response = admin_client.get(reverse("admin:accounts_user_changelist"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "column-role" in html
    assert 'href="?role__exact=resident"' in html  # the role filter


def test_user_change_page_shows_role_and_memberships(admin_client, resident, program):
    response = admin_client.get(reverse("admin:accounts_user_change", args=[resident.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="role"' in html
    assert 'name="memberships-0-program"' in html


def test_admin_can_open_programs(admin_client, program, resident):
    assert admin_client.get(reverse("admin:programs_program_changelist")).status_code == 200
    change = admin_client.get(reverse("admin:programs_program_change", args=[program.pk]))
    assert change.status_code == 200


def test_resident_is_sent_away_from_the_admin(client, resident):
    client.force_login(resident)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_audit_entries_are_read_only_in_the_admin(admin_client, admin_user, resident):
    entry = record(actor=admin_user, action="update", instance=resident, after={"role": "x"})
    change_url = reverse("admin:audit_auditentry_change", args=[entry.pk])

    view = admin_client.get(change_url)
    assert view.status_code == 200
    assert 'name="_save"' not in view.content.decode()
    assert admin_client.post(change_url, {"action": "delete"}).status_code == 403
    assert admin_client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    delete_url = reverse("admin:audit_auditentry_delete", args=[entry.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    changelist = admin_client.get(reverse("admin:audit_auditentry_changelist"))
    assert changelist.status_code == 200
    assert reverse("admin:audit_auditentry_add") not in changelist.content.decode()
    entry.refresh_from_db()
    assert entry.action == "update"
    assert AuditEntry.objects.count() == 1
