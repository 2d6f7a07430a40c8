"""A visitor plans their path in a real browser: timeline and comparison render."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_compares_pathways(live_server, page, screenshot_dir):
    page.goto(f"{live_server.url}/plan/")
    page.get_by_label("Where are you now?").select_option("ms1")
    page.get_by_label("Date you started that stage").fill("2026-08-01")
    page.get_by_label("Pathway").select_option("all")
    page.get_by_role("button", name="Plan my path").click()

    table = page.locator("#comparison-table")
    expect(table).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(4)
    expect(table).to_contain_text("Integrated IR/DR residency")
    expect(page.locator("#timeline-chart")).to_have_attribute("data-rendered", "true")
    bars = page.evaluate("Chart.getChart('timeline-chart').data.datasets[0].data.length")
    assert bars >= 4 * 3  # at least clinical, DR and IR phases for each pathway
    axis = page.evaluate(
        "(() => { const x = Chart.getChart('timeline-chart').scales.x; return [x.min, x.max]; })()"
    )
    assert axis == [2026, 2038]  # medical school to the 7-year pathway's certifying oral
    expect(page.locator("#checklist")).to_contain_text("Shadow interventional radiologists")
    expect(page).to_have_url(re.compile(r"stage=ms1.*pathway=all"))
    page.screenshot(path=str(screenshot_dir / "planner.png"), full_page=True)


def test_planner_on_a_phone(live_server, browser, screenshot_dir):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = context.new_page()
    phone.goto(f"{live_server.url}/plan/?stage=pgy2&date=2026-07-01&pathway=integrated-ir")
    expect(phone.locator("#timeline-chart")).to_have_attribute("data-rendered", "true")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways on a phone ({width}px)"
    phone.screenshot(path=str(screenshot_dir / "planner-phone.png"), full_page=True)
    context.close()


def test_bad_input_shows_a_message(live_server, page):
    page.goto(f"{live_server.url}/plan/")
    page.get_by_label("Where are you now?").select_option("pgy7")
    page.get_by_label("Date you started that stage").fill("2026-07-01")
    page.get_by_label("Pathway").select_option("integrated-ir")
    page.get_by_role("button", name="Plan my path").click()
    expect(page.locator("#plan-results")).to_contain_text("has 6 postgraduate years")


def test_phone_menu_folds_and_opens(live_server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = context.new_page()
    phone.goto(f"{live_server.url}/")
    menu = phone.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    expect(phone.locator("#main-nav")).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    nav = phone.get_by_role("navigation", name="Main")
    nav.get_by_text("Plan & match", exact=True).click()
    nav.get_by_role("link", name="Path planner").click()
    expect(phone).to_have_url(f"{live_server.url}/plan/")
    context.close()
