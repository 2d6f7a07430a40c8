"""Writes: publishing a program's schedule as a new version, swap requests, and filling a
resident's work-hour log from it. Audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from seldinger.accounts.models import User
from seldinger.audit.services import audited_create, audited_update
from seldinger.errors import ErrorItem, Forbidden, Invalid
from seldinger.programs.models import Program
from seldinger.scheduling import selectors
from seldinger.scheduling.models import ScheduledShift, ScheduleVersion, SwapRequest
from seldinger.workhours import services as hours

#: The solver's statuses that hold a schedule.
PUBLISHABLE = ("optimal", "feasible")
SHIFT_KEYS = ("resident", "start", "end", "kind", "name")
MAX_PROBLEMS = 20


def _aware(text: Any) -> dt.datetime:
    moment = dt.datetime.fromisoformat(str(text))
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _read_shifts(
    output: Mapping[str, Any], usernames: Mapping[str, User]
) -> list[tuple[User, dt.datetime, dt.datetime, str, str]]:
    """The output's shifts with their residents found, or every problem (up to a limit)."""
    problems: list[ErrorItem] = []
    rows = []
    shifts = output.get("shifts")
    if not isinstance(shifts, list) or not shifts:
        raise Invalid("The schedule holds no shifts.", field="shifts")
    for index, shift in enumerate(shifts):
        where = f"shifts[{index}]"
        if not isinstance(shift, Mapping) or any(key not in shift for key in SHIFT_KEYS):
            problems.append(ErrorItem(where, f"{where}: needs {', '.join(SHIFT_KEYS)}."))
        else:
            resident = usernames.get(str(shift["resident"]))
            try:
                start, end = _aware(shift["start"]), _aware(shift["end"])
            except ValueError:
                problems.append(ErrorItem(where, f"{where}: start and end must be ISO date-times."))
                continue
            if resident is None:
                problems.append(
                    ErrorItem(
                        f"{where}.resident",
                        f"{where}.resident: {shift['resident']!r} is not a current resident "
                        "of this program (map the spec's ids to usernames).",
                    )
                )
            elif end <= start:
                problems.append(ErrorItem(where, f"{where}: ends before it starts."))
            else:
                rows.append((resident, start, end, str(shift["kind"]), str(shift["name"])[:100]))
        if len(problems) >= MAX_PROBLEMS:
            break
    if problems:
        raise Invalid(
            "The schedule cannot be published: " + "; ".join(p.message for p in problems[:5]),
            errors=problems,
        )
    return rows


def publish_schedule(
    program: Program,
    output: Any,
    actor: User,
    *,
    residents: Mapping[str, str] | None = None,
    note: str = "",
) -> ScheduleVersion:
    """Publish the solver's ``output`` as ``program``'s next schedule version.

    ``residents`` maps the spec's resident ids to usernames (an id not in it is taken as a
    username). Every resident must be a current trainee of the program; earlier versions
    are kept as history.
    """
    if not selectors.may_publish(actor, program):
        raise Forbidden("Only the program's director or coordinator publishes its schedule.")
    if not isinstance(output, Mapping):
        raise Invalid("The schedule must be a JSON object (the solver's output).")
    if output.get("status") not in PUBLISHABLE:
        raise Invalid(
            f"The schedule's status is {output.get('status')!r}: only an optimal or feasible "
            "schedule can be published.",
            field="status",
        )
    trainees = {user.username: user for user in selectors.program_residents(program)}
    mapping = dict(residents or {})
    usernames: dict[str, User] = {}
    for shift in output.get("shifts") or []:
        key = str(shift.get("resident")) if isinstance(shift, Mapping) else ""
        name = mapping.get(key, key)
        if name in trainees:
            usernames[key] = trainees[name]
    rows = _read_shifts(output, usernames)
    # Kept with the output so a resident's rotations (keyed by the spec's ids) find them.
    users = {key: user.pk for key, user in usernames.items()}
    return _new_version(program, {**output, "users": users}, rows, actor, note)


def _new_version(
    program: Program,
    output: dict[str, Any],
    rows: list[tuple[User, dt.datetime, dt.datetime, str, str]],
    actor: User,
    note: str,
) -> ScheduleVersion:
    with transaction.atomic():
        # The program's row is the lock: two publications at once take numbers in turn.
        Program.objects.select_for_update().filter(pk=program.pk).first()
        last = ScheduleVersion.objects.filter(program=program).aggregate(last=Max("number"))["last"]
        version = audited_create(
            actor=actor,
            instance=ScheduleVersion(
                program=program,
                number=(last or 0) + 1,
                output=output,
                published_by=actor,
                published_at=timezone.now(),
                note=note[:300],
            ),
        )
        ScheduledShift.objects.bulk_create(
            ScheduledShift(
                version=version, resident=user, start=start, end=end, kind=kind, name=name
            )
            for user, start, end, kind, name in rows
        )
    return version


