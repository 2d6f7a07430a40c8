"""A program's roster as a table (pure core): who to invite, one person a row.

Columns (a header row, in any order and case): ``email``, ``first_name``, ``last_name``,
``role`` (resident, fellow or faculty) and, optionally, ``start_date`` and ``end_date``
(YYYY-MM-DD, or as a spreadsheet date), and for residents and fellows ``pgy`` (the
postgraduate year, 1 to 7, as the training record holds it) with the ``pathway`` it is a year
of (a pathway key of the rules, such as ``integrated-ir``). Read through
``seldinger.tabular``, so the row cap and the workbook size bound hold, and every problem is
a ``RowError`` naming its line and column. The service checks the rows against the program
(already a member, already invited) and the PGY against its pathway's rules, and saves them,
all or nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from seldinger import tabular
from seldinger.pathways.planner import STAGE_KEYS
from seldinger.tabular import DEFAULT_LIMITS, Limits, RowError

ROLES = ("resident", "fellow", "faculty")
#: The roles a PGY belongs to (trainees).
PGY_ROLES = ("resident", "fellow")
#: The postgraduate years a training record may hold (its stages, PGY-1 on).
PGY_YEARS = tuple(int(key[3:]) for key in STAGE_KEYS if key.startswith("pgy"))
COLUMNS = tabular.Columns(
    names=(
        "email",
        "first_name",
        "last_name",
        "role",
        "start_date",
        "end_date",
        "pgy",
        "pathway",
    ),
    required=("email", "first_name", "last_name", "role"),
    refuse_unknown=True,
)
#: What an invitation's name and e-mail may hold (the model's lengths).
MAX_NAME = 150
MAX_EMAIL = 254
# Enough to catch a typo or a swapped column; the e-mail link proves the rest.
_EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$")
_DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%m/%d/%Y")


@dataclass(frozen=True)
class Invitee:
    """One person to invite, as a row of the file gives them."""

    line: int
    email: str
    first_name: str
    last_name: str
    role: str
    start_date: dt.date | None
    end_date: dt.date | None
    pgy: int | None = None
    pathway: str = ""


@dataclass
class Roster:
    invitees: list[Invitee] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0


def email_problem(email: str) -> str | None:
    """Why ``email`` cannot be invited, or None."""
    if not email:
        return "an e-mail address is required"
    if len(email) > MAX_EMAIL:
        return f"an e-mail address has at most {MAX_EMAIL} characters"
    if not _EMAIL.match(email):
        return f"{email!r} is not an e-mail address"
    return None


def normal_email(email: str) -> str:
    """The address as invitations compare it: trimmed, the domain in lower case."""
    local, _, domain = email.strip().rpartition("@")
    return f"{local}@{domain.lower()}" if local else email.strip()


def parse_date(text: str) -> dt.date | None:
    """A date cell: blank for none; ValueError naming the value otherwise."""
    cell = text.strip()
    if not cell:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(cell, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date (YYYY-MM-DD)")


def parse_pgy(text: str) -> int | None:
    """A PGY cell: blank for none; ``3``, ``PGY3`` or ``PGY-3``; ValueError naming the value
    and the years a training record holds otherwise."""
    cell = text.strip().upper().removeprefix("PGY").lstrip("-").strip()
    if not cell:
        if text.strip():
            raise ValueError(f"{text.strip()!r} is not a postgraduate year")
        return None
    # A spreadsheet may give a whole number as 3.0.
    number = cell[:-2] if cell.endswith(".0") else cell
    if not number.isdigit() or int(number) not in PGY_YEARS:
        raise ValueError(
            f"{text.strip()!r} is not a postgraduate year: {PGY_YEARS[0]} to {PGY_YEARS[-1]}"
        )
    return int(number)


def read_roster(content: bytes | str, *, name: str, limits: Limits = DEFAULT_LIMITS) -> Roster:
    """Every row of the roster file ``name``: the invitees, and each row's problems.

    Raises ``tabular.FileError`` for the file as a whole (type, header, size)."""
    table = tabular.read_table(content, name=name, columns=COLUMNS, limits=limits)
    roster = Roster()
    seen: dict[str, int] = {}
    for row in table.rows:
        roster.rows += 1
        cells = {
            column: (row.cells[index] if index < len(row.cells) else "").strip()
            for column, index in table.index.items()
        }
        invitee, errors = _invitee(row.line, cells)
        if invitee is not None:
            key = invitee.email.casefold()
            if key in seen:
                errors.append(
                    RowError(row.line, "email", f"{invitee.email} is on line {seen[key]} too")
                )
            else:
                seen[key] = row.line
        roster.errors.extend(errors)
        if invitee is not None and not errors:
            roster.invitees.append(invitee)
    return roster


def _invitee(line: int, cells: dict[str, str]) -> tuple[Invitee | None, list[RowError]]:
    errors = list(cell_errors(line, cells))
    dates: dict[str, dt.date | None] = {}
    for column in ("start_date", "end_date"):
        try:
            dates[column] = parse_date(cells.get(column, ""))
        except ValueError as error:
            errors.append(RowError(line, column, str(error)))
    pgy: int | None = None
    try:
        pgy = parse_pgy(cells.get("pgy", ""))
    except ValueError as error:
        errors.append(RowError(line, "pgy", str(error)))
    errors.extend(pgy_errors(line, cells, pgy))
    if errors:
        return None, errors
    start, end = dates["start_date"], dates["end_date"]
    if start and end and end < start:
        return None, [RowError(line, "end_date", "the end date is before the start date")]
    invitee = Invitee(
        line=line,
        email=normal_email(cells["email"]),
        first_name=cells["first_name"],
        last_name=cells["last_name"],
        role=cells["role"].lower(),
        start_date=start,
        end_date=end,
        pgy=pgy,
        pathway=cells.get("pathway", "").lower() if pgy is not None else "",
    )
    return invitee, []


def pgy_errors(line: int, cells: dict[str, str], pgy: int | None) -> Iterator[RowError]:
    """A PGY belongs to a trainee and names its pathway; a pathway alone says nothing."""
    role = cells["role"].lower()
    pathway = cells.get("pathway", "")
    if pgy is not None and role in ROLES and role not in PGY_ROLES:
        yield RowError(line, "pgy", f"only residents and fellows have a PGY, not {role}")
    elif pgy is not None and not pathway:
        yield RowError(line, "pathway", "a PGY needs the pathway it is a year of")
    elif pgy is None and pathway and not cells.get("pgy", "").strip():
        yield RowError(line, "pgy", "a pathway needs the PGY the person is in")


def cell_errors(line: int, cells: dict[str, str]) -> Iterator[RowError]:
    problem = email_problem(cells["email"])
    if problem:
        yield RowError(line, "email", problem)
    for column in ("first_name", "last_name"):
        if not cells[column]:
            yield RowError(line, column, "a name is required")
        elif len(cells[column]) > MAX_NAME:
            yield RowError(line, column, f"a name has at most {MAX_NAME} characters")
    if cells["role"].lower() not in ROLES:
        yield RowError(line, "role", f"{cells['role']!r} is not one of {', '.join(ROLES)}")
