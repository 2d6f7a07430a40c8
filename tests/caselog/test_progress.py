"""Progress from the database: the numbers, ESIR, the CLI, and web/API/CLI agreement."""

import datetime as dt
import json
import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from seldinger.accounts.membership import ProgramMembership
from seldinger.caselog.models import CaseEntry, CaseRequirement
from seldinger.caselog.progress import CaseFact, progress_from_facts
from seldinger.caselog.selectors import catalogue
from seldinger.caselog.selectors_progress import cohort, dashboard, trainee_progress

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2025, 6, 30)
SELDINGER = str(Path(sys.executable).parent / "seldinger")


def add_cases(trainee, day, category, role, count, procedure=None, status="pending"):
    procedure = procedure or {"embolization": "tace", "venous-access": "picc"}[category]
    CaseEntry.objects.bulk_create(
        CaseEntry(
            trainee=trainee,
            performed_on=day,
            procedure_key=procedure,
            category_key=category,
            role=role,
            modality="fluoroscopy",
            fluoro_minutes=2,
            status=status,
            fingerprint=f"{day}-{category}-{role}-{index}",
        )
        for index in range(count)
    )


@pytest.fixture
def hand_made_log(resident, program):
    """Resident on ESIR, 2024-07-01 to 2026-06-30, with 80 cases and three program minimums."""
    ProgramMembership.objects.filter(user=resident, program=program).update(
        start_date=dt.date(2024, 7, 1), end_date=dt.date(2026, 6, 30), esir=True
    )
    add_cases(resident, dt.date(2024, 7, 1), "embolization", "primary", 20, status="verified")
    add_cases(resident, dt.date(2025, 3, 15), "embolization", "primary", 30)
    add_cases(resident, dt.date(2024, 9, 1), "venous-access", "assistant", 23)
    add_cases(resident, dt.date(2024, 10, 2), "venous-access", "observer", 5)
    add_cases(resident, dt.date(2025, 7, 15), "embolization", "primary", 2)  # after AS_OF
    embo = CaseRequirement.objects.create(
        program=program, name="Embolization as primary", category_key="embolization",
        roles="primary", minimum=80,
    )  # fmt: skip
    venous = CaseRequirement.objects.create(
        program=program, name="Venous access", category_key="venous-access", minimum=20
    )
    everything = CaseRequirement.objects.create(
        program=program, name="Every procedure as primary", roles="primary", minimum=200
    )
    return {"embo": embo, "venous": venous, "everything": everything}


def requirements_by_key(data):
    return {item["key"]: item for item in data["requirements"]}


