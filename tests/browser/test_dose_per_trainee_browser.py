"""Dose per trainee on a phone and a desktop: the flagged case and the medians are seen."""

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from seldinger.caselog.models import CaseEntry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def case(trainee, *, days_ago, category="embolization", procedure="tace", **dose):
    CaseEntry.objects.create(
        trainee=trainee,
        performed_on=timezone.localdate() - dt.timedelta(days=days_ago),
        procedure_key=procedure,
        category_key=category,
        role="primary",
        modality="fluoroscopy",
        fingerprint=f"{days_ago}-{procedure}",
        **{name: Decimal(str(value)) for name, value in dose.items()},
    )


UFE = "uterine-fibroid-embolization"
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


def _open(browser, live_server, user, size):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport=SIZES[size])
    host = live_server.url.split("//")[1].split(":")[0]
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "domain": host,
                "path": "/",
            }
        ]
    )
    return context, context.new_page()


@pytest.mark.parametrize("size", list(SIZES))
def test_progress_and_cohort_show_the_flagged_case(
    live_server, browser, resident, director, size, screenshot_dir
):
    case(resident, days_ago=3, dap_gycm2=42.5, fluoro_minutes=12.2)
    case(
        resident,
        days_ago=30,
        dap_gycm2=612,
        air_kerma_mgy=3900,
        fluoro_minutes=71,
        procedure=UFE,
    )
    case(resident, days_ago=70, dap_gycm2=8.1, category="venous-access", procedure="port-chest")
    for user, path, name in (
        (resident, "/cases/progress/", "progress"),
        (director, "/cases/cohort/", "cohort"),
    ):
        context, page = _open(browser, live_server, user, size)
        page.goto(f"{live_server.url}{path}")
        flags = page.locator("#srdl-flags")
        expect(flags).to_contain_text("Fluoroscopy time 71 min ≥ 60 min")
        expect(flags).to_contain_text("possible skin injury")
        flags.scroll_into_view_if_needed()
        page.screenshot(path=str(screenshot_dir / f"dose-{name}-{size}.png"), full_page=True)
        context.close()
