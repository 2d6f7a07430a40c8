"""Case-log files for the job tests, and a job threshold low enough for small files."""

import datetime as dt
from collections.abc import Callable

import pytest

from seldinger.caselog.importer import COLUMNS

HEADER = ",".join(COLUMNS)


def _case_file(count: int, *, bad_line: int | None = None) -> bytes:
    """``count`` valid, distinct rows (a PICC a day); with ``bad_line``, that line (counting
    the header as line 1) has a role the log does not know."""
    start = dt.date(2023, 1, 1)
    rows = [
        f"{start + dt.timedelta(days=day % 900)},picc,"
        f"{'lead' if day + 2 == bad_line else 'primary'},,ultrasound,,{day % 50 / 10},,,none,"
        for day in range(count)
    ]
    return ("\n".join([HEADER, *rows]) + "\n").encode()


@pytest.fixture
def case_file() -> Callable[..., bytes]:
    return _case_file


@pytest.fixture(autouse=True)
def _job_files(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.CASELOG_IMPORT_DIR = tmp_path / "imports"
    settings.JOB_IMPORT_ROWS = 20
    settings.JOB_PROGRAM_IMPORT_ROWS = 20
    settings.JOB_EXPORT_CASES = 20
    settings.JOB_ODDS_TRIALS = 20
