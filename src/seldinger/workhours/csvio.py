"""Read logged shifts from CSV (pure: no Django).

Columns ``resident,start,end,kind`` (any order, others ignored); start and
end are ISO 8601 local date-times (``2025-07-01T07:00`` or
``2025-07-01 07:00``, no UTC offset). Every bad row is reported with its
line number (the header is line 1): unreadable values here, and end not
after start, unknown kinds and overlapping entries via
:func:`seldinger.workhours.rules.validate`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from seldinger.workhours.rules import Shift, validate

COLUMNS = ("resident", "start", "end", "kind")


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    reason: str

    def located(self, name: str) -> str:
        return f"{name}:{self.line}: {self.field}: {self.reason}"


@dataclass
class ReadResult:
    shifts: list[Shift] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    """The line each shift came from."""
    errors: list[RowError] = field(default_factory=list)


def read_shifts(text: str | Iterable[str]) -> ReadResult:
    """Parse CSV text (or lines) into shifts; collect every bad row instead of stopping."""
    if isinstance(text, str):
        text = text.removeprefix("\ufeff")
        lines: Iterable[str] = io.StringIO(text, newline="")
    else:
        lines = text
    reader = csv.reader(lines)
    result = ReadResult()
    header = next(reader, None)
    if header is None:
        result.errors.append(RowError(1, "header", f"empty file; expected {','.join(COLUMNS)}"))
        return result
    names = [name.strip().lower().removeprefix("\ufeff") for name in header]
    missing = [column for column in COLUMNS if column not in names]
    if missing:
        result.errors.append(
            RowError(
                1, "header", f"missing column(s) {', '.join(missing)}; expected {','.join(COLUMNS)}"
            )
        )
        return result
    position = {column: names.index(column) for column in COLUMNS}

    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
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

    for problem in validate(result.shifts):
        reason = problem.reason
        if problem.other is not None:
            reason = f"{reason} (line {result.lines[problem.other]})"
        result.errors.append(RowError(result.lines[problem.index], problem.field, reason))
    result.errors.sort(key=lambda error: error.line)
    if result.errors:
        result.shifts, result.lines = [], []
    return result


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
