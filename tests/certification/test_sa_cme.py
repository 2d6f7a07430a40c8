"""Self-assessment CME (SA-CME): marked on an activity, counted toward the 25 the ABR
required until January 2024, through the web and the API alike."""

import pytest

from seldinger.certification.models import CmeActivity

pytestmark = pytest.mark.django_db

JSON = "application/json"


def certified_2015(client, user):
    client.force_login(user)
    client.post(
        "/certification/profile/", {"certificate": "IR/DR", "initial_certification": "2015-10-01"}
    )


def cme_status(client, as_of):
    response = client.get("/api/certification/status", {"as_of": as_of})
    assert response.status_code == 200
    return next(part for part in response.json()["parts"] if part["key"] == "cme")


def test_sa_cme_marked_on_the_web_is_counted_in_2021(client, outsider):
    certified_2015(client, outsider)
    client.post(
        "/certification/cme/",
        {
            "title": "Board review",
            "date": "2020-03-01",
            "credits": "50",
            "credit_type": "AMA PRA Category 1",
        },
    )
    client.post(
        "/certification/cme/",
        {
            "title": "SA-CME module",
            "date": "2020-04-01",
            "credits": "25",
            "credit_type": "AMA PRA Category 1",
            "self_assessment": "on",
        },
    )
    assert CmeActivity.objects.get(title="SA-CME module").self_assessment
    cme = cme_status(client, "2021-06-01")
    assert (cme["status"], cme["done"]) == ("met", 75)
    assert "25 of 25 of them self-assessment CME" in cme["note"]


def test_without_sa_cme_the_75_credits_are_not_enough_in_2022_but_are_in_2024(client, outsider):
    certified_2015(client, outsider)
    created = client.post(
        "/api/certification/cme",
        {"title": "Meeting", "date": "2022-03-01", "credits": 75},
        content_type=JSON,
    )
    assert created.status_code == 201 and created.json()["self_assessment"] is False
    # Window 2020-2022: 75 credits, none SA-CME, and no OLA progress to waive them.
    assert cme_status(client, "2022-06-01")["status"] == "behind"
    # Window 2022-2024: SA-CME no longer required from 2024-01-24.
    assert cme_status(client, "2024-02-01")["status"] == "met"


def test_the_api_sets_and_changes_the_sa_cme_mark(client, outsider):
    certified_2015(client, outsider)
    created = client.post(
        "/api/certification/cme",
        {"title": "Module", "date": "2021-03-01", "credits": 25, "self_assessment": True},
        content_type=JSON,
    )
    assert created.json()["self_assessment"] is True
    changed = client.put(
        f"/api/certification/cme/{created.json()['id']}",
        {"title": "Module", "date": "2021-03-01", "credits": 25, "self_assessment": False},
        content_type=JSON,
    )
    assert changed.status_code == 200 and changed.json()["self_assessment"] is False
