"""``seldinger match run|verify|generate``: through call_command, and once as the real
console script."""

import json
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

INSTANCE = {
    "programs": [
        {"id": "ADV", "positions": 1, "kind": "advanced", "rank_list": ["a", "b"]},
        {"id": "PRE", "positions": 1, "kind": "preliminary", "rank_list": ["a", "b"]},
        {"id": "CAT", "positions": 2, "rank_list": ["b", "m1", "m2"]},
    ],
    "applicants": [
        {"id": "a", "rank_list": ["ADV"], "supplemental": {"ADV": ["PRE"]}},
        {"id": "b", "rank_list": ["ADV", "CAT"]},
        {"id": "m1", "rank_list": []},
        {"id": "m2", "rank_list": []},
    ],
    "couples": [{"members": ["m1", "m2"], "rank_list": [["CAT", "CAT"], ["CAT", None]]}],
}


def _call(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("match", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def instance_file(tmp_path: Path) -> Path:
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(INSTANCE), encoding="utf-8")
    return path


def test_run_prints_the_result_json(instance_file: Path) -> None:
    out, _ = _call("run", str(instance_file), "--format", "json")
    result = json.loads(out)
    assert result["matches"] == {"a": "ADV", "b": "CAT", "m1": "CAT", "m2": None}
    assert result["supplemental_matches"] == {"a": "PRE"}
    assert result["unfilled"] == {"ADV": 0, "PRE": 0, "CAT": 0}
    assert result["stable"] is True
    assert result["stats"]["couples_matched"] == 1


def test_run_prints_a_readable_summary(instance_file: Path) -> None:
    out, _ = _call("run", str(instance_file))
    assert "4 applicants, 3 programs, 4 positions, 1 couples" in out
    assert "matched        3 (75.0%)" in out
    assert "supplemental   1 matched" in out
    assert "stable         yes" in out


def test_run_then_verify_says_valid(instance_file: Path, tmp_path: Path) -> None:
    result = tmp_path / "result.json"
    _call("run", str(instance_file), "--format", "json", "-o", str(result))
    out, _ = _call("verify", str(instance_file), str(result))
    assert out.strip() == f"{result}: valid"
    out, _ = _call("verify", str(instance_file), str(result), "--format", "json")
    assert json.loads(out) == {"valid": True, "problems": []}


def test_verify_lists_the_problems_and_fails(instance_file: Path, tmp_path: Path) -> None:
    result = tmp_path / "result.json"
    printed, _ = _call("run", str(instance_file), "--format", "json")
    data = json.loads(printed)
    data["matches"]["b"] = "PRE"  # PRE has one position and a holds it
    result.write_text(json.dumps(data), encoding="utf-8")
    out = StringIO()
    with pytest.raises(CommandError, match="not a valid result") as caught:
        call_command("match", "verify", str(instance_file), str(result), stdout=out)
    assert "problems listed" in str(caught.value)
    assert "program 'PRE' holds 2 applicants for 1 position" in out.getvalue()
    assert "which is not on their rank list" in out.getvalue()


def test_generate_writes_a_reproducible_instance(tmp_path: Path) -> None:
    first, second = tmp_path / "one.json", tmp_path / "two.json"
    _, err = _call(
        "generate", "--applicants", "200", "--seed", "5", "--couples", "4", "-o", str(first)
    )
    assert "wrote" in err and "200 applicants" in err and "4 couples" in err
    _call("generate", "--applicants", "200", "--seed", "5", "--couples", "4", "-o", str(second))
    assert first.read_bytes() == second.read_bytes()
    data = json.loads(first.read_text(encoding="utf-8"))
    assert len(data["applicants"]) == 200 and len(data["couples"]) == 4
    out, _ = _call("run", str(first), "--format", "json")
    assert len(json.loads(out)["matches"]) == 200


def test_generate_plain_instances_have_no_supplemental_lists() -> None:
    out, _ = _call("generate", "--applicants", "150", "--seed", "2", "--no-supplemental")
    data = json.loads(out)
    assert len(data["applicants"]) == 150 and len(data["programs"]) == 21
    assert [a["id"] for a in data["applicants"] if "supplemental" in a] == []
    assert [p["id"] for p in data["programs"] if "reverts_to" in p] == []
    assert "couples" not in data


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        ("{", "not valid JSON: Expecting property name enclosed in double quotes (line 1"),
        ("[1, 2]", "instance: expected a JSON object, got a list"),
        (
            json.dumps(
                {
                    "programs": [{"id": "P", "positions": 1}],
                    "applicants": [{"id": "A", "rank_list": ["P", "Q"]}],
                }
            ),
            "applicants[0].rank_list[1]: unknown program 'Q'",
        ),
    ],
)
def test_bad_input_is_a_command_error(tmp_path: Path, content: Any, message: str) -> None:
    path = tmp_path / "input.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        _call("run", str(path))
    assert str(caught.value).startswith(f"{path}: "), str(caught.value)
    assert message in str(caught.value)


def test_generate_refuses_impossible_numbers() -> None:
    with pytest.raises(CommandError, match="couples"):
        _call("generate", "--applicants", "10", "--seed", "1", "--couples", "9")


def _console_script() -> list[str]:
    script = Path(sys.executable).with_name("seldinger")
    if script.exists():
        return [str(script)]
    found = shutil.which("seldinger")
    assert found, "the seldinger console script is installed with the package"
    return [found]


def test_the_console_script_runs_verifies_and_reports_errors(
    instance_file: Path, tmp_path: Path
) -> None:
    seldinger = _console_script()
    done = subprocess.run(
        [*seldinger, "match", "run", str(instance_file), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    result = tmp_path / "result.json"
    result.write_text(done.stdout, encoding="utf-8")
    assert json.loads(done.stdout)["stable"] is True
    done = subprocess.run(
        [*seldinger, "match", "verify", str(instance_file), str(result)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0 and done.stdout.strip().endswith("valid")
    missing = tmp_path / "missing.json"
    done = subprocess.run(
        [*seldinger, "match", "run", str(missing)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode != 0
    assert f"{missing}: no such file" in done.stderr
    assert "Traceback" not in done.stderr