def request_swap(
    requester: User, give: ScheduledShift, take: ScheduledShift, note: str = ""
) -> SwapRequest:
    """``requester`` asks to trade their call shift ``give`` for another resident's call
    shift ``take``, both in their program's current version; checked against every
    work-hour rule at once, the findings kept for the deciders."""
    version = give.version
    if give.resident_id != requester.pk:
        raise Forbidden("You can only offer a shift of your own.", field="give")
    if take.version_id != version.pk or selectors.current_version(version.program) != version:
        raise Invalid("Both shifts must be in the program's current schedule.", field="take")
    if not (give.is_call and take.is_call):
        raise Invalid("Only call shifts can be swapped.", field="take")
    if take.resident_id == requester.pk:
        raise Invalid("Choose another resident's call shift.", field="take")
    violations = selectors.swap_violations(give, take)
    return audited_create(
        actor=requester,
        instance=SwapRequest(
            version=version,
            requester=requester,
            partner=take.resident,
            give=give,
            take=take,
            note=note[:300],
            violations=violations,
            created_at=timezone.now(),
        ),
    )


def decide_swap(actor: User, swap: SwapRequest, *, approve: bool) -> SwapRequest:
    """The director or coordinator approves a pending swap (a new version with the two
    shifts traded) or declines it."""
    program = swap.version.program
    if not selectors.may_publish(actor, program):
        raise Forbidden("Only the program's director or coordinator decides swaps.")
    if swap.status != SwapRequest.Status.PENDING:
        raise Invalid(f"This swap is already {swap.get_status_display().lower()}.")
    result = None
    with transaction.atomic():
        if approve:
            if selectors.current_version(program) != swap.version:
                raise Invalid(
                    "A newer schedule has been published since this swap was requested: "
                    "decline it and ask for it again."
                )
            result = _swapped_version(swap, actor)
        return audited_update(
            actor=actor,
            instance=swap,
            changes={
                "status": SwapRequest.Status.APPROVED if approve else SwapRequest.Status.DECLINED,
                "decided_by": actor,
                "decided_at": timezone.now(),
                "result": result,
            },
        )


def _swapped_version(swap: SwapRequest, actor: User) -> ScheduleVersion:
    owners = {swap.give_id: swap.partner, swap.take_id: swap.requester}
    rows = [
        (owners.get(shift.pk, shift.resident), shift.start, shift.end, shift.kind, shift.name)
        for shift in swap.version.shifts.select_related("resident")
    ]
    output = dict(swap.version.output)
    output["swaps"] = [
        *output.get("swaps", []),
        {
            "give": f"{swap.requester.username} {swap.give.name} {swap.give.start.isoformat()}",
            "take": f"{swap.partner.username} {swap.take.name} {swap.take.start.isoformat()}",
        },
    ]
    give, take = timezone.localtime(swap.give.start), timezone.localtime(swap.take.start)
    note = (
        f"Swap: {swap.requester.username} and {swap.partner.username} trade "
        f"{swap.give.name} {give.day} {give:%b} and {swap.take.name} {take.day} {take:%b}."
    )
    return _new_version(swap.version.program, output, rows, actor, note)


@dataclass(frozen=True)
class Filled:
    added: int
    skipped: int


def fill_hours_from_schedule(
    resident: User, program: Program, first: dt.date, last: dt.date
) -> Filled:
    """Copy ``resident``'s published shifts from ``first`` to ``last`` into their work-hour
    log, each as a logged shift they then confirm or correct there; a shift overlapping one
    already logged is skipped (what they logged stands). Each shift logged is audited."""
    if not selectors.program_residents(program).filter(pk=resident.pk).exists():
        raise Forbidden("Only the program's residents fill their hours from its schedule.")
    version = selectors.current_version(program)
    if version is None:
        raise Invalid("No schedule is published for this program.")
    added = skipped = 0
    with transaction.atomic():
        for shift in selectors.shifts_in(version, first, last, resident):
            try:
                with transaction.atomic():
                    hours.create_shift(
                        resident=resident,
                        start=shift.start,
                        end=shift.end,
                        kind=shift.kind,
                        note=f"{shift.name} (schedule version {version.number})",
                    )
            except hours.HoursError:
                skipped += 1
            else:
                added += 1
    return Filled(added, skipped)
