"""The ``seldinger`` console script starts without the web stack where no database is needed:
what each invocation imports, read from the real process's ``sys.modules`` as it exits."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

from seldinger.cli import COMMANDS, STANDALONE

SELDINGER = str(Path(sys.executable).parent / "seldinger")


#: Runs the console script (argv[2:]) and, at exit, writes every module it imported to argv[1]
#: (also when the command ends the process with ``os._exit``, which skips ``atexit``: the list
#: then ends with ``<os._exit STATUS>``).
WATCHED = """
import atexit, json, os, runpy, sys
report = sys.argv[1]
def write_report(*ended):
    with open(report, "w") as out:
        out.write(json.dumps(sorted(sys.modules) + list(ended)))
atexit.register(write_report)
exit_now = os._exit
def reported_exit(status):
    write_report(f"<os._exit {status}>")
    exit_now(status)
os._exit = reported_exit
sys.argv = sys.argv[2:]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


def seldinger(
    *arguments: str, cwd: Path, watch: Path | None = None, **environment: str
) -> subprocess.CompletedProcess[str]:
    """The console script run as a user runs it (``watch``: where to list what it imported)."""
    return subprocess.run(
        [*((sys.executable, "-c", WATCHED, str(watch)) if watch else ()), SELDINGER, *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        env={
            # Output to a pipe buffered, as a user's shell has it.
            **{name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"},
            "DATABASE_URL": f"sqlite:///{cwd / 'cli.sqlite3'}",
            "SELDINGER_VAR_DIR": str(cwd / "var"),
            **environment,
        },
    )


def imported(*arguments: str, cwd: Path) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """The finished process and the names of every module it imported."""
    report = cwd / "modules.json"
    done = seldinger(*arguments, cwd=cwd, watch=report)
    modules = set(json.loads(report.read_text()))
    assert "seldinger.cli" in modules  # the console script ran
    return done, modules


def test_the_overview_names_each_command_with_the_first_line_of_its_help():
    ours = {name: app for name, app in get_commands().items() if app.startswith("seldinger.")}
    summaries = {
        name: load_command_class(app, name).help.splitlines()[0] for name, app in ours.items()
    }

    assert summaries == COMMANDS


@pytest.mark.parametrize(
    ("arguments", "printed"),
    [
        (("--help",), "Seldinger commands:"),
        (("match", "run", "--help"), "usage: seldinger match run"),
        (("hours", "check", "--help"), "usage: seldinger hours check"),
        (("plan", "--help"), "usage: seldinger plan"),
    ],
)
def test_help_of_the_commands_without_a_database_imports_no_django(tmp_path, arguments, printed):
    done, modules = imported(*arguments, cwd=tmp_path)

    assert done.returncode == 0, done.stderr
    assert printed in done.stdout
    assert "seldinger.urls" not in modules
    assert sorted(name for name in modules if name.split(".")[0] in {"django", "ninja"}) == []


def test_a_match_runs_without_django(tmp_path):
    instance = tmp_path / "instance.json"
    instance.write_text(
        '{"programs": [{"id": "P", "positions": 1, "rank_list": ["a"]}],'
        ' "applicants": [{"id": "a", "rank_list": ["P"]}]}'
    )

    done, modules = imported("match", "run", str(instance), "--format", "json", cwd=tmp_path)

    assert done.returncode == 0, done.stderr
    assert '"matches":{"a":"P"}' in done.stdout
    assert sorted(name for name in modules if name.split(".")[0] == "django") == []


def test_a_match_run_ends_the_process_early_with_its_output_complete(tmp_path):
    # An instance whose result is larger than a pipe's buffer: the process ends without
    # the interpreter's teardown only once all of it is written and flushed.
    instance = tmp_path / "instance.json"
    generated = seldinger(
        "match",
        "generate",
        "--applicants",
        "5000",
        "--seed",
        "3",
        "-o",
        str(instance),
        cwd=tmp_path,
    )
    assert generated.returncode == 0, generated.stderr
    saved = tmp_path / "result.json"

    done, modules = imported(
        "match", "run", str(instance), "--format", "json", "-o", str(saved), cwd=tmp_path
    )

    assert done.returncode == 0, done.stderr
    assert len(done.stdout) > 2**16
    printed = json.loads(done.stdout)
    assert len(printed["matches"]) == 5000
    assert printed["stable"] is True
    assert json.loads(saved.read_text()) == printed
    assert "<os._exit 0>" in modules

    summary = seldinger("match", "run", str(instance), cwd=tmp_path)

    assert summary.returncode == 0, summary.stderr
    assert summary.stdout.splitlines()[-1].startswith("  work ")


def test_a_command_on_the_database_sets_up_django_but_skips_the_system_checks(tmp_path):
    # The checks would import the URLconf before the command reads its options.
    done, modules = imported("progress", "--trainee", "ana", "--as-of", "July", cwd=tmp_path)

    assert done.returncode == 1
    assert "CommandError: --as-of: 'July' is not a date; use YYYY-MM-DD" in done.stderr.splitlines()
    assert "django.apps.registry" in modules
    assert "seldinger.urls" not in modules


def test_plan_from_a_training_record_goes_to_the_database(tmp_path):
    assert seldinger("migrate", "--no-input", "-v", "0", cwd=tmp_path).returncode == 0

    done = seldinger("plan", "--user", "nobody", cwd=tmp_path)

    assert done.returncode == 1
    assert done.stderr == "CommandError: --user: no user 'nobody'\n"


def test_help_on_a_command_is_its_own_help(tmp_path):
    for name in STANDALONE:
        asked = seldinger("help", name, cwd=tmp_path)
        assert asked.returncode == 0
        assert asked.stdout == seldinger(name, "--help", cwd=tmp_path).stdout
        assert asked.stdout.startswith(f"usage: seldinger {name} ")


def test_an_option_no_command_takes_is_refused_with_the_usage(tmp_path):
    done = seldinger("match", "run", "x.json", "--verbose", cwd=tmp_path)

    assert done.returncode == 2
    assert done.stderr.endswith("seldinger match: error: unrecognized arguments: --verbose\n")


def test_hours_check_reads_the_row_limit_from_the_environment(tmp_path):
    shifts = tmp_path / "shifts.csv"
    shifts.write_text(
        "resident,start,end,kind\n"
        "ana,2025-07-07T07:00,2025-07-07T19:00,clinical\n"
        "ana,2025-07-08T07:00,2025-07-08T19:00,clinical\n"
        "ana,2025-07-09T07:00,2025-07-09T19:00,clinical\n"
    )

    done = seldinger("hours", "check", str(shifts), cwd=tmp_path, SELDINGER_MAX_IMPORT_ROWS="2")

    assert done.returncode == 1
    assert done.stderr == (
        f"CommandError: {shifts}:4: the file has more than 2 rows, the most one import takes; "
        "split it into smaller files\n"
    )
