"""Under the Content-Security-Policy, the pages people open every day run without a single
refusal in the browser's console (no inline script or style, no code htmx would evaluate),
and /api/docs draws the API's operations from the vendored Swagger UI."""

import re

import pytest
from playwright.sync_api import expect

from seldinger.caselog.models import CaseEntry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: Each page as a resident sees it: charts (Chart.js), htmx forms, the select-on-click field.
RESIDENT_PAGES = [
    "/home/",
    "/cases/",
    "/cases/mine/",
    "/cases/progress/",
    "/cases/import/",
    "/plan/",
    "/plan/training/",
    "/programs/",
    "/match/odds/",
    "/certification/",
    "/credentials/calendar/",
    "/milestones/",
    "/hours/",
    "/accounts/tokens/",
]


def watch_console(page) -> list[str]:
    """Every console error and uncaught exception the page shows from now on (a missing
    favicon, which Chromium asks for by itself, is no error of the page's)."""
    seen: list[str] = []

    def console(message) -> None:
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            seen.append(message.text)

    page.on("console", console)
    page.on("pageerror", lambda error: seen.append(str(error)))
    return seen


def log_in(page, base_url, username, password):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{base_url}/home/")


def test_daily_pages_run_without_a_policy_violation(
    live_server, page, resident, faculty, password, screenshot_dir
):
    CaseEntry.objects.create(
        trainee=resident,
        performed_on="2026-01-05",
        procedure_key="port-chest",
        category_key="venous-access",
        role="primary",
        supervisor=faculty,
        modality="fluoroscopy",
        fingerprint="csp-1",
    )
    refused = watch_console(page)
    page.goto(f"{live_server.url}/")
    log_in(page, live_server.url, resident.username, password)
    for path in RESIDENT_PAGES:
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"] or (
            "default-src 'self'" in response.headers["content-security-policy"]
        )
        page.wait_for_load_state("load")
    # An htmx swap under the policy: the directory's search replaces its results in place.
    page.goto(f"{live_server.url}/programs/")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/programs/\?"))
    # The calendar address selects itself when clicked, from a static script.
    page.goto(f"{live_server.url}/credentials/calendar/")
    page.locator("#feed-url").click()
    selected = page.evaluate(
        "() => { const f = document.getElementById('feed-url');"
        " return f.selectionEnd - f.selectionStart === f.value.length && f.value.length > 0; }"
    )
    page.goto(f"{live_server.url}/cases/progress/")
    page.screenshot(path=str(screenshot_dir / "csp-progress.png"), full_page=True)

    assert selected is True
    assert refused == []


def test_the_policy_refuses_an_inline_script_the_page_did_not_ship(live_server, page):
    """The header is enforced, not only sent: a script written into the page is refused."""
    refused = watch_console(page)
    page.goto(f"{live_server.url}/")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.injected = true'; document.body.append(s); }"
    )

    assert page.evaluate("() => window.injected === true") is False
    assert [text for text in refused if "Content Security Policy" in text] != []


@pytest.mark.parametrize(("viewport", "width"), [("phone", 390), ("desktop", 1280)])
def test_api_docs_show_the_operations(live_server, browser, screenshot_dir, viewport, width):
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    refused = watch_console(page)

    response = page.goto(f"{live_server.url}/api/docs")

    assert response is not None
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    expect(page.locator(".opblock-summary-path").first).to_be_visible(timeout=20_000)
    expect(page.locator(".opblock-summary-path").first).to_have_attribute(
        "data-path", re.compile(r"^/api/")
    )
    page.screenshot(path=str(screenshot_dir / f"api-docs-{viewport}.png"))
    context.close()
    assert refused == []
