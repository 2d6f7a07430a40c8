import re

from django.urls import reverse

from seldinger.accounts.models import Role, User


def nav_labels(response) -> list[str]:
    return [item["label"] for item in response.context["nav_items"]]


def menus(response) -> dict[str, list[str]]:
    """Each menu of the header by its label, with its links' labels."""
    return {
        group["label"]: [item["label"] for item in group["items"]]
        for group in response.context["nav_groups"]
    }


def main_nav(html: str) -> str:
    match = re.search(r'<nav aria-label="Main".*?</nav>', html, re.S)
    assert match, "the page has no main navigation"
    return match.group(0)


def test_anonymous_navigation(client, db):
    response = client.get(reverse("web:home"))

    assert [item["label"] for item in response.context["nav_links"]] == ["Home"]
    assert menus(response) == {
        "Plan & match": ["Path planner", "Programs", "Match odds"],
        "Career": ["Jobs", "Careers"],
    }
    assert response.context["nav_account"] is None
    html = response.content.decode()
    nav = main_nav(html)
    assert f'<a href="{reverse("web:home")}" aria-current="page">Home</a>' in nav
    assert "<summary>Plan &amp; match</summary>" in nav
    assert f'<a href="{reverse("pathways:planner")}">Path planner</a>' in nav
    assert f'href="{reverse("accounts:login")}">Log in</a>' in html


def test_resident_menus_group_their_pages(client, db):
    resident = User.objects.create_user(
        username="rhea", password="x-Secret-123", role=Role.RESIDENT
    )
    client.force_login(resident)

    response = client.get(reverse("web:home"))

    assert menus(response) == {
        "Training": [
            "My training",
            "Case log",
            "Progress",
            "Dose reports",
            "Milestones",
            "ACGME Case Log",
            "Work hours",
            "Schedule",
            "Scholarship",
        ],
        "Boards": ["Certification", "Licences"],
        "Plan & match": ["Path planner", "My plans", "Programs", "Match odds"],
        "Career": ["Jobs", "Saved jobs", "Careers"],
    }
    account = response.context["nav_account"]
    assert [item["label"] for item in account["items"]] == [
        "To-do e-mail",
        "Change password",
        "Security",
        "API tokens",
        "API docs",
    ]


def test_each_role_sees_only_its_own_menus(client, make_user):
    expected = {
        Role.STUDENT: ["Plan & match", "Career"],
        Role.FACULTY: ["Program", "Plan & match", "Career"],
        Role.DIRECTOR: ["Program", "Plan & match", "Career"],
        Role.COORDINATOR: ["Program", "Plan & match", "Career"],
        Role.DIPLOMATE: ["Boards", "Plan & match", "Career"],
        Role.EMPLOYER: ["Plan & match", "Career"],
    }
    for role, groups in expected.items():
        client.force_login(make_user(f"user-{role}", role))
        assert list(menus(client.get(reverse("web:home")))) == groups, role
    client.force_login(User.objects.get(username="user-employer"))
    assert "My postings" in menus(client.get(reverse("web:home")))["Career"]


def test_menus_are_disclosures_the_keyboard_opens(client, db):
    html = main_nav(client.get(reverse("web:home")).content.decode())

    # <details>/<summary>: a button to the keyboard and to screen readers, with no script.
    assert html.count('<details class="nav-menu">') == 2
    assert html.count("<summary") == 2


def test_resident_sees_role_and_logout_form_but_no_admin(client, db):
    resident = User.objects.create_user(
        username="rhea", password="x-Secret-123", role=Role.RESIDENT
    )
    client.force_login(resident)

    response = client.get(reverse("web:home"))
    html = response.content.decode()

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
    assert reverse("admin:index") not in html


def test_staff_user_sees_admin_link(client, db):
    staff = User.objects.create_user(
        username="ada", password="x-Secret-123", role=Role.ADMIN, is_staff=True
    )
    client.force_login(staff)

    response = client.get(reverse("web:home"))

    assert nav_labels(response)[-1] == "Admin"
    assert [item["label"] for item in response.context["nav_account"]["items"]][-1] == "Admin"
    assert f'<a href="{reverse("admin:index")}">Admin</a>' in response.content.decode()


def test_admin_role_without_staff_flag_gets_no_admin_link(client, db):
    user = User.objects.create_user(username="adele", password="x-Secret-123", role=Role.ADMIN)
    client.force_login(user)

    response = client.get(reverse("web:home"))

    assert "Admin" not in nav_labels(response)


def test_planner_pages_mark_their_own_nav_item_and_menu_active(client, db):
    resident = User.objects.create_user(
        username="rhea", password="x-Secret-123", role=Role.RESIDENT
    )
    client.force_login(resident)

    for name, label in (("pathways:planner", "Path planner"), ("pathways:saved_plans", "My plans")):
        response = client.get(reverse(name))
        assert response.status_code == 200
        active = [item["label"] for item in response.context["nav_items"] if item["active"]]
        assert active == [label]
        current = [group["label"] for group in response.context["nav_groups"] if group["active"]]
        assert current == ["Plan & match"]
        assert '<summary class="nav-menu--current">Plan &amp; match</summary>' in (
            response.content.decode()
        )
