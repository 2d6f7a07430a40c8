"""axe-core (WCAG 2.1 A and AA rules) finds no violation on each persona's main pages, on a
phone and on a desktop, with the menus closed and open."""

from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WIDTHS = {"phone": 390, "desktop": 1280}
PERSONAS = ["resident", "faculty", "director", "student", "outsider"]
RUN_AXE = """() => axe.run(document, {runOnly: {type: "tag",
    values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}).then(r => r.violations.map(
    v => v.id + " (" + v.impact + "): " + v.nodes.map(n => n.target.join(" ")).join(", ")))"""


def violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE)


@pytest.mark.parametrize("viewport", list(WIDTHS))
def test_main_pages_have_no_accessibility_violation(
    live_server, browser, request, password, viewport
):
    users = {persona: request.getfixturevalue(persona) for persona in PERSONAS}
    found = []
    # axe-core is added to each page as a script: the test's own, so the page's policy lets it in.
    context = browser.new_context(
        viewport={"width": WIDTHS[viewport], "height": 844}, bypass_csp=True
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    found += [f"visitor /: {v}" for v in violations(page)]
    for persona in PERSONAS:
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
