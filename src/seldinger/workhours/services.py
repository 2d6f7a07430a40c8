"""Writes to work hours: every change is audited.

There is no lock-out: a resident may enter, change or delete hours for any past
week (back-entry), and each such change is audited like any other.
"""

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from seldinger.accounts.models import User
from seldinger.audit.services import audited_create, audited_delete, audited_update
from seldinger.errors import ErrorItem, Invalid
from seldinger.workhours import selectors
from seldinger.workhours.models import ShiftEntry, ShiftKind, ViolationJustification
from seldinger.workhours.rules import validate

if TYPE_CHECKING:
    from seldinger.workhours.week_form import WeekShift

#: Longer single entries are almost always typing mistakes; split a real one in two.
MAX_SHIFT = dt.timedelta(hours=48)


class HoursError(Invalid):
    """A change work hours refuses, with a message for the user (400 unless ``status``)."""


def shift_record(shift: ShiftEntry) -> dict[str, Any]:
    """The audited state of a shift (times in the site's time zone)."""
    return {
        "start": timezone.localtime(shift.start).isoformat(),
        "end": timezone.localtime(shift.end).isoformat(),
        "kind": shift.kind,
        "note": shift.note,
    }


def _validate(
    resident: User,
    start: dt.datetime,
    end: dt.datetime,
    kind: str,
    *,
    exclude: int | None = None,
) -> None:
    if timezone.is_naive(start) or timezone.is_naive(end):
        raise HoursError("Start and end need a time zone.")
    if kind not in ShiftKind.values:
        raise HoursError(f"Unknown kind of shift: {kind!r}.")
    if end <= start:
        raise HoursError("A shift must end after it starts.")
    if end - start > MAX_SHIFT:
        raise HoursError("A single shift can be at most 48 hours long; enter it as two shifts.")
    clashes = selectors.shifts_between(resident, start, end)
    if exclude is not None:
        clashes = clashes.exclude(pk=exclude)
    clash = clashes.first()
    if clash is not None:
        when = timezone.localtime(clash.start)
        raise HoursError(
            f"This shift overlaps your {clash.get_kind_display().lower()} shift "
            f"from {when:%a %d %b %H:%M}."
        )
    candidate = selectors.as_rule_shift(
        ShiftEntry(resident=resident, start=start, end=end, kind=kind), resident.username
    )
    problems = validate([candidate])
    if problems:
        raise HoursError("; ".join(f"{problem.field}: {problem.reason}" for problem in problems))


@transaction.atomic
def create_shift(
    *, resident: User, start: dt.datetime, end: dt.datetime, kind: str, note: str = ""
) -> ShiftEntry:
    """Log a shift for ``resident`` (any date: back-entry is allowed and audited)."""
    if not selectors.may_log_hours(resident):
        raise HoursError("Only residents and fellows log work hours.", status=403)
    _validate(resident, start, end, kind)
    shift = ShiftEntry(resident=resident, start=start, end=end, kind=kind, note=note.strip())
    return audited_create(actor=resident, instance=shift, state=shift_record)


def _check_own(actor: User, shift: ShiftEntry) -> None:
    if shift.resident_id != actor.pk:
        raise HoursError("Only the resident whose hours they are can change a shift.", status=403)


@transaction.atomic
def update_shift(
    *,
    actor: User,
    shift: ShiftEntry,
    start: dt.datetime,
    end: dt.datetime,
    kind: str,
    note: str = "",
) -> ShiftEntry:
    _check_own(actor, shift)
    _validate(shift.resident, start, end, kind, exclude=shift.pk)
    changes = {"start": start, "end": end, "kind": kind, "note": note.strip()}
    return audited_update(actor=actor, instance=shift, changes=changes, state=shift_record)


@transaction.atomic
def delete_shift(*, actor: User, shift: ShiftEntry) -> None:
    _check_own(actor, shift)
    audited_delete(actor=actor, instance=shift, state=shift_record)


def _justification_record(item: ViolationJustification) -> dict[str, Any]:
    return {
        "rule": item.rule,
        "period_start": timezone.localtime(item.period_start).isoformat(),
        "period_end": timezone.localtime(item.period_end).isoformat(),
        "text": item.text,
    }


@transaction.atomic
def justify_violation(
    *, resident: User, rule: str, start: dt.datetime, end: dt.datetime, text: str
) -> ViolationJustification:
    """Attach (or change) the resident's justification of one of their current violations.

    Raises ``Http404`` when the resident has no such violation.
    """
    text = text.strip()
    if not text:
        raise HoursError("Say why the rule was exceeded.")
    violation = selectors.get_own_violation(resident, rule, start, end)
    item = violation.justification
    if item is None:
        item = ViolationJustification(
            resident=resident,
            rule=rule,
            period_start=violation.start,
            period_end=violation.end,
            text=text,
        )
        return audited_create(actor=resident, instance=item, state=_justification_record)
    return audited_update(
        actor=resident,
        instance=item,
        changes={"text": text},
        state=_justification_record,
        update_fields=["text", "updated_at"],
    )


class WeekError(HoursError):
    """Some shifts of a week refused: nothing of the week was saved."""


@transaction.atomic
def create_week(*, resident: User, shifts: list["WeekShift"]) -> list[ShiftEntry]:
    """Log a week's shifts at once, each as ``create_shift`` would (checked and audited);
    all or nothing. Raises WeekError naming each refused shift's day and slot."""
    if not selectors.may_log_hours(resident):
        raise HoursError("Only residents and fellows log work hours.", status=403)
    saved: list[ShiftEntry] = []
    problems: list[ErrorItem] = []
    for item in shifts:
        try:
            saved.append(
                create_shift(resident=resident, start=item.start, end=item.end, kind=item.kind)
            )
        except HoursError as error:
            problems.append(ErrorItem(item.where, f"{item.where}: {error.message}"))
    if problems:
        transaction.set_rollback(True)
        count = len(problems)
        raise WeekError(
            f"Nothing saved: {count} shift{'s' if count != 1 else ''} refused.", errors=problems
        )
    return saved
