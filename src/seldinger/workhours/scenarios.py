"""The ``workhours`` scenario runner (pure: no Django), for ``tests/rules/scenarios/``.

``run_workhours(on, given)``: ``on`` is the date asked (as ``seldinger hours
check --as-of``); ``given`` is::

    shifts:                 # the log, as the CSV's rows
      - {resident: ana, start: 2026-07-01T07:00, end: 2026-07-01T19:00, kind: clinical, pgy: 1}
    planned: false          # optional: judge every 4-week period as complete
    block_start: 2026-07-01 # optional: align the 4-week periods to this date

``pgy`` is optional per shift (1 = PGY-1), as the CSV's ``pgy`` column. The
limits are those in force on ``on``. The output is ``{violations: [{resident,
rule, start, end}], warnings: [{resident, rule, start, end, hours_left,
days_off_needed, call_nights_left}]}`` in the checker's order, date-times as
ISO texts; bad input raises ``ScenarioInputError`` naming the field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, NoReturn

from seldinger.rules import default_parameters
from seldinger.rules.engine import ScenarioInputError
from seldinger.rules.scenarios import Runner
from seldinger.workhours.rules import Shift, ShiftError, assess, limits_as_of, pgy1_spans


def run_workhours(on: dt.date, given: dict[str, Any]) -> dict[str, Any]:
    """Check ``input.shifts`` as of ``on``: violations and warnings."""
    rows = given.get("shifts")
    if not isinstance(rows, list) or not rows:
        _bad("input.shifts: required, a non-empty list of {resident, start, end, kind}")
    shifts: list[Shift] = []
    years: list[int | None] = []
    for index, row in enumerate(rows):
        where = f"input.shifts[{index}]"
        if not isinstance(row, dict):
            _bad(f"{where}: must be a mapping with resident, start, end and kind")
        year = row.get("pgy")
        if year is not None and (isinstance(year, bool) or not isinstance(year, int) or year < 1):
            _bad(f"{where}.pgy: {year!r} is not a postgraduate year (1 for PGY-1, 2, ...)")
        shifts.append(
            Shift(
                resident=str(row.get("resident", "")),
                start=_moment(row.get("start"), f"{where}.start"),
                end=_moment(row.get("end"), f"{where}.end"),
                kind=str(row.get("kind", "")),
            )
        )
        years.append(year)
    planned = given.get("planned", False)
    if not isinstance(planned, bool):
        _bad(f"input.planned: {planned!r} must be true or false")
    block_start = given.get("block_start")
    if block_start is not None and (
        not isinstance(block_start, dt.date) or isinstance(block_start, dt.datetime)
    ):
        _bad(f"input.block_start: {block_start!r} is not a date (YYYY-MM-DD)")
    try:
        found = assess(
            shifts,
            limits_as_of(default_parameters(), on),
            block_start=block_start,
            as_of=on,
            planned=planned,
            pgy1=pgy1_spans(zip(shifts, years, strict=True)),
        )
    except ShiftError as error:
        _bad(f"input.shifts: {error}")
    return {
        "violations": [
            {
                "resident": item.resident,
                "rule": item.rule,
                "start": item.start.isoformat(),
                "end": item.end.isoformat(),
            }
            for item in found.violations
        ],
        "warnings": [
            {
                "resident": item.resident,
                "rule": item.rule,
                "start": item.start.isoformat(),
                "end": item.end.isoformat(),
                "hours_left": item.hours_left,
                "days_off_needed": item.days_off_needed,
                "call_nights_left": item.call_nights_left,
            }
            for item in found.warnings
        ],
    }


def _moment(value: object, where: str) -> dt.datetime:
    """A local date-time: YAML gives one for 2026-07-01 07:00:00, a text for 2026-07-01T07:00."""
    if isinstance(value, dt.datetime):
        moment = value
    else:
        try:
            moment = dt.datetime.fromisoformat(str(value))
        except ValueError:
            _bad(f"{where}: {value!r} is not an ISO 8601 date-time (e.g. 2026-07-01T07:00)")
        if not isinstance(value, str) or ("T" not in value.upper() and " " not in value):
            _bad(f"{where}: {value!r} has no time of day (e.g. 2026-07-01T07:00)")
    if moment.tzinfo is not None:
        _bad(f"{where}: {value!r} has a UTC offset; give the local date-time without one")
    return moment


def _bad(message: str) -> NoReturn:
    raise ScenarioInputError(message)


RUNNERS: Mapping[str, Runner] = {"workhours": run_workhours}
