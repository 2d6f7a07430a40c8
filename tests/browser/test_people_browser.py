"""A coordinator's people page on a phone and on a desktop: members with their roles and
accounts, invitations waiting, and inviting someone from the page puts them on the list."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from seldinger.accounts.models import Role
from seldinger.accounts.selectors import Kind
from seldinger.people import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base_url, username, password):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


@pytest.fixture
def busy_program(make_user, program, director, coordinator, faculty, resident):
    for user, first, last in (
        (director, "Dana", "Reyes"),
        (coordinator, "Chris", "Lowe"),
        (faculty, "Farah", "Haddad"),
        (resident, "Rui", "Santos"),
    ):
        user.first_name, user.last_name, user.email = first, last, f"{first.lower()}@example.org"
        user.save()
    graduate = make_user(
        "graduate",
        Role.RESIDENT,
        program=program,
        kind=Kind.TRAINEE,
        first_name="Gia",
        last_name="Marsh",
        email="gia@example.org",
    )
    services.deactivate(actor=coordinator, program=program, person=graduate)
    services.invite(
        actor=coordinator,
        program=program,
        email="omar.b@example.org",
        first_name="Omar",
        last_name="Bello",
        role="resident",
        start_date=dt.date(2026, 7, 1),
    )
    return program


@pytest.mark.parametrize(
    ("viewport", "width", "height"), [("phone", 390, 844), ("desktop", 1280, 900)]
)
def test_the_coordinator_invites_someone_from_the_people_page(
    live_server,
    browser,
    busy_program,
    coordinator,
    password,
    screenshot_dir,
    viewport,
    width,
    height,
):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    log_in(page, live_server.url, coordinator.username, password)
    page.goto(f"{live_server.url}/accounts/programs/{busy_program.pk}/people/")

    expect(page.get_by_role("heading", name="People", exact=True)).to_be_visible()
    expect(page.locator("#members")).to_contain_text("Deactivated")
    expect(page.locator("#invitations")).to_contain_text("omar.b@example.org")
    page.screenshot(path=str(screenshot_dir / f"people-{viewport}.png"), full_page=True)

    page.get_by_label("First name").fill("Ines")
    page.get_by_label("Last name").fill("Park")
    page.get_by_label("E-mail").fill("ines@example.org")
    page.get_by_label("Role").select_option("faculty")
    page.get_by_role("button", name="Send the invitation").click()

    expect(page.locator(".messages")).to_contain_text("Invitation sent to Ines Park")
    expect(page.locator("#invitations")).to_contain_text("ines@example.org")
    context.close()