def cli_json(*arguments):
    out = StringIO()
    call_command("progress", *arguments, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_progress_of_a_hand_made_log(resident, hand_made_log):
    data = trainee_progress(resident, as_of=AS_OF).as_dict()

    assert data["total_cases"] == 78
    assert data["by_category"] == {"embolization": 50, "venous-access": 28}
    ids = {name: f"program-{req.pk}" for name, req in hand_made_log.items()}
    assert [item["key"] for item in data["requirements"]] == [
        "esir-procedures",
        ids["embo"],
        ids["everything"],
        ids["venous"],
    ]
    found = requirements_by_key(data)
    # Pace: 73 counting cases in 365 days; 365 days from AS_OF to graduation.
    assert found["esir-procedures"] == {
        "key": "esir-procedures",
        "name": "ESIR image-guided procedures",
        "required": 500,
        "done": 73,
        "met": False,
        "projected_at_graduation": 146,
    }
    assert found[ids["embo"]] == {
        "key": ids["embo"],
        "name": "Embolization as primary",
        "required": 80,
        "done": 50,
        "met": False,
        "projected_at_graduation": 100,  # on track
    }
    everything = found[ids["everything"]]
    assert (everything["done"], everything["projected_at_graduation"]) == (50, 100)  # short 100
    assert (found[ids["venous"]]["done"], found[ids["venous"]]["met"]) == (23, True)

    statuses = {
        r.key: (r.status, r.shortfall)
        for r in trainee_progress(resident, as_of=AS_OF).progress.requirements
    }
    assert statuses == {
        "esir-procedures": ("shortfall", 354),
        ids["embo"]: ("on track", 0),
        ids["everything"]: ("shortfall", 100),
        ids["venous"]: ("met", 0),
    }


@pytest.mark.parametrize("start", [dt.date(2024, 7, 1), dt.date(2025, 2, 1), None])
def test_database_tallies_agree_with_the_pure_core(
    resident, director, program, hand_made_log, start
):
    ProgramMembership.objects.filter(user=resident, program=program).update(start_date=start)
    add_cases(resident, dt.date(2025, 5, 5), "embolization", "primary", 2, procedure="retired-key")
    skills = {key: procedure.skill_level for key, procedure in catalogue().procedures.items()}
    facts = [
        CaseFact(day, category, role, skills.get(procedure, "unknown"))
        for day, category, role, procedure in CaseEntry.objects.filter(
            trainee=resident
        ).values_list("performed_on", "category_key", "role", "procedure_key")
    ]

    result = dashboard(resident, as_of=AS_OF)
    expected = progress_from_facts(
        facts, result.record.requirements, as_of=AS_OF, training_start=start,
        graduation=dt.date(2026, 6, 30),
    )  # fmt: skip

    assert result.progress == expected
    assert result.progress.skill_totals["unknown"] == 2
    assert sum(result.progress.monthly_total) == result.progress.total_cases == 80
    (row,) = cohort(director, as_of=AS_OF)
    assert row.progress.requirements == expected.requirements
    assert row.progress.by_category == expected.by_category


def test_no_graduation_date_gives_a_null_projection(resident, hand_made_log, program):
    ProgramMembership.objects.filter(user=resident, program=program).update(end_date=None)

    found = requirements_by_key(cli_json("--trainee", "resident", "--as-of", "2025-06-30"))

    assert found["esir-procedures"]["projected_at_graduation"] is None
    assert found[f"program-{hand_made_log['venous'].pk}"]["met"] is True


def test_esir_requirement_only_for_esir_residents(resident, other_resident, program):
    assert "esir-procedures" not in requirements_by_key(cli_json("--trainee", "other_resident"))
    assert "esir-procedures" not in requirements_by_key(cli_json("--trainee", "resident"))

    ProgramMembership.objects.filter(user=resident, program=program).update(esir=True)

    esir = requirements_by_key(cli_json("--trainee", "resident"))["esir-procedures"]
    assert esir["required"] == 500
    assert "esir-procedures" not in requirements_by_key(cli_json("--trainee", "other_resident"))


def test_cli_json_has_exactly_the_documented_shape(resident, hand_made_log):
    data = cli_json("--trainee", "resident", "--as-of", "2025-06-30")

    assert set(data) == {"trainee", "as_of", "total_cases", "requirements", "by_category"}
    assert (data["trainee"], data["as_of"], data["total_cases"]) == ("resident", "2025-06-30", 78)
    assert len(data["requirements"]) == 4
    for item in data["requirements"]:
        assert set(item) == {"key", "name", "required", "done", "met", "projected_at_graduation"}
    assert data["by_category"] == {"embolization": 50, "venous-access": 28}


def test_cli_text_is_a_readable_table(resident, hand_made_log):
    out = StringIO()
    call_command("progress", "--trainee", "resident", "--as-of", "2025-06-30", stdout=out)
    text = out.getvalue()

    assert "78 cases" in text
    assert "esir-procedures" in text and "shortfall of 354" in text
    assert "Embolization" in text and "on track" in text


def test_cli_names_an_unknown_trainee_and_a_bad_date(db):
    with pytest.raises(CommandError, match="'nobody'"):
        cli_json("--trainee", "nobody")
    with pytest.raises(CommandError, match="--as-of"):
        cli_json("--trainee", "nobody", "--as-of", "2025-13-01")


def test_web_api_and_cli_agree(client, resident, director, hand_made_log, time_machine):
    # On 2025-06-30 the resident is in training: their director sees them (not after graduation).
    time_machine.move_to(dt.datetime(2025, 6, 30, 12, 0), tick=False)
    cli = cli_json("--trainee", "resident", "--as-of", "2025-06-30")

    client.force_login(resident)
    api_me = client.get("/api/caselog/progress", {"as_of": "2025-06-30"}).json()
    page = client.get("/cases/progress/", {"as_of": "2025-06-30"}).content.decode()
    client.force_login(director)
    api_director = client.get("/api/caselog/progress/resident", {"as_of": "2025-06-30"}).json()
    director_page = client.get("/cases/progress/resident/", {"as_of": "2025-06-30"})
    cohort_api = client.get("/api/caselog/cohort", {"as_of": "2025-06-30"}).json()

    assert api_me == cli == api_director
    embedded = re.search(r'<script id="progress-data" type="application/json">(.*?)</script>', page)
    assert json.loads(embedded.group(1)) == cli
    assert re.search(r'id="total-cases"[^>]*>78<', page)
    assert director_page.context["summary"] == cli
    for item in cli["requirements"]:
        row = re.search(rf'<tr data-requirement="{item["key"]}".*?</tr>', page, re.S).group(0)
        assert f'<td class="done">{item["done"]}</td>' in row
        assert f'<td class="required">{item["required"]}</td>' in row
        assert f'<td class="projected">{item["projected_at_graduation"]}</td>' in row
    (row,) = [r for r in cohort_api["residents"] if r["trainee"] == "resident"]
    assert row["total_cases"] == cli["total_cases"]
    assert [
        {key: item[key] for key in cli["requirements"][0]} for item in row["requirements"]
    ] == cli["requirements"]
    (cohort_row,) = cohort(director, as_of=AS_OF)
    assert cohort_row.progress.total_cases == 78


def test_the_console_script_prints_the_json(tmp_path):
    """The installed ``seldinger`` command, on a fresh database with the demo data."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("SELDINGER_")}
    env |= {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SELDINGER_VAR_DIR": str(tmp_path),
    }

    def run(*arguments):
        result = subprocess.run(
            [SELDINGER, *arguments], capture_output=True, text=True, env=env, timeout=180
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    run("migrate", "--no-input", "-v", "0")
    run("demo", "--format", "json")
    data = json.loads(run("progress", "--trainee", "resident", "--format", "json"))

    assert set(data) == {"trainee", "as_of", "total_cases", "requirements", "by_category"}
    assert data["trainee"] == "resident"
    assert 100 <= data["total_cases"] <= 150
    keys = [item["key"] for item in data["requirements"]]
    assert keys[0] == "esir-procedures"
    assert all(key.startswith("program-") for key in keys[1:]) and len(keys) >= 2
    assert sum(data["by_category"].values()) == data["total_cases"]

    failed = subprocess.run(
        [SELDINGER, "progress", "--trainee", "nobody"], capture_output=True, text=True, env=env
    )
    assert failed.returncode != 0
    assert "nobody" in failed.stderr
