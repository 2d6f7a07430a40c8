import re

from django.urls import reverse

from seldinger.accounts.models import Role, User


def nav_labels(response) -> list[str]:
    return [item["label"] for item in response.context["nav_items"]]


def main_nav(html: str) -> str:
    match = re.search(r'<nav aria-label="Main".*?</nav>', html, re.S)
    assert match, "the page has no main navigation"
    return match.group(0)


def test_anonymous_navigation(client, db):
    response = client.get(reverse("web:home"))

    assert nav_labels(response) == [
        "Home",
        "Path planner",
        "Programs",
        "Match odds",
        "Jobs",
        "Careers",
        "API docs",
    ]
    nav = main_nav(response.content.decode())
    assert f'<a href="{reverse("web:home")}" aria-current="page">Home</a>' in nav
    assert f'<a href="{reverse("pathways:planner")}">Path planner</a>' in nav
    assert '<a href="/api/docs">API docs</a>' in nav


def test_resident_sees_role_and_logout_form_but_no_admin(client, db):
    resident = User.objects.create_user(
        username="rhea", password="x-Secret-123", role=Role.RESIDENT
    )
    client.force_login(resident)

    response = client.get(reverse("web:home"))
    html = response.content.decode()

    assert nav_labels(response) == [
        "Home",
        "Path planner",
        "Programs",
        "My plans",
        "My training",
        "Case log",
        "Progress",
        "Milestones",
        "Work hours",
        "Certification",
        "Licences",
        "Scholarship",
        "Match odds",
        "Jobs",
        "Careers",
        "API docs",
    ]
    assert "rhea" in html
    assert "Resident / fellow" in html
    logout = re.search(
        rf'<form method="post" action="{re.escape(reverse("accounts:logout"))}".*?</form>',
        html,
        re.S,
    )
    assert logout, "no logout form posting to accounts:logout"
    assert 'name="csrfmiddlewaretoken"' in logout.group(0)
    assert f'href="{reverse("accounts:password_change")}">Change password</a>' in html
    assert ">Log in</a>" not in html
    assert reverse("admin:index") not in main_nav(html)


def test_staff_user_sees_admin_link(client, db):
    staff = User.objects.create_user(
        username="ada", password="x-Secret-123", role=Role.ADMIN, is_staff=True
    )
    client.force_login(staff)

    response = client.get(reverse("web:home"))

    assert nav_labels(response)[-1] == "Admin"
    assert f'<a href="{reverse("admin:index")}">Admin</a>' in main_nav(response.content.decode())


def test_admin_role_without_staff_flag_gets_no_admin_link(client, db):
    user = User.objects.create_user(username="adele", password="x-Secret-123", role=Role.ADMIN)
    client.force_login(user)

    response = client.get(reverse("web:home"))

    assert "Admin" not in nav_labels(response)


def test_planner_pages_mark_their_own_nav_item_active(client, db):
    resident = User.objects.create_user(
        username="rhea", password="x-Secret-123", role=Role.RESIDENT
    )
    client.force_login(resident)

    for name, label in (("pathways:planner", "Path planner"), ("pathways:saved_plans", "My plans")):
        response = client.get(reverse(name))
        assert response.status_code == 200
        active = [item["label"] for item in response.context["nav_items"] if item["active"]]
        assert active == [label]
