from urllib.parse import urlencode

from django.urls import reverse

from seldinger.accounts.models import Role, User

PERSONA_HEADINGS = (
    "Student or applicant",
    "Resident or fellow",
    "Faculty",
    "Program director or coordinator",
    "Diplomate",
    "Administrator",
)


def test_home_for_anonymous_shows_personas_and_planner_call_to_action(client, db):
    response = client.get(reverse("web:home"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "named after the Seldinger technique" in html
    for heading in PERSONA_HEADINGS:
        assert f"<h3>{heading}</h3>" in html
    planner = reverse("pathways:planner")
    assert f'<a href="{planner}" role="button" class="cta">Plan my path to IR</a>' in html
    assert f'href="{planner}?pathway=all"' in html
    # Public pages open directly; the others go through the login and come back.
    for page in ("programs:directory", "match:odds"):
        assert f'href="{reverse(page)}"' in html
    for page in ("caselog:log_case", "caselog:verification_queue", "caselog:cohort"):
        assert f'href="{reverse(page)}"' not in html
        assert f'href="{reverse("accounts:login")}?{urlencode({"next": reverse(page)})}"' in html
    admin = f"{reverse('accounts:login')}?{urlencode({'next': reverse('admin:index')})}"
    assert f'href="{admin}">Admin site</a>' in html
    assert reverse("pathways:saved_plans") not in html
    assert 'aria-label="Your role"' not in html
    assert f'href="{reverse("accounts:login")}">Log in</a>' in html


def test_home_highlights_the_logged_in_users_persona(client, db):
    student = User.objects.create_user(username="sam", password="x-Secret-123", role=Role.STUDENT)
    client.force_login(student)

    html = client.get(reverse("web:home")).content.decode()

    assert html.count('aria-label="Your role"') == 1
    yours = html.split('aria-label="Your role"', 1)[1]
    assert yours.index("Student or applicant") < yours.index("</article>")
    assert f'href="{reverse("pathways:saved_plans")}">My plans</a>' in html


def test_coordinator_is_shown_the_program_leadership_card(client, db):
    coordinator = User.objects.create_user(
        username="cora", password="x-Secret-123", role=Role.COORDINATOR
    )
    client.force_login(coordinator)

    html = client.get(reverse("web:home")).content.decode()

    yours = html.split('aria-label="Your role"', 1)[1]
    assert yours.index("Program director or coordinator") < yours.index("</article>")


def test_page_carries_csrf_token_for_htmx(client, db):
    html = client.get(reverse("web:home")).content.decode()

    assert '<meta name="csrf-token" content="' in html
    assert """hx-headers='{"X-CSRFToken": \"""" in html
    assert '<a class="skip-link" href="#content">Skip to content</a>' in html
    assert '<main id="content"' in html


def test_persona_cards_link_a_logged_in_user_only_to_pages_they_may_open(client, resident):
    client.force_login(resident)

    html = client.get(reverse("web:home")).content.decode()

    assert f'href="{reverse("caselog:log_case")}">Log a case</a>' in html
    for private in ("caselog:cohort", "caselog:verification_queue", "applications:tracker"):
        assert reverse(private) not in html
    assert reverse("admin:index") not in html
    # The cards whose pages are not theirs point to their own home instead.
    assert html.count(f'<a href="{reverse("home:index")}">Go to your home</a>') == 4
    assert "/accounts/login/" not in html
