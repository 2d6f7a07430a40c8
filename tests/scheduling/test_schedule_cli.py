"""`seldinger schedule solve`, and `seldinger hours check --planned` reading what it writes."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from scheduling_programs import call, program

SELDINGER = str(Path(sys.executable).parent / "seldinger")


def night_call_program() -> dict[str, Any]:
    return program(
        residents=[{"id": f"r0{n}", "pgy": 3} for n in range(1, 5)],
        call=call("night", "17:00", 14),
    )


def write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "program.json"
    path.write_text(json.dumps(data))
    return path


def run(*arguments: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*arguments, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_console_script_solves_and_the_hours_check_finds_nothing(tmp_path: Path) -> None:
    spec = write(tmp_path, night_call_program())
    schedule = tmp_path / "schedule.json"

    solved = subprocess.run(
        [
            SELDINGER,
            "schedule",
            "solve",
            str(spec),
            "--time-limit",
            "10",
            "--format",
            "json",
            "-o",
            str(schedule),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    checked = subprocess.run(
        [SELDINGER, "hours", "check", "--planned", str(schedule), "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )

    result = json.loads(solved.stdout)
    assert result == json.loads(schedule.read_text())
    assert result["status"] == "optimal"
    assert len(result["rotations"]) == 4
    nights = [s for s in result["shifts"] if s["name"] == "night"]
    assert len(nights) == 28 and {s["kind"] for s in nights} == {"call"}
    days = [s for s in result["shifts"] if s["name"] == "IR"]
    assert days and {s["kind"] for s in days} == {"clinical"}
    assert set(result["shifts"][0]) == {"resident", "start", "end", "kind", "name"}
    assert json.loads(checked.stdout) == {"violations": [], "warnings": []}


def test_the_text_report_gives_the_figures(tmp_path: Path) -> None:
    out, _ = run(
        "schedule", "solve", str(write(tmp_path, night_call_program())), "--time-limit", "10"
    )

    assert "Fairness" in out
    assert "optimal schedule of 4 residents" in out
    assert "objective 0, bound 0" in out


def test_a_planned_schedule_breaking_a_limit_is_reported(tmp_path: Path) -> None:
    schedule = tmp_path / "schedule.json"
    shifts = [
        {
            "resident": "r01",
            "start": "2027-07-05T07:00",
            "end": "2027-07-06T13:00",
            "kind": "call",
            "name": "marathon",
        }
    ]
    schedule.write_text(json.dumps({"start": "2027-07-05", "shifts": shifts}))

    out, _ = run("hours", "check", "--planned", str(schedule), "--format", "json")

    assert [v["rule"] for v in json.loads(out)["violations"]] == ["24+4"]


def test_a_bad_shift_in_a_schedule_is_named_by_its_number(tmp_path: Path) -> None:
    schedule = tmp_path / "schedule.json"
    shifts = [
        {
            "resident": "r01",
            "start": "2027-07-05T07:00",
            "end": "2027-07-05T17:00",
            "kind": "clinical",
        },
        {"resident": "r01", "start": "2027-07-06T07:00", "end": "noon", "kind": "clinical"},
    ]
    schedule.write_text(json.dumps({"start": "2027-07-05", "shifts": shifts}))

    err = io.StringIO()
    with pytest.raises(CommandError, match="1 bad row; nothing checked"):
        call_command("hours", "check", "--planned", str(schedule), stderr=err)
    assert f"{schedule}:2: shifts[1].end: 'noon' is not an ISO 8601 date-time" in err.getvalue()


def test_overlapping_shifts_in_a_schedule_name_each_other_by_number(tmp_path: Path) -> None:
    schedule = tmp_path / "schedule.json"
    shifts = [
        {
            "resident": "r01",
            "start": "2027-07-05T07:00",
            "end": "2027-07-05T19:00",
            "kind": "clinical",
        },
        {"resident": "r01", "start": "2027-07-05T18:00", "end": "2027-07-05T22:00", "kind": "call"},
    ]
    schedule.write_text(json.dumps({"start": "2027-07-05", "shifts": shifts}))

    err = io.StringIO()
    with pytest.raises(CommandError, match="1 bad row; nothing checked"):
        call_command("hours", "check", "--planned", str(schedule), stderr=err)
    assert f"{schedule}:2: shifts[1].start: overlaps the clinical entry" in err.getvalue()
    assert "of the same resident (shift 1)" in err.getvalue()


def test_an_impossible_program_fails_naming_the_conflict(tmp_path: Path) -> None:
    data = program(call=call("night", "17:00", 14, days=["sat"], count=2))
    schedule = tmp_path / "schedule.json"

    with pytest.raises(CommandError, match=r"rule\(s\) conflict \(coverage\)"):
        run(
            "schedule",
            "solve",
            str(write(tmp_path, data)),
            "--time-limit",
            "10",
            "-o",
            str(schedule),
        )

    result = json.loads(schedule.read_text())
    assert result["status"] == "infeasible"
    assert result["conflicts"][0]["rule"] == "coverage"
    assert result["conflicts"][0]["residents"] == ["r01"]
    assert "2 resident(s) of PGY 3 on night (1 could take it)" in result["conflicts"][0]["detail"]


def test_a_bad_spec_lists_every_problem_and_solves_nothing(tmp_path: Path) -> None:
    data = program(residents=[{"id": "r01", "pgy": 0}], blocks="one")
    err = io.StringIO()

    with pytest.raises(CommandError, match="2 problems; nothing solved"):
        call_command("schedule", "solve", str(write(tmp_path, data)), stderr=err)

    assert err.getvalue().splitlines() == [
        f"{tmp_path / 'program.json'}: blocks: 'one' is not a whole number",
        f"{tmp_path / 'program.json'}: residents[0].pgy: 0 is less than 1 (resident r01)",
    ]


def test_a_file_that_is_not_json_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "program.json"
    path.write_text("{nope")

    with pytest.raises(CommandError, match=r"program\.json: not JSON"):
        run("schedule", "solve", str(path))
