"""The planner page: anyone can use it; bad input is a message, never a 500."""

import json

import pytest

pytestmark = pytest.mark.django_db

URL = "/plan/"


def test_empty_planner_shows_the_form(client):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="plan-form"' in html and "Compare all pathways" in html
    assert 'id="timeline-chart"' not in html


def test_compare_all_renders_timeline_comparison_and_checklist(client):
    response = client.get(URL, {"stage": "ms1", "date": "2026-08-01", "pathway": "all"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="timeline-chart"' in html and 'id="comparison-table"' in html
    assert 'id="checklist"' in html and "Shadow interventional radiologists" in html
    timeline = response.context["timeline"]
    assert len(timeline["rows"]) == 4
    assert {marker["key"] for marker in timeline["markers"]} >= {"core-exam", "training-end"}
    data = json.loads(html.split('id="timeline-data" type="application/json">')[1].split("<")[0])
    assert data["rows"] == timeline["rows"]


def test_one_pathway_lists_its_stages_and_dates(client):
    response = client.get(URL, {"stage": "pgy2", "date": "2026-07-01", "pathway": "integrated-ir"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="comparison-table"' not in html
    assert "PGY-6 (R5)" in html and "Jun 30, 2030" in html
    assert 'id="checklist"' not in html  # residents do not get the student checklist


def test_htmx_request_gets_only_the_results(client):
    response = client.get(
        URL, {"stage": "ms1", "date": "2026-08-01", "pathway": "all"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert 'id="comparison-table"' in html and "<html" not in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"stage": "ms9", "date": "2026-08-01", "pathway": "all"}, "Select a valid choice"),
        ({"stage": "ms1", "date": "2026-02-30", "pathway": "all"}, "Enter a valid date"),
        (
            {"stage": "pgy7", "date": "2026-07-01", "pathway": "integrated-ir"},
            "has 6 postgraduate years",
        ),
        ({"stage": "ms1", "date": "1800-01-01", "pathway": "all"}, "out of range"),
    ],
)
def test_bad_input_is_explained(client, query, message):
    response = client.get(URL, query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_anonymous_visitor_is_invited_to_log_in_to_save(client):
    response = client.get(URL, {"stage": "ms1", "date": "2026-08-01", "pathway": "all"})
    assert "to save this plan" in response.content.decode()


def test_the_chart_marks_the_dr_oral_an_ir_candidate_takes_from_the_class_of_2029(client):
    # MS1 in August 2026: PGY-1 in July 2030, class of 2035 on the integrated pathway.
    response = client.get(URL, {"stage": "ms1", "date": "2026-08-01", "pathway": "integrated-ir"})
    markers = {marker["key"]: marker["date"] for marker in response.context["timeline"]["markers"]}
    assert markers["certifying-dr-oral"] == "2035-06-01"
    assert markers["certifying-oral"] == "2037-01-01"


def test_compare_the_pathways_link_opens_the_form_with_all_pathways_chosen(client):
    response = client.get(URL, {"pathway": "all"})

    assert response.status_code == 200
    html = response.content.decode()
    assert '<option value="all" selected>Compare all pathways</option>' in html
    assert 'id="comparison-table"' not in html  # the dates are still to be given


def test_compare_the_pathways_link_compares_them_from_a_residents_own_dates(
    client, resident, enter_record
):
    enter_record(resident)
    client.force_login(resident)

    response = client.get(URL, {"pathway": "all"})

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="comparison-table"' in html
    assert '<option value="pgy2" selected>' in html
    assert len(response.context["timeline"]["rows"]) > 1


def test_an_unknown_preset_pathway_is_ignored(client):
    response = client.get(URL, {"pathway": "no-such-pathway"})

    assert response.status_code == 200
    assert '<option value="all" selected>' not in response.content.decode()
