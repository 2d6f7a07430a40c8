"""`seldinger hours check FILE`: through call_command, and once through the real console script."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command

SELDINGER = str(Path(sys.executable).parent / "seldinger")

HEADER = "resident,start,end,kind\n"
# ana: a split shift (1 h lunch), then 29 h of call and only 6 h off.
# ben: 7 h between two periods.
SCHEDULE = HEADER + (
    "ana,2025-07-07T07:00,2025-07-07T12:00,clinical\n"
    "ana,2025-07-07T13:00,2025-07-07T19:00,clinical\n"
    "ana,2025-07-08T07:00,2025-07-09T12:00,call\n"
    "ana,2025-07-09T18:00,2025-07-09T20:00,education\n"
    "ben,2025-07-07 08:00,2025-07-07 19:00,clinical\n"
    "ben,2025-07-08 02:00,2025-07-08 10:00,moonlighting\n"
)


def run(path: Path, *options: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("hours", "check", str(path), *options, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def schedule(tmp_path: Path) -> Path:
    path = tmp_path / "shifts.csv"
    path.write_text(SCHEDULE, encoding="utf-8")
    return path


def test_json_lists_the_violations(schedule: Path) -> None:
    out, err = run(schedule, "--format", "json")
    assert err == ""
    violations = json.loads(out)["violations"]
    assert [(v["resident"], v["rule"], v["start"], v["end"]) for v in violations] == [
        ("ana", "24+4", "2025-07-08T07:00:00", "2025-07-09T12:00:00"),
        ("ana", "rest-after-24h-call", "2025-07-09T12:00:00", "2025-07-09T18:00:00"),
        ("ben", "rest-between-periods", "2025-07-07T19:00:00", "2025-07-08T02:00:00"),
    ]
    assert set(violations[0]) == {"resident", "rule", "start", "end", "detail"}
    assert "29 h" in violations[0]["detail"]


def test_text_is_a_table_with_a_summary(schedule: Path) -> None:
    out, _ = run(schedule)
    assert "Work-hour violations" in out
    assert "rest-after-24h-call" in out and "rest-between-periods" in out
    assert out.strip().endswith("6 shifts of 2 residents, 3 violations.")


def test_a_clean_file(tmp_path: Path) -> None:
    path = tmp_path / "clean.csv"
    path.write_text(HEADER + "ana,2025-07-07T07:00,2025-07-07T19:00,clinical\n")
    out, _ = run(path)
    assert "Work-hour violations" not in out
    assert "1 shift of 1 resident, 0 violations." in out
    assert json.loads(run(path, "--format", "json")[0]) == {"violations": [], "warnings": []}


def test_gap_minutes_overrides_the_merge_gap(schedule: Path) -> None:
    rules = [v["rule"] for v in json.loads(run(schedule, "--format", "json")[0])["violations"]]
    assert rules.count("rest-between-periods") == 1  # ben's only; ana's lunch is no rest
    out, _ = run(schedule, "--format", "json", "--gap-minutes", "30")
    violations = json.loads(out)["violations"]
    assert ("ana", "rest-between-periods", "2025-07-07T12:00:00") in [
        (v["resident"], v["rule"], v["start"]) for v in violations
    ]


def test_block_start_and_as_of(schedule: Path) -> None:
    out, _ = run(
        schedule, "--format", "json", "--block-start", "2025-07-01", "--as-of", "2025-07-01"
    )
    assert len(json.loads(out)["violations"]) == 3
    with pytest.raises(CommandError, match="no value in force on 2016-01-01"):
        run(schedule, "--as-of", "2016-01-01")
    with pytest.raises(CommandError, match="--block-start: 'July' is not a date"):
        run(schedule, "--block-start", "July")


def test_every_bad_row_is_listed_and_nothing_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        HEADER
        + "ana,2025-07-07T07:00,2025-07-07T19:00,clinical\n"  # line 2: fine
        + "ana,2025-07-07T18:00,2025-07-07T22:00,education\n"  # 3: overlaps line 2
        + "ana,yesterday,2025-07-08T19:00,clinical\n"  # 4: start unreadable
        + ",2025-07-09T07:00,2025-07-09T19:00,nap\n"  # 5: resident missing
        + "ben,2025-07-09T19:00,2025-07-09T07:00,clinical\n"  # 6: end before start
        + "ben,2025-07-10,2025-07-10T19:00,clinical\n"  # 7: no time of day
        + "ben,2025-07-11T07:00,2025-07-11T19:00+02:00,clinical\n"  # 8: UTC offset
        + "ben,2025-07-12T07:00,2025-07-12T19:00,naps\n"  # 9: unknown kind
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="7 bad rows; nothing checked"):
        call_command("hours", "check", str(path), stdout=io.StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    assert lines == [
        f"{path}:3: start: overlaps the clinical entry 2025-07-07T07:00:00 to "
        "2025-07-07T19:00:00 of the same resident (line 2)",
        f"{path}:4: start: 'yesterday' is not an ISO 8601 date-time (e.g. 2025-07-01T07:00)",
        f"{path}:5: resident: missing",
        f"{path}:6: end: 2025-07-09T07:00:00 is not after the start 2025-07-09T19:00:00",
        f"{path}:7: start: '2025-07-10' has no time of day (e.g. 2025-07-01T07:00)",
        f"{path}:8: end: '2025-07-11T19:00+02:00' has a UTC offset; "
        "give the local date-time without one",
        f"{path}:9: kind: unknown kind 'naps' (one of clinical, call, home-call, "
        "home-call-work, moonlighting, education)",
    ]


def test_a_missing_column_and_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "columns.csv"
    path.write_text("resident,start,end\nana,2025-07-07T07:00,2025-07-07T19:00\n")
    with pytest.raises(CommandError) as error:
        call_command("hours", "check", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert str(error.value) == (
        f"{path}:1: missing column 'kind'; the header row needs resident, start, end, kind "
        "and may have pgy"
    )
    with pytest.raises(CommandError, match="cannot read"):
        run(tmp_path / "nowhere.csv")
    with pytest.raises(CommandError, match="--gap-minutes: -5 is negative"):
        run(path, "--gap-minutes", "-5")


def test_the_console_script(schedule: Path, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        "SELDINGER_VAR_DIR": str(tmp_path / "var"),
    }

    def seldinger(*arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [SELDINGER, *arguments],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
            cwd=tmp_path,
        )

    done = seldinger("hours", "check", str(schedule), "--format", "json")
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["violations"]) == 3

    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "ana,2025-07-07T19:00,2025-07-07T07:00,clinical\n")
    failed = seldinger("hours", "check", str(bad))
    assert failed.returncode != 0
    assert f"{bad}:2: end: 2025-07-07T07:00:00 is not after the start" in failed.stderr
    assert "Traceback" not in failed.stderr

    helped = seldinger("--help")
    assert "hours" in helped.stdout


# PGY-1 moonlighting, at-home call, unfinished 4-week periods ----------------------------


def test_the_pgy_column_flags_moonlighting_in_pgy1_only(tmp_path: Path) -> None:
    path = tmp_path / "pgy.csv"
    path.write_text(
        "resident,start,end,kind,pgy\n"
        "ana,2025-07-07T08:00,2025-07-07T17:00,clinical,1\n"
        "ana,2025-07-12T08:00,2025-07-12T16:00,moonlighting,1\n"
        "ben,2025-07-12T08:00,2025-07-12T16:00,moonlighting,2\n"
        "cy,2025-07-12T08:00,2025-07-12T16:00,moonlighting,\n"
    )
    violations = json.loads(run(path, "--format", "json")[0])["violations"]
    assert [(v["resident"], v["rule"], v["start"]) for v in violations] == [
        ("ana", "pgy1-moonlighting", "2025-07-12T08:00:00")
    ]
    assert "PGY-1 residents may not moonlight" in violations[0]["detail"]


def test_a_bad_or_decreasing_pgy_is_a_bad_row(tmp_path: Path) -> None:
    path = tmp_path / "pgy.csv"
    path.write_text(
        "resident,start,end,kind,pgy\n"
        "ana,2025-07-07T08:00,2025-07-07T17:00,clinical,two\n"  # 2
        "ben,2025-07-07T08:00,2025-07-07T17:00,clinical,2\n"  # 3
        "ben,2025-07-08T08:00,2025-07-08T17:00,moonlighting,1\n"  # 4: back to PGY-1
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 bad rows; nothing checked"):
        call_command("hours", "check", str(path), stdout=io.StringIO(), stderr=err)
    assert err.getvalue().splitlines() == [
        f"{path}:2: pgy: 'two' is not a postgraduate year (1 for PGY-1, 2, ...)",
        f"{path}:4: pgy: PGY-1 after PGY-2 on line 3 (an earlier shift of the same resident)",
    ]


def test_home_call_is_a_kind_that_breaks_a_day_off_but_adds_no_hours(tmp_path: Path) -> None:
    rows = [
        f"ana,2025-07-{7 + 7 * w + d:02d}T08:00,2025-07-{7 + 7 * w + d:02d}T18:00,clinical"
        for w in range(3)
        for d in range(6)
    ]
    sundays = [
        f"ana,2025-07-{13 + 7 * w}T08:00,2025-07-{13 + 7 * w}T20:00,home-call" for w in range(3)
    ]
    path = tmp_path / "rota.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n")
    assert json.loads(run(path, "--format", "json", "--planned")[0])["violations"] == []
    path.write_text(HEADER + "\n".join(rows + sundays) + "\n")
    violations = json.loads(run(path, "--format", "json", "--planned")[0])["violations"]
    assert [(v["rule"], v["start"], v["end"]) for v in violations] == [
        ("one-day-in-seven", "2025-07-07T00:00:00", "2025-07-28T00:00:00")
    ]


def heavy_weeks(path: Path, weeks: int) -> Path:
    """Mon-Sat 07-21 (84 h a week) from Monday 2026-07-06."""
    first = dt.date(2026, 7, 6)
    days = [first + dt.timedelta(days=7 * w + d) for w in range(weeks) for d in range(6)]
    path.write_text(HEADER + "".join(f"ana,{d}T07:00,{d}T21:00,clinical\n" for d in days))
    return path


def test_an_unfinished_period_warns_and_planned_or_over_it_is_a_violation(tmp_path: Path) -> None:
    path = heavy_weeks(tmp_path / "three.csv", 3)
    found = json.loads(run(path, "--format", "json", "--as-of", "2026-07-26")[0])
    assert found["violations"] == []
    [warning] = found["warnings"]
    assert (warning["rule"], warning["start"], warning["end"]) == (
        "80-hour",
        "2026-07-06T00:00:00",
        "2026-08-03T00:00:00",
    )
    assert warning["hours_left"] == 68
    assert warning["headline"] == (
        "On track to exceed: 68 h left in this 4-week period, to 2026-08-02"
    )

    planned = json.loads(run(path, "--format", "json", "--as-of", "2026-07-26", "--planned")[0])
    assert [(v["rule"], v["end"]) for v in planned["violations"]] == [
        ("80-hour", "2026-07-26T00:00:00")
    ]
    assert planned["warnings"] == []

    four = heavy_weeks(tmp_path / "four.csv", 4)
    over = json.loads(run(four, "--format", "json", "--as-of", "2026-08-03")[0])
    assert [(v["rule"], v["end"]) for v in over["violations"]] == [
        ("80-hour", "2026-08-03T00:00:00")
    ]
    assert "over the 4-week period 2026-07-06 to 2026-08-02" in over["violations"][0]["detail"]


def test_text_lists_warnings_apart_from_violations(tmp_path: Path) -> None:
    path = heavy_weeks(tmp_path / "three.csv", 3)
    out, _ = run(path, "--as-of", "2026-07-26")
    assert "Work-hour violations" not in out
    assert "On track to exceed (4-week periods not over on 2026-07-26)" in out
    assert out.strip().endswith(
        "18 shifts of 1 resident, 0 violations. 1 warning: on track to exceed a limit in a "
        "4-week period not over on 2026-07-26."
    )


def test_the_date_asked_is_today_by_default(tmp_path: Path) -> None:
    path = heavy_weeks(tmp_path / "three.csv", 3)
    with time_machine.travel(dt.datetime(2026, 7, 26, 12, 0), tick=False):
        during = json.loads(run(path, "--format", "json")[0])
    assert [w["rule"] for w in during["warnings"]] == ["80-hour"]
    with time_machine.travel(dt.datetime(2026, 8, 20, 12, 0), tick=False):
        after = json.loads(run(path, "--format", "json")[0])
    assert after == {"violations": [], "warnings": []}  # 252 h in 28 days: 63 h a week


def test_help_tells_the_kinds_the_pgy_column_and_the_dates(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        call_command("hours", "check", "--help")
    text = " ".join(capsys.readouterr().out.split())
    assert "home-call (at-home call, not called in: breaks a day off, counts no hours)" in text
    assert "An optional pgy column" in text and "1 = PGY-1" in text
    assert "--planned" in text and "default today" in text


def test_a_file_over_the_row_limit_is_refused(schedule: Path, settings) -> None:
    settings.SELDINGER_MAX_IMPORT_ROWS = 5
    with pytest.raises(CommandError) as error:
        run(schedule)
    assert str(error.value) == (
        f"{schedule}:7: the file has more than 5 rows, the most one import takes; "
        "split it into smaller files"
    )
