"""What the environment configures that the commands running without Django read too.

``seldinger.settings`` takes these values from here, so ``seldinger hours check`` (which
sets up no Django) and the web stack read the same variables with the same defaults.
"""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from seldinger.tabular import Limits


def time_zone() -> str:
    """``SELDINGER_TIME_ZONE``: the zone whose day is "today" (default America/New_York)."""
    return os.environ.get("SELDINGER_TIME_ZONE", "America/New_York")


def use_time_zone() -> None:
    """Local time in ``time_zone()``, as Django's settings make it: ``date.today()`` is its day."""
    os.environ["TZ"] = time_zone()
    time.tzset()


def import_limits() -> Limits:
    """``SELDINGER_MAX_IMPORT_ROWS`` data rows per imported file (default 200,000); an XLSX
    workbook may unpack to ``SELDINGER_MAX_XLSX_BYTES`` (default 256 MB)."""
    # Imported here: every standalone command sets the time zone, few read files.
    from seldinger.tabular import MAX_ROWS, MAX_XLSX_BYTES, Limits

    return Limits(
        max_rows=int(os.environ.get("SELDINGER_MAX_IMPORT_ROWS", MAX_ROWS)),
        max_xlsx_bytes=int(os.environ.get("SELDINGER_MAX_XLSX_BYTES", MAX_XLSX_BYTES)),
    )


def redis_url() -> str | None:
    """``SELDINGER_REDIS_URL`` (``redis://127.0.0.1:6379/0``): the shared cache and the job
    queue's broker. Unset, each process keeps its own cache and jobs run in the process that
    starts them, so a development server needs nothing else."""
    return os.environ.get("SELDINGER_REDIS_URL") or None
