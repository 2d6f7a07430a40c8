"""The pages: navigation, the home page per role, the chart data and table fallback."""

import json

import pytest

from seldinger.milestones.services import save_evaluation, save_self_assessment

pytestmark = pytest.mark.django_db

PERIOD = "2025-1"


def test_navigation_shows_milestones_to_training_roles(client, resident, faculty, student):
    for user, shown in ((resident, True), (faculty, True), (student, False)):
        client.force_login(user)
        nav_urls = [item["url"] for item in client.get("/").context["nav_items"]]
        assert ("/milestones/" in nav_urls) is shown, user


def test_home_page_per_role(client, resident, faculty, director, assigned):
    client.force_login(resident)
    assert "Write my self-assessment" in client.get("/milestones/").content.decode()
    client.force_login(faculty)
    page = client.get("/milestones/").content.decode()
    assert f"/milestones/residents/{resident.pk}/evaluate/" in page
    client.force_login(director)
    assert "Assign faculty evaluators" in client.get("/milestones/").content.decode()


def test_resident_page_has_chart_data_and_a_table(
    client, resident, faculty, director, assigned, full_sheet
):
    save_evaluation(
        actor=faculty, resident=resident, period=PERIOD, ratings=full_sheet, submit=True
    )
    save_evaluation(
        actor=director, resident=resident, period=PERIOD, ratings=full_sheet, submit=True
    )
    save_self_assessment(resident=resident, period=PERIOD, ratings={"pc1": 4.5}, submit=False)
    client.force_login(resident)
    response = client.get(f"/milestones/residents/{resident.pk}/")
    data = json.loads(json.dumps(response.context["chart"]))
    assert data["periods"] == ["Jul-Dec 2025"] and data["target"] == 4.0
    assert data["subcompetencies"]["pc1"] == {
        "label": "PC1 Reporting",
        "evaluation": [3.0],
        "ccc": [3.0],
        "faculty": [3.0],
        "self": [4.5],
    }
    page = response.content.decode()
    assert 'id="milestone-data"' in page and "milestones/chart.js" in page
    assert "<table" in page and "PC5 Performance of Procedures" in page


def test_empty_pages_and_the_set_render(client, resident, today):
    client.force_login(resident)
    assert (
        "No milestone ratings"
        in client.get(f"/milestones/residents/{resident.pk}/").content.decode()
    )
    form = client.get("/milestones/self-assessment/", {"period": PERIOD})
    assert form.status_code == 200 and "Not yet assessable" in form.content.decode()
    data = client.get("/api/milestones/set").json()
    assert len(data["subcompetencies"]) == 31 and data["graduation_target"] == 4
