"""No moonlighting in PGY-1: the postgraduate year comes from the resident's training record.

Today is held at 2026-12-04. A resident whose record says PGY-1 from 2026-07-01 logs a
moonlighting shift on the web or over the API, and the violation shows where residents
and their directors look; a PGY-2 resident's moonlighting breaks no rule.
"""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from seldinger.pathways import training
from seldinger.workhours.models import ShiftEntry

pytestmark = pytest.mark.django_db

MOONLIGHTING_DAY = dt.date(2026, 11, 21)  # a Saturday in PGY-1 (2026-07-01 to 2027-06-30)
MY_VIOLATIONS = reverse("workhours:my_violations")
RULE = re.compile(r'data-rule="([^"]+)"')


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(dt.datetime(2026, 12, 4, 12, 0), tick=False):
        yield


def set_year(resident, stage):
    training.set_training(
        actor=resident,
        trainee=resident,
        pathway="integrated-ir",
        stage=stage,
        stage_start=dt.date(2026, 7, 1),
    )


def moonlight_on_the_web(client):
    response = client.post(
        f"{reverse('workhours:add_shift')}?week={MOONLIGHTING_DAY.isoformat()}",
        {
            "day": MOONLIGHTING_DAY.isoformat(),
            "start_time": "08:00",
            "end_time": "16:00",
            "end_day": "",
            "kind": "moonlighting",
            "note": "Urgent care",
        },
    )
    assert response.status_code == 302
    assert ShiftEntry.objects.filter(kind="moonlighting").count() == 1


def moonlight_over_the_api(client):
    response = client.post(
        "/api/workhours/shifts",
        {"start": "2026-11-21T08:00", "end": "2026-11-21T16:00", "kind": "moonlighting"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content


def rules_on_my_violations_page(client) -> list[str]:
    response = client.get(MY_VIOLATIONS)
    assert response.status_code == 200
    return RULE.findall(response.content.decode())


def test_pgy1_moonlighting_logged_on_the_web_shows_on_my_violations(client, resident):
    set_year(resident, "pgy1")
    client.force_login(resident)
    moonlight_on_the_web(client)
    assert rules_on_my_violations_page(client) == ["pgy1-moonlighting"]


def test_the_violation_names_the_pgy1_year_from_the_record(client, resident):
    set_year(resident, "pgy1")
    client.force_login(resident)
    moonlight_on_the_web(client)
    html = client.get(MY_VIOLATIONS).content.decode()
    assert "(2026-07-01 to 2027-06-30)" in html
    assert "PGY-1 residents may not moonlight" in html


def test_pgy1_moonlighting_logged_over_the_api_is_a_violation(client, resident):
    set_year(resident, "pgy1")
    client.force_login(resident)
    moonlight_over_the_api(client)
    response = client.get("/api/workhours/violations")
    assert response.status_code == 200
    assert [item["rule"] for item in response.json()["items"]] == ["pgy1-moonlighting"]
    assert rules_on_my_violations_page(client) == ["pgy1-moonlighting"]


def test_the_director_sees_the_pgy1_moonlighting(client, resident, director):
    set_year(resident, "pgy1")
    client.force_login(resident)
    moonlight_on_the_web(client)
    client.force_login(director)
    response = client.get(reverse("workhours:violations"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-resident="resident" data-rule="pgy1-moonlighting"' in html


def test_pgy2_moonlighting_is_no_violation(client, resident):
    set_year(resident, "pgy2")
    client.force_login(resident)
    moonlight_on_the_web(client)
    assert rules_on_my_violations_page(client) == []
    assert 'id="violation-count">0 violations<' in client.get(MY_VIOLATIONS).content.decode()


def test_pgy2_moonlighting_over_the_api_is_no_violation(client, resident):
    set_year(resident, "pgy2")
    client.force_login(resident)
    moonlight_over_the_api(client)
    assert client.get("/api/workhours/violations").json()["items"] == []


def test_changing_the_record_to_pgy2_clears_the_violation(client, resident):
    set_year(resident, "pgy1")
    client.force_login(resident)
    moonlight_on_the_web(client)
    assert rules_on_my_violations_page(client) == ["pgy1-moonlighting"]
    set_year(resident, "pgy2")
    assert rules_on_my_violations_page(client) == []
