"""Searching the directory: the same filters through the selector, the web page and the API."""

import pytest
from django.urls import reverse

from seldinger.programs.selectors import DirectoryFilters, DirectoryQueryError, search_programs

pytestmark = pytest.mark.django_db


def ids(programs):
    return sorted(program.acgme_id for program in programs)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["T-ALPHA", "T-BETA", "T-DELTA", "T-EPSILON", "T-GAMMA"]),
        ({"kind": "integrated-ir"}, ["T-ALPHA", "T-EPSILON"]),
        ({"state": "mn"}, ["T-ALPHA", "T-DELTA"]),
        ({"esir": True}, ["T-GAMMA"]),
        ({"esir": False}, ["T-ALPHA", "T-BETA", "T-DELTA", "T-EPSILON"]),
        ({"accreditation": "continued"}, ["T-ALPHA", "T-GAMMA"]),
        ({"min_positions": 4}, ["T-DELTA", "T-GAMMA"]),
        ({"min_positions": 3}, ["T-ALPHA", "T-DELTA", "T-GAMMA"]),
        ({"min_case_volume": 5000}, ["T-ALPHA", "T-GAMMA"]),
        ({"research_rotation": True}, ["T-ALPHA", "T-GAMMA"]),
        ({"research_rotation": False}, ["T-BETA"]),
        ({"q": "alpha"}, ["T-ALPHA", "T-DELTA"]),  # name or institution
        ({"q": "alpha hospital"}, ["T-ALPHA"]),  # every word must match
        ({"q": "betatown"}, ["T-BETA"]),
        ({"q": "t-gamma"}, ["T-GAMMA"]),
        ({"kind": "integrated-ir", "state": "MN", "min_case_volume": 1}, ["T-ALPHA"]),
    ],
)
def test_filters(directory, filters, expected):
    assert ids(search_programs(DirectoryFilters(**filters))) == expected


@pytest.mark.parametrize(
    ("filters", "words"),
    [
        ({"kind": "surgery"}, "kind: 'surgery' is not one of integrated-ir"),
        ({"state": "ZZ"}, "state: 'ZZ' is not a US state code"),
        ({"accreditation": "great"}, "accreditation: 'great' is not one of"),
        ({"min_positions": -1}, "min_positions: cannot be negative"),
    ],
)
def test_bad_filters_say_what_is_wrong(directory, filters, words):
    with pytest.raises(DirectoryQueryError, match=words):
        search_programs(DirectoryFilters(**filters))


def test_anonymous_visitors_browse_the_directory_and_a_profile(client, directory):
    response = client.get(reverse("programs:directory"))

    assert response.status_code == 200
    html = response.content.decode()
    for program in directory.values():
        assert program.name in html
    assert 'name="ids"' in html  # compare checkboxes
    detail = client.get(reverse("programs:detail", args=["T-ALPHA"]))
    assert detail.status_code == 200
    assert "Alpha University Hospital" in detail.content.decode()
    assert "Edit this profile" not in detail.content.decode()
    assert client.get(reverse("programs:detail", args=["NOPE"])).status_code == 404


def test_web_filters_match_the_selector(client, directory):
    response = client.get(
        reverse("programs:directory"),
        {"kind": "integrated-ir", "state": "MN", "research_rotation": "yes"},
    )

    rows = [program.acgme_id for program, _ in response.context["page"]]
    assert rows == ["T-ALPHA"]
    assert "1 program</strong> match your filters" in response.content.decode()


def test_web_esir_and_minimums(client, directory):
    response = client.get(reverse("programs:directory"), {"esir": "yes", "min_positions": "5"})
    assert [p.acgme_id for p, _ in response.context["page"]] == ["T-GAMMA"]


def test_htmx_gets_only_the_results(client, directory):
    response = client.get(
        reverse("programs:directory"), {"q": "beta"}, headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Beta Independent IR" in html and "Alpha Integrated IR" not in html
    assert "<html" not in html


def test_web_bad_filter_is_a_400_with_the_field(client, directory):
    response = client.get(reverse("programs:directory"), {"min_case_volume": "lots"})
    assert response.status_code == 400
    assert "Enter a whole number" in response.content.decode()


def test_synthetic_programs_carry_a_visible_badge(client, directory):
    html = client.get(reverse("programs:directory")).content.decode()

    alpha_row = html.split('data-acgme-id="T-ALPHA"')[1].split("</tr>")[0]
    beta_row = html.split('data-acgme-id="T-BETA"')[1].split("</tr>")[0]
    assert "synthetic demo data" not in alpha_row  # the one real program in the fixture
    assert "synthetic demo data" in beta_row
    detail = client.get(reverse("programs:detail", args=["T-BETA"])).content.decode()
    assert "synthetic demo data" in detail


def test_api_list_uses_the_same_filters(client, directory):
    response = client.get("/api/programs/", {"kind": "dr-esir"})
    assert response.status_code == 200
    body = response.json()["items"]
    assert [item["acgme_id"] for item in body] == ["T-GAMMA"]
    assert body[0]["offers_esir"] is True and body[0]["positions_total"] == 8
    assert body[0]["kind_label"] == "Diagnostic radiology residency with ESIR"

    everything = client.get("/api/programs/").json()["items"]
    assert len(everything) == 5
    assert ids_of(client.get("/api/programs/", {"research_rotation": "true"})) == [
        "T-ALPHA",
        "T-GAMMA",
    ]
    assert ids_of(client.get("/api/programs/", {"min_case_volume": 2000, "state": "or"})) == [
        "T-BETA"
    ]


def ids_of(response):
    assert response.status_code == 200, response.content
    return sorted(item["acgme_id"] for item in response.json()["items"])


def test_api_bad_filter_is_a_400(client, directory):
    response = client.get("/api/programs/", {"kind": "surgery"})
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["kind"]


def test_api_one_program(client, directory):
    response = client.get("/api/programs/T-ALPHA")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Alpha Integrated IR"
    assert body["mix_vascular_pct"] == 45 and body["publications_per_year"] == 40
    assert body["accreditation_label"] == "Continued accreditation"
    assert client.get("/api/programs/NOPE").status_code == 404


def test_export_is_open_to_anyone_and_follows_the_filters(client, directory):
    response = client.get(reverse("programs:export"), {"state": "MN"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("acgme_id,name,kind,")
    assert sorted(line.split(",")[0] for line in lines[1:]) == ["T-ALPHA", "T-DELTA"]


def test_programs_are_in_the_navigation_for_everyone(client, db):
    response = client.get(reverse("web:home"))
    labels = [item["label"] for item in response.context["nav_items"]]
    assert "Programs" in labels


def test_openapi_lists_the_directory_endpoints(client, db):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/programs/", "/api/programs/compare", "/api/programs/score"} <= set(paths)
    assert set(paths["/api/programs/{acgme_id}"]) == {"get", "put"}


def test_admin_pages_for_programs(admin_client, directory):
    assert admin_client.get("/admin/programs/program/").status_code == 200
    change = admin_client.get(f"/admin/programs/program/{directory['alpha'].pk}/change/")
    assert change.status_code == 200
    assert "Case volume and procedure mix" in change.content.decode()
    assert admin_client.get("/admin/programs/scoringpreference/").status_code == 200
