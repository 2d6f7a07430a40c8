"""Reads: who may see and change a program's published schedule, its versions and shifts,
and what the work-hour checker says of a swap.

The program's director and coordinator publish and decide swaps; its current residents
see its published schedule; nobody else sees it (accounts.selectors decides who is who).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from seldinger.accounts import selectors as people
from seldinger.accounts.models import User
from seldinger.accounts.requests import AnyUser
from seldinger.programs.models import Program
from seldinger.rules import default_parameters
from seldinger.scheduling.models import CALL_KINDS, ScheduledShift, ScheduleVersion, SwapRequest
from seldinger.scheduling.outcome import EsirRule
from seldinger.scheduling.rotation_counts import KindCount, PublishedRotations, count_rotations
from seldinger.workhours.rules import Shift, assess
from seldinger.workhours.selectors import limits


def may_publish(user: AnyUser | None, program: Program) -> bool:
    return people.programs_led_by(user).filter(pk=program.pk).exists()


def program_residents(program: Program) -> QuerySet[User]:
    return people.trainees_of(program)


def schedule_programs(user: AnyUser | None) -> list[Program]:
    """Programs whose schedule ``user`` may see: those they lead, then those they train in."""
    if not people.is_active_user(user):
        return []
    led = list(people.programs_led_by(user).order_by("name"))
    trained = [p for p in people.trainee_programs(user).order_by("name") if p not in led]
    return led + trained


def visible_program(user: AnyUser | None, program_id: int) -> Program:
    """A program whose schedule ``user`` may see; any other is as missing as none (404)."""
    for program in schedule_programs(user):
        if program.pk == program_id:
            return program
    return get_object_or_404(Program.objects.none(), pk=program_id)


def versions_of(program: Program) -> QuerySet[ScheduleVersion]:
    return ScheduleVersion.objects.filter(program=program).select_related("published_by")


def current_version(program: Program) -> ScheduleVersion | None:
    return versions_of(program).order_by("-number").first()


def version_of(program: Program, number: int) -> ScheduleVersion:
    return get_object_or_404(versions_of(program), number=number)


def shifts_in(
    version: ScheduleVersion, start: dt.date, end: dt.date, resident: User | None = None
) -> QuerySet[ScheduledShift]:
    """The version's shifts starting on ``start`` to ``end`` (inclusive), local days."""
    first = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    after = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
    shifts = version.shifts.filter(start__gte=first, start__lt=after).select_related("resident")
    return shifts.filter(resident=resident) if resident is not None else shifts


@dataclass(frozen=True)
class Cell:
    day: dt.date
    shifts: list[ScheduledShift]

    @property
    def call(self) -> list[ScheduledShift]:
        return [shift for shift in self.shifts if shift.is_call]

    @property
    def work(self) -> list[ScheduledShift]:
        return [shift for shift in self.shifts if not shift.is_call]

    @property
    def weekend(self) -> bool:
        return self.day.weekday() >= 5


@dataclass(frozen=True)
class Row:
    resident: User
    cells: list[Cell]

    @property
    def calls(self) -> int:
        return sum(len(cell.call) for cell in self.cells)


def month_days(month: dt.date) -> list[dt.date]:
    first = month.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return [first + dt.timedelta(days=n) for n in range((following - first).days)]


def month_grid(version: ScheduleVersion, month: dt.date) -> list[Row]:
    """Every resident of the version by days of ``month``: each day's shifts (call marked by
    the template). Only the month's shifts are read, not the whole year's."""
    days = month_days(month)
    by_key: dict[tuple[int, dt.date], list[ScheduledShift]] = {}
    for shift in shifts_in(version, days[0], days[-1]).order_by("start"):
        day = timezone.localtime(shift.start).date()
        by_key.setdefault((shift.resident_id, day), []).append(shift)
    residents = (
        User.objects.filter(scheduled_shifts__version=version)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
    return [
        Row(user, [Cell(day, by_key.get((user.pk, day), [])) for day in days]) for user in residents
    ]


def call_names(version: ScheduleVersion) -> list[str]:
    """The names of the version's call kinds, for the grid's legend."""
    names = version.shifts.filter(kind__in=CALL_KINDS).values_list("name", flat=True)
    return sorted(set(names))


def _wall(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment).replace(tzinfo=None)


def swap_violations(give: ScheduledShift, take: ScheduledShift) -> list[dict[str, Any]]:
    """Every work-hour rule broken by either resident's schedule once the two shifts are
    traded, as the checker (``workhours.rules.assess``) reports it over the version."""
    owner = {give.pk: take.resident.username, take.pk: give.resident.username}
    names = {give.resident_id: give.resident.username, take.resident_id: take.resident.username}
    shifts = [
        Shift(owner.get(pk, names[resident_id]), _wall(start), _wall(end), kind)
        for pk, resident_id, start, end, kind in give.version.shifts.filter(
            resident_id__in=list(names)
        ).values_list("pk", "resident_id", "start", "end", "kind")
    ]
    first = min(shift.start for shift in shifts)
    found = assess(
        shifts, limits(first.date()), block_start=_block_start(give.version), planned=True
    )
    return [violation.as_dict() for violation in found.violations]


def _block_start(version: ScheduleVersion) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(version.output.get("start", "")))
    except ValueError:
        return None


