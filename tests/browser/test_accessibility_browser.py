"""axe-core (WCAG 2.1 A and AA rules) finds no violation on any page a person reaches.

The pages are the link crawler's (``tests/link_crawler.py``, the one the link crawl test
follows): every page each persona reaches from their home, one address per page (another
case's detail is the same page), the admin site and the API documentation aside. Each is
checked on a phone; the main pages also on a desktop, with the menus closed and open.
"""

import time
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from link_crawler import PERSONAS, add_records, crawl, one_per_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WIDTHS = {"phone": 390, "desktop": 1280}
MAIN_PERSONAS = ["resident", "faculty", "director", "student", "outsider"]
RUN_AXE = """() => axe.run(document, {runOnly: {type: "tag",
    values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}).then(r => r.violations.map(
    v => v.id + " (" + v.impact + "): " + v.nodes.map(n => n.target.join(" ")).join(", ")))"""


def violations(page, *, loaded: bool = False) -> list[str]:
    if not loaded:
        page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE)


def _context(browser, viewport: str):
    # axe-core is added to each page as a script: the test's own, so the page's policy lets it in.
    return browser.new_context(viewport={"width": WIDTHS[viewport], "height": 844}, bypass_csp=True)


@pytest.mark.parametrize("viewport", list(WIDTHS))
def test_main_pages_have_no_accessibility_violation(
    live_server, browser, request, password, viewport
):
    users = {persona: request.getfixturevalue(persona) for persona in MAIN_PERSONAS}
    found = []
    context = _context(browser, viewport)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    found += [f"visitor /: {v}" for v in violations(page)]
    for persona in MAIN_PERSONAS:
        user = users[persona]
        context.clear_cookies()
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{live_server.url}/home/")
        found += [f"{persona} /home/: {v}" for v in violations(page)]
        # With the menu open and its first group unfolded.
        if viewport == "phone":
            page.get_by_role("button", name="Menu").click()
        page.locator("details.nav-menu summary").first.click()
        found += [f"{persona} /home/ menu open: {v}" for v in violations(page)]
        page.goto(f"{live_server.url}/")
        found += [f"{persona} /: {v}" for v in violations(page)]
    context.close()
    assert found == [], "\n".join(found)


def test_every_page_a_persona_reaches_has_no_accessibility_violation(
    live_server, browser, request, resident, faculty
):
    """On a phone: every page of the link crawl, for every persona."""
    started = time.monotonic()
    add_records(resident, faculty)
    found: list[str] = []
    checked = 0
    context = _context(browser, "phone")
    context.add_init_script(path=str(AXE))  # in every page before its own scripts
    page = context.new_page()
    for persona in PERSONAS:
        client = Client()
        client.force_login(request.getfixturevalue(persona))
        pages = one_per_page(crawl(client, persona).pages)
        context.clear_cookies()
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
        )
        for url in pages:
            page.goto(f"{live_server.url}{url}", wait_until="domcontentloaded")
            found += [f"{persona} {url}: {v}" for v in violations(page, loaded=True)]
        checked += len(pages)
    context.close()
    print(f"axe-core checked {checked} pages in {time.monotonic() - started:.1f} s")
    assert found == [], "\n".join(found)
    assert checked > 100, checked  # the crawl reached the pages behind the menus
