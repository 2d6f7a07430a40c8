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

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from seldinger.workhours.rules import Shift, pgy1_spans, validate

COLUMNS = ("resident", "start", "end", "kind")
PGY = "pgy"
"""The optional column: the resident's postgraduate year at that shift."""


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
    years: list[int | None] = field(default_factory=list)
    """Each shift's postgraduate year (``pgy`` column), None when not given."""
    errors: list[RowError] = field(default_factory=list)

    @property
    def pgy1(self) -> dict[str, tuple[date, date]]:
        """Resident -> first and last day of their rows marked PGY-1."""
        return pgy1_spans(zip(self.shifts, self.years, strict=True))


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
    pgy_position = names.index(PGY) if PGY in names else None

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
    for problem in validate(result.shifts):
        reason = problem.reason
        if problem.other is not None:
            reason = f"{reason} (line {result.lines[problem.other]})"
        result.errors.append(RowError(result.lines[problem.index], problem.field, reason))
    result.errors.sort(key=lambda error: error.line)
    if result.errors:
        result.shifts, result.lines, result.years = [], [], []
    return result


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
