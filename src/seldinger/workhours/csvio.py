"""Read logged shifts from CSV (pure: no Django).

Columns ``resident,start,end,kind`` (any order, others ignored); start and
end are ISO 8601 local date-times (``2025-07-01T07:00`` or
``2025-07-01 07:00``, no UTC offset). An optional ``pgy`` column gives the
resident's postgraduate year at that shift (1 for PGY-1; may be empty): it
tells the checker when each resident was in PGY-1, for the moonlighting rule.
Every bad row is reported with its line number (the header is line 1):
unreadable values here, a postgraduate year lower than an earlier row's of the
same resident, and end not after start, unknown kinds and overlapping entries
via :func:`seldinger.workhours.rules.validate`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from seldinger import tabular
from seldinger.tabular import DEFAULT_LIMITS, Limits, RowError
from seldinger.workhours.rules import Shift, pgy1_spans, validate

COLUMNS = ("resident", "start", "end", "kind")
PGY = "pgy"
"""The optional column: the resident's postgraduate year at that shift."""
SHIFT_COLUMNS = tabular.Columns(names=(*COLUMNS, PGY), required=COLUMNS)


@dataclass
class ReadResult:
    shifts: list[Shift] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    """The line each shift came from."""
    years: list[int | None] = field(default_factory=list)
    """Each shift's postgraduate year (``pgy`` column), None when not given."""
    errors: list[RowError] = field(default_factory=list)

    @property
    def pgy1(self) -> dict[str, tuple[date, date]]:
        """Resident -> first and last day of their rows marked PGY-1."""
        return pgy1_spans(zip(self.shifts, self.years, strict=True))


def read_shifts(
    content: bytes | str,
    *,
    name: str = "shifts.csv",
    limits: Limits = DEFAULT_LIMITS,
) -> ReadResult:
    """Parse a CSV file into shifts; collect every bad row instead of stopping.

    Raises ``tabular.FileError`` when the file as a whole is unreadable, lacks a
    column or has more rows than ``limits`` allow.
    """
    table = tabular.read_table(content, name=name, columns=SHIFT_COLUMNS, limits=limits, fmt="csv")
    result = ReadResult()
    position = {column: table.index[column] for column in COLUMNS}
    pgy_position = table.index.get(PGY)

    for data in table.rows:
        line, row = data.line, data.cells
        errors: list[RowError] = []
        values: dict[str, str] = {}
        for column in COLUMNS:
            index = position[column]
            value = row[index].strip() if index < len(row) else ""
            if not value:
                errors.append(RowError(line, column, "missing"))
            values[column] = value
        moments: dict[str, datetime] = {}
        for column in ("start", "end"):
            if values[column]:
                try:
                    moments[column] = _parse_moment(values[column])
                except ValueError as error:
                    errors.append(RowError(line, column, str(error)))
        year: int | None = None
        if pgy_position is not None and pgy_position < len(row) and row[pgy_position].strip():
            text = row[pgy_position].strip()
            if text.isdigit() and int(text) >= 1:
                year = int(text)
            else:
                errors.append(
                    RowError(
                        line, PGY, f"{text!r} is not a postgraduate year (1 for PGY-1, 2, ...)"
                    )
                )
        if errors:
            result.errors.extend(errors)
            continue
        result.shifts.append(
            Shift(
                resident=values["resident"],
                start=moments["start"],
                end=moments["end"],
                kind=values["kind"].lower(),
            )
        )
        result.lines.append(line)
        result.years.append(year)

    result.errors.extend(_years_going_back(result))
    _validate(result, "line", lambda line, column: column)
    return result


def _validate(result: ReadResult, unit: str, where: Callable[[int, str], str]) -> None:
    """Add what :func:`validate` finds in ``result``'s shifts to its errors, each at its
    ``where(line, field)``, an overlap naming the other entry's ``unit`` (line or shift);
    sort the errors by line and, when there are any, keep no shift."""
    for problem in validate(result.shifts):
        reason = problem.reason
        if problem.other is not None:
            reason = f"{reason} ({unit} {result.lines[problem.other]})"
        line = result.lines[problem.index]
        result.errors.append(RowError(line, where(line, problem.field), reason))
    result.errors.sort(key=lambda error: error.line)
    if result.errors:
        result.shifts, result.lines, result.years = [], [], []


