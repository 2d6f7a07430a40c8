"""Every list of the API pages one way (``seldinger.api_helpers``): ``limit`` and ``offset`` in,
``count`` and ``items`` out, in a stable order; a bad value is refused with the one error body."""

import pytest

from seldinger.api import api
from seldinger.api_helpers import MAX_LIMIT, MAX_OFFSET, PageIn, paged
from seldinger.pathways.models import SavedPlan

ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}


def _document():
    return api.get_openapi_schema(path_prefix="/api/")


def _answer_schema(operation):
    return operation["responses"][200]["content"]["application/json"]["schema"]


def _lists(document):
    """(path, operation) of each GET whose answer is a page of records."""
    return [
        (path, methods["get"])
        for path, methods in document["paths"].items()
        if "get" in methods
        and 200 in methods["get"]["responses"]
        and "content" in methods["get"]["responses"][200]
        and _answer_schema(methods["get"]).get("$ref", "").endswith("Page")
    ]


def test_no_endpoint_answers_a_bare_list():
    bare = [
        f"{method.upper()} {path}"
        for path, methods in _document()["paths"].items()
        for method, operation in methods.items()
        for response in operation["responses"].values()
        if response.get("content", {}).get("application/json", {}).get("schema", {}).get("type")
        == "array"
    ]
    assert bare == []


def test_every_list_documents_its_paging_and_the_page_it_answers():
    document = _document()
    lists = _lists(document)
    assert len(lists) >= 30
    components = document["components"]["schemas"]
    for path, operation in lists:
        parameters = {p["name"]: p["schema"] for p in operation["parameters"]}
        limit, offset = parameters["limit"], parameters["offset"]
        assert (limit["default"], limit["minimum"], limit["maximum"]) == (50, 1, 500), path
        assert (offset["default"], offset["minimum"]) == (0, 0), path
        assert "refused with 422" in limit["description"]
        page = components[_answer_schema(operation)["$ref"].rsplit("/", 1)[-1]]
        assert page["required"] == ["count", "items"], path
        assert page["properties"]["count"]["type"] == "integer"
        assert page["properties"]["items"]["type"] == "array"
        assert operation["responses"][422]["content"]["application/json"]["schema"] == ERROR_REF


@pytest.mark.django_db
def test_every_list_refuses_a_limit_above_the_maximum(client, admin_user):
    client.force_login(admin_user)
    paths = [path for path, _ in _lists(_document()) if "{" not in path]
    assert len(paths) >= 30
    refusal = {"field": "limit", "message": "Input should be less than or equal to 500"}
    for path in paths:
        response = client.get(path, {"limit": MAX_LIMIT + 1})
        assert response.status_code == 422, path
        assert refusal in response.json()["errors"], path


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"limit": 0}, "limit", "Input should be greater than or equal to 1"),
        ({"limit": -5}, "limit", "Input should be greater than or equal to 1"),
        ({"limit": 10**30}, "limit", "Input should be less than or equal to 500"),
        (
            {"limit": "ten"},
            "limit",
            "Input should be a valid integer, unable to parse string as an integer",
        ),
        (
            {"limit": "2.5"},
            "limit",
            "Input should be a valid integer, unable to parse string as an integer",
        ),
        ({"offset": -1}, "offset", "Input should be greater than or equal to 0"),
        ({"offset": 10**30}, "offset", "Input should be less than or equal to 1000000000"),
        (
            {"offset": "next"},
            "offset",
            "Input should be a valid integer, unable to parse string as an integer",
        ),
    ],
)
def test_a_bad_limit_or_offset_is_422_in_the_one_shape(client, query, field, message):
    response = client.get("/api/programs/", query)
    assert response.status_code == 422
    assert response.json() == {
        "detail": f"Invalid request: {field}: {message}",
        "errors": [{"field": field, "message": message}],
    }


@pytest.mark.django_db
def test_an_offset_past_the_end_is_an_empty_page_with_the_count(client, program):
    response = client.get("/api/programs/", {"offset": MAX_OFFSET})
    assert response.status_code == 200
    assert response.json() == {"count": 1, "items": []}


@pytest.fixture
def plans(django_user_model):
    """Seven saved plans, the first three and the last four sharing a title."""
    owner = django_user_model.objects.create_user("owner")
    return [
        SavedPlan.objects.create(
            owner=owner,
            stage="ms4",
            stage_start="2026-07-01",
            pathway="integrated-ir",
            title="a" if number < 3 else "b",
        ).pk
        for number in range(7)
    ]


@pytest.mark.django_db
def test_pages_of_a_queryset_give_each_record_once_ties_in_key_order(plans):
    found = SavedPlan.objects.order_by("-title")
    walked = []
    for offset in range(0, 9, 3):
        page = paged(found, PageIn(limit=3, offset=offset), lambda plan: plan.pk)
        assert page["count"] == 7
        walked += page["items"]
    assert walked == plans[3:] + plans[:3]


@pytest.mark.django_db
def test_a_page_that_tells_the_count_costs_no_count_query(plans, django_assert_num_queries):
    found = SavedPlan.objects.all()
    with django_assert_num_queries(1):
        assert paged(found, PageIn(limit=10))["count"] == 7
    with django_assert_num_queries(1):
        assert paged(found, PageIn(limit=5, offset=5))["count"] == 7
    with django_assert_num_queries(2):
        assert paged(found, PageIn(limit=7))["count"] == 7
    with django_assert_num_queries(2):
        assert paged(found, PageIn(limit=5, offset=20)) == {"count": 7, "items": []}


def test_a_list_is_paged_as_it_comes_each_record_shown_once():
    shown = []

    def show(number):
        shown.append(number)
        return number * 10

    assert paged(list(range(7)), PageIn(limit=3, offset=3), show) == {
        "count": 7,
        "items": [30, 40, 50],
    }
    assert shown == [3, 4, 5]
    assert paged([], PageIn()) == {"count": 0, "items": []}
