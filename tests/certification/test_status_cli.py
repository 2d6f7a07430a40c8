"""`seldinger certification status` and GET /api/certification/status."""

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from seldinger.certification import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def diplomate(outsider):
    services.save_profile(
        user=outsider, certificate="IR/DR", initial_certification=dt.date(2015, 10, 1)
    )
    services.save_ola(owner=outsider, year=2026, answered=20, declined=1)
    services.create_cme(
        owner=outsider, title="Course", date=dt.date(2025, 3, 1), credits=Decimal("30")
    )
    services.save_pqi(owner=outsider, title="QI", completed_on=dt.date(2024, 3, 1))
    return outsider


def run(*args):
    out = StringIO()
    call_command("certification", *args, stdout=out)
    return out.getvalue()


def test_json_is_exactly_user_certificate_parts(diplomate):
    data = json.loads(
        run("status", "--user", diplomate.username, "--as-of", "2026-06-01", "--format", "json")
    )
    assert set(data) == {"user", "certificate", "parts"}
    assert data["user"] == diplomate.username
    assert data["certificate"] == {
        "name": "IR/DR",
        "type": "continuous",
        "initial_certification": "2015-10-01",
    }
    assert [part["key"] for part in data["parts"]] == ["ola", "cme", "pqi"]
    for part in data["parts"]:
        assert set(part) == {
            "key",
            "name",
            "status",
            "required",
            "done",
            "due",
            "exam_date",
            "exam_until",
        }
    parts = {part["key"]: part for part in data["parts"]}
    assert parts["ola"] == {
        "key": "ola",
        "name": "Online Longitudinal Assessment (OLA)",
        "status": "upcoming",
        "required": 52,
        "done": 20,
        "due": "2026-12-31",
        "exam_date": None,
        "exam_until": None,
    }
    assert parts["cme"]["done"] == 30 and parts["cme"]["status"] == "behind"
    assert parts["pqi"] == {**parts["pqi"], "status": "met", "done": 1, "due": "2027-03-01"}


def test_trainee_json_has_exam_parts(resident):
    services.save_profile(
        user=resident, pathway="integrated-ir", stage="pgy2", stage_start=dt.date(2025, 7, 1)
    )
    data = json.loads(
        run("status", "--user", "resident", "--as-of", "2026-06-01", "--format", "json")
    )
    keys = [part["key"] for part in data["parts"]]
    assert keys == ["core-exam", "certifying-dr-oral", "certifying-oral", "ola", "cme", "pqi"]
    # Class of 2029: the Core in the fall of R4, the DR oral in June of R4.
    assert data["parts"][0]["due"] == "2028-09-01"
    assert data["parts"][1]["due"] == "2029-06-01"


def test_text_format_is_a_table(diplomate):
    text = run("status", "--user", diplomate.username, "--as-of", "2026-06-01")
    assert "Online Longitudinal Assessment" in text and "2026-12-31" in text
    assert "continuous" in text


def test_unknown_user_is_an_error_naming_it(db):
    with pytest.raises(CommandError, match="'ghost'"):
        run("status", "--user", "ghost", "--format", "json")


def test_bad_date_is_an_error(diplomate):
    with pytest.raises(CommandError, match="--as-of"):
        run("status", "--user", diplomate.username, "--as-of", "2026-13-01")


def test_api_status_is_mine_with_as_of(client, diplomate):
    client.force_login(diplomate)
    response = client.get("/api/certification/status", {"as_of": "2026-06-01"})
    assert response.status_code == 200
    data = response.json()
    assert data["as_of"] == "2026-06-01"
    assert data["certificate"]["type"] == "continuous"
    assert {part["key"] for part in data["parts"]} == {"ola", "cme", "pqi"}
    assert data["cme_windows"][0]["start"] == "2024-01-01"


def test_api_status_needs_login(client, db):
    assert client.get("/api/certification/status").status_code == 401