def swaps_for(user: User, program: Program) -> QuerySet[SwapRequest]:
    """The program's swap requests ``user`` may see: all of them for its leaders, a
    resident's own (asked or offered) for a resident."""
    swaps = SwapRequest.objects.filter(version__program=program).select_related(
        "requester", "partner", "give", "take", "version", "decided_by"
    )
    if may_publish(user, program):
        return swaps
    return swaps.filter(requester=user) | swaps.filter(partner=user)


def swap_of(user: User, program: Program, swap_id: int) -> SwapRequest:
    return get_object_or_404(swaps_for(user, program), pk=swap_id)


def call_shifts(
    version: ScheduleVersion, resident: User | None = None, *, exclude: User | None = None
) -> QuerySet[ScheduledShift]:
    shifts = version.shifts.filter(kind__in=CALL_KINDS).select_related("resident")
    if resident is not None:
        shifts = shifts.filter(resident=resident)
    if exclude is not None:
        shifts = shifts.exclude(resident=exclude)
    return shifts.filter(start__gte=timezone.now())


def published_shifts_of(user: User) -> list[ScheduledShift]:
    """The user's shifts in the current version of each program they train in."""
    shifts: list[ScheduledShift] = []
    for program in people.trainee_programs(user):
        version = current_version(program)
        if version is not None:
            shifts.extend(version.shifts.filter(resident=user).select_related("version"))
    return shifts


def _published_rotations(output: dict[str, Any], user: User) -> PublishedRotations | None:
    """``user``'s blocks in one published output, found by the ids kept at publishing (an
    older output without them keys its residents by username)."""
    users = output.get("users")
    if isinstance(users, dict):
        ids = [key for key, pk in users.items() if pk == user.pk]
    else:
        ids = [user.get_username()]
    rotations = output.get("rotations") or {}
    if not ids or ids[0] not in rotations:
        return None
    resident = (output.get("residents") or {}).get(ids[0], {})
    try:
        start = dt.date.fromisoformat(str(output.get("start")))
    except ValueError:
        return None
    return PublishedRotations(
        start=start,
        block_weeks=int(output.get("block_weeks", 4)),
        rotations=tuple(str(name) for name in rotations[ids[0]]),
        kinds=dict(output.get("kinds") or {}),
        earlier={str(k): int(v) for k, v in (resident.get("done") or {}).items()},
        esir=bool(resident.get("esir", False)),
    )


def rotation_counts_of(
    user: User, today: dt.date | None = None, *, esir: bool = False
) -> list[KindCount]:
    """``user``'s rotations by kind, done and planned, from the latest published version of
    each schedule (each start date) of the programs they train in; with ESIR's requirement
    (rule data ``esir/rotations``) when a schedule has them on the ESIR pathway."""
    today = today or timezone.localdate()
    latest: dict[tuple[int, str], ScheduleVersion] = {}
    versions = ScheduleVersion.objects.filter(
        program__in=people.trainee_programs(user), shifts__resident=user
    ).distinct()
    for version in versions.order_by("number"):
        latest[version.program_id, str(version.output.get("start"))] = version
    found = [_published_rotations(v.output, user) for v in latest.values()]
    schedules = [s for s in found if s is not None]
    if not schedules:
        return []
    figures = default_parameters().value("esir/rotations", today)
    rule = EsirRule(int(figures["ir"]), int(figures["icu"]), int(figures["ir_related_max"]))
    return count_rotations(schedules, today, rule, esir=esir)
