"""A passkey registered and used in Chromium, with its virtual authenticator (the DevTools
protocol's WebAuthn domain) standing in for a phone or a security key: registered on the
security page, it then passes the second step after the password."""

import pytest
from django_otp_webauthn.models import WebAuthnCredential
from playwright.sync_api import expect

from seldinger.audit.models import AuditEntry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def log_in(page, base_url, username, password):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_a_passkey_registered_on_the_security_page_passes_the_second_step(
    live_server, page, resident, password, settings, screenshot_dir
):
    # Passkeys belong to a host name: the test server is at localhost.
    assert live_server.url.startswith("http://localhost:")
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )

    log_in(page, live_server.url, resident.username, password)
    expect(page).to_have_url(f"{live_server.url}/home/")
    page.locator("summary", has_text=resident.username).click()
    page.get_by_role("link", name="Security").click()
    page.get_by_role("button", name="Add a passkey").click()

    passkeys = page.locator("#passkeys li")
    expect(passkeys).to_have_count(1)
    assert WebAuthnCredential.objects.filter(user=resident, confirmed=True).count() == 1
    assert AuditEntry.objects.filter(
        action="create", record_type="django_otp_webauthn.WebAuthnCredential", actor=resident
    ).exists()
    page.screenshot(path=screenshot_dir / "mfa-security-desktop.png", full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=screenshot_dir / "mfa-security-phone.png", full_page=True)

    page.get_by_role("button", name="Menu").click()
    page.locator("summary", has_text=resident.username).click()
    page.get_by_role("button", name="Log out").click()
    log_in(page, live_server.url, resident.username, password)
    expect(page).to_have_url(f"{live_server.url}/accounts/second-step/?next=%2Fhome%2F")
    page.screenshot(path=screenshot_dir / "mfa-second-step-phone.png", full_page=True)
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=screenshot_dir / "mfa-second-step-desktop.png", full_page=True)

    page.get_by_role("button", name="Use a passkey").click()
    expect(page).to_have_url(f"{live_server.url}/home/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
