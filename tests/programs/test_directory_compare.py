"""Comparing programs side by side: up to five, with a clear message beyond that."""

import pytest
from django.urls import reverse

from seldinger.programs.selectors import (
    MAX_COMPARE,
    DirectoryQueryError,
    compare_programs,
    parse_ids,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def seven(make_program):
    return [make_program(f"T-{number:04d}", name=f"Program {number}") for number in range(1, 8)]


def test_ids_come_repeated_or_comma_separated_without_repeats():
    assert parse_ids(["A,B", "C", " B ", ""]) == ["A", "B", "C"]


def test_compare_keeps_the_order_chosen(seven):
    chosen = ["T-0003", "T-0001", "T-0005"]
    assert [p.acgme_id for p in compare_programs(chosen)] == chosen


def test_compare_limit(seven):
    assert MAX_COMPARE == 5
    assert len(compare_programs([p.acgme_id for p in seven[:5]])) == 5
    with pytest.raises(
        DirectoryQueryError, match="You chose 6 programs; a comparison shows at most 5"
    ):
        compare_programs([p.acgme_id for p in seven[:6]])
    with pytest.raises(DirectoryQueryError, match="at least one"):
        compare_programs([])
    with pytest.raises(DirectoryQueryError, match="No program with ACGME ID 'NOPE'") as error:
        compare_programs(["T-0001", "NOPE"])
    assert error.value.status == 404


def test_web_compare_shows_the_programs_side_by_side(client, seven):
    response = client.get(reverse("programs:compare"), {"ids": ["T-0002", "T-0004"]})

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="comparison-table"' in html
    assert html.index("Program 2") < html.index("Program 4")
    assert "synthetic demo data" in html  # the fixture's programs are synthetic
    assert 'id="mix-chart-data"' in html


def test_web_compare_more_than_five_explains_and_offers_to_untick(client, seven):
    response = client.get(reverse("programs:compare"), {"ids": [p.acgme_id for p in seven[:6]]})

    assert response.status_code == 400
    html = response.content.decode()
    assert "You chose 6 programs; a comparison shows at most 5. Untick 1 and compare again." in html
    assert html.count('type="checkbox" name="ids"') == 6
    assert 'id="comparison-table"' not in html


def test_web_compare_unknown_program_is_404(client, seven):
    assert client.get(reverse("programs:compare"), {"ids": "T-0001,NOPE"}).status_code == 404


def test_api_compare(client, seven):
    response = client.get("/api/programs/compare", {"ids": "T-0005,T-0001"})
    assert response.status_code == 200
    assert [item["acgme_id"] for item in response.json()["items"]] == ["T-0005", "T-0001"]

    repeated = client.get("/api/programs/compare", {"ids": ["T-0002", "T-0003"]})
    assert [item["acgme_id"] for item in repeated.json()["items"]] == ["T-0002", "T-0003"]

    too_many = client.get("/api/programs/compare", {"ids": ",".join(p.acgme_id for p in seven)})
    assert too_many.status_code == 400
    body = too_many.json()
    assert "at most 5" in body["detail"]
    assert body["errors"] == [{"field": "ids", "message": body["detail"]}]

    assert client.get("/api/programs/compare", {"ids": "NOPE"}).status_code == 404