def _years_going_back(result: ReadResult) -> list[RowError]:
    """Rows whose postgraduate year is lower than an earlier row's of the same resident."""
    errors: list[RowError] = []
    highest: dict[str, tuple[int, int]] = {}  # resident -> (year, its line)
    order = sorted(range(len(result.shifts)), key=lambda i: result.shifts[i].start)
    for index in order:
        year, resident = result.years[index], result.shifts[index].resident
        if year is None:
            continue
        before = highest.get(resident)
        if before is not None and year < before[0]:
            errors.append(
                RowError(
                    result.lines[index],
                    PGY,
                    f"PGY-{year} after PGY-{before[0]} on line {before[1]} "
                    "(an earlier shift of the same resident)",
                )
            )
        elif before is None or year > before[0]:
            highest[resident] = (year, result.lines[index])
    return errors


def _parse_moment(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"{value!r} is not an ISO 8601 date-time (e.g. 2025-07-01T07:00)"
        ) from None
    if "T" not in value.upper() and " " not in value:
        raise ValueError(f"{value!r} has no time of day (e.g. 2025-07-01T07:00)")
    if moment.tzinfo is not None:
        raise ValueError(f"{value!r} has a UTC offset; give the local date-time without one")
    return moment


@dataclass
class PlannedSchedule:
    """A planned schedule's shifts, read from the JSON ``seldinger schedule solve`` writes."""

    result: ReadResult
    start: date | None
    """The schedule's first day (its ``start`` key): where its 4-week periods begin."""


def read_planned(
    content: bytes | str, *, name: str = "schedule.json", limits: Limits = DEFAULT_LIMITS
) -> PlannedSchedule:
    """The ``shifts`` of a schedule JSON (``resident``, ``start``, ``end``, ``kind``; other keys
    ignored). Each bad entry is reported with its 1-based number in the list as its line.

    Raises ``tabular.FileError`` when the file is not such a JSON object or has more entries
    than ``limits`` allow.
    """
    import json

    try:
        data = json.loads(content)
    except ValueError as error:
        raise tabular.FileError(f"not JSON ({error})") from None
    if not isinstance(data, dict) or not isinstance(data.get("shifts"), list):
        raise tabular.FileError("not a schedule: no list of shifts under the key 'shifts'")
    entries = data["shifts"]
    if len(entries) > limits.max_rows:
        raise tabular.FileError(f"{len(entries)} shifts; at most {limits.max_rows} are read")
    start: date | None = None
    if isinstance(data.get("start"), str):
        try:
            start = date.fromisoformat(data["start"])
        except ValueError:
            raise tabular.FileError(
                f"start: {data['start']!r} is not a date (YYYY-MM-DD)"
            ) from None
    result = ReadResult()
    for number, entry in enumerate(entries, start=1):
        where = f"shifts[{number - 1}]"
        if not isinstance(entry, dict):
            result.errors.append(RowError(number, where, "not an object"))
            continue
        errors: list[RowError] = []
        values: dict[str, str] = {}
        for column in COLUMNS:
            value = entry.get(column)
            if not isinstance(value, str) or not value.strip():
                errors.append(RowError(number, f"{where}.{column}", "missing"))
            else:
                values[column] = value.strip()
        moments: dict[str, datetime] = {}
        for column in ("start", "end"):
            if column in values:
                try:
                    moments[column] = _parse_moment(values[column])
                except ValueError as error:
                    errors.append(RowError(number, f"{where}.{column}", str(error)))
        if errors:
            result.errors.extend(errors)
            continue
        result.shifts.append(
            Shift(values["resident"], moments["start"], moments["end"], values["kind"].lower())
        )
        result.lines.append(number)
        result.years.append(None)
    _validate(result, "shift", lambda number, column: f"shifts[{number - 1}].{column}")
    return PlannedSchedule(result, start)
