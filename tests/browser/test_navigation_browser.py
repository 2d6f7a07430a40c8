"""The header's menus on a phone and on a desktop: one Menu button on a phone, a bar of
drop-down menus on a desktop, each opened by the mouse or the keyboard and closed by Escape."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base_url, username, password):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{base_url}/home/")


def test_phone_menu_is_one_button_and_its_groups_open_as_an_accordion(
    live_server, browser, resident, password, screenshot_dir
):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    log_in(page, live_server.url, resident.username, password)
    nav = page.get_by_role("navigation", name="Main")
    menu = page.get_by_role("button", name="Menu")

    expect(menu).to_be_visible()
    expect(nav).to_be_hidden()
    header = page.locator(".site-header").bounding_box()
    assert header["height"] < 100, f"the phone header is {header['height']}px tall"
    page.screenshot(path=str(screenshot_dir / "menu-phone-closed.png"))

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(nav.get_by_text("Training", exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name="Case log", exact=True)).to_be_hidden()
    nav.get_by_text("Training", exact=True).click()
    expect(nav.get_by_role("link", name="Case log", exact=True)).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "menu-phone-open.png"))

    # Opening another group closes the first.
    nav.get_by_text("Boards", exact=True).click()
    expect(nav.get_by_role("link", name="Licences")).to_be_visible()
    expect(nav.get_by_role("link", name="Case log", exact=True)).to_be_hidden()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the open menu scrolls sideways ({width}px)"

    nav.get_by_role("link", name="Licences").click()
    expect(page).to_have_url(f"{live_server.url}/credentials/")
    context.close()


def test_desktop_menus_drop_down_and_the_keyboard_opens_and_closes_them(
    live_server, browser, director, password, screenshot_dir
):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    log_in(page, live_server.url, director.username, password)
    nav = page.get_by_role("navigation", name="Main")

    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(nav.get_by_text("Program", exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name="Cohort")).to_be_hidden()
    page.screenshot(path=str(screenshot_dir / "menu-desktop-closed.png"))
    header = page.locator(".site-header").bounding_box()
    assert header["height"] < 130, f"the desktop header is {header['height']}px tall"
    page.screenshot(path=str(screenshot_dir / "menu-desktop-closed.png"))

    program = nav.locator("summary", has_text="Program")
    program.focus()
    page.keyboard.press("Enter")
    cohort = nav.get_by_role("link", name="Cohort")
    expect(cohort).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "menu-desktop-open.png"))
    page.keyboard.press("Escape")
    expect(cohort).to_be_hidden()
    expect(program).to_be_focused()

    # A click outside closes an open menu; the account menu holds the log-out button.
    account = page.locator("summary", has_text=director.username)
    account.click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "menu-desktop-account.png"))
    page.locator("main h1").first.click()
    expect(page.get_by_role("button", name="Log out")).to_be_hidden()

    program.click()
    cohort.click()
    expect(page).to_have_url(f"{live_server.url}/cases/cohort/")
    context.close()
