"""The `seldinger plan` console script, run as a user would run it."""

import json
import subprocess
import sys
from pathlib import Path

SELDINGER = str(Path(sys.executable).parent / "seldinger")


def run(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [SELDINGER, "plan", *arguments], capture_output=True, text=True, timeout=60
    )


def test_all_pathways_as_json():
    result = run("--stage", "ms1", "--date", "2026-08-01", "--pathway", "all", "--format", "json")
    assert result.returncode == 0, result.stderr
    plans = {plan["pathway"]: plan for plan in json.loads(result.stdout)}
    assert plans["integrated-ir"]["postgraduate_years"] == 6
    assert plans["independent-ir-esir"]["postgraduate_years"] == 6
    assert plans["independent-ir"]["postgraduate_years"] == 7
    integrated = plans["integrated-ir"]
    assert integrated["training_start"] == "2030-07-01"
    assert integrated["training_end"] == "2036-06-30"
    events = {event["key"]: event["date"] for event in integrated["events"]}
    assert {
        "main-match-day",
        "core-exam",
        "training-end",
        "certifying-oral",
        "board-eligibility-end",
    } <= set(events)
    assert "independent-match-day" in {e["key"] for e in plans["independent-ir"]["events"]}
    stage = integrated["stages"][0]
    assert set(stage) >= {"key", "name", "start", "end", "pgy"}


def test_one_pathway_as_json_is_an_object():
    result = run(
        "--stage", "ms1", "--date", "2026-08-01", "--pathway", "independent-ir", "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["pathway"] == "independent-ir"


def test_text_output_is_a_timeline_table():
    result = run("--stage", "pgy2", "--date", "2026-07-01", "--pathway", "integrated-ir")
    assert result.returncode == 0, result.stderr
    assert "PGY-2" in result.stdout and "Board eligibility ends" in result.stdout


def test_bad_input_goes_to_stderr_with_a_nonzero_exit():
    for arguments, words in [
        (("--stage", "ms9", "--date", "2026-08-01"), "--stage: unknown stage"),
        (("--stage", "ms1", "--date", "2026-02-30"), "--date: '2026-02-30' is not a date"),
        (("--stage", "ms1", "--date", "2026-08-01", "--pathway", "x"), "--pathway: unknown"),
    ]:
        result = run(*arguments)
        assert result.returncode != 0
        assert words in result.stderr
        assert "Traceback" not in result.stderr
        assert result.stdout == ""
